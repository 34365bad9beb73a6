package importers

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

// threadShape renders conversations as "id: author/role author/role ...".
func threadShape(convs []*transcript.Conversation) []string {
	var out []string
	for _, c := range convs {
		var b strings.Builder
		b.WriteString(c.ID + ":")
		for _, m := range c.Messages {
			b.WriteString(" " + m.Author + "/" + string(m.Role))
		}
		out = append(out, b.String())
	}
	return out
}

const twitterHeaderLine = "tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n"

func TestTwitterThreads(t *testing.T) {
	tests := []struct {
		name    string
		rows    string
		want    []string
		meta    map[string]string // of the first conversation
		rejects []string
	}{
		{
			name: "customer follow-up after the brand reply, rows out of order",
			rows: `3,c1,True,Tue Oct 31 10:20:00 +0000 2017,thanks that worked,,2
1,c1,True,Tue Oct 31 10:00:00 +0000 2017,my app crashes,2,
2,Brand,False,Tue Oct 31 10:10:00 +0000 2017,try reinstalling,3,1
`,
			want: []string{"1: c1/customer Brand/agent c1/customer"},
		},
		{
			name: "link only in the parent's response_tweet_id",
			rows: `1,c1,True,Tue Oct 31 10:00:00 +0000 2017,help,2,
2,Brand,False,Tue Oct 31 10:10:00 +0000 2017,sure,,
`,
			want: []string{"1: c1/customer Brand/agent"},
		},
		{
			name: "link only in the reply's in_response_to_tweet_id",
			rows: `1,c1,True,Tue Oct 31 10:00:00 +0000 2017,help,,
2,Brand,False,Tue Oct 31 10:10:00 +0000 2017,sure,,1
`,
			want: []string{"1: c1/customer Brand/agent"},
		},
		{
			name: "a branching thread is one conversation ordered by time",
			rows: `1,c1,True,Tue Oct 31 10:00:00 +0000 2017,help,"2,3",
3,Brand,False,Tue Oct 31 10:05:00 +0000 2017,DM us,,1
2,c2,True,Tue Oct 31 10:01:00 +0000 2017,same here,,1
`,
			want: []string{"1: c1/customer c2/customer Brand/agent"},
		},
		{
			name: "separate threads stay separate",
			rows: `1,c1,True,Tue Oct 31 10:00:00 +0000 2017,help,,
2,c2,True,Tue Oct 31 10:01:00 +0000 2017,me too,,
`,
			want: []string{"1: c1/customer", "2: c2/customer"},
		},
		{
			name: "missing root: the earliest tweet present starts the thread",
			rows: `8,c1,True,Tue Oct 31 10:30:00 +0000 2017,still broken,,7
7,Brand,False,Tue Oct 31 10:20:00 +0000 2017,fixed now?,8,6
`,
			want: []string{"7: Brand/agent c1/customer"},
			meta: map[string]string{"platform": "twitter", "root_missing": "true", "in_reply_to": "6"},
		},
		{
			name: "replies to the same missing tweet are one thread",
			rows: `8,Brand,False,Tue Oct 31 10:30:00 +0000 2017,sorry about that,,6
9,c2,True,Tue Oct 31 10:20:00 +0000 2017,same problem,,6
`,
			want: []string{"9: c2/customer Brand/agent"},
		},
		{
			name: "duplicate tweet_id keeps the first",
			rows: `1,c1,True,Tue Oct 31 10:00:00 +0000 2017,help,,
1,c1,True,Tue Oct 31 10:00:00 +0000 2017,help again,,
`,
			want:    []string{"1: c1/customer"},
			rejects: []string{":3: tweet_id 1 appears again (first at line 2); only the first is kept"},
		},
		{
			name: "spreadsheet ids: 2.0, TRUE/FALSE, semicolon lists",
			rows: `1.0,c1,TRUE,Tue Oct 31 10:00:00 +0000 2017,help,2.0; 3.0,
2.0,Brand,FALSE,Tue Oct 31 10:10:00 +0000 2017,sure,,1.0
3,c1,1,Tue Oct 31 10:20:00 +0000 2017,thanks,,
`,
			want: []string{"1: c1/customer Brand/agent c1/customer"},
		},
		{
			name: "rounded parent resolved from the other side",
			rows: `925391208712085504,c1,True,Tue Oct 31 10:00:00 +0000 2017,help,925391208712085505,
925391208712085505,Brand,False,Tue Oct 31 10:10:00 +0000 2017,sure,,9.25391E+17
`,
			want: []string{"925391208712085504: c1/customer Brand/agent"},
		},
		{
			name: "rounded parent nobody lists is rejected",
			rows: `925391208712085504,c1,True,Tue Oct 31 10:00:00 +0000 2017,help,,
925391208712085505,Brand,False,Tue Oct 31 10:10:00 +0000 2017,sure,,9.25391E+17
`,
			want:    []string{"925391208712085504: c1/customer"},
			rejects: []string{`:3: in_response_to_tweet_id "9.25391E+17" was rounded by a spreadsheet (scientific notation) and no other tweet lists this one as a reply, so its thread is lost; re-export the file with the id columns as text`},
		},
		{
			name: "rounded reply id resolved by the reply's own link",
			rows: `925391208712085504,c1,True,Tue Oct 31 10:00:00 +0000 2017,help,9.25391E+17,
925391208712085505,Brand,False,Tue Oct 31 10:10:00 +0000 2017,sure,,925391208712085504
`,
			want: []string{"925391208712085504: c1/customer Brand/agent"},
		},
		{
			name: "rows without text or with bad ids are rejected with their line",
			rows: `1,c1,True,Tue Oct 31 10:00:00 +0000 2017,,,
x1,c1,True,Tue Oct 31 10:00:00 +0000 2017,hello,,
2,c1,True,Tue Oct 31 10:00:00 +0000 2017,hello,,abc
3,,True,Tue Oct 31 10:00:00 +0000 2017,hello,,
4,c1,True,Tue Oct 31 10:00:00 +0000 2017,"two
lines",,
`,
			want: []string{"4: c1/customer"},
			rejects: []string{
				":2: tweet 1 has no text",
				`:3: tweet_id "x1" is not a tweet id (digits)`,
				`:4: tweet 2: in_response_to_tweet_id "abc" is not a tweet id`,
				":5: tweet 3 has no author_id",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := importString(t, "twcs.csv", twitterHeaderLine+tt.rows, Options{})
			if got.err != nil {
				t.Fatal(got.err)
			}
			if s := threadShape(got.convs); strings.Join(s, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("threads:\n%s\nwant:\n%s", strings.Join(s, "\n"), strings.Join(tt.want, "\n"))
			}
			if strings.Join(got.rejects, "\n") != strings.Join(tt.rejects, "\n") {
				t.Errorf("rejects:\n%s\nwant:\n%s", strings.Join(got.rejects, "\n"), strings.Join(tt.rejects, "\n"))
			}
			if tt.meta != nil && len(got.convs) > 0 {
				for k, v := range tt.meta {
					if got.convs[0].Meta[k] != v {
						t.Errorf("meta %s = %q, want %q", k, got.convs[0].Meta[k], v)
					}
				}
			}
		})
	}
}

