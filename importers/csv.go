package importers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/iqa-cli/iqa/transcript"
)

// Csv reads the most common export of all: a CSV file with a header row and
// one row per message. Columns are found by name (see fieldSynonyms) or
// named with --col; rows of one conversation need not be adjacent.
type Csv struct{}

// Name implements Format.
func (Csv) Name() string { return "csv" }

// Expects implements Format.
func (Csv) Expects() string {
	return "CSV (comma, semicolon, tab or pipe) with a header row and one row per message: a text column, " +
		"and conversation id, timestamp, role, author, channel, agent, team and customer columns found by name " +
		"(name others with --col FIELD=HEADER)"
}

// A field is what a column (or a JSON record's key) can hold.
type field int

const (
	fConversation field = iota
	fTime
	fDate
	fRole
	fAuthor
	fText
	fChannel
	fAgent
	fTeam
	fCustomer
	fInternal
	fPublic
	fFromAgent
	numFields
)

// fieldNames are the names --col takes, in field order.
var fieldNames = [numFields]string{
	"conversation_id", "timestamp", "date", "role", "author", "text",
	"channel", "agent", "team", "customer", "internal", "public", "from_agent",
}

// fieldSynonyms are the header names each field is found under, compared
// after normKey (lower case, letters and digits only), most telling first.
// No name appears under two fields (TestFieldSynonymsDisjoint), so one column
// never feeds two fields. Note "agent" and "customer" are the conversation's
// agent and customer; the writer of one message is "author".
var fieldSynonyms = [numFields][]string{
	fConversation: {"conversationid", "conversation", "conversationuuid", "ticketid", "ticket", "ticketnumber",
		"chatid", "chat", "chatuuid", "threadid", "thread", "caseid", "case", "casenumber", "sessionid", "session",
		"interactionid", "interaction", "callid", "transcriptid", "dialogid", "dialogueid", "conversationsourceid"},
	fTime: {"timestamp", "createdat", "time", "at", "datetime", "sentat", "created", "createdtime", "createdon",
		"messagetime", "messagetimestamp", "postedat", "sent", "senttime", "ts", "sendtime", "creationdate", "sentdatetime", "timestamputc", "createdatutc", "createdutc", "dateutc",
		"timeutc", "datetimeutc", "received", "receivedat"},
	// A date column on its own; when there is also a time column holding
	// only a clock ("Date" and "Time", as some exports split them), the
	// two are read together.
	fDate: {"date", "createddate", "messagedate", "sentdate", "day"},
	fRole: {"role", "sendertype", "authortype", "fromtype", "speakerrole", "usertype", "authorrole", "senderrole",
		"participanttype", "participantrole", "speakertype", "actortype", "actorrole", "direction", "type"},
	fAuthor: {"author", "sender", "from", "speaker", "authorname", "sendername", "fromname", "speakername",
		"participant", "participantname", "displayname", "name", "user", "username", "sentby", "authoremail",
		"senderemail", "fromemail", "authorid", "senderid", "userid", "actorname", "actor", "actoremail", "actorid", "authordisplayname"},
	fText: {"text", "message", "body", "content", "comment", "utterance", "transcript", "messagetext",
		"messagebody", "messagecontent", "plainbody", "commentbody", "chatmessage", "msg", "htmlbody", "bodyhtml",
		"messagehtml"},
	fChannel: {"channel", "channeltype", "channelname", "medium", "via"},
	fAgent: {"agent", "agentname", "assignee", "assigneename", "assignedto", "assignedagent", "owner", "ownername",
		"operator", "operatorname", "handledby", "agentemail", "assigneeemail", "agentid", "assigneeid"},
	fTeam:     {"team", "teamname", "group", "groupname", "department", "departmentname", "queue", "queuename", "inbox"},
	fCustomer: {"customer", "customername", "requester", "requestername", "visitor", "visitorname", "client", "clientname", "contact", "contactname", "enduser", "customeremail", "requesteremail", "visitoremail", "contactemail"},
	fInternal: {"internal", "isinternal", "private", "isprivate", "internalnote", "isnote"},
	fPublic:   {"public", "ispublic"},
	// A yes/no "was this written by the agent" (Gorgias's from_agent),
	// read when there is no role.
	fFromAgent: {"fromagent", "isagent", "isfromagent", "sentbyagent", "byagent", "isoperator", "fromoperator"},
}

// textWords find a text column whose name is not a synonym ("Visitor
// Message", "Comment (plain)"): a header with one of these as a word and
// none of notTextWords ("Message ID", "Comment count").
var (
	textWords    = []string{"text", "message", "body", "content", "comment", "transcript", "utterance"}
	notTextWords = []string{"id", "ids", "count", "number", "no", "type", "length", "date", "time", "at", "url", "link", "status", "format"}
)

// metaKeys are the other columns worth keeping on the conversation's Meta.
var metaKeys = map[string]bool{
	"status": true, "state": true, "csat": true, "csatscore": true, "csatrating": true, "rating": true,
	"ratingcomment": true, "satisfaction": true, "satisfactionrating": true, "satisfactionscore": true,
	"nps": true, "tags": true, "tag": true, "labels": true, "label": true, "priority": true, "subject": true,
	"title": true, "category": true, "language": true, "locale": true, "resolution": true, "topic": true,
	"reason": true, "disposition": true, "outcome": true, "brand": true, "product": true, "country": true,
	"sentiment": true, "source": true, "platform": true,
}

