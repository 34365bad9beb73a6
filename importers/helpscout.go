package importers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// HelpScout reads Help Scout Mailbox API conversations: API 2.0
// conversations with their threads embedded (GET
// /v2/conversations/{id}?embed=threads, {"_embedded":{"threads":[...]}}),
// pages of them ({"_embedded":{"conversations":[...]}}), a conversation's
// threads page on its own, and legacy API 1.0 conversations
// ({"item":{...,"threads":[...]}}, and lists {"items":[...]}); one, JSON
// Lines, or pages appended.
//
// Threads become messages by type: customer is the customer, message an
// agent's reply, note an agent's internal note, chat and phone by
// createdBy.type (customer or user). lineitem (status changes,
// assignments, workflows), forwardparent and forwardchild are events, and
// drafts and threads held for review were never sent: none is a turn.
// API 2.0 lists threads newest first; they are put oldest first.
//
// A field that cannot be read does not cost the conversation: a key given
// twice with different values, or a time that does not parse, is rejected
// with the line it is on and left out (the message keeps its text, without
// the time), and the rest of the thread and conversation is read.
type HelpScout struct{}

// Name implements Format.
func (HelpScout) Name() string { return "helpscout" }

// Expects implements Format.
func (HelpScout) Expects() string {
	return `Help Scout Mailbox API 2.0 conversations with "_embedded":{"threads":[...]} (and pages of them), and API 1.0 {"item":{"threads":[...]}}`
}

var (
	helpScoutThreadType = regexp.MustCompile(`"type"\s*:\s*"(customer|message|note|lineitem)"`)
	helpScoutThreadList = regexp.MustCompile(`"threads"\s*:\s*\[`)
)

// Detect implements Format: a list of threads with Help Scout thread types and a
// "createdBy", inside "_embedded" (2.0) or a conversation with a mailbox
// (1.0).
func (HelpScout) Detect(head []byte, _ string) bool {
	if !looksLikeJSONObjects(head) || !helpScoutThreadList.Match(head) || !hasKey(head, "createdBy") || !helpScoutThreadType.Match(head) {
		return false
	}
	return hasKey(head, "_embedded") || hasKey(head, "mailboxId") || hasKey(head, "mailbox")
}

// helpScoutPerson is a createdBy, customer, assignee or owner: 2.0 writes
// first and last, 1.0 firstName and lastName.
type helpScoutPerson struct {
	ID        flexString `json:"id"`
	Type      string     `json:"type"`
	First     string     `json:"first"`
	Last      string     `json:"last"`
	FirstName string     `json:"firstName"`
	LastName  string     `json:"lastName"`
	Email     string     `json:"email"`
}

func (p *helpScoutPerson) name() string {
	if p == nil {
		return ""
	}
	full := strings.TrimSpace(firstNonEmpty(p.First, p.FirstName) + " " + firstNonEmpty(p.Last, p.LastName))
	return firstNonEmpty(full, p.Email, string(p.ID))
}

type helpScoutThread struct {
	ID        flexString       `json:"id"`
	Type      string           `json:"type"`
	State     string           `json:"state"`
	Body      string           `json:"body"`
	CreatedAt flexString       `json:"createdAt"`
	CreatedBy *helpScoutPerson `json:"createdBy"`
	Customer  *helpScoutPerson `json:"customer"`
}

type helpScoutConversation struct {
	ID        flexString `json:"id"`
	Number    flexString `json:"number"`
	Type      string     `json:"type"`
	Subject   string     `json:"subject"`
	Status    string     `json:"status"`
	MailboxID flexString `json:"mailboxId"`
	Mailbox   *struct {
		ID   flexString `json:"id"`
		Name string     `json:"name"`
	} `json:"mailbox"`
	Primary  *helpScoutPerson `json:"primaryCustomer"`
	Customer *helpScoutPerson `json:"customer"`
	Assignee *helpScoutPerson `json:"assignee"`
	Owner    *helpScoutPerson `json:"owner"`
	Tags     json.RawMessage  `json:"tags"`
	Embedded *struct {
		Threads       json.RawMessage `json:"threads"`
		Conversations json.RawMessage `json:"conversations"`
	} `json:"_embedded"`
	Threads json.RawMessage `json:"threads"`
	Item    json.RawMessage `json:"item"`
}

