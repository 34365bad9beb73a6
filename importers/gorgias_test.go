package importers

import (
	"strings"
	"testing"
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
