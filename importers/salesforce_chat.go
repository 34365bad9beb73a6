package importers

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// The LiveChatTranscript Body is HTML: centred header lines ("Chat
// Started: Monday, March 16, 2026, 10:02:11 (-0700)", "Chat Origin: …",
// "Agent NAME") and then one line per message, "( 1m 5s ) NAME: text",
// timed from the start. A line without a timer continues the message
// above it.
var (
	sfChatLine    = regexp.MustCompile(`^\(\s*(?:(\d+)h\s*)?(?:(\d+)m\s*)?(?:(\d+)s)?\s*\)\s*([^:]{1,80}?)\s*:\s?(.*)$`)
	sfChatStarted = regexp.MustCompile(`(?i)^chat started:\s*(.+)$`)
	sfChatOrigin  = regexp.MustCompile(`(?i)^chat origin:\s*(.+)$`)
	// "Agent Ana P" and "Chatbot Help Bot" name who took part.
	sfChatParticipant = regexp.MustCompile(`^(Agent|Chatbot|Bot)\s+([^:()]{1,60})$`)
	sfChatTransfer    = regexp.MustCompile(`(?i)^chat transferred from .+ to (.+)$`)
)

// sfDecodeTranscripts reads LiveChatTranscript rows: each is one chat.
func sfDecodeTranscripts(src *Source, pass *csvPass, t keyTable) error {
	rows := 0
	err := pass.each(src, true, func(_, line int, values []string) error {
		rows++
		return sfEmitTranscript(src, t, values, line)
	})
	if err != nil {
		return err
	}
	if rows == 0 && src.rejected == 0 {
		return ErrorAt(pass.line, "a header but no rows: the export is empty")
	}
	return nil
}

func sfTranscript(src *Source, t keyTable, values []string, line int) (*transcript.Conversation, string) {
	c := &transcript.Conversation{
		ID:      firstNonEmpty(t.get(values, "id"), t.get(values, "name"), t.get(values, "chatkey")),
		Channel: transcript.Chat,
		Source:  transcript.Location{File: src.Name, Line: line},
		Meta:    map[string]string{"platform": "salesforce", "object": "LiveChatTranscript"},
	}
	if c.ID == "" {
		return c, `transcript has no "Id" or "Name"`
	}
	sfCaseMeta(c, t, values, "case")
	setMeta(c, "case", t.get(values, "caseid"))
	setMeta(c, "chat_status", t.get(values, "status"))
	setMeta(c, "transcript", t.get(values, "name"))
	owner := t.get(values, "ownername")
	var start time.Time
	for _, k := range []string{"starttime", "requesttime", "createddate"} {
		if v := t.get(values, k); v != "" {
			at, err := src.Times.Parse(v)
			if err != nil {
				return c, fmt.Sprintf("transcript %s: column %q: %v", c.ID, t.name(k), err)
			}
			start = at
			break
		}
	}
	body := t.raw(values, "body")
	if !strings.Contains(body, "<") {
		body = strings.ReplaceAll(body, "\n", "<br>")
	}
	agents, bots := map[string]bool{}, map[string]bool{}
	if owner != "" {
		agents[owner] = true
	}
	if src.Opts.Agent != "" {
		agents[src.Opts.Agent] = true
	}
	type turn struct {
		speaker string
		offset  time.Duration
		text    []string
	}
	var turns []*turn
	for _, l := range strings.Split(HTMLToText(body), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if m := sfChatLine.FindStringSubmatch(l); m != nil {
			turns = append(turns, &turn{speaker: m[4], offset: sfOffset(m[1], m[2], m[3]), text: []string{m[5]}})
			continue
		}
		if m := sfChatStarted.FindStringSubmatch(l); m != nil {
			if at, ok := sfChatStart(m[1]); ok {
				start = at
			}
			continue
		}
		if m := sfChatOrigin.FindStringSubmatch(l); m != nil {
			setMeta(c, "chat_origin", m[1])
			continue
		}
		if m := sfChatParticipant.FindStringSubmatch(l); m != nil {
			if m[1] == "Agent" {
				agents[strings.TrimSpace(m[2])] = true
			} else {
				bots[strings.TrimSpace(m[2])] = true
			}
			continue
		}
		if m := sfChatTransfer.FindStringSubmatch(l); m != nil {
			agents[strings.TrimSpace(m[1])] = true
			continue
		}
		if len(turns) > 0 {
			last := turns[len(turns)-1]
			last.text = append(last.text, l)
		}
		// A header line we do not read ("Chat Ended by Visitor").
	}
	if len(turns) == 0 {
		return c, fmt.Sprintf("transcript %s: column %q has no \"( 5s ) Name: text\" lines", c.ID, t.name("body"))
	}
	if len(agents) == 0 {
		return c, fmt.Sprintf(`transcript %s names no agent (no "Agent NAME" line in the body, no Owner.Name column); name the agent with --agent`, c.ID)
	}
	for _, tr := range turns {
		m := transcript.Message{Author: tr.speaker, Text: strings.Join(tr.text, "\n")}
		switch r, mapped := roleMapped(src.Opts, tr.speaker); {
		case mapped:
			m.Role = r
		case agents[tr.speaker]:
			m.Role = transcript.Agent
		case bots[tr.speaker] || strings.EqualFold(tr.speaker, "Chatbot"):
			m.Role = transcript.Bot
		default:
			m.Role = transcript.Customer
		}
		if !start.IsZero() {
			m.At = start.Add(tr.offset)
		}
		c.Messages = append(c.Messages, m)
	}
	if c.Agent == "" && owner != "" {
		c.Agent = owner
	}
	if !start.IsZero() {
		c.Start = start
	}
	return c, ""
}

