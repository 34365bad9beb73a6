package importers

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"regexp"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/htmlindex"
)

// maxMIMEDepth bounds how deeply multiparts may nest: real mail nests three
// or four levels; a deeper one is hostile or broken.
const maxMIMEDepth = 16

// mailBody is what a message's MIME tree says: its plain and HTML text
// (each part already decoded to UTF-8) and how many attachments it carried.
type mailBody struct {
	plain, html []string
	attachments int
}

// text is the body a reader saw: the plain-text parts, or when there are
// none the HTML parts turned into text.
func (b *mailBody) text() string {
	if len(b.plain) > 0 {
		return strings.Join(b.plain, "\n\n")
	}
	parts := make([]string, len(b.html))
	for i, h := range b.html {
		parts[i] = HTMLToText(h)
	}
	return strings.Join(parts, "\n\n")
}

// readMailBody walks one MIME entity (a message or a part) with header h.
// It fails only when a text part cannot be decoded.
func readMailBody(h textproto.MIMEHeader, body io.Reader, depth int, out *mailBody) error {
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil && mediaType == "" {
		// No or unreadable Content-Type: RFC 2045 says text/plain.
		mediaType, params = "text/plain", nil
	}
	disposition, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	if h.Get("Content-ID") != "" && disposition != "attachment" && !strings.HasPrefix(mediaType, "text/") {
		return nil // an image the HTML shows inline (a logo): not an attachment
	}
	if disposition == "attachment" || (dparams["filename"] != "" && !strings.HasPrefix(mediaType, "multipart/")) {
		out.attachments++
		return nil
	}
	switch {
	case strings.HasPrefix(mediaType, "multipart/"):
		if depth >= maxMIMEDepth {
			return fmt.Errorf("multipart nested more than %d deep", maxMIMEDepth)
		}
		return readMultipart(mediaType, params["boundary"], body, depth, out)
	case mediaType == "text/plain" || mediaType == "text/html":
		text, err := decodeTextPart(h.Get("Content-Transfer-Encoding"), params["charset"], body)
		if err != nil {
			return err
		}
		if mediaType == "text/plain" {
			if strings.EqualFold(params["format"], "flowed") {
				text = unflow(text, strings.EqualFold(params["delsp"], "yes"))
			}
			out.plain = append(out.plain, text)
		} else {
			out.html = append(out.html, text)
		}
	default:
		// Images, calendars, forwarded message/rfc822 parts: not the
		// sender's own words.
		out.attachments++
	}
	return nil
}

// readMultipart reads the parts of a multipart entity. In
// multipart/alternative the parts say the same thing, so the plain-text
// version wins when there is one; in mixed, related and the rest every
// inline text part is kept in order.
func readMultipart(mediaType, boundary string, body io.Reader, depth int, out *mailBody) error {
	if boundary == "" {
		return errors.New(mediaType + " has no boundary")
	}
	mr := multipart.NewReader(body, boundary)
	var alternatives []*mailBody
	parts := 0
	for {
		// NextRawPart leaves Content-Transfer-Encoding to decodeTextPart,
		// so that every encoding goes through one path.
		p, err := mr.NextRawPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			if parts > 0 {
				break // a cut or malformed end: keep the parts read
			}
			return fmt.Errorf("%s body has no part with boundary %q", mediaType, boundary)
		}
		parts++
		if mediaType == "multipart/alternative" {
			alt := &mailBody{}
			if err := readMailBody(p.Header, p, depth+1, alt); err != nil {
				return err
			}
			alternatives = append(alternatives, alt)
			continue
		}
		if err := readMailBody(p.Header, p, depth+1, out); err != nil {
			return err
		}
	}
	if len(alternatives) > 0 {
		best := alternatives[0]
		for _, alt := range alternatives {
			if len(alt.plain) > 0 {
				best = alt
				break
			}
		}
		if len(best.plain) == 0 {
			for _, alt := range alternatives {
				if len(alt.html) > 0 {
					best = alt
					break
				}
			}
		}
		out.plain = append(out.plain, best.plain...)
		out.html = append(out.html, best.html...)
		for _, alt := range alternatives {
			out.attachments += alt.attachments
		}
	}
	return nil
}

