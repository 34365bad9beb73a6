package reports

import (
	"bufio"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

// DefaultHTMLMax is how many transcripts an HTML report embeds unless told.
const DefaultHTMLMax = 200

// maxAgentRows bounds the agent table; a run with more agents lists those
// with the lowest means and says how many were left out.
const maxAgentRows = 2000

// maxRejectRows bounds the rejects listed on a page.
const maxRejectRows = 50

// negativeEnding is the customer's last-turn sentiment below which a
// conversation counts as ending with an unhappy customer.
const negativeEnding = -0.05

//go:embed html/*.tmpl html/page.css html/page.js
var htmlFiles embed.FS

// pageTemplates holds every page's templates: the report, the coaching
// pages and the pieces they share (head, transcript, tables).
var pageTemplates = template.Must(template.New("").Funcs(template.FuncMap{
	"inputs":     joinInputs,
	"scoreClass": scoreClass,
	"join":       strings.Join,
	"add":        func(a, b int) int { return a + b },
	"count":      count,
	// calibrate.tmpl's
	"fig":          fig,
	"points":       points,
	"signedPoints": signedPoints,
	"ci":           ci,
	"against":      against,
}).ParseFS(htmlFiles, "html/*.tmpl"))

// count says how many of a thing, in the singular or plural the number
// needs: "1 conversation", "2 conversations"; a page reads better than with
// "conversation(s)".
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}

// pageAssets are the inline CSS and script, and the Content-Security-Policy
// that allows exactly them and nothing else: no request leaves the page.
var pageAssets = func() (a struct {
	CSS template.CSS
	JS  template.JS
	CSP string
}) {
	css, _ := htmlFiles.ReadFile("html/page.css")
	js, _ := htmlFiles.ReadFile("html/page.js")
	a.CSS, a.JS = template.CSS(css), template.JS(js)
	a.CSP = fmt.Sprintf("default-src 'none'; style-src '%s'; script-src '%s'; img-src data:; base-uri 'none'; form-action 'none'",
		sha256Source(css), sha256Source(js))
	return a
}()

func sha256Source(b []byte) string {
	sum := sha256.Sum256(b)
	return "sha256-" + base64.StdEncoding.EncodeToString(sum[:])
}

// HTML writes one self-contained HTML page for a QA lead: the run's key
// figures, charts, a sortable agent table and the conversations that need
// attention with their evidence marked. Aggregates cover every
// conversation; only the candidates for the attention lists are kept, in
// bounded heaps, and at most Max transcripts are embedded.
type HTML struct {
	w   io.Writer
	max int
	// MinConversations is how many conversations an agent needs to be
	// judged in the agent table; 0 means MinRankedConversations.
	MinConversations int

	critical, unanswered, lowest, unhappy *topK[*scoring.Result]
	// attention counts every conversation that failed, failed a critical
	// criterion, got no answer or ended with an unhappy customer: the union
	// of the lists. The other counts are each list's total.
	attention, unhappyN, criticalN, unansweredN, failedN int
	teams                                                map[string]string // agent -> first team seen
}

// NewHTML writes to w; max bounds the embedded transcripts (DefaultHTMLMax
// when 0 or less).
func NewHTML(w io.Writer, max int) *HTML {
	if max <= 0 {
		max = DefaultHTMLMax
	}
	return &HTML{w: w, max: max, teams: map[string]string{},
		critical:   newTopK(max, lowerResult),
		unanswered: newTopK(max, lowerResult),
		lowest:     newTopK(max, lowerResult),
		unhappy:    newTopK(max, unhappierResult),
	}
}

// lowerResult ranks lower scores first; ties by id then seq, so that the
// page never depends on the order results came in.
func lowerResult(a, b *scoring.Result) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Seq < b.Seq
}

func unhappierResult(a, b *scoring.Result) bool {
	if la, lb := a.CustomerSentiment.Last, b.CustomerSentiment.Last; la != lb {
		return la < lb
	}
	return lowerResult(a, b)
}

func endsUnhappy(r *scoring.Result) bool {
	return r.CustomerSentiment != nil && r.CustomerSentiment.Turns > 0 && r.CustomerSentiment.Last < negativeEnding
}

// Write implements Writer.
func (h *HTML) Write(r *scoring.Result) error {
	if _, ok := h.teams[orUnknown(r.Agent)]; !ok {
		h.teams[orUnknown(r.Agent)] = r.Team
	}
	unhappy := endsUnhappy(r)
	if r.CriticalFailure || !r.Passed || unhappy {
		h.attention++
	}
	switch {
	case r.CriticalFailure:
		h.criticalN++
		h.critical.add(r)
	case r.Unanswered:
		h.unansweredN++
		h.unanswered.add(r)
	case !r.Passed:
		h.failedN++
		h.lowest.add(r)
	}
	if unhappy {
		h.unhappyN++
		h.unhappy.add(r)
	}
	return nil
}

