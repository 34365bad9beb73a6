package importers

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// ZohoDesk reads Zoho Desk exports in three shapes:
//
//   - threads and conversations, as GET /api/v1/tickets/{id}/threads and
//     /conversations list them ({"data":[...]}; pages appended or JSON
//     Lines): a thread's author.type (AGENT, END_USER) says who wrote,
//     else its direction (in is the customer, out an agent); a
//     conversation of type "comment" is a comment. Threads carry no
//     ticket id (webhook payloads do): a file of one ticket's threads is
//     one conversation, its id taken from the file name
//     ("ticket-1234-threads.json" gives 1234).
//   - tickets with their "threads", "conversations" and "comments"
//     (arrays, or {"data":[...]} pages) bundled: one conversation each;
//     the ticket's description is the first message when no thread is
//     the description thread.
//   - the data-backup CSV of threads (zoho_csv.go).
//
// HTML content is read as text, e-mail quotes stripped; private threads
// and comments that are not public are internal; @mentions
// (zsu[@user:ZUID]zsu) read as @ZUID, or @Name where the markup carries a
// name after the id (ZUID_Name).
type ZohoDesk struct{}

// Name implements Format.
func (ZohoDesk) Name() string { return "zoho-desk" }

// Expects implements Format.
func (ZohoDesk) Expects() string {
	return `Zoho Desk ticket threads/conversations {"data":[{"direction":"in","author":{"type":"END_USER"},"content":...}]}, tickets with "threads"/"conversations"/"comments", and the data-backup threads CSV`
}

// Detect implements Format: a thread's "isDescriptionThread", a
// direction with an author and a content type or summary, a comment's
// "commenter", a ticket's "ticketNumber" with its threads; or the backup
// CSV (zohoBackupHeader).
func (ZohoDesk) Detect(head []byte, _ string) bool {
	if !looksLikeJSONObjects(head) {
		_, ok := zohoBackupHeader(head)
		return ok
	}
	if (Native{}).Detect(head, "") {
		return false
	}
	switch {
	case hasKey(head, "isDescriptionThread"):
		return true
	case hasKey(head, "direction") && (hasKey(head, "author") || hasKey(head, "fromEmailAddress")) && (hasKey(head, "summary") || hasKey(head, "contentType")):
		return true
	case hasKey(head, "commenter") && hasKey(head, "commentedTime"):
		return true
	}
	return hasKey(head, "ticketNumber") && (hasKey(head, "threads") || hasKey(head, "conversations") || hasKey(head, "comments"))
}

type zohoPerson struct {
	ID        flexString `json:"id"`
	Name      string     `json:"name"`
	FirstName string     `json:"firstName"`
	LastName  string     `json:"lastName"`
	Email     string     `json:"email"`
	Type      string     `json:"type"`
}

func (p *zohoPerson) name() string {
	if p == nil {
		return ""
	}
	return firstNonEmpty(p.Name, strings.TrimSpace(p.FirstName+" "+p.LastName), p.Email, string(p.ID))
}

// zohoThread is a thread or a comment.
type zohoThread struct {
	Type                string      `json:"type"` // "thread" or "comment" in a conversations list
	ID                  flexString  `json:"id"`
	TicketID            flexString  `json:"ticketId"`
	Channel             string      `json:"channel"`
	Direction           string      `json:"direction"`
	Content             string      `json:"content"`
	ContentType         string      `json:"contentType"`
	PlainText           string      `json:"plainText"`
	Summary             string      `json:"summary"`
	Visibility          string      `json:"visibility"`
	IsPublic            *bool       `json:"isPublic"`
	IsDescriptionThread bool        `json:"isDescriptionThread"`
	CreatedTime         flexString  `json:"createdTime"`
	CommentedTime       flexString  `json:"commentedTime"`
	FromEmailAddress    string      `json:"fromEmailAddress"`
	Author              *zohoPerson `json:"author"`
	Commenter           *zohoPerson `json:"commenter"`
}

func (z *zohoThread) isComment() bool {
	return strings.EqualFold(z.Type, "comment") || z.Commenter != nil
}

// zohoRecord is a thread, a comment or a ticket with them.
type zohoRecord struct {
	zohoThread
	TicketNumber  flexString      `json:"ticketNumber"`
	Subject       string          `json:"subject"`
	Status        string          `json:"status"`
	Priority      string          `json:"priority"`
	Email         string          `json:"email"`
	Description   string          `json:"description"`
	DepartmentID  flexString      `json:"departmentId"`
	AssigneeID    flexString      `json:"assigneeId"`
	Assignee      *zohoPerson     `json:"assignee"`
	Contact       *zohoPerson     `json:"contact"`
	Threads       json.RawMessage `json:"threads"`
	Conversations json.RawMessage `json:"conversations"`
	Comments      json.RawMessage `json:"comments"`
}

func (r *zohoRecord) isTicket() bool {
	return r.TicketNumber != "" || zohoPresent(r.Threads) || zohoPresent(r.Conversations) || zohoPresent(r.Comments)
}

