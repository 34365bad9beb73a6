package importers

import (
	"encoding/json"
	"fmt"
	"html"
	"io"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// Slack reads a Slack workspace export, a zip or the folder it unpacks to:
// users.json and channels.json (with groups.json, mpims.json, dms.json for
// private channels and direct messages) at the top, and a folder per
// channel holding one JSON array of messages per day (2026-03-02.json).
//
// A thread is a conversation: a message and its replies (thread_ts),
// across days; a message nobody replied to is a conversation of one.
// Authors are resolved through users.json (or the user_profile a message
// carries). A message with a bot_id, subtype bot_message, or from a user
// marked is_bot is a bot turn. Joins, leaves, topic and purpose changes,
// pins and the other subtypes are not turns, and neither is a file shared
// without text. A comment on a file (the old file_comment subtype) is its
// commenter's turn.
//
// Who is staff: --agent-domain (a user's profile e-mail domain) or --agent
// (comma-separated names, handles, ids or e-mails); anyone else is the
// customer. Without either, guests of the workspace (is_restricted) and
// members of another organisation (a Slack Connect channel) are the
// customers and the workspace's own members staff; when no one is a
// guest, whoever began a thread is its customer. Either guess is said once
// in a warning.
type Slack struct{}

// Name implements Format.
func (Slack) Name() string { return "slack" }

// Expects implements Format.
func (Slack) Expects() string {
	return "Slack workspace export (zip or folder: users.json, channels.json, CHANNEL/YYYY-MM-DD.json); a thread is a conversation; staff by --agent-domain or --agent"
}

var (
	slackDayName  = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}\.json$`)
	slackMessage  = regexp.MustCompile(`"type"\s*:\s*"message"`)
	slackTS       = regexp.MustCompile(`"ts"\s*:\s*"\d+\.\d+"`)
	slackMetaName = map[string]bool{
		"users.json": true, "org_users.json": true, "channels.json": true, "groups.json": true,
		"mpims.json": true, "dms.json": true, "integration_logs.json": true, "canvases.json": true,
	}
)

// Detect implements Format: a day file (its name is a date, its content
// messages with a Slack "ts"), or one of the export's own lists by name and
// shape.
func (Slack) Detect(head []byte, name string) bool {
	h := strings.TrimSpace(string(head))
	switch {
	case slackDayName.MatchString(name):
		return h == "[]" || looksLikeJSONObjects(head) && slackMessage.Match(head) && slackTS.Match(head)
	case !slackMetaName[name]:
		return false
	case h == "[]" || h == "{}":
		return true
	case name == "integration_logs.json":
		return hasKey(head, "logs")
	case name == "users.json" || name == "org_users.json":
		return looksLikeJSONObjects(head) && hasKey(head, "id") && (hasKey(head, "real_name") || hasKey(head, "profile") || hasKey(head, "is_bot"))
	case name == "canvases.json":
		return looksLikeJSONObjects(head) && hasKey(head, "id")
	}
	return looksLikeJSONObjects(head) && hasKey(head, "id") && (hasKey(head, "created") || hasKey(head, "members"))
}

type slackUser struct {
	ID           string `json:"id"`
	TeamID       string `json:"team_id"`
	Name         string `json:"name"`
	RealName     string `json:"real_name"`
	Deleted      bool   `json:"deleted"`
	IsBot        bool   `json:"is_bot"`
	IsRestricted bool   `json:"is_restricted"`
	IsUltra      bool   `json:"is_ultra_restricted"`
	Profile      struct {
		RealName    string `json:"real_name"`
		DisplayName string `json:"display_name"`
		Email       string `json:"email"`
		Team        string `json:"team"`
	} `json:"profile"`
}

func (u *slackUser) display() string {
	return firstNonEmpty(u.Profile.DisplayName, u.RealName, u.Profile.RealName, u.Name, u.ID)
}

type slackMsg struct {
	Type        string          `json:"type"`
	Subtype     string          `json:"subtype"`
	TS          string          `json:"ts"`
	ThreadTS    string          `json:"thread_ts"`
	User        string          `json:"user"`
	Username    string          `json:"username"`
	BotID       string          `json:"bot_id"`
	Text        string          `json:"text"`
	UserTeam    string          `json:"user_team"`
	Team        string          `json:"team"`
	UserProfile *slackUser      `json:"-"`
	Profile     json.RawMessage `json:"user_profile"`
	BotProfile  *struct {
		Name string `json:"name"`
	} `json:"bot_profile"`
	Comment *struct {
		User    string `json:"user"`
		Comment string `json:"comment"`
	} `json:"comment"`
	Files []json.RawMessage `json:"files"`
}

// slackSkip are the subtypes that are not turns: someone joined, a
// setting changed.
func slackTurnSubtype(subtype string) bool {
	switch subtype {
	case "", "bot_message", "thread_broadcast", "file_share", "me_message", "file_comment", "message_replied":
		return true
	}
	return false
}

// A slackThread is one conversation being collected.
type slackThread struct {
	key   string
	src   *Source
	line  int
	posts []slackPost
}

type slackPost struct {
	msg  transcript.Message
	user string // Slack user id, "" for a bot
}

type slackDecoder struct {
	srcs     []*Source
	users    map[string]*slackUser
	home     string // the workspace's own team id
	skipped  int    // events that are not turns
	fileOnly int
	guessed  string // which guess decided staff, when no flag did
}

// Decode implements Format: one day file on its own.
func (Slack) Decode(src *Source) error {
	d := &slackDecoder{srcs: []*Source{src}, users: map[string]*slackUser{}}
	err := d.channel(src, []*Source{src}, func(*Source) (io.ReadCloser, error) { return io.NopCloser(src.R), nil })
	d.finish(src)
	return err
}

// DecodeGroup implements GroupFormat: the export's lists first, then each
// channel's days, emitted a channel at a time.
func (Slack) DecodeGroup(srcs []*Source) error {
	d := &slackDecoder{srcs: srcs, users: map[string]*slackUser{}}
	var days []*Source
	for _, src := range srcs {
		switch base := filepath.Base(src.Name); {
		case base == "users.json" || base == "org_users.json":
			if err := d.readUsers(src); err != nil {
				return err
			}
		case slackDayName.MatchString(base):
			days = append(days, src)
		}
	}
	d.home = d.homeTeam()
	open := func(s *Source) (io.ReadCloser, error) { return s.Open() }
	for i := 0; i < len(days); {
		j := i + 1
		for j < len(days) && filepath.Dir(days[j].Name) == filepath.Dir(days[i].Name) {
			j++
		}
		if err := d.channel(days[i], days[i:j], open); err != nil {
			return err
		}
		i = j
	}
	if len(days) == 0 {
		srcs[0].warn(Warning{File: exportName(srcs), Message: "a Slack export without any channel day files (CHANNEL/YYYY-MM-DD.json): nothing to import"})
	}
	d.finish(srcs[0])
	return nil
}

func (d *slackDecoder) finish(first *Source) {
	name := exportName(d.srcs)
	if d.skipped > 0 {
		first.warn(Warning{File: name, Message: fmt.Sprintf("skipped %d Slack event(s) that are not turns (joins, leaves, topic changes, pins, ...)", d.skipped)})
	}
	if d.fileOnly > 0 {
		first.warn(Warning{File: name, Message: fmt.Sprintf("skipped %d message(s) with no text (a file shared alone)", d.fileOnly)})
	}
	if d.guessed != "" {
		first.warn(Warning{File: name, Message: d.guessed + "; pass --agent-domain with your staff's e-mail domain, or --agent NAME,NAME, to say who is staff"})
	}
}

func (d *slackDecoder) readUsers(src *Source) error {
	rc, err := src.Open()
	if err != nil {
		return err
	}
	defer rc.Close()
	var users []slackUser
	if err := json.NewDecoder(rc).Decode(&users); err != nil {
		return src.fail(fmt.Errorf("not a Slack users list: %v", err))
	}
	for i := range users {
		d.users[users[i].ID] = &users[i]
	}
	return nil
}

// homeTeam is the team most users belong to: the workspace that exported.
func (d *slackDecoder) homeTeam() string {
	count := map[string]int{}
	for _, u := range d.users {
		if t := firstNonEmpty(u.TeamID, u.Profile.Team); t != "" {
			count[t]++
		}
	}
	best := ""
	for t, n := range count {
		if n > count[best] || n == count[best] && t < best {
			best = t
		}
	}
	return best
}

// channel reads one channel's day files and emits its threads in the
// order they began.
func (d *slackDecoder) channel(first *Source, days []*Source, open func(*Source) (io.ReadCloser, error)) error {
	name := filepath.Base(filepath.Dir(first.Name))
	if name == "." || name == "/" || strings.HasSuffix(name, ".zip") {
		name = strings.TrimSuffix(filepath.Base(first.Name), ".json")
	}
	threads := map[string]*slackThread{}
	var order []*slackThread
	for _, src := range days {
		rc, err := open(src)
		if err != nil {
			return err
		}
		held := src.R
		src.R = rc
		err = EachJSONRecord(src, nil, func(raw json.RawMessage, line int) error {
			var m slackMsg
			if !DecodeRecord(src, raw, line, &m) {
				return nil
			}
			d.add(src, line, &m, name, threads, &order)
			return nil
		})
		rc.Close()
		src.R = held
		if err != nil {
			return src.fail(err)
		}
	}
	sort.SliceStable(order, func(i, j int) bool { return slackLess(order[i].key, order[j].key) })
	for _, t := range order {
		c := d.conversation(name, t)
		if err := t.src.Emit(c); err != nil {
			return err
		}
	}
	return nil
}

// slackLess orders Slack timestamps ("1772784000.000200") numerically.
func slackLess(a, b string) bool {
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

func (d *slackDecoder) add(src *Source, line int, m *slackMsg, channel string, threads map[string]*slackThread, order *[]*slackThread) {
	if m.Type != "message" && m.Type != "" {
		d.skipped++
		return
	}
	if !slackTurnSubtype(m.Subtype) {
		d.skipped++
		return
	}
	if m.TS == "" {
		src.Reject(line, `message has no "ts"`)
		return
	}
	at, err := src.Times.Parse(m.TS)
	if err != nil {
		src.Reject(line, "message %s: %v", m.TS, err)
		return
	}
	text, user := m.Text, m.User
	if m.Subtype == "file_comment" && m.Comment != nil {
		text, user = m.Comment.Comment, firstNonEmpty(m.Comment.User, user)
	}
	text = d.plain(text)
	if text == "" {
		if len(m.Files) > 0 {
			d.fileOnly++
		}
		return
	}
	if m.Profile != nil && user != "" && d.users[user] == nil {
		var p struct {
			RealName    string `json:"real_name"`
			DisplayName string `json:"display_name"`
			Name        string `json:"name"`
			Team        string `json:"team"`
		}
		if json.Unmarshal(m.Profile, &p) == nil {
			u := &slackUser{ID: user, Name: p.Name, RealName: p.RealName, TeamID: p.Team}
			u.Profile.DisplayName = p.DisplayName
			d.users[user] = u
		}
	}
	post := slackPost{msg: transcript.Message{Text: text, At: at}, user: user}
	u := d.users[user]
	switch {
	case m.BotID != "" || m.Subtype == "bot_message" || u != nil && u.IsBot:
		post.msg.Role, post.user = transcript.Bot, ""
		post.msg.Author = firstNonEmpty(m.Username, botName(m), displayOf(u), m.BotID)
	case user == "":
		src.Reject(line, "message %s: no \"user\" and no bot_id", m.TS)
		return
	default:
		post.msg.Author = firstNonEmpty(displayOf(u), user)
	}
	key := firstNonEmpty(m.ThreadTS, m.TS)
	t := threads[key]
	if t == nil {
		t = &slackThread{key: key, src: src, line: line}
		threads[key] = t
		*order = append(*order, t)
	}
	t.posts = append(t.posts, post)
}

func botName(m *slackMsg) string {
	if m.BotProfile != nil {
		return m.BotProfile.Name
	}
	return ""
}

func displayOf(u *slackUser) string {
	if u == nil {
		return ""
	}
	return u.display()
}

func (d *slackDecoder) conversation(channel string, t *slackThread) *transcript.Conversation {
	c := &transcript.Conversation{
		ID:      channel + "/" + t.key,
		Channel: transcript.Chat,
		Source:  transcript.Location{File: t.src.Name, Line: t.line},
		Meta:    map[string]string{"platform": "slack", "slack_channel": channel},
	}
	starter := ""
	for _, p := range t.posts {
		if p.user != "" {
			starter = p.user
			break
		}
	}
	for _, p := range t.posts {
		m := p.msg
		if p.user != "" {
			m.Role = d.role(p.user, starter)
		}
		switch {
		case m.Role == transcript.Agent && c.Agent == "":
			c.Agent = m.Author
		case m.Role == transcript.Customer && c.Customer == "":
			c.Customer = m.Author
		}
		c.Messages = append(c.Messages, m)
	}
	return c
}

// role decides whether a person is staff (see Slack).
func (d *slackDecoder) role(id, starter string) transcript.Role {
	opts := d.srcs[0].Opts
	u := d.users[id]
	if u == nil {
		u = &slackUser{ID: id}
	}
	if len(opts.AgentDomains) > 0 || strings.TrimSpace(opts.Agent) != "" {
		if _, domain, ok := strings.Cut(strings.ToLower(u.Profile.Email), "@"); ok {
			for _, ad := range opts.AgentDomains {
				if strings.EqualFold(strings.TrimPrefix(ad, "@"), domain) {
					return transcript.Agent
				}
			}
		}
		for _, name := range strings.Split(opts.Agent, ",") {
			name = strings.TrimPrefix(strings.TrimSpace(name), "@")
			if name != "" && (strings.EqualFold(name, u.ID) || strings.EqualFold(name, u.Name) || strings.EqualFold(name, u.RealName) ||
				strings.EqualFold(name, u.Profile.DisplayName) || strings.EqualFold(name, u.Profile.RealName) || strings.EqualFold(name, u.Profile.Email)) {
				return transcript.Agent
			}
		}
		return transcript.Customer
	}
	if d.hasOutsiders() {
		d.guessed = "no --agent-domain or --agent given: guests and members of other organisations are read as customers, the workspace's own members as staff"
		if u.IsRestricted || u.IsUltra || d.home != "" && firstNonEmpty(u.TeamID, u.Profile.Team) != "" && firstNonEmpty(u.TeamID, u.Profile.Team) != d.home {
			return transcript.Customer
		}
		return transcript.Agent
	}
	d.guessed = "no --agent-domain or --agent given and everyone is a member of the workspace: whoever began each thread is read as its customer, everyone who replied as staff"
	if id == starter {
		return transcript.Customer
	}
	return transcript.Agent
}

// hasOutsiders reports whether users.json has guests or another team's
// members, which tell staff from customers in a shared channel.
func (d *slackDecoder) hasOutsiders() bool {
	for _, u := range d.users {
		team := firstNonEmpty(u.TeamID, u.Profile.Team)
		if !u.IsBot && (u.IsRestricted || u.IsUltra || d.home != "" && team != "" && team != d.home) {
			return true
		}
	}
	return false
}

// slackMarkup matches Slack's <...> markup: mentions, channels, links.
var slackMarkup = regexp.MustCompile(`<([@#!]?)([^<>|]*)(?:\|([^<>]*))?>`)

// plain turns Slack mrkdwn into the text people read: <@U123> as @name,
// <#C1|general> as #general, <url|label> as label, entities decoded.
func (d *slackDecoder) plain(s string) string {
	s = slackMarkup.ReplaceAllStringFunc(s, func(tag string) string {
		g := slackMarkup.FindStringSubmatch(tag)
		kind, target, label := g[1], g[2], g[3]
		switch kind {
		case "@":
			if label == "" {
				label = displayOf(d.users[target])
			}
			return "@" + firstNonEmpty(label, target)
		case "#":
			return "#" + firstNonEmpty(label, target)
		case "!":
			return "@" + firstNonEmpty(label, strings.SplitN(target, "^", 2)[0])
		}
		return firstNonEmpty(label, strings.TrimPrefix(target, "mailto:"))
	})
	return strings.TrimSpace(html.UnescapeString(s))
}

// exportName names an export by the folder its files share.
func exportName(srcs []*Source) string {
	name, _, _ := strings.Cut(mailboxName(srcs), " (") // without its count of e-mail files
	return name
}
