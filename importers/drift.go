package importers

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// Drift reads two Drift exports.
//
// The bulk transcript CSV: a title line (the report's name and range)
// before the header, then one row per conversation whose transcript column
// holds one line per message, "Nov 2, 12:48:26 PM PDT Name: text" (a line
// that does not start with a time continues the message above it). The
// lines carry no year: it is taken from the row's date column, choosing
// the year that puts the message nearest that date, so a chat that runs
// past New Year stays in order; without a date column the times are left
// out and the file says so once. Speakers are resolved in turn: --role-map;
// a "(Agent)" suffix (a Drift user, a bot when the name is a bot's); the
// contact's name or e-mail from the row, or "null", "Site Visitor",
// "Visitor 8812" (a visitor without a name) is the customer; the assignee, or an --agent-domain e-mail, an
// agent. Anyone else is the customer when the row names no contact and no
// one else is, else an agent (Drift's model: one contact, many users).
// Lines without "Name:" are events (joins, closes) and are not turns; a
// literal "null" cell is empty.
//
// The API's conversation messages, as GET /conversations/{id}/messages
// returns them ({"data":{"messages":[...]}}), pages of them appended or as
// JSON Lines, and plain arrays of messages: author.type contact is the
// customer, user an agent (a bot when author.bot is true), bot a bot;
// type private_note is internal, and private_prompt, suggestion and edit
// are not turns. createdAt is epoch milliseconds; bodies are HTML.
type Drift struct{}

// Name implements Format.
func (Drift) Name() string { return "drift" }

// Expects implements Format.
func (Drift) Expects() string {
	return `Drift bulk transcript CSV (a title line, then a transcript cell per conversation: "Nov 2, 12:48:26 PM PDT Name: text") and API conversation messages {"data":{"messages":[...]}}`
}

// driftStampRe finds a transcript line's start in a file's head: at the
// start of a line or of a quoted cell.
var driftStampRe = regexp.MustCompile(`(?m)(?:^|")[A-Z][a-z]{2,8} \d{1,2}, \d{1,2}:\d{2}:\d{2} (?i:[AP]M) ` + driftZone + ` [^:\n"]{1,80}: `)

// driftLineRe reads one transcript line: month, day, clock, zone and the
// rest ("Name: text").
var driftLineRe = regexp.MustCompile(`^([A-Z][a-z]{2,8})\.? (\d{1,2}), (\d{1,2}:\d{2}:\d{2} (?i:[AP]M)) (` + driftZone + `) ?(.*)$`)

// driftZone is a zone abbreviation, or GMT or UTC with an offset (GMT+1,
// UTC-05:30).
const driftZone = `[A-Z]{2,5}(?:[+-]\d{1,2}(?::?\d{2})?)?`

var driftMessageType = regexp.MustCompile(`"type"\s*:\s*"(chat|private_note|private_prompt|suggestion|edit)"`)

// Detect implements Format: JSON messages with a "conversationId", an
// "author" and a Drift message type; or text with at least two transcript
// lines.
func (Drift) Detect(head []byte, name string) bool {
	if looksLikeJSONObjects(head) {
		return hasKey(head, "conversationId") && hasKey(head, "author") && driftMessageType.Match(head) &&
			(hasKey(head, "orgId") || hasKey(head, "bot"))
	}
	t := bytes.TrimLeft(head, " \t\r\n")
	if len(t) == 0 || t[0] == '[' || t[0] == '{' || t[0] == '<' || (Email{}).Detect(head, name) {
		return false // a transcript mailed out by Drift is an e-mail
	}
	return len(driftStampRe.FindAllIndex(head, 2)) == 2
}

// Decode implements Format.
func (Drift) Decode(src *Source) error {
	br, ok := src.R.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(src.R, HeadSize)
	}
	head, _ := br.Peek(HeadSize)
	src.R = br
	if looksLikeJSONObjects(head) {
		return decodeDriftJSON(src)
	}
	return decodeDriftCSV(src, br)
}

