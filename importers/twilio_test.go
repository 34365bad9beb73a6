package importers

import (
	"strings"
	"testing"
)

func TestTwilioWhoIsTheAgent(t *testing.T) {
	msgs := `{"messages":[
{"conversation_sid":"CH1","author":"kim","body":"hello","participant_sid":"MB1","date_created":"2026-03-01T10:00:00Z"},
{"conversation_sid":"CH1","author":"lee","body":"hi, how can I help?","participant_sid":"MB2","date_created":"2026-03-01T10:01:00Z"}]}`
	participants := `{"participants":[
{"conversation_sid":"CH1","sid":"MB1","identity":"kim","attributes":"{\"role\":\"customer\"}","messaging_binding":null},
{"conversation_sid":"CH1","sid":"MB2","identity":"lee","attributes":"{}","messaging_binding":null}]}`
	cases := []struct {
		name, data string
		opts       Options
		want       string
		guessed    bool
	}{
		{"participants first", participants + "\n" + msgs, Options{}, "customer:kim agent:lee", false},
		{"participants after", msgs + "\n" + participants, Options{}, "customer:kim agent:lee", false},
		{"--agent-name names the agent", msgs, Options{Agent: "kim"}, "agent:kim customer:lee", false},
		{"no way to tell", msgs, Options{}, "customer:kim agent:lee", true},
		{"attributes beat the flag", participants + "\n" + msgs, Options{Agent: "kim"}, "customer:kim agent:lee", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := importString(t, "m.jsonl", tc.data, tc.opts)
			if res.err != nil || len(res.convs) != 1 || len(res.rejects) != 0 {
				t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
			}
			if got := roles(res.convs[0]); got != tc.want {
				t.Errorf("roles = %s, want %s", got, tc.want)
			}
			warned := strings.Contains(strings.Join(res.warnings, "\n"), "no participants list")
			if warned != tc.guessed {
				t.Errorf("guess warning = %v, want %v (%q)", warned, tc.guessed, res.warnings)
			}
		})
	}
}

func TestTwilioAddresses(t *testing.T) {
	cases := map[string]bool{
		"+15017122661":      true,
		"whatsapp:+4477009": true,
		"messenger:1234":    true,
		"ana@example.com":   false,
		"guest-7f3e":        false,
		"+":                 false,
		"system":            false,
	}
	for author, want := range cases {
		if got := twilioAddress(author); got != want {
			t.Errorf("twilioAddress(%q) = %v, want %v", author, got, want)
		}
	}
}

func TestTwilioDetect(t *testing.T) {
	checkDetect(t, TwilioConversations{}, "x.json", []detectCase{
		{"messages page", `{"messages":[{"conversation_sid":"CH1","author":"a","body":"hi"}],"meta":{"key":"messages"}}`, true},
		{"participants page", `{"participants":[{"conversation_sid":"CH1","sid":"MB1","messaging_binding":{"address":"+1555"}}]}`, true},
		{"conversations list", `{"conversations":[{"sid":"CH1","friendly_name":"Support","state":"active","date_created":"2026-03-01T10:00:00Z"}],"meta":{"key":"conversations"}}`, false},
		{"programmable sms", `{"messages":[{"sid":"SM1","from":"+1555","to":"+1666","body":"hi","date_sent":"Fri, 13 Mar 2026 18:06:40 +0000"}]}`, false},
	})
}

func FuzzTwilioConversations(f *testing.F) {
	seedFromTestdata(f, "twilio-conversations")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, TwilioConversations{}, data) })
}
