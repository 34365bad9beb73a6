package importers

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/mail"
	"net/textproto"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// Email reads e-mail: one RFC 5322 message (.eml) or an mbox of many
// (mboxo or mboxrd, as Thunderbird, Gmail Takeout and mail servers write
// them), grouped into one conversation per thread. Consecutive mail inputs
// (a folder of .eml files, an Inbox and its Sent) are one mailbox, so a
// thread is one conversation whichever files its messages are in.
//
// An mbox, or a folder of .eml files (DecodeGroup), is read twice. The
// first pass keeps only what threading needs of each message (ids,
// subject, addresses, date); the threads and the sides (agent or
// customer) are decided from that. The second pass decodes each body,
// strips what it quotes, and emits a thread as soon as its last message
// has been read, so memory holds the headers of every message and the
// bodies of threads still open, never the whole mailbox.
type Email struct{}

// Name implements Format.
func (Email) Name() string { return "email" }

// Expects implements Format.
func (Email) Expects() string {
	return "e-mail: .eml files (one message each) and mbox files, threaded by References/In-Reply-To and subject, across files; sides by --agent-domain"
}

// maxMessageBytes bounds one message held in memory in the second pass;
// a bigger one (a huge attachment) is rejected, not read.
const maxMessageBytes = 64 << 20

// Detect implements Format: an .eml or .mbox name, an mbox "From "
// separator followed by headers, or a file that begins with RFC 5322
// headers including From: and one of Subject:, Date:, Message-ID: or
// MIME-Version:.
func (Email) Detect(head []byte, name string) bool {
	lower := strings.ToLower(name)
	if strings.HasSuffix(lower, ".eml") || strings.HasSuffix(lower, ".mbox") {
		return true
	}
	h := bytes.TrimLeft(head, "\r\n")
	if bytes.HasPrefix(h, []byte("From ")) {
		_, rest, _ := bytes.Cut(h, []byte("\n"))
		return startsWithHeaders(rest, false)
	}
	return startsWithHeaders(h, true)
}

// startsWithHeaders reports whether b begins with a mail header block: at
// least two "Name: value" lines (a From: and a typical mail field when
// strict), with nothing else before the blank line that ends it.
func startsWithHeaders(b []byte, strict bool) bool {
	fields, sawFrom, sawMail := 0, false, false
	for n := 0; len(b) > 0 && n < 2000; n++ {
		var line []byte
		line, b, _ = bytes.Cut(b, []byte("\n"))
		line = bytes.TrimRight(line, "\r")
		if len(line) == 0 {
			break
		}
		if line[0] == ' ' || line[0] == '\t' {
			if fields == 0 {
				return false
			}
			continue // a folded header line
		}
		name, _, ok := bytes.Cut(line, []byte(":"))
		if !ok || !isHeaderName(name) {
			if len(b) == 0 && n > 0 {
				break // the head was cut mid-line
			}
			return false
		}
		fields++
		switch strings.ToLower(string(name)) {
		case "from":
			sawFrom = true
		case "subject", "date", "message-id", "mime-version":
			sawMail = true
		}
	}
	if strict {
		return fields >= 2 && sawFrom && sawMail
	}
	return fields >= 1
}

func isHeaderName(b []byte) bool {
	if len(b) == 0 || len(b) > 76 {
		return false
	}
	for _, c := range b {
		if c <= ' ' || c > '~' || c == ':' || c == '"' || c == ',' || c == '{' || c == '[' {
			return false
		}
	}
	return true
}

// Decode implements Format.
func (Email) Decode(src *Source) error { return decodeMail([]*Source{src}) }

// DecodeGroup implements GroupFormat: a folder of .eml files (or several
// mboxes, an Inbox and its Sent) is threaded as one mailbox, so that a
// thread of one file per message is one conversation. Each file is opened
// once per pass and closed before the next.
func (Email) DecodeGroup(srcs []*Source) error { return decodeMail(srcs) }

