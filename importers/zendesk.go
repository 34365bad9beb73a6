package importers

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// Zendesk reads three Zendesk Support shapes:
//
//   - the ticket comments of one ticket, as GET /api/v2/tickets/{id}/comments
//     returns them: {"comments": [...], "users": [...], "next_page", "count"},
//     the users side-loaded with ?include=users. A bare array of comments is
//     read too, and so are the ticket's audits (GET /tickets/{id}/audits,
//     {"audits": [{"events": [...]}]}), whose comment events are its
//     comments. The comments carry no ticket id, so it is taken from the file
//     name: the first run of digits ("ticket-1234-comments.json" is ticket
//     1234), or the whole name when it has none.
//   - the incremental ticket event export with comment events
//     ({"ticket_events": [...]}, see zendeskevents.go);
//   - tickets with their comments (ticket objects with a "comments" list),
//     as a JSON array, {"tickets": [...]} or JSON Lines (the incremental and
//     full JSON exports write one ticket a line).
//
// In a comments file, roles come from the side-loaded users when there are
// any (end-user is the customer, agent and admin are agents). Without them,
// --agent-name names the agent (a user id or name) and every other author is the
// customer; failing that, the author of the first comment (the ticket's
// description, nearly always the requester) is the customer and every other
// author an agent, and a warning says so. In the tickets export the ticket's
// requester is the customer and every other author an agent (users
// side-loaded at the end of an export page are not read: that would take a
// second pass over a large file). Author -1 is Zendesk's own system user.
type Zendesk struct{}

// Name implements Format.
func (Zendesk) Name() string { return "zendesk" }

// Expects implements Format.
func (Zendesk) Expects() string {
	return `Zendesk ticket comments {"comments":[{"author_id","plain_body","public"}],"users":[...]} or audits {"audits":[{"events":[...]}]}, ticket events {"ticket_events":[...]}, or tickets with "comments" (array, {"tickets":[...]} or JSON Lines)`
}

// Detect implements Format: comments have "author_id" with "plain_body",
// "html_body" or "public"; tickets have "requester_id" and "via", or
// "requester_id" and their "comments" (an export without "via", whose
// tickets were otherwise read as comments and every one rejected).
func (Zendesk) Detect(head []byte, _ string) bool {
	if !looksLikeJSONObjects(head) || (Native{}).Detect(head, "") {
		return false
	}
	if zendeskIsTickets(head) || zendeskIsTicketEvents(head) {
		return true
	}
	return hasKey(head, "author_id") && (hasKey(head, "plain_body") || hasKey(head, "html_body") || hasKey(head, "public"))
}

func zendeskIsTickets(head []byte) bool {
	return hasKey(head, "requester_id") && (hasKey(head, "via") || hasKey(head, "comments")) && !hasKey(head, "responder_id")
}

type zendeskUser struct {
	ID    flexString `json:"id"`
	Name  string     `json:"name"`
	Email string     `json:"email"`
	Role  string     `json:"role"`
}

type zendeskVia struct {
	Channel flexString `json:"channel"`
}

type zendeskComment struct {
	ID        flexString `json:"id"`
	Type      string     `json:"type"`
	AuthorID  flexString `json:"author_id"`
	Body      string     `json:"body"`
	HTMLBody  string     `json:"html_body"`
	PlainBody string     `json:"plain_body"`
	Public    *bool      `json:"public"`
	CreatedAt flexString `json:"created_at"`
	Via       zendeskVia `json:"via"`
	Data      struct {
		TranscriptionText string `json:"transcription_text"`
	} `json:"data"`
	// An audit (GET /tickets/{id}/audits) has the ticket's id and events,
	// some of them comments, which take the audit's time.
	TicketID flexString       `json:"ticket_id"`
	Events   []zendeskComment `json:"events"`
}

