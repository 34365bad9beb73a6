package importers

import (
	"strings"
	"testing"
)

func TestFrontDetect(t *testing.T) {
	checkDetect(t, Front{}, "x.json", []detectCase{
		{"messages page", `{"_results":[{"id":"msg_1","type":"email","is_inbound":true,"created_at":1453770984.123,"recipients":[{"handle":"a@example.com","role":"from"}],"text":"hi"}]}`, true},
		{"one message", `{"id":"msg_1","is_inbound":false,"created_at":1453770984,"recipients":[],"body":"<p>x</p>"}`, true},
		{"conversation list", `{"_results":[{"id":"cnv_1","subject":"Hi","status":"archived","assignee":null,"recipient":{"handle":"a@example.com","role":"from"},"created_at":1453770984.123,"is_private":false}]}`, false},
		{"contacts", `{"_results":[{"id":"crd_1","name":"Ana","handles":[{"handle":"a@example.com","source":"email"}],"is_spammer":false}]}`, false},
	})
}

func TestFrontConversationListIsOneLine(t *testing.T) {
	data := `{"_results":[
{"id":"cnv_1","subject":"Hi","status":"archived","last_message":{"id":"msg_1","is_inbound":true,"created_at":1453770984.1,"recipients":[{"handle":"a@example.com","role":"from"}],"text":"hi"}},
{"id":"cnv_2","subject":"Yo","status":"open","last_message":{"id":"msg_2","is_inbound":false,"created_at":1453770985,"recipients":[],"text":"yo"}}]}`
	res := importString(t, "conversations.json", data, Options{})
	if res.err != nil || len(res.convs) != 0 || len(res.rejects) != 0 || len(res.warnings) != 1 || !strings.Contains(res.warnings[0], "2 conversations from a conversation list") {
		t.Errorf("err %v, %d conversations, rejects %q, warnings %q", res.err, len(res.convs), res.rejects, res.warnings)
	}
}

func TestFrontRoles(t *testing.T) {
	data := `{"_results":[
{"id":"m4","type":"custom","is_inbound":false,"created_at":1775139604,"author":{"first_name":"Raj"},"recipients":[{"handle":"raj@acme.example","role":"from"}],"text":"teammate"},
{"id":"m3","type":"custom","is_inbound":false,"created_at":1775139603,"author":null,"recipients":[{"handle":"bot@acme.example","role":"from","name":"Order bot"}],"text":"rule"},
{"id":"m2","type":"custom","is_inbound":false,"is_draft":true,"created_at":1775139602,"author":{"first_name":"Raj"},"text":"draft"},
{"id":"m1","type":"custom","is_inbound":true,"created_at":1775139601,"recipients":[{"handle":"kim@example.com","role":"from"}],"text":"customer"}]}`
	res := importString(t, "m.json", data, Options{})
	if res.err != nil || len(res.convs) != 1 || len(res.rejects) != 0 {
		t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
	}
	if got := roles(res.convs[0]); got != "customer:kim@example.com bot:Order bot agent:Raj" {
		t.Errorf("roles = %s (oldest first, the draft left out)", got)
	}
}

func TestFrontSplitConversationWarns(t *testing.T) {
	msg := func(cnv, id string) string {
		return `{"_links":{"related":{"conversation":"https://x.api.frontapp.example/conversations/` + cnv + `"}},"id":"` + id + `","is_inbound":true,"created_at":1775139601,"recipients":[],"text":"hi"}`
	}
	data := "[" + strings.Join([]string{msg("cnv_1", "a"), msg("cnv_2", "b"), msg("cnv_1", "c")}, ",") + "]"
	res := importString(t, "m.json", data, Options{})
	if len(res.convs) != 3 || len(res.warnings) != 1 || !strings.Contains(res.warnings[0], "cnv_1") {
		t.Errorf("%d conversations, warnings %q", len(res.convs), res.warnings)
	}
}

func FuzzFront(f *testing.F) {
	seedFromTestdata(f, "front")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Front{}, data) })
}