// Decode implements Format.
func (HelpScout) Decode(src *Source) error {
	return EachJSONRecord(src, []string{"items"}, func(raw json.RawMessage, line int) error {
		return helpScoutRecord(src, raw, line)
	})
}

// helpScoutRecord reads one record: a conversation, a page of them, a
// 1.0 {"item":...}, or a threads page.
func helpScoutRecord(src *Source, raw json.RawMessage, line int) error {
	idx, err := indexJSON(raw)
	if err != nil {
		src.Reject(line, "invalid JSON: %v", err)
		return nil
	}
	var conv helpScoutConversation
	if !decodeWithout(src, raw, line, idx, "", &conv) {
		return nil
	}
	switch {
	case len(conv.Item) > 0 && conv.Item[0] == '{':
		return helpScoutRecord(src, conv.Item, line+idx.lineOf("item"))
	case conv.Embedded != nil && len(conv.Embedded.Conversations) > 0:
		var list []json.RawMessage
		if err := json.Unmarshal(conv.Embedded.Conversations, &list); err != nil {
			src.Reject(line, "_embedded.conversations: %v", strings.TrimPrefix(err.Error(), "json: "))
			return nil
		}
		for i, c := range list {
			if err := helpScoutRecord(src, c, line+idx.lineOf(fmt.Sprintf("_embedded.conversations[%d]", i))); err != nil {
				return err
			}
		}
		return nil
	}
	threadsPath, threads := "threads", conv.Threads
	if conv.Embedded != nil && len(conv.Embedded.Threads) > 0 {
		threadsPath, threads = "_embedded.threads", conv.Embedded.Threads
	}
	if len(threads) == 0 || threads[0] != '[' {
		src.Reject(line, "conversation %q has no threads (fetch it with embed=threads)", string(conv.ID))
		return nil
	}
	return helpScoutEmit(src, &conv, threadsPath, raw, idx, line)
}

func helpScoutEmit(src *Source, conv *helpScoutConversation, threadsPath string, raw json.RawMessage, idx *jsonIndex, line int) error {
	id := string(conv.ID)
	if id == "" {
		id = fileConversationID(src.Name)
	}
	c := &transcript.Conversation{
		ID:      id,
		Channel: helpScoutChannel(conv.Type),
		Source:  transcript.Location{File: src.Name, Line: line},
		Meta:    map[string]string{"platform": "helpscout"},
	}
	customer := conv.Primary
	if customer == nil {
		customer = conv.Customer
	}
	c.Customer = customer.name()
	if conv.Assignee != nil {
		c.Agent = conv.Assignee.name()
	} else if conv.Owner != nil {
		c.Agent = conv.Owner.name()
	}
	setMeta(c, "number", string(conv.Number))
	setMeta(c, "subject", conv.Subject)
	setMeta(c, "status", conv.Status)
	setMeta(c, "mailbox", string(conv.MailboxID))
	if conv.Mailbox != nil {
		setMeta(c, "mailbox", firstNonEmpty(conv.Mailbox.Name, string(conv.Mailbox.ID)))
	}
	setMeta(c, "tags", strings.Join(helpScoutTags(conv.Tags), ","))
	var threads []json.RawMessage
	raw = idx.value(threadsPath)
	if err := json.Unmarshal(raw, &threads); err != nil {
		src.RejectIn(id, line, "conversation %s: %s: %v", id, threadsPath, strings.TrimPrefix(err.Error(), "json: "))
		return nil
	}
	email := c.Channel == transcript.Email
	for i, tr := range threads {
		path := fmt.Sprintf("%s[%d]", threadsPath, i)
		at := line + idx.lineOf(path)
		tidx, err := indexJSON(tr)
		if err != nil {
			src.RejectIn(id, at, "conversation %s: thread: invalid JSON: %v", id, err)
			continue
		}
		var t helpScoutThread
		if !decodeWithout(src, tr, at, tidx, fmt.Sprintf("conversation %s, thread %s: ", id, tidx.value("id")), &t) {
			continue
		}
		m, ok := helpScoutMessage(src, &t, id, at, email)
		if !ok {
			continue
		}
		if m.At, err = src.Times.Parse(string(t.CreatedAt)); err != nil {
			src.RejectIn(id, at+tidx.lineOf("createdAt"), "conversation %s, thread %s: field \"createdAt\": %v; the message is kept without a time", id, t.ID, err)
		}
		c.Messages = append(c.Messages, m)
	}
	helpScoutOldestFirst(c.Messages)
	return src.Emit(c)
}

