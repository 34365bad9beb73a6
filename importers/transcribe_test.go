package importers

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

// importText imports data as one file with opts and returns what the user
// would see.
func importText(t *testing.T, data string, opts Options) (convs []*transcript.Conversation, rejects, warnings []string) {
	t.Helper()
	path := filepath.Join(t.TempDir(), "job.json")
	if err := os.WriteFile(path, []byte(data), 0o600); err != nil {
		t.Fatal(err)
	}
	im := Importer{
		Opts:     opts,
		OnReject: func(r Reject) { rejects = append(rejects, strings.TrimPrefix(r.String(), path)) },
		OnWarn:   func(w Warning) { warnings = append(warnings, w.Message) },
	}
	_, err := im.Run(context.Background(), []Input{{Name: path}}, func(c *transcript.Conversation) error {
		convs = append(convs, c)
		return nil
	})
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	return convs, rejects, warnings
}

// turns renders messages as "role: text" lines, the shape tests compare.
func turns(c *transcript.Conversation) []string {
	var out []string
	for _, m := range c.Messages {
		out = append(out, string(m.Role)+": "+m.Text)
	}
	return out
}

func word(start, end, content, label string) string {
	l := ""
	if label != "" {
		l = `,"speaker_label":"` + label + `"`
	}
	return `{"start_time":"` + start + `","end_time":"` + end + `","alternatives":[{"confidence":"0.99","content":"` + content + `"}],"type":"pronunciation"` + l + `}`
}

func punct(content string) string {
	return `{"alternatives":[{"confidence":"0.0","content":"` + content + `"}],"type":"punctuation"}`
}

func job(items ...string) string {
	return `{"jobName":"j1","results":{"transcripts":[{"transcript":"x"}],"items":[` + strings.Join(items, ",") + `]},"status":"COMPLETED"}`
}