type zendeskTicket struct {
	ID          flexString       `json:"id"`
	Subject     string           `json:"subject"`
	Description string           `json:"description"`
	Status      string           `json:"status"`
	Priority    string           `json:"priority"`
	RequesterID flexString       `json:"requester_id"`
	SubmitterID flexString       `json:"submitter_id"`
	AssigneeID  flexString       `json:"assignee_id"`
	GroupID     flexString       `json:"group_id"`
	Tags        []string         `json:"tags"`
	Via         zendeskVia       `json:"via"`
	CreatedAt   flexString       `json:"created_at"`
	Comments    []zendeskComment `json:"comments"`
	Rating      json.RawMessage  `json:"satisfaction_rating"`
	// Ticket is set when the record is GET /tickets/{id}'s {"ticket": {...}}.
	Ticket *zendeskTicket `json:"ticket"`
}

// Decode implements Format.
func (z Zendesk) Decode(src *Source) error {
	br, ok := src.R.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(src.R, HeadSize)
		src.R = br
	}
	head, _ := br.Peek(HeadSize)
	switch {
	case zendeskIsTicketEvents(head): // before tickets: its events name ticket fields
		return z.decodeTicketEvents(src)
	case zendeskIsTickets(head):
		return z.decodeTickets(src)
	}
	return z.decodeComments(src, head)
}

// decodeTickets streams tickets one at a time.
func (Zendesk) decodeTickets(src *Source) error {
	// A wrapper object ({"tickets": [...], "users": [...]}) may side-load
	// the users, before or after the tickets: a first pass collects them so
	// that agents and customers are named, not numbered.
	var users map[string]zendeskUser
	br, ok := src.R.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(src.R, HeadSize)
		src.R = br
	}
	head, _ := br.Peek(HeadSize)
	if trimmed := bytes.TrimLeft(head, " \t\r\n"); len(trimmed) > 0 && trimmed[0] == '{' && (!isJSONLines(trimmed) || hasKey(head, "users")) {
		// One object, or pages of them as JSON Lines that carry users (a
		// JSON Lines file of bare tickets has none, and its bad lines would
		// be rejected twice).
		var err error
		if users, err = zendeskUsers(src); err != nil {
			return err
		}
		r, err := src.Reopen()
		if err != nil {
			return err
		}
		src.R = r
	}
	unresolved := map[string]bool{}
	name := func(id string) string {
		if id == "" || id == "-1" {
			return id
		}
		if u, ok := users[id]; ok {
			return firstNonEmpty(u.Name, u.Email, id)
		}
		unresolved[id] = true
		return id
	}
	empty := 0
	err := EachJSONRecord(src, []string{"tickets", "results"}, func(raw json.RawMessage, line int) error {
		var t zendeskTicket
		if !DecodeRecord(src, raw, line, &t) {
			return nil
		}
		if t.ID == "" && t.Ticket != nil {
			t = *t.Ticket
		}
		if t.ID == "" {
			src.Reject(line, `ticket has no "id"`)
			return nil
		}
		roles := zendeskRoles{users: users, requester: string(t.RequesterID), fromTicket: t.RequesterID != "", agent: src.Opts.Agent, opts: src.Opts}
		c := &transcript.Conversation{
			ID:      string(t.ID),
			Channel: zendeskChannel(string(t.Via.Channel)),
			// Authors are user ids in this shape, named from the users
			// list when the export carries one.
			Agent:    name(string(t.AssigneeID)),
			Customer: name(string(t.RequesterID)),
			Team:     string(t.GroupID),
			Source:   transcript.Location{File: src.Name, Line: line},
			Meta:     map[string]string{"platform": "zendesk"},
		}
		setMeta(c, "status", t.Status)
		setMeta(c, "priority", t.Priority)
		setMeta(c, "tags", strings.Join(t.Tags, ","))
		setMeta(c, "subject", t.Subject)
		if s := zendeskScore(t.Rating); s != "unoffered" && s != "offered" {
			setMeta(c, "csat", s)
		}
		for _, zc := range t.Comments {
			if id := string(zc.AuthorID); id != "-1" && users[id].ID == "" {
				unresolved[id] = true
			}
			m, ok, err := zc.message(src, &roles)
			switch {
			case err != nil:
				src.RejectIn(string(t.ID), line, "ticket %s, comment %s: %v", t.ID, zc.ID, err)
			case !ok:
				empty++
			default:
				c.Messages = append(c.Messages, m)
			}
		}
		if len(t.Comments) == 0 && strings.TrimSpace(t.Description) != "" {
			// Without comments, the description is the requester's first message.
			at, _ := src.Times.Parse(string(t.CreatedAt))
			first := transcript.Message{Role: transcript.Customer, Author: name(string(t.RequesterID)), Text: t.Description, At: at}
			if t.SubmitterID != "" && t.SubmitterID != t.RequesterID && t.SubmitterID != "-1" {
				// An agent opened the ticket for the requester (a call
				// logged, an outbound e-mail): the description is theirs.
				first.Role, first.Author = transcript.Agent, name(string(t.SubmitterID))
			}
			c.Messages = append(c.Messages, first)
		}
		return src.Emit(c)
	})
	warnEmpty(src, empty, "comment")
	if err == nil && len(unresolved) > 0 {
		ids := slices.Sorted(maps.Keys(unresolved))
		shown := strings.Join(ids[:min(len(ids), 5)], ", ")
		if len(users) == 0 {
			src.Warn("no users list: agents and customers are shown by user id (%s); export with the users side-loaded (?include=users)", shown)
		} else {
			src.Warn("%d user ids are not in the export's users list and are shown as ids (%s)", len(ids), shown)
		}
	}
	return err
}

