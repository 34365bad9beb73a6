package importers

import (
	"strings"
	"testing"
)

// TestJSONPagesAreAllRead pins what loops over an API's pages write: every
// page is read, none after the first is dropped.
func TestJSONPagesAreAllRead(t *testing.T) {
	freshdeskPage := func(ticket string) string {
		return `[{"id":` + ticket + `1,"ticket_id":` + ticket + `,"body_text":"hello","incoming":true,"private":false,"user_id":5,"created_at":"2026-03-01T10:00:00Z"},` +
			`{"id":` + ticket + `2,"ticket_id":` + ticket + `,"body_text":"hi, how can I help?","incoming":false,"private":false,"user_id":9,"created_at":"2026-03-01T10:05:00Z"}]`
	}
	zendeskPage := func(id string) string {
		return `{"tickets":[{"id":` + id + `,"requester_id":1,"via":{"channel":"web"},"comments":[{"id":7,"author_id":1,"plain_body":"help","public":true,"created_at":"2026-03-01T10:00:00Z"}]}],"users":[{"id":1,"name":"Cleo","role":"end-user"}],"next_page":null,"end_of_stream":false}`
	}
	intercomPart := `"conversation_parts":{"type":"conversation_part.list","conversation_parts":[]}`
	tests := []struct {
		name, file, data string
		wantConvs        []string
	}{
		{"freshdesk pages as JSON Lines of arrays", "convs.json",
			freshdeskPage("11") + "\n" + freshdeskPage("12") + "\n", []string{"11", "12"}},
		{"freshdesk pretty pages appended", "convs.json",
			strings.ReplaceAll(freshdeskPage("11"), "},{", "},\n{") + "\n" + strings.ReplaceAll(freshdeskPage("12"), "},{", "},\n{") + "\n", []string{"11", "12"}},
		{"zendesk export pages as JSON Lines", "tickets.json",
			zendeskPage("31") + "\n" + zendeskPage("32") + "\n", []string{"31", "32"}},
		{"zendesk pretty pages appended", "tickets.json",
			strings.Replace(zendeskPage("31"), `"tickets":`, "\n\"tickets\":", 1) + "\n" + zendeskPage("32"), []string{"31", "32"}},
		{"intercom conversations appended", "c.json",
			"{\"type\":\"conversation\",\n\"id\":\"1\",\"created_at\":1772784000,\"source\":{\"body\":\"<p>a</p>\",\"author\":{\"type\":\"user\",\"id\":\"u\"}}," + intercomPart + "}\n" +
				"{\"type\":\"conversation\",\n\"id\":\"2\",\"created_at\":1772784000,\"source\":{\"body\":\"<p>b</p>\",\"author\":{\"type\":\"user\",\"id\":\"u\"}}," + intercomPart + "}\n",
			[]string{"1", "2"}},
		{"zendesk comments pages as JSON Lines with users", "ticket-77-comments.json",
			`{"comments":[{"id":1,"author_id":100,"plain_body":"my order is late","public":true,"created_at":"2026-03-01T10:00:00Z"}],"users":[{"id":100,"name":"Cleo","role":"end-user"},{"id":200,"name":"Ana","role":"agent"}],"next_page":"https://x.zendesk.com/api/v2/tickets/77/comments.json?page=2"}` + "\n" +
				`{"comments":[{"id":2,"author_id":200,"plain_body":"sorry, it ships today","public":true,"created_at":"2026-03-01T10:05:00Z"}],"users":[{"id":200,"name":"Ana","role":"agent"}],"next_page":null}` + "\n",
			[]string{"77"}},
	}
	wantRoles := map[string]string{"77": "customer:Cleo agent:Ana"}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := importString(t, tt.file, tt.data, Options{})
			if res.err != nil || len(res.rejects) > 0 || len(res.warnings) > 0 {
				t.Fatalf("err %v rejects %q warnings %q", res.err, res.rejects, res.warnings)
			}
			var got []string
			for _, c := range res.convs {
				got = append(got, c.ID)
				if len(c.Messages) == 0 {
					t.Errorf("conversation %s has no messages", c.ID)
				}
				if want, ok := wantRoles[c.ID]; ok && roles(c) != want {
					t.Errorf("conversation %s roles %s, want %s", c.ID, roles(c), want)
				}
			}
			if strings.Join(got, ",") != strings.Join(tt.wantConvs, ",") {
				t.Errorf("conversations %v, want %v", got, tt.wantConvs)
			}
		})
	}
}

func TestJSONTextAfterTheLastValueIsNotDropped(t *testing.T) {
	record := `{"id":1,"ticket_id":5,"body_text":"a","incoming":true,"private":false}`
	res := importString(t, "convs.json", "[\n"+record+"\n]\noops\n", Options{Format: "freshdesk"})
	if res.err == nil || !strings.Contains(res.err.Error(), ":4: invalid JSON") {
		t.Errorf("pretty-printed: err = %v, want an invalid JSON error on line 4", res.err)
	}
	res = importString(t, "convs.json", "["+record+"]\noops\n", Options{Format: "freshdesk"})
	if res.err != nil || len(res.rejects) != 1 || !strings.HasPrefix(res.rejects[0], ":2: invalid JSON") {
		t.Errorf("JSON Lines: err %v rejects %q, want line 2 rejected", res.err, res.rejects)
	}
}