func zohoPresent(raw json.RawMessage) bool { return len(raw) > 0 && string(raw) != "null" }

// Decode implements Format.
func (ZohoDesk) Decode(src *Source) error {
	br, head := peekHead(src)
	if !looksLikeJSONObjects(head) {
		return zohoDecodeBackup(src, br, head)
	}
	runs := adjacentRuns{src: src, what: "ticket %s's threads", start: func(id string, line int) *transcript.Conversation {
		return newZohoConversation(src, id, line)
	}}
	err := EachJSONRecord(src, []string{"data"}, func(raw json.RawMessage, line int) error {
		var r zohoRecord
		if !DecodeRecord(src, raw, line, &r) {
			return nil
		}
		if r.isTicket() {
			if err := runs.flush(); err != nil {
				return err
			}
			return zohoTicket(src, &r, line)
		}
		c, err := runs.at(firstNonEmpty(string(r.TicketID), ticketIDFromName(src.Name)), line)
		if err != nil {
			return err
		}
		zohoAdd(src, c, &r.zohoThread, line)
		return nil
	})
	if err != nil {
		return err
	}
	return runs.flush()
}

func newZohoConversation(src *Source, id string, line int) *transcript.Conversation {
	return &transcript.Conversation{ID: id, Source: transcript.Location{File: src.Name, Line: line}, Meta: map[string]string{"platform": "zoho-desk"}}
}

// zohoTicket emits a ticket with the threads, conversations and comments
// bundled with it.
func zohoTicket(src *Source, r *zohoRecord, line int) error {
	if r.ID == "" {
		src.Reject(line, `ticket has no "id"`)
		return nil
	}
	c := newZohoConversation(src, string(r.ID), line)
	c.Channel = zohoChannel(r.Channel)
	c.Customer = firstNonEmpty(r.Contact.name(), r.Email)
	c.Agent = r.Assignee.name()
	setMeta(c, "ticket_number", string(r.TicketNumber))
	setMeta(c, "subject", r.Subject)
	setMeta(c, "status", r.Status)
	setMeta(c, "priority", r.Priority)
	setMeta(c, "department", string(r.DepartmentID))
	var items []zohoThread
	seen := map[flexString]bool{}
	for _, list := range []struct {
		name string
		raw  json.RawMessage
	}{{"threads", r.Threads}, {"conversations", r.Conversations}, {"comments", r.Comments}} {
		got, err := zohoList(list.raw)
		if err != nil {
			src.RejectIn(c.ID, line, "ticket %s: %s: %v", r.ID, list.name, err)
			continue
		}
		for _, t := range got {
			if t.ID != "" && seen[t.ID] {
				continue // a thread listed under both threads and conversations
			}
			seen[t.ID] = true
			items = append(items, t)
		}
	}
	hasDescription := false
	for i := range items {
		hasDescription = hasDescription || items[i].IsDescriptionThread
	}
	if desc := HTMLToText(r.Description); !hasDescription && strings.TrimSpace(desc) != "" {
		m := transcript.Message{Role: transcript.Customer, Author: c.Customer, Text: desc}
		at, err := src.Times.Parse(string(r.CreatedTime))
		if err != nil {
			src.RejectIn(c.ID, line, "ticket %s: createdTime: %v", r.ID, err)
		}
		m.At = at
		c.Messages = append(c.Messages, m)
	}
	for i := range items {
		zohoAdd(src, c, &items[i], line)
	}
	if len(c.Messages) == 0 {
		src.RejectIn(c.ID, line, "ticket %s has no thread, conversation or comment with text", r.ID)
		return nil
	}
	return src.Emit(c)
}

// zohoList reads a list bundled with a ticket: an array, or a
// {"data":[...]} page.
func zohoList(raw json.RawMessage) ([]zohoThread, error) {
	if !zohoPresent(raw) {
		return nil, nil
	}
	raw = bytes.TrimSpace(raw)
	if raw[0] == '{' {
		var page struct {
			Data json.RawMessage `json:"data"`
		}
		if err := json.Unmarshal(raw, &page); err != nil {
			return nil, err
		}
		if !zohoPresent(page.Data) {
			return nil, nil
		}
		raw = page.Data
	}
	var list []zohoThread
	err := json.Unmarshal(raw, &list)
	return list, err
}

var zohoAuthorRoles = map[string]transcript.Role{
	"agent": transcript.Agent, "end_user": transcript.Customer, "enduser": transcript.Customer,
	"customer": transcript.Customer, "contact": transcript.Customer, "bot": transcript.Bot, "system": transcript.System,
}

