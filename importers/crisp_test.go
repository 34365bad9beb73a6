package importers

import (
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

func TestCrispSingleWebhook(t *testing.T) {
	// One webhook saved on its own: its "data" is an object, not a page.
	data := `{
  "website_id": "w",
  "event": "message:send",
  "data": {"session_id": "session_1", "type": "text", "from": "user", "origin": "urn:crisp.im:whatsapp:0",
           "content": "hello", "timestamp": 1773223200000, "fingerprint": 1}
}`
	res := importString(t, "hook.json", data, Options{})
	if res.err != nil || len(res.convs) != 1 || len(res.rejects) != 0 {
		t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
	}
	if c := res.convs[0]; c.ID != "session_1" || c.Channel != transcript.Chat || c.Messages[0].Role != transcript.Customer {
		t.Errorf("conversation %+v", c)
	}
}

func TestCrispText(t *testing.T) {
	cases := []struct {
		name, typ, content, want string
	}{
		{"text", "text", `"  hi  "`, "hi"},
		{"picker keeps the chosen label", "picker", `{"text":"Pick","choices":[{"label":"A"},{"label":"B","selected":true}]}`, "Pick\nB"},
		{"field keeps the answer", "field", `{"text":"E-mail?","explain":"Enter it","value":"a@example.com"}`, "E-mail?\na@example.com"},
		{"carousel titles", "carousel", `{"text":"Our plans","targets":[{"title":"Basic"},{"title":"Pro"}]}`, "Our plans\nBasic\nPro"},
		{"file has no text", "file", `{"name":"a.pdf","url":"https://example.com/a.pdf","type":"application/pdf"}`, ""},
		{"audio has no text", "audio", `{"url":"https://example.com/a.ogg","duration":4}`, ""},
		{"null", "text", `null`, ""},
	}
	for _, tc := range cases {
		if got := crispText(tc.typ, []byte(tc.content)); got != tc.want {
			t.Errorf("%s: crispText = %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestCrispBotOrigins(t *testing.T) {
	for origin, want := range map[string]bool{
		"urn:crisp.im:bot:0":       true,
		"urn:crisp.im:triggers:0":  true,
		"urn:crisp.im:campaigns:0": true,
		"urn:crisp.im:messenger:0": false,
		"chat":                     false,
		"email":                    false,
	} {
		if got := crispAutomatedOrigin(origin); got != want {
			t.Errorf("crispAutomatedOrigin(%q) = %v, want %v", origin, got, want)
		}
	}
}

func TestCrispDetect(t *testing.T) {
	checkDetect(t, Crisp{}, "x.json", []detectCase{
		{"messages", `{"error":false,"reason":"resolved","data":[{"session_id":"s","from":"user","origin":"chat","timestamp":1}]}`, true},
		{"conversation list", `{"error":false,"reason":"listed","data":[{"session_id":"s","website_id":"w","state":"resolved","is_verified":false,"meta":{"nickname":"A"}}]}`, false},
		{"people", `{"error":false,"data":[{"people_id":"p","email":"a@example.com","person":{"nickname":"A"}}]}`, false},
	})
}

func FuzzCrisp(f *testing.F) {
	seedFromTestdata(f, "crisp")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Crisp{}, data) })
}