// synonymOf finds a normalized header's field and its rank in the field's
// synonym list.
var synonymOf = func() map[string]struct{ field, rank int } {
	m := map[string]struct{ field, rank int }{}
	for f, names := range fieldSynonyms {
		for rank, n := range names {
			m[n] = struct{ field, rank int }{f, rank}
		}
	}
	return m
}()

// normKey reduces a header to lower-case letters and digits, so that
// "Created At", "created_at" and "createdAt" compare equal.
func normKey(s string) string {
	var b strings.Builder
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

// metaName is how a column is named in Meta: "Satisfaction Rating" gives
// "satisfaction_rating".
func metaName(s string) string {
	words := strings.FieldsFunc(strings.ToLower(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	return strings.Join(words, "_")
}

// overrideField maps a --col field name (or a plain alias of one) to a field.
func overrideField(name string) (field, bool) {
	switch normKey(name) {
	case "id", "conversationid", "conversation":
		return fConversation, true
	case "timestamp", "time", "at":
		return fTime, true
	}
	for f, n := range fieldNames {
		if normKey(n) == normKey(name) {
			return field(f), true
		}
	}
	return 0, false
}

// columns says which column holds each field (-1 for none) and which
// columns go to Meta.
type columns struct {
	noun  string // "column" or "field", for messages
	names []string
	at    [numFields]int
	meta  []int
	// authorAlt is a second author column ("Sender email" beside "Sender
	// name"), read when the author column is empty in a row: chat exports
	// leave an anonymous visitor's name blank but not their e-mail.
	authorAlt int
}

// resolveColumns matches names (a header row, or a JSON record's keys) to
// fields: --col overrides first, then synonyms in order, then a header with
// a text word for the text. missing lists the overrides whose column is not
// in names.
func resolveColumns(names []string, overrides map[string]string) (cols columns, missing []string, err error) {
	cols.names, cols.noun = names, "column"
	for f := range cols.at {
		cols.at[f] = -1
	}
	taken := make([]bool, len(names))
	keys := make([]string, len(names))
	for i, n := range names {
		keys[i] = normKey(n)
	}
	// Overrides in a fixed order, so that errors are deterministic.
	var fields []string
	for k := range overrides {
		fields = append(fields, k)
	}
	sort.Strings(fields)
	var overridden [numFields]bool
	for _, k := range fields {
		f, ok := overrideField(k)
		if !ok {
			return cols, nil, fmt.Errorf("--col %s=%s: unknown field %q (fields: %s)", k, overrides[k], k, strings.Join(fieldNames[:], ", "))
		}
		overridden[f] = true
		i := findHeader(names, overrides[k])
		if i < 0 {
			missing = append(missing, fmt.Sprintf("%s=%s", k, overrides[k]))
			continue
		}
		cols.at[f] = i
		taken[i] = true
	}
	// Each field takes the free column whose name comes first in its
	// synonym list; ties go to the leftmost column.
	bestRank := [numFields]int{}
	for i, k := range keys {
		syn, ok := synonymOf[k]
		if !ok || taken[i] {
			continue
		}
		if overridden[syn.field] {
			continue
		}
		if cols.at[syn.field] < 0 || syn.rank < bestRank[syn.field] {
			cols.at[syn.field], bestRank[syn.field] = i, syn.rank
		}
	}
	for f := range cols.at {
		if i := cols.at[f]; i >= 0 {
			taken[i] = true
		}
	}
	cols.authorAlt = -1
	for i, k := range keys {
		if syn, ok := synonymOf[k]; ok && field(syn.field) == fAuthor && !taken[i] && cols.authorAlt < 0 {
			cols.authorAlt = i
			taken[i] = true
		}
	}
	if cols.at[fText] < 0 {
		if i := textLikeHeader(names, taken); i >= 0 {
			cols.at[fText] = i
			taken[i] = true
		}
	}
	for i, k := range keys {
		if !taken[i] && metaKeys[k] {
			cols.meta = append(cols.meta, i)
		}
	}
	return cols, missing, nil
}

// roleFromValues makes a column whose values are role words the role
// column, when no column is the role by its name or by --col: an export's
// "From" column that says Customer or Support says who spoke, not who they
// are. When that column was taken as the author by its name, the next
// author column ("Name") is the author instead; an author named with --col
// stays. rows are the first rows of the file.
func (cols *columns) roleFromValues(rows [][]string, opts *Options) {
	if !cols.needsRole(opts) {
		return
	}
	// The author's columns first, then the others left to right.
	candidates := []int{cols.at[fAuthor], cols.authorAlt}
	for i := range cols.names {
		candidates = append(candidates, i)
	}
	for _, i := range candidates {
		if i >= 0 && !cols.held(i) && holdsRoles(rows, i, opts) {
			cols.setRole(i, opts)
			return
		}
	}
}

// needsRole reports whether no column is the role by name or by --col.
func (cols *columns) needsRole(opts *Options) bool {
	return cols.at[fRole] < 0 && cols.at[fFromAgent] < 0 && !overridden(opts.Columns, fRole)
}

// held reports whether a field other than the author holds column i.
func (cols *columns) held(i int) bool {
	for f, at := range cols.at {
		if at == i && field(f) != fAuthor {
			return true
		}
	}
	return false
}

// setRole makes column i the role column. When it was taken as the author
// by its name, the next author column is the author instead; an author
// named with --col stays.
func (cols *columns) setRole(i int, opts *Options) {
	cols.at[fRole] = i
	if cols.at[fAuthor] == i && !overridden(opts.Columns, fAuthor) {
		cols.at[fAuthor], cols.authorAlt = cols.authorAlt, -1
	}
	if cols.authorAlt == i {
		cols.authorAlt = -1
	}
	cols.meta = slices.DeleteFunc(cols.meta, func(m int) bool { return m == i })
}

// overridden reports whether --col names the column of f.
func overridden(overrides map[string]string, f field) bool {
	for k := range overrides {
		if g, ok := overrideField(k); ok && g == f {
			return true
		}
	}
	return false
}

// holdsRoles reports whether column i holds role words in every row that
// fills it, at least two different roles in at least two rows.
func holdsRoles(rows [][]string, i int, opts *Options) bool {
	roles := map[transcript.Role]bool{}
	for _, row := range rows {
		if i >= len(row) || strings.TrimSpace(row[i]) == "" {
			continue
		}
		role, ok := opts.Role(row[i])
		if !ok {
			return false
		}
		roles[role] = true
	}
	return len(roles) >= 2
}

// maxSampleRows is how many rows from the head of a file roleFromValues
// looks at.
const maxSampleRows = 200

// sampleRows reads the rows under the header in the head of a file, up to
// maxSampleRows; a row the head cuts short is left out.
func sampleRows(head []byte, delim rune, sepLine bool) [][]string {
	if len(head) == HeadSize {
		if i := bytes.LastIndexByte(head, '\n'); i > 0 {
			head = head[:i+1]
		}
	}
	pass, err := openCSVPass(bytes.NewReader(head), delim, sepLine)
	if err != nil {
		return nil
	}
	var rows [][]string
	for len(rows) < maxSampleRows {
		rec, err := pass.r.Read()
		if err != nil {
			break
		}
		rows = append(rows, slices.Clone(rec))
	}
	return rows
}

// findHeader finds a column by the name the user gave: exactly, then
// ignoring case, then ignoring case, spaces and punctuation.
func findHeader(names []string, want string) int {
	want = strings.TrimSpace(want)
	for i, n := range names {
		if n == want {
			return i
		}
	}
	for i, n := range names {
		if strings.EqualFold(strings.TrimSpace(n), want) {
			return i
		}
	}
	for i, n := range names {
		if normKey(n) == normKey(want) && normKey(want) != "" {
			return i
		}
	}
	return -1
}

func textLikeHeader(names []string, taken []bool) int {
	for i, n := range names {
		if taken[i] {
			continue
		}
		words := strings.FieldsFunc(strings.ToLower(n), func(r rune) bool { return !unicode.IsLetter(r) })
		if containsAny(words, textWords) && !containsAny(words, notTextWords) {
			return i
		}
	}
	return -1
}

func containsAny(words, list []string) bool {
	for _, w := range words {
		if contains(list, w) {
			return true
		}
	}
	return false
}

// A record is one message row: a CSV row or a flat JSON record.
type record struct {
	line   int
	cols   *columns
	values []string // by column; may be shorter than cols.names (ragged CSV)
}

func (r *record) get(f field) string {
	i := r.cols.at[f]
	if i < 0 || i >= len(r.values) {
		return ""
	}
	return strings.TrimSpace(r.values[i])
}

func (r *record) column(f field) string { return r.cols.names[r.cols.at[f]] }

// A grouper assembles records into conversations over two passes, so that
// memory is bounded by the conversations open at once, not by the file.
// Pass one calls see for every record with its conversation id; pass two
// calls add for every record in the same order, and a conversation is
// emitted as soon as its last record is added. Conversations therefore come
// out in the order of their last rows; for the usual file, where each
// conversation's rows are adjacent, that is also the order they start in.
// Keeping first-appearance order would mean holding finished conversations
// back behind one that never ends, which is not bounded.
type grouper struct {
	src *Source
	// single is the conversation id when the input has no conversation id
	// at all: the whole file is one conversation.
	single  string
	last    map[string]int
	pending map[string]*openConversation
	// unknownChannels counts the conversations whose channel value is
	// none iqa knows, scored as "other"; channelNames are the first few
	// such values, for the one warning about them.
	unknownChannels int
	channelNames    []string
}

// An openConversation is one being assembled in pass two.
type openConversation struct {
	transcript.Conversation
	// botAgent is an agent value seen only on bot or system rows, used when
	// no human row names one (a bot's id is a poor name for the agent).
	botAgent string
}

func newGrouper(src *Source) *grouper {
	return &grouper{src: src, last: map[string]int{}, pending: map[string]*openConversation{}}
}

// see records, in pass one, that record n belongs to conversation id.
func (g *grouper) see(id string, n int) {
	if id != "" {
		g.last[id] = n
	}
}

// fileConversationID names the one conversation of a file without ids.
func fileConversationID(name string) string {
	if name == Stdin {
		return "stdin"
	}
	base := strings.TrimSuffix(filepath.Base(name), ".gz")
	if id := strings.TrimSuffix(base, filepath.Ext(base)); id != "" {
		return id
	}
	return base
}

// add reads record n (counted as in pass one) into its conversation, and
// emits the conversation when n is its last record.
func (g *grouper) add(n int, r *record) error {
	id := g.single
	if id == "" {
		id = r.get(fConversation)
		if id == "" {
			if r.cols.at[fConversation] < 0 {
				g.src.Reject(r.line, "no conversation id: the record has no conversation id %s (name it with --col conversation_id=NAME)", r.cols.noun)
			} else {
				g.src.Reject(r.line, "%s %q is empty: no conversation id", r.cols.noun, r.column(fConversation))
			}
			return nil
		}
	}
	oc := g.pending[id]
	if oc == nil {
		oc = &openConversation{Conversation: transcript.Conversation{ID: id, Source: transcript.Location{File: g.src.Name, Line: r.line}}}
		g.pending[id] = oc
	}
	c := &oc.Conversation
	if v := fillConversation(c, r); v != "" {
		g.unknownChannels++
		if len(g.channelNames) < 5 && !slices.Contains(g.channelNames, v) {
			g.channelNames = append(g.channelNames, v)
		}
	}
	m, reason := g.message(c, r)
	if reason != "" {
		g.src.RejectIn(id, r.line, "%s", reason)
	} else {
		c.Messages = append(c.Messages, m)
	}
	if agent := r.get(fAgent); agent != "" {
		switch {
		case reason == "" && (m.Role == transcript.Bot || m.Role == transcript.System):
			if oc.botAgent == "" {
				oc.botAgent = agent
			}
		case c.Agent == "":
			c.Agent = agent
		}
	}
	if g.single == "" {
		if last, ok := g.last[id]; ok && last <= n {
			delete(g.last, id)
			return g.emit(id)
		}
	}
	return nil
}

func (g *grouper) emit(id string) error {
	oc := g.pending[id]
	delete(g.pending, id)
	if len(oc.Messages) == 0 {
		return nil // every row was rejected, each with its reason
	}
	if oc.Agent == "" && !hasAgentAuthor(oc.Messages) {
		oc.Agent = oc.botAgent
	}
	return g.src.Emit(&oc.Conversation)
}

// hasAgentAuthor reports whether Finish can name the agent from a message.
func hasAgentAuthor(ms []transcript.Message) bool {
	for i := range ms {
		if ms[i].Role == transcript.Agent && ms[i].Author != "" {
			return true
		}
	}
	return false
}

// finish emits what is still open: the single conversation of a file
// without ids, or (if the file changed between passes) conversations whose
// last row pass two never saw, in the order they started.
func (g *grouper) finish() error {
	if g.unknownChannels > 0 {
		g.src.Warn("%s a channel iqa does not know (%s), scored as \"other\" with its response-time limits; iqa knows chat, email, call, sms and social",
			conversationsName(g.unknownChannels), quoteAll(g.channelNames))
	}
	ids := make([]string, 0, len(g.pending))
	for id := range g.pending {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return g.pending[ids[i]].Source.Line < g.pending[ids[j]].Source.Line })
	for _, id := range ids {
		if err := g.emit(id); err != nil {
			return err
		}
	}
	return nil
}

// fillConversation takes the channel, team and customer from the first
// record that has them, and Meta values from the first record that has
// each. (The agent is taken in add, which knows the record's role.) It
// returns the channel value when it is none iqa knows.
func fillConversation(c *transcript.Conversation, r *record) (unknownChannel string) {
	if c.Channel == "" {
		if v := r.get(fChannel); v != "" {
			if ch, ok := transcript.ParseChannel(v); ok {
				c.Channel = ch
			} else {
				c.Channel = transcript.Other
				setMeta(c, "channel", v)
				unknownChannel = v
			}
		}
	}
	if c.Team == "" {
		c.Team = r.get(fTeam)
	}
	if c.Customer == "" {
		c.Customer = r.get(fCustomer)
	}
	for _, i := range r.cols.meta {
		if i < len(r.values) {
			if v := strings.TrimSpace(r.values[i]); v != "" {
				setMeta(c, metaName(r.cols.names[i]), v)
			}
		}
	}
	return unknownChannel
}

// message reads a record's message, or says why it cannot.
func (g *grouper) message(c *transcript.Conversation, r *record) (transcript.Message, string) {
	m := transcript.Message{Author: r.get(fAuthor)}
	if i := r.cols.authorAlt; m.Author == "" && i >= 0 && i < len(r.values) {
		m.Author = strings.TrimSpace(r.values[i])
	}
	text := r.raw(fText)
	if strings.TrimSpace(text) == "" {
		return m, fmt.Sprintf("%s %q is empty: no message text", r.cols.noun, r.column(fText))
	}
	if looksLikeHTML(text) {
		text = HTMLToText(text)
	}
	m.Text = text
	role, reason := g.role(c, r, m.Author)
	if reason != "" {
		return m, reason
	}
	m.Role = role
	at, err := r.timestamp(g.src.Times)
	if err != nil {
		return m, err.Error()
	}
	m.At = at
	m.Internal = truthy(r.get(fInternal)) || (r.get(fPublic) != "" && !truthy(r.get(fPublic)))
	if m.Internal && m.Role == transcript.Customer {
		m.Internal = false // a customer's message is never an internal note
	}
	return m, ""
}

// timestamp reads the record's time: from a timestamp column, a date
// column, or a date column and a time column holding only a clock (exports
// that split them). A date with an empty time column is an unknown time,
// not midnight, so that the message keeps its place in the file.
func (r *record) timestamp(p *TimeParser) (time.Time, error) {
	t, d := r.get(fTime), r.get(fDate)
	hasTime, hasDate := r.cols.at[fTime] >= 0, r.cols.at[fDate] >= 0
	where := func(f field) string { return fmt.Sprintf("%s %q", r.cols.noun, r.column(f)) }
	switch {
	case hasDate && !hasTime:
		at, err := p.Parse(d)
		if err != nil {
			return at, fmt.Errorf("%s: %v", where(fDate), err)
		}
		return at, nil
	case hasDate && d != "" && isClock(t):
		day, err := p.Parse(d)
		if err != nil {
			return day, fmt.Errorf("%s: %v", where(fDate), err)
		}
		h, m, sec, err := parseClock(t)
		if err != nil {
			return day, fmt.Errorf("%s: invalid time of day %q", where(fTime), t)
		}
		// The clock is read in the zone the date was (so a DST day is right).
		loc := p.TZ
		if loc == nil {
			loc = time.UTC
		}
		day = day.In(loc)
		return time.Date(day.Year(), day.Month(), day.Day(), h, m, sec, 0, loc).UTC(), nil
	case hasTime:
		at, err := p.Parse(t)
		if err != nil {
			return at, fmt.Errorf("%s: %v", where(fTime), err)
		}
		return at, nil
	}
	return time.Time{}, nil
}

// isClock reports whether s is a time of day alone: "14:05", "2:05:09 PM".
func isClock(s string) bool {
	return strings.Contains(s, ":") && !strings.ContainsAny(s, "-/.TZ") && len(s) <= 11
}

// raw is get without trimming, for text.
func (r *record) raw(f field) string {
	i := r.cols.at[f]
	if i < 0 || i >= len(r.values) {
		return ""
	}
	return r.values[i]
}

// role maps the record's role value. Without one it falls back on who
// wrote the message: an author that is itself a role ("Caller",
// "Visitor"), the conversation's agent or customer, --agent-name, or an
// --agent-domain address; and when --agent-name names the agent, anyone else is
// the customer.
func (g *grouper) role(c *transcript.Conversation, r *record, author string) (transcript.Role, string) {
	opts := g.src.Opts
	value := r.get(fRole)
	if value != "" {
		if role, ok := opts.Role(value); ok {
			return role, ""
		}
		return "", fmt.Sprintf("unknown role %q in %s %q (map it with --role-map %s=agent, or =customer, =bot, =system)",
			value, r.cols.noun, r.column(fRole), strings.ReplaceAll(value, ",", ""))
	}
	switch v := strings.ToLower(r.get(fFromAgent)); v {
	case "true", "yes", "y", "1":
		return transcript.Agent, ""
	case "false", "no", "n", "0":
		return transcript.Customer, ""
	}
	if author != "" {
		agent := c.Agent
		if agent == "" {
			agent = r.get(fAgent)
		}
		if role, ok := opts.Role(author); ok {
			return role, ""
		}
		switch {
		case strings.EqualFold(author, agent), strings.EqualFold(author, opts.Agent), agentDomain(author, opts.AgentDomains):
			return transcript.Agent, ""
		case strings.EqualFold(author, c.Customer), opts.Agent != "":
			return transcript.Customer, ""
		}
	}
	if r.cols.at[fRole] < 0 {
		return "", fmt.Sprintf("no role: there is no role %s; name it with --col role=NAME, or name the agent with --agent-name", r.cols.noun)
	}
	return "", fmt.Sprintf("%s %q is empty: no role (fill it, or name another %s with --col role=NAME)", r.cols.noun, r.column(fRole), r.cols.noun)
}

func agentDomain(author string, domains []string) bool {
	_, domain, ok := strings.Cut(author, "@")
	if !ok {
		return false
	}
	domain = strings.TrimRight(domain, ">")
	for _, d := range domains {
		if strings.EqualFold(domain, strings.TrimPrefix(d, "@")) {
			return true
		}
	}
	return false
}

func truthy(s string) bool {
	switch strings.ToLower(s) {
	case "true", "yes", "y", "1", "x", "internal", "private":
		return true
	}
	return false
}

// looksLikeHTML reports whether a body is HTML rather than text that
// happens to contain a "<".
func looksLikeHTML(s string) bool {
	l := strings.ToLower(s)
	for _, tag := range []string{"<p>", "<p ", "<br", "<div", "</p>", "</div>", "<span", "<a href", "<b>", "<strong>", "<ul>", "<li>", "&nbsp;"} {
		if strings.Contains(l, tag) {
			return true
		}
	}
	return false
}

// Detect implements Format: a header row, cut the same way by one
// delimiter as the rows under it, with a text-like column. Without one it
// still claims a clear table (three or more columns, rows of the header's
// width), so that --col text=NAME can name the text column and a file
// without one is told what columns it has; Csv is tried last, so this takes
// nothing another format reads. It leaves the Twitter customer-support
// layout to twitter-csv.
func (Csv) Detect(head []byte, _ string) bool {
	sn, ok := sniffTable(head)
	if !ok || isTwitterHeader(sn.header) {
		return false
	}
	for _, h := range sn.header {
		if len(h) > 64 || len(strings.Fields(h)) > 5 {
			return false
		}
	}
	cols, _, err := resolveColumns(sn.header, nil)
	if err != nil {
		return false
	}
	return cols.at[fText] >= 0 || (len(sn.header) >= 3 && sn.rows >= 2 && sn.consistency >= 0.8)
}

// sniffTable sniffs head as a delimited table; JSON, XML and HTML are not.
func sniffTable(head []byte) (sniff, bool) {
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 || bytes.IndexByte([]byte("{[<"), t[0]) >= 0 {
		return sniff{}, false
	}
	return sniffDelimiter(head)
}

// isTwitterHeader reports the header of the Twitter customer-support
// dataset, which twitter-csv reads.
func isTwitterHeader(header []string) bool {
	has := map[string]bool{}
	for _, h := range header {
		has[normKey(h)] = true
	}
	return has["tweetid"] && has["inbound"] && has["responsetweetid"]
}

// csvDelimiters are tried in this order; ties go to the earlier one.
var csvDelimiters = []rune{',', ';', '\t', '|'}

// A sniff is what the head of a file says about its CSV dialect.
type sniff struct {
	delim  rune
	header []string
	// rows is how many rows under the header were looked at (at most 50),
	// consistency the share of them as wide as the header.
	rows        int
	consistency float64
}

// sniffDelimiter picks the delimiter that cuts the head of a file into a
// header of two or more fields and rows of the same width or a little
// shorter (quotes respected): the most consistent, then the widest. ok is false when no
// delimiter gives a header of two fields with at least half the rows
// agreeing.
func sniffDelimiter(head []byte) (best sniff, ok bool) {
	if d, ok := excelSepLine(head); ok {
		// Excel's "sep=;" first line names the delimiter.
		_, head, _ = bytes.Cut(head, []byte("\n"))
		return sniffWith(head, []rune{d})
	}
	return sniffWith(head, csvDelimiters)
}

// excelSepLine reads the "sep=X" line Excel writes first to name the
// delimiter.
func excelSepLine(head []byte) (delim rune, ok bool) {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	line = bytes.TrimRight(line, "\r")
	if len(line) != 5 || !bytes.EqualFold(line[:4], []byte("sep=")) {
		return 0, false
	}
	d := rune(line[4])
	return d, d == '\t' || (d > ' ' && d < 0x7f && d != '"')
}

func sniffWith(head []byte, delims []rune) (best sniff, ok bool) {
	if len(head) == HeadSize {
		// The head was cut from a longer file: drop the partial last line.
		if i := bytes.LastIndexByte(head, '\n'); i > 0 {
			head = head[:i+1]
		}
	}
	best.consistency = -1
	for _, d := range delims {
		r := newCSVReader(bytes.NewReader(head), d)
		h, err := r.Read()
		if err != nil || len(h) < 2 {
			continue
		}
		h = append([]string(nil), h...) // the reader reuses its record
		rows, same := 0, 0
		for rows < 50 {
			rec, err := r.Read()
			if err == io.EOF {
				break
			}
			rows++
			// A short row agrees too: some tools drop trailing empty cells.
			if err == nil && (len(rec) == len(h) || (len(rec) > 1 && len(rec) < len(h))) {
				same++
			}
		}
		consistency := 1.0
		if rows > 0 {
			consistency = float64(same) / float64(rows)
		}
		if consistency < 0.5 {
			continue
		}
		if consistency > best.consistency || (consistency == best.consistency && len(h) > len(best.header)) {
			best = sniff{delim: d, header: h, rows: rows, consistency: consistency}
		}
	}
	for i := range best.header {
		best.header[i] = strings.TrimSpace(best.header[i])
	}
	return best, best.consistency >= 0
}

func newCSVReader(r io.Reader, delim rune) *csv.Reader {
	cr := csv.NewReader(r)
	cr.Comma = delim
	cr.FieldsPerRecord = -1 // ragged rows are read; a missing required value rejects the row
	cr.LazyQuotes = true    // a stray quote in an unquoted field is text, as Excel reads it
	cr.ReuseRecord = true
	return cr
}

// errRowTooLong stops a file whose row grows past MaxRecordBytes, which an
// unterminated quote would otherwise read to the end of the file.
var errRowTooLong = errors.New("row too long")

// rowLimiter fails a read once more than max bytes were read since the
// last row ended. It also keeps the bytes read since the row being read
// began, because the lenient csv.Reader returns a last row whose quote is
// still open at the end of the file as if it were closed, and only those
// bytes tell the two apart.
type rowLimiter struct {
	r      io.Reader
	n, max int
	delim  rune
	kept   []byte // bytes read from offset keptAt on
	keptAt int64
	eof    bool
}

func newRowLimiter(r io.Reader, delim rune) *rowLimiter {
	return &rowLimiter{r: r, max: MaxRecordBytes, delim: delim}
}

func (l *rowLimiter) Read(p []byte) (int, error) {
	if l.n > l.max {
		return 0, errRowTooLong
	}
	n, err := l.r.Read(p)
	l.n += n
	l.kept = append(l.kept, p[:n]...)
	if err == io.EOF {
		l.eof = true
	}
	return n, err
}

// rowStarts drops the kept bytes before offset, where the next row
// begins, and restarts the row's byte count.
func (l *rowLimiter) rowStarts(offset int64) {
	l.n = 0
	drop := int(offset - l.keptAt)
	if drop <= 0 {
		return
	}
	// Moving the rest to the front only once half is dropped keeps the
	// copying to about one byte per byte read.
	if drop > len(l.kept)/2 {
		l.kept = l.kept[:copy(l.kept, l.kept[drop:])]
		l.keptAt = offset
	}
}

// openAtEnd reports whether the row cr has just returned is the file's last
// and ends inside a quote that was never closed.
func (l *rowLimiter) openAtEnd(cr *csv.Reader, rowStart int64) bool {
	if !l.eof || cr.InputOffset() != l.keptAt+int64(len(l.kept)) || l.delim >= utf8.RuneSelf {
		return false
	}
	t := quoteTracker{delim: byte(l.delim)}
	t.scan(l.kept[rowStart-l.keptAt:])
	return t.state == inQuotes
}

type quoteState uint8

const (
	atFieldStart quoteState = iota
	inBareValue
	inQuotes
	quoteInQuotes   // a quote inside a quoted value: closing, doubled or stray
	quoteCRInQuotes // that quote followed by \r, which may start a line end
)

// quoteTracker follows encoding/csv's reading with LazyQuotes: a value is
// quoted only when its first byte is a quote; inside it, a doubled quote is
// text, a quote before the delimiter or the line end closes it, and any
// other quote is text.
type quoteTracker struct {
	delim byte
	state quoteState
}

func (t *quoteTracker) scan(b []byte) {
	for _, c := range b {
		t.step(c)
	}
}

func (t *quoteTracker) step(c byte) {
	switch t.state {
	case atFieldStart, inBareValue:
		switch {
		case c == t.delim || c == '\n':
			t.state = atFieldStart
		case c == '"' && t.state == atFieldStart:
			t.state = inQuotes
		default:
			t.state = inBareValue
		}
	case inQuotes:
		if c == '"' {
			t.state = quoteInQuotes
		}
	case quoteInQuotes:
		switch c {
		case '"':
			t.state = inQuotes
		case t.delim, '\n':
			t.state = atFieldStart
		case '\r':
			t.state = quoteCRInQuotes
		default:
			t.state = inQuotes
		}
	case quoteCRInQuotes:
		if c == '\n' {
			t.state = atFieldStart
			return
		}
		t.state = inQuotes
		t.step(c)
	}
}

// csvPass reads the rows of one pass: the header (resolved to columns) and
// then fn for every row with its number from 1 and the line it starts on.
// Malformed rows are rejected when reject is set (pass two), skipped
// otherwise, so that each is reported once.
type csvPass struct {
	r      *csv.Reader
	limit  *rowLimiter
	header []string
	line   int // the header's line
	// skipped is how many lines came before what the csv.Reader reads
	// (Excel's "sep=;" line).
	skipped int
}

// openCSVPass starts a pass over text, after Excel's "sep=;" line when
// the file has one.
func openCSVPass(text io.Reader, delim rune, sepLine bool) (*csvPass, error) {
	p := &csvPass{}
	if sepLine {
		br := bufio.NewReader(text)
		if _, err := br.ReadString('\n'); err != nil {
			return nil, errors.New("file is empty")
		}
		text, p.skipped = br, 1
	}
	p.limit = newRowLimiter(text, delim)
	p.r = newCSVReader(p.limit, delim)
	rec, err := p.r.Read()
	if err == io.EOF {
		return nil, errors.New("file is empty")
	}
	if err != nil {
		return nil, p.error(err)
	}
	p.line = p.lineOf(0)
	p.header = make([]string, len(rec))
	for i, h := range rec {
		p.header[i] = strings.TrimSpace(h)
	}
	return p, nil
}

// lineOf is the file's line that field i of the last row starts on.
func (p *csvPass) lineOf(i int) int {
	line, _ := p.r.FieldPos(i)
	return line + p.skipped
}

func (p *csvPass) error(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return ErrorAt(pe.StartLine+p.skipped, "%v", pe.Err)
	}
	return err
}

// each calls fn for every row that is not blank.
func (p *csvPass) each(src *Source, reject bool, fn func(n, line int, values []string) error) error {
	n, lastLine := 0, p.line
	for {
		rowStart := p.r.InputOffset()
		p.limit.rowStarts(rowStart)
		rec, err := p.r.Read()
		if err == io.EOF {
			return nil
		}
		if errors.Is(err, errRowTooLong) {
			return ErrorAt(lastLine, "the row after this line is longer than %d MiB; is a quote left open?", p.limit.max>>20)
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				if reject {
					src.Reject(pe.StartLine+p.skipped, "malformed CSV row: %v", pe.Err)
				}
				continue
			}
			return p.error(err)
		}
		if blankRow(rec) {
			continue // ",,,," lines that spreadsheets leave: not a record
		}
		if col, swallowed := p.runawayQuote(rec); swallowed != nil {
			if reject {
				p.rejectRunaway(src, col, swallowed)
			}
			continue
		}
		if p.limit.openAtEnd(p.r, rowStart) {
			if reject {
				p.rejectOpenAtEnd(src, len(rec)-1)
			}
			continue
		}
		n++
		line := p.lineOf(0)
		lastLine = line
		if n%4096 == 0 {
			if err := src.Err(); err != nil {
				return err
			}
		}
		if err := fn(n, line, rec); err != nil {
			return err
		}
	}
}

