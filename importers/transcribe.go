package importers

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// Transcribe reads the output of an Amazon Transcribe batch job: one JSON
// object {"jobName", "results": {"transcripts", "items", "speaker_labels" or
// "channel_labels", "audio_segments"}} per file, or JSON Lines with one job
// a line. A job's object is read whole: it is one call recording, and its
// turns can only be built once every word is known.
//
// Turns are built from "audio_segments" when the output has them (newer
// jobs), else from the word "items": consecutive words of one speaker (or
// channel) make one message, and punctuation joins the word before it.
//
// Transcribe labels speakers spk_0, spk_1 (or channels ch_0, ch_1), never
// agent and customer: --agent-speaker names the agent's label, and without
// it the first to speak is taken as the agent, with a warning. Every other
// speaker is a customer. A job run without speaker partitioning or channel
// identification has one unlabelled speaker: it is imported as one
// speaker, taken as the agent like any first speaker, with a warning that
// says how to rerun the job, because a QA lead would rather see the call
// (and why it scores oddly) than lose it.
type Transcribe struct{}

// Name implements Format.
func (Transcribe) Name() string { return "transcribe" }

// Expects implements Format.
func (Transcribe) Expects() string {
	return `Amazon Transcribe job output: {"jobName","results":{"transcripts","items","speaker_labels"|"channel_labels","audio_segments"}}, one job a file or a line`
}

// Detect implements Format: a JSON object with Transcribe's "results" and
// "transcripts", and one of the keys around them. "alternatives" alone is
// not required: in a long diarized call the speaker segments can fill the
// first 64 KiB before the first item.
func (Transcribe) Detect(head []byte, _ string) bool {
	h := bytes.TrimLeft(head, " \t\r\n[")
	if len(h) == 0 || h[0] != '{' {
		return false
	}
	if !bytes.Contains(h, []byte(`"results"`)) || !bytes.Contains(h, []byte(`"transcripts"`)) {
		return false
	}
	for _, key := range []string{`"jobName"`, `"speaker_labels"`, `"channel_labels"`, `"items"`, `"audio_segments"`, `"alternatives"`} {
		if bytes.Contains(h, []byte(key)) {
			return true
		}
	}
	return false
}

type transcribeJob struct {
	JobName   json.RawMessage    `json:"jobName"`
	AccountID json.RawMessage    `json:"accountId"`
	Status    string             `json:"status"`
	Results   *transcribeResults `json:"results"`
}

type transcribeResults struct {
	Transcripts   []struct{ Transcript string } `json:"transcripts"`
	LanguageCode  string                        `json:"language_code"`
	SpeakerLabels *struct {
		Segments []struct {
			StartTime    json.RawMessage `json:"start_time"`
			EndTime      json.RawMessage `json:"end_time"`
			SpeakerLabel string          `json:"speaker_label"`
			Items        []struct {
				StartTime    json.RawMessage `json:"start_time"`
				SpeakerLabel string          `json:"speaker_label"`
			} `json:"items"`
		} `json:"segments"`
	} `json:"speaker_labels"`
	ChannelLabels *struct {
		Channels []struct {
			ChannelLabel string           `json:"channel_label"`
			Items        []transcribeItem `json:"items"`
		} `json:"channels"`
	} `json:"channel_labels"`
	Items         []transcribeItem `json:"items"`
	AudioSegments []struct {
		Transcript   *string         `json:"transcript"`
		StartTime    json.RawMessage `json:"start_time"`
		EndTime      json.RawMessage `json:"end_time"`
		SpeakerLabel string          `json:"speaker_label"`
		ChannelLabel string          `json:"channel_label"`
	} `json:"audio_segments"`
}

type transcribeItem struct {
	ID           json.RawMessage `json:"id"`
	StartTime    json.RawMessage `json:"start_time"`
	EndTime      json.RawMessage `json:"end_time"`
	Type         string          `json:"type"`
	SpeakerLabel string          `json:"speaker_label"`
	ChannelLabel string          `json:"channel_label"`
	Alternatives []struct {
		Content *string `json:"content"`
	} `json:"alternatives"`
}

// name says which item it is in a reject: by its id when it has one (as
// newer outputs do), else by its place in the list.
func (it *transcribeItem) name(i int) string {
	if id, err := scalarString(it.ID); err == nil && id != "" {
		return "item id " + id
	}
	return fmt.Sprintf("item %d", i+1)
}