// helpScoutMessage turns a thread into a message, or reports false for a
// thread that is not a turn (or cannot be read, rejected).
func helpScoutMessage(src *Source, t *helpScoutThread, id string, line int, email bool) (transcript.Message, bool) {
	var m transcript.Message
	switch strings.ToLower(t.State) {
	case "draft", "underreview":
		return m, false // never sent
	}
	typ := strings.ToLower(t.Type)
	switch typ {
	case "customer":
		m.Role = transcript.Customer
	case "message", "reply":
		m.Role = transcript.Agent
	case "note":
		m.Role, m.Internal = transcript.Agent, true
	case "lineitem", "forwardparent", "forwardchild", "":
		return m, false // events
	default: // chat, phone, ...: who wrote it says
		if t.CreatedBy == nil || t.CreatedBy.Type == "" {
			src.RejectIn(id, line, "conversation %s, thread %s: type %q without a createdBy type: cannot tell who wrote it", id, t.ID, t.Type)
			return m, false
		}
		role, ok := helpdeskRole(src.Opts, t.CreatedBy.Type, map[string]transcript.Role{"user": transcript.Agent, "customer": transcript.Customer})
		if !ok {
			src.RejectIn(id, line, "conversation %s, thread %s: unknown createdBy type %q (map it with --role-map)", id, t.ID, t.CreatedBy.Type)
			return m, false
		}
		m.Role = role
	}
	m.Author = t.CreatedBy.name()
	if m.Author == "" && m.Role == transcript.Customer {
		m.Author = t.Customer.name()
	}
	m.Text = strings.TrimSpace(HTMLToText(t.Body))
	if email && m.Role == transcript.Customer {
		m.Text = stripQuoted(m.Text)
	}
	return m, m.Text != ""
}

