package importers

import (
	"bufio"
	"bytes"
	"fmt"
	"html"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/iqa-cli/iqa/transcript"
)

// WebVTT reads call and meeting transcripts saved as WebVTT (W3C "Web Video
// Text Tracks"): Zoom cloud-recording transcripts ("Name: text" cues),
// Microsoft Teams transcripts (<v Name> voice tags), and the captions
// Google Meet, Amazon Chime and others export. One file is one call.
//
// A file is held in memory whole: it is one conversation, and the cues must
// be ordered by start time before turns can be built. Transcripts are small
// (an hour's call is some 100 KB).
//
// Turns: consecutive cues of one speaker are merged into one message (start
// of the first, end of the last), because transcribers cut one turn into
// many cues of a few seconds; a silence longer than webvttMergeGapMS keeps
// them apart so that dead air stays visible. Overlapping cues of different
// speakers are kept as they are (they are interruptions) in start order.
// A cue without a speaker continues the previous speaker's turn; cues before
// the first named speaker are given to that speaker.
type WebVTT struct{}

// webvttMergeGapMS is the longest silence within one merged turn.
const webvttMergeGapMS = 5000

// webvttMaxLine bounds one line of a transcript.
const webvttMaxLine = 1 << 20

// Name implements Format.
func (WebVTT) Name() string { return "webvtt" }

// Expects implements Format.
func (WebVTT) Expects() string {
	return `WebVTT call transcript: "WEBVTT", then cues "00:00:01.000 --> 00:00:04.000" with "<v Speaker>text" or "Speaker: text" (Zoom, Teams, Meet, Chime); --agent-name names the agent`
}

// Detect implements Format: the WEBVTT signature, or a .vtt file with cue
// timings (which Decode then rejects for its missing header, with a clearer
// message than "unknown format").
func (WebVTT) Detect(head []byte, name string) bool {
	h := bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	if hasVTTSignature(h) {
		return true
	}
	return strings.EqualFold(filepath.Ext(name), ".vtt") && bytes.Contains(head, []byte("-->"))
}

// hasVTTSignature: "WEBVTT" alone on its line or followed by a space or tab.
func hasVTTSignature(line []byte) bool {
	if !bytes.HasPrefix(line, []byte("WEBVTT")) {
		return false
	}
	rest := line[len("WEBVTT"):]
	return len(rest) == 0 || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\r' || rest[0] == '\n'
}

// vttCue is one cue as read, or one turn once merged.
type vttCue struct {
	line       int
	start, end int64
	speaker    string
	text       string
	// prefixed is the text as written when the speaker came from a
	// "Name: " prefix, to put back if the name turns out not to be one.
	prefixed string
}

// Decode implements Format.
func (WebVTT) Decode(src *Source) error {
	cues, err := readVTTCues(src)
	if err != nil {
		return err
	}
	id := vttConversationID(src.Name)
	c := &transcript.Conversation{ID: id, Channel: transcript.Call, Source: transcript.Location{Line: 1}}
	if len(cues) == 0 {
		return src.Emit(c) // rejected by Emit: no message with text
	}
	sort.SliceStable(cues, func(i, j int) bool { return cues[i].start < cues[j].start })
	dropLonePrefixes(cues)
	assignSpeakers(cues)
	turns := mergeTurns(cues)

	agent, guessed := vttAgent(src, turns)
	if guessed {
		c.Meta = map[string]string{"agent_guessed": "true"}
	}
	for _, t := range turns {
		start, end := t.start, t.end
		m := transcript.Message{Role: transcript.Customer, Author: t.speaker, Text: t.text, StartMS: &start, EndMS: &end}
		if strings.EqualFold(t.speaker, agent) {
			m.Role = transcript.Agent
		}
		c.Messages = append(c.Messages, m)
	}
	if agent != "" {
		c.Agent = firstAuthor(c.Messages, transcript.Agent)
	}
	return src.Emit(c)
}

func firstAuthor(ms []transcript.Message, role transcript.Role) string {
	for _, m := range ms {
		if m.Role == role && m.Author != "" {
			return m.Author
		}
	}
	return ""
}

