package importers

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// firstClaim is the format the importer picks for a file: the first in
// detection order whose Detect claims it.
func firstClaim(t *testing.T, path string) string {
	t.Helper()
	head := detectHead(t, path)
	for _, f := range Formats() {
		if f.Detect(head, filepath.Base(path)) {
			return f.Name()
		}
	}
	return ""
}

// TestPlatformFixturesAreNotGeneric: every Salesforce and Zoho Desk
// fixture is claimed by its platform before the generic CSV and JSON
// readers, which would otherwise read it and reject every record.
func TestPlatformFixturesAreNotGeneric(t *testing.T) {
	for _, format := range []string{"salesforce", "zoho-desk"} {
		files, _ := filepath.Glob(filepath.Join(goldenRoot, format, "*"))
		n := 0
		for _, path := range files {
			if ext := filepath.Ext(path); ext == ".golden" || ext == ".flags" {
				continue
			}
			n++
			if got := firstClaim(t, path); got != format {
				t.Errorf("%s is read as %q, want %s", path, got, format)
			}
		}
		if n < 3 {
			t.Errorf("%s: only %d fixtures", format, n)
		}
	}
}

func TestSalesforceDetect(t *testing.T) {
	cases := []struct {
		name, head string
		want       bool
	}{
		{"data loader email", "\"ID\",\"PARENTID\",\"INCOMING\",\"TEXTBODY\",\"MESSAGEDATE\"\n\"02s1\",\"5001\",\"true\",\"hi\",\"2026-03-02 09:14:00\"\n", true},
		{"bulk api email, html only", "Id,ParentId,Incoming,HtmlBody,MessageDate\n02s1,5001,false,<p>hi</p>,2026-03-02T09:14:00.000Z\n", true},
		{"workbench object prefix", "EmailMessage.Id,EmailMessage.ParentId,EmailMessage.Incoming,EmailMessage.TextBody\n02s1,5001,1,hi\n", true},
		{"semicolon case comments", "Id;ParentId;IsPublished;CommentBody;CreatedDate\n00a1;5001;true;hi;2026-03-04T08:05:00.000Z\n", true},
		{"conversation entries", "Id,ConversationId,ActorType,Message,EntryTime\n0Mw1,0Mw2,EndUser,hi,2026-03-18T14:00:00.000Z\n", true},
		{"chat transcripts", "Id,ChatKey,Body\n5701,k1,\"<p>Chat Started: Monday, March 16, 2026, 10:02:11 (-0700)</p>\"\n", true},
		{"transcript without chat fields", "Id,Body\n5701,\"Chat Started: Monday, March 16, 2026, 10:02:11 (-0700)\"\n", true},
		{"messaging entries json", `{"conversationEntries":[{"identifier":"e1","messageText":"hi","sender":{"role":"EndUser"}}]}`, true},
		{"rest query emails", `{"totalSize":1,"done":true,"records":[{"attributes":{"type":"EmailMessage","url":"/x"},"Id":"02s1","ParentId":"5001","Incoming":true,"TextBody":"hi"}]}`, true},
		{"sf cli case with comments", `{"status":0,"result":{"records":[{"attributes":{"type":"Case"},"Id":"5001","CaseComments":{"records":[]}}]}}`, true},
		{"rest query accounts", `{"totalSize":1,"done":true,"records":[{"attributes":{"type":"Account","url":"/x"},"Id":"0011","Name":"Acme"}]}`, false},
		{"rest query cases alone", `{"totalSize":1,"done":true,"records":[{"attributes":{"type":"Case","url":"/x"},"Id":"5001","Status":"New"}]}`, false},
		{"other json with attributes", `[{"id":1,"attributes":{"type":"EmailMessage-like","color":"red"},"text":"hi"}]`, false},
		{"case export, to say it holds no messages", "Id,CaseNumber,Status,Origin,OwnerId,Subject,Description\n5001,00001042,Closed,Email,0051,Refund,twice charged\n", true},
		{"case export without origin", "Id,CaseNumber,Status,Subject\n5001,00001042,Closed,Refund\n", false},
		{"account export", "Id,Name,Industry,BillingCity\n0011,Acme,Retail,Paris\n", false},
		{"generic message csv", "conversation_id,role,author,text,timestamp\n1,customer,Ana,hi,2026-03-01T10:00:00Z\n", false},
		{"generic ticket csv with body", "ticket_id,author,body,created_at\n7,Ana,hi,2026-03-01\n", false},
		{"comment csv without case", "id,commentbody\n1,hi\n", false},
		{"zoho backup", "Ticket Id,Thread Status,Content\nticketId,threadStatus,content\n1,EMAIL INCOMING,hi\n", false},
		{"generic json records", `[{"conversation_id":"1","role":"customer","text":"hi","sender":{"role":"x"}}]`, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := (Salesforce{}).Detect([]byte(tc.head), "export.csv"); got != tc.want {
				t.Errorf("Detect = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestSalesforceEmailIncoming(t *testing.T) {
	cases := []struct {
		name, incoming, from string
		opts                 Options
		want, reject         string
	}{
		{"true", "true", "a@example.org", Options{}, "customer", ""},
		{"TRUE", "TRUE", "", Options{}, "customer", ""},
		{"one", "1", "", Options{}, "customer", ""},
		{"false", "false", "", Options{}, "agent", ""},
		{"zero", "0", "", Options{}, "agent", ""},
		{"empty, agent domain", "", "ana@acme.example", Options{AgentDomains: []string{"acme.example"}}, "agent", ""},
		{"empty, other domain", "", "bo@example.org", Options{AgentDomains: []string{"acme.example"}}, "customer", ""},
		{"empty, no domains", "", "bo@example.org", Options{}, "", `:2: column "Incoming" is empty: cannot tell`},
		{"not a boolean", "yes-ish", "", Options{}, "", `:2: column "Incoming": "yes-ish" is not true or false`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			data := "Id,ParentId,Incoming,FromAddress,TextBody,MessageDate\n02s1,5001," + tc.incoming + "," + tc.from + ",hello,2026-03-02T09:14:00.000+0000\n"
			res := importString(t, "emails.csv", data, tc.opts)
			if tc.reject != "" {
				if len(res.rejects) != 1 || !strings.Contains(res.rejects[0], tc.reject) {
					t.Fatalf("rejects = %q, want one with %q", res.rejects, tc.reject)
				}
				return
			}
			if res.err != nil || len(res.convs) != 1 || len(res.rejects) != 0 {
				t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
			}
			m := res.convs[0].Messages[0]
			if string(m.Role) != tc.want || m.At.Format(time.RFC3339) != "2026-03-02T09:14:00Z" {
				t.Errorf("role = %s at %v, want %s at 09:14Z (Bulk API's +0000 zone)", m.Role, m.At, tc.want)
			}
		})
	}
}

func TestSalesforceScatteredCasesAndThreadKeys(t *testing.T) {
	// Data Loader writes rows in Id order, so cases interleave; ParentId
	// groups them, and ThreadIdentifier groups e-mails with no case.
	data := `Id,ParentId,ThreadIdentifier,Incoming,FromName,TextBody,MessageDate,Parent.Status,Parent.Origin,Parent.Owner.Name
1,A,,true,Ana,first A,2026-03-02T09:00:00Z,Closed,Phone,Kim
2,B,,true,Bo,first B,2026-03-02T09:01:00Z,New,,
3,A,,false,Kim,reply A,2026-03-02T09:02:00Z,Closed,Phone,Kim
4,,T1,true,Cy,thread T1,2026-03-02T09:03:00Z,,,
5,B,,false,Lu,reply B,2026-03-02T09:04:00Z,New,,
`
	res := importString(t, "emails.csv", data, Options{})
	if res.err != nil || len(res.rejects) != 0 || len(res.convs) != 3 {
		t.Fatalf("err %v, rejects %q, %d conversations", res.err, res.rejects, len(res.convs))
	}
	got := []string{}
	for _, c := range res.convs {
		got = append(got, c.ID+"="+roles(c))
	}
	want := "A=customer:Ana agent:Kim|T1=customer:Cy|B=customer:Bo agent:Lu"
	if strings.Join(got, "|") != want {
		t.Errorf("conversations = %s, want %s (each emitted at its last row)", strings.Join(got, "|"), want)
	}
	a := res.convs[0]
	if a.Meta["status"] != "Closed" || a.Meta["origin"] != "Phone" || a.Meta["owner"] != "Kim" || a.Agent != "Kim" || a.Channel != transcript.Email {
		t.Errorf("case A = agent %q channel %q meta %v", a.Agent, a.Channel, a.Meta)
	}
}

func TestSalesforceEmailBodies(t *testing.T) {
	data := "Id,ParentId,Incoming,TextBody,HtmlBody,MessageDate\n" +
		"1,A,true,,\"<div>Hello &amp; thanks<br>Ana</div>\",2026-03-02 09:00:00\n" +
		"2,A,false,\"Sure thing.\n\nOn Mon, Mar 2, 2026 at 9:00 AM Ana <a@example.org> wrote:\n> Hello\",,2026-03-02 10:00:00\n" +
		"3,A,true,,,2026-03-02 11:00:00\n"
	tz, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Skip(err)
	}
	res := importString(t, "emails.csv", data, Options{TZ: tz})
	if res.err != nil || len(res.convs) != 1 {
		t.Fatalf("err %v, %d conversations", res.err, len(res.convs))
	}
	ms := res.convs[0].Messages
	if len(ms) != 2 || ms[0].Text != "Hello & thanks\nAna" || ms[1].Text != "Sure thing." {
		t.Fatalf("messages = %+v", ms)
	}
	if got := ms[0].At.Format("15:04Z07:00"); got != "08:00Z" {
		t.Errorf("zone-less MessageDate in Europe/Paris = %s, want 08:00Z", got)
	}
	if len(res.warnings) != 1 || !strings.Contains(res.warnings[0], "skipped 1 emailmessage row with no text") {
		t.Errorf("warnings = %q", res.warnings)
	}
}

func TestKeyTableNames(t *testing.T) {
	tab := newKeyTable([]string{"EmailMessage.Id", "PARENT.OWNER.NAME", "Parent_Status", " Incoming ", "EmailMessageId"})
	for key, want := range map[string]string{"id": "EmailMessage.Id", "parentownername": "PARENT.OWNER.NAME", "parentstatus": "Parent_Status", "incoming": " Incoming ", "emailmessageid": "EmailMessageId"} {
		if got := tab.name(key); got != want {
			t.Errorf("column for %s = %q, want %q", key, got, want)
		}
	}
}

func TestSalesforceCommentUserTypes(t *testing.T) {
	data := `Id,ParentId,IsPublished,CommentBody,CreatedDate,CreatedBy.Name,CreatedBy.UserType
1,C,true,customer here,2026-03-04T08:00:00Z,Nora,PowerCustomerSuccess
2,C,false,note,2026-03-04T08:01:00Z,Ali,Standard
3,C,true,partner says,2026-03-04T08:02:00Z,Pat,PowerPartner
4,C,true,no type,2026-03-04T08:03:00Z,Ali,
`
	res := importString(t, "comments.csv", data, Options{})
	if len(res.convs) != 1 || len(res.rejects) != 1 || !strings.Contains(res.rejects[0], `:4: column "CreatedBy.UserType": unknown user type "PowerPartner" (map it with --role-map)`) {
		t.Fatalf("%d conversations, rejects %q", len(res.convs), res.rejects)
	}
	if got := roles(res.convs[0]); got != "customer:Nora agent:Ali(internal) agent:Ali" {
		t.Errorf("roles = %s", got)
	}
	res = importString(t, "comments.csv", data, Options{RoleMap: map[string]transcript.Role{"powerpartner": transcript.Customer}})
	if len(res.rejects) != 0 || roles(res.convs[0]) != "customer:Nora agent:Ali(internal) customer:Pat agent:Ali" {
		t.Errorf("with --role-map: rejects %q, roles %s", res.rejects, roles(res.convs[0]))
	}
}

func TestSalesforceTranscriptBody(t *testing.T) {
	body := "Chat Started: Friday, March 20, 2026, 23:59:30 (+0100)\nAgent Ana\n( 5s ) Ana: Hi\n( 1h 2m 3s ) Bo: line one\nline two\n( 1h 3m ) Helper: auto reply\n"
	data := "Id,ChatKey,Body\n57a,k1,\"" + body + "\"\n"
	res := importString(t, "chats.csv", data, Options{RoleMap: map[string]transcript.Role{"helper": transcript.Bot}})
	if res.err != nil || len(res.convs) != 1 || len(res.rejects) != 0 {
		t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
	}
	c := res.convs[0]
	if got := roles(c); got != "agent:Ana customer:Bo bot:Helper" {
		t.Errorf("roles = %s", got)
	}
	if c.Messages[1].Text != "line one\nline two" {
		t.Errorf("continued line = %q", c.Messages[1].Text)
	}
	if got := c.Messages[1].At.Format("2006-01-02T15:04:05Z07:00"); got != "2026-03-21T00:01:33Z" {
		t.Errorf("time of ( 1h 2m 3s ) = %s", got)
	}
	// Without an "Agent" line the agent is named with --agent.
	data = "Id,ChatKey,Body\n57b,k2,\"( 5s ) Ana: Hi\n( 9s ) Bo: hello\"\n"
	if res = importString(t, "chats.csv", data, Options{}); len(res.rejects) != 1 || !strings.Contains(res.rejects[0], ":2: transcript 57b names no agent") {
		t.Errorf("rejects = %q", res.rejects)
	}
	if res = importString(t, "chats.csv", data, Options{Agent: "Ana"}); len(res.convs) != 1 || roles(res.convs[0]) != "agent:Ana customer:Bo" {
		t.Errorf("with --agent: rejects %q", res.rejects)
	}
	data = "Id,ChatKey,Body\n57c,k3,\"<p>Chat Started: Friday, March 20, 2026, 23:59:30 (+0100)</p><p>Agent Ana</p>\"\n"
	if res = importString(t, "chats.csv", data, Options{}); len(res.rejects) != 1 || !strings.Contains(res.rejects[0], `:2: transcript 57c: column "Body" has no`) {
		t.Errorf("a body without lines: rejects %q", res.rejects)
	}
}

func TestSalesforceChatStart(t *testing.T) {
	cases := map[string]string{
		"Monday, March 16, 2026, 10:02:11 (-0700)":   "2026-03-16T17:02:11Z",
		"March 16, 2026, 10:02:11 (+0000)":           "2026-03-16T10:02:11Z",
		"Tuesday, January 5, 2016, 14:14:09":         "2016-01-05T14:14:09Z",
		"Wednesday, June 07, 2017, 09:52:14 (+0000)": "2017-06-07T09:52:14Z",
	}
	for in, want := range cases {
		got, ok := sfChatStart(in)
		if !ok || got.Format("2006-01-02T15:04:05Z07:00") != want {
			t.Errorf("sfChatStart(%q) = %v, %v; want %s", in, got, ok, want)
		}
	}
	if _, ok := sfChatStart("sometime yesterday"); ok {
		t.Error("a line that is no date is read as one")
	}
}

func TestSalesforceEmptyAndForeignCSV(t *testing.T) {
	res := importString(t, "emails.csv", "Id,ParentId,Incoming,TextBody\n", Options{})
	if res.err == nil || !strings.Contains(res.err.Error(), "emails.csv:1: a header but no rows") {
		t.Errorf("header only: err = %v", res.err)
	}
	res = importString(t, "cases.csv", "Id,Subject\n1,x\n", Options{Format: "salesforce"})
	if res.err == nil || !strings.Contains(res.err.Error(), "does not look like salesforce input") {
		t.Errorf("forced on a case export: err = %v", res.err)
	}
}

func TestSalesforceCaseExportIsOneWarning(t *testing.T) {
	data := "Id,CaseNumber,Status,Origin,Owner.Name,Subject\n5001,00001042,Closed,Email,Kim,Refund\n5002,00001043,New,Phone,Kim,Login\n"
	res := importString(t, "Case.csv", data, Options{})
	if res.err != nil || len(res.convs) != 0 || len(res.rejects) != 0 {
		t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
	}
	if len(res.warnings) != 1 || !strings.Contains(res.warnings[0], "a Salesforce Case export holds no messages") {
		t.Errorf("warnings = %q", res.warnings)
	}
}

func TestSalesforceRESTRecords(t *testing.T) {
	// Relationship fields are nested objects; a Case's child records carry
	// its fields; a record whose JSON is broken is rejected at its line.
	data := `{"attributes":{"type":"EmailMessage"},"Id":"1","ParentId":"C1","Incoming":"true","TextBody":"hello","MessageDate":"2026-03-20T08:00:00.000+0000","Parent":{"attributes":{"type":"Case"},"Status":"Closed","Owner":{"Name":"Kim"}}}
{"attributes":{"type":"EmailMessage"},"Id":"2","ParentId":"C1","Incoming":false,"TextBody":"hi back"
{"attributes":{"type":"Case"},"Id":"C2","Status":"New","Origin":"Phone","CaseComments":{"totalSize":1,"done":true,"records":[{"attributes":{"type":"CaseComment"},"Id":"9","IsPublished":true,"CommentBody":"called back","CreatedDate":"2026-03-20T09:00:00Z"}]}}
`
	res := importString(t, "query.jsonl", data, Options{})
	if res.err != nil || len(res.convs) != 2 {
		t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
	}
	if len(res.rejects) != 1 || !strings.HasPrefix(res.rejects[0], ":2: ") {
		t.Errorf("rejects = %q, want the broken line 2", res.rejects)
	}
	c1, c2 := res.convs[0], res.convs[1]
	if c1.ID != "C1" || c1.Meta["status"] != "Closed" || c1.Meta["owner"] != "Kim" || roles(c1) != "customer:" {
		t.Errorf("C1 = %s, meta %v", roles(c1), c1.Meta)
	}
	if c2.ID != "C2" || c2.Meta["status"] != "New" || c2.Channel != transcript.Call || roles(c2) != "agent:" {
		t.Errorf("C2 = %s, channel %s, meta %v", roles(c2), c2.Channel, c2.Meta)
	}
}

func TestSalesforceTreeExport(t *testing.T) {
	// sf data export tree: records have referenceIds, children nest.
	data := `{"records":[{"attributes":{"type":"Case","referenceId":"CaseRef1"},"Subject":"Late order","Status":"New","Origin":"Email",
"EmailMessages":{"records":[{"attributes":{"type":"EmailMessage","referenceId":"EmailMessageRef1"},"Incoming":true,"FromName":"Ana","TextBody":"Where is my order?","MessageDate":"2026-03-01T10:00:00.000+0000"},
{"attributes":{"type":"EmailMessage","referenceId":"EmailMessageRef2"},"Incoming":false,"FromName":"Kim","TextBody":"It ships today.","MessageDate":"2026-03-01T11:00:00.000+0000"}]}}]}`
	res := importString(t, "Case-EmailMessage-plan.json", data, Options{})
	if res.err != nil || len(res.convs) != 1 || len(res.rejects) != 0 {
		t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
	}
	if c := res.convs[0]; c.ID != "CaseRef1" || roles(c) != "customer:Ana agent:Kim" || c.Meta["subject"] != "Late order" {
		t.Errorf("conversation %s: %s, meta %v", c.ID, roles(c), c.Meta)
	}
}

func FuzzSalesforce(f *testing.F) {
	seedFromTestdata(f, "salesforce")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Salesforce{}, data) })
}
