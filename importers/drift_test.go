package importers

import (
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

// detectCase is an input and whether a format's Detect claims it.
type detectCase struct {
	name, data string
	want       bool
}

func checkDetect(t *testing.T, f Format, file string, cases []detectCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := f.Detect([]byte(tc.data), file); got != tc.want {
				t.Errorf("%s Detect = %v, want %v", f.Name(), got, tc.want)
			}
		})
	}
}

func TestDriftDetect(t *testing.T) {
	checkDetect(t, Drift{}, "export.csv", []detectCase{
		{"transcript csv", "Report\nConversation ID,Transcript\n1,\"Nov 2, 12:48:26 PM PDT Bot (Agent): hi\nNov 2, 12:48:30 PM PDT null: hello\"\n", true},
		{"messages json", `{"data":{"messages":[{"id":1,"orgId":7,"author":{"type":"contact","id":2},"type":"chat","conversationId":3,"body":"hi"}]}}`, true},
		{"one transcript line is not enough", "id,notes\n1,\"Nov 2, 12:48:26 PM PDT Ana: hi\"\n", false},
		{"conversation list", `{"data":[{"status":"closed","contactId":1238157803,"createdAt":1237922759384,"id":1230200520,"inboxId":123064}]}`, false},
		{"a transcript mailed out", "From: Drift <no-reply@drift.example>\nTo: team@acme.example\nSubject: Conversation transcript\nDate: Mon, 2 Nov 2026 21:00:00 +0000\n\nNov 2, 12:48:26 PM PDT Bot (Agent): hi\nNov 2, 12:48:30 PM PDT null: hello\n", false},
		{"plain chat csv", "conversation_id,author,text\n1,Ana,Nov 2 was fine\n", false},
	})
}

func TestDriftTranscriptYearFromDate(t *testing.T) {
	// A chat that starts on New Year's Eve: January's lines are next year's.
	data := "Conversation ID,Date,Transcript\n" +
		"7,2026-12-31 23:59:00,\"Dec 31, 11:59:00 PM UTC Ana (Agent): hi\nJan 1, 12:00:30 AM UTC Bo: happy new year\"\n"
	res := importString(t, "t.csv", data, Options{})
	if res.err != nil || len(res.convs) != 1 {
		t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
	}
	ms := res.convs[0].Messages
	if ms[0].At.Year() != 2026 || ms[1].At.Year() != 2027 || ms[0].Text != "hi" {
		t.Errorf("times = %v, %v (text %q)", ms[0].At, ms[1].At, ms[0].Text)
	}
}

func TestDriftTranscriptRoles(t *testing.T) {
	cases := []struct {
		name       string
		r          driftRoles
		cast       []string
		speaker    string
		wantRole   transcript.Role
		wantAuthor string
	}{
		{"agent suffix", driftRoles{}, nil, "Priya Nair (Agent)", transcript.Agent, "Priya Nair"},
		{"bot with agent suffix", driftRoles{}, nil, "Bot (Agent)", transcript.Bot, "Bot"},
		{"null is the visitor", driftRoles{email: "a@example.org"}, nil, "null", transcript.Customer, "a@example.org"},
		{"a numbered visitor", driftRoles{email: "a@example.org"}, nil, "Visitor 8812", transcript.Customer, "a@example.org"},
		{"the row's contact", driftRoles{contact: "Sam"}, nil, "sam", transcript.Customer, "sam"},
		{"someone else when the contact is named", driftRoles{email: "a@example.org"}, nil, "kim@acme.example", transcript.Agent, "kim@acme.example"},
		{"agent domain", driftRoles{}, []string{"x@example.org"}, "kim@acme.example", transcript.Agent, "kim@acme.example"},
		{"unmarked speaker when users are marked", driftRoles{}, []string{"Ana (Agent)", "Bo"}, "Bo", transcript.Customer, "Bo"},
		{"first unnamed speaker is the contact", driftRoles{}, []string{"Bo", "Cy"}, "Bo", transcript.Customer, "Bo"},
		{"second unnamed speaker is a user", driftRoles{}, []string{"Bo", "Cy"}, "Cy", transcript.Agent, "Cy"},
		{"role map wins", driftRoles{}, nil, "Bot (Agent)", transcript.Agent, "Bot"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.r
			r.opts = &Options{AgentDomains: []string{"acme.example"}}
			if tc.name == "agent domain" {
				r.email = ""
			}
			if tc.name == "role map wins" {
				r.opts.RoleMap = map[string]transcript.Role{"Bot": transcript.Agent}
			}
			for _, s := range tc.cast {
				r.see(s)
			}
			r.see(tc.speaker)
			role, author := r.role(tc.speaker)
			if role != tc.wantRole || author != tc.wantAuthor {
				t.Errorf("role(%q) = %s %q, want %s %q", tc.speaker, role, author, tc.wantRole, tc.wantAuthor)
			}
		})
	}
}

func TestDriftRejectsAreLocated(t *testing.T) {
	data := "Drift report\nConversation ID,Date,Transcript\n" +
		"1,2026-03-01,\"stray text\nMar 1, 9:00:00 AM UTC Bo: hi\nFeb 30, 9:01:00 AM UTC Bo: later\nMar 1, 9:02:00 AM UTC Ana (Agent): hello\"\n" +
		",2026-03-01,\"Mar 1, 9:00:00 AM UTC Bo: hi\nMar 1, 9:00:05 AM UTC Bo: again\"\n"
	res := importString(t, "d.csv", data, Options{})
	want := []string{
		`:3: conversation 1: transcript line does not start with a time ("Nov 2, 12:48:26 PM PDT Name: text")`,
		`:5: conversation 1: invalid date "Feb 30"`,
		`:7: column "Conversation ID" is empty: no conversation id`,
	}
	if res.err != nil || len(res.convs) != 1 || strings.Join(res.rejects, "\n") != strings.Join(want, "\n") {
		t.Errorf("err %v, %d conversations, rejects:\n%s", res.err, len(res.convs), strings.Join(res.rejects, "\n"))
	}
}

func TestDriftNoHeader(t *testing.T) {
	data := strings.Repeat("title\n", 12) + "\"Nov 2, 12:48:26 PM PDT Ana: hi\nNov 2, 12:48:30 PM PDT Bo: yo\"\n"
	res := importString(t, "d.csv", data, Options{Format: "drift"})
	if res.err == nil || !strings.Contains(res.err.Error(), "no header with a transcript column") {
		t.Errorf("err = %v", res.err)
	}
}

func FuzzDrift(f *testing.F) {
	seedFromTestdata(f, "drift")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Drift{}, data) })
}

func TestDriftZoneOffset(t *testing.T) {
	cases := []struct {
		zone string
		mins int
		ok   bool
	}{
		{"PDT", -420, true}, {"CEST", 120, true}, {"GMT+1", 60, true}, {"UTC-05:30", -330, true},
		{"GMT+0530", 330, true}, {"IST", 0, false}, {"XYZ+2", 0, false}, {"GMT+99", 0, false},
	}
	for _, tc := range cases {
		if mins, ok := driftZoneOffset(tc.zone); mins != tc.mins || ok != tc.ok {
			t.Errorf("driftZoneOffset(%q) = %d, %v; want %d, %v", tc.zone, mins, ok, tc.mins, tc.ok)
		}
	}
}
