package importers

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

func TestFieldSynonymsDisjoint(t *testing.T) {
	seen := map[string]string{}
	for f, names := range fieldSynonyms {
		for _, n := range names {
			if n != normKey(n) {
				t.Errorf("synonym %q of %s is not normalized (want %q)", n, fieldNames[f], normKey(n))
			}
			if other, dup := seen[n]; dup {
				t.Errorf("header %q maps to both %s and %s", n, other, fieldNames[f])
			}
			seen[n] = fieldNames[f]
		}
	}
	for k := range metaKeys {
		if f, dup := seen[k]; dup {
			t.Errorf("meta key %q is also a synonym of %s", k, f)
		}
	}
}

func TestResolveColumns(t *testing.T) {
	tests := []struct {
		name      string
		header    []string
		overrides map[string]string
		want      map[field]string // field -> header; fields not listed must be unset
		meta      []string
		missing   []string
		err       string
	}{
		{
			name:   "livechat style, case and spaces ignored",
			header: []string{"Chat ID", "Date", "Author", "Author Type", "Message", "Agent", "Group", "Visitor Name", "Tags", "Rating"},
			want: map[field]string{fConversation: "Chat ID", fDate: "Date", fAuthor: "Author", fRole: "Author Type",
				fText: "Message", fAgent: "Agent", fTeam: "Group", fCustomer: "Visitor Name"},
			meta: []string{"Tags", "Rating"},
		},
		{
			name:   "agent_name is the agent, name is the author",
			header: []string{"ticket_id", "name", "agent_name", "body", "created_at"},
			want:   map[field]string{fConversation: "ticket_id", fAuthor: "name", fAgent: "agent_name", fText: "body", fTime: "created_at"},
		},
		{
			name:   "a date and a time column",
			header: []string{"Date", "Time", "From", "Message"},
			want:   map[field]string{fDate: "Date", fTime: "Time", fAuthor: "From", fText: "Message"},
		},
		{
			name:   "the better synonym wins whatever the column order",
			header: []string{"sender_email", "sender_name", "updated", "text", "type", "sender_type"},
			want:   map[field]string{fAuthor: "sender_name", fText: "text", fRole: "sender_type"},
		},
		{
			name:   "camelCase and punctuation",
			header: []string{"conversationId", "sendTime", "senderType", "text", "Created (UTC)"},
			want:   map[field]string{fConversation: "conversationId", fTime: "sendTime", fRole: "senderType", fText: "text"},
		},
		{
			name:   "a header with a text word is the text when no synonym is",
			header: []string{"case", "Comment (plain)", "Who"},
			want:   map[field]string{fConversation: "case", fText: "Comment (plain)"},
		},
		{
			name:   "but not an id or a count",
			header: []string{"Message ID", "Comment count", "Visitor Message"},
			want:   map[field]string{fText: "Visitor Message"},
		},
		{
			name:      "an override takes its column away from the synonyms",
			header:    []string{"id", "message", "Notes"},
			overrides: map[string]string{"text": "notes", "id": "ID"},
			want:      map[field]string{fText: "Notes", fConversation: "id"},
		},
		{
			name:      "an overridden field does not fall back on a synonym",
			header:    []string{"message", "body"},
			overrides: map[string]string{"text": "Body"},
			want:      map[field]string{fText: "body"},
		},
		{
			name:      "a missing override column is reported",
			header:    []string{"message"},
			overrides: map[string]string{"role": "Kind"},
			want:      map[field]string{fText: "message"},
			missing:   []string{"role=Kind"},
		},
		{
			name:      "an unknown override field is an error",
			header:    []string{"message"},
			overrides: map[string]string{"mood": "Feeling"},
			err:       `--col mood=Feeling: unknown field "mood"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cols, missing, err := resolveColumns(tt.header, tt.overrides)
			if tt.err != "" {
				if err == nil || !strings.Contains(err.Error(), tt.err) {
					t.Fatalf("err = %v, want %q", err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			for f := range cols.at {
				got := ""
				if i := cols.at[f]; i >= 0 {
					got = tt.header[i]
				}
				if got != tt.want[field(f)] {
					t.Errorf("%s = %q, want %q", fieldNames[f], got, tt.want[field(f)])
				}
			}
			var meta []string
			for _, i := range cols.meta {
				meta = append(meta, tt.header[i])
			}
			if fmt.Sprint(meta) != fmt.Sprint(tt.meta) {
				t.Errorf("meta = %v, want %v", meta, tt.meta)
			}
			if fmt.Sprint(missing) != fmt.Sprint(tt.missing) {
				t.Errorf("missing = %v, want %v", missing, tt.missing)
			}
		})
	}
}

func TestSniffDelimiter(t *testing.T) {
	tests := []struct {
		name   string
		head   string
		delim  rune
		header string
		ok     bool
	}{
		{"comma", "id,role,text\n1,agent,hi\n1,customer,hello\n", ',', "id|role|text", true},
		{"semicolon with commas in the text", "id;role;text\n1;agent;hi, how are you\n1;customer;fine, thanks, you?\n", ';', "id|role|text", true},
		{"tab", "id\trole\ttext\n1\tagent\thi; there, you\n", '\t', "id|role|text", true},
		{"pipe", "id|role|text\n1|agent|hi\n", '|', "id|role|text", true},
		{"quoted delimiters and lines do not count", "id,role,text\n1,agent,\"a; b; c\nd; e\"\n2,customer,\"x;y\"\n", ',', "id|role|text", true},
		{"consistency beats width", "a;b,c;d\n1;2,3;4\n5;6;7\n", ';', "a|b,c|d", true},
		{"header only", "conversation_id;text\n", ';', "conversation_id|text", true},
		{"one column", "text\nhello\n", 0, "", false},
		{"Excel's sep line", "sep=;\r\nid;role;text\r\n1;agent;hi, there\r\n", ';', "id|role|text", true},
		{"prose", "Hello, this is a note.\nIt has lines, and commas, of all lengths.\nOne\nTwo, three\n", 0, "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sn, ok := sniffDelimiter([]byte(tt.head))
			if ok != tt.ok || sn.delim != tt.delim || strings.Join(sn.header, "|") != tt.header {
				t.Errorf("got %q %q %v, want %q %q %v", sn.delim, strings.Join(sn.header, "|"), ok, tt.delim, tt.header, tt.ok)
			}
		})
	}
}

func TestCSVDetect(t *testing.T) {
	tests := []struct {
		name string
		head string
		want bool
	}{
		{"helpdesk export", "Chat ID,Date,Author,Author Type,Message\nLC-1,2026-01-01,Ana,agent,hi\n", true},
		{"semicolon export", "ticket_id;created_at;sender_type;message\nT1;03/02/2026;customer;hallo\n", true},
		{"custom headers, a clear table", "Case Ref,Logged,Who,Kind,Notes\nCR-1,x,y,z,w\nCR-2,x,y,z,w\n", true},
		{"twitter customer support", "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n1,sprintcare,False,Tue Oct 31 22:10:47 +0000 2017,hi,2,3\n", false},
		{"native JSON", `{"id":"c1","messages":[{"role":"agent","text":"hi"}]}`, false},
		{"JSON array", `[{"conversation_id":"1","text":"hi"}]`, false},
		{"HTML", "<html><body>text,message</body></html>", false},
		{"prose with commas", "Agent: Hello, how can I help you today?\nCustomer: Hi, my order is late.\n", false},
		{"two columns, no text", "a,b\n1,2\n3,4\n", false},
		{"a sentence for a header", "this is a long header cell with many words,message\n1,2\n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := (Csv{}).Detect([]byte(tt.head), "x.csv"); got != tt.want {
				t.Errorf("Detect = %v, want %v", got, tt.want)
			}
		})
	}
}

// ids lists the conversations as "id:role/role/...".
func (r importResult) summary() string {
	var parts []string
	for _, c := range r.convs {
		var roles []string
		for _, m := range c.Messages {
			roles = append(roles, string(m.Role)[:1]+":"+m.Text)
		}
		parts = append(parts, c.ID+"["+strings.Join(roles, " ")+"]")
	}
	return strings.Join(parts, " ")
}

func TestCSVGrouping(t *testing.T) {
	tests := []struct {
		name    string
		csv     string
		opts    Options
		want    string
		rejects []string
	}{
		{
			name: "adjacent rows",
			csv:  "chat_id,role,text\na,customer,1\na,agent,2\nb,customer,3\nb,agent,4\n",
			want: "a[c:1 a:2] b[c:3 a:4]",
		},
		{
			name: "interleaved rows come out when their last row is read",
			csv:  "chat_id,role,text\na,customer,1\nb,customer,2\na,agent,3\nc,customer,4\nb,agent,5\nc,agent,6\n",
			want: "a[c:1 a:3] b[c:2 a:5] c[c:4 a:6]",
		},
		{
			name: "a conversation that comes back at the end is emitted last",
			csv:  "chat_id,role,text\na,customer,1\nb,customer,2\nb,agent,3\na,agent,4\n",
			want: "b[c:2 a:3] a[c:1 a:4]",
		},
		{
			name: "no id column: the file is one conversation named after it",
			csv:  "role,text\ncustomer,1\nagent,2\n",
			want: "chats[c:1 a:2]",
		},
		{
			name:    "an empty id is rejected, the rest grouped",
			csv:     "chat_id,role,text\na,customer,1\n,agent,lost\na,agent,2\n",
			want:    "a[c:1 a:2]",
			rejects: []string{`:3: column "chat_id" is empty: no conversation id`},
		},
		{
			name:    "a conversation whose rows are all rejected is not emitted again",
			csv:     "chat_id,role,text\na,martian,1\nb,customer,2\n",
			want:    "b[c:2]",
			rejects: []string{`:2: unknown role "martian" in column "role" (map it with --role-map martian=agent, or =customer, =bot, =system)`},
		},
		{
			name: "role map and role inferred from the agent column",
			csv:  "chat_id,sender,sender_type,text,assignee\na,Bo,Visitor,1,Ana\na,Ana,,2,\n",
			opts: Options{RoleMap: map[string]transcript.Role{"visitor": transcript.Customer}},
			want: "a[c:1 a:2]",
		},
		{
			name:    "no role column without --agent",
			csv:     "chat_id,author,text\na,Ana,hi\n",
			want:    "",
			rejects: []string{":2: no role: there is no role column; name it with --col role=NAME, or name the agent with --agent-name"},
		},
		{
			name: "no role column with --agent: others are the customer",
			csv:  "chat_id,author,text\na,Ana,hi\na,Bo,hello\n",
			opts: Options{Agent: "Ana"},
			want: "a[a:hi c:hello]",
		},
		{
			name: "messages sorted by time within a conversation",
			csv:  "chat_id,role,text,time\na,agent,2,2026-01-01 10:01\na,customer,1,2026-01-01 10:00\n",
			want: "a[c:1 a:2]",
		},
		{
			name: "date and time columns are read together",
			csv:  "chat_id,date,time,role,text\na,02/01/2026,10:01,agent,2\na,02/01/2026,9:59 AM,customer,1\na,2026-02-03,08:00,customer,3\n",
			want: "a[c:1 a:2 c:3]",
		},
		{
			name:    "a bad date names its column",
			csv:     "chat_id,date,time,role,text\na,02/30/2026,10:01,agent,2\n",
			want:    "",
			rejects: []string{`:2: column "date": invalid date "02/30/2026"`},
		},
		{
			name: "short rows are read when the required values are there",
			csv:  "chat_id,role,text,agent,team\na,customer,1\na,agent,2,Ana\n",
			want: "a[c:1 a:2]",
		},
		{
			name:    "a short row without text is rejected",
			csv:     "chat_id,role,text\na,customer\na,agent,2\n",
			want:    "a[a:2]",
			rejects: []string{`:2: column "text" is empty: no message text`},
		},
		{
			name: "internal notes and public flags",
			csv:  "chat_id,role,text,public\na,customer,1,true\na,agent,note,false\na,agent,2,true\n",
			want: "a[c:1 a:note a:2]",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := importString(t, "chats.csv", tt.csv, tt.opts)
			if res.err != nil {
				t.Fatal(res.err)
			}
			if got := res.summary(); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
			if fmt.Sprint(res.rejects) != fmt.Sprint(tt.rejects) {
				t.Errorf("rejects = %q, want %q", res.rejects, tt.rejects)
			}
		})
	}
}

func TestCSVConversationFields(t *testing.T) {
	csv := "ticket,channel,agent,team,customer,role,text,status,csat,browser\n" +
		"t1,,,,,customer,hi,,,Firefox\n" +
		"t1,Web,Ana,Billing,Bo,agent,hello,solved,5,\n" +
		"t1,email,Zed,Other,Cy,agent,bye,open,1,\n"
	res := importString(t, "x.csv", csv, Options{})
	if res.err != nil || len(res.convs) != 1 {
		t.Fatalf("err %v, %d conversations", res.err, len(res.convs))
	}
	c := res.convs[0]
	got := fmt.Sprintf("%s|%s|%s|%s|%v|%v", c.Channel, c.Agent, c.Team, c.Customer, c.Meta, c.Messages[1].Internal)
	if want := "chat|Ana|Billing|Bo|map[csat:5 status:solved]|false"; got != want {
		t.Errorf("got %s, want %s", got, want)
	}
}

func TestCSVFatalErrors(t *testing.T) {
	tests := []struct {
		name string
		csv  string
		opts Options
		want string
	}{
		{
			name: "no text column",
			csv:  "Case Ref,Logged,Who,Kind,Notes\nCR-1,x,y,z,w\nCR-2,x,y,z,w\n",
			want: `x.csv:1: no message text column (columns found: "Case Ref", "Logged", "Who", "Kind", "Notes"); name it with --col text=HEADER`,
		},
		{
			name: "a --col column that is not there",
			csv:  "id,role,text\na,agent,hi\n",
			opts: Options{Columns: map[string]string{"text": "Body", "role": "Kind"}},
			want: `x.csv:1: --col role=Kind, --col text=Body: no such column (columns found: "id", "role", "text")`,
		},
		{
			name: "an unknown --col field",
			csv:  "id,role,text\na,agent,hi\n",
			opts: Options{Columns: map[string]string{"mood": "role"}},
			want: `x.csv: --col mood=role: unknown field "mood" (fields: conversation_id, timestamp, date, role, author, text, channel, agent, team, customer, internal, public, from_agent)`,
		},
		{
			name: "an unclosed quote does not read forever",
			csv:  "id,role,text\na,agent,\"hi\n",
			want: "",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := importString(t, "x.csv", tt.csv, tt.opts)
			got := ""
			if res.err != nil {
				got = res.err.Error()
			}
			if got != tt.want {
				t.Errorf("err = %s\nwant  %s", got, tt.want)
			}
		})
	}
}

func TestCSVLocations(t *testing.T) {
	csv := "id,role,text,time\n" +
		"a,customer,\"two\nlines\",2026-01-01 10:00\n" +
		"a,agent,ok,yesterday\n"
	res := importString(t, "x.csv", csv, Options{})
	want := []string{`:4: column "time": invalid time "yesterday"`}
	if fmt.Sprint(res.rejects) != fmt.Sprint(want) {
		t.Errorf("rejects = %q, want %q (a row's line is where it starts)", res.rejects, want)
	}
	if len(res.convs) != 1 || res.convs[0].Source.Line != 2 {
		t.Errorf("conversation should start at line 2: %+v", res.convs)
	}
}

func TestCSVExtraCellsWarned(t *testing.T) {
	res := importString(t, "x.csv", "chat_id,role,text\na,agent,hi, there\na,customer,ok,,\na,agent,bye\na,customer,bye\na,agent,take care\n", Options{})
	if res.err != nil {
		t.Fatal(res.err)
	}
	want := []string{"the row at line 2 has more cells than the header's 3; the extra cells were ignored (a comma in an unquoted value?)"}
	if fmt.Sprint(res.warnings) != fmt.Sprint(want) {
		t.Errorf("warnings = %q, want %q", res.warnings, want)
	}
}

func TestCSVRowLimit(t *testing.T) {
	text := "id,role,text\na,agent,hi\na,agent,\"an open quote" + strings.Repeat(" and more", 1<<18) + "\n"
	pass, err := openCSVPass(strings.NewReader(text), ',', false)
	if err != nil {
		t.Fatal(err)
	}
	pass.limit.max = 1 << 20
	rows := 0
	err = pass.each(nil, false, func(n, line int, values []string) error { rows++; return nil })
	want := "line 2: the row after this line is longer than 1 MiB; is a quote left open?"
	if err == nil || err.Error() != want || rows != 1 {
		t.Errorf("err = %v after %d rows, want %q after 1", err, rows, want)
	}
}

func FuzzCSV(f *testing.F) {
	seedFromTestdata(f, "csv")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Csv{}, data) })
}

// BenchmarkCSVAdjacent imports a 50,000-conversation CSV (200,000 rows)
// whose rows are grouped by conversation. Compare B/op and the peak heap
// (-memprofile) as the code changes: open conversations are bounded, so it
// should not grow with the file.
func BenchmarkCSVAdjacent(b *testing.B) {
	path := filepath.Join(b.TempDir(), "big.csv")
	var buf bytes.Buffer
	buf.WriteString("conversation_id,created_at,role,author,text,agent,status\n")
	for c := 0; c < 50000; c++ {
		for m := 0; m < 4; m++ {
			role, author := "customer", fmt.Sprintf("Customer %d", c)
			if m%2 == 1 {
				role, author = "agent", "Ana"
			}
			fmt.Fprintf(&buf, "conv-%d,2026-01-01T10:%02d:00Z,%s,%s,\"Message %d of conversation %d, with a comma\",Ana,solved\n", c, m, role, author, m, c)
		}
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o600); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(buf.Len()))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		n := 0
		im := Importer{}
		_, err := im.Run(context.Background(), []Input{{Name: path}}, func(c *transcript.Conversation) error {
			n++
			return nil
		})
		if err != nil || n != 50000 {
			b.Fatalf("err %v, %d conversations", err, n)
		}
	}
}

func TestCsvChatExportColumns(t *testing.T) {
	tests := []struct {
		name, data string
		want       string // roles and authors
	}{
		{"an empty sender name falls back to the sender e-mail",
			"Thread ID,Sender type,Sender name,Sender email,Message text\n1,VISITOR,,priya@example.com,hello\n1,AGENT,Owen,owen@example.com,hi there\n",
			"customer:priya@example.com agent:Owen"},
		{"actor_type and actor_name name the role and author",
			"conversation_id,actor_type,actor_name,message_content\n7,user,Jana,hello\n7,bot,Freddy,connecting you\n7,agent,Lukas,hi Jana\n",
			"customer:Jana bot:Freddy agent:Lukas"},
		{"role values spelled with underscores",
			"conversation_id,sender_type,sender,text\n7,END_USER,Jana,hello\n7,HUMAN_AGENT,Lukas,hi Jana\n",
			"customer:Jana agent:Lukas"},
		{"a yes/no from_agent column gives the role when there is no role column",
			"ticket_id,sender_name,from_agent,body_text\n4,Eva,false,my parcel is lost\n4,Oskar,true,it is in locker 114\n4,Oskar,TRUE,anything else?\n",
			"customer:Eva agent:Oskar agent:Oskar"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := importString(t, "chats.csv", tt.data, Options{})
			if len(got.convs) != 1 || len(got.rejects) > 0 {
				t.Fatalf("convs %d rejects %q", len(got.convs), got.rejects)
			}
			if r := roles(got.convs[0]); r != tt.want {
				t.Errorf("roles %s, want %s", r, tt.want)
			}
		})
	}
}

// TestCSVRoleColumnByValues: a column whose values are role words is the
// role column whatever its name ("From": Customer/Support), so the author
// comes from the name column beside it; naming either with --col keeps the
// other. Before, "From" was taken as the author, "Name" ignored, and
// --col author=Name left no role at all, rejecting every row.
func TestCSVRoleColumnByValues(t *testing.T) {
	const fromName = "conversation_id,From,Name,text\n1,Customer,Bob,my parcel is late\n1,Support,Ana,it ships today\n1,Customer,Bob,thanks\n"
	tests := []struct {
		name, data string
		cols       map[string]string
		want       string // roles and authors
	}{
		{"From holds roles, Name the authors", fromName, nil, "customer:Bob agent:Ana customer:Bob"},
		{"--col author=Name keeps the roles in From", fromName, map[string]string{"author": "Name"}, "customer:Bob agent:Ana customer:Bob"},
		{"--col role=From keeps the authors in Name", fromName, map[string]string{"role": "From"}, "customer:Bob agent:Ana customer:Bob"},
		{"--col author=From is the user's word: roles still read from it", fromName, map[string]string{"author": "From"}, "customer:Customer agent:Support customer:Customer"},
		{"a role column by name wins over role words elsewhere",
			"conversation_id,role,kind,author,text\n1,customer,agent,Bob,hi\n1,agent,customer,Ana,hello\n", nil, "customer:Bob agent:Ana"},
		{"a sender column of names and one role word is an author column",
			"conversation_id,sender,text,agent\n1,Customer,hi,Ana\n1,Ana,hello,Ana\n", nil, "customer:Customer agent:Ana"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := importString(t, "chats.csv", tt.data, Options{Columns: tt.cols})
			if len(got.convs) != 1 || len(got.rejects) > 0 {
				t.Fatalf("convs %d rejects %q", len(got.convs), got.rejects)
			}
			if r := roles(got.convs[0]); r != tt.want {
				t.Errorf("roles %s, want %s", r, tt.want)
			}
		})
	}
}

// TestWindows1252AfterAnASCIIHead: an Excel export whose first accented
// letter comes after the head that decides the encoding was read as UTF-8,
// and every "é" became a replacement character.
func TestWindows1252AfterAnASCIIHead(t *testing.T) {
	var b strings.Builder
	b.WriteString("Ticket;Date;Sender;Message\r\n")
	for i := 0; b.Len() < HeadSize+1000; i++ {
		fmt.Fprintf(&b, "T%d;2026-03-01 10:00;Customer;my order %d is late, please help\r\n", i, i)
	}
	b.WriteString("T-last;2026-03-01 10:00;Customer;Tr\xe8s d\xe9\xe7u \x96 caf\xe9 \x80\r\n")
	b.WriteString("T-utf8;2026-03-01 10:00;Customer;d\xc3\xa9j\xc3\xa0 vu\r\n")
	res := importString(t, "late.csv", b.String(), Options{})
	if res.err != nil || len(res.convs) == 0 {
		t.Fatalf("err %v, %d conversations", res.err, len(res.convs))
	}
	got := map[string]string{}
	for _, c := range res.convs {
		got[c.ID] = c.Messages[0].Text
	}
	// The file is Windows-1252 from its first byte above 0x7F: a later
	// UTF-8 sequence is read as the two Windows-1252 letters it is.
	if got["T-last"] != "Très déçu – café €" || got["T-utf8"] != "dÃ©jÃ vu" {
		t.Errorf("read %q and %q", got["T-last"], got["T-utf8"])
	}
}

// TestAtColumnIsTheTime: "at" is the time's name in iqa's own JSON, and a
// CSV that used it lost every timestamp without a word.
func TestAtColumnIsTheTime(t *testing.T) {
	res := importString(t, "at.csv", "conversation_id,at,role,text\nc1,2026-03-01 10:00,customer,hi\nc1,2026-03-01 10:01,agent,hello\n", Options{})
	if res.err != nil || len(res.convs) != 1 || !res.convs[0].Messages[1].HasTime() {
		t.Fatalf("err %v, conversations %+v", res.err, res.convs)
	}
}

// TestCSVUnknownChannelWarned: a channel value iqa does not know makes the
// conversation "other", with its loose response-time limits; iqa says so
// once per file, with the values, instead of quietly.
func TestCSVUnknownChannelWarned(t *testing.T) {
	got := importString(t, "chats.csv", "conversation_id,role,text,channel\n1,customer,hi,pigeon\n1,agent,hello,pigeon\n2,customer,hi,Pigeon\n3,customer,hi,chat\n", Options{})
	if len(got.convs) != 3 || got.convs[0].Channel != transcript.Other || got.convs[2].Channel != transcript.Chat {
		t.Fatalf("convs %+v", got.convs)
	}
	want := `2 conversations have a channel iqa does not know ("pigeon", "Pigeon"), scored as "other" with its response-time limits; iqa knows chat, email, call, sms and social`
	if len(got.warnings) != 1 || got.warnings[0] != want {
		t.Errorf("warnings %q, want [%q]", got.warnings, want)
	}
	if got := importString(t, "chats.csv", "conversation_id,role,text,channel\n1,customer,hi,email\n", Options{}); len(got.warnings) > 0 {
		t.Errorf("known channel warned: %q", got.warnings)
	}
}
