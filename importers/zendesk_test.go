package importers

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// roles lists each message's role and author as "role:author".
func roles(c *transcript.Conversation) string {
	var parts []string
	for _, m := range c.Messages {
		s := string(m.Role) + ":" + m.Author
		if m.Internal {
			s += "(internal)"
		}
		parts = append(parts, s)
	}
	return strings.Join(parts, " ")
}

func TestZendeskRoles(t *testing.T) {
	const comments = `{"comments":[
{"id":1,"author_id":10,"plain_body":"help","public":true,"created_at":"2026-03-01T10:00:00Z"},
{"id":2,"author_id":20,"plain_body":"note","public":false,"created_at":"2026-03-01T10:01:00Z"},
{"id":3,"author_id":20,"plain_body":"answer","public":true,"created_at":"2026-03-01T10:02:00Z"},
{"id":4,"author_id":-1,"plain_body":"auto","public":true,"created_at":"2026-03-01T10:03:00Z"}
]%s}`
	tests := []struct {
		name      string
		users     string
		agent     string
		roleMap   map[string]transcript.Role
		want      string
		wantWarn  string
		wantRejct string // every reject says this
	}{
		{
			name:  "side-loaded users decide, after the comments",
			users: `,"users":[{"id":10,"name":"Cleo","role":"end-user"},{"id":20,"name":"Ana","role":"admin"}]`,
			want:  "customer:Cleo agent:Ana(internal) agent:Ana system:Zendesk",
		},
		{
			name:     "no users: first author is the customer, with a warning",
			want:     "customer:10 agent:20(internal) agent:20 system:Zendesk",
			wantWarn: "no side-loaded users",
		},
		{
			name:  "no users: --agent by id",
			agent: "10",
			want:  "agent:10 customer:20(internal) customer:20 system:Zendesk",
		},
		{
			name:     "--agent that matches no one is warned about",
			agent:    "99",
			want:     "customer:10 customer:20(internal) customer:20 system:Zendesk",
			wantWarn: "matched no comment author",
		},
		{
			name:      "unknown user role is rejected with a hint",
			users:     `,"users":[{"id":10,"name":"Cleo","role":"end-user"},{"id":20,"name":"Ana","role":"light-agent"}]`,
			want:      "customer:Cleo system:Zendesk", // both of Ana's comments rejected
			wantRejct: `user 20 has unknown role "light-agent" (map it with --role-map)`,
		},
		{
			name:    "--role-map rescues an unknown role",
			users:   `,"users":[{"id":10,"name":"Cleo","role":"end-user"},{"id":20,"name":"Ana","role":"light-agent"}]`,
			roleMap: map[string]transcript.Role{"light-agent": transcript.Agent},
			want:    "customer:Cleo agent:Ana(internal) agent:Ana system:Zendesk",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := strings.Replace(comments, "%s", tt.users, 1)
			res := importString(t, "ticket-77-comments.json", data, Options{Agent: tt.agent, RoleMap: tt.roleMap})
			if res.err != nil || len(res.convs) != 1 {
				t.Fatalf("got %d conversations, err %v, rejects %v", len(res.convs), res.err, res.rejects)
			}
			c := res.convs[0]
			if c.ID != "77" {
				t.Errorf("id = %q, want 77 from the file name", c.ID)
			}
			if got := roles(c); got != tt.want {
				t.Errorf("roles\n got: %s\nwant: %s", got, tt.want)
			}
			if tt.wantWarn != "" && !strings.Contains(strings.Join(res.warnings, "\n"), tt.wantWarn) {
				t.Errorf("warnings %q lack %q", res.warnings, tt.wantWarn)
			}
			if tt.wantWarn == "" && len(res.warnings) > 0 {
				t.Errorf("unexpected warnings %q", res.warnings)
			}
			for _, r := range res.rejects {
				if tt.wantRejct == "" || !strings.Contains(r, tt.wantRejct) {
					t.Errorf("reject %q, want %q", r, tt.wantRejct)
				}
			}
			if tt.wantRejct != "" && len(res.rejects) == 0 {
				t.Errorf("no reject, want %q", tt.wantRejct)
			}
		})
	}
}

