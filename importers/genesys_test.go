package importers

import (
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

func TestGenesysPurposes(t *testing.T) {
	cases := []struct {
		purpose        string
		user, external bool
		want           transcript.Role
	}{
		{"internal", false, false, transcript.Agent},
		{"agent", false, false, transcript.Agent},
		{"external", false, false, transcript.Customer},
		{"customer", true, false, transcript.Customer}, // the purpose wins over the user
		{"acd", false, false, transcript.Bot},
		{"ivr", false, false, transcript.Bot},
		{"workflow", false, false, transcript.Bot},
		{"", true, false, transcript.Agent},
		{"", false, true, transcript.Customer},
	}
	for _, tc := range cases {
		got, err := genesysSenderRole(&Options{}, tc.purpose, tc.user, tc.external)
		if err != nil || got != tc.want {
			t.Errorf("role(%q, user %v, external %v) = %s, %v; want %s", tc.purpose, tc.user, tc.external, got, err, tc.want)
		}
	}
	if _, err := genesysSenderRole(&Options{}, "", false, false); err == nil || !strings.Contains(err.Error(), "cannot tell") {
		t.Errorf("no purpose, no sender: err = %v", err)
	}
	opts := Options{RoleMap: map[string]transcript.Role{"supervisor": transcript.Agent}}
	if got, err := genesysSenderRole(&opts, "Supervisor", false, false); err != nil || got != transcript.Agent {
		t.Errorf("role map: %s, %v", got, err)
	}
}

func TestGenesysCallOffsets(t *testing.T) {
	// Offsets count from the transcript's start, ends add the duration
	// (an object or a number); chat transcripts get times only.
	data := `{"conversationId":"c","mediaType":"call","transcripts":[{"startTime":1772791200000,"phrases":[
{"text":"hello","startTimeMs":1772791201000,"duration":{"milliseconds":500},"participantPurpose":"internal"},
{"text":"hi","startTimeMs":1772791202000,"duration":700,"participantPurpose":"external"}]}]}`
	res := importString(t, "call.json", data, Options{})
	if res.err != nil || len(res.convs) != 1 {
		t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
	}
	m := res.convs[0].Messages
	if !m[1].HasOffsets() || *m[0].StartMS != 1000 || *m[0].EndMS != 1500 || *m[1].StartMS != 2000 || *m[1].EndMS != 2700 {
		t.Errorf("offsets wrong: %+v", m)
	}
	chat := strings.Replace(data, `"call"`, `"chat"`, 1)
	res = importString(t, "chat.json", chat, Options{})
	if len(res.convs) != 1 || res.convs[0].Messages[0].HasOffsets() || res.convs[0].Channel != transcript.Chat {
		t.Errorf("a chat transcript: %+v", res.convs)
	}
}

func TestGenesysRecordsOfOneConversationJoin(t *testing.T) {
	// Two chat recordings of one conversation (a transfer) are one
	// conversation; a record of another kind is rejected with its line.
	data := `[{"conversationId":"c1","media":"chat","transcript":[{"body":"hi","bodyType":"standard","participantPurpose":"customer","utc":"2026-03-10T08:30:00Z"}]},
{"conversationId":"c1","media":"chat","transcript":[{"body":"hello","bodyType":"standard","participantPurpose":"agent","utc":"2026-03-10T08:31:00Z"}]},
{"conversationId":"c2","participants":[{"purpose":"customer"}]}]`
	res := importString(t, "r.json", data, Options{})
	if len(res.convs) != 1 || roles(res.convs[0]) != "customer: agent:" {
		t.Fatalf("%d conversations: %+v", len(res.convs), res.convs)
	}
	if len(res.rejects) != 1 || !strings.HasPrefix(res.rejects[0], ":3: ") || !strings.Contains(res.rejects[0], "not a Genesys Cloud conversation") {
		t.Errorf("rejects = %q", res.rejects)
	}
}

func TestGenesysDetect(t *testing.T) {
	checkDetect(t, GenesysCloud{}, "x.json", []detectCase{
		{"speech transcript", `{"conversationId":"c","transcripts":[{"phrases":[{"text":"hi","participantPurpose":"internal"}]}]}`, true},
		{"chat recording", `[{"conversationId":"c","media":"chat","transcript":[{"body":"hi","bodyType":"standard","utc":"1"}]}]`, true},
		{"messaging recording", `[{"conversationId":"c","messagingTranscript":[{"messageText":"hi","purpose":"customer"}]}]`, true},
		{"conversation messages", `{"entities":[{"textBody":"hi","direction":"inbound","messengerType":"sms"}]}`, true},
		{"conversation details", `{"id":"c","startTime":"2026-03-10T08:30:00Z","participants":[{"id":"p","purpose":"customer","calls":[{"state":"disconnected"}]}]}`, false},
		{"users", `{"entities":[{"id":"u","name":"Leo","email":"leo@example.com","state":"active"}],"pageSize":25}`, false},
	})
}

func FuzzGenesysCloud(f *testing.F) {
	seedFromTestdata(f, "genesys-cloud")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, GenesysCloud{}, data) })
}

func TestGenesysPhraseWordsAndNoPurpose(t *testing.T) {
	data := `{"conversationId":"c","mediaType":"call","transcripts":[{"phrases":[
{"text":"","words":[{"word":"hello"},{"word":"there"}],"startTimeMs":1772791201000,"participantPurpose":"internal"},
{"text":"who am i","startTimeMs":1772791202000}]}]}`
	res := importString(t, "call.json", data, Options{})
	if len(res.convs) != 1 || res.convs[0].Messages[0].Text != "hello there" {
		t.Fatalf("conversations %+v", res.convs)
	}
	if len(res.rejects) != 1 || !strings.Contains(res.rejects[0], "phrase 2: no participantPurpose") {
		t.Errorf("rejects = %q", res.rejects)
	}
}