// Close implements Writer: it renders the page.
func (h *HTML) Close(s *Summary) error {
	p := h.page(s)
	bw := bufio.NewWriterSize(h.w, 64<<10)
	if err := pageTemplates.ExecuteTemplate(bw, "report.tmpl", p); err != nil {
		return fmt.Errorf("html report: %v", err)
	}
	return bw.Flush()
}

// reportPage is what report.tmpl renders.
type reportPage struct {
	Assets      any
	Title       string
	Run         RunInfo
	Figures     []figure
	Charts      []chart
	Criteria    []criterionRow
	Agents      []agentRow
	AgentsLeft  int
	Lists       []attentionList
	Embedded    int
	Attention   int
	LeftOut     int
	Max         int
	Rejected    int
	Rejects     []Reject
	RejectsLeft int
	NoneScored  bool
	Unanswered  int
	// CSAT is the run's mean predicted CSAT, "" when no result has one.
	CSAT string
	// MinConversations is how many conversations an agent needs to be
	// judged; TooFew counts the listed agents with fewer.
	MinConversations, TooFew int
	// Surveys is the survey section, nil without --surveys.
	Surveys *surveyView
}

type figure struct{ Label, Value, Note, Class string }

type chart struct {
	Title, Note string
	SVG         template.HTML
}

type criterionRow struct {
	Name, ID, Mean, FailRate, Applied string
	MeanValue, FailValue              float64
	Critical                          bool
}

type agentRow struct {
	Name, Team, Mean, PassRate, Weakest, CSAT string
	N, Critical, Unanswered                   int
	// CSATValue sorts the column; -1 when no result carried a CSAT.
	MeanValue, PassValue, CSATValue float64
	Class                           string
}

type attentionList struct {
	ID, Title, Note string
	Items           []*convView
	Total           int
	// IDs lists every conversation of the list by id (the unanswered),
	// IDsLeft how many more there were than the summary kept.
	IDs     []string
	IDsLeft int
}

func (h *HTML) page(s *Summary) *reportPage {
	p := &reportPage{Assets: pageAssets, Title: "iqa report", Run: s.Run, Max: h.max, Rejected: s.Rejected, NoneScored: s.Conversations == 0,
		Unanswered: s.Unanswered, Surveys: newSurveyView(s.Surveys)}
	if s.Run.Rubric.Name != "" {
		p.Title = "iqa report · " + s.Run.Rubric.Name
	}
	if m, ok := s.CSAT.Mean(); ok {
		p.CSAT = num(m)
	}
	p.Figures = []figure{
		{Label: "scored", Value: fmt.Sprint(s.Conversations), Note: fmt.Sprintf("%d rejected", s.Rejected)},
		{Label: "passed", Value: pct(s.PassRate()) + "%", Note: fmt.Sprintf("%d of %d", s.Passed, s.Conversations), Class: scoreClass(s.PassRate() * 100)},
		{Label: "critical failures", Value: fmt.Sprint(s.CriticalFailures), Class: badIfAny(s.CriticalFailures)},
		{Label: "mean score", Value: num(s.Mean()), Class: scoreClass(s.Mean())},
		{Label: "median score", Value: num(s.Median()), Class: scoreClass(s.Median())},
		csatFigure(&s.CSAT, s.Conversations),
		{Label: "unanswered", Value: fmt.Sprint(s.Unanswered), Note: "no agent or bot replied", Class: badIfAny(s.Unanswered)},
		{Label: "ended unhappy", Value: fmt.Sprint(h.unhappyN), Note: "customer's last turn negative"},
	}
	if s.Conversations > 0 {
		p.Charts = h.charts(s)
	}
	for _, c := range s.OrderedCriteria() {
		name := c.Name
		if name == "" {
			name = c.ID
		}
		row := criterionRow{Name: name, ID: c.ID, Mean: num(c.Mean()), FailRate: pct(c.FailRate()) + "%",
			Applied: fmt.Sprintf("%d of %d", c.Applicable, c.Applicable+c.NotApplicable), MeanValue: c.Mean(), FailValue: c.FailRate(), Critical: c.Critical}
		if c.Applicable == 0 {
			// Applied to none: no mean, no fail rate, rather than a 0 that
			// reads as the worst score. Sorting puts these last.
			row.Mean, row.FailRate, row.MeanValue, row.FailValue = "–", "–", -1, -1
		}
		p.Criteria = append(p.Criteria, row)
	}
	p.MinConversations = minConversations(h.MinConversations)
	p.Agents, p.AgentsLeft = h.agentRows(s, p.MinConversations)
	for _, a := range p.Agents {
		if a.N < p.MinConversations {
			p.TooFew++
		}
	}
	p.Lists, p.Embedded = h.lists()
	for i := range p.Lists {
		if p.Lists[i].ID == "unanswered" {
			p.Lists[i].IDs, p.Lists[i].IDsLeft = s.UnansweredIDs, s.Unanswered-len(s.UnansweredIDs)
		}
	}
	p.Attention = h.attention
	embeddedAttention := 0
	for _, l := range p.Lists {
		for _, v := range l.Items {
			if !v.Passed || v.Critical || v.Unhappy {
				embeddedAttention++
			}
		}
	}
	p.LeftOut = max(h.attention-embeddedAttention, 0)
	p.Rejects = s.Rejects[:min(len(s.Rejects), maxRejectRows)]
	p.RejectsLeft = s.Rejected - len(p.Rejects)
	return p
}