func TestZendeskTicketsRequesterIsCustomer(t *testing.T) {
	data := `{"id":5,"requester_id":"10","assignee_id":20,"via":{"channel":"email"},"status":"solved","priority":"low","tags":["a","b"],"satisfaction_rating":{"score":"bad"},"subject":"Hi","comments":[{"id":1,"author_id":10,"plain_body":"q","public":true,"created_at":"2026-03-01T10:00:00Z"},{"id":2,"author_id":30,"plain_body":"a","public":true,"created_at":"2026-03-01T10:01:00Z"}]}
{"id":6,"requester_id":11,"via":{"channel":"chat"},"satisfaction_rating":{"score":"unoffered"},"comments":[{"id":3,"author_id":11,"body":"hey","created_at":"2026-03-01T11:00:00Z"}]}
`
	res := importString(t, "export.jsonl", data, Options{})
	if res.err != nil || len(res.convs) != 2 || len(res.rejects) > 0 {
		t.Fatalf("got %d conversations, err %v, rejects %v", len(res.convs), res.err, res.rejects)
	}
	c := res.convs[0]
	if got := roles(c); got != "customer:10 agent:30" {
		t.Errorf("roles = %s", got)
	}
	want := map[string]string{"platform": "zendesk", "status": "solved", "priority": "low", "tags": "a,b", "csat": "bad", "subject": "Hi"}
	for k, v := range want {
		if c.Meta[k] != v {
			t.Errorf("meta[%s] = %q, want %q", k, c.Meta[k], v)
		}
	}
	if c.Agent != "20" || c.Customer != "10" {
		t.Errorf("agent %q customer %q, want the assignee and requester", c.Agent, c.Customer)
	}
	if _, ok := res.convs[1].Meta["csat"]; ok {
		t.Errorf("an unoffered survey gave csat %q", res.convs[1].Meta["csat"])
	}
}

// TestZendeskTicketsWithoutVia: a tickets export without "via" is still
// tickets (it was read as comments, and every ticket rejected as "not a
// zendesk comment"); with no channel named, --default-channel applies.
func TestZendeskTicketsWithoutVia(t *testing.T) {
	data := `{"tickets":[{"id":5,"requester_id":8,"assignee_id":7,"comments":[{"id":1,"author_id":8,"plain_body":"my parcel is late","public":true},{"id":2,"author_id":7,"plain_body":"it ships today","public":true}]}],
 "users":[{"id":7,"name":"Dana","role":"agent"},{"id":8,"name":"Bo","role":"end-user"}]}`
	res := importString(t, "tickets.json", data, Options{DefaultChannel: transcript.Chat})
	if res.err != nil || len(res.convs) != 1 || len(res.rejects) > 0 {
		t.Fatalf("got %d conversations, err %v, rejects %v", len(res.convs), res.err, res.rejects)
	}
	if c := res.convs[0]; roles(c) != "customer:Bo agent:Dana" || c.Channel != transcript.Chat {
		t.Errorf("roles %s channel %q", roles(c), c.Channel)
	}
}

func TestZendeskTicketsIgnoreAgentHint(t *testing.T) {
	// Two agents answer; --agent names one of them. The requester decides.
	data := `{"ticket":{"id":5,"requester_id":10,"via":{"channel":"web"},"comments":[{"id":1,"author_id":10,"plain_body":"q","created_at":"2026-03-01T10:00:00Z"},{"id":2,"author_id":20,"plain_body":"a","created_at":"2026-03-01T10:01:00Z"},{"id":3,"author_id":30,"plain_body":"b","created_at":"2026-03-01T10:02:00Z"}]}}`
	res := importString(t, "ticket.json", data, Options{Agent: "20"})
	if len(res.convs) != 1 || len(res.rejects) > 0 {
		t.Fatalf("rejects %q err %v", res.rejects, res.err)
	}
	if got := roles(res.convs[0]); got != "customer:10 agent:20 agent:30" {
		t.Errorf("roles = %s", got)
	}
}

func TestZendeskScore(t *testing.T) {
	for raw, want := range map[string]string{
		`{"score":"good","comment":"x"}`: "good",
		`{"score":null}`:                 "",
		`"bad"`:                          "bad",
		`null`:                           "",
		`[1]`:                            "",
	} {
		if got := zendeskScore(json.RawMessage(raw)); got != want {
			t.Errorf("zendeskScore(%s) = %q, want %q", raw, got, want)
		}
	}
}