// driftColumns are the header's columns (-1 when absent).
type driftColumns struct {
	names                                          []string
	id, transcript, date, contact, email, assignee int
	meta                                           []int
}

// driftHeader reads rec as the header when it names a transcript column
// and one other column Drift writes; a title line such as "Conversation
// Transcripts - Oct 1, 2026 to Dec 31, 2026" names a transcript but
// carries digits.
func driftHeader(rec []string) (*driftColumns, bool) {
	c := &driftColumns{id: -1, transcript: -1, date: -1, contact: -1, email: -1, assignee: -1}
	for i, h := range rec {
		h = strings.TrimSpace(strings.TrimPrefix(h, "\ufeff"))
		c.names = append(c.names, h)
		k := normKey(h)
		set := func(p *int) bool { return setColumn(p, i) }
		switch {
		case strings.Contains(k, "transcript") && !strings.Contains(k, "url") && !strings.Contains(k, "link") && set(&c.transcript):
		case (k == "conversationid" || k == "id" || k == "conversation") && set(&c.id):
		case (strings.Contains(k, "date") || strings.Contains(k, "created") || strings.Contains(k, "started")) && set(&c.date):
		case strings.Contains(k, "email") && !strings.Contains(k, "agent") && !strings.Contains(k, "assignee") && set(&c.email):
		case (k == "contact" || k == "contactname" || k == "name" || k == "visitorname" || k == "visitor") && set(&c.contact):
		case (strings.Contains(k, "assignee") || k == "agent" || k == "agentname" || k == "owner" || k == "assignedto") && set(&c.assignee):
		default:
			c.meta = append(c.meta, i)
		}
	}
	if c.transcript < 0 || strings.ContainsAny(c.names[c.transcript], "0123456789") {
		return nil, false
	}
	return c, c.id >= 0 || c.date >= 0 || c.email >= 0 || c.contact >= 0
}

// setColumn records column i in *p unless a column was found for it
// already; it reports whether it did, so a header's cases can fall through
// to the next field (or to metadata) when the first claimant is taken.
func setColumn(p *int, i int) bool {
	if *p < 0 {
		*p = i
		return true
	}
	return false
}

func (c *driftColumns) cell(rec []string, i int) string {
	if i < 0 || i >= len(rec) {
		return ""
	}
	v := strings.TrimSpace(rec[i])
	if strings.EqualFold(v, "null") {
		return ""
	}
	return v
}

// driftCSV is the state of one transcript CSV.
type driftCSV struct {
	src    *Source
	cols   *driftColumns
	r      *csv.Reader
	noYear int // conversations whose times were left out for want of a year
	zones  map[string]bool
}

func decodeDriftCSV(src *Source, br *bufio.Reader) error {
	limit := newRowLimiter(br, ',')
	d := &driftCSV{src: src, r: newCSVReader(limit, ','), zones: map[string]bool{}}
	headerLine, rows := 0, 0
	for n := 0; ; n++ {
		limit.rowStarts(d.r.InputOffset())
		rec, err := d.r.Read()
		if err == io.EOF {
			break
		}
		if errors.Is(err, errRowTooLong) {
			return ErrorAt(headerLine, "a row after this line is longer than %d MiB; is a quote left open?", MaxRecordBytes>>20)
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			if d.cols == nil {
				return ErrorAt(pe.StartLine, "%v", pe.Err)
			}
			src.Reject(pe.StartLine, "malformed CSV row: %v", pe.Err)
			continue
		}
		if err != nil {
			return err
		}
		line, _ := d.r.FieldPos(0)
		if d.cols == nil {
			if cols, ok := driftHeader(rec); ok {
				d.cols, headerLine = cols, line
				continue
			}
			if n >= 9 {
				return ErrorAt(line, "no header with a transcript column in the first 10 rows (a Drift transcript export has one)")
			}
			continue // the title line(s)
		}
		if blankRow(rec) {
			continue
		}
		rows++
		if err := d.row(rec, line, rows); err != nil {
			return err
		}
	}
	if d.cols == nil {
		return errors.New("no header with a transcript column (a Drift transcript export has one)")
	}
	switch {
	case d.cols.date < 0 && d.noYear > 0:
		src.Warn("transcript times carry no year and there is no date column to take it from: message times are left out and file order is kept")
	case d.noYear > 0:
		src.Warn("%s with an empty or unreadable %q: message times are left out and file order is kept", plural(d.noYear, "conversation"), d.cols.names[d.cols.date])
	}
	for _, z := range slices.Sorted(maps.Keys(d.zones)) {
		src.Warn("time zone %q is not one iqa knows: times with it are read in --tz", z)
	}
	return nil
}

