package importers

import (
	"bufio"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// zohoDecodeBackup reads the threads CSV of a Zoho Desk data backup: a row
// of display names ("Ticket Id", "Thread Status", …), then a row of API
// names ("ticketId", "threadStatus", …), then one row per thread. Thread
// Status EMAIL INCOMING is the customer and EMAIL OUTGOING an agent (else
// a direction column, in or out); content is HTML; times carry no zone
// and are read in the row's Time Zone column (an IANA name or an offset
// such as GMT+05:30), else in --tz. Rows of one ticket may be anywhere in
// the file.
func zohoDecodeBackup(src *Source, br *bufio.Reader, head []byte) error {
	delim, sepLine := csvDialect(head)
	pass, err := openCSVPass(br, delim, sepLine)
	if err != nil {
		return err
	}
	t := newKeyTable(pass.header)
	if !t.has(zohoTicketColumns...) || !t.has(zohoContentColumns...) {
		return ErrorAt(pass.line, `not a Zoho Desk threads backup: no "Ticket Id" and "Content" columns (columns found: %s)`, quoteAll(pass.header))
	}
	z := &zohoBackup{src: src, t: t}
	g := rowGroups{
		key: func(t keyTable, values []string) string { return t.get(values, zohoTicketColumns...) },
		noKey: func(line int, t keyTable, _ []string) {
			src.Reject(line, "column %q is empty: cannot tell which ticket the thread belongs to", t.name(zohoTicketColumns...))
		},
		start: func(id string, line int) *transcript.Conversation { return newZohoConversation(src, id, line) },
		add:   func(c *transcript.Conversation, line int, _ keyTable, values []string) { z.row(c, line, values) },
		// The first row under the header is the API names' row.
		skip: func(n int, values []string) bool { return n == 1 && zohoIsAPIRow(pass.header, values) },
	}
	rows, err := g.run(src, csvRows(src, pass, delim, sepLine, t))
	if err != nil {
		return err
	}
	if rows == 0 && src.rejected == 0 {
		return ErrorAt(pass.line, "a header but no rows: the export is empty")
	}
	if z.skipped > 0 {
		src.Warn("skipped %s whose Thread Status is a draft or failed send", plural(z.skipped, "thread"))
	}
	warnEmpty(src, z.empty, "thread")
	return nil
}

// The columns that name a thread's ticket and content, in the backup and
// in the migration layout.
var (
	zohoTicketColumns  = []string{"ticketid", "requestid", "ticketextid"}
	zohoContentColumns = []string{"content", "threadcontent", "body", "message"}
)

type zohoBackup struct {
	src            *Source
	t              keyTable
	skipped, empty int
}

func (z *zohoBackup) row(c *transcript.Conversation, line int, values []string) {
	t := z.t
	status := strings.ToUpper(t.get(values, "threadstatus"))
	m := transcript.Message{Author: firstNonEmpty(t.get(values, "authorname", "author", "sender", "sentby"), t.get(values, "from", "fromemailaddress", "senderemail"))}
	direction := strings.ToLower(t.get(values, "direction"))
	switch {
	case strings.Contains(status, "DRAFT") || strings.Contains(status, "FAIL"):
		z.skipped++
		return
	case strings.Contains(status, "INCOMING") || direction == "in" || direction == "incoming":
		m.Role = transcript.Customer
	case strings.Contains(status, "OUTGOING") || direction == "out" || direction == "outgoing":
		m.Role = transcript.Agent
	case strings.Contains(status, "COMMENT") || strings.Contains(status, "PRIVATE"):
		m.Role, m.Internal = transcript.Agent, true
	case status == "" && direction == "":
		z.src.RejectIn(c.ID, line, "no %s: cannot tell who wrote the thread", z.statusColumns())
		return
	case status != "":
		z.src.RejectIn(c.ID, line, "column %q: unknown thread status %q (EMAIL INCOMING or EMAIL OUTGOING expected)", t.name("threadstatus"), status)
		return
	default:
		z.src.RejectIn(c.ID, line, "column %q: unknown direction %q (in or out expected)", t.name("direction"), t.get(values, "direction"))
		return
	}
	if private, _ := sfBool(t.get(values, "isprivate")); private || strings.EqualFold(t.get(values, "visibility"), "private") {
		m.Internal = true
	}
	if reason := z.time(values, &m); reason != "" {
		z.src.RejectIn(c.ID, line, "%s", reason)
		return
	}
	channel := t.get(values, "channel")
	if channel == "" && strings.HasPrefix(status, "EMAIL") {
		channel = "EMAIL"
	}
	if c.Channel == "" || c.Channel == transcript.Other {
		c.Channel = zohoChannel(channel)
	}
	setMeta(c, "subject", t.get(values, "subject"))
	content := t.get(values, zohoContentColumns...)
	if content == "NULL" {
		content = "" // how the migration layout writes an empty body
	}
	m.Text = zohoText(&zohoThread{Content: content, Channel: channel})
	if m.Text == "" {
		z.empty++
		return
	}
	c.Messages = append(c.Messages, m)
}

// statusColumns names the columns that say who wrote a thread, for a
// reject.
func (z *zohoBackup) statusColumns() string {
	var names []string
	for _, k := range []string{"threadstatus", "direction"} {
		if z.t.has(k) {
			names = append(names, fmt.Sprintf("%q", z.t.name(k)))
		}
	}
	if len(names) == 0 {
		return `"Thread Status" or "Direction" column`
	}
	return strings.Join(names, " or ") + " value"
}

// time reads the thread's zone-less time in its row's time zone.
func (z *zohoBackup) time(values []string, m *transcript.Message) string {
	key := "createdtime"
	for _, k := range []string{"createdtime", "senttime", "sendtime", "senddatetime", "receivedtime", "threadtime", "date"} {
		if z.t.has(k) {
			key = k
			break
		}
	}
	v := z.t.get(values, key)
	if v == "" {
		return ""
	}
	p := z.src.Times
	if zone := z.t.get(values, "timezone"); zone != "" {
		loc, err := zohoZone(zone)
		if err != nil {
			return fmt.Sprintf("column %q: %v", z.t.name("timezone"), err)
		}
		saved := p.TZ
		p.TZ = loc
		defer func() { p.TZ = saved }()
	}
	if zohoMinuteTime.MatchString(v) {
		// The migration layout's "2024-05-10T10:30.000Z": no seconds.
		v = v[:16] + ":00" + v[16:]
	}
	at, err := p.Parse(v)
	if err != nil {
		return fmt.Sprintf("column %q: %v", z.t.name(key), err)
	}
	m.At = at
	return ""
}

var zohoMinuteTime = regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d\.\d+Z$`)

var zohoOffset = regexp.MustCompile(`^(?i:gmt|utc)?\s*([+-])(\d{1,2}):?(\d{2})?$`)

// zohoZone reads a Time Zone cell: "Asia/Kolkata", "GMT+05:30", "-0800".
func zohoZone(s string) (*time.Location, error) {
	if m := zohoOffset.FindStringSubmatch(strings.TrimSpace(s)); m != nil {
		h, _ := strconv.Atoi(m[2])
		min, _ := strconv.Atoi(m[3])
		off := h*3600 + min*60
		if m[1] == "-" {
			off = -off
		}
		if h > 14 || min > 59 {
			return nil, fmt.Errorf("invalid time zone %q", s)
		}
		return time.FixedZone(s, off), nil
	}
	if strings.EqualFold(s, "GMT") || strings.EqualFold(s, "UTC") {
		return time.UTC, nil
	}
	loc, err := time.LoadLocation(s)
	if err != nil || strings.EqualFold(s, "Local") {
		return nil, fmt.Errorf("unknown time zone %q (an IANA name such as Asia/Kolkata, or an offset such as GMT+05:30)", s)
	}
	return loc, nil
}