// decodeMail reads srcs as one mailbox, in two passes (see Email).
func decodeMail(srcs []*Source) error {
	heads, starts, err := readMailHeads(srcs)
	if err != nil {
		return err
	}
	threads := threadMessages(heads)
	// What is said about the whole mailbox is said once, naming it.
	first := srcs[0]
	warn := func(format string, args ...any) {
		first.warn(Warning{File: mailboxName(srcs), Message: fmt.Sprintf(format, args...)})
	}
	domains := first.Opts.AgentDomains
	if len(domains) == 0 {
		domains = guessAgentDomains(heads, threads)
		if len(domains) > 0 {
			warn("no --agent-domain given: guessed that senders at %s are the agent, because they reply to threads others began; pass --agent-domain to say which domain is yours", strings.Join(domains, ", "))
		} else if len(threads) > 0 {
			warn("no --agent-domain given and no reply came from a second domain: every sender is read as the customer; pass --agent-domain with your team's mail domain")
		}
	}
	assignRoles(heads, threads, domains)
	if len(first.Opts.AgentDomains) > 0 && !anyAgent(threads) && anyReply(threads) {
		warn("no sender is in --agent-domain %s, so every message is read as the customer; check the domain your team sends from", strings.Join(first.Opts.AgentDomains, ", "))
	}

	threadOf := make([]*mailThread, len(heads))
	lastOf := map[*mailThread]int{}
	for _, t := range threads {
		for _, i := range t.members {
			threadOf[i] = t
		}
		lastOf[t] = t.members[len(t.members)-1]
	}
	open := map[*mailThread][]transcript.Message{}
	attachments := map[*mailThread]int{}
	for f, src := range srcs {
		r, err := src.Open()
		if err != nil {
			return err
		}
		i := starts[f]
		err = eachMailMessage(r, false, func(m rawMail) error {
			defer func() { i++ }()
			if i >= starts[f+1] || heads[i].bad {
				return nil // rejected in the first pass
			}
			if err := src.Err(); err != nil {
				return err
			}
			t := threadOf[i]
			h := &heads[i]
			msg, n, ok := decodeMailMessage(src, m, h)
			if ok {
				msg.Role = transcript.Customer
				if t.agent[i] {
					msg.Role = transcript.Agent
				}
				open[t] = append(open[t], msg)
				attachments[t] += n
			}
			if lastOf[t] != i {
				return nil
			}
			msgs := open[t]
			delete(open, t)
			if len(msgs) == 0 {
				return nil // every message of the thread was rejected
			}
			// The conversation is the first message's input's: it is
			// located and counted there.
			root := &heads[t.members[0]]
			c := &transcript.Conversation{
				ID:       t.id,
				Channel:  transcript.Email,
				Messages: msgs,
				Meta:     map[string]string{"platform": "email"},
				Source:   transcript.Location{File: srcs[root.file].Name, Line: root.line},
			}
			if t.subject != "" {
				c.Meta["subject"] = t.subject
			}
			if attachments[t] > 0 {
				c.Meta["attachments"] = fmt.Sprint(attachments[t])
			}
			delete(attachments, t)
			return srcs[root.file].Emit(c)
		})
		r.Close()
		if err != nil {
			return src.fail(err)
		}
	}
	return nil
}

// readMailHeads is the first pass: the headers of every message of every
// input, in order; the messages of srcs[f] are heads[starts[f]:starts[f+1]].
// Messages that cannot be threaded (unreadable header, no sender, a
// duplicate) are rejected here and marked bad.
func readMailHeads(srcs []*Source) (heads []mailHead, starts []int, err error) {
	firstSeen := map[string]int{} // Message-ID to the index of its first head
	for f, src := range srcs {
		starts = append(starts, len(heads))
		r, err := firstPassText(src)
		if err != nil {
			return nil, nil, err
		}
		err = eachMailMessage(r, true, func(m rawMail) error {
			if err := src.Err(); err != nil {
				return err
			}
			h, reason := parseMailHead(src, m)
			h.file = f
			if reason == "" && h.id != "" {
				if j, dup := firstSeen[h.id]; dup {
					at := fmt.Sprintf("line %d", heads[j].line)
					if heads[j].file != f {
						at = fmt.Sprintf("%s:%d", srcs[heads[j].file].Name, heads[j].line)
					}
					reason = fmt.Sprintf("duplicate of the message at %s (same Message-ID <%s>)", at, h.id)
				} else {
					firstSeen[h.id] = len(heads)
				}
			}
			if reason != "" {
				src.Reject(m.line, "%s", reason)
				h.bad = true
			}
			heads = append(heads, h)
			return nil
		})
		r.Close()
		if err != nil {
			return nil, nil, src.fail(err)
		}
	}
	return heads, append(starts, len(heads)), nil
}

