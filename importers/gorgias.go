package importers

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// Gorgias reads the Gorgias ticket messages CSV: one row per message, with
// the ticket id, the sender as JSON inside a cell (sender_info:
// {"id":..,"email":..,"name":..}), the receiver likewise, the text
// (stripped_text, body_text, or body_html) and the time. A ticket's rows
// need not be adjacent (the file is read twice).
//
// Who wrote a row: a from_agent column when there is one; else a sender
// in --agent-domain is an agent; else the brand's side is found from the
// file: the addresses that received a ticket's first message, and the
// domains (not webmail) that reply to tickets begun by another domain.
// Anyone else is the customer. A row with public false is an internal
// note. Ticket columns (channel, status, tags, the satisfaction survey
// score) become metadata.
//
// The tickets statistics CSV (one row per ticket with its survey score and
// times, and no messages) is detected too. In a run with the messages
// export it is read first (gorgias_stats.go) and its channel, survey score
// and ticket fields join the messages' tickets by id as metadata; it gets
// one line saying how many tickets joined, never a reject for every row.
type Gorgias struct{}

// Name implements Format.
func (Gorgias) Name() string { return "gorgias" }

// Expects implements Format.
func (Gorgias) Expects() string {
	return `Gorgias ticket messages CSV (ticket_id, sender_info as JSON in a cell, stripped_text or body_html; the brand's side by from_agent, --agent-domain or the addresses customers write to); tickets statistics CSV joined to the messages' tickets as metadata (channel, survey score)`
}

// gorgiasColumns are a messages CSV's columns (-1 when absent).
type gorgiasColumns struct {
	names                                       []string
	ticket, id, time, sender, receiver          int
	text, html, fromAgent, public, channel, sub int
	meta                                        []int
}

var gorgiasTicketMeta = map[string]string{
	"status": "status", "tags": "tags", "channel": "channel", "via": "via", "assignee": "assignee",
	"satisfactionscore": "csat", "surveyscore": "csat", "satisfactionsurveyscore": "csat", "csat": "csat", "csatscore": "csat",
	"surveyrating": "csat", "satisfactionrating": "csat", "csatrating": "csat", "surveyresponsescore": "csat",
	"satisfactioncomment": "csat_comment", "surveycomment": "csat_comment",
}

func gorgiasHeader(header []string) *gorgiasColumns {
	c := &gorgiasColumns{names: header, ticket: -1, id: -1, time: -1, sender: -1, receiver: -1,
		text: -1, html: -1, fromAgent: -1, public: -1, channel: -1, sub: -1}
	for i, h := range header {
		k := normKey(h)
		set := func(p *int) bool { return setColumn(p, i) }
		switch {
		case (k == "ticketid" || k == "ticket") && set(&c.ticket):
		case (k == "messageid" || k == "id") && set(&c.id):
		case (k == "createddatetime" || k == "sentdatetime" || k == "createdat" || k == "created" || k == "sentat" || k == "datetime" || k == "date") && set(&c.time):
		case (k == "senderinfo" || k == "sender") && set(&c.sender):
		case (k == "receiverinfo" || k == "receiver") && set(&c.receiver):
		case (k == "strippedtext" || k == "bodytext" || k == "text" || k == "body" || k == "message") && set(&c.text):
		case (k == "strippedhtml" || k == "bodyhtml" || k == "html") && set(&c.html):
		case k == "fromagent" && set(&c.fromAgent):
		case (k == "public" || k == "ispublic") && set(&c.public):
		case k == "channel" && set(&c.channel):
		case k == "subject" && set(&c.sub):
		default:
			if _, ok := gorgiasTicketMeta[k]; ok {
				c.meta = append(c.meta, i)
			}
		}
		if k == "channel" {
			c.meta = append(c.meta, i)
		}
	}
	return c
}

// isStatistics reports the tickets statistics export: a ticket id and a
// survey score, and neither a sender nor a message text.
func (c *gorgiasColumns) isStatistics() bool {
	if c.ticket < 0 || c.sender >= 0 || c.text >= 0 || c.html >= 0 {
		return false
	}
	for _, i := range c.meta {
		if gorgiasTicketMeta[normKey(c.names[i])] == "csat" {
			return true
		}
	}
	return false
}