func TestTranscribeTurns(t *testing.T) {
	tests := []struct {
		name         string
		data         string
		agentSpeaker string
		want         []string
		wantRejects  []string
		wantWarning  string
	}{
		{
			name: "punctuation joins the word before it without a space",
			data: job(word("0.1", "0.4", "Hello", "spk_0"), punct(","), word("0.5", "0.9", "world", "spk_0"), punct("."),
				word("1.2", "1.5", "Hi", "spk_1"), punct("!")),
			agentSpeaker: "spk_0",
			want:         []string{"agent: Hello, world.", "customer: Hi!"},
		},
		{
			name: "consecutive words of one speaker make one turn, a change of speaker a new one",
			data: job(word("0.1", "0.4", "One", "spk_0"), word("0.5", "0.9", "two", "spk_0"),
				word("1.0", "1.2", "three", "spk_1"), word("1.3", "1.5", "four", "spk_0")),
			agentSpeaker: "spk_1",
			want:         []string{"customer: One two", "agent: three", "customer: four"},
		},
		{
			name:         "agent speaker is matched whatever its case",
			data:         job(word("0.1", "0.4", "Hi", "spk_0"), word("0.5", "0.9", "hello", "spk_1")),
			agentSpeaker: "SPK_1",
			want:         []string{"customer: Hi", "agent: hello"},
		},
		{
			name:        "without --agent-speaker the first to speak is the agent, with a warning",
			data:        job(word("0.1", "0.4", "Support", "spk_3"), word("0.5", "0.9", "hi", "spk_1")),
			want:        []string{"agent: Support", "customer: hi"},
			wantWarning: "took spk_3 in job \"j1\", the first to speak, as the agent",
		},
		{
			name:         "an --agent-speaker that is not in the call falls back to the first speaker",
			data:         job(word("0.1", "0.4", "Support", "spk_0"), word("0.5", "0.9", "hi", "spk_1")),
			agentSpeaker: "ch_1",
			want:         []string{"agent: Support", "customer: hi"},
			wantWarning:  "--agent-speaker ch_1 is not a speaker of job \"j1\"",
		},
		{
			name:         "every speaker but the agent is a customer",
			data:         job(word("0.1", "0.4", "a", "spk_0"), word("0.5", "0.9", "b", "spk_1"), word("1.0", "1.4", "c", "spk_2")),
			agentSpeaker: "spk_1",
			want:         []string{"customer: a", "agent: b", "customer: c"},
		},
		{
			name: "a word with a bad time is rejected and its punctuation goes with it",
			data: job(word("0.1", "0.4", "Good", "spk_0"), word("x", "0.9", "morning", "spk_0"), punct("."),
				word("1.0", "1.4", "Yes", "spk_1"), punct(".")),
			agentSpeaker: "spk_0",
			want:         []string{"agent: Good", "customer: Yes."},
			wantRejects:  []string{`:1: job "j1": item 2 ("morning"): start_time: "x" is not a number of seconds`},
		},
		{
			name:         "end before start is rejected",
			data:         job(word("0.1", "0.4", "Fine", "spk_0"), word("2.0", "1.0", "thanks", "spk_0")),
			agentSpeaker: "spk_0",
			want:         []string{"agent: Fine"},
			wantRejects:  []string{`:1: job "j1": item 2 ("thanks"): end_time 1.000 is before start_time 2.000`},
		},
		{
			name:         "a job whose every word is bad is not rejected again as a whole",
			data:         job(word("0.1", "later", "Hi", "spk_0")),
			agentSpeaker: "spk_0",
			wantRejects:  []string{`:1: job "j1": item 1 ("Hi"): end_time: "later" is not a number of seconds`},
		},
		{
			name:        "a job with no words is rejected",
			data:        job(),
			wantRejects: []string{`:1: job "j1" has no words to import`},
		},
		{
			name: "older outputs find the speaker in speaker_labels segments",
			data: `{"jobName":"old","results":{"transcripts":[{"transcript":"x"}],
				"speaker_labels":{"speakers":2,"segments":[
					{"start_time":"0.1","end_time":"0.9","speaker_label":"spk_0","items":[{"start_time":"0.1","end_time":"0.4","speaker_label":"spk_0"}]},
					{"start_time":"1.0","end_time":"1.9","speaker_label":"spk_1","items":[{"start_time":"1.0","end_time":"1.3","speaker_label":"spk_1"}]}]},
				"items":[` + word("0.1", "0.4", "Hello", "") + `,` + punct(".") + `,` + word("0.5", "0.8", "Bye", "") + `,` + word("1.0", "1.3", "Hi", "") + `]}}`,
			agentSpeaker: "spk_1",
			want:         []string{"customer: Hello. Bye", "agent: Hi"},
		},
		{
			name: "audio segments are preferred to items when they are labelled",
			data: `{"jobName":"seg","results":{"transcripts":[{"transcript":"x"}],
				"items":[` + word("0.1", "0.4", "ignored", "spk_0") + `],
				"audio_segments":[
					{"id":0,"transcript":"Hello there.","start_time":"0.1","end_time":"1.0","speaker_label":"spk_0","items":[0]},
					{"id":1,"transcript":"How can I help?","start_time":"1.2","end_time":"2.0","speaker_label":"spk_0","items":[1]},
					{"id":2,"transcript":"My bill.","start_time":"2.5","end_time":"3.0","speaker_label":"spk_1","items":[2]}]}}`,
			agentSpeaker: "spk_0",
			want:         []string{"agent: Hello there. How can I help?", "customer: My bill."},
		},
		{
			name: "no labels at all: one speaker, taken as the agent, with a warning",
			data: `{"jobName":"mono","results":{"transcripts":[{"transcript":"x"}],"items":[` +
				word("0.1", "0.4", "Hello", "") + `,` + word("0.5", "0.9", "there", "") + `]}}`,
			agentSpeaker: "spk_0",
			want:         []string{"agent: Hello there"},
			wantWarning:  "has no speaker or channel labels",
		},
		{
			name:         "a job without results is rejected, the next line is read",
			data:         `{"jobName":"queued","status":"IN_PROGRESS"}` + "\n" + job(word("0", "1", "Hi", "spk_0")) + "\n",
			agentSpeaker: "spk_0",
			want:         []string{"agent: Hi"},
			wantRejects:  []string{`:1: job "queued" has no "results" (status "IN_PROGRESS"): only completed jobs have a transcript`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			convs, rejects, warnings := importText(t, tt.data, Options{Format: "transcribe", AgentSpeaker: tt.agentSpeaker})
			var got []string
			if len(convs) == 1 {
				got = turns(convs[0])
			} else if len(convs) > 1 {
				t.Fatalf("got %d conversations", len(convs))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("turns:\n got %q\nwant %q", got, tt.want)
			}
			if !reflect.DeepEqual(rejects, tt.wantRejects) {
				t.Errorf("rejects:\n got %q\nwant %q", rejects, tt.wantRejects)
			}
			joined := strings.Join(warnings, "\n")
			if (tt.wantWarning == "") != (joined == "") || !strings.Contains(joined, tt.wantWarning) {
				t.Errorf("warnings %q, want one containing %q", warnings, tt.wantWarning)
			}
		})
	}
}

