package importers

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/transcript"
)

func TestGorgiasDetect(t *testing.T) {
	checkDetect(t, Gorgias{}, "x.csv", []detectCase{
		{"messages", "ticket_id,sender_info,stripped_text\n1,\"{\"\"email\"\":\"\"a@example.com\"\"}\",hi\n", true},
		{"statistics", "Ticket ID,Channel,Satisfaction survey score\n1,email,5\n", true},
		{"sender column holding JSON", "ticket_id,sender,body_text\n1,\"{\"\"email\"\":\"\"a@example.com\"\"}\",hi\n", true},
		{"generic chat csv", "ticket_id,sender,text\n1,Ana,hi\n", false},
		{"survey export without channel", "Ticket ID,Survey score,Comment\n1,5,great\n", false},
	})
}

func TestGorgiasBrandSide(t *testing.T) {
	const head = "ticket_id,created_datetime,sender_info,receiver_info,stripped_text\n"
	row := func(ticket, at, from, to, text string) string {
		cell := func(addr string) string {
			if addr == "" {
				return ""
			}
			return `"{""email"": ""` + addr + `""}"`
		}
		return ticket + "," + at + "," + cell(from) + "," + cell(to) + "," + text + "\n"
	}
	cases := []struct {
		name, data string
		opts       Options
		want       string
	}{
		{"the address customers write to", head +
			row("1", "2026-01-01T10:00:00Z", "a@gmail.com", "help@brand.example", "hi") +
			row("1", "2026-01-01T10:01:00Z", "help@brand.example", "a@gmail.com", "hello"), Options{}, "customer:a@gmail.com agent:help@brand.example"},
		{"a domain replying to another's ticket", head +
			row("2", "2026-01-01T10:00:00Z", "b@client.example", "", "hi") +
			row("2", "2026-01-01T10:01:00Z", "ana@brand.example", "", "hello"), Options{}, "customer:b@client.example agent:ana@brand.example"},
		{"--agent-domain", head +
			row("3", "2026-01-01T10:00:00Z", "ana@brand.example", "", "we saw your review") +
			row("3", "2026-01-01T10:01:00Z", "b@client.example", "", "thanks"), Options{AgentDomains: []string{"brand.example"}}, "agent:ana@brand.example customer:b@client.example"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res := importString(t, "m.csv", tc.data, tc.opts)
			if res.err != nil || len(res.convs) != 1 || len(res.rejects) != 0 {
				t.Fatalf("err %v, %d conversations, rejects %q", res.err, len(res.convs), res.rejects)
			}
			if got := roles(res.convs[0]); got != tc.want {
				t.Errorf("roles = %s, want %s", got, tc.want)
			}
		})
	}
}

func TestGorgiasNoBrandWarns(t *testing.T) {
	data := "ticket_id,sender_info,stripped_text\n1,a@gmail.com,hi\n1,a@gmail.com,anyone?\n"
	res := importString(t, "m.csv", data, Options{})
	if len(res.convs) != 1 || len(res.warnings) != 1 || !strings.Contains(res.warnings[0], "--agent-domain") {
		t.Errorf("%d conversations, warnings %q", len(res.convs), res.warnings)
	}
}

func TestGorgiasStatisticsIsOneLine(t *testing.T) {
	data := "Ticket ID,Channel,Satisfaction survey score\n1,email,5\n2,chat,4\n3,chat,\n"
	res := importString(t, "stats.csv", data, Options{})
	if res.err != nil || len(res.convs) != 0 || len(res.rejects) != 0 || len(res.warnings) != 1 || !strings.Contains(res.warnings[0], "statistics export") {
		t.Errorf("err %v, %d conversations, rejects %q, warnings %q", res.err, len(res.convs), res.rejects, res.warnings)
	}
}

func FuzzGorgias(f *testing.F) {
	seedFromTestdata(f, "gorgias")
	f.Fuzz(func(t *testing.T, data []byte) { checkDecode(t, Gorgias{}, data) })
}