// zohoAdd adds one thread or comment to c, or rejects it.
func zohoAdd(src *Source, c *transcript.Conversation, z *zohoThread, line int) {
	what := "thread"
	person := z.Author
	if z.isComment() {
		what = "comment"
		person = z.Commenter
	}
	var typ string
	if person != nil {
		typ = person.Type
	}
	m := transcript.Message{Author: firstNonEmpty(person.name(), z.FromEmailAddress)}
	role, ok := helpdeskRole(src.Opts, typ, zohoAuthorRoles)
	switch {
	case ok:
		m.Role = role
	case strings.EqualFold(z.Direction, "in"):
		m.Role = transcript.Customer
	case strings.EqualFold(z.Direction, "out"):
		m.Role = transcript.Agent
	case what == "comment" && typ == "":
		m.Role = transcript.Agent // comments are written in the agent interface
	case typ != "":
		src.RejectIn(c.ID, line, "ticket %s, %s %s: unknown author type %q and no direction (map it with --role-map)", c.ID, what, z.ID, typ)
		return
	default:
		src.RejectIn(c.ID, line, "ticket %s, %s %s: no author type and no direction: cannot tell who wrote it", c.ID, what, z.ID)
		return
	}
	if what == "comment" {
		m.Internal = z.IsPublic == nil || !*z.IsPublic
	} else {
		m.Internal = strings.EqualFold(z.Visibility, "private")
	}
	at, err := src.Times.Parse(firstNonEmpty(string(z.CommentedTime), string(z.CreatedTime)))
	if err != nil {
		src.RejectIn(c.ID, line, "ticket %s, %s %s: %v", c.ID, what, z.ID, err)
		return
	}
	m.At = at
	m.Text = zohoText(z)
	if m.Text == "" {
		return // an attachment alone
	}
	if c.Channel == "" || c.Channel == transcript.Other {
		c.Channel = zohoChannel(z.Channel)
	}
	c.Messages = append(c.Messages, m)
}

// zohoMention is Zoho's @mention markup: zsu[@user:ZUID]zsu.
var zohoMention = regexp.MustCompile(`zsu\[@(?:user|team|agent):([^\]]*)\]zsu`)

// zohoText is a thread's or comment's text: its content (HTML, or plain
// text when its content type says so), else its plain text, else its
// summary (what the threads list gives without full content).
func zohoText(z *zohoThread) string {
	text := z.Content
	ct := strings.ToLower(z.ContentType)
	if strings.Contains(ct, "html") || (!strings.Contains(ct, "plain") && looksLikeHTML(text)) {
		text = HTMLToText(text)
	}
	text = zohoMention.ReplaceAllStringFunc(text, func(s string) string {
		inner := zohoMention.FindStringSubmatch(s)[1]
		if _, name, ok := strings.Cut(inner, "_"); ok && name != "" {
			return "@" + name
		}
		return "@" + inner
	})
	text = firstNonEmpty(text, z.PlainText, HTMLToText(z.Summary))
	if strings.EqualFold(z.Channel, "email") {
		text = stripQuoted(text)
	}
	return strings.TrimSpace(text)
}

// zohoChannel maps Zoho's channel names.
func zohoChannel(ch string) transcript.Channel {
	switch strings.ToUpper(ch) {
	case "EMAIL", "WEB", "FORUMS", "FEEDBACK":
		return transcript.Email
	case "PHONE":
		return transcript.Call
	case "CHAT", "WHATSAPP", "TELEGRAM", "WECHAT", "LINE", "IM":
		return transcript.Chat
	case "TWITTER", "FACEBOOK", "INSTAGRAM":
		return transcript.Social
	case "":
		return ""
	}
	return transcript.Other
}

// zohoBackupHeader reads the data-backup CSV's two header rows (display
// names, then API names): it returns the delimiter when the head has a
// threadStatus column, or a second row that names each column again (in
// API spelling) with a ticket id and content among them. The threads CSV
// of Zoho's migration layout (ThreadExtId, TicketExtId, Direction) is
// claimed too.
func zohoBackupHeader(head []byte) (rune, bool) {
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 || t[0] == '<' {
		return 0, false
	}
	sn, ok := sniffDelimiter(head)
	if !ok {
		return 0, false
	}
	display := newKeyTable(sn.header)
	if !display.has(zohoTicketColumns...) {
		return 0, false
	}
	if display.has("threadstatus") || (display.has("threadextid") && display.has("direction") && display.has(zohoContentColumns...)) {
		return sn.delim, true
	}
	r := newCSVReader(bytes.NewReader(head), sn.delim)
	r.Read()
	second, err := r.Read()
	if err != nil {
		return 0, false
	}
	return sn.delim, zohoIsAPIRow(sn.header, second) && display.has(zohoContentColumns...)
}

// zohoIsAPIRow reports whether row names the header's columns again, as
// the backup's second header row does ("Ticket Id" over "ticketId").
func zohoIsAPIRow(header, row []string) bool {
	if len(row) != len(header) {
		return false
	}
	same := 0
	for i := range row {
		if sfKey(row[i]) == sfKey(header[i]) && sfKey(row[i]) != "" {
			same++
		}
	}
	return same*2 > len(header)
}