// runawayQuote finds a quoted value that was never closed: the reader,
// reading quotes leniently, takes every following line into that one value
// until a quote happens to close it or the file ends. Such a value holds
// lines that look like whole records (as many cells as the header, the
// first a bare token like an id). It returns the field and the lines,
// from the file's start, of the records it swallowed.
func (p *csvPass) runawayQuote(rec []string) (int, []int) {
	if len(p.header) < 3 {
		return -1, nil
	}
	delim := string(p.r.Comma)
	for i, v := range rec {
		if !strings.Contains(v, "\n") {
			continue
		}
		start := p.lineOf(i)
		var swallowed []int
		for k, l := range strings.Split(v, "\n")[1:] {
			l = strings.TrimSuffix(l, "\r")
			cells := strings.Split(l, delim)
			if len(cells) == len(p.header) && cells[0] != "" && !strings.ContainsAny(cells[0], " \t\"") {
				swallowed = append(swallowed, start+1+k)
			}
		}
		if swallowed != nil {
			return i, swallowed
		}
	}
	return -1, nil
}

// rejectRunaway rejects the record whose quote was left open and each
// record it swallowed, so that all are counted and located.
func (p *csvPass) rejectRunaway(src *Source, col int, swallowed []int) {
	open := p.lineOf(col)
	src.Reject(open, "%s: a quote opened on this line is not closed, and the value runs on over %s that look like records (to line %d); close the quote",
		p.columnName(col), plural(len(swallowed), "line"), swallowed[len(swallowed)-1])
	for _, l := range swallowed {
		src.Reject(l, "inside the quote left open on line %d; close that quote", open)
	}
}