// vttAgent decides which speaker is the agent: the one --agent-name (or
// --agent-speaker) names, else the first speaker, with a warning.
func vttAgent(src *Source, turns []vttCue) (agent string, guessed bool) {
	var speakers []string
	seen := map[string]bool{}
	for _, t := range turns {
		key := strings.ToLower(t.speaker)
		if !seen[key] {
			seen[key] = true
			speakers = append(speakers, t.speaker)
		}
	}
	for _, want := range []string{src.Opts.Agent, src.Opts.AgentSpeaker} {
		want = strings.TrimSpace(want)
		if want != "" && seen[strings.ToLower(want)] {
			return want, false
		}
	}
	first := speakers[0]
	if first == "" {
		src.Warn("no speaker names (no <v> tags or \"Name:\" prefixes): every cue was imported as the agent's; turns cannot be told apart")
		return "", true
	}
	quoted := make([]string, len(speakers))
	for i, s := range speakers {
		quoted[i] = strconv.Quote(s)
	}
	if name := strings.TrimSpace(src.Opts.Agent); name != "" {
		src.Warn("--agent-name %q is not a speaker here (speakers: %s); took the first speaker %q as the agent", name, strings.Join(quoted, ", "), first)
	} else {
		src.Warn("took the first speaker %q as the agent (speakers: %s); pass --agent-name NAME to choose", first, strings.Join(quoted, ", "))
	}
	return first, true
}

// readVTTCues reads the cues of a file, rejecting malformed ones.
func readVTTCues(src *Source) ([]vttCue, error) {
	sc := bufio.NewScanner(src.R)
	sc.Buffer(make([]byte, 0, 64<<10), webvttMaxLine)
	lineNo := 0
	var block []string // lines of the current block
	blockLine := 0     // line number of its first line
	var cues []vttCue
	headerSeen := false

	flush := func() {
		if len(block) == 0 {
			return
		}
		defer func() { block = block[:0] }()
		if !headerSeen {
			// The header block: "WEBVTT" and header lines, up to a blank
			// line; a cue that follows without one is still read.
			headerSeen = true
			i := 1
			for i < len(block) && !strings.Contains(block[i], "-->") {
				i++
			}
			if i == len(block) {
				return
			}
			block, blockLine = block[i:], blockLine+i
		}
		first := block[0]
		if isVTTKeywordBlock(first) {
			return
		}
		// An optional identifier, then the timing line.
		timing := 0
		if !strings.Contains(first, "-->") {
			timing = 1
		}
		if timing >= len(block) || !strings.Contains(block[timing], "-->") {
			src.Reject(blockLine, "block has no cue timing line (\"00:00:01.000 --> 00:00:04.000\"); text %q not imported", truncate(strings.Join(block, " "), 60))
			return
		}
		start, end, err := parseCueTimings(block[timing])
		if err != nil {
			src.Reject(blockLine+timing, "%v", err)
			return
		}
		text := strings.Join(block[timing+1:], "\n")
		for _, seg := range splitVoices(text) {
			cues = append(cues, vttCue{line: blockLine + timing, start: start, end: end, speaker: seg.speaker, text: seg.text, prefixed: seg.prefixed})
		}
	}

	for sc.Scan() {
		lineNo++
		line := strings.TrimRight(sc.Text(), "\r")
		if lineNo == 1 {
			line = strings.TrimPrefix(line, "\ufeff")
		}
		if !headerSeen && len(block) == 0 {
			if strings.TrimSpace(line) == "" {
				continue
			}
			if !hasVTTSignature([]byte(strings.TrimLeft(line, " \t"))) {
				return nil, ErrorAt(lineNo, "no \"WEBVTT\" header: not a WebVTT file (an .srt file needs converting first)")
			}
		}
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		if len(block) == 0 {
			blockLine = lineNo
		}
		block = append(block, line)
		if lineNo%4096 == 0 {
			if err := src.Err(); err != nil {
				return nil, err
			}
		}
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			return nil, ErrorAt(lineNo+1, "line longer than %d bytes: not a transcript", webvttMaxLine)
		}
		return nil, err
	}
	flush()
	return cues, nil
}

// isVTTKeywordBlock reports a NOTE, STYLE or REGION block, which carry no
// speech.
func isVTTKeywordBlock(line string) bool {
	for _, kw := range []string{"NOTE", "STYLE", "REGION"} {
		if rest, ok := strings.CutPrefix(line, kw); ok && (rest == "" || rest[0] == ' ' || rest[0] == '\t') {
			return true
		}
	}
	return false
}

// parseCueTimings reads "00:01:02.500 --> 00:01:05.000 align:start" into
// milliseconds; cue settings after the end time are ignored.
func parseCueTimings(line string) (start, end int64, err error) {
	left, right, _ := strings.Cut(line, "-->")
	fields := strings.Fields(right)
	if len(fields) == 0 {
		return 0, 0, fmt.Errorf("cue timing %q has no end time", truncate(line, 60))
	}
	if start, err = parseVTTTimestamp(strings.TrimSpace(left)); err != nil {
		return 0, 0, fmt.Errorf("cue start time: %v", err)
	}
	if end, err = parseVTTTimestamp(fields[0]); err != nil {
		return 0, 0, fmt.Errorf("cue end time: %v", err)
	}
	if end < start {
		return 0, 0, fmt.Errorf("cue ends (%s) before it starts (%s)", fields[0], strings.TrimSpace(left))
	}
	return start, end, nil
}