// importFiles runs one import over several files, named in order.
func importFiles(t *testing.T, files ...[2]string) importResult {
	t.Helper()
	dir := t.TempDir()
	var inputs []Input
	for _, f := range files {
		path := filepath.Join(dir, f[0])
		if err := os.WriteFile(path, []byte(f[1]), 0o600); err != nil {
			t.Fatal(err)
		}
		inputs = append(inputs, Input{Name: path})
	}
	var res importResult
	im := Importer{
		OnReject: func(r Reject) {
			res.rejects = append(res.rejects, strings.TrimPrefix(r.String(), dir+string(filepath.Separator)))
		},
		OnWarn: func(w Warning) {
			res.warnings = append(res.warnings, strings.TrimPrefix(w.File, dir+string(filepath.Separator))+": "+w.Message)
		},
	}
	_, res.err = im.Run(context.Background(), inputs, func(c *transcript.Conversation) error {
		res.convs = append(res.convs, c)
		return nil
	})
	return res
}

const gorgiasMessagesNoChannel = `ticket_id,created_datetime,sender_info,receiver_info,stripped_text,satisfaction_score
71,2026-03-20T07:58:12Z,"{""email"": ""eva@example.se"", ""name"": ""Eva""}","{""email"": ""help@shop.example""}",My parcel never arrived.,
71,2026-03-20T08:32:05Z,"{""email"": ""jo@shop.example"", ""name"": ""Jo""}","{""email"": ""eva@example.se""}",A replacement ships today.,
72,2026-03-20T09:00:00Z,"{""email"": ""tom@example.se"", ""name"": ""Tom""}","{""email"": ""help@shop.example""}",Do you ship abroad?,2
72,2026-03-20T09:01:00Z,"{""email"": ""jo@shop.example"", ""name"": ""Jo""}","{""email"": ""tom@example.se""}","Yes, in 3 days.",
`

const gorgiasStatistics = `Ticket ID,Channel,Created,Assignee,Satisfaction survey score
71,chat,2026-03-20 07:58,Jo,4
72,email,2026-03-20 09:00,Jo,5
73,email,2026-03-21 10:00,Jo,1
,email,2026-03-21 11:00,Jo,3
`

// The statistics export joins the messages' tickets by id whichever comes
// first: its channel where the messages name none, its survey score where
// the messages carry none (theirs wins), and its tickets that are in no
// messages export are listed in its one line.
func TestGorgiasStatisticsJoinTheMessages(t *testing.T) {
	for _, order := range []string{"statistics last", "statistics first"} {
		t.Run(order, func(t *testing.T) {
			files := [][2]string{{"messages.csv", gorgiasMessagesNoChannel}, {"statistics.csv", gorgiasStatistics}}
			if order == "statistics first" {
				files[0], files[1] = files[1], files[0]
			}
			res := importFiles(t, files...)
			if res.err != nil || len(res.convs) != 2 {
				t.Fatalf("err %v, %d conversations", res.err, len(res.convs))
			}
			got := []string{}
			for _, c := range res.convs {
				got = append(got, fmt.Sprintf("%s %s csat=%s assignee=%s", c.ID, c.Channel, c.Meta["csat"], c.Meta["assignee"]))
			}
			if want := []string{"71 chat csat=4 assignee=Jo", "72 email csat=2 assignee=Jo"}; !slices.Equal(got, want) {
				t.Errorf("conversations %q, want %q", got, want)
			}
			if want := []string{"statistics.csv:5: column \"Ticket ID\" is empty: no ticket id"}; !slices.Equal(res.rejects, want) {
				t.Errorf("rejects %q, want %q", res.rejects, want)
			}
			want := "statistics.csv: a Gorgias tickets statistics export: its channel and survey score joined 2 of 3 tickets as metadata; 1 not in any messages export of this run (73)"
			if !slices.Contains(res.warnings, want) {
				t.Errorf("warnings %q, want %q", res.warnings, want)
			}
		})
	}
}