// rejectOpenAtEnd rejects the last record when its quote is still open at
// the end of the file, where the lenient reader would take it as closed.
func (p *csvPass) rejectOpenAtEnd(src *Source, col int) {
	src.Reject(p.lineOf(col), "%s: a quote opened on this line is not closed before the end of the file; close the quote", p.columnName(col))
}

func (p *csvPass) columnName(col int) string {
	if col < len(p.header) && p.header[col] != "" {
		return fmt.Sprintf("column %q", p.header[col])
	}
	return fmt.Sprintf("column %d", col+1)
}

func plural(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

func blankRow(rec []string) bool {
	for _, v := range rec {
		if strings.TrimSpace(v) != "" {
			return false
		}
	}
	return true
}

// Decode implements Format.
func (Csv) Decode(src *Source) error {
	// Pass one: the header, and the last row of every conversation.
	pass, head, delim, sepLine, err := openCSVSource(src)
	if err != nil {
		return err
	}
	cols, missing, err := resolveColumns(pass.header, src.Opts.Columns)
	if err != nil {
		return err
	}
	cols.roleFromValues(sampleRows(head, delim, sepLine), src.Opts)
	found := quoteAll(pass.header)
	if len(missing) > 0 {
		return ErrorAt(pass.line, "--col %s: no such column (columns found: %s)", strings.Join(missing, ", --col "), found)
	}
	if cols.at[fText] < 0 {
		return ErrorAt(pass.line, "no message text column (columns found: %s); name it with --col text=HEADER", found)
	}
	g := newGrouper(src)
	if cols.at[fConversation] < 0 {
		g.single = fileConversationID(src.Name)
	} else {
		idCol := cols.at[fConversation]
		err := pass.each(src, false, func(n, _ int, values []string) error {
			if idCol < len(values) {
				g.see(strings.TrimSpace(values[idCol]), n)
			}
			return nil
		})
		if err != nil {
			return err
		}
	}

	// Pass two: the messages.
	text, err := src.Reopen()
	if err != nil {
		return err
	}
	pass, err = openCSVPass(text, delim, sepLine)
	if err != nil {
		return err
	}
	wide, firstWide, rows := 0, 0, 0
	rec := record{cols: &cols}
	err = pass.each(src, true, func(n, line int, values []string) error {
		rows++
		if !blankRow(values[min(len(values), len(pass.header)):]) {
			if wide++; wide == 1 {
				firstWide = line
			}
		}
		rec.line, rec.values = line, values
		return g.add(n, &rec)
	})
	if err != nil {
		return err
	}
	if rows == 0 && src.rejected == 0 {
		// A header alone is an empty export, like an empty file; rows that
		// were all rejected are said as rejects.
		return ErrorAt(pass.line, "a header but no rows: the export is empty")
	}
	if wide > 0 {
		which := fmt.Sprintf("%d rows (the first at line %d) have", wide, firstWide)
		if wide == 1 {
			which = fmt.Sprintf("the row at line %d has", firstWide)
		}
		src.Warn("%s more cells than the header's %d; the extra cells were ignored (a %s in an unquoted value?)",
			which, len(pass.header), delimName(delim))
	}
	return g.finish()
}

// openCSVSource starts the first pass over src: the dialect read from the
// head, then the header; delim and sepLine open the passes after it, and
// head is the input's first HeadSize bytes.
func openCSVSource(src *Source) (p *csvPass, head []byte, delim rune, sepLine bool, err error) {
	br, head := peekHead(src)
	delim, sepLine = csvDialect(head)
	p, err = openCSVPass(br, delim, sepLine)
	return p, head, delim, sepLine, err
}

func delimName(d rune) string {
	switch d {
	case '\t':
		return "tab"
	case ';':
		return "semicolon"
	case '|':
		return "pipe"
	}
	return "comma"
}

// conversationsName says "1 conversation has" or "3 conversations have".
func conversationsName(n int) string {
	if n == 1 {
		return "1 conversation has"
	}
	return fmt.Sprintf("%d conversations have", n)
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	return strings.Join(q, ", ")
}
