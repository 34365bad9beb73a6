package reports

import (
	"bytes"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

var fixtureCoaching = map[string]string{
	"greeting":        "Open with a greeting and your name: it sets a friendly tone before the facts.",
	"empathy":         "When the customer is upset, acknowledge it in your first reply — \"I'm sorry, I understand how annoying that is\" — before solving.",
	"resolution":      "Before closing, check the fix worked: ask the customer to confirm.",
	"no_card_request": "Never ask for a full card number; send the secure payment link instead.",
}

// coachResults is the fixed run plus a newcomer with too few
// conversations to judge.
func coachResults() []*scoring.Result {
	out := fixtureResults()
	for i := range 2 {
		out = append(out, fixtureResult(100+i, "new-00"+string(rune('1'+i)), "Eve Newman", "EMEA", "chat",
			time.Date(2026, 3, 20, 10+i, 0, 0, 0, time.UTC), 1, ""))
	}
	return out
}

// renderCoach runs results through a coach and returns its pages by file
// name.
func renderCoach(t testing.TB, results []*scoring.Result, opts CoachOptions) map[string][]byte {
	t.Helper()
	c := NewCoach(opts)
	s := NewSummary(RunInfo{Inputs: []string{"exports/"}})
	for _, r := range results {
		s.Add(r)
		if err := c.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := c.Close(s); err != nil {
		t.Fatal(err)
	}
	bufs := map[string]*bytes.Buffer{}
	err := c.WritePages(func(name string) (io.Writer, error) {
		if bufs[name] != nil {
			t.Fatalf("page %s written twice", name)
		}
		bufs[name] = &bytes.Buffer{}
		return bufs[name], nil
	})
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for k, v := range bufs {
		out[k] = v.Bytes()
	}
	return out
}

func defaultCoachOptions() CoachOptions {
	return CoachOptions{Coaching: fixtureCoaching, MinConversations: 5}
}

func TestCoachPagesGolden(t *testing.T) {
	pages := renderCoach(t, coachResults(), defaultCoachOptions())
	golden(t, "coach-index.golden.html", pages["index.html"])
	golden(t, "coach-agent.golden.html", pages[AgentFile("Ben Okafor")])
}

func TestCoachAgentPage(t *testing.T) {
	pages := renderCoach(t, coachResults(), defaultCoachOptions())
	if len(pages) != 6 {
		t.Errorf("%d pages, want the index and 5 agents", len(pages))
	}
	ben := string(pages[AgentFile("Ben Okafor")])
	for _, want := range []string{
		"Coaching: Ben Okafor", "rank percentile", "Focus areas",
		fixtureCoaching["resolution"],      // coaching text of a focus area
		fixtureCoaching["no_card_request"], // a critical failure comes first
		"A good example from a colleague",
		`<mark class="plus" title="Greeting: greeting phrase">Hello</mark>`, // the colleague's example
		"Conversations to review together",
		">team average ", ">their mean from ", // chart notes in words
		`<span class="muted">team average `, // a focus area against the team
	} {
		if !strings.Contains(ben, strings.ReplaceAll(want, "'", "&#39;")) {
			t.Errorf("Ben's page lacks %q", want)
		}
	}
	if regexp.MustCompile(`n=\d`).MatchString(ben) {
		t.Error("Ben's page says n=, not in words how many conversations")
	}
	// Every excerpt of a focus area is from Ben's own conversations.
	own := map[string]bool{}
	for _, r := range coachResults() {
		if r.Agent == "Ben Okafor" {
			own[r.ID] = true
		}
	}
	focus := ben[strings.Index(ben, `id="focus"`):strings.Index(ben, `id="review"`)]
	for _, part := range strings.Split(focus, "<h4>A good example from a colleague</h4>")[:1] {
		for _, m := range regexp.MustCompile(`data-conversation="([^"]+)"`).FindAllStringSubmatch(part, -1) {
			if !own[m[1]] {
				t.Errorf("focus excerpt from %s, not one of Ben's conversations", m[1])
			}
		}
	}

	ana := string(pages[AgentFile("Ana Souza")])
	if !strings.Contains(ana, `<div class="card strength"><h3>Greeting`) {
		t.Error("Ana, who always greets, has no greeting strength")
	}
	eve := string(pages[AgentFile("Eve Newman")])
	if !strings.Contains(eve, "too few conversations to judge") || strings.Contains(eve, "ranked agents") {
		t.Error("Eve, with 2 conversations, is judged or ranked")
	}
	index := string(pages["index.html"])
	if !strings.Contains(index, `<a href="`+AgentFile("Eve Newman")+`">Eve Newman</a>`) || !strings.Contains(index, "too few to judge") {
		t.Error("index does not link Eve's page marked too few to judge")
	}
}

// TestCoachUnnamedAgentIsNotAPerson: conversations whose export names no
// agent are counted on the index, but get neither a page nor a rank.
func TestCoachUnnamedAgentIsNotAPerson(t *testing.T) {
	rs := coachResults()
	for i := range 6 {
		rs = append(rs, fixtureResult(200+i, "anon-00"+string(rune('1'+i)), "", "", "chat",
			time.Date(2026, 3, 21, 10+i, 0, 0, 0, time.UTC), 2, ""))
	}
	pages := renderCoach(t, rs, defaultCoachOptions())
	if len(pages) != 6 || pages[AgentFile("(unknown)")] != nil {
		t.Errorf("pages %v, want the index and the 5 named agents", keys(pages))
	}
	index := string(pages["index.html"])
	if !strings.Contains(index, "6 conversations without an agent name") {
		t.Error("the index does not count the conversations without an agent name")
	}
	if strings.Contains(index, "(unknown)") || !strings.Contains(index, `<div class="fig-value">5</div><div class="fig-label">agents</div>`) {
		t.Error("the index lists the conversations without an agent name as an agent")
	}
	if !strings.Contains(string(pages[AgentFile("Dev Patel")]), "compared with 5 agents, 33 conversations") {
		t.Error("the team figures do not cover the unnamed conversations, or count them as an agent")
	}
}

func TestCoachOnlyChosenAgentsButWholeTeam(t *testing.T) {
	opts := defaultCoachOptions()
	opts.Agents = []string{"Dev Patel"}
	pages := renderCoach(t, coachResults(), opts)
	if len(pages) != 2 || pages[AgentFile("Dev Patel")] == nil {
		t.Errorf("pages %v, want the index and Dev Patel's", keys(pages))
	}
	if !strings.Contains(string(pages[AgentFile("Dev Patel")]), "compared with 5 agents, 27 conversations") {
		t.Error("the team figures do not cover every agent")
	}
}

func TestCoachIsDeterministic(t *testing.T) {
	a := renderCoach(t, coachResults(), defaultCoachOptions())
	rs := coachResults()
	for i, j := 0, len(rs)-1; i < j; i, j = i+1, j-1 {
		rs[i], rs[j] = rs[j], rs[i]
	}
	b := renderCoach(t, rs, defaultCoachOptions())
	for name := range a {
		if !bytes.Equal(a[name], b[name]) {
			t.Errorf("%s depends on the order of results", name)
		}
	}
}

func TestAgentFileIsSafe(t *testing.T) {
	seen := map[string]string{}
	for _, name := range []string{"Ana Souza", "ana souza", "../../etc/passwd", "José Núñez", "李雷", "", "<script>", strings.Repeat("x", 300)} {
		f := AgentFile(name)
		if !regexp.MustCompile(`^[a-z0-9-]{1,40}-[0-9a-f]{8}\.html$`).MatchString(f) {
			t.Errorf("AgentFile(%q) = %q", name, f)
		}
		if other, ok := seen[f]; ok {
			t.Errorf("%q and %q share %s", name, other, f)
		}
		seen[f] = name
	}
}

// TestAgentFileTransliterates: accented letters keep their base letter
// ("bjorn-strom-…", not "bj-rn-str-m-…"), and letters that do not decompose
// are spelled out.
func TestAgentFileTransliterates(t *testing.T) {
	for name, prefix := range map[string]string{
		"Björn Ström": "bjorn-strom-", "José Núñez": "jose-nunez-", "Søren Ærø": "soren-aero-",
		"Paweł Łukasz": "pawel-lukasz-", "Straße": "strasse-", "Zoë Çelik": "zoe-celik-",
	} {
		if f := AgentFile(name); !strings.HasPrefix(f, prefix) {
			t.Errorf("AgentFile(%q) = %q, want it to start %q", name, f, prefix)
		}
	}
}

func TestQuantileAndRank(t *testing.T) {
	v := []float64{50, 60, 70, 80, 90}
	if q := quantile(v, 0.25); q != 60 {
		t.Errorf("Q1 %v", q)
	}
	if p := percentBelow(v, 90); p != 100 {
		t.Errorf("top agent at %v%%", p)
	}
	if p := percentBelow(v, 50); p != 0 {
		t.Errorf("bottom agent at %v%%", p)
	}
}

func keys(m map[string][]byte) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestCoachStaysBounded feeds 100,000 results from 250 agents: the coach
// keeps bounded lists per agent, not the results.
func TestCoachStaysBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 results")
	}
	const n = 100000
	c := NewCoach(defaultCoachOptions())
	s, held := feedGenerated(t, c, n)
	if held > 128<<20 {
		t.Errorf("coach holds %d MB after %d results from 250 agents", held>>20, n)
	}
	if err := c.Close(s); err != nil {
		t.Fatal(err)
	}
	size, pages := 0, 0
	err := c.WritePages(func(string) (io.Writer, error) { pages++; return countWriter{&size}, nil })
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("%d results: coach holds %d MB; %d pages, %d bytes in all", n, held>>20, pages, size)
	if pages != 251 {
		t.Errorf("%d pages, want 250 agents and the index", pages)
	}
}