// decodeTextPart undoes the transfer encoding and the charset of a text
// part. A part cut short (its closing boundary missing) keeps what it has. The file as a whole is already UTF-8 (the core decodes it), so the
// charset only matters for bytes that base64 or quoted-printable hid from
// that decoding, and for 8-bit text that is still not valid UTF-8.
func decodeTextPart(encoding, charset string, body io.Reader) (string, error) {
	var raw []byte
	var err error
	switch enc := strings.ToLower(strings.TrimSpace(encoding)); enc {
	case "base64":
		var encoded []byte
		if encoded, err = io.ReadAll(&base64Cleaner{r: body}); err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return "", err
		}
		// Padding is optional in practice: some mailers drop it.
		raw, err = base64.RawStdEncoding.DecodeString(string(bytes.TrimRight(encoded, "=")))
		if err != nil {
			return "", fmt.Errorf("undecodable base64 body: %v", err)
		}
	case "quoted-printable":
		raw, err = io.ReadAll(quotedprintable.NewReader(body))
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return "", fmt.Errorf("undecodable quoted-printable body: %v", err)
		}
	default:
		// 7bit, 8bit, binary, or a misspelling of one of them: the text is
		// as it stands.
		raw, err = io.ReadAll(body)
		if err != nil && !errors.Is(err, io.ErrUnexpectedEOF) {
			return "", err
		}
		if utf8.Valid(raw) {
			return string(raw), nil
		}
	}
	return toUTF8String(raw, charset), nil
}

// unflow joins the lines of format=flowed text (RFC 3676) that the sender's
// program wrapped: a line ending in a space continues on the next, except
// the signature delimiter "-- ". Space-stuffing is undone; with delsp the
// trailing space was added by the wrapper and is dropped.
func unflow(text string, delsp bool) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var b strings.Builder
	for i, line := range lines {
		line = strings.TrimPrefix(line, " ")
		flowed := i < len(lines)-1 && strings.HasSuffix(line, " ") && line != "-- " && !strings.HasPrefix(line, ">")
		if flowed && delsp {
			line = line[:len(line)-1]
		}
		b.WriteString(line)
		if !flowed && i < len(lines)-1 {
			b.WriteByte('\n')
		}
	}
	return b.String()
}

// base64Cleaner drops line breaks and spaces from base64 text and stops at
// a "-", the start of a MIME boundary some mailers leave after unterminated
// base64.
type base64Cleaner struct {
	r    io.Reader
	done bool
}

func (c *base64Cleaner) Read(p []byte) (int, error) {
	for {
		if c.done {
			return 0, io.EOF
		}
		n, err := c.r.Read(p)
		w := 0
		for _, b := range p[:n] {
			switch {
			case b == ' ' || b == '\t' || b == '\r' || b == '\n':
			case b == '-':
				// A stray MIME boundary after unterminated base64.
				c.done = true
			default:
				if !c.done {
					p[w] = b
					w++
				}
			}
		}
		if w > 0 || err != nil {
			if c.done && err == nil {
				err = io.EOF
			}
			return w, err
		}
	}
}

// toUTF8String decodes bytes in a declared charset. UTF-8 (or text that
// already is valid UTF-8 under an ASCII label) is kept; an unknown charset
// falls back to Windows-1252, the most common mislabel, rather than losing
// the message.
func toUTF8String(raw []byte, charset string) string {
	name := strings.ToLower(strings.Trim(strings.TrimSpace(charset), `"`))
	switch name {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
		if utf8.Valid(raw) {
			return string(raw)
		}
		name = "windows-1252"
	}
	enc, err := htmlindex.Get(name)
	if err != nil {
		if utf8.Valid(raw) {
			return string(raw)
		}
		enc = charmap.Windows1252
	}
	out, err := enc.NewDecoder().Bytes(raw)
	if err != nil {
		return string(raw)
	}
	return string(out)
}