func (it *transcribeItem) label() string {
	if it.SpeakerLabel != "" {
		return it.SpeakerLabel
	}
	return it.ChannelLabel
}

// A spoken is a stretch of speech by one speaker: a word (with the
// punctuation after it) or an audio segment.
type spoken struct {
	speaker        string
	text           string
	startMS, endMS int64
	// newTurn starts a message even after the same speaker: unlabelled
	// audio segments stay apart rather than make one call-long message.
	newTurn bool
}

// Decode implements Format.
func (Transcribe) Decode(src *Source) error {
	firstSpeakerAgents := 0
	var lastGuess string
	liner := newRecordLiner(src)
	err := EachJSONRecord(src, nil, func(raw json.RawMessage, line int) error {
		var job transcribeJob
		if !DecodeRecord(src, raw, line, &job) {
			return nil
		}
		id, err := scalarString(job.JobName)
		if err != nil {
			src.Reject(line, "jobName: %v", err)
			return nil
		}
		if id == "" {
			id = recordID(src.Name, line)
		}
		if job.Results == nil {
			src.Reject(line, "job %q has no \"results\" (status %q): only completed jobs have a transcript", id, job.Status)
			return nil
		}
		rec := &jobRecord{src: src, raw: raw, line: line, id: id, liner: liner}
		words, labelled := rec.speech(job.Results)
		if len(words) == 0 {
			if rec.rejected == 0 {
				src.Reject(line, "job %q has no words to import", id)
			}
			return nil
		}
		c := &transcript.Conversation{
			ID:      id,
			Channel: transcript.Call,
			Source:  transcript.Location{File: src.Name, Line: line},
			Meta:    map[string]string{"platform": "transcribe"},
		}
		if job.Status != "" {
			c.Meta["status"] = strings.ToLower(job.Status)
		}
		if account, _ := scalarString(job.AccountID); account != "" {
			c.Meta["account_id"] = account
		}
		if job.Results.LanguageCode != "" {
			c.Meta["language"] = job.Results.LanguageCode
		}
		agent := "" // the one unlabelled speaker
		if labelled {
			var guessed bool
			agent, guessed = pickAgentSpeaker(src, id, words)
			if guessed {
				firstSpeakerAgents++
				lastGuess = fmt.Sprintf("%s in job %q", agent, id)
			}
			c.Meta["agent_speaker"] = agent
		} else {
			src.Warn("job %q has no speaker or channel labels: imported as one speaker, taken as the agent; rerun the job with speaker partitioning (ShowSpeakerLabels) or channel identification to separate agent and customer", id)
		}
		c.Messages = speakerTurns(words, agent, src.Opts.Agent)
		return src.Emit(c)
	})
	switch {
	case firstSpeakerAgents == 1:
		src.Warn("no --agent-speaker given: took %s, the first to speak, as the agent; pass --agent-speaker (for example spk_1 or ch_1) to choose", lastGuess)
	case firstSpeakerAgents > 1:
		src.Warn("no --agent-speaker given: took the first to speak as the agent in %d jobs; pass --agent-speaker (for example spk_1 or ch_1) to choose", firstSpeakerAgents)
	}
	return err
}

// recordID names a conversation whose export gives it no id: the file's
// name, and the line when it is not the file's first record.
func recordID(name string, line int) string {
	base := strings.TrimSuffix(filepath.Base(name), ".gz")
	base = strings.TrimSuffix(base, filepath.Ext(base))
	if line > 1 {
		return fmt.Sprintf("%s:%d", base, line)
	}
	return base
}

// jobRecord is one job being read, for rejects that name the line of the
// item at fault.
type jobRecord struct {
	src   *Source
	raw   json.RawMessage
	line  int
	id    string
	liner *recordLiner
	// rejected counts the parts rejected, so that a job none of whose
	// parts could be read is not rejected a second time as a whole.
	rejected int
}

func (r *jobRecord) reject(path []any, format string, args ...any) {
	r.rejected++
	r.src.Reject(r.liner.line(r.raw, r.line, path...), "job %q: %s", r.id, fmt.Sprintf(format, args...))
}

// A recordLiner finds the line of a value inside a record, for rejects.
// A JSON Lines record is the line as written; but when the file is one
// object, EachJSONRecord hands over a copy without the whitespace between
// its top-level keys, whose lines no longer match the file's, so the file
// itself is read again (once, and only when something is rejected).
type recordLiner struct {
	src      *Source
	single   bool
	original []byte
	loaded   bool
}