// decodeComments reads one ticket's comments. The side-loaded users may
// come after the comments, so a first pass collects them from every page
// (a comments file holds one ticket, so what that pass buffers is small)
// and a second pass streams the comments with their lines.
func (z Zendesk) decodeComments(src *Source, head []byte) error {
	roles := zendeskRoles{agent: src.Opts.Agent, opts: src.Opts}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '{' { // an object, or pages of one as JSON Lines
		users, err := zendeskUsers(src)
		if err != nil {
			return err
		}
		roles.users = users
		r, err := src.Reopen()
		if err != nil {
			return err
		}
		src.R = r
	}
	id := ticketIDFromName(src.Name)
	c := &transcript.Conversation{
		ID:     id,
		Source: transcript.Location{File: src.Name, Line: 1},
		Meta:   map[string]string{"platform": "zendesk"},
	}
	empty := 0
	comment := func(zc *zendeskComment, line int) {
		if roles.requester == "" && zc.AuthorID != "-1" {
			roles.requester = string(zc.AuthorID)
		}
		if c.Channel == "" {
			c.Channel = zendeskChannel(string(zc.Via.Channel))
		}
		m, ok, err := zc.message(src, &roles)
		switch {
		case err != nil:
			src.Reject(line, "comment %s: %v", zc.ID, err)
		case !ok:
			empty++
		default:
			c.Messages = append(c.Messages, m)
		}
	}
	err := EachJSONRecord(src, []string{"comments", "audits"}, func(raw json.RawMessage, line int) error {
		var zc zendeskComment
		if !DecodeRecord(src, raw, line, &zc) {
			return nil
		}
		if zc.Events != nil { // an audit: its comment events are the comments
			if zc.TicketID != "" && c.ID == id {
				c.ID = string(zc.TicketID)
			}
			for i := range zc.Events {
				e := &zc.Events[i]
				if e.Type != "Comment" && e.Type != "VoiceComment" {
					continue // a field change, notification, ...
				}
				e.CreatedAt = cmp.Or(e.CreatedAt, zc.CreatedAt)
				e.Via.Channel = cmp.Or(e.Via.Channel, zc.Via.Channel)
				comment(e, line)
			}
			return nil
		}
		if zc.AuthorID == "" && zc.Body == "" && zc.PlainBody == "" && zc.HTMLBody == "" {
			src.Reject(line, `not a zendesk comment: no "author_id" and no body`)
			return nil
		}
		comment(&zc, line)
		return nil
	})
	if err != nil {
		return err
	}
	warnEmpty(src, empty, "comment")
	if len(roles.users) == 0 && roles.agent == "" && len(c.Messages) > 0 {
		src.Warn("no side-loaded users: took the first comment's author (%s) as the customer and every other author as an agent; export with ?include=users or name the agent with --agent-name", roles.requester)
	}
	if roles.agent != "" && !roles.agentSeen && len(roles.users) == 0 {
		src.Warn("--agent-name %q matched no comment author; every author was taken as the customer", roles.agent)
	}
	return src.Emit(c)
}

