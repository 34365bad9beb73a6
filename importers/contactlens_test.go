package importers

import (
	"reflect"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

func caJob(extra string, turns ...string) string {
	return `{"JobName":"ca1","JobStatus":"COMPLETED","LanguageCode":"en-US","Channel":"VOICE",` + extra +
		`"Transcript":[` + strings.Join(turns, ",") + `],"ConversationCharacteristics":{}}`
}

func TestCallAnalyticsTurns(t *testing.T) {
	tests := []struct {
		name        string
		data        string
		opts        Options
		want        []string
		wantRejects []string
	}{
		{
			name: "roles come from ParticipantRole",
			data: caJob("",
				`{"ParticipantRole":"AGENT","Content":"Hello.","BeginOffsetMillis":0,"EndOffsetMillis":900}`,
				`{"ParticipantRole":"CUSTOMER","Content":"Hi.","BeginOffsetMillis":1000,"EndOffsetMillis":1500}`),
			want: []string{"agent: Hello.", "customer: Hi."},
		},
		{
			name: "contact lens turns name a participant id, resolved through Participants",
			data: caJob(`"Participants":[{"ParticipantId":"P-1","ParticipantRole":"CUSTOMER"},{"ParticipantId":"P-2","ParticipantRole":"AGENT"}],`,
				`{"ParticipantId":"P-2","Content":"Bank, how can I help?","BeginOffsetMillis":0,"EndOffsetMillis":900}`,
				`{"ParticipantId":"P-1","Content":"Card lost.","BeginOffsetMillis":1000,"EndOffsetMillis":1500}`),
			want: []string{"agent: Bank, how can I help?", "customer: Card lost."},
		},
		{
			name: "overlapping turns are kept, ordered by start",
			data: caJob("",
				`{"ParticipantRole":"AGENT","Content":"Can I offer you a discount before","BeginOffsetMillis":0,"EndOffsetMillis":5000}`,
				`{"ParticipantRole":"CUSTOMER","Content":"No, just cancel it.","BeginOffsetMillis":3000,"EndOffsetMillis":4500}`),
			want: []string{"agent: Can I offer you a discount before", "customer: No, just cancel it."},
		},
		{
			name: "turns out of order in the file are sorted by offset",
			data: caJob("",
				`{"ParticipantRole":"CUSTOMER","Content":"second","BeginOffsetMillis":2000,"EndOffsetMillis":2500}`,
				`{"ParticipantRole":"AGENT","Content":"first","BeginOffsetMillis":0,"EndOffsetMillis":900}`),
			want: []string{"agent: first", "customer: second"},
		},
		{
			name: "supervisors are agents and custom bots are bots",
			data: caJob("",
				`{"ParticipantRole":"CUSTOM_BOT","Content":"Please hold.","BeginOffsetMillis":0,"EndOffsetMillis":900}`,
				`{"ParticipantRole":"SUPERVISOR","Content":"Lee here.","BeginOffsetMillis":1000,"EndOffsetMillis":1500}`),
			want: []string{"bot: Please hold.", "agent: Lee here."},
		},
		{
			name: "--role-map overrides a role",
			data: caJob("",
				`{"ParticipantRole":"AGENT","Content":"Hello.","BeginOffsetMillis":0,"EndOffsetMillis":900}`,
				`{"ParticipantRole":"THIRD_PARTY","Content":"Interpreter here.","BeginOffsetMillis":1000,"EndOffsetMillis":1500}`),
			opts: Options{RoleMap: map[string]transcript.Role{"third_party": transcript.System}},
			want: []string{"agent: Hello.", "system: Interpreter here."},
		},
		{
			name: "bad turns are rejected one by one",
			data: caJob("",
				`{"ParticipantRole":"AGENT","Content":"Hello.","BeginOffsetMillis":0,"EndOffsetMillis":900}`,
				`{"ParticipantRole":"MARTIAN","Content":"Zorp.","BeginOffsetMillis":1000,"EndOffsetMillis":1500}`,
				`{"ParticipantRole":"CUSTOMER","BeginOffsetMillis":1600,"EndOffsetMillis":1700}`,
				`{"ParticipantRole":"CUSTOMER","Content":"Late.","BeginOffsetMillis":"soon","EndOffsetMillis":1900}`,
				`{"ParticipantRole":"CUSTOMER","Content":"No times."}`),
			want: []string{"agent: Hello."},
			wantRejects: []string{
				`:1: job "ca1": turn 2: unknown participant role "MARTIAN" (map it with --role-map)`,
				`:1: job "ca1": turn 3 has no "Content"`,
				`:1: job "ca1": turn 4: BeginOffsetMillis: "soon" is not a number of milliseconds`,
				`:1: job "ca1": turn 5 has no "BeginOffsetMillis"`,
			},
		},
		{
			name: "chat analyses carry absolute times instead of offsets",
			data: `{"Channel":"CHAT","CustomerMetadata":{"ContactId":"chat-9"},"Participants":[{"ParticipantId":"a1","ParticipantRole":"AGENT"}],` +
				`"Transcript":[{"ParticipantId":"a1","ParticipantRole":"AGENT","ContentType":"application/vnd.amazonaws.connect.event.participant.joined","Type":"EVENT","AbsoluteTime":"2026-03-01T09:59:58.000Z"},` +
				`{"ParticipantId":"a1","ParticipantRole":"AGENT","DisplayName":"Ana","Content":"Hi!","ContentType":"text/plain","Type":"MESSAGE","AbsoluteTime":"2026-03-01T10:00:00.000Z"}],"ConversationCharacteristics":{}}`,
			want: []string{"agent: Hi!"},
		},
		{
			name: "a chat of events only is rejected once",
			data: `{"Channel":"CHAT","JobName":"ev","Participants":[{"ParticipantId":"a1","ParticipantRole":"AGENT"}],` +
				`"Transcript":[{"ParticipantId":"a1","Type":"EVENT","ContentType":"application/vnd.amazonaws.connect.event.participant.left"}],"ConversationCharacteristics":{}}`,
			wantRejects: []string{`:1: job "ev" has no turns with "Content"`},
		},
		{
			name:        "a job whose every turn is bad is not rejected again as a whole",
			data:        caJob("", `{"ParticipantRole":"AGENT","BeginOffsetMillis":0,"EndOffsetMillis":900}`),
			wantRejects: []string{`:1: job "ca1": turn 1 has no "Content"`},
		},
		{
			name:        "a job without turns is rejected",
			data:        `{"JobName":"empty","JobStatus":"FAILED","Participants":[{"ParticipantRole":"AGENT"}],"ConversationCharacteristics":{}}`,
			wantRejects: []string{`:1: job "empty" has no "Transcript" turns (status "FAILED")`},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.opts.Format = "transcribe-call-analytics"
			convs, rejects, _ := importText(t, tt.data, tt.opts)
			var got []string
			if len(convs) == 1 {
				got = turns(convs[0])
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("turns:\n got %q\nwant %q", got, tt.want)
			}
			if !reflect.DeepEqual(rejects, tt.wantRejects) {
				t.Errorf("rejects:\n got %q\nwant %q", rejects, tt.wantRejects)
			}
		})
	}
}