// newRecordLiner must run before EachJSONRecord: it peeks at src.R, which
// it leaves buffered for EachJSONRecord to read.
func newRecordLiner(src *Source) *recordLiner {
	br, ok := src.R.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(src.R, HeadSize)
		src.R = br
	}
	head, _ := br.Peek(HeadSize)
	h := bytes.TrimLeft(head, " \t\r\n")
	return &recordLiner{src: src, single: len(h) > 0 && h[0] == '{' && !isJSONLines(h)}
}

func (l *recordLiner) line(raw []byte, start int, path ...any) int {
	if l.single && !l.loaded {
		l.loaded = true
		if r, err := l.src.Reopen(); err == nil {
			l.original, _ = io.ReadAll(io.LimitReader(r, MaxRecordBytes+HeadSize))
		}
	}
	if l.single && l.original != nil {
		return lineOfElement(l.original, 1, path...)
	}
	return lineOfElement(raw, start, path...)
}

// speech turns a job's results into stretches of speech in time order, and
// says whether they carry speaker or channel labels.
func (r *jobRecord) speech(res *transcribeResults) (words []spoken, labelled bool) {
	if segs := res.AudioSegments; len(segs) > 0 && (segmentsLabelled(res) || !itemsLabelled(res)) {
		for i, seg := range segs {
			path := []any{"results", "audio_segments", i}
			start, end, err := spanMS(seg.StartTime, seg.EndTime)
			switch {
			case err != nil:
				r.reject(path, "audio segment %d: %v", i+1, err)
				continue
			case seg.Transcript == nil:
				r.reject(path, "audio segment %d has no \"transcript\"", i+1)
				continue
			}
			label := seg.SpeakerLabel
			if label == "" {
				label = seg.ChannelLabel
			}
			labelled = labelled || label != ""
			words = append(words, spoken{speaker: label, text: *seg.Transcript, startMS: start, endMS: end, newTurn: label == ""})
		}
		sortSpoken(words)
		return words, labelled
	}
	byChannel := false
	switch {
	case itemsLabelled(res) || res.ChannelLabels == nil:
		var speakerAt func(int64) string
		if !itemsLabelled(res) && res.SpeakerLabels != nil {
			speakerAt = r.speakerIndex(res)
		}
		words = r.itemWords(res.Items, []any{"results", "items"}, speakerAt)
		byChannel = res.SpeakerLabels == nil && res.ChannelLabels != nil
	default:
		// Older channel outputs label words only under channel_labels.
		for c, ch := range res.ChannelLabels.Channels {
			label := ch.ChannelLabel
			words = append(words, r.itemWords(ch.Items, []any{"results", "channel_labels", "channels", c, "items"}, func(int64) string { return label })...)
		}
		byChannel = true
	}
	sortSpoken(words)
	if byChannel {
		words = channelUtterances(words)
	}
	for _, w := range words {
		labelled = labelled || w.speaker != ""
	}
	return words, labelled
}

// Two channels are transcribed apart and talk over each other; word by
// word in time order, an interruption would shred both turns. These bound
// what counts as one channel's unbroken speech.
const (
	// utterancePauseMS is the longest pause inside one utterance.
	utterancePauseMS = 1500
	// turnTakingMS is how long after one channel falls silent the other
	// must start for it to be a new turn rather than talk-over.
	turnTakingMS = 300
)

// spokeAfter reports whether a channel other than speaker went on talking
// after speaker fell silent at end, and stopped before w: speaker waited
// for it, so w starts a new turn. A channel still talking at w is being
// talked over, which does not break w's utterance.
func spokeAfter(out []spoken, last map[string]int, w spoken, end int64) bool {
	for label, i := range last {
		if label != w.speaker && out[i].endMS >= end+turnTakingMS && out[i].endMS <= w.startMS {
			return true
		}
	}
	return false
}