// wordDecoder decodes RFC 2047 encoded words ("=?iso-8859-1?q?R=E9ponse?=")
// in any charset the WHATWG index knows.
var wordDecoder = &mime.WordDecoder{CharsetReader: func(charset string, input io.Reader) (io.Reader, error) {
	enc, err := htmlindex.Get(strings.ToLower(charset))
	if err != nil {
		return nil, fmt.Errorf("unknown charset %q", charset)
	}
	return enc.NewDecoder().Reader(input), nil
}}

// decodeHeader decodes encoded words in a header value; a value it cannot
// decode is kept as written.
func decodeHeader(s string) string {
	d, err := wordDecoder.DecodeHeader(s)
	if err != nil {
		return strings.TrimSpace(s)
	}
	return strings.TrimSpace(d)
}

// Quote and signature stripping. A reply carries the earlier messages
// below (or between) its own lines; scoring must judge only what this
// sender wrote, so the quoted part is cut. The sender's own closing
// ("Best regards, Ana") is kept: it is scored. What follows the standard
// "-- " delimiter and mobile footers is cut.
var (
	// attributionStart is the first line of an "On <date>, <name> wrote:"
	// attribution, in the languages mail clients localize it to; the line
	// may be wrapped, so its end is matched separately.
	// Russian clients begin with the date itself ("2 марта 2026 г., в
	// 10:00, Иван написал(а):") or a weekday ("пн, 2 мар.").
	attributionStart = regexp.MustCompile(`^((On|Le|Am|El|Op|Il|Em|Den|På|Dne|W dniu|Pada) \S|\d{1,2}[./ ]\S.*(написал|пишет)|(пн|вт|ср|чт|пт|сб|вс)[.,] )`)
	attributionEnd   = regexp.MustCompile(`(wrote|a écrit|schrieb|escribió|schreef|ha scritto|escreveu|skrev|napsal|napisał|menulis|написал(\(а\)|а)?|пишет)[^:]{0,80}:\s*$`)
	// originalMessage is Outlook's and others' separator line before an
	// earlier message.
	originalMessage = regexp.MustCompile(`(?i)^-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|mensagem original|forwarded message|weitergeleitete nachricht|message transféré|исходное сообщение|пересылаемое сообщение)\s*-{2,}`)
	// headerBlockFrom and headerBlockNext are the "From: ... Sent: ..."
	// block Outlook writes above a quoted message, in several languages,
	// possibly bold (*From:*) after HTML conversion.
	// French puts a (no-break) space before the colon: "De : ...".
	headerBlockFrom = regexp.MustCompile(`^\*?(From|Von|De|Van|Da|Från|Fra|Od|От)[\s\x{00A0}\x{202F}]?:\*?\s+\S`)
	headerBlockNext = regexp.MustCompile(`^\*?(Sent|Date|Gesendet|Datum|Envoyé|Enviado|Verzonden|Inviato|Skickat|Sendt|Wysłano|To|Cc|An|À|Para|Aan|A|Till|Til|Do|Subject|Betreff|Objet|Asunto|Assunto|Onderwerp|Oggetto|Ämne|Emne|Temat|Отправлено|Дата|Кому|Копия|Тема)[\s\x{00A0}\x{202F}]?:\*?([\s\x{00A0}]|$)`)
	// headerBlockSure are the fields that make it a quoted header block and
	// not, say, a customer's "From: London / To: Paris".
	headerBlockSure = regexp.MustCompile(`^\*?(Sent|Gesendet|Envoyé|Enviado|Verzonden|Inviato|Skickat|Sendt|Wysłano|Subject|Betreff|Objet|Asunto|Assunto|Onderwerp|Oggetto|Ämne|Emne|Temat|Отправлено|Тема)[\s\x{00A0}\x{202F}]?:`)
	// underscoreRule is Outlook's line of underscores above a quoted
	// message.
	underscoreRule = regexp.MustCompile(`^_{16,}\s*$`)
	// replyAbove is the marker helpdesks (Zendesk, Freshdesk) put above the
	// ticket history in their notification mails.
	replyAbove = regexp.MustCompile(`(?i)^[#\s-]*(please )?(type|write|enter)?\s*(your )?reply above this line`)
	// mobileFooter is the line phones and apps add below a message.
	// It is short: "Sent from my iPhone", not "Sent from my laptop
	// yesterday, as I told you, the order ...".
	mobileFooter = regexp.MustCompile(`(?i)^(sent from my |sent from mail for |sent from outlook|sent from yahoo mail|sent from samsung|sent via the samsung|sent via blackberry|get outlook for |von meinem .* gesendet|envoyé de mon |enviado desde mi |enviado do meu |inviato da |verzonden vanaf |skickat från min |отправлено с )[^.!?]{0,50}$`)
)