// Detect implements Format: a CSV header with a ticket id, a text and a
// sender_info column (or a sender column holding JSON), or the statistics export's ticket id, survey score and channel.
func (Gorgias) Detect(head []byte, _ string) bool {
	sn, ok := sniffTable(head)
	if !ok {
		return false
	}
	c := gorgiasHeader(sn.header)
	jsonSender := normKey(c.names[max(c.sender, 0)]) == "senderinfo" || bytes.Contains(head, []byte(`"{""`))
	if c.ticket >= 0 && c.sender >= 0 && jsonSender && (c.text >= 0 || c.html >= 0) {
		return true
	}
	return c.isStatistics() && c.channel >= 0
}

// gorgiasPerson is what a sender_info or receiver_info cell holds.
type gorgiasPerson struct {
	ID        flexString `json:"id"`
	Email     string     `json:"email"`
	Address   string     `json:"address"`
	Name      string     `json:"name"`
	FirstName string     `json:"firstname"`
	LastName  string     `json:"lastname"`
}

func (p *gorgiasPerson) address() string { return strings.ToLower(firstNonEmpty(p.Email, p.Address)) }

func (p *gorgiasPerson) name() string {
	return firstNonEmpty(p.Name, strings.TrimSpace(p.FirstName+" "+p.LastName), p.Email, p.Address, string(p.ID))
}

// parseGorgiasPerson reads a JSON cell; a bare address is read as one.
func parseGorgiasPerson(cell string) (gorgiasPerson, error) {
	var p gorgiasPerson
	cell = strings.TrimSpace(cell)
	if cell == "" || cell == "null" {
		return p, nil
	}
	if cell[0] != '{' {
		if strings.Contains(cell, "@") && !strings.ContainsAny(cell, " {}\"") {
			p.Email = cell
			return p, nil
		}
		return p, fmt.Errorf("not a JSON object")
	}
	if err := json.Unmarshal([]byte(cell), &p); err != nil {
		return p, fmt.Errorf("invalid JSON: %s", strings.TrimPrefix(err.Error(), "json: "))
	}
	return p, nil
}

func domainOf(address string) string {
	_, d, ok := strings.Cut(address, "@")
	if !ok {
		return ""
	}
	return strings.ToLower(strings.TrimRight(d, "> "))
}

// gorgiasTicket is what pass one keeps of a ticket.
type gorgiasTicket struct {
	last        int    // the row number of its last row
	firstSender string // the sender of its first row (by file order)
}

// Decode implements Format.
func (Gorgias) Decode(src *Source) error {
	pass, _, delim, sepLine, err := openCSVSource(src)
	if err != nil {
		return err
	}
	cols := gorgiasHeader(pass.header)
	if cols.isStatistics() {
		if src.shared != nil {
			return src.shared.gorgias.read(src, pass, cols)
		}
		src.Warn("a Gorgias tickets statistics export (one row per ticket, no messages): it is not transcripts and nothing is imported from it; export the ticket messages instead")
		return nil
	}
	if cols.ticket < 0 || cols.sender < 0 || (cols.text < 0 && cols.html < 0) {
		return ErrorAt(pass.line, "a Gorgias messages export needs ticket_id, sender_info and a text column (columns found: %s)", quoteAll(pass.header))
	}

	var stats *gorgiasStats
	if src.shared != nil {
		stats = &src.shared.gorgias
		stats.messages = true
	}

	// Pass one: each ticket's last row, and who is on the brand's side.
	tickets := map[string]*gorgiasTicket{}
	brandAddr := map[string]bool{}
	brandDomains := map[string]bool{}
	err = pass.each(src, false, func(n, _ int, values []string) error {
		id := cellAt(values, cols.ticket)
		if id == "" {
			return nil
		}
		sender, _ := parseGorgiasPerson(cellAt(values, cols.sender))
		t := tickets[id]
		if t == nil {
			t = &gorgiasTicket{firstSender: sender.address()}
			tickets[id] = t
			if receiver, err := parseGorgiasPerson(cellAt(values, cols.receiver)); err == nil && receiver.address() != "" && !truthy(cellAt(values, cols.fromAgent)) {
				brandAddr[receiver.address()] = true
			}
		} else if d, first := domainOf(sender.address()), domainOf(t.firstSender); d != "" && d != first && !inDomains(d, webmailDomains) {
			brandDomains[d] = true
		}
		t.last = n
		return nil
	})
	if err != nil {
		return err
	}
	for a := range brandAddr {
		if d := domainOf(a); d != "" && !inDomains(d, webmailDomains) {
			brandDomains[d] = true
		}
	}
	domains := src.Opts.AgentDomains
	if len(domains) == 0 {
		domains = slices.Sorted(maps.Keys(brandDomains))
	}

	// Pass two: the messages.
	text, err := src.Reopen()
	if err != nil {
		return err
	}
	if pass, err = openCSVPass(text, delim, sepLine); err != nil {
		return err
	}
	open := map[string]*transcript.Conversation{}
	d := &gorgiasDecoder{src: src, cols: cols, brandAddr: brandAddr, domains: domains}
	err = pass.each(src, true, func(n, line int, values []string) error {
		id := cellAt(values, cols.ticket)
		if id == "" {
			src.Reject(line, "column %q is empty: no ticket id", cols.names[cols.ticket])
			return nil
		}
		c := open[id]
		if c == nil {
			c = &transcript.Conversation{ID: id, Source: transcript.Location{File: src.Name, Line: line}, Meta: map[string]string{"platform": "gorgias"}}
			open[id] = c
		}
		d.row(c, values, line)
		if t := tickets[id]; t == nil || t.last <= n {
			delete(open, id)
			if len(c.Messages) == 0 {
				return nil // each row rejected with its reason
			}
			if stats != nil {
				stats.apply(c)
			}
			return src.Emit(c)
		}
		return nil
	})
	if err != nil {
		return err
	}
	warnEmpty(src, d.empty, "message")
	if d.guessed == 0 && d.customers > 0 && len(domains) == 0 && len(brandAddr) == 0 && cols.fromAgent < 0 {
		src.Warn("no from_agent column and no brand address found: every sender is read as the customer; name the brand's domain with --agent-domain")
	}
	return nil
}

