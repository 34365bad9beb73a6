package importers

import (
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

func TestFreshdeskRoles(t *testing.T) {
	data := `[
{"id":1,"ticket_id":7,"body_text":"help","incoming":true,"private":false,"user_id":100,"created_at":"2026-03-01T10:00:00Z"},
{"id":2,"ticket_id":7,"body_text":"checked logs","incoming":false,"private":true,"user_id":200,"created_at":"2026-03-01T10:01:00Z"},
{"id":3,"ticket_id":7,"body":"<p>Fixed &amp; deployed</p>","incoming":false,"private":false,"user_id":200,"created_at":"2026-03-01T10:02:00Z"},
{"id":4,"ticket_id":8,"body_text":"other ticket","incoming":true,"private":false,"user_id":101,"created_at":"2026-03-01T11:00:00Z"},
{"id":5,"ticket_id":8,"body_text":"no direction","private":false,"user_id":201,"created_at":"2026-03-01T11:01:00Z"}
]`
	res := importString(t, "convs.json", data, Options{})
	if res.err != nil || len(res.convs) != 2 {
		t.Fatalf("err %v, %d conversations", res.err, len(res.convs))
	}
	if got := roles(res.convs[0]); got != "customer:100 agent:200(internal) agent:200" {
		t.Errorf("ticket 7 roles = %s", got)
	}
	if got := res.convs[0].Messages[2].Text; got != "Fixed & deployed" {
		t.Errorf("html body = %q", got)
	}
	if res.convs[1].ID != "8" || len(res.convs[1].Messages) != 1 {
		t.Errorf("ticket 8 = %+v", res.convs[1])
	}
	if len(res.rejects) != 1 || !strings.Contains(res.rejects[0], `:6: conversation 5: no "incoming"`) {
		t.Errorf("rejects = %q", res.rejects)
	}
}

func TestFreshdeskTicketWithConversations(t *testing.T) {
	data := `{"id":12,"subject":"VPN","description":"<div>It &quot;fails&quot;</div>","requester_id":100,"responder_id":200,"status":4,"priority":3,"source":7,"tags":["vpn"],"created_at":"2026-03-01T09:00:00Z",
"conversations":[{"id":1,"body_text":"on it","user_id":200,"private":false,"created_at":"2026-03-01T09:05:00Z"},{"id":2,"body_text":"thanks","user_id":100,"private":false,"created_at":"2026-03-01T09:06:00Z"}]}`
	res := importString(t, "ticket.json", data, Options{})
	if res.err != nil || len(res.convs) != 1 || len(res.rejects) != 0 {
		t.Fatalf("err %v, rejects %q", res.err, res.rejects)
	}
	c := res.convs[0]
	if got := roles(c); got != "customer:100 agent:200 customer:100" {
		t.Errorf("roles = %s (a conversation without incoming falls back to the requester)", got)
	}
	if c.Messages[0].Text != `It "fails"` || c.Channel != transcript.Chat || c.ID != "12" {
		t.Errorf("got %+v", c)
	}
	want := map[string]string{"platform": "freshdesk", "status": "resolved", "priority": "high", "tags": "vpn", "subject": "VPN"}
	for k, v := range want {
		if c.Meta[k] != v {
			t.Errorf("meta[%s] = %q, want %q", k, c.Meta[k], v)
		}
	}
}

func TestFreshdeskChannelAndNames(t *testing.T) {
	channels := map[flexString]transcript.Channel{
		"1": transcript.Email, "2": transcript.Email, "3": transcript.Call, "7": transcript.Chat,
		"9": transcript.Email, "10": transcript.Email, "5": transcript.Social, "": "", "42": transcript.Other, // "": none named, --default-channel applies
	}
	for source, want := range channels {
		if got := freshdeskTicketChannel(source); got != want {
			t.Errorf("source %q: channel %q, want %q", source, got, want)
		}
	}
	statuses := map[flexString]string{"2": "open", "3": "pending", "4": "resolved", "5": "closed", "6": "6", "Waiting on Customer": "waiting on customer", "": ""}
	for status, want := range statuses {
		if got := freshdeskName(status, freshdeskStatuses); got != want {
			t.Errorf("status %q: %q, want %q", status, got, want)
		}
	}
}

func TestFreshdeskScatteredTicketIsWarned(t *testing.T) {
	data := `{"id":1,"ticket_id":7,"body_text":"a","incoming":true,"private":false,"created_at":"2026-03-01T10:00:00Z"}
{"id":2,"ticket_id":8,"body_text":"b","incoming":true,"private":false,"created_at":"2026-03-01T10:00:00Z"}
{"id":3,"ticket_id":7,"body_text":"c","incoming":false,"private":false,"created_at":"2026-03-01T10:00:00Z"}
`
	res := importString(t, "convs.jsonl", data, Options{})
	if len(res.convs) != 3 || len(res.warnings) != 1 || !strings.Contains(res.warnings[0], "ticket 7") {
		t.Errorf("%d conversations, warnings %q", len(res.convs), res.warnings)
	}
}

func FuzzFreshdesk(f *testing.F) {
	seedFromTestdata(f, "freshdesk")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Freshdesk{}, data) })
}

func TestFreshdeskDescriptionAuthor(t *testing.T) {
	tests := []struct {
		source, want string
	}{
		{"1", "customer:100 agent:200 customer:100"}, // e-mail: the requester wrote it
		{"2", "customer:100 agent:200 customer:100"}, // portal
		{"10", "agent:200 agent:200 customer:100"},   // outbound e-mail: the agent wrote it
	}
	for _, tt := range tests {
		data := `{"id":12,"subject":"Renewal","description_text":"Your plan renews soon.","requester_id":100,"responder_id":200,"source":` + tt.source + `,"created_at":"2026-03-01T09:00:00Z",
"conversations":[{"id":1,"body_text":"following up","incoming":false,"user_id":200,"private":false,"created_at":"2026-03-02T09:00:00Z"},{"id":2,"body_text":"thanks, renew it","incoming":true,"user_id":100,"private":false,"created_at":"2026-03-02T10:00:00Z"}]}`
		res := importString(t, "ticket.json", data, Options{})
		if len(res.convs) != 1 || roles(res.convs[0]) != tt.want {
			t.Errorf("source %s: got %v rejects %q, want %s", tt.source, res.convs, res.rejects, tt.want)
		}
	}
}