// helpScoutOldestFirst turns newest-first threads around, judged by the
// first and last timed message, so that order is right even when a time
// was left out (Finish sorts only when every message has one).
func helpScoutOldestFirst(ms []transcript.Message) {
	first, last := -1, -1
	for i := range ms {
		if ms[i].HasTime() {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first >= 0 && ms[first].At.After(ms[last].At) {
		for i, j := 0, len(ms)-1; i < j; i, j = i+1, j-1 {
			ms[i], ms[j] = ms[j], ms[i]
		}
	}
}

func helpScoutChannel(typ string) transcript.Channel {
	switch strings.ToLower(typ) {
	case "email":
		return transcript.Email
	case "chat":
		return transcript.Chat
	case "phone":
		return transcript.Call
	}
	return transcript.Other
}

// helpScoutTags reads 2.0 tags ([{"tag":"vip"}]) and 1.0 tags (["vip"]).
func helpScoutTags(raw json.RawMessage) []string {
	var names []string
	if json.Unmarshal(raw, &names) == nil {
		return nonEmpty(names)
	}
	var objs []struct {
		Tag  string `json:"tag"`
		Name string `json:"name"`
	}
	if json.Unmarshal(raw, &objs) != nil {
		return nil
	}
	for _, o := range objs {
		names = append(names, firstNonEmpty(o.Tag, o.Name))
	}
	return nonEmpty(names)
}

// decodeWithout decodes raw into v after rejecting (and leaving out) each
// key that an object of it gives twice with different values, at the line
// of the second; what is rejected is the field, and the record is read
// without it. Keys inside lists are left to the caller, which decodes each
// element (a thread) the same way.
func decodeWithout(src *Source, raw json.RawMessage, line int, idx *jsonIndex, what string, v any) bool {
	for _, d := range idx.dups {
		if strings.Contains(d.path, "[") || d.same {
			continue
		}
		src.Reject(line+d.line, "%sfield %q appears twice with different values; it is left out", what, d.path)
		raw = dropPath(raw, strings.Split(d.path, "."))
	}
	return DecodeRecord(src, raw, line, v)
}

// dropPath returns the object raw without the key at path (each part a
// key of an object inside the one before); raw as it was when there is no
// such key.
func dropPath(raw json.RawMessage, path []string) json.RawMessage {
	var obj map[string]json.RawMessage
	if len(path) == 0 || json.Unmarshal(raw, &obj) != nil {
		return raw
	}
	inner, ok := obj[path[0]]
	if !ok {
		return raw
	}
	if len(path) == 1 {
		delete(obj, path[0])
	} else {
		obj[path[0]] = dropPath(inner, path[1:])
	}
	out, err := json.Marshal(obj)
	if err != nil {
		return raw
	}
	return out
}

// A jsonIndex maps the paths of a JSON value ("a.b[2].c") to where they
// start, and lists the keys an object gives twice.
type jsonIndex struct {
	raw   []byte
	paths map[string]jsonSpan
	dups  []jsonDup
}

type jsonSpan struct{ start, end int }

type jsonDup struct {
	path string
	line int // lines after the value's first line
	same bool
}

// indexJSON indexes the objects and arrays of raw, at most a few levels
// deep: enough for a conversation's threads.
func indexJSON(raw []byte) (*jsonIndex, error) {
	idx := &jsonIndex{raw: raw, paths: map[string]jsonSpan{}}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := idx.walk(dec, "", 0); err != nil {
		return nil, err
	}
	return idx, nil
}

const jsonIndexDepth = 4

func (idx *jsonIndex) walk(dec *json.Decoder, path string, depth int) error {
	tok, err := dec.Token()
	if err != nil {
		return idx.syntax(err)
	}
	switch tok {
	case json.Delim('{'):
		seen := map[string]jsonSpan{}
		for dec.More() {
			keyStart := skipSeparators(idx.raw, int(dec.InputOffset()))
			kt, err := dec.Token()
			if err != nil {
				return idx.syntax(err)
			}
			key, _ := kt.(string)
			child := key
			if path != "" {
				child = path + "." + key
			}
			span, err := idx.member(dec, child, depth)
			if err != nil {
				return err
			}
			if prev, dup := seen[key]; dup {
				idx.dups = append(idx.dups, jsonDup{
					path: child,
					line: bytes.Count(idx.raw[:keyStart], []byte("\n")),
					same: bytes.Equal(bytes.TrimSpace(idx.raw[prev.start:prev.end]), bytes.TrimSpace(idx.raw[span.start:span.end])),
				})
				continue // the first value stands in the index
			}
			seen[key] = span
			idx.paths[child] = span
		}
		if _, err := dec.Token(); err != nil {
			return idx.syntax(err)
		}
	case json.Delim('['):
		for i := 0; dec.More(); i++ {
			child := path + "[" + strconv.Itoa(i) + "]"
			span, err := idx.member(dec, child, depth)
			if err != nil {
				return err
			}
			idx.paths[child] = span
		}
		if _, err := dec.Token(); err != nil {
			return idx.syntax(err)
		}
	}
	return nil
}

// member walks the value at path (or, below jsonIndexDepth, skips it) and
// returns where it is.
func (idx *jsonIndex) member(dec *json.Decoder, path string, depth int) (jsonSpan, error) {
	start := skipSeparators(idx.raw, int(dec.InputOffset()))
	if depth < jsonIndexDepth {
		if err := idx.walk(dec, path, depth+1); err != nil {
			return jsonSpan{}, err
		}
	} else {
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			return jsonSpan{}, idx.syntax(err)
		}
	}
	return jsonSpan{start, int(dec.InputOffset())}, nil
}

func (idx *jsonIndex) syntax(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return fmt.Errorf("%s", strings.TrimPrefix(err.Error(), "json: "))
}

// skipSeparators returns the offset of the first byte at or after off that
// is not space, a comma or a colon.
func skipSeparators(raw []byte, off int) int {
	for off < len(raw) && strings.IndexByte(" \t\r\n,:", raw[off]) >= 0 {
		off++
	}
	return off
}

// lineOf is how many lines into the value path starts (0 when unknown).
func (idx *jsonIndex) lineOf(path string) int {
	span, ok := idx.paths[path]
	if !ok {
		return 0
	}
	return bytes.Count(idx.raw[:span.start], []byte("\n"))
}

// value returns the bytes of path's value (the first, if given twice).
func (idx *jsonIndex) value(path string) []byte {
	span, ok := idx.paths[path]
	if !ok {
		return nil
	}
	return idx.raw[span.start:span.end]
}