// row reads one conversation.
func (d *driftCSV) row(rec []string, line, n int) error {
	src, cols := d.src, d.cols
	id := cols.cell(rec, cols.id)
	if id == "" {
		if cols.id >= 0 {
			src.Reject(line, "column %q is empty: no conversation id", cols.names[cols.id])
			return nil
		}
		id = fmt.Sprintf("%s-%d", fileConversationID(src.Name), n)
	}
	c := &transcript.Conversation{
		ID:      id,
		Channel: transcript.Chat,
		Source:  transcript.Location{File: src.Name, Line: line},
		Meta:    map[string]string{"platform": "drift"},
	}
	contact, email := cols.cell(rec, cols.contact), cols.cell(rec, cols.email)
	c.Customer = firstNonEmpty(contact, email)
	c.Agent = cols.cell(rec, cols.assignee)
	for _, i := range cols.meta {
		if cols.names[i] != "" {
			setMeta(c, metaName(cols.names[i]), cols.cell(rec, i))
		}
	}
	setMeta(c, "contact_email", email)
	text := cols.cell(rec, cols.transcript)
	if text == "" {
		src.RejectIn(id, line, "conversation %s: column %q is empty: no transcript", id, cols.names[cols.transcript])
		return nil
	}
	var date time.Time
	if raw := cols.cell(rec, cols.date); raw != "" {
		if t, err := src.Times.Parse(raw); err == nil {
			date = t
		}
	}
	if date.IsZero() {
		d.noYear++
	}
	first, _ := d.r.FieldPos(cols.transcript)
	roles := &driftRoles{opts: src.Opts, contact: contact, email: email, assignee: c.Agent}
	var lines []driftLine
	for k, l := range strings.Split(text, "\n") {
		l = strings.TrimRight(l, "\r \t")
		at := first + k
		m := driftLineRe.FindStringSubmatch(l)
		if m == nil {
			switch {
			case strings.TrimSpace(l) == "":
			case len(lines) > 0 && !lines[len(lines)-1].event:
				lines[len(lines)-1].text += "\n" + l
			case len(lines) > 0: // under an event line: not a turn either
			default:
				src.RejectIn(id, at, "conversation %s: transcript line does not start with a time (\"Nov 2, 12:48:26 PM PDT Name: text\")", id)
			}
			continue
		}
		dl := driftLine{line: at}
		speaker, said, ok := strings.Cut(m[5], ": ")
		if !ok {
			speaker, said, ok = strings.Cut(m[5], ":")
		}
		if !ok || strings.TrimSpace(speaker) == "" || len(speaker) > 80 {
			dl.event = true // "Conversation closed", "Alex joined": not a turn
			lines = append(lines, dl)
			continue
		}
		dl.speaker, dl.text = strings.TrimSpace(speaker), said
		if !date.IsZero() {
			t, err := d.stamp(m[1], m[2], m[3], m[4], date)
			if err != nil {
				src.RejectIn(id, at, "conversation %s: %v", id, err)
				continue
			}
			dl.at = t
		}
		lines = append(lines, dl)
	}
	for _, l := range lines {
		if !l.event {
			roles.see(l.speaker)
		}
	}
	for _, l := range lines {
		if l.event {
			continue
		}
		role, author := roles.role(l.speaker)
		c.Messages = append(c.Messages, transcript.Message{Role: role, Author: author, Text: strings.TrimSpace(l.text), At: l.at})
	}
	if len(c.Messages) == 0 {
		src.RejectIn(id, line, "conversation %s: the transcript has no message line", id)
		return nil
	}
	return src.Emit(c)
}