type countWriter struct{ n *int }

func (w countWriter) Write(p []byte) (int, error) { *w.n += len(p); return len(p), nil }

// TestCoachAgentsSortedRegardlessOfCase: the index listed
// "joyce@example.com" after "Tom Becker", where nobody looks for it.
func TestCoachAgentsSortedRegardlessOfCase(t *testing.T) {
	c := NewCoach(defaultCoachOptions())
	for _, name := range []string{"Tom Becker", "joyce@example.com", "Ana Souza", "ana souza"} {
		if err := c.Write(result("c-"+name, name, 70, true, nil)); err != nil {
			t.Fatal(err)
		}
	}
	got := strings.Join(c.Agents(), ", ")
	if want := "Ana Souza, ana souza, joyce@example.com, Tom Becker"; got != want {
		t.Errorf("agents %s, want %s", got, want)
	}
}

// An agent's page gives their mean predicted CSAT against the team's and,
// for their lowest-CSAT conversations, what brought it down in plain
// words; an agent whose results carry none shows "–", not 0.
func TestCoachPredictedCSAT(t *testing.T) {
	rs := coachResults()
	for _, r := range rs {
		if r.Agent == "Eve Newman" {
			r.PredictedCSAT, r.CSATEvidence = nil, nil // results from before predicted CSAT
		}
	}
	pages := renderCoach(t, rs, defaultCoachOptions())
	ben := string(pages[AgentFile("Ben Okafor")])
	for _, want := range []string{
		`<div class="fig-value">2.4 / 5</div><div class="fig-label">predicted CSAT</div><div class="fig-note">mean of 7 of 7; team average 2.7</div>`,
		`<span class="cid">conv-006</span> <b>predicted customer satisfaction <span class="pill bad">1.2 / 5</span></b>`,
		`<li>lowered it: message 4: customer says it is not solved &#34;still not working&#34;</li>`,
		`<li>lowered it: message 2: no agent or bot ever answered the customer &#34;Is anyone there??&#34;</li>`,
	} {
		if !strings.Contains(ben, want) {
			t.Errorf("Ben's page lacks %s", want)
		}
	}
	if n := strings.Count(ben, `<div class="card csat-box">`); n != coachLowCSAT {
		t.Errorf("Ben's page lists %d low-CSAT conversations, want %d", n, coachLowCSAT)
	}
	eve := string(pages[AgentFile("Eve Newman")])
	if !strings.Contains(eve, `<div class="fig-value">–</div><div class="fig-label">predicted CSAT</div>`) || strings.Contains(eve, `id="csat"`) {
		t.Error("an agent without predicted CSAT does not show it as absent")
	}
}
