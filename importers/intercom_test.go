package importers

import (
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

func TestIntercomAuthorTypes(t *testing.T) {
	tests := []struct {
		authorType string
		extra      string
		want       transcript.Role
		wantReject string
	}{
		{authorType: "user", want: transcript.Customer},
		{authorType: "lead", want: transcript.Customer},
		{authorType: "contact", want: transcript.Customer},
		{authorType: "admin", want: transcript.Agent},
		{authorType: "admin", extra: `,"from_ai_agent":true`, want: transcript.Bot},
		{authorType: "bot", want: transcript.Bot},
		{authorType: "team", want: transcript.System},
		{authorType: "campaign", wantReject: `unknown author type "campaign" (map it with --role-map)`},
		{authorType: "", wantReject: `no author "type"`},
	}
	for _, tt := range tests {
		t.Run(tt.authorType+tt.extra, func(t *testing.T) {
			data := `{"type":"conversation","id":"9","created_at":1772784000,"source":{"type":"conversation","body":"<p>hi</p>","author":{"type":"user","id":"u1","name":"Cleo"}},
"conversation_parts":{"type":"conversation_part.list","conversation_parts":[{"id":"p1","part_type":"comment","body":"<p>reply</p>","created_at":1772784060,"author":{"type":"` + tt.authorType + `","id":"a1","name":"Ana"` + tt.extra + `}}]}}`
			res := importString(t, "c.json", data, Options{})
			if res.err != nil || len(res.convs) != 1 {
				t.Fatalf("err %v, %d conversations", res.err, len(res.convs))
			}
			msgs := res.convs[0].Messages
			if tt.wantReject != "" {
				if len(res.rejects) != 1 || !strings.Contains(res.rejects[0], tt.wantReject) || len(msgs) != 1 {
					t.Errorf("rejects %q with %d messages, want one reject %q", res.rejects, len(msgs), tt.wantReject)
				}
				return
			}
			if len(msgs) != 2 || msgs[1].Role != tt.want || len(res.rejects) > 0 {
				t.Fatalf("messages %+v rejects %q, want the reply as %s", msgs, res.rejects, tt.want)
			}
		})
	}
}

func TestIntercomEventsAreSkippedNotRejected(t *testing.T) {
	data := `{"type":"conversation","id":"9","created_at":1772784000,"source":{"body":"<p>hi</p>","author":{"type":"user","id":"u1"}},
"conversation_parts":{"conversation_parts":[
{"id":"p1","part_type":"assignment","body":null,"created_at":1772784010,"author":{"type":"bot","id":"b"}},
{"id":"p2","part_type":"note","body":"<p>vip customer</p>","created_at":1772784020,"author":{"type":"admin","id":"a1","name":"Ana"}},
{"id":"p3","part_type":"close","created_at":1772784030,"author":{"type":"admin","id":"a1"}},
{"id":"p4","part_type":"comment","body":"  ","created_at":1772784040,"author":{"type":"weird","id":"x"}}]}}`
	res := importString(t, "c.json", data, Options{})
	if len(res.convs) != 1 || len(res.rejects) != 0 || len(res.warnings) != 0 {
		t.Fatalf("convs %d rejects %q warnings %q", len(res.convs), res.rejects, res.warnings)
	}
	if got := roles(res.convs[0]); got != "customer:u1 agent:Ana(internal)" {
		t.Errorf("roles = %s", got)
	}
}

func TestIntercomChannelAndMeta(t *testing.T) {
	tests := []struct {
		sourceType, deliveredAs string
		want                    transcript.Channel
	}{
		{"conversation", "customer_initiated", transcript.Chat},
		{"email", "customer_initiated", transcript.Email},
		{"conversation", "email", transcript.Email},
		{"twitter", "", transcript.Social},
		{"sms", "", transcript.SMS},
		{"phone_call", "", transcript.Call},
		{"whatsapp", "", transcript.Chat},
		{"push", "automated", transcript.Chat},
	}
	for _, tt := range tests {
		if got := intercomChannel(tt.sourceType, tt.deliveredAs); got != tt.want {
			t.Errorf("intercomChannel(%q, %q) = %q, want %q", tt.sourceType, tt.deliveredAs, got, tt.want)
		}
	}
	data := `[{"type":"conversation","id":1,"created_at":"1772784000","state":"closed","tags":{"type":"tag.list","tags":[{"name":"a"},{"name":"b"}]},"conversation_rating":{"rating":4},"source":{"type":"email","subject":"<p>Re: order</p>","body":"<p>Tom &amp; Jerry</p>","author":{"type":"user","email":"t@example.com"}}}]`
	res := importString(t, "list.json", data, Options{})
	if len(res.convs) != 1 {
		t.Fatalf("rejects %q err %v", res.rejects, res.err)
	}
	c := res.convs[0]
	want := map[string]string{"platform": "intercom", "state": "closed", "tags": "a,b", "rating": "4", "subject": "Re: order"}
	for k, v := range want {
		if c.Meta[k] != v {
			t.Errorf("meta[%s] = %q, want %q", k, c.Meta[k], v)
		}
	}
	if c.Channel != transcript.Email || c.Messages[0].Text != "Tom & Jerry" || c.Messages[0].Author != "t@example.com" {
		t.Errorf("got %+v", c)
	}
}

func TestIntercomOldConversationMessage(t *testing.T) {
	data := `{"type":"conversation","id":"3","created_at":1400000000,"conversation_message":{"subject":"","body":"<p>old api</p>","author":{"type":"user","id":"u"}},"conversation_parts":{"conversation_parts":[]}}`
	res := importString(t, "old.json", data, Options{})
	if len(res.convs) != 1 || res.convs[0].Messages[0].Text != "old api" || res.convs[0].Messages[0].Role != transcript.Customer {
		t.Fatalf("convs %+v rejects %q", res.convs, res.rejects)
	}
}

func FuzzIntercom(f *testing.F) {
	seedFromTestdata(f, "intercom")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Intercom{}, data) })
}