func TestZendeskChannel(t *testing.T) {
	tests := map[string]transcript.Channel{
		"web": transcript.Email, "email": transcript.Email, "chat": transcript.Chat,
		"native_messaging": transcript.Chat, "voice": transcript.Call, "twitter": transcript.Social,
		"facebook": transcript.Social, "sms": transcript.SMS, "api": transcript.Other,
		"rule": transcript.Other, "": "", "WhatsApp": transcript.Chat, // "": none named, --default-channel applies
	}
	for via, want := range tests {
		if got := zendeskChannel(via); got != want {
			t.Errorf("zendeskChannel(%q) = %q, want %q", via, got, want)
		}
	}
}

func TestZendeskBodyPreference(t *testing.T) {
	tests := []struct {
		name, comment, want string
	}{
		{"plain_body first", `"plain_body":"plain","body":"body","html_body":"<p>html</p>"`, "plain"},
		{"body when plain_body is empty", `"plain_body":"","body":"body","html_body":"<p>html</p>"`, "body"},
		{"html_body as text", `"html_body":"<p>Tom &amp; Jerry&#39;s</p><ul><li>one</li></ul><a href=\"https://x\">link</a>"`, "Tom & Jerry's\n\none\nlink"},
		{"voice transcript", `"type":"VoiceComment","body":"","data":{"transcription_text":"said hello"}`, "said hello"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			data := `{"comments":[{"id":1,"author_id":10,"public":true,` + tt.comment + `}]}`
			res := importString(t, "ticket-1-comments.json", data, Options{Format: "zendesk"})
			if res.err != nil || len(res.convs) != 1 {
				t.Fatalf("err %v, rejects %v", res.err, res.rejects)
			}
			if got := res.convs[0].Messages[0].Text; got != tt.want {
				t.Errorf("text = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestTicketIDFromName(t *testing.T) {
	for name, want := range map[string]string{
		"ticket-1234-comments.json":        "1234",
		"/x/2026/ticket-99-comments.json":  "99",
		"1234.json.gz":                     "1234",
		"comments.json":                    "comments",
		"exports/zd_ticket_000561.json.gz": "000561",
	} {
		if got := ticketIDFromName(name); got != want {
			t.Errorf("ticketIDFromName(%q) = %q, want %q", name, got, want)
		}
	}
}

// TestHelpdeskDetect checks each helpdesk format claims its own shapes and
// not the others', iqa's native format or flat records.
func TestHelpdeskDetect(t *testing.T) {
	tests := []struct {
		name, head, want string
	}{
		{"zendesk comments", `{"comments":[{"id":1,"type":"Comment","author_id":2,"body":"x","public":true}]}`, "zendesk"},
		{"zendesk tickets jsonl", `{"id":1,"via":{"channel":"web"},"requester_id":2,"comments":[]}` + "\n" + `{"id":2}`, "zendesk"},
		{"intercom list", `{"type":"conversation.list","conversations":[{"type":"conversation","id":"1"}]}`, "intercom"},
		{"intercom parts", `[{"id":"1","conversation_parts":{"conversation_parts":[]}}]`, "intercom"},
		{"freshdesk conversations", `[{"id":1,"body_text":"x","incoming":true,"private":false,"ticket_id":3}]`, "freshdesk"},
		{"freshdesk ticket", `{"id":1,"requester_id":2,"responder_id":3,"conversations":[]}`, "freshdesk"},
		{"native", `{"id":"c1","messages":[{"role":"agent","text":"hi","public":true,"author_id":1}]}`, "native"},
		{"flat records", `[{"conversation_id":"1","author":"Ana","text":"hi","type":"conversation"}]`, ""},
		{"not json", `author_id,public,plain_body`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			for _, f := range []Format{Zendesk{}, Intercom{}, Freshdesk{}, Native{}} {
				if f.Detect([]byte(tt.head), "x.json") {
					got = append(got, f.Name())
				}
			}
			want := []string{}
			if tt.want != "" {
				want = []string{tt.want}
			}
			if strings.Join(got, ",") != strings.Join(want, ",") {
				t.Errorf("claimed by %v, want %v", got, want)
			}
		})
	}
}

func FuzzZendesk(f *testing.F) {
	seedFromTestdata(f, "zendesk")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Zendesk{}, data) })
}

