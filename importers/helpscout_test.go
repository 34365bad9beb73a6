package importers

import (
	"strings"
	"testing"
)

func TestHelpScoutDetect(t *testing.T) {
	checkDetect(t, HelpScout{}, "x.json", []detectCase{
		{"v2 embedded threads", `{"id":1,"mailboxId":85,"_embedded":{"threads":[{"id":2,"type":"customer","body":"hi","createdBy":{"id":3,"type":"customer"}}]}}`, true},
		{"v1 item", `{"item":{"id":1,"mailbox":{"id":1},"threads":[{"id":2,"type":"message","createdBy":{"type":"user"}}]}}`, true},
		{"conversation list without threads", `{"_embedded":{"conversations":[{"id":1,"number":3,"threads":4,"type":"email","mailboxId":85,"createdBy":{"id":1,"type":"customer"}}]}}`, false},
		{"customers page", `{"_embedded":{"customers":[{"id":1,"firstName":"Ana","emails":[{"value":"a@example.com","type":"work"}]}]}}`, false},
	})
}

func TestHelpScoutDuplicateKeysRejectTheFieldNotTheConversation(t *testing.T) {
	data := `{"id": 5, "type": "email",
"subject": "first",
"subject": "second",
"status": "open", "status": "open",
"_embedded": {"threads": [
  {"id": 2, "type": "message", "body": "Done.", "createdBy": {"type": "user", "first": "Mia"}, "createdAt": "2026-01-01T10:05:00Z"},
  {"id": 1, "type": "customer", "body": "a", "body": "b",
   "createdBy": {"type": "customer", "first": "Leo"}, "createdAt": "2026-01-01T10:00:00Z"},
  {"id": 7, "type": "chat", "body": "who am I?", "createdBy": {"type": "customer",
   "type": "user", "first": "Zed"}, "createdAt": "2026-01-01T10:01:00Z"},
  {"id": 0, "type": "customer", "body": "Hello?", "createdBy": {"type": "customer", "first": "Leo"}, "createdAt": "2026-01-01T09:59:00Z"}
]}}`
	res := importString(t, "c.json", data, Options{})
	want := []string{
		`:3: field "subject" appears twice with different values; it is left out`,
		`:7: conversation 5, thread 1: field "body" appears twice with different values; it is left out`,
		`:10: conversation 5, thread 7: field "createdBy.type" appears twice with different values; it is left out`,
		`:9: conversation 5, thread 7: type "chat" without a createdBy type: cannot tell who wrote it`,
	}
	if res.err != nil || len(res.convs) != 1 || strings.Join(res.rejects, "\n") != strings.Join(want, "\n") {
		t.Fatalf("err %v, %d conversations, rejects:\n%s", res.err, len(res.convs), strings.Join(res.rejects, "\n"))
	}
	c := res.convs[0]
	if got := roles(c); got != "customer:Leo agent:Mia" {
		t.Errorf("roles = %s (the thread whose body was left out has no text)", got)
	}
	if c.Meta["subject"] != "" || c.Meta["status"] != "open" {
		t.Errorf("meta = %v (a key given twice with the same value is no error)", c.Meta)
	}
}

func TestHelpScoutNewestFirstWithAnUntimedThread(t *testing.T) {
	data := `{"id": 6, "_embedded": {"threads": [
{"id": 3, "type": "message", "body": "third", "createdBy": {"type": "user", "first": "Mia"}, "createdAt": "2026-01-01T10:05:00Z"},
{"id": 2, "type": "customer", "body": "second", "createdBy": {"type": "customer", "first": "Leo"}, "createdAt": "soon"},
{"id": 1, "type": "customer", "body": "first", "createdBy": {"type": "customer", "first": "Leo"}, "createdAt": "2026-01-01T10:00:00Z"}]}}`
	res := importString(t, "c.json", data, Options{})
	if len(res.convs) != 1 || len(res.rejects) != 1 {
		t.Fatalf("%d conversations, rejects %q", len(res.convs), res.rejects)
	}
	var texts []string
	for _, m := range res.convs[0].Messages {
		texts = append(texts, m.Text)
	}
	if got := strings.Join(texts, " "); got != "first second third" {
		t.Errorf("order = %s", got)
	}
}

func TestIndexJSONLines(t *testing.T) {
	raw := []byte("{\"a\": 1,\n \"b\": [\n  {\"c\": 2},\n  {\"c\": 3, \"c\": 4}\n ]}")
	idx, err := indexJSON(raw)
	if err != nil {
		t.Fatal(err)
	}
	if idx.lineOf("b[1]") != 3 || idx.lineOf("b[1].c") != 3 || string(idx.value("b[1].c")) != "3" || idx.lineOf("a") != 0 {
		t.Errorf("lines: b[1] %d, b[1].c %d (%s), a %d", idx.lineOf("b[1]"), idx.lineOf("b[1].c"), idx.value("b[1].c"), idx.lineOf("a"))
	}
	if len(idx.dups) != 1 || idx.dups[0].path != "b[1].c" || idx.dups[0].same || idx.dups[0].line != 3 {
		t.Errorf("dups = %+v", idx.dups)
	}
	if _, err := indexJSON([]byte(`{"a": [1, 2`)); err == nil {
		t.Error("a cut value is indexed")
	}
}

func FuzzHelpScout(f *testing.F) {
	seedFromTestdata(f, "helpscout")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, HelpScout{}, data) })
}

func TestHelpScoutV1ListAndThreadCustomer(t *testing.T) {
	// A 1.0 list page streams its items; a customer thread without
	// createdBy is named by its customer.
	data := `{"page":1,"pages":1,"count":2,"items":[
{"id":1,"type":"email","mailbox":{"id":9,"name":"Support"},"threads":[
  {"id":11,"type":"customer","customer":{"firstName":"Vernon","lastName":"Bear"},"body":"help","createdAt":"2026-01-07T19:54:22Z"},
  {"id":12,"type":"message","createdBy":{"firstName":"Jack","type":"user"},"body":"done","createdAt":"2026-01-07T19:58:00Z"}]},
{"id":2,"type":"chat","mailbox":{"id":9},"threads":[
  {"id":21,"type":"chat","createdBy":{"firstName":"Ana","type":"customer"},"body":"hi","createdAt":"2026-01-08T10:00:00Z"}]}]}`
	res := importString(t, "list.json", data, Options{})
	if res.err != nil || len(res.convs) != 2 || len(res.rejects) != 0 {
		t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
	}
	if got := roles(res.convs[0]); got != "customer:Vernon Bear agent:Jack" {
		t.Errorf("roles = %s", got)
	}
	if res.convs[0].Meta["mailbox"] != "Support" || res.convs[1].Channel != "chat" {
		t.Errorf("meta %v, channel %s", res.convs[0].Meta, res.convs[1].Channel)
	}
}
