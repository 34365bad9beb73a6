package importers

import (
	"fmt"
	"strings"
	"testing"
)

func TestParseVTTTimestamp(t *testing.T) {
	tests := []struct {
		in   string
		want int64 // -1: an error
	}{
		{"00:01:02.500", 62500},
		{"01:02.500", 62500},
		{"1:02.500", 62500},
		{"1:00:00.000", 3600000},
		{"123:00:00.001", 442800001},
		{"00:00:05,250", 5250}, // SubRip comma
		{"00:00:05.5", 5500},
		{"00:00:05", 5000},
		{"00:60:00.000", -1},
		{"00:00:61.000", -1},
		{"00:00:05.1234", -1},
		{"00:00:05.", -1},
		{"5.000", -1},
		{"aa:bb.ccc", -1},
		{"00:00:-5.000", -1},
		{"", -1},
	}
	for _, tt := range tests {
		got, err := parseVTTTimestamp(tt.in)
		if tt.want < 0 {
			if err == nil {
				t.Errorf("parseVTTTimestamp(%q) = %d, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("parseVTTTimestamp(%q) = %d, %v; want %d", tt.in, got, err, tt.want)
		}
	}
}

func TestParseCueTimings(t *testing.T) {
	tests := []struct {
		in         string
		start, end int64
		err        string
	}{
		{"00:00:01.000 --> 00:00:04.000", 1000, 4000, ""},
		{"00:01.000-->00:04.000", 1000, 4000, ""},
		{"00:00:01.000 --> 00:00:04.000 align:start position:10% line:0", 1000, 4000, ""},
		{"00:00:04.000 --> 00:00:01.000", 0, 0, "before it starts"},
		{"00:00:01.000 -->", 0, 0, "no end time"},
		{"soon --> 00:00:01.000", 0, 0, "cue start time"},
	}
	for _, tt := range tests {
		start, end, err := parseCueTimings(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("parseCueTimings(%q) error = %v, want %q", tt.in, err, tt.err)
			}
			continue
		}
		if err != nil || start != tt.start || end != tt.end {
			t.Errorf("parseCueTimings(%q) = %d, %d, %v; want %d, %d", tt.in, start, end, err, tt.start, tt.end)
		}
	}
}

func TestSplitVoices(t *testing.T) {
	tests := []struct {
		name, payload string
		want          string // segments as "speaker|text" joined by " // "
	}{
		{"voice with closing tag", "<v Bob Smith>Hello there.</v>", "Bob Smith|Hello there."},
		{"voice without closing tag", "<v Bob>Hello", "Bob|Hello"},
		{"voice with classes", "<v.loud.first Bob>HEY", "Bob|HEY"},
		{"two voices in one cue", "<v Ann>Hi.</v>\n<v Bob>Hello.</v>", "Ann|Hi. // Bob|Hello."},
		{"zoom speaker prefix", "Jane Doe: Thanks for calling.", "Jane Doe|Thanks for calling."},
		{"no speaker", "just captions", "|just captions"},
		{"note is not a speaker", "Note: fees apply", "|Note: fees apply"},
		{"a time is not a speaker", "See you at 10:30 tomorrow", "|See you at 10:30 tomorrow"},
		{"a sentence is not a speaker", "Well, honestly: no.", "|Well, honestly: no."},
		{"tags stripped", "<v Al><b>Bold</b> <i>it</i> <c.yellow>is</c> <00:00:01.000>now</v>", "Al|Bold it is now"},
		{"entities decoded after tags", "<v Al>a &amp; b &lt;i&gt; c&nbsp;d", "Al|a & b <i> c\u00a0d"},
		{"lone angle bracket kept", "<v Al>3 < 5", "Al|3 < 5"},
		{"voice tag prefix in a speaker name is a tag", "<v Al>Bob: hi", "Al|Bob: hi"},
		{"empty payload", "", ""},
	}
	for _, tt := range tests {
		var parts []string
		for _, s := range splitVoices(tt.payload) {
			parts = append(parts, s.speaker+"|"+s.text)
		}
		if got := strings.Join(parts, " // "); got != tt.want {
			t.Errorf("%s: splitVoices(%q) = %q, want %q", tt.name, tt.payload, got, tt.want)
		}
	}
}

// turns renders a conversation's messages as "author/role start-end text".
func vttTurns(r importResult) string {
	var b strings.Builder
	for _, c := range r.convs {
		for _, m := range c.Messages {
			fmt.Fprintf(&b, "%s/%s %d-%d %s\n", m.Author, m.Role, *m.StartMS, *m.EndMS, m.Text)
		}
	}
	return b.String()
}

func TestWebVTTTurns(t *testing.T) {
	tests := []struct {
		name     string
		opts     Options
		vtt      string
		want     string
		warnings []string
		rejects  []string
	}{
		{
			name: "agent named case-insensitively; same speaker's cues merged",
			opts: Options{Agent: "ana"},
			vtt: `WEBVTT

00:00.000 --> 00:02.000
<v Ana>Hello,

00:02.100 --> 00:03.000
<v Ana>how can I help?

00:03.500 --> 00:05.000
<v Bob>My bill is wrong.
`,
			want: "Ana/agent 0-3000 Hello,\nhow can I help?\nBob/customer 3500-5000 My bill is wrong.\n",
		},
		{
			name: "a long silence keeps one speaker's cues apart",
			opts: Options{Agent: "Ana"},
			vtt: `WEBVTT

00:00.000 --> 00:02.000
<v Ana>One moment please.

00:30.000 --> 00:32.000
<v Ana>Thanks for holding.
`,
			want: "Ana/agent 0-2000 One moment please.\nAna/agent 30000-32000 Thanks for holding.\n",
		},
		{
			name: "overlapping cues kept and ordered by start",
			opts: Options{Agent: "Ana"},
			vtt: `WEBVTT

00:05.000 --> 00:08.000
<v Bob>Wait, I already did that!

00:04.000 --> 00:07.000
<v Ana>So first restart the router and

00:00.000 --> 00:03.000
<v Bob>My internet is down.
`,
			want: "Bob/customer 0-3000 My internet is down.\nAna/agent 4000-7000 So first restart the router and\nBob/customer 5000-8000 Wait, I already did that!\n",
		},
		{
			name: "without --agent the first speaker is the agent, with a warning",
			vtt: `WEBVTT

00:00.000 --> 00:02.000
Sam: Hi, Sam here.

00:02.500 --> 00:04.000
Kim: Hi Sam.
`,
			want:     "Sam/agent 0-2000 Hi, Sam here.\nKim/customer 2500-4000 Hi Sam.\n",
			warnings: []string{`took the first speaker "Sam" as the agent (speakers: "Sam", "Kim"); pass --agent-name NAME to choose`},
		},
		{
			name: "an --agent that is not a speaker is said so",
			opts: Options{Agent: "Zed"},
			vtt: `WEBVTT

00:00.000 --> 00:02.000
<v Sam>Hi.
`,
			want:     "Sam/agent 0-2000 Hi.\n",
			warnings: []string{`--agent-name "Zed" is not a speaker here (speakers: "Sam"); took the first speaker "Sam" as the agent`},
		},
		{
			name: "--agent-speaker names a diarized label",
			opts: Options{AgentSpeaker: "spk_1"},
			vtt: `WEBVTT

00:00.000 --> 00:02.000
<v spk_0>Hello?

00:02.000 --> 00:04.000
<v spk_1>Hi, pharmacy.
`,
			want: "spk_0/customer 0-2000 Hello?\nspk_1/agent 2000-4000 Hi, pharmacy.\n",
		},
		{
			name: "cues without a speaker continue the previous one; leading ones go to the first speaker",
			opts: Options{Agent: "Ana"},
			vtt: `WEBVTT

00:00.000 --> 00:01.000
Good morning,

00:01.000 --> 00:02.000
Ana: this is Ana.

00:02.500 --> 00:04.000
Bob: Hi Ana, my card

00:04.000 --> 00:05.000
was declined.
`,
			want: "Ana/agent 0-2000 Good morning,\nthis is Ana.\nBob/customer 2500-5000 Hi Ana, my card\nwas declined.\n",
		},
		{
			name: "a caller who speaks once keeps their name; a lone label that is not a name is text",
			opts: Options{Agent: "Lena"},
			vtt: `WEBVTT

00:01.000 --> 00:04.000
Lena: Tailwind Travel, Lena speaking.

00:05.000 --> 00:08.000
Jonas: Move my flight to Friday, please.

00:09.000 --> 00:12.000
Lena: Done. To check it:

00:12.000 --> 00:14.000
Step 1: open the app.
`,
			want: "Lena/agent 1000-4000 Tailwind Travel, Lena speaking.\nJonas/customer 5000-8000 Move my flight to Friday, please.\nLena/agent 9000-14000 Done. To check it:\nStep 1: open the app.\n",
		},
		{
			name: "no speaker at all: one voice, with a warning",
			vtt: `WEBVTT

00:00.000 --> 00:01.000
Hello.

00:10.000 --> 00:11.000
Anyone there?
`,
			want:     "/agent 0-1000 Hello.\n/agent 10000-11000 Anyone there?\n",
			warnings: []string{`no speaker names (no <v> tags or "Name:" prefixes): every cue was imported as the agent's; turns cannot be told apart`},
		},
		{
			name: "NOTE, STYLE and REGION skipped; identifiers and a cue right after the header read",
			opts: Options{Agent: "Ana"},
			vtt: `WEBVTT Kind: captions
Language: en
00:00.000 --> 00:01.000
<v Ana>First.

NOTE
a multi-line
comment

STYLE
::cue { color: red }

REGION
id:fred width:40%

cue-7
00:01.500 --> 00:02.000
<v Bob>Second.
`,
			want: "Ana/agent 0-1000 First.\nBob/customer 1500-2000 Second.\n",
		},
		{
			name: "malformed timings and text outside cues are rejected with their line",
			opts: Options{Agent: "Ana"},
			vtt: `WEBVTT

00:00.000 --> 00:01.000
<v Ana>Hello.

3
00:05.000 --> 00:02.000
<v Bob>Backwards.

orphan text
`,
			want: "Ana/agent 0-1000 Hello.\n",
			rejects: []string{
				":7: cue ends (00:02.000) before it starts (00:05.000)",
				`:10: block has no cue timing line ("00:00:01.000 --> 00:00:04.000"); text "orphan text" not imported`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := importString(t, "call.vtt", tt.vtt, tt.opts)
			if got.err != nil {
				t.Fatal(got.err)
			}
			if s := vttTurns(got); s != tt.want {
				t.Errorf("turns:\n%s\nwant:\n%s", s, tt.want)
			}
			if strings.Join(got.warnings, "\n") != strings.Join(tt.warnings, "\n") {
				t.Errorf("warnings: %q, want %q", got.warnings, tt.warnings)
			}
			if strings.Join(got.rejects, "\n") != strings.Join(tt.rejects, "\n") {
				t.Errorf("rejects: %q, want %q", got.rejects, tt.rejects)
			}
		})
	}
}

func TestWebVTTConversation(t *testing.T) {
	got := importString(t, "support-call-0042.en.vtt", "\ufeffWEBVTT\r\n\r\n00:00.000 --> 00:01.000\r\n<v Ana>Hi.\r\n", Options{Agent: "Ana"})
	if got.err != nil || len(got.convs) != 1 {
		t.Fatalf("err %v, %d conversations", got.err, len(got.convs))
	}
	c := got.convs[0]
	if c.ID != "support-call-0042.en" || c.Channel != "call" || c.Agent != "Ana" {
		t.Errorf("id %q channel %q agent %q", c.ID, c.Channel, c.Agent)
	}
}

func TestWebVTTNotVTT(t *testing.T) {
	got := importString(t, "call.vtt", "1\n00:00:01,000 --> 00:00:02,000\nhello\n", Options{})
	if got.err == nil || !strings.Contains(got.err.Error(), `no "WEBVTT" header`) {
		t.Errorf("err = %v, want a missing header error", got.err)
	}
}

func TestWebVTTDetect(t *testing.T) {
	tests := []struct {
		name, head, file string
		want             bool
	}{
		{"signature", "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n", "x.txt", true},
		{"signature with text and BOM", "\ufeffWEBVTT - captions\n", "x", true},
		{"signature after blank lines", "\n \nWEBVTT\n", "x", true},
		{"vtt name with cues", "1\n00:00:01.000 --> 00:00:02.000\nhi\n", "call.VTT", true},
		{"srt file", "1\n00:00:01,000 --> 00:00:02,000\nhi\n", "call.srt", false},
		{"word that starts like the signature", "WEBVTTX\n", "x", false},
		{"csv", "tweet_id,author_id,inbound\n", "x.csv", false},
	}
	for _, tt := range tests {
		if got := (WebVTT{}).Detect([]byte(tt.head), tt.file); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestVTTConversationID(t *testing.T) {
	for in, want := range map[string]string{
		"calls/2026-01-02 Ana.vtt":  "2026-01-02 Ana",
		"call-42.vtt.gz":            "call-42",
		"GMT20260102-101500.webvtt": "GMT20260102-101500",
		"meeting.transcript.vtt":    "meeting.transcript",
		"-":                         "stdin",
		".vtt":                      ".vtt",
	} {
		if got := vttConversationID(in); got != want {
			t.Errorf("vttConversationID(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzWebVTT(f *testing.F) {
	seedFromTestdata(f, "webvtt")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, WebVTT{}, data) })
}