type driftLine struct {
	line          int
	speaker, text string
	at            time.Time
	event         bool
}

// driftZoneHours are the zone abbreviations Drift writes, as offsets from
// UTC in minutes.
var driftZoneMinutes = map[string]int{
	"UTC": 0, "GMT": 0, "WET": 0, "WEST": 60, "BST": 60, "CET": 60, "CEST": 120, "EET": 120, "EEST": 180,
	"EST": -300, "EDT": -240, "CST": -360, "CDT": -300, "MST": -420, "MDT": -360, "PST": -480, "PDT": -420,
	"AKST": -540, "AKDT": -480, "HST": -600, "AST": -240, "ADT": -180, "NST": -210, "NDT": -150,
	"JST": 540, "KST": 540, "SGT": 480, "HKT": 480, "AEST": 600, "AEDT": 660, "ACST": 570, "ACDT": 630,
	"AWST": 480, "NZST": 720, "NZDT": 780,
}

// stamp reads a transcript line's time in the year that puts it nearest
// date (the row's date, which has a year).
func (d *driftCSV) stamp(month, day, clock, zone string, date time.Time) (time.Time, error) {
	mon, ok := monthNumber(month)
	dd, _ := strconv.Atoi(day)
	hour, minute, sec, err := parseClock(clock)
	if !ok || err != nil || dd < 1 || dd > 31 {
		return time.Time{}, fmt.Errorf("invalid time %q", month+" "+day+", "+clock)
	}
	loc := d.src.Opts.TZ
	if mins, ok := driftZoneOffset(zone); ok {
		loc = time.FixedZone(zone, mins*60)
	} else {
		d.zones[zone] = true
	}
	if loc == nil {
		loc = time.UTC
	}
	var best time.Time
	for y := date.Year() - 1; y <= date.Year()+1; y++ {
		t := time.Date(y, mon, dd, hour, minute, sec, 0, loc)
		if t.Day() != dd {
			continue // Feb 29 in a year without one
		}
		if best.IsZero() || absDuration(t.Sub(date)) < absDuration(best.Sub(date)) {
			best = t
		}
	}
	if best.IsZero() {
		return time.Time{}, fmt.Errorf("invalid date %q", month+" "+day)
	}
	return best.UTC(), nil
}