func TestCallAnalyticsMeta(t *testing.T) {
	data := `{"JobName":"m1","JobStatus":"COMPLETED","LanguageCode":"en-GB","AccountId":111122223333,"Channel":"VOICE",
		"ContentMetadata":{"Output":"Redacted"},
		"Categories":{"MatchedCategories":["refund","escalation"]},
		"Transcript":[{"ParticipantRole":"CUSTOMER","Content":"I want my refund now.","BeginOffsetMillis":0,"EndOffsetMillis":2000,
			"IssuesDetected":[{"CharacterOffsets":{"Begin":2,"End":20}}]}],
		"ConversationCharacteristics":{"TotalConversationDurationMillis":2000,
			"Sentiment":{"OverallSentiment":{"AGENT":0,"CUSTOMER":-2.5}},
			"Interruptions":{"TotalCount":2,"TotalTimeMillis":1300},
			"NonTalkTime":{"TotalTimeMillis":400,"Instances":[]},
			"TalkTime":{"TotalTimeMillis":1600,"DetailsByParticipant":{"AGENT":{"TotalTimeMillis":0},"CUSTOMER":{"TotalTimeMillis":1600}}}}}`
	convs, _, _ := importText(t, data, Options{})
	if len(convs) != 1 {
		t.Fatalf("got %d conversations", len(convs))
	}
	c := convs[0]
	want := map[string]string{
		"platform": "transcribe-call-analytics", "status": "completed", "language": "en-GB", "account_id": "111122223333",
		"redacted": "true", "aws_categories": "escalation,refund", "aws_duration_ms": "2000",
		"aws_sentiment_agent": "0", "aws_sentiment_customer": "-2.5",
		"aws_interruptions_count": "2", "aws_interruptions_ms": "1300", "aws_non_talk_ms": "400",
		"aws_talk_ms": "1600", "aws_talk_ms_agent": "0", "aws_talk_ms_customer": "1600",
		"aws_issues": "want my refund now",
	}
	if !reflect.DeepEqual(c.Meta, want) {
		t.Errorf("meta:\n got %v\nwant %v", c.Meta, want)
	}
	if c.ID != "m1" || c.Channel != transcript.Call {
		t.Errorf("id %q channel %q", c.ID, c.Channel)
	}
}

func FuzzCallAnalytics(f *testing.F) {
	seedFromTestdata(f, "transcribe-call-analytics")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, CallAnalytics{}, data) })
}