// parseVTTTimestamp reads [h...:]mm:ss.ttt in milliseconds. It is lenient
// where exports differ from the spec: unpadded hours and minutes, a comma
// before the milliseconds (SubRip style), one to three fraction digits.
func parseVTTTimestamp(s string) (int64, error) {
	bad := func() (int64, error) {
		return 0, fmt.Errorf("%q is not a timestamp like 00:01:02.500", truncate(s, 30))
	}
	parts := strings.Split(s, ":")
	if len(parts) < 2 || len(parts) > 3 {
		return bad()
	}
	secs, frac, hasFrac := strings.Cut(parts[len(parts)-1], ".")
	if !hasFrac {
		secs, frac, hasFrac = strings.Cut(secs, ",")
	}
	if hasFrac && (len(frac) == 0 || len(frac) > 3) {
		return bad()
	}
	num := func(p string, maxLen int) (int64, bool) {
		if p == "" || len(p) > maxLen {
			return 0, false
		}
		for _, r := range p {
			if r < '0' || r > '9' {
				return 0, false
			}
		}
		n, err := strconv.ParseInt(p, 10, 64)
		return n, err == nil
	}
	var h int64
	var ok bool
	if len(parts) == 3 {
		if h, ok = num(parts[0], 6); !ok {
			return bad()
		}
	}
	m, ok := num(parts[len(parts)-2], 2)
	if !ok || m > 59 {
		return bad()
	}
	sec, ok := num(secs, 2)
	if !ok || sec > 59 {
		return bad()
	}
	var ms int64
	if hasFrac {
		if ms, ok = num(frac, 3); !ok {
			return bad()
		}
		for i := len(frac); i < 3; i++ {
			ms *= 10
		}
	}
	return ((h*60+m)*60+sec)*1000 + ms, nil
}

// vttSegment is the text of one speaker within a cue; prefixed is the text
// with its "Name: " prefix when the speaker was read from one.
type vttSegment struct{ speaker, text, prefixed string }

// splitVoices strips a cue's markup and splits it by voice: <v Name> (also
// <v.class Name>) starts a speaker's text, and the text of a cue without a
// voice tag may start with Zoom's "Name: ". Other tags (<b>, <i>, <c.x>,
// <00:00:01.000>) are dropped and character references decoded.
func splitVoices(payload string) []vttSegment {
	var segs []vttSegment
	var cur strings.Builder
	speaker := ""
	push := func() {
		text := html.UnescapeString(cur.String())
		cur.Reset()
		if strings.TrimSpace(text) == "" {
			return
		}
		if n := len(segs); n > 0 && segs[n-1].speaker == speaker {
			segs[n-1].text += text
			return
		}
		segs = append(segs, vttSegment{speaker: speaker, text: text})
	}
	sawVoice := false
	for rest := payload; rest != ""; {
		lt := strings.IndexByte(rest, '<')
		if lt < 0 {
			cur.WriteString(rest)
			break
		}
		cur.WriteString(rest[:lt])
		gt := strings.IndexByte(rest[lt:], '>')
		if gt < 0 {
			cur.WriteString(rest[lt:]) // a lone "<" is text, not a tag
			break
		}
		tag := rest[lt+1 : lt+gt]
		rest = rest[lt+gt+1:]
		if name, ok := voiceName(tag); ok {
			push()
			speaker, sawVoice = name, true
		}
		// </v> ends the voice span; text after it in the same cue is rare
		// and stays with that speaker rather than being orphaned.
	}
	push()
	if !sawVoice && len(segs) == 1 {
		if name, text, ok := cutSpeakerPrefix(segs[0].text); ok {
			segs[0] = vttSegment{speaker: name, text: text, prefixed: strings.TrimSpace(segs[0].text)}
		}
	}
	for i := range segs {
		segs[i].text = strings.TrimSpace(segs[i].text)
	}
	return segs
}