func (h *HTML) charts(s *Summary) []chart {
	var out []chart
	labels := []string{"0–9", "10–19", "20–29", "30–39", "40–49", "50–59", "60–69", "70–79", "80–89", "90–100"}
	b := s.Buckets()
	out = append(out, chart{Title: "Score distribution", Note: "conversations per score band", SVG: columnsSVG("Score distribution", labels, b[:])})

	var rows []barRow
	for _, c := range s.OrderedCriteria() {
		name := c.Name
		if name == "" {
			name = c.ID
		}
		if c.Critical {
			name = "⚑ " + name
		}
		if c.Applicable == 0 {
			continue // applied to no conversation: no bar, rather than one at 0
		}
		rows = append(rows, barRow{Label: name, Value: c.Mean(), Class: scoreClass(c.Mean()),
			Note: pct(c.FailRate()) + "% failed", Sub: "of " + count(c.Applicable, "conversation")})
	}
	if len(rows) > 0 {
		out = append(out, chart{Title: "Criteria", Note: "mean score where the criterion applied, and how often it failed (⚑ critical)",
			SVG: barsSVG("Criterion means and fail rates", rows, "")})
	}

	rows = nil
	for _, c := range Sorted(s.Channels) {
		rows = append(rows, barRow{Label: c.Name, Value: c.Mean(), Class: scoreClass(c.Mean()),
			Note: pct(c.PassRate()) + "% passed", Sub: "of " + count(c.Conversations, "conversation")})
	}
	if len(rows) > 1 {
		out = append(out, chart{Title: "Channels", Note: "mean score and pass rate per channel", SVG: barsSVG("Mean score per channel", rows, "")})
	}

	if pts, unit := trend(s.Days); len(pts) > 1 {
		out = append(out, chart{Title: "Trend by " + unit, Note: "mean score per " + unit + " (UTC)", SVG: trendSVG("Mean score by "+unit, pts, unit)})
	}
	return out
}

// trend turns per-day figures into points: by day, or by ISO week when the
// days span more than 60 days.
func trend(days map[string]*GroupStats) ([]trendPoint, string) {
	ds := Sorted(days)
	if len(ds) == 0 {
		return nil, "day"
	}
	first, _ := time.Parse("2006-01-02", ds[0].Name)
	last, _ := time.Parse("2006-01-02", ds[len(ds)-1].Name)
	if last.Sub(first) <= 60*24*time.Hour {
		pts := make([]trendPoint, len(ds))
		for i, d := range ds {
			day, _ := time.Parse("2006-01-02", d.Name)
			pts[i] = trendPoint{Label: d.Name, Mean: d.Mean(), N: d.Conversations, Period: dayPeriod(day)}
		}
		return pts, "day"
	}
	return weekly(ds), "week"
}

// weekly sums days (sorted by date) into ISO weeks.
func weekly(days []*GroupStats) []trendPoint {
	var pts []trendPoint
	var tenths int64
	flush := func() {
		if n := len(pts); n > 0 && pts[n-1].N > 0 {
			pts[n-1].Mean = meanTenths(tenths, pts[n-1].N)
		}
	}
	for _, d := range days {
		day, err := time.Parse("2006-01-02", d.Name)
		if err != nil {
			continue
		}
		y, w := day.ISOWeek()
		label := fmt.Sprintf("%d-W%02d", y, w)
		if len(pts) == 0 || pts[len(pts)-1].Label != label {
			flush()
			pts = append(pts, trendPoint{Label: label, Period: weekPeriod(day)})
			tenths = 0
		}
		pts[len(pts)-1].N += d.Conversations
		tenths += d.ScoreTenths
	}
	flush()
	return pts
}

// minConversations is n, or MinRankedConversations when n is not set.
func minConversations(n int) int {
	if n < 1 {
		return MinRankedConversations
	}
	return n
}