// roleMapped is the role --role-map gives value, if it names it.
func roleMapped(opts *Options, value string) (transcript.Role, bool) {
	for k, r := range opts.RoleMap {
		if strings.EqualFold(k, strings.TrimSpace(value)) {
			return r, true
		}
	}
	return "", false
}

// sfOffset reads a line's "( 1h 2m 5s )" timer.
func sfOffset(h, m, s string) time.Duration {
	n := func(v string) time.Duration {
		i, _ := strconv.Atoi(v)
		return time.Duration(i)
	}
	return n(h)*time.Hour + n(m)*time.Minute + n(s)*time.Second
}

// sfChatStart reads "Monday, March 16, 2026, 10:02:11 (-0700)".
func sfChatStart(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if day, rest, ok := strings.Cut(s, ", "); ok && strings.HasSuffix(day, "day") {
		s = rest
	}
	for _, layout := range []string{"January 2, 2006, 15:04:05 (-0700)", "January 2, 2006, 15:04:05 (MST)", "January 2, 2006, 15:04:05"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// sfIsEntriesJSON reports the Messaging conversation entries JSON (the
// Connect API's "conversationEntries", each with a sender role).
func sfIsEntriesJSON(head []byte) bool {
	if (Native{}).Detect(head, "") {
		return false
	}
	return hasKey(head, "conversationEntries") ||
		(hasKey(head, "sender") && hasKey(head, "role") && hasKey(head, "serverReceivedTimestamp"))
}

type sfEntryJSON struct {
	Identifier       flexString `json:"identifier"`
	ConversationID   flexString `json:"conversationId"`
	ConversationIdnt flexString `json:"conversationIdentifier"`
	MessageText      string     `json:"messageText"`
	EntryPayload     string     `json:"entryPayload"`
	SenderName       string     `json:"senderDisplayName"`
	Sender           struct {
		Role    string `json:"role"`
		Subject string `json:"subject"`
		AppType string `json:"appType"`
	} `json:"sender"`
	ClientTimestamp flexString `json:"clientTimestamp"`
	ServerReceived  flexString `json:"serverReceivedTimestamp"`
}

// payload reads the entry's type and text from its entryPayload, a JSON
// object in a string.
func (e *sfEntryJSON) payload() (entryType, text string) {
	var p struct {
		EntryType       string `json:"entryType"`
		AbstractMessage struct {
			StaticContent struct {
				Text string `json:"text"`
			} `json:"staticContent"`
		} `json:"abstractMessage"`
	}
	if e.EntryPayload == "" || json.Unmarshal([]byte(e.EntryPayload), &p) != nil {
		return "", ""
	}
	return p.EntryType, p.AbstractMessage.StaticContent.Text
}

// sfDecodeEntriesJSON reads Messaging conversation entries: each run of
// one conversation's entries is one conversation (a file of one
// conversation's entries, which carry no conversation id, is named after
// the file).
func sfDecodeEntriesJSON(src *Source) error {
	events := 0
	runs := adjacentRuns{src: src, what: "conversation %s's entries", start: func(id string, line int) *transcript.Conversation {
		return &transcript.Conversation{ID: id, Channel: transcript.Chat, Source: transcript.Location{File: src.Name, Line: line},
			Meta: map[string]string{"platform": "salesforce", "object": "ConversationEntry"}}
	}}
	err := EachJSONRecord(src, []string{"conversationEntries"}, func(raw json.RawMessage, line int) error {
		var e sfEntryJSON
		if !DecodeRecord(src, raw, line, &e) {
			return nil
		}
		id := firstNonEmpty(string(e.ConversationID), string(e.ConversationIdnt), fileConversationID(src.Name))
		pending, err := runs.at(id, line)
		if err != nil {
			return err
		}
		entryType, payloadText := e.payload()
		role, ok := helpdeskRole(src.Opts, e.Sender.Role, sfActorRoles)
		switch {
		case entryType != "" && !strings.EqualFold(entryType, "Message"):
			events++
			return nil
		case !ok:
			src.RejectIn(id, line, "entry %s: unknown sender role %q (EndUser, Agent, Chatbot or System; or map it with --role-map)", e.Identifier, e.Sender.Role)
			return nil
		case role == transcript.System:
			events++
			return nil
		}
		m := transcript.Message{Role: role, Author: firstNonEmpty(e.SenderName, e.Sender.Subject), Internal: strings.EqualFold(e.Sender.Role, "Supervisor"),
			Text: firstNonEmpty(e.MessageText, payloadText)}
		at, err := src.Times.Parse(firstNonEmpty(string(e.ClientTimestamp), string(e.ServerReceived)))
		if err != nil {
			src.RejectIn(id, line, "entry %s: clientTimestamp: %v", e.Identifier, err)
			return nil
		}
		m.At = at
		if m.Text == "" {
			events++ // a file or a rich message without text
			return nil
		}
		pending.Messages = append(pending.Messages, m)
		return nil
	})
	if err != nil {
		return err
	}
	if events > 0 {
		src.Warn("skipped %s: events or entries without text (participant changes, routing, attachments alone)", sfEntries(events))
	}
	return runs.flush()
}
