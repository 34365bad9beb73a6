package importers

import (
	"bufio"
	"bytes"
	"fmt"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// Salesforce reads Service Cloud records as Data Loader and the Bulk API
// export them (CSV with the fields' API names as the header, quoted or
// not, in any case, UTF-8 or Windows-1252):
//
//   - EmailMessage: one row per e-mail; ParentId (the case) groups them
//     into conversations, else ThreadIdentifier, else RelatedToId.
//     Incoming (true/false, 1/0) says who wrote: the customer or an agent.
//     TextBody is read, else HtmlBody as text; quoted replies and
//     signatures are stripped. MessageDate, else CreatedDate, is the time;
//     one without a zone is read in --tz. Drafts (Status 5) are skipped.
//   - CaseComment: one row per comment, grouped by ParentId. The author's
//     CreatedBy.UserType says who wrote (Standard is an agent, a portal or
//     community user the customer); without it a comment is an agent's.
//     Unpublished comments (IsPublished false) are internal.
//   - ConversationEntry (Messaging): one row per entry, grouped by
//     ConversationId; ActorType EndUser is the customer, Agent an agent,
//     Bot or Chatbot a bot, Supervisor an internal agent message; entries
//     whose EntryType is not Text are events, not turns.
//   - LiveChatTranscript: one row per chat whose Body is the HTML
//     transcript (salesforce_chat.go).
//
// The same records as REST or Bulk API JSON query results are read too
// (salesforce_json.go), and Messaging conversation entries JSON.
//
// A Case export (CaseNumber, Status, Origin and no message fields) is
// claimed only to say, in one warning, that it holds no messages.
//
// Case fields exported beside a record (Parent.Status, Parent.Origin,
// Parent.Owner.Name, Parent.CaseNumber, Parent.Subject, Parent.Priority;
// or Case.… for a transcript) become the conversation's metadata.
// Rows of one conversation may be anywhere in the file: it is read twice.
type Salesforce struct{}

// Name implements Format.
func (Salesforce) Name() string { return "salesforce" }

// Expects implements Format.
func (Salesforce) Expects() string {
	return "Salesforce Data Loader / Bulk API CSV (or REST query JSON) of EmailMessage (ParentId, Incoming, TextBody/HtmlBody), CaseComment, ConversationEntry or LiveChatTranscript; Messaging conversation entries JSON"
}

// sfKind is which Salesforce object a file holds.
type sfKind int

const (
	sfNone sfKind = iota
	sfEmail
	sfComment
	sfEntry
	sfChat
	sfCase // a Case export: case fields, no messages
)

var sfKindNames = map[sfKind]string{sfEmail: "EmailMessage", sfComment: "CaseComment", sfEntry: "ConversationEntry", sfChat: "LiveChatTranscript", sfCase: "Case"}

// sfKindOf is the kind of a record's attributes.type.
func sfKindOf(object string) sfKind {
	for k, name := range sfKindNames {
		if strings.EqualFold(name, object) {
			return k
		}
	}
	return sfNone
}

// keyTable finds a Salesforce export's columns by API name, whatever the
// case or punctuation ("PARENT.STATUS", "Parent.Status", "parent_status").
type keyTable struct {
	at     map[string]int
	header []string
	// object is a JSON record's attributes.type ("EmailMessage").
	object string
}

// sfObjectPrefixes are object names some tools put before each field
// ("EmailMessage.Id").
var sfObjectPrefixes = []string{"emailmessage", "casecomment", "conversationentry", "livechattranscript"}

func newKeyTable(header []string) keyTable {
	t := keyTable{at: map[string]int{}, header: header}
	for i, h := range header {
		lower := strings.ToLower(strings.TrimSpace(h))
		for _, p := range sfObjectPrefixes {
			if rest, ok := strings.CutPrefix(lower, p+"."); ok && rest != "" {
				lower = rest
				break
			}
		}
		if k := sfKey(lower); k != "" {
			if _, dup := t.at[k]; !dup {
				t.at[k] = i
			}
		}
	}
	return t
}

// sfKey lower-cases a header and keeps only its letters and digits.
func sfKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if (r >= 'a' && r <= 'z') || (r >= '0' && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func (t keyTable) has(keys ...string) bool {
	for _, k := range keys {
		if _, ok := t.at[k]; ok {
			return true
		}
	}
	return false
}

// get returns the first non-blank value among the columns keys, trimmed.
func (t keyTable) get(values []string, keys ...string) string {
	for _, k := range keys {
		if i, ok := t.at[k]; ok && i < len(values) {
			if v := strings.TrimSpace(values[i]); v != "" {
				return v
			}
		}
	}
	return ""
}

// raw is get without trimming, for bodies.
func (t keyTable) raw(values []string, key string) string {
	if i, ok := t.at[key]; ok && i < len(values) {
		return values[i]
	}
	return ""
}

// name is the header of the first of keys the table has, as the file
// spells it, for messages.
func (t keyTable) name(keys ...string) string {
	for _, k := range keys {
		if i, ok := t.at[k]; ok {
			return t.header[i]
		}
	}
	return keys[0]
}

// kind tells the object from the columns; head decides a transcript whose
// export has Body but none of the chat-only fields.
func (t keyTable) kind(head []byte) sfKind {
	switch {
	case t.has("textbody", "htmlbody") && t.has("incoming", "fromaddress", "messagedate"):
		return sfEmail
	case t.has("commentbody") && t.has("parentid"):
		return sfComment
	case t.has("conversationid") && t.has("actortype") && t.has("message"):
		return sfEntry
	case t.has("body") && (t.has("chatkey", "livechatvisitorid", "livechatbuttonid", "chatduration", "livechatdeploymentid") ||
		bytes.Contains(head, []byte("Chat Started:"))):
		return sfChat
	case t.has("casenumber") && t.has("status") && t.has("origin"):
		return sfCase
	}
	return sfNone
}

// Detect implements Format: a CSV header naming one of the objects'
// fields, or Messaging conversation entries JSON.
func (Salesforce) Detect(head []byte, _ string) bool {
	if looksLikeJSONObjects(head) {
		return sfIsEntriesJSON(head) || sfIsRecordsJSON(head)
	}
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 || t[0] == '[' || t[0] == '{' || t[0] == '<' {
		return false
	}
	sn, ok := sniffDelimiter(head)
	return ok && newKeyTable(sn.header).kind(head) != sfNone
}

// csvDialect picks the delimiter of a CSV head as Csv does: Excel's
// "sep=" line, else the sniffed delimiter, else a comma.
func csvDialect(head []byte) (delim rune, sepLine bool) {
	if d, ok := excelSepLine(head); ok {
		return d, true
	}
	if sn, ok := sniffDelimiter(head); ok {
		return sn.delim, false
	}
	return ',', false
}

// peekHead returns the input's reader (buffered, and set as src.R so that
// JSON readers share it) and its first HeadSize bytes.
func peekHead(src *Source) (*bufio.Reader, []byte) {
	br, ok := src.R.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(src.R, HeadSize)
		src.R = br
	}
	head, _ := br.Peek(HeadSize)
	return br, head
}

// Decode implements Format.
func (Salesforce) Decode(src *Source) error {
	br, head := peekHead(src)
	if looksLikeJSONObjects(head) {
		if sfIsRecordsJSON(head) {
			return sfDecodeRecordsJSON(src)
		}
		return sfDecodeEntriesJSON(src)
	}
	delim, sepLine := csvDialect(head)
	pass, err := openCSVPass(br, delim, sepLine)
	if err != nil {
		return err
	}
	t := newKeyTable(pass.header)
	kind := t.kind(head)
	if kind == sfNone {
		return ErrorAt(pass.line, "not a Salesforce EmailMessage, CaseComment, ConversationEntry or LiveChatTranscript export (columns found: %s)", quoteAll(pass.header))
	}
	switch kind {
	case sfChat:
		return sfDecodeTranscripts(src, pass, t)
	case sfCase:
		// Said once, not as a reject per row: the file is not transcripts.
		src.Warn("a Salesforce Case export holds no messages, so nothing was imported from it; export the cases' EmailMessage, CaseComment or LiveChatTranscript records (with Parent.Status, Parent.Origin and Parent.Owner.Name for the case fields)")
		return nil
	}
	d := &sfDecoder{src: src, t: t, kind: kind}
	rows, err := d.groups().run(src, csvRows(src, pass, delim, sepLine, t))
	if err != nil {
		return err
	}
	if rows == 0 && src.rejected == 0 {
		return ErrorAt(pass.line, "a header but no rows: the export is empty")
	}
	d.warnSkipped()
	return nil
}

// groups assembles d's rows into conversations.
func (d *sfDecoder) groups() *rowGroups {
	return &rowGroups{
		key: func(t keyTable, values []string) string {
			d.use(t)
			id, _ := d.key(values)
			return id
		},
		noKey: func(line int, t keyTable, _ []string) {
			d.use(t)
			d.src.Reject(line, "%s row has no %s: cannot tell which conversation it belongs to", sfKindNames[d.kind], d.keyNames())
		},
		start: func(id string, line int) *transcript.Conversation {
			return &transcript.Conversation{ID: id, Source: transcript.Location{File: d.src.Name, Line: line},
				Meta: map[string]string{"platform": "salesforce", "object": sfKindNames[d.kind]}}
		},
		add: func(c *transcript.Conversation, line int, t keyTable, values []string) {
			d.use(t)
			d.row(c, line, values)
		},
	}
}

// use reads the next row with t: a JSON record's own fields and object.
func (d *sfDecoder) use(t keyTable) {
	d.t = t
	if k := sfKindOf(t.object); k != sfNone {
		d.kind = k
	}
}

// A rowFunc is given each row of an export: its number from 1, its line,
// and its values with the table that names them.
type rowFunc func(n, line int, t keyTable, values []string) error

// rowGroups assembles an export whose conversations' rows may be anywhere
// in the file, over two passes so that memory is bounded by the
// conversations open at once: pass one finds each conversation's last
// row, pass two adds the rows and emits each conversation at its last.
type rowGroups struct {
	key   func(t keyTable, values []string) string
	noKey func(line int, t keyTable, values []string) // rejects a row without a key
	start func(id string, line int) *transcript.Conversation
	add   func(c *transcript.Conversation, line int, t keyTable, values []string)
	// skip, when set, leaves a row out of both passes.
	skip func(n int, values []string) bool

	last map[string]int
	open map[string]*transcript.Conversation
}

// run reads the rows twice through rows (second false, then true: the
// second pass is the one that rejects) and returns how many rows pass two
// read.
func (g *rowGroups) run(src *Source, rows func(second bool, fn rowFunc) error) (int, error) {
	g.last, g.open = map[string]int{}, map[string]*transcript.Conversation{}
	err := rows(false, func(n, _ int, t keyTable, values []string) error {
		if g.skip == nil || !g.skip(n, values) {
			if id := g.key(t, values); id != "" {
				g.last[id] = n
			}
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	read := 0
	err = rows(true, func(n, line int, t keyTable, values []string) error {
		if g.skip != nil && g.skip(n, values) {
			return nil
		}
		read++
		id := g.key(t, values)
		if id == "" {
			g.noKey(line, t, values)
			return nil
		}
		c := g.open[id]
		if c == nil {
			c = g.start(id, line)
			g.open[id] = c
		}
		g.add(c, line, t, values)
		if last, ok := g.last[id]; ok && last <= n {
			delete(g.last, id)
			return g.emit(src, id)
		}
		return nil
	})
	if err != nil {
		return read, err
	}
	// Conversations whose last row pass two did not see (the file changed
	// between passes), in the order they started.
	for len(g.open) > 0 {
		first := ""
		for id, c := range g.open {
			if first == "" || c.Source.Line < g.open[first].Source.Line {
				first = id
			}
		}
		if err := g.emit(src, first); err != nil {
			return read, err
		}
	}
	return read, nil
}

func (g *rowGroups) emit(src *Source, id string) error {
	c := g.open[id]
	delete(g.open, id)
	if len(c.Messages) == 0 {
		return nil // each row was rejected or skipped, and said so
	}
	return src.Emit(c)
}

// csvRows gives rowGroups a CSV export's rows: pass one from pass, which
// has read the header, pass two from the file read again.
func csvRows(src *Source, pass *csvPass, delim rune, sepLine bool, t keyTable) func(bool, rowFunc) error {
	return func(second bool, fn rowFunc) error {
		p := pass
		if second {
			text, err := src.Reopen()
			if err != nil {
				return err
			}
			if p, err = openCSVPass(text, delim, sepLine); err != nil {
				return err
			}
		}
		return p.each(src, second, func(n, line int, values []string) error { return fn(n, line, t, values) })
	}
}

// sfDecoder assembles the rows of an EmailMessage, CaseComment or
// ConversationEntry export.
type sfDecoder struct {
	src  *Source
	t    keyTable
	kind sfKind
	// drafts and events count rows skipped as not being messages.
	drafts, events, empty int
}

// key is the conversation a row belongs to, and the column it came from.
func (d *sfDecoder) key(values []string) (id, column string) {
	var keys []string
	switch d.kind {
	case sfEmail:
		keys = []string{"parentid", "threadidentifier", "relatedtoid"}
	case sfComment:
		keys = []string{"parentid"}
	case sfEntry:
		keys = []string{"conversationid"}
	}
	for _, k := range keys {
		if v := d.t.get(values, k); v != "" {
			return v, k
		}
	}
	return "", ""
}

func (d *sfDecoder) keyNames() string {
	switch d.kind {
	case sfEmail:
		return `"ParentId", "ThreadIdentifier" or "RelatedToId"`
	case sfEntry:
		return `"ConversationId"`
	}
	return `"ParentId"`
}

// row adds one row to its conversation c.
func (d *sfDecoder) row(c *transcript.Conversation, line int, values []string) {
	sfCaseMeta(c, d.t, values, "parent")
	var m transcript.Message
	var keep bool
	var reason string
	switch d.kind {
	case sfEmail:
		m, keep, reason = d.email(c, values)
	case sfComment:
		m, keep, reason = d.comment(values)
	case sfEntry:
		m, keep, reason = d.entry(c, values)
	}
	if reason != "" {
		d.src.RejectIn(c.ID, line, "%s", reason)
	} else if keep {
		c.Messages = append(c.Messages, m)
	}
}

func (d *sfDecoder) warnSkipped() {
	if d.drafts > 0 {
		d.src.Warn("skipped %s (Status 5: never sent)", plural(d.drafts, "draft e-mail"))
	}
	if d.events > 0 {
		d.src.Warn("skipped %s: events, not messages (EntryType other than Text, or ActorType System)", sfEntries(d.events))
	}
	warnEmpty(d.src, d.empty, strings.ToLower(sfKindNames[d.kind])+" row")
}

// sfTime reads the first non-blank time column.
func (d *sfDecoder) time(values []string, m *transcript.Message, keys ...string) string {
	for _, k := range keys {
		v := d.t.get(values, k)
		if v == "" {
			continue
		}
		at, err := d.src.Times.Parse(v)
		if err != nil {
			return fmt.Sprintf("column %q: %v", d.t.name(k), err)
		}
		m.At = at
		return ""
	}
	return ""
}

func (d *sfDecoder) email(c *transcript.Conversation, values []string) (m transcript.Message, keep bool, reason string) {
	if st := strings.ToLower(d.t.get(values, "status")); st == "5" || st == "draft" {
		d.drafts++
		return m, false, ""
	}
	c.Channel = transcript.Email
	from := d.t.get(values, "fromaddress")
	m.Author = firstNonEmpty(d.t.get(values, "fromname"), from)
	incoming := d.t.get(values, "incoming")
	switch in, ok := sfBool(incoming); {
	case ok && in:
		m.Role = transcript.Customer
	case ok:
		m.Role = transcript.Agent
	case incoming != "":
		return m, false, fmt.Sprintf("column %q: %q is not true or false", d.t.name("incoming"), incoming)
	case from != "" && agentDomain(from, d.src.Opts.AgentDomains):
		m.Role = transcript.Agent
	case from != "" && len(d.src.Opts.AgentDomains) > 0:
		m.Role = transcript.Customer
	default:
		return m, false, fmt.Sprintf("column %q is empty: cannot tell the customer's e-mails from the agents' (fill it, or name the agents' domain with --agent-domain)", d.t.name("incoming"))
	}
	if reason = d.time(values, &m, "messagedate", "createddate"); reason != "" {
		return m, false, reason
	}
	body := d.t.raw(values, "textbody")
	if strings.TrimSpace(body) == "" || looksLikeHTML(body) {
		body = firstNonEmpty(HTMLToText(body), HTMLToText(d.t.raw(values, "htmlbody")))
	}
	setMeta(c, "subject", d.t.get(values, "subject"))
	return d.withText(m, stripQuoted(body))
}

// withText completes a message with its text; one without text is kept
// out and counted.
func (d *sfDecoder) withText(m transcript.Message, text string) (transcript.Message, bool, string) {
	if m.Text = strings.TrimSpace(text); m.Text == "" {
		d.empty++
		return m, false, ""
	}
	return m, true, ""
}

// sfUserTypeRoles maps User.UserType: Standard is a user of the company,
// the portal, community and site guest types are customers.
var sfUserTypeRoles = map[string]transcript.Role{
	"standard": transcript.Agent, "powercustomersuccess": transcript.Customer, "customersuccess": transcript.Customer,
	"cspliteportal": transcript.Customer, "csnonly": transcript.Customer, "guest": transcript.Customer,
	"selfservice": transcript.Customer,
}

func (d *sfDecoder) comment(values []string) (m transcript.Message, keep bool, reason string) {
	m.Author = d.t.get(values, "createdbyname", "creatorname", "createdbyid")
	userType := d.t.get(values, "createdbyusertype")
	switch r, ok := helpdeskRole(d.src.Opts, userType, sfUserTypeRoles); {
	case userType == "":
		m.Role = transcript.Agent
	case ok:
		m.Role = r
	default:
		return m, false, fmt.Sprintf("column %q: unknown user type %q (map it with --role-map)", d.t.name("createdbyusertype"), userType)
	}
	if email := d.t.get(values, "createdbyemail"); m.Role == transcript.Agent && email != "" &&
		len(d.src.Opts.AgentDomains) > 0 && !agentDomain(email, d.src.Opts.AgentDomains) {
		m.Role = transcript.Customer
	}
	if pub := d.t.get(values, "ispublished"); pub != "" {
		published, ok := sfBool(pub)
		if !ok {
			return m, false, fmt.Sprintf("column %q: %q is not true or false", d.t.name("ispublished"), pub)
		}
		m.Internal = !published
	}
	if reason = d.time(values, &m, "createddate"); reason != "" {
		return m, false, reason
	}
	return d.withText(m, d.t.raw(values, "commentbody"))
}

var sfActorRoles = map[string]transcript.Role{
	"enduser": transcript.Customer, "agent": transcript.Agent, "supervisor": transcript.Agent,
	"bot": transcript.Bot, "chatbot": transcript.Bot, "system": transcript.System,
}

func (d *sfDecoder) entry(c *transcript.Conversation, values []string) (m transcript.Message, keep bool, reason string) {
	if et := d.t.get(values, "entrytype"); et != "" && !strings.EqualFold(et, "Text") {
		d.events++
		return m, false, ""
	}
	actor := d.t.get(values, "actortype")
	role, ok := helpdeskRole(d.src.Opts, actor, sfActorRoles)
	if !ok {
		return m, false, fmt.Sprintf("column %q: unknown actor type %q (EndUser, Agent, Bot, Chatbot, Supervisor or System; or map it with --role-map)", d.t.name("actortype"), actor)
	}
	if role == transcript.System {
		d.events++
		return m, false, ""
	}
	m.Role = role
	m.Internal = strings.EqualFold(actor, "Supervisor")
	m.Author = d.t.get(values, "actorname", "actorid")
	if c.Channel == "" {
		c.Channel = transcript.Chat
	}
	if reason = d.time(values, &m, "entrytime", "clienttimestamp", "createddate"); reason != "" {
		return m, false, reason
	}
	return d.withText(m, HTMLToText(d.t.raw(values, "message")))
}

// sfCaseMeta takes the case fields exported beside a record through the
// relationship rel ("parent" for a case's e-mails and comments, "case"
// for a transcript).
func sfCaseMeta(c *transcript.Conversation, t keyTable, values []string, rel string) {
	setMeta(c, "case_number", t.get(values, rel+"casenumber"))
	setMeta(c, "status", t.get(values, rel+"status"))
	setMeta(c, "priority", t.get(values, rel+"priority"))
	setMeta(c, "subject", t.get(values, rel+"subject"))
	origin := t.get(values, rel+"origin")
	setMeta(c, "origin", origin)
	if ch := sfOriginChannel(origin); ch != "" && (c.Channel == "" || c.Channel == transcript.Other) {
		c.Channel = ch
	}
	owner := t.get(values, rel+"ownername")
	setMeta(c, "owner", firstNonEmpty(owner, t.get(values, rel+"ownerid")))
	if c.Agent == "" {
		c.Agent = owner
	}
}

// sfOriginChannel maps a case's standard Origin values to a channel.
func sfOriginChannel(origin string) transcript.Channel {
	switch strings.ToLower(origin) {
	case "email", "e-mail", "web":
		return transcript.Email
	case "phone":
		return transcript.Call
	case "chat", "messaging":
		return transcript.Chat
	case "":
		return ""
	}
	if ch, ok := transcript.ParseChannel(origin); ok {
		return ch
	}
	return transcript.Other
}

// sfEntries counts conversation entries in words.
func sfEntries(n int) string {
	if n == 1 {
		return "1 conversation entry"
	}
	return fmt.Sprintf("%d conversation entries", n)
}

// sfBool reads a Salesforce checkbox as exports write it.
func sfBool(s string) (value, ok bool) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "true", "1", "yes":
		return true, true
	case "false", "0", "no":
		return false, true
	}
	return false, false
}