func (h *HTML) agentRows(s *Summary, min int) ([]agentRow, int) {
	ranked := s.RankedAgents()
	left := max(len(ranked)-maxAgentRows, 0)
	ranked = ranked[:len(ranked)-left]
	crits := s.OrderedCriteria()
	rows := make([]agentRow, 0, len(ranked))
	for _, a := range ranked {
		row := agentRow{Name: a.Name, Team: h.teams[a.Name], N: a.Conversations, Mean: num(a.Mean()), MeanValue: a.Mean(),
			PassRate: pct(a.PassRate()) + "%", PassValue: a.PassRate(), Critical: a.CriticalFailures, Class: scoreClass(a.Mean()),
			CSAT: "–", CSATValue: -1, Unanswered: a.Unanswered}
		if m, ok := a.CSAT.Mean(); ok {
			row.CSAT, row.CSATValue = num(m), m
		}
		// The weakest criterion is the one furthest below the whole run's mean.
		worst := 0.0
		for _, c := range crits {
			if m, ok := a.CriterionMean(c.ID); ok && m-c.Mean() < worst {
				worst = m - c.Mean()
				row.Weakest = fmt.Sprintf("%s (%s vs %s)", orID(c), num(m), num(c.Mean()))
			}
		}
		if row.Weakest == "" {
			row.Weakest = "–"
		}
		if a.Conversations < min {
			// Listed for the record, not judged: one conversation says
			// little, and the coaching pages do not rank such an agent.
			row.Class, row.Weakest = "", fmt.Sprintf("too few conversations to judge (fewer than %d)", min)
		}
		rows = append(rows, row)
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Name < rows[j].Name })
	return rows, left
}

func orID(c *CriterionStats) string {
	if c.Name != "" {
		return c.Name
	}
	return c.ID
}

// lists picks the conversations to embed: in turn from each list (critical
// failures, lowest scores, unhappy endings), each conversation once, until
// max are chosen, so that no list crowds out the others.
func (h *HTML) lists() ([]attentionList, int) {
	defs := []struct {
		id, title, note, why string
		from                 []*scoring.Result
		total                int
	}{
		{"critical", "Critical failures", "a critical criterion failed, so the conversation scored 0", "critical", h.critical.sorted(), h.criticalN},
		{"unanswered", "Unanswered", "the customer wrote and no agent or bot replied: scored 0, and no criterion applies", "unanswered", h.unanswered.sorted(), h.unansweredN},
		{"lowest", "Lowest scores", "conversations that failed without a critical failure, lowest first", "lowest", h.lowest.sorted(), h.failedN},
		{"unhappy", "Ended with an unhappy customer", fmt.Sprintf("the customer's last message was negative (sentiment below %v)", negativeEnding), "unhappy", h.unhappy.sorted(), h.unhappyN},
	}
	lists := make([]attentionList, len(defs))
	for i, d := range defs {
		lists[i] = attentionList{ID: d.id, Title: d.title, Note: d.note, Total: d.total}
	}
	chosen := map[string]bool{}
	next := make([]int, len(defs))
	n := 0
	for n < h.max {
		progressed := false
		for i, d := range defs {
			for next[i] < len(d.from) {
				r := d.from[next[i]]
				next[i]++
				key := anchorOf(r)
				if chosen[key] {
					continue
				}
				chosen[key] = true
				lists[i].Items = append(lists[i].Items, viewOf(r, d.why))
				n++
				progressed = true
				break
			}
			if n >= h.max {
				break
			}
		}
		if !progressed {
			break
		}
	}
	return lists, n
}

// csatFigure is the run's mean predicted CSAT, "–" when no result
// carries one (older results files).
func csatFigure(c *CSATStats, conversations int) figure {
	f := figure{Label: "predicted CSAT", Value: "–", Note: "no result carries one"}
	if m, ok := c.Mean(); ok {
		f.Value, f.Note, f.Class = num(m)+" / 5", fmt.Sprintf("mean of %d of %d", c.N, conversations), csatClass(m)
	}
	return f
}

// csatClass colours a 1-5 CSAT: 4 and up good, 3 and up fair.
func csatClass(v float64) string {
	switch {
	case v >= 4:
		return "good"
	case v >= 3:
		return "warn"
	}
	return "bad"
}

// badIfAny colours a count that should be zero.
func badIfAny(n int) string {
	if n > 0 {
		return "bad"
	}
	return "good"
}

// joinInputs is the inputs line of a run, shortened when there are many.
func joinInputs(in []string) string {
	if len(in) > 10 {
		return strings.Join(in[:10], ", ") + fmt.Sprintf(" and %d more", len(in)-10)
	}
	return strings.Join(in, ", ")
}