// zendeskUsers collects the side-loaded "users" of a comments file.
func zendeskUsers(src *Source) (map[string]zendeskUser, error) {
	users := map[string]zendeskUser{}
	err := EachJSONRecord(src, []string{"users"}, func(raw json.RawMessage, line int) error {
		var probe struct {
			Comments    json.RawMessage `json:"comments"`
			AuthorID    json.RawMessage `json:"author_id"`
			RequesterID json.RawMessage `json:"requester_id"`
			Tickets     json.RawMessage `json:"tickets"`
		}
		if json.Unmarshal(raw, &probe) == nil && (probe.Comments != nil || probe.AuthorID != nil || probe.RequesterID != nil || probe.Tickets != nil) {
			return nil // the file has no "users" list: this is the whole object
		}
		var u zendeskUser
		if !DecodeRecord(src, raw, line, &u) {
			return nil
		}
		if u.ID != "" {
			users[string(u.ID)] = u
		}
		return nil
	})
	return users, err
}

// zendeskRoles decides who wrote a comment.
type zendeskRoles struct {
	users      map[string]zendeskUser
	requester  string // the ticket's requester, or the first comment's author
	fromTicket bool   // requester is the ticket's, not a guess
	agent      string // --agent: a user id or name
	agentSeen  bool
	opts       *Options
}

var zendeskRoleTable = map[string]transcript.Role{
	"end-user": transcript.Customer,
	"agent":    transcript.Agent,
	"admin":    transcript.Agent,
}

// role returns the role and display name of author id.
func (r *zendeskRoles) role(id string) (transcript.Role, string, error) {
	if id == "-1" {
		return transcript.System, "Zendesk", nil
	}
	u, known := r.users[id]
	name := id
	if known {
		name = firstNonEmpty(u.Name, u.Email, id)
	}
	if known && u.Role != "" {
		role, ok := helpdeskRole(r.opts, u.Role, zendeskRoleTable)
		if !ok {
			return "", "", fmt.Errorf("user %s has unknown role %q (map it with --role-map)", id, u.Role)
		}
		return role, name, nil
	}
	switch {
	case r.fromTicket:
		// The ticket names its requester: trust it over --agent-name, since a
		// ticket may have several agents.
		if id == r.requester {
			return transcript.Customer, name, nil
		}
		return transcript.Agent, name, nil
	case r.agent != "":
		if strings.EqualFold(id, r.agent) || strings.EqualFold(name, r.agent) {
			r.agentSeen = true
			return transcript.Agent, name, nil
		}
		return transcript.Customer, name, nil
	case id == r.requester:
		return transcript.Customer, name, nil
	}
	return transcript.Agent, name, nil
}

// message turns a comment into a message; ok is false for a comment with
// no text (an attachment alone).
func (zc *zendeskComment) message(src *Source, roles *zendeskRoles) (m transcript.Message, ok bool, err error) {
	m.Role, m.Author, err = roles.role(string(zc.AuthorID))
	if err != nil {
		return m, false, err
	}
	if m.At, err = src.Times.Parse(string(zc.CreatedAt)); err != nil {
		return m, false, err
	}
	m.Internal = zc.Public != nil && !*zc.Public
	switch {
	case strings.TrimSpace(zc.PlainBody) != "":
		m.Text = zc.PlainBody
	case strings.TrimSpace(zc.Body) != "":
		m.Text = zc.Body
	case strings.TrimSpace(zc.HTMLBody) != "":
		m.Text = HTMLToText(zc.HTMLBody)
	default:
		m.Text = zc.Data.TranscriptionText // a voice comment's transcript
	}
	return m, strings.TrimSpace(m.Text) != "", nil
}