func TestTwitterConversationFields(t *testing.T) {
	got := importString(t, "twcs.csv", twitterHeaderLine+`1,115712,True,Tue Oct 31 22:10:47 +0000 2017,@AppleSupport help,2,
2,AppleSupport,False,Tue Oct 31 22:12:00 +0000 2017,@115712 hi,,1
`, Options{})
	if got.err != nil || len(got.convs) != 1 {
		t.Fatalf("err %v, %d conversations", got.err, len(got.convs))
	}
	c := got.convs[0]
	if c.Channel != transcript.Social || c.Agent != "AppleSupport" || c.Team != "AppleSupport" || c.Customer != "115712" {
		t.Errorf("channel %q agent %q team %q customer %q", c.Channel, c.Agent, c.Team, c.Customer)
	}
	if c.Start.Format("2006-01-02T15:04:05Z07:00") != "2017-10-31T22:10:47Z" || c.Source.Line != 2 {
		t.Errorf("start %v, line %d", c.Start, c.Source.Line)
	}
}

func TestTwitterMissingTextColumn(t *testing.T) {
	got := importString(t, "twcs.csv", "tweet_id,author_id,inbound\n1,a,True\n", Options{})
	if got.err == nil || !strings.Contains(got.err.Error(), "tweet_id, author_id, inbound and text") {
		t.Errorf("err = %v, want a header error naming the needed columns", got.err)
	}
}