// voiceName reads the annotation of a voice start tag: "v Bob", "v.loud
// Bob Smith".
func voiceName(tag string) (string, bool) {
	if tag == "" || tag[0] != 'v' {
		return "", false
	}
	rest := tag[1:]
	if rest != "" && rest[0] != '.' && rest[0] != ' ' && rest[0] != '\t' {
		return "", false // another tag starting with v
	}
	i := strings.IndexAny(rest, " \t")
	if i < 0 {
		return "", true // a voice without a name
	}
	return strings.TrimSpace(html.UnescapeString(rest[i+1:])), true
}

// cutSpeakerPrefix splits Zoom's "Jane Doe: text". The name must look like
// one: short, a few words, starting with a letter, no sentence punctuation,
// so that "Note: the fee is $5" or a time "10:30" are not taken for names.
func cutSpeakerPrefix(text string) (name, rest string, ok bool) {
	t := strings.TrimLeft(text, " \t\n")
	i := strings.Index(t, ":")
	if i <= 0 || i > 64 || (i+1 < len(t) && t[i+1] != ' ' && t[i+1] != '\t' && t[i+1] != '\n') {
		return "", "", false
	}
	name = strings.TrimSpace(t[:i])
	if name == "" || strings.ContainsAny(name, "\n?!,;\"") || len(strings.Fields(name)) > 5 {
		return "", "", false
	}
	r := []rune(name)[0]
	if !unicode.IsLetter(r) || (len(strings.Fields(name)) == 1 && isCommonLabel(name)) {
		return "", "", false
	}
	return name, t[i+1:], true
}

// isCommonLabel lists one-word prefixes that introduce text rather than name
// a speaker.
func isCommonLabel(word string) bool {
	switch strings.ToLower(word) {
	case "note", "update", "edit", "ps", "p.s", "re", "fyi", "warning", "tip", "example", "http", "https", "mailto":
		return true
	}
	return false
}

// dropLonePrefixes undoes "Name: " prefixes whose name no other cue uses
// in a file where other names recur, unless the name looks like a person's:
// "Step 1: restart the router" in a Zoom transcript is text, not a speaker,
// but "Jonas: yes, book it" is a caller who spoke once.
func dropLonePrefixes(cues []vttCue) {
	uses := map[string]int{}
	recurring := false
	for _, c := range cues {
		if c.prefixed != "" {
			uses[strings.ToLower(c.speaker)]++
			recurring = recurring || uses[strings.ToLower(c.speaker)] > 1
		}
	}
	if !recurring {
		return
	}
	for i, c := range cues {
		if c.prefixed != "" && uses[strings.ToLower(c.speaker)] == 1 && !looksLikePersonName(c.speaker) {
			cues[i].speaker, cues[i].text, cues[i].prefixed = "", c.prefixed, ""
		}
	}
}

// looksLikePersonName: every word capitalized (name particles such as "van"
// or "de" aside) and no digits, as in "Jonas", "Ana de Souza".
func looksLikePersonName(name string) bool {
	for _, w := range strings.Fields(name) {
		switch strings.ToLower(w) {
		case "de", "da", "do", "dos", "del", "della", "di", "van", "von", "der", "den", "le", "la", "bin", "al":
			continue
		}
		r := []rune(w)[0]
		if !unicode.IsUpper(r) || strings.ContainsAny(w, "0123456789") {
			return false
		}
	}
	return true
}

// assignSpeakers gives each unnamed cue the previous speaker, and cues before
// the first named speaker to that speaker.
func assignSpeakers(cues []vttCue) {
	first := ""
	for _, c := range cues {
		if c.speaker != "" {
			first = c.speaker
			break
		}
	}
	prev := first
	for i := range cues {
		if cues[i].speaker == "" {
			cues[i].speaker = prev
		}
		prev = cues[i].speaker
	}
}

// mergeTurns joins consecutive cues of one speaker into turns.
func mergeTurns(cues []vttCue) []vttCue {
	var turns []vttCue
	for _, c := range cues {
		if n := len(turns); n > 0 {
			last := &turns[n-1]
			if strings.EqualFold(last.speaker, c.speaker) && c.start-last.end <= webvttMergeGapMS {
				last.text += "\n" + c.text
				last.end = max(last.end, c.end)
				continue
			}
		}
		turns = append(turns, c)
	}
	return turns
}

// vttConversationID is the file name without its extensions (call-42.vtt.gz
// gives call-42).
func vttConversationID(path string) string {
	if path == Stdin {
		return "stdin"
	}
	name := filepath.Base(path)
	for {
		ext := strings.ToLower(filepath.Ext(name))
		if ext != ".gz" && ext != ".vtt" && ext != ".webvtt" && ext != ".txt" || ext == name {
			return name
		}
		name = strings.TrimSuffix(name, filepath.Ext(name))
	}
}