func TestZendeskAudits(t *testing.T) {
	data := `{"audits":[
{"id":1,"ticket_id":812,"created_at":"2011/09/25 22:35:44 -0700","author_id":100,"via":{"channel":"email"},"events":[
  {"id":2,"type":"Comment","author_id":100,"body":"printer on fire","public":true},
  {"id":3,"type":"Create","field_name":"status","value":"new"}]},
{"id":4,"ticket_id":812,"created_at":"2011/09/25 23:00:00 -0700","author_id":200,"via":{"channel":"web"},"events":[
  {"id":5,"type":"Change","field_name":"status","value":"open","previous_value":"new"},
  {"id":6,"type":"Comment","author_id":200,"plain_body":"checked the logs","public":false},
  {"id":7,"type":"Comment","author_id":200,"plain_body":"Put it out, please.","public":true}]}],
"users":[{"id":100,"name":"Ben","role":"end-user"},{"id":200,"name":"Rita","role":"agent"}],"next_page":null,"count":2}`
	res := importString(t, "audits.json", data, Options{})
	if res.err != nil || len(res.rejects) > 0 || len(res.warnings) > 0 || len(res.convs) != 1 {
		t.Fatalf("err %v rejects %q warnings %q convs %d", res.err, res.rejects, res.warnings, len(res.convs))
	}
	c := res.convs[0]
	if c.ID != "812" || c.Channel != transcript.Email || roles(c) != "customer:Ben agent:Rita(internal) agent:Rita" {
		t.Errorf("id %s channel %s roles %s", c.ID, c.Channel, roles(c))
	}
	if got := c.Messages[1].At.Format(time.RFC3339); got != "2011-09-26T06:00:00Z" {
		t.Errorf("a comment event takes its audit's time: got %s", got)
	}
}

func TestZendeskTicketEvents(t *testing.T) {
	data := `{"ticket_events":[
{"id":1,"ticket_id":11,"timestamp":1773997200,"via":"Mail","event_type":"Audit","child_events":[
  {"id":2,"via":"Mail","event_type":"Comment","author_id":100,"body":"where is my order","public":true},
  {"id":3,"via":"Mail","event_type":"Create","requester_id":100}]},
{"id":4,"ticket_id":12,"timestamp":1773997300,"via":"Chat","event_type":"Audit","child_events":[
  {"id":5,"via":"Chat","event_type":"Comment","author_id":300,"body":"hi, billing question","public":true}]},
{"id":6,"ticket_id":11,"timestamp":1773997400,"via":"Web form","event_type":"Audit","child_events":[
  {"id":7,"via":"Web form","event_type":"Comment","author_id":200,"body":"it ships today","public":true},
  {"id":8,"via":"Web form","event_type":"Change","status":"solved"}]},
{"id":9,"ticket_id":12,"timestamp":1773997500,"via":"Web form","event_type":"Audit","child_events":[
  {"id":10,"via":"Web form","event_type":"Comment","author_id":200,"body":"sure, what is it?","public":true}]}],
"end_of_stream":true}`
	tests := []struct {
		name  string
		opts  Options
		want  []string // id: roles
		warns int
	}{
		{"first author of each ticket is its customer", Options{}, []string{"11: customer:100 agent:200", "12: customer:300 agent:200"}, 1},
		{"--agent-name names the agent", Options{Agent: "200"}, []string{"11: customer:100 agent:200", "12: customer:300 agent:200"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := importString(t, "events.json", data, tt.opts)
			if res.err != nil || len(res.rejects) > 0 || len(res.warnings) != tt.warns {
				t.Fatalf("err %v rejects %q warnings %q", res.err, res.rejects, res.warnings)
			}
			var got []string
			for _, c := range res.convs {
				got = append(got, c.ID+": "+roles(c))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if res.convs[1].Channel != transcript.Chat {
				t.Errorf("ticket 12 channel %s, want chat (via \"Chat\")", res.convs[1].Channel)
			}
		})
	}
}

func TestZendeskDescriptionAuthor(t *testing.T) {
	tests := []struct{ name, submitter, want string }{
		{"the requester submitted it", `"submitter_id":100,`, "customer:100"},
		{"no submitter", ``, "customer:100"},
		{"an agent submitted it for the requester", `"submitter_id":200,`, "agent:200"},
	}
	for _, tt := range tests {
		data := `{"tickets":[{"id":5,"requester_id":100,` + tt.submitter + `"via":{"channel":"voice"},"description":"Called about a refund.","created_at":"2026-03-01T09:00:00Z"}]}`
		res := importString(t, "tickets.json", data, Options{})
		if len(res.convs) != 1 || roles(res.convs[0]) != tt.want {
			t.Errorf("%s: got %v rejects %q, want %s", tt.name, res.convs, res.rejects, tt.want)
		}
	}
}