// mailboxName names the inputs read as one mailbox in a warning: the one
// input, or the folder they share ("mail/ (40 e-mail files)"), or the
// first and how many more.
func mailboxName(srcs []*Source) string {
	if len(srcs) == 1 {
		return srcs[0].Name
	}
	sep := string(filepath.Separator)
	dir := filepath.Dir(srcs[0].Name)
	for _, src := range srcs[1:] {
		for dir != "." && !strings.HasPrefix(src.Name, strings.TrimSuffix(dir, sep)+sep) {
			parent := filepath.Dir(dir)
			if parent == dir { // a root: no folder in common
				dir = "."
			} else {
				dir = parent
			}
		}
	}
	if dir == "." || filepath.Dir(dir) == dir {
		return fmt.Sprintf("%s and %d more e-mail file(s)", srcs[0].Name, len(srcs)-1)
	}
	return fmt.Sprintf("%s%s (%d e-mail files)", strings.TrimSuffix(dir, sep), sep, len(srcs))
}

// firstPassText is an input's text for the first pass: R, which Run
// opened to detect the format, when Decode reads one input; the input
// opened afresh for DecodeGroup.
func firstPassText(src *Source) (io.ReadCloser, error) {
	if src.R != nil {
		return io.NopCloser(src.R), nil
	}
	return src.Open()
}

// parseMailHead reads what threading needs from a message's header, or
// says why the message cannot be read.
func parseMailHead(src *Source, m rawMail) (mailHead, string) {
	h := mailHead{line: m.line}
	if m.tooBig {
		return h, fmt.Sprintf("message is larger than %d MiB; not read", maxMessageBytes>>20)
	}
	msg, err := mail.ReadMessage(bytes.NewReader(m.data))
	if err != nil {
		return h, "unreadable message header: " + strings.TrimPrefix(err.Error(), "mail: ")
	}
	hdr := msg.Header
	from := strings.TrimSpace(hdr.Get("From"))
	if from == "" {
		from = strings.TrimSpace(hdr.Get("Sender"))
	}
	if from == "" {
		return h, "message has no From: header, so its sender is unknown"
	}
	_, h.from = parseMailAddress(from)
	if h.from != "" {
		h.fromDomain = h.from[strings.LastIndexByte(h.from, '@')+1:]
	} else {
		// A name alone, or an Exchange X.500 address ("/O=EXCHANGELABS/...")
		// in a server export: the sender is known but has no domain, so is
		// read as the customer.
		h.from = strings.ToLower(from)
	}
	if to := hdr.Get("To"); to != "" {
		first, _, _ := strings.Cut(to, ",")
		_, h.to = parseMailAddress(first)
	}
	h.id = firstMessageID(hdr.Get("Message-ID"))
	h.parents = messageIDs(hdr.Get("References"))
	for _, p := range messageIDs(hdr.Get("In-Reply-To")) {
		if !contains(h.parents, p) {
			h.parents = append(h.parents, p)
		}
	}
	h.parents = removeID(h.parents, h.id)
	// Mailbox exports name the thread themselves where References are lost:
	// Gmail Takeout's X-GM-THRID, and Outlook's Thread-Index, whose first
	// 22 bytes (about 28 base64 characters) are the same for every message
	// of a thread.
	if v := strings.TrimSpace(hdr.Get("X-GM-THRID")); v != "" {
		h.threadKeys = append(h.threadKeys, "x-gm-thrid:"+v)
	}
	if v := strings.TrimSpace(hdr.Get("Thread-Index")); len(v) >= 28 {
		h.threadKeys = append(h.threadKeys, "thread-index:"+v[:28])
	}
	h.subject = cleanSubject(decodeHeader(hdr.Get("Subject")))
	h.subjectKey = strings.ToLower(h.subject)
	if d := hdr.Get("Date"); d != "" {
		h.date, _ = src.Times.Parse(d)
	}
	if h.date.IsZero() {
		h.date = envelopeDate(m.envelope)
	}
	return h, ""
}