// stripQuoted returns the text a sender wrote themselves: quoted lines
// (">"), the attribution line above them, the earlier message below an
// Outlook separator or header block, and the signature and mobile footer
// are removed.
func stripQuoted(text string) string {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	kept := make([]string, 0, len(lines))
	for i := 0; i < len(lines); i++ {
		line := lines[i]
		trimmed := strings.TrimSpace(line)
		switch {
		case isQuoteLine(trimmed):
			continue
		case line == "-- " || trimmed == "--" || underscoreRule.MatchString(trimmed) || replyAbove.MatchString(trimmed) ||
			originalMessage.MatchString(trimmed) || mobileFooter.MatchString(trimmed):
			return joinKept(kept)
		case headerBlockFrom.MatchString(trimmed) && headerBlockFollows(lines[i+1:]):
			return joinKept(kept)
		}
		if n := attributionLines(lines[i:]); n > 0 {
			if !hasOwnTextBetweenQuotes(lines[i+n:]) {
				// Top-posted reply: everything below is the earlier thread,
				// quoted with ">" or (in HTML mail) not marked at all.
				return joinKept(kept)
			}
			i += n - 1 // inline reply: drop only the attribution
			continue
		}
		kept = append(kept, line)
	}
	return joinKept(kept)
}

func isQuoteLine(trimmed string) bool {
	return strings.HasPrefix(trimmed, ">") || strings.HasPrefix(trimmed, "|>")
}

// attributionLines reports how many lines (1 or 2) the attribution at the
// start of lines takes, or 0 when there is none.
func attributionLines(lines []string) int {
	first := strings.TrimSpace(lines[0])
	if !attributionStart.MatchString(first) {
		// "Bob Smith <bob@x.com> wrote:" with no date before it counts
		// only when quoted lines follow.
		if len(first) < 200 && attributionEnd.MatchString(first) && nextIsQuote(lines[1:]) {
			return 1
		}
		return 0
	}
	if attributionEnd.MatchString(first) {
		return 1
	}
	if len(lines) > 1 && len(first) < 200 && attributionEnd.MatchString(first+" "+strings.TrimSpace(lines[1])) {
		return 2
	}
	return 0
}

func nextIsQuote(lines []string) bool {
	for _, l := range lines {
		if t := strings.TrimSpace(l); t != "" {
			return isQuoteLine(t)
		}
	}
	return false
}

// hasOwnTextBetweenQuotes reports whether the lines after an attribution
// are an inline reply: quoted lines, then a line of the sender's own. A
// block that is all quoted, or not quoted at all, is the earlier message.
// It reads only as far as the first unquoted line, so that a long mail of
// many short inline answers stays linear.
func hasOwnTextBetweenQuotes(lines []string) bool {
	sawQuote := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		switch {
		case t == "":
		case isQuoteLine(t):
			sawQuote = true
		case !sawQuote:
			return false
		default:
			return t != "--" && l != "-- " && !mobileFooter.MatchString(t)
		}
	}
	return false
}

// headerBlockFollows reports whether the lines after a "From:" line carry
// the other fields of a quoted header block, including a sent time or a
// subject.
func headerBlockFollows(lines []string) bool {
	seen, sure := 0, false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			if seen > 0 {
				break
			}
			continue
		}
		if !headerBlockNext.MatchString(t) {
			break
		}
		seen++
		sure = sure || headerBlockSure.MatchString(t)
		if seen == 5 {
			break
		}
	}
	return sure
}

// joinKept joins the kept lines without blank lines at either end.
func joinKept(lines []string) string {
	return string(bytes.TrimSpace([]byte(strings.Join(lines, "\n"))))
}