// cellAt returns values[i] trimmed, "" when i is out of range.
func cellAt(values []string, i int) string {
	if i < 0 || i >= len(values) {
		return ""
	}
	return strings.TrimSpace(values[i])
}

type gorgiasDecoder struct {
	src                *Source
	cols               *gorgiasColumns
	brandAddr          map[string]bool
	domains            []string
	guessed, customers int // rows read as the agent's and the customer's without from_agent
	empty              int // rows without text
}

// row adds one message row to c, or rejects it.
func (d *gorgiasDecoder) row(c *transcript.Conversation, values []string, line int) {
	src, cols := d.src, d.cols
	for _, i := range cols.meta {
		setMeta(c, gorgiasTicketMeta[normKey(cols.names[i])], cellAt(values, i))
	}
	if c.Channel == "" {
		c.Channel, _ = transcript.ParseChannel(cellAt(values, cols.channel))
	}
	setMeta(c, "subject", cellAt(values, cols.sub))
	sender, err := parseGorgiasPerson(cellAt(values, cols.sender))
	if err != nil {
		src.RejectIn(c.ID, line, "ticket %s: column %q: %v", c.ID, cols.names[cols.sender], err)
		return
	}
	body := cellAt(values, cols.text)
	if body == "" {
		body = HTMLToText(cellAt(values, cols.html))
	} else if looksLikeHTML(body) {
		body = HTMLToText(body)
	}
	if strings.TrimSpace(body) == "" {
		d.empty++ // an attachment alone, or an event row
		return
	}
	m := transcript.Message{Author: sender.name(), Text: body}
	switch fa := cellAt(values, cols.fromAgent); {
	case fa != "":
		m.Role = transcript.Customer
		if truthy(fa) {
			m.Role = transcript.Agent
		}
	case d.brandAddr[sender.address()] || inDomains(domainOf(sender.address()), d.domains):
		m.Role = transcript.Agent
		d.guessed++
	default:
		m.Role = transcript.Customer
		d.customers++
	}
	if p := cellAt(values, cols.public); p != "" && !truthy(p) {
		m.Internal = true
	}
	if m.At, err = src.Times.Parse(cellAt(values, cols.time)); err != nil {
		src.RejectIn(c.ID, line, "ticket %s: column %q: %v", c.ID, cols.names[cols.time], err)
		return
	}
	if m.Role == transcript.Customer && c.Customer == "" {
		c.Customer = m.Author
	}
	c.Messages = append(c.Messages, m)
}