func TestParseTweetID(t *testing.T) {
	tests := []struct {
		in   string
		id   uint64
		kind idKind
	}{
		{"925391208712085504", 925391208712085504, idOK},
		{" 42 ", 42, idOK},
		{"42.0", 42, idOK},
		{`"42"`, 42, idOK},
		{"", 0, idEmpty},
		{"NaN", 0, idEmpty},
		{"1.19E+17", 0, idRounded},
		{"9.25391208712086e17", 0, idRounded},
		{"42.5", 0, idInvalid},
		{"0", 0, idInvalid},
		{"-3", 0, idInvalid},
		{"abc", 0, idInvalid},
	}
	for _, tt := range tests {
		id, kind := parseTweetID(tt.in)
		if id != tt.id || kind != tt.kind {
			t.Errorf("parseTweetID(%q) = %d, %d; want %d, %d", tt.in, id, kind, tt.id, tt.kind)
		}
	}
}

func TestTwitterDetect(t *testing.T) {
	tests := []struct {
		name, head string
		want       bool
	}{
		{"kaggle header", twitterHeaderLine, true},
		{"pandas index column", ",tweet_id,author_id,inbound,created_at,text\n", true},
		{"any order and case with BOM", "\ufeffText,Inbound,Author_ID,Tweet_ID\n", true},
		{"semicolons", "tweet_id;author_id;inbound;text\n", true},
		{"no inbound column", "tweet_id,author_id,text\n", false},
		{"generic chat csv", "conversation_id,role,text\n", false},
		{"header not on the first line", "conversation_id,text\ntweet_id,author_id,inbound\n", false},
		{"json", `{"tweet_id":1,"author_id":"a","inbound":true}`, false},
	}
	for _, tt := range tests {
		if got := (TwitterCSV{}).Detect([]byte(tt.head), "x.csv"); got != tt.want {
			t.Errorf("%s: Detect = %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestSplitIDList(t *testing.T) {
	got := strings.Join(splitIDList(" 1,2; 3 4;;5 "), "|")
	if got != "1|2|3|4|5" {
		t.Errorf("splitIDList = %q", got)
	}
}

func FuzzTwitterCSV(f *testing.F) {
	seedFromTestdata(f, "twitter-csv")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, TwitterCSV{}, data) })
}

func TestTwitterUnclosedQuote(t *testing.T) {
	rows := "1,c1,True,Tue Oct 31 10:00:00 +0000 2017,\"help,,\n"
	for i := 2; i < 150; i++ {
		rows += fmt.Sprintf("%d,c1,True,Tue Oct 31 10:00:00 +0000 2017,row %d,,\n", i, i)
	}
	got := importString(t, "twcs.csv", twitterHeaderLine+rows, Options{})
	if len(got.convs) != 0 || len(got.rejects) != 1 || !strings.Contains(got.rejects[0], ":2: tweet 1: text runs over 150 lines: probably an unclosed quote") {
		t.Errorf("conversations %d, rejects %q", len(got.convs), got.rejects)
	}
}

func TestTwitterTextEntities(t *testing.T) {
	tests := []struct{ text, want string }{
		{"@AskAT_T AT&amp;T dropped my call", "@AskAT_T AT&T dropped my call"},
		{"@sprintcare 5 bars &lt;3 but no data -&gt; help", "@sprintcare 5 bars <3 but no data -> help"},
		{"@Delta plain text", "@Delta plain text"},
	}
	for _, tt := range tests {
		data := twitterHeaderLine + "1,115712,True,Tue Oct 31 22:11:45 +0000 2017," + tt.text + ",,\n"
		got := importString(t, "twcs.csv", data, Options{})
		if len(got.convs) != 1 || got.convs[0].Messages[0].Text != tt.want {
			t.Errorf("%q: got %+v rejects %q", tt.text, got.convs, got.rejects)
		}
	}
}