// decodeMailMessage is the second pass for one message: its body, without
// what it quotes. It rejects the message and reports false when there is
// nothing of the sender's own to keep.
func decodeMailMessage(src *Source, m rawMail, h *mailHead) (transcript.Message, int, bool) {
	if m.tooBig {
		src.Reject(m.line, "message is larger than %d MiB; not read", maxMessageBytes>>20)
		return transcript.Message{}, 0, false
	}
	msg, err := mail.ReadMessage(bytes.NewReader(m.data))
	if err != nil {
		src.Reject(m.line, "unreadable message header: %s", strings.TrimPrefix(err.Error(), "mail: "))
		return transcript.Message{}, 0, false
	}
	var body mailBody
	if err := readMailBody(textproto.MIMEHeader(msg.Header), msg.Body, 0, &body); err != nil {
		src.Reject(m.line, "message body cannot be decoded: %v", err)
		return transcript.Message{}, 0, false
	}
	full := body.text()
	text := stripQuoted(full)
	if strings.TrimSpace(text) == "" {
		reason := "message has no text of its own (only quoted text or a signature)"
		if strings.TrimSpace(full) == "" {
			reason = "message has no text body"
			if body.attachments > 0 {
				reason = fmt.Sprintf("message has no text body, only %d attachment(s)", body.attachments)
			}
		}
		src.Reject(m.line, "%s", reason)
		return transcript.Message{}, 0, false
	}
	name, _ := parseMailAddress(msg.Header.Get("From"))
	if name == "" {
		name, _ = parseMailAddress(msg.Header.Get("Sender"))
	}
	return transcript.Message{Author: name, Text: text, At: h.date}, body.attachments, true
}

var addressParser = &mail.AddressParser{WordDecoder: wordDecoder}

// looseAddress finds an address in a From: that net/mail will not parse
// (unquoted commas or dots in the name, missing brackets).
var looseAddress = regexp.MustCompile(`[^\s<>"',;:()\[\]]+@[^\s<>"',;:()\[\]]+\.[A-Za-z0-9-]+`)

// parseMailAddress returns a sender's name (the display name, or the
// address when there is none) and lower-case address.
func parseMailAddress(s string) (name, address string) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", ""
	}
	if a, err := addressParser.Parse(s); err == nil {
		name, address = strings.TrimSpace(a.Name), strings.ToLower(a.Address)
	} else {
		address = strings.ToLower(looseAddress.FindString(s))
		name = decodeHeader(s)
		if i := strings.IndexByte(name, '<'); i >= 0 {
			name = name[:i]
		}
		name = strings.Trim(strings.TrimSpace(name), `"'`)
	}
	if !strings.Contains(address, "@") {
		address = ""
	}
	// Helpdesks send as "Ana via Acme Support": the person is Ana.
	if i := strings.Index(name, " via "); i > 0 {
		name = strings.TrimSpace(name[:i])
	}
	if name == "" || strings.Contains(name, "@") && address != "" {
		name = address
	}
	return name, address
}

// messageIDs returns the ids in a References or In-Reply-To header,
// without angle brackets, in order.
func messageIDs(s string) []string {
	var ids []string
	for {
		start := strings.IndexByte(s, '<')
		if start < 0 {
			break
		}
		end := strings.IndexByte(s[start:], '>')
		if end < 0 {
			break
		}
		if id := strings.TrimSpace(s[start+1 : start+end]); id != "" && !contains(ids, id) {
			ids = append(ids, id)
		}
		s = s[start+end+1:]
	}
	if len(ids) == 0 {
		// Some mailers drop the brackets.
		for _, f := range strings.Fields(s) {
			if strings.Contains(f, "@") && !contains(ids, f) {
				ids = append(ids, f)
			}
		}
	}
	return ids
}

func firstMessageID(s string) string {
	if ids := messageIDs(s); len(ids) > 0 {
		return ids[0]
	}
	return ""
}

func removeID(list []string, id string) []string {
	out := list[:0]
	for _, x := range list {
		if x != id {
			out = append(out, x)
		}
	}
	return out
}

