package importers

import (
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

func TestZohoDeskDetect(t *testing.T) {
	cases := []struct {
		name, head string
		want       bool
	}{
		{"threads list", `{"data":[{"id":"1","channel":"EMAIL","direction":"in","summary":"hi","author":{"type":"END_USER"},"createdTime":"2026-03-10T09:12:00.000Z"}]}`, true},
		{"description thread", `{"data":[{"id":"1","isDescriptionThread":true,"content":"hi"}]}`, true},
		{"comments list", `{"data":[{"id":"1","content":"note","commenter":{"type":"AGENT"},"commentedTime":"2026-03-10T09:12:00.000Z","isPublic":false}]}`, true},
		{"ticket with threads", `[{"id":"1","ticketNumber":"101","subject":"x","threads":[]}]`, true},
		{"backup csv", "Ticket Id,Thread Status,Content,Created Time\nticketId,threadStatus,content,createdTime\n1,EMAIL INCOMING,hi,2026-03-12 09:15:00\n", true},
		{"backup csv, second header row only tells", "Ticket Id,Content,Created Time\nticketId,content,createdTime\n1,hi,2026-03-12 09:15:00\n", true},
		{"tickets list without threads", `{"data":[{"id":"1","ticketNumber":"101","subject":"x","status":"Open","createdTime":"2026-03-10T09:12:00.000Z"}]}`, false},
		{"threads without authors", `[{"id":"1","direction":"out","fromEmailAddress":"s@example.com","contentType":"text/html","content":"<p>hi</p>"}]`, true},
		{"contacts list", `{"data":[{"id":"1","firstName":"Ana","lastName":"Li","email":"a@example.com","type":"END_USER"}]}`, false},
		{"hubspot messages", `{"results":[{"type":"MESSAGE","direction":"INCOMING","senders":[{"actorId":"V-1"}],"text":"hi"}]}`, false},
		{"generic ticket csv", "ticket_id,content,created_at\n1,hi,2026-03-12\n2,yo,2026-03-12\n", false},
		{"salesforce emails", "Id,ParentId,Incoming,TextBody\n1,5001,true,hi\n", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := (ZohoDesk{}).Detect([]byte(tc.head), "export"); got != tc.want {
				t.Errorf("Detect = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestZohoDeskRoles(t *testing.T) {
	cases := []struct {
		name, record, want string
		opts               Options
	}{
		{"agent author", `{"id":"1","direction":"in","author":{"name":"Maya","type":"AGENT"}}`, "agent:Maya", Options{}},
		{"end user", `{"id":"1","author":{"name":"Casey","type":"END_USER"}}`, "customer:Casey", Options{}},
		{"direction in", `{"id":"1","direction":"in","fromEmailAddress":"c@example.com","contentType":"text/plain"}`, "customer:c@example.com", Options{}},
		{"direction out", `{"id":"1","direction":"out","author":{"name":"Maya"},"contentType":"text/plain"}`, "agent:Maya", Options{}},
		{"private thread", `{"id":"1","visibility":"private","author":{"name":"Maya","type":"AGENT"}}`, "agent:Maya(internal)", Options{}},
		{"private comment", `{"id":"1","commenter":{"name":"Maya","type":"AGENT"},"commentedTime":"2026-03-10T09:12:00Z","isPublic":false}`, "agent:Maya(internal)", Options{}},
		{"public comment by a customer", `{"id":"1","commenter":{"name":"Casey","type":"END_USER"},"commentedTime":"2026-03-10T09:12:00Z","isPublic":true}`, "customer:Casey", Options{}},
		{"role map", `{"id":"1","author":{"name":"Zia","type":"ASSISTANT"},"direction":"out"}`, "bot:Zia", Options{RoleMap: map[string]transcript.Role{"assistant": transcript.Bot}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := strings.TrimSuffix(tc.record, "}") + `,"content":"hello","contentType":"text/plain","isDescriptionThread":false,"createdTime":"2026-03-10T09:12:00Z"}`
			res := importString(t, "threads.json", `{"data":[`+rec+`]}`, tc.opts)
			if res.err != nil || len(res.convs) != 1 || len(res.rejects) != 0 {
				t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
			}
			if got := roles(res.convs[0]); got != tc.want {
				t.Errorf("roles = %s, want %s", got, tc.want)
			}
		})
	}
	res := importString(t, "threads.json", `{"data":[{"id":"9","author":{"type":"ROBOT"},"content":"x","contentType":"text/plain","isDescriptionThread":false,"createdTime":"2026-03-10T09:12:00Z"}]}`, Options{})
	if len(res.rejects) != 1 || !strings.Contains(res.rejects[0], `:1: ticket threads, thread 9: unknown author type "ROBOT" and no direction (map it with --role-map)`) {
		t.Errorf("rejects = %q", res.rejects)
	}
}

func TestZohoDeskText(t *testing.T) {
	cases := []struct {
		name string
		z    zohoThread
		want string
	}{
		{"html content", zohoThread{Content: "<div>Fixed &amp; deployed</div>", ContentType: "text/html"}, "Fixed & deployed"},
		{"plain text keeps angle brackets", zohoThread{Content: "use <b> for bold", ContentType: "plainText"}, "use <b> for bold"},
		{"mention with a name", zohoThread{Content: "zsu[@user:18920001_Tariq Aziz]zsu please check", ContentType: "plainText"}, "@Tariq Aziz please check"},
		{"mention by zuid", zohoThread{Content: "zsu[@user:11550965]zsu please check", ContentType: "html"}, "@11550965 please check"},
		{"team mention", zohoThread{Content: "ask zsu[@team:42]zsu", ContentType: "plainText"}, "ask @42"},
		{"summary when no content", zohoThread{Summary: "Still broken"}, "Still broken"},
		{"e-mail quote stripped", zohoThread{Channel: "EMAIL", Content: "Thanks!\n\nOn Tue, 10 Mar 2026, Ana wrote:\n> old", ContentType: "text/plain"}, "Thanks!"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := zohoText(&tc.z); got != tc.want {
				t.Errorf("text = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestZohoDeskZone(t *testing.T) {
	cases := map[string]int{"GMT+05:30": 19800, "UTC-08:00": -28800, "+0530": 19800, "-3": -10800, "GMT": 0, "Asia/Tokyo": 32400}
	for in, want := range cases {
		loc, err := zohoZone(in)
		if err != nil {
			t.Errorf("zohoZone(%q): %v", in, err)
			continue
		}
		if _, off := timeIn(loc).Zone(); off != want {
			t.Errorf("zohoZone(%q) offset = %d, want %d", in, off, want)
		}
	}
	for _, bad := range []string{"Mars/Olympus", "GMT+25:00", "Local"} {
		if _, err := zohoZone(bad); err == nil {
			t.Errorf("zohoZone(%q) is accepted", bad)
		}
	}
}

func TestZohoDeskBackupScatteredAndRejected(t *testing.T) {
	data := "Ticket Id,Thread Status,Content,Created Time,Time Zone\n" +
		"ticketId,threadStatus,content,createdTime,timeZone\n" +
		"1,EMAIL INCOMING,<p>one</p>,2026-03-12 09:00:00,GMT+01:00\n" +
		"2,EMAIL INCOMING,<p>two</p>,2026-03-12 09:00:00,\n" +
		"1,EMAIL OUTGOING,<p>reply one</p>,2026-03-12 10:00:00,GMT+01:00\n" +
		"2,FORWARDED,<p>?</p>,2026-03-12 10:00:00,\n" +
		"2,,<p>??</p>,2026-03-12 10:00:00,\n" +
		"1,EMAIL INCOMING,<p>late</p>,not a time,GMT+01:00\n"
	res := importString(t, "Threads.csv", data, Options{})
	if res.err != nil || len(res.convs) != 2 {
		t.Fatalf("err %v, %d conversations", res.err, len(res.convs))
	}
	if res.convs[0].ID != "2" || roles(res.convs[1]) != "customer: agent:" {
		t.Errorf("conversations %s, %s (%s)", res.convs[0].ID, res.convs[1].ID, roles(res.convs[1]))
	}
	if got := res.convs[1].Messages[0].At.Format("15:04Z07:00"); got != "08:00Z" {
		t.Errorf("09:00 at GMT+01:00 = %s", got)
	}
	want := []string{
		`:6: column "Thread Status": unknown thread status "FORWARDED" (EMAIL INCOMING or EMAIL OUTGOING expected)`,
		`:7: no "Thread Status" value: cannot tell who wrote the thread`,
		`:8: column "Created Time": invalid time "not a time"`,
	}
	if len(res.rejects) != len(want) {
		t.Fatalf("rejects = %q", res.rejects)
	}
	for i, w := range want {
		if !strings.Contains(res.rejects[i], w) {
			t.Errorf("reject %d = %q, want %q", i, res.rejects[i], w)
		}
	}
}

func FuzzZohoDesk(f *testing.F) {
	seedFromTestdata(f, "zoho-desk")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, ZohoDesk{}, data) })
}

func timeIn(loc *time.Location) time.Time { return time.Date(2026, 1, 15, 12, 0, 0, 0, loc) }

func TestZohoDeskScatteredThreadsAreWarned(t *testing.T) {
	// Webhook payloads carry ticketId; a ticket's threads listed in two
	// runs are two conversations, and the user is told.
	rec := func(ticket, text string) string {
		return `{"ticketId":"` + ticket + `","direction":"in","isDescriptionThread":false,"contentType":"text/plain","content":"` + text + `","createdTime":"2026-03-10T09:12:00Z"}`
	}
	data := rec("1", "a") + "\n" + rec("2", "b") + "\n" + rec("1", "c") + "\n"
	res := importString(t, "threads.jsonl", data, Options{})
	if res.err != nil || len(res.convs) != 3 || len(res.rejects) != 0 {
		t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
	}
	if len(res.warnings) != 1 || res.warnings[0] != "ticket 1's threads are not next to each other; it is imported as more than one conversation" {
		t.Errorf("warnings = %q", res.warnings)
	}
}