func TestTranscribeTimesAndID(t *testing.T) {
	convs, _, _ := importText(t, job(word("1.234", "1.5", "Hi", "spk_0"), word("2", "2.25", "yes", "spk_1")), Options{AgentSpeaker: "spk_0"})
	if len(convs) != 1 {
		t.Fatalf("got %d conversations", len(convs))
	}
	c := convs[0]
	if c.ID != "j1" || c.Channel != transcript.Call || c.Meta["platform"] != "transcribe" || c.Meta["agent_speaker"] != "spk_0" {
		t.Errorf("conversation header: %+v", c)
	}
	m := c.Messages[0]
	if *m.StartMS != 1234 || *m.EndMS != 1500 || *c.Messages[1].StartMS != 2000 || *c.Messages[1].EndMS != 2250 {
		t.Errorf("offsets: %d-%d, %d-%d", *m.StartMS, *m.EndMS, *c.Messages[1].StartMS, *c.Messages[1].EndMS)
	}
	// Without a jobName the file's name is the id.
	convs, _, _ = importText(t, strings.Replace(job(word("0", "1", "Hi", "spk_0")), `"jobName":"j1",`, "", 1), Options{AgentSpeaker: "spk_0"})
	if len(convs) != 1 || convs[0].ID != "job" {
		t.Errorf("id without jobName: %+v", convs)
	}
}