// channelUtterances joins each channel's words, in time order, into
// utterances: a channel's utterance goes on through the other channel's
// speech (an interruption) until it pauses for long, or the other channel
// starts after it fell silent (turn-taking). Utterances come out ordered
// by start, so an interruption follows the turn it cut into.
func channelUtterances(words []spoken) []spoken {
	var out []spoken
	open := map[string]int{} // channel -> index in out of its open utterance
	last := map[string]int{} // channel -> index in out of its latest utterance
	for _, w := range words {
		for label, i := range open {
			if label != w.speaker && w.startMS >= out[i].endMS+turnTakingMS {
				delete(open, label) // w answers what label said
			}
		}
		if i, ok := open[w.speaker]; ok && w.startMS-out[i].endMS <= utterancePauseMS && !spokeAfter(out, last, w, out[i].endMS) {
			u := &out[i]
			u.text += " " + w.text
			u.endMS = max(u.endMS, w.endMS)
			continue
		}
		open[w.speaker] = len(out)
		last[w.speaker] = len(out)
		out = append(out, w)
	}
	// Two utterances of one channel in a row stay apart when the other
	// channel spoke between them, such as an "mm, go on" while the caller
	// carried on talking.
	lastEnd := map[string]int64{}
	for i := range out {
		u := &out[i]
		if prev, ok := lastEnd[u.speaker]; ok {
			for label, end := range lastEnd {
				if label != u.speaker && end > prev {
					u.newTurn = true
				}
			}
		}
		lastEnd[u.speaker] = max(lastEnd[u.speaker], u.endMS)
	}
	return out
}

func segmentsLabelled(res *transcribeResults) bool {
	for _, seg := range res.AudioSegments {
		if seg.SpeakerLabel != "" || seg.ChannelLabel != "" {
			return true
		}
	}
	return false
}

func itemsLabelled(res *transcribeResults) bool {
	for i := range res.Items {
		if res.Items[i].label() != "" {
			return true
		}
	}
	return false
}

// sortSpoken orders speech by start time; two channels are transcribed
// separately and interleave.
func sortSpoken(words []spoken) {
	sort.SliceStable(words, func(i, j int) bool { return words[i].startMS < words[j].startMS })
}

// itemWords reads word items: a pronunciation is a word with its times, a
// punctuation mark (which has no times) joins the word before it. speakerAt
// labels words whose item carries no label.
func (r *jobRecord) itemWords(items []transcribeItem, path []any, speakerAt func(int64) string) []spoken {
	var words []spoken
	lastOK := false // whether the previous word was imported, so punctuation has somewhere to go
	for i := range items {
		it := &items[i]
		at := append(append([]any(nil), path...), i)
		var content *string
		if len(it.Alternatives) > 0 {
			content = it.Alternatives[0].Content
		}
		if content == nil {
			r.reject(at, "%s has no alternatives[0].content", it.name(i))
			lastOK = false
			continue
		}
		if it.Type == "punctuation" {
			if lastOK {
				words[len(words)-1].text += *content
			}
			continue
		}
		start, end, err := spanMS(it.StartTime, it.EndTime)
		if err != nil {
			r.reject(at, "%s (%q): %v", it.name(i), *content, err)
			lastOK = false
			continue
		}
		label := it.label()
		if label == "" && speakerAt != nil {
			label = speakerAt(start)
		}
		words = append(words, spoken{speaker: label, text: *content, startMS: start, endMS: end})
		lastOK = true
	}
	return words
}

// speakerIndex finds the speaker of a word in speaker_labels, for older
// outputs whose items carry no speaker_label: by the word's start time in
// the segments' items, else by the segment whose span holds it.
func (r *jobRecord) speakerIndex(res *transcribeResults) func(int64) string {
	byStart := map[int64]string{}
	type span struct {
		start, end int64
		label      string
	}
	var spans []span
	for _, seg := range res.SpeakerLabels.Segments {
		for _, it := range seg.Items {
			if ms, err := secondsMS(it.StartTime); err == nil {
				label := it.SpeakerLabel
				if label == "" {
					label = seg.SpeakerLabel
				}
				byStart[ms] = label
			}
		}
		if start, end, err := spanMS(seg.StartTime, seg.EndTime); err == nil {
			spans = append(spans, span{start, end, seg.SpeakerLabel})
		}
	}
	return func(ms int64) string {
		if label, ok := byStart[ms]; ok {
			return label
		}
		for _, s := range spans {
			if s.start <= ms && ms < s.end {
				return s.label
			}
		}
		return ""
	}
}

