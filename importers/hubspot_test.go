package importers

import (
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

func TestHubSpotNewestFirstWithoutTimes(t *testing.T) {
	// Without times the API's newest-first order is turned around.
	data := `{"results":[
{"type":"MESSAGE","id":"3","conversationsThreadId":"1","senders":[{"actorId":"A-1","name":"Ana"}],"text":"third","direction":"OUTGOING"},
{"type":"THREAD_STATUS_CHANGE","id":"e","conversationsThreadId":"1","newStatus":"CLOSED"},
{"type":"MESSAGE","id":"2","conversationsThreadId":"1","senders":[{"actorId":"V-9","name":"Bo"}],"text":"second"},
{"type":"WELCOME_MESSAGE","id":"w","conversationsThreadId":"1","text":"Hi! How can we help?"},
{"type":"MESSAGE","id":"1","conversationsThreadId":"1","senders":[{"actorId":"B-5","name":"Bot"}],"text":"first"}]}`
	res := importString(t, "messages.json", data, Options{})
	if res.err != nil || len(res.convs) != 1 || len(res.rejects) != 0 {
		t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
	}
	if got := roles(res.convs[0]); got != "bot:Bot customer:Bo agent:Ana" {
		t.Errorf("roles = %s (welcome and status events are not turns)", got)
	}
	if res.convs[0].Messages[0].Text != "first" {
		t.Errorf("first message = %q", res.convs[0].Messages[0].Text)
	}
}

func TestHubSpotRoles(t *testing.T) {
	cases := []struct {
		name, actor, direction, want string
		opts                         Options
	}{
		{"visitor", "V-1", "", "customer", Options{}},
		{"agent", "A-1", "INCOMING", "agent", Options{}},
		{"bot", "B-1", "", "bot", Options{}},
		{"integration", "I-7", "", "bot", Options{}},
		{"system", "S-hubspot", "", "system", Options{}},
		{"email actor falls back to direction", "E-a@example.com", "INCOMING", "customer", Options{}},
		{"direction alone", "", "OUTGOING", "agent", Options{}},
		{"role map names a prefix", "I-7", "", "agent", Options{RoleMap: map[string]transcript.Role{"I": transcript.Agent}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r, err := hubspotRole(&tc.opts, tc.actor, tc.direction)
			if err != nil || string(r) != tc.want {
				t.Errorf("role(%q, %q) = %s, %v; want %s", tc.actor, tc.direction, r, err, tc.want)
			}
		})
	}
	if _, err := hubspotRole(&Options{}, "Q-1", ""); err == nil || !strings.Contains(err.Error(), "--role-map") {
		t.Errorf("unknown actor: err = %v", err)
	}
}

func TestHubSpotDetectLeavesThreadListsAlone(t *testing.T) {
	threads := `{"results":[{"id":"9100233","status":"OPEN","originalChannelId":"1000","inboxId":"147959","latestMessageTimestamp":"2026-05-11T14:10:00Z"}]}`
	if (HubSpot{}).Detect([]byte(threads), "threads.json") {
		t.Error("a thread list without messages is claimed")
	}
}

func FuzzHubSpot(f *testing.F) {
	seedFromTestdata(f, "hubspot")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, HubSpot{}, data) })
}