func TestChannelUtterances(t *testing.T) {
	w := func(ch string, start, end int64, text string) spoken {
		return spoken{speaker: ch, text: text, startMS: start, endMS: end}
	}
	tests := []struct {
		name  string
		words []spoken
		want  []string
	}{
		{
			name:  "talk-over keeps the interrupted utterance whole and puts the interruption after it",
			words: []spoken{w("ch_1", 0, 400, "so"), w("ch_1", 450, 900, "anyway"), w("ch_0", 700, 1000, "sorry"), w("ch_1", 950, 1400, "then")},
			want:  []string{"ch_1: so anyway then", "ch_0: sorry"},
		},
		{
			name:  "turn-taking starts new utterances",
			words: []spoken{w("ch_0", 0, 400, "hi"), w("ch_1", 1000, 1400, "hello"), w("ch_0", 2000, 2400, "how")},
			want:  []string{"ch_0: hi", "ch_1: hello", "ch_0: how"},
		},
		{
			name:  "a long pause ends an utterance",
			words: []spoken{w("ch_0", 0, 400, "wait"), w("ch_0", 5000, 5400, "okay")},
			want:  []string{"ch_0: wait", "ch_0: okay"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, u := range channelUtterances(tt.words) {
				got = append(got, u.speaker+": "+u.text)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSpeakerTurnsKeepsInterjectionApart(t *testing.T) {
	words := channelUtterances([]spoken{
		{speaker: "ch_1", text: "I restarted it twice so", startMS: 0, endMS: 3000},
		{speaker: "ch_0", text: "sorry, go on", startMS: 1500, endMS: 2200},
		{speaker: "ch_0", text: "no restart, promise", startMS: 3500, endMS: 5000},
	})
	got := turns(&transcript.Conversation{Messages: speakerTurns(words, "ch_0", "")})
	want := []string{"customer: I restarted it twice so", "agent: sorry, go on", "agent: no restart, promise"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSecondsMS(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{`"4.87"`, 4870, false},
		{`"0.005"`, 5, false},
		{`12.5`, 12500, false},
		{`""`, 0, true},
		{`null`, 0, true},
		{`"-1"`, 0, true},
		{`"NaN"`, 0, true},
		{`"1e400"`, 0, true},
		{`"soon"`, 0, true},
		{`{}`, 0, true},
	}
	for _, tt := range tests {
		got, err := secondsMS([]byte(tt.in))
		if (err != nil) != tt.wantErr || got != tt.want {
			t.Errorf("secondsMS(%s) = %d, %v; want %d, error %v", tt.in, got, err, tt.want, tt.wantErr)
		}
	}
}

func TestLineOfElement(t *testing.T) {
	raw := []byte("{\n \"a\": 1,\n \"results\": {\n  \"items\": [\n   {\"x\": 1},\n   {\"x\": 2}\n  ]\n }\n}")
	tests := []struct {
		path []any
		want int
	}{
		{[]any{"results", "items", 0}, 14},
		{[]any{"results", "items", 1}, 15},
		{[]any{"results", "items", 5}, 10}, // not there: the record's line
		{[]any{"missing"}, 10},
	}
	for _, tt := range tests {
		if got := lineOfElement(raw, 10, tt.path...); got != tt.want {
			t.Errorf("lineOfElement(%v) = %d, want %d", tt.path, got, tt.want)
		}
	}
}

func TestTranscribeDetect(t *testing.T) {
	tests := []struct {
		name       string
		head       string
		transcribe bool
		analytics  bool
	}{
		{"transcribe job", `{"jobName":"a","accountId":"1","results":{"transcripts":[{"transcript":"hi"}],"items":[]}}`, true, false},
		{"transcribe head cut inside speaker segments", `{"jobName":"a","results":{"transcripts":[{"transcript":"hi"}],"speaker_labels":{"segments":[`, true, false},
		{"call analytics job", `{"JobName":"a","Transcript":[{"ParticipantRole":"AGENT","Content":"hi","BeginOffsetMillis":0}]}`, false, true},
		{"contact lens", `{"Version":"1.1.0","Participants":[{"ParticipantId":"AGENT","ParticipantRole":"AGENT"}],"ConversationCharacteristics":{}}`, false, true},
		{"deepgram-like output is neither", `{"results":{"channels":[{"alternatives":[{"transcript":"hi"}]}]}}`, false, false},
		{"native is neither", `{"id":"c1","messages":[{"role":"agent","text":"hi"}]}`, false, false},
		{"csv is neither", "ParticipantRole,BeginOffsetMillis\nAGENT,0\n", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Transcribe{}).Detect([]byte(tt.head), "x.json"); got != tt.transcribe {
				t.Errorf("Transcribe.Detect = %v, want %v", got, tt.transcribe)
			}
			if got := (CallAnalytics{}).Detect([]byte(tt.head), "x.json"); got != tt.analytics {
				t.Errorf("CallAnalytics.Detect = %v, want %v", got, tt.analytics)
			}
		})
	}
}

func FuzzTranscribe(f *testing.F) {
	seedFromTestdata(f, "transcribe")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Transcribe{}, data) })
}