// pickAgentSpeaker returns the label of the agent: --agent-speaker when it
// names a speaker of this call, else the first to speak (guessed). Words
// whose speaker could not be found are never the agent.
func pickAgentSpeaker(src *Source, id string, words []spoken) (label string, guessed bool) {
	want := strings.TrimSpace(src.Opts.AgentSpeaker)
	var seen []string
	for _, w := range words {
		if want != "" && strings.EqualFold(w.speaker, want) {
			return w.speaker, false
		}
		if w.speaker != "" && !containsString(seen, w.speaker) {
			seen = append(seen, w.speaker)
		}
	}
	if want != "" {
		src.Warn("--agent-speaker %s is not a speaker of job %q (it has %s): took %s, the first to speak, as the agent", want, id, strings.Join(seen, ", "), seen[0])
		return seen[0], false
	}
	return seen[0], true
}

func containsString(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// speakerTurns joins consecutive speech of one speaker into messages.
// agentName, when the user gave one, is the agent turns' author.
func speakerTurns(words []spoken, agent, agentName string) []transcript.Message {
	var msgs []transcript.Message
	var text strings.Builder
	for i, w := range words {
		if i > 0 && w.speaker == words[i-1].speaker && !w.newTurn {
			m := &msgs[len(msgs)-1]
			text.Reset()
			text.WriteString(m.Text)
			if m.Text != "" && w.text != "" {
				text.WriteByte(' ')
			}
			text.WriteString(w.text)
			m.Text = text.String()
			if w.endMS > *m.EndMS {
				*m.EndMS = w.endMS
			}
			continue
		}
		m := transcript.Message{Role: transcript.Customer, Text: w.text, StartMS: ptr(w.startMS), EndMS: ptr(w.endMS)}
		if w.speaker == agent {
			m.Role, m.Author = transcript.Agent, agentName
		}
		msgs = append(msgs, m)
	}
	return msgs
}

func ptr(v int64) *int64 { return &v }

// spanMS reads a start and end time in seconds and checks their order.
func spanMS(startRaw, endRaw json.RawMessage) (start, end int64, err error) {
	if start, err = secondsMS(startRaw); err != nil {
		return 0, 0, fmt.Errorf("start_time: %v", err)
	}
	if end, err = secondsMS(endRaw); err != nil {
		return 0, 0, fmt.Errorf("end_time: %v", err)
	}
	if end < start {
		return 0, 0, fmt.Errorf("end_time %.3f is before start_time %.3f", float64(end)/1000, float64(start)/1000)
	}
	return start, end, nil
}

// secondsMS reads Transcribe's times: seconds as a string ("4.87"), or a
// number, as milliseconds.
func secondsMS(raw json.RawMessage) (int64, error) {
	s, err := scalarString(raw)
	if err != nil {
		return 0, err
	}
	if s == "" {
		return 0, fmt.Errorf("missing")
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(f) || f < 0 || f > 1e9 {
		return 0, fmt.Errorf("%q is not a number of seconds", truncate(s, 20))
	}
	return int64(math.Round(f * 1000)), nil
}

// lineOfElement finds the line of the value at path (object keys and list
// indexes) inside raw, a record that starts on line start. It walks the
// record again, which is only worth doing for a reject; it returns start
// when the path is not there.
func lineOfElement(raw []byte, start int, path ...any) int {
	dec := json.NewDecoder(bytes.NewReader(raw))
	off, ok := seekPath(dec, path)
	if !ok {
		return start
	}
	for off < len(raw) && strings.IndexByte(" \t\r\n,:", raw[off]) >= 0 {
		off++
	}
	return start + bytes.Count(raw[:off], []byte("\n"))
}

func seekPath(dec *json.Decoder, path []any) (int, bool) {
	if len(path) == 0 {
		return int(dec.InputOffset()), true
	}
	tok, err := dec.Token()
	if err != nil {
		return 0, false
	}
	var skip json.RawMessage
	switch step := path[0].(type) {
	case string:
		if tok != json.Delim('{') {
			return 0, false
		}
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return 0, false
			}
			if key == step {
				return seekPath(dec, path[1:])
			}
			if dec.Decode(&skip) != nil {
				return 0, false
			}
		}
	case int:
		if tok != json.Delim('[') {
			return 0, false
		}
		for n := 0; dec.More(); n++ {
			if n == step {
				return seekPath(dec, path[1:])
			}
			if dec.Decode(&skip) != nil {
				return 0, false
			}
		}
	}
	return 0, false
}