// zendeskScore reads satisfaction_rating: the API's {"score": "good"}, or
// the bare score some exports write.
func zendeskScore(raw json.RawMessage) string {
	var rating struct {
		Score flexString `json:"score"`
	}
	if len(raw) > 0 && raw[0] == '{' && json.Unmarshal(raw, &rating) == nil {
		return string(rating.Score)
	}
	var score flexString
	if json.Unmarshal(raw, &score) == nil {
		return string(score)
	}
	return ""
}

// zendeskChannel maps via.channel to a channel; none ("") when the export
// names none, so that --default-channel applies.
func zendeskChannel(via string) transcript.Channel {
	switch strings.ToLower(strings.TrimSpace(via)) {
	case "":
		return ""
	case "web", "email", "mail":
		return transcript.Email
	case "chat", "native_messaging", "messaging", "chat_transcript", "mobile_sdk", "sdk":
		return transcript.Chat
	case "voice", "voicemail", "phone", "phone_call_inbound", "phone_call_outbound":
		return transcript.Call
	case "twitter", "facebook", "instagram_dm", "twitter_dm", "facebook_message", "facebook_post":
		return transcript.Social
	case "sms", "text":
		return transcript.SMS
	case "whatsapp", "line", "wechat", "telegram":
		return transcript.Chat
	}
	if ch, ok := transcript.ParseChannel(via); ok {
		return ch
	}
	return transcript.Other
}

var firstDigits = regexp.MustCompile(`[0-9]+`)

// ticketIDFromName takes a ticket id from a file name:
// "ticket-1234-comments.json" gives "1234".
func ticketIDFromName(path string) string {
	base := strings.TrimSuffix(filepath.Base(path), ".gz")
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if d := firstDigits.FindString(base); d != "" {
		return d
	}
	return base
}

// The helpers below are shared by the helpdesk importers (Zendesk,
// Intercom, Freshdesk).

// flexString is a JSON string, number or null read as text: ids and times
// are numbers in some exports and strings in others.
type flexString string

// UnmarshalJSON implements json.Unmarshaler.
func (f *flexString) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && (b[0] == 't' || b[0] == 'f') {
		*f = flexString(b) // true/false
		return nil
	}
	s, err := scalarString(b)
	if err != nil {
		return err
	}
	*f = flexString(s)
	return nil
}

// helpdeskRole maps a platform's role or author type: --role-map first,
// then the platform's own table, then iqa's synonyms.
func helpdeskRole(opts *Options, value string, table map[string]transcript.Role) (transcript.Role, bool) {
	v := strings.TrimSpace(value)
	for k, r := range opts.RoleMap {
		if strings.EqualFold(k, v) {
			return r, true
		}
	}
	if r, ok := table[strings.ToLower(v)]; ok {
		return r, true
	}
	return transcript.ParseRole(v)
}

// hasKey reports whether head has "key" followed by a colon.
func hasKey(head []byte, key string) bool {
	k := []byte(`"` + key + `"`)
	for rest := head; ; {
		i := bytes.Index(rest, k)
		if i < 0 {
			return false
		}
		rest = rest[i+len(k):]
		if after := bytes.TrimLeft(rest, " \t\r\n"); len(after) > 0 && after[0] == ':' {
			return true
		}
	}
}

// looksLikeJSONObjects reports whether head starts an object or an array
// of objects.
func looksLikeJSONObjects(head []byte) bool {
	h := bytes.TrimLeft(head, " \t\r\n")
	if len(h) > 0 && h[0] == '[' {
		h = bytes.TrimLeft(h[1:], " \t\r\n")
	}
	return len(h) > 0 && h[0] == '{'
}

// warnEmpty says how many messages were skipped for having no text, so
// none is dropped silently.
func warnEmpty(src *Source, n int, what string) {
	switch {
	case n == 1:
		src.Warn("skipped 1 %s with no text (an attachment alone, or empty)", what)
	case n > 1:
		src.Warn("skipped %d %ss with no text (attachments alone, or empty)", n, what)
	}
}