// envelopeDate reads the date of an mbox "From sender date" line (asctime,
// in UTC by convention, sometimes with a zone), used when a message has no
// Date: header.
func envelopeDate(envelope string) time.Time {
	f := strings.Fields(envelope)
	if len(f) < 7 {
		return time.Time{}
	}
	if t, err := time.Parse("Mon Jan 2 15:04:05 2006", strings.Join(f[2:7], " ")); err == nil {
		return t.UTC()
	}
	if len(f) >= 8 {
		if t, err := time.Parse("Mon Jan 2 15:04:05 -0700 2006", strings.Join(f[2:8], " ")); err == nil {
			return t.UTC()
		}
	}
	return time.Time{}
}

// rawMail is one message as cut from the file.
type rawMail struct {
	line     int    // the line the message (its "From " line in an mbox) starts on
	envelope string // the mbox "From " line, if any
	data     []byte // the message; only its header in the first pass
	tooBig   bool
}

// mboxSeparator is an mbox "From " line: "From sender weekday month day
// hh:mm:ss year", loosely, since writers vary.
var mboxSeparator = regexp.MustCompile(`^From \S*.*\d{1,2}:\d{2}(:\d{2})?.*\d{4}`)

// isEnvelope reports whether a "From " line after a blank line starts a new
// message: it carries a time and a year, or a sender address. An unquoted
// "From here on..." in an mboxo body does not.
func isEnvelope(line []byte) bool {
	if mboxSeparator.Match(line) {
		return true
	}
	f := bytes.Fields(line)
	return len(f) >= 3 && (bytes.Contains(f[1], []byte("@")) || string(f[1]) == "MAILER-DAEMON")
}

// eachMailMessage cuts a file into messages. A file whose first line
// starts with "From " is an mbox: a new message starts at each "From " line
// that follows a blank line and looks like a separator, and
// ">From " quoting (mboxo and mboxrd) is undone. Any other file is one
// message. With headersOnly, only each message's header is kept.
func eachMailMessage(r io.Reader, headersOnly bool, fn func(rawMail) error) error {
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(r, 64<<10)
	}
	var cur *rawMail
	inHeader, prevBlank, lineNo, mbox := true, true, 0, false
	flush := func() error {
		if cur == nil {
			return nil
		}
		m := *cur
		cur = nil
		return fn(m)
	}
	for {
		line, long, err := readLimitedLine(br, maxMessageBytes)
		if len(line) == 0 && err != nil {
			if err == io.EOF {
				return flush()
			}
			return err
		}
		lineNo++
		content := bytes.TrimRight(line, "\r\n")
		if cur == nil && len(content) == 0 {
			continue // blank lines before the first message
		}
		if cur == nil {
			mbox = bytes.HasPrefix(content, []byte("From "))
		}
		if mbox && bytes.HasPrefix(content, []byte("From ")) &&
			(cur == nil || prevBlank && !inHeader && isEnvelope(content)) {
			if err := flush(); err != nil {
				return err
			}
			cur = &rawMail{line: lineNo, envelope: string(content[:min(len(content), 200)])}
			inHeader, prevBlank = true, false
			continue
		}
		if cur == nil {
			cur = &rawMail{line: lineNo}
		}
		blank := len(content) == 0
		if mbox && bytes.HasPrefix(content, []byte(">")) && bytes.HasPrefix(bytes.TrimLeft(content, ">"), []byte("From ")) {
			line = line[1:]
		}
		switch {
		case long:
			cur.tooBig, cur.data = true, nil
		case cur.tooBig:
		case headersOnly && !inHeader:
		case len(cur.data)+len(line) > maxMessageBytes:
			cur.tooBig, cur.data = true, nil
		default:
			cur.data = append(cur.data, line...)
		}
		if blank {
			inHeader = false
		}
		prevBlank = blank
		if err == io.EOF {
			return flush()
		}
		if err != nil {
			return err
		}
	}
}

// readLimitedLine reads one line with its line break, keeping at most limit
// bytes of it (long reports a cut), so that a file without line breaks
// cannot fill memory.
func readLimitedLine(br *bufio.Reader, limit int) (line []byte, long bool, err error) {
	for {
		frag, err := br.ReadSlice('\n')
		if len(line)+len(frag) <= limit {
			line = append(line, frag...)
		} else {
			long = true
		}
		if err != bufio.ErrBufferFull {
			return line, long, err
		}
	}
}