// driftZoneOffset reads a zone abbreviation, or GMT or UTC with an
// offset, as minutes east of UTC.
func driftZoneOffset(zone string) (int, bool) {
	if mins, ok := driftZoneMinutes[zone]; ok {
		return mins, true
	}
	i := strings.IndexAny(zone, "+-")
	if i < 0 || (zone[:i] != "GMT" && zone[:i] != "UTC") {
		return 0, false
	}
	sign, rest := 1, zone[i+1:]
	if zone[i] == '-' {
		sign = -1
	}
	hh, mm, colon := strings.Cut(rest, ":")
	if !colon && len(rest) > 2 { // GMT+0530
		hh, mm = rest[:len(rest)-2], rest[len(rest)-2:]
	}
	hours, err := strconv.Atoi(hh)
	minutes := 0
	if err == nil && mm != "" {
		minutes, err = strconv.Atoi(mm)
	}
	if err != nil || hours > 14 || minutes > 59 {
		return 0, false
	}
	return sign * (hours*60 + minutes), true
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func monthNumber(s string) (time.Month, bool) {
	s = strings.ToLower(s)
	if len(s) < 3 {
		return 0, false
	}
	for m := time.January; m <= time.December; m++ {
		name := strings.ToLower(m.String())
		if s == name || s == name[:3] || (s == "sept" && m == time.September) {
			return m, true
		}
	}
	return 0, false
}

// driftRoles decides the role of each speaker of one transcript.
type driftRoles struct {
	opts                     *Options
	contact, email, assignee string
	// unresolved lists the speakers no rule named, in order of appearance;
	// marked says a speaker carried "(Agent)", so the export marks users.
	unresolved []string
	marked     bool
}

// driftVisitorName is how Drift names a contact it knows nothing about:
// "null", "Site Visitor", "Visitor 8812", "Anonymous".
var driftVisitorName = regexp.MustCompile(`(?i)^(null|anonymous|guest|(site |web )?visitor)( #?\d+)?$`)

// driftBotName says whether a speaker's name is a bot's.
var driftBotName = regexp.MustCompile(`(?i)(^|[^a-z])bot([^a-z]|$)`)

// explicit resolves a speaker by a rule that needs no other speaker.
func (r *driftRoles) explicit(speaker string) (transcript.Role, string, bool) {
	name, mark := speaker, ""
	if i := strings.LastIndex(speaker, " ("); i > 0 && strings.HasSuffix(speaker, ")") {
		name, mark = strings.TrimSpace(speaker[:i]), strings.ToLower(speaker[i+2:len(speaker)-1])
	}
	for k, role := range r.opts.RoleMap {
		if strings.EqualFold(k, speaker) || strings.EqualFold(k, name) {
			return role, name, true
		}
	}
	switch mark {
	case "agent", "user", "teammate":
		if driftBotName.MatchString(name) {
			return transcript.Bot, name, true
		}
		return transcript.Agent, name, true
	case "bot":
		return transcript.Bot, name, true
	case "contact", "visitor", "customer", "lead":
		return transcript.Customer, name, true
	}
	switch {
	case driftVisitorName.MatchString(name):
		return transcript.Customer, firstNonEmpty(r.contact, r.email, name), true
	case r.contact != "" && strings.EqualFold(name, r.contact), r.email != "" && strings.EqualFold(name, r.email):
		return transcript.Customer, name, true
	case r.assignee != "" && strings.EqualFold(name, r.assignee), agentDomain(name, r.opts.AgentDomains):
		return transcript.Agent, name, true
	case driftBotName.MatchString(name):
		return transcript.Bot, name, true
	}
	return "", name, false
}

// see notes a speaker before any role is given, so the rules that need the
// whole cast (who is the one contact) can be applied.
func (r *driftRoles) see(speaker string) {
	if strings.HasSuffix(strings.ToLower(speaker), "(agent)") {
		r.marked = true
	}
	if _, name, ok := r.explicit(speaker); !ok && !containsFold(r.unresolved, name) {
		r.unresolved = append(r.unresolved, name)
	}
}

func (r *driftRoles) role(speaker string) (transcript.Role, string) {
	role, name, ok := r.explicit(speaker)
	if ok {
		return role, name
	}
	switch {
	case r.contact != "" || r.email != "":
		// The row names the contact, and this is not them: a Drift user.
		return transcript.Agent, name
	case r.marked:
		// The export marks users with "(Agent)"; an unmarked speaker is the contact.
		return transcript.Customer, name
	case len(r.unresolved) > 0 && strings.EqualFold(r.unresolved[0], name):
		return transcript.Customer, name
	}
	return transcript.Agent, name
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

// The API's messages.

type driftAuthor struct {
	Type string     `json:"type"`
	ID   flexString `json:"id"`
	Bot  bool       `json:"bot"`
}

type driftMessage struct {
	ID             flexString   `json:"id"`
	ConversationID flexString   `json:"conversationId"`
	Type           string       `json:"type"`
	Body           string       `json:"body"`
	CreatedAt      flexString   `json:"createdAt"`
	Author         *driftAuthor `json:"author"`
	Buttons        []struct {
		Label string `json:"label"`
	} `json:"buttons"`
}

// driftRecord is a message, or a response holding messages.
type driftRecord struct {
	driftMessage
	Data     json.RawMessage   `json:"data"`
	Messages []json.RawMessage `json:"messages"`
}

var driftAuthorTable = map[string]transcript.Role{
	"contact": transcript.Customer,
	"user":    transcript.Agent,
	"bot":     transcript.Bot,
}

type driftJSON struct {
	src   *Source
	runs  adjacentRuns
	empty int
}

func decodeDriftJSON(src *Source) error {
	d := &driftJSON{src: src, runs: platformRuns(src, "drift", transcript.Chat)}
	err := EachJSONRecord(src, []string{"messages"}, d.record)
	if err == nil {
		err = d.runs.flush()
	}
	warnEmpty(src, d.empty, "message")
	return err
}

func (d *driftJSON) record(raw json.RawMessage, line int) error {
	var r driftRecord
	if !DecodeRecord(d.src, raw, line, &r) {
		return nil
	}
	msgs := r.Messages
	if len(r.Data) > 0 && r.Data[0] == '{' {
		var inner struct {
			Messages []json.RawMessage `json:"messages"`
		}
		if err := json.Unmarshal(r.Data, &inner); err != nil {
			d.src.Reject(line, "data: %v", strings.TrimPrefix(err.Error(), "json: "))
			return nil
		}
		msgs = append(msgs, inner.Messages...)
	} else if len(r.Data) > 0 && r.Data[0] == '[' {
		var list []json.RawMessage
		if err := json.Unmarshal(r.Data, &list); err != nil {
			d.src.Reject(line, "data: %v", strings.TrimPrefix(err.Error(), "json: "))
			return nil
		}
		msgs = append(msgs, list...)
	}
	if msgs == nil && r.Author == nil && r.Type == "" {
		if len(r.Data) > 0 || r.Messages != nil {
			return nil // a page with no messages
		}
		d.src.Reject(line, "not a Drift message: no \"author\" or \"type\"")
		return nil
	}
	if msgs == nil {
		return d.message(&r.driftMessage, line)
	}
	for _, m := range msgs {
		var dm driftMessage
		if !DecodeRecord(d.src, m, line, &dm) {
			continue
		}
		if err := d.message(&dm, line); err != nil {
			return err
		}
	}
	return nil
}

func (d *driftJSON) message(m *driftMessage, line int) error {
	src := d.src
	id := string(m.ConversationID)
	if id == "" {
		id = fileConversationID(src.Name)
	}
	c, err := d.runs.at(id, line)
	if err != nil {
		return err
	}
	switch m.Type {
	case "chat", "private_note", "":
	default:
		return nil // private_prompt, suggestion, edit: not a turn
	}
	text := strings.TrimSpace(HTMLToText(m.Body))
	if text == "" {
		var labels []string
		for _, b := range m.Buttons {
			labels = append(labels, strings.TrimSpace(b.Label))
		}
		text = strings.Join(nonEmpty(labels), " / ")
	}
	if text == "" {
		d.empty++
		return nil
	}
	if m.Author == nil {
		src.RejectIn(id, line, "conversation %s, message %s: no \"author\": cannot tell who wrote it", id, m.ID)
		return nil
	}
	role, ok := helpdeskRole(src.Opts, m.Author.Type, driftAuthorTable)
	if !ok {
		src.RejectIn(id, line, "conversation %s, message %s: unknown author type %q (map it with --role-map)", id, m.ID, m.Author.Type)
		return nil
	}
	if m.Author.Bot && role == transcript.Agent {
		role = transcript.Bot
	}
	at, err := src.Times.Parse(string(m.CreatedAt))
	if err != nil {
		src.RejectIn(id, line, "conversation %s, message %s: createdAt: %v", id, m.ID, err)
		return nil
	}
	c.Messages = append(c.Messages, transcript.Message{
		Role:     role,
		Author:   string(m.Author.ID),
		Text:     text,
		At:       at,
		Internal: m.Type == "private_note",
	})
	return nil
}
