package importers

import (
	"strings"
	"testing"
)

func TestFreshchatConversationWithMessages(t *testing.T) {
	// A list of conversation objects, each bundled with its messages: the
	// conversation's id and status reach messages that do not repeat them.
	data := `{"conversations":[
{"conversation_id":"c-1","status":"resolved","messages":[
 {"message_parts":[{"text":{"content":"Hello?"}}],"actor_type":"user","actor_id":"u1","created_time":"2026-03-01T10:00:00Z"},
 {"message_parts":[{"collection":{"sub_parts":[{"text":{"content":"Pick one:"}},{"quick_reply_button":{"label":"Orders"}}]}}],"actor_type":"bot","actor_id":"b1","created_time":"2026-03-01T10:00:01Z"},
 {"message_parts":[{"text":{"content":"Hi, Ana here."}}],"actor_type":"agent","actor_id":"a1","created_time":"2026-03-01T10:01:00Z"}]},
{"conversation_id":"c-2","status":"new","messages":[]}]}`
	res := importString(t, "conversations.json", data, Options{})
	if res.err != nil || len(res.convs) != 1 || len(res.rejects) != 0 {
		t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
	}
	c := res.convs[0]
	if got := roles(c); got != "customer:u1 bot:b1 agent:a1" {
		t.Errorf("roles = %s", got)
	}
	if c.ID != "c-1" || c.Meta["status"] != "resolved" {
		t.Errorf("id %q, status %q", c.ID, c.Meta["status"])
	}
	if got := c.Messages[1].Text; got != "Pick one:\nOrders" {
		t.Errorf("collection text = %q", got)
	}
	if len(res.warnings) != 1 || !strings.Contains(res.warnings[0], "1 conversation(s) with no message") {
		t.Errorf("warnings = %q (the empty conversation is said once)", res.warnings)
	}
}

func TestFreshchatRunsOfOneConversationApart(t *testing.T) {
	data := `[{"message_parts":[{"text":{"content":"one"}}],"actor_type":"user","conversation_id":"a"},
{"message_parts":[{"text":{"content":"two"}}],"actor_type":"user","conversation_id":"b"},
{"message_parts":[{"text":{"content":"three"}}],"actor_type":"agent","conversation_id":"a"}]`
	res := importString(t, "m.json", data, Options{})
	if len(res.convs) != 3 || len(res.warnings) != 1 || !strings.Contains(res.warnings[0], "not next to each other") {
		t.Errorf("%d conversations, warnings %q", len(res.convs), res.warnings)
	}
}

func TestFreshchatRejectsNameTheLine(t *testing.T) {
	data := "{\"messages\":[\n" +
		`{"id":"m1","message_parts":[{"text":{"content":"fine"}}],"actor_type":"user","conversation_id":"c","created_time":"2026-03-01T10:00:00Z"},` + "\n" +
		`{"id":"m2","message_parts":[{"text":{"content":"bad time"}}],"actor_type":"agent","conversation_id":"c","created_time":"31/31/2026"},` + "\n" +
		`{"id":"m3","message_parts":[{"text":{"content":"who?"}}],"actor_type":"supervisor","conversation_id":"c","created_time":"2026-03-01T10:00:09Z"}` + "\n]}"
	res := importString(t, "m.json", data, Options{})
	want := []string{
		`:3: conversation c, message m2: created_time: invalid date "31/31/2026"`,
		`:4: conversation c, message m3: unknown actor_type "supervisor" (use user, agent or bot, or map it with --role-map)`,
	}
	if strings.Join(res.rejects, "\n") != strings.Join(want, "\n") {
		t.Errorf("rejects:\n%s\nwant:\n%s", strings.Join(res.rejects, "\n"), strings.Join(want, "\n"))
	}
}

func TestFreshchatDetect(t *testing.T) {
	checkDetect(t, Freshchat{}, "x.json", []detectCase{
		{"messages page", `{"messages":[{"message_parts":[{"text":{"content":"hi"}}],"actor_type":"user"}]}`, true},
		{"agents list", `{"agents":[{"id":"a1","first_name":"Ana","email":"ana@example.com","role_id":"AGENT"}],"pagination":{"total_items":1}}`, false},
		{"conversation without messages", `{"conversation_id":"c","app_id":"x","status":"new","channel_id":"y"}`, false},
		{"generic message records", `[{"conversation_id":"c","actor_type":"user","text":"hi"}]`, false},
	})
}

func FuzzFreshchat(f *testing.F) {
	seedFromTestdata(f, "freshchat")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Freshchat{}, data) })
}
