package reports

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/iqa-cli/iqa/scoring"
)

// SummarySchema names the version of the --summary json object. v2 gives
// every rate as a percentage (0-100), as the gate flags take them, and
// histogram keys as the workbook writes them ("0-9"); v1 gave rates as
// fractions and the key "00-9".
const SummarySchema = "iqa.summary/v2"

// shownInConsole is how many agents and conversations the console lists.
const shownInConsole = 5

// WriteText prints the run's summary for people: aligned columns on a
// terminal, tab-separated columns otherwise, so that piped output is stable
// for tools. Only agents with minimum conversations or more (0 means
// MinRankedConversations) are ranked among the lowest, as everywhere else.
func WriteText(w io.Writer, s *Summary, gates []GateResult, tty bool, minimum int) error {
	var out io.Writer = w
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	if tty {
		out = tw
	}
	p := func(format string, args ...any) { fmt.Fprintf(out, format, args...) }

	r := s.Run.Rubric
	p("rubric\t%s %s (%s)\n", r.Name, r.Version, r.Hash)
	if len(s.Run.Rubrics) > 1 {
		p("rubrics\tMIXED: %s\n", mixedRubrics(s.Run.Rubrics))
	}
	if s.Run.Filters != "" {
		p("filters\t%s\n", s.Run.Filters)
	}
	p("conversations\t%d scored, %d rejected\n", s.Conversations, s.Rejected)
	if s.Conversations == 0 {
		p("\nno conversation was scored\n")
		return tw.Flush()
	}
	p("passed\t%d (%s%%)\n", s.Passed, pct(s.PassRate()))
	p("critical failures\t%d\n", s.CriticalFailures)
	p("unanswered\t%s\n", unansweredLine(s))
	p("score\tmean %s, median %s\n", num(s.Mean()), num(s.Median()))
	p("predicted csat\t%s\n", csatLine(&s.CSAT, s.Conversations))

	p("\ncriterion\tmean\tfail rate\tapplied\n")
	for _, c := range s.OrderedCriteria() {
		name := c.ID
		if c.Critical {
			name += " (critical)"
		}
		// A criterion that applied to no conversation has no mean and no
		// fail rate, rather than a mean of 0.
		mean, failRate := "-", "-"
		if c.Applicable > 0 {
			mean, failRate = num(c.Mean()), pct(c.FailRate())+"%"
		}
		p("%s\t%s\t%s\t%d of %d\n", name, mean, failRate, c.Applicable, c.Applicable+c.NotApplicable)
	}

	minimum = minConversations(minimum)
	var agents []*GroupStats
	tooFew := 0
	for _, a := range s.RankedAgents() {
		if a.Conversations >= minimum {
			agents = append(agents, a)
		} else {
			tooFew++
		}
	}
	p("\nlowest agents\tconversations\tmean\tpass rate\tcsat\n")
	for _, a := range agents[:min(len(agents), shownInConsole)] {
		p("%s\t%d\t%s\t%s%%\t%s\n", a.Name, a.Conversations, num(a.Mean()), pct(a.PassRate()), csatOf(&a.CSAT))
	}
	if tooFew > 0 {
		p("(%s with fewer than %d conversations not ranked)\n", count(tooFew, "agent"), minimum)
	}

	p("\nlowest conversations\tagent\tchannel\tscore\n")
	for _, b := range s.Lowest[:min(len(s.Lowest), shownInConsole)] {
		score := num(b.Score)
		switch {
		case b.Critical:
			score += " critical"
		case b.Unanswered:
			score += " unanswered"
		}
		p("%s\t%s\t%s\t%s\n", b.ID, orUnknown(b.Agent), b.Channel, score)
	}
	if s.Surveys != nil {
		writeSurveysText(p, s.Surveys)
	}
	if s.FCR != nil {
		writeFCRText(p, s.FCR)
	}
	if len(gates) > 0 {
		p("\ngate\tresult\n")
		for _, g := range gates {
			verdict := "passed"
			if !g.Passed {
				verdict = "FAILED"
			}
			p("%s\t%s: %s\n", g.Name, verdict, g.Message)
		}
	}
	return tw.Flush()
}

// unansweredLine is the count of unanswered conversations and the first
// of their ids.
func unansweredLine(s *Summary) string {
	if s.Unanswered == 0 {
		return "0"
	}
	ids := s.UnansweredIDs[:min(len(s.UnansweredIDs), shownInConsole)]
	line := fmt.Sprintf("%d: %s", s.Unanswered, strings.Join(ids, ", "))
	if more := s.Unanswered - len(ids); more > 0 {
		line += fmt.Sprintf(" and %d more", more)
	}
	return line
}

// csatLine is the mean predicted CSAT, how many results carried one, and
// the 1-5 distribution.
func csatLine(c *CSATStats, conversations int) string {
	mean, ok := c.Mean()
	if !ok {
		return "- (no result carries one)"
	}
	var parts []string
	for i, n := range c.Buckets {
		parts = append(parts, fmt.Sprintf("%d: %d", i+1, n))
	}
	return fmt.Sprintf("mean %s / 5 over %d of %d; %s", num(mean), c.N, conversations, strings.Join(parts, ", "))
}

// csatOf is a group's mean predicted CSAT, or "-" when none carried one.
func csatOf(c *CSATStats) string {
	if mean, ok := c.Mean(); ok {
		return num(mean)
	}
	return "-"
}

// mixedRubrics names every rubric of a merge of mixed results.
func mixedRubrics(list []scoring.RubricRef) string {
	var parts []string
	for _, r := range list {
		parts = append(parts, fmt.Sprintf("%s %s (%s)", r.Name, r.Version, r.Hash))
	}
	return strings.Join(parts, ", ")
}

func num(f float64) string { return formatNumber(round1(f)) }
func pct(f float64) string { return formatNumber(round1(f * 100)) }

// summaryJSON is the --summary json object. Its fields keep their meaning
// and units within a schema version; new ones may be added. Rates are
// percentages (0-100, one decimal), like --max-fail-rate.
type summaryJSON struct {
	Schema           string  `json:"schema"`
	Run              RunInfo `json:"run"`
	Conversations    int     `json:"conversations"`
	Rejected         int     `json:"rejected"`
	Passed           int     `json:"passed"`
	PassRate         float64 `json:"pass_rate"`
	CriticalFailures int     `json:"critical_failures"`
	// Unanswered counts conversations no agent or bot answered;
	// UnansweredIDs lists them by id (the first UnansweredKept).
	Unanswered          int             `json:"unanswered"`
	UnansweredIDs       []string        `json:"unanswered_ids"`
	UnansweredTruncated bool            `json:"unanswered_ids_truncated,omitempty"`
	PredictedCSAT       csatJSON        `json:"predicted_csat"`
	Mean                float64         `json:"mean"`
	Median              float64         `json:"median"`
	Criteria            []criterionJSON `json:"criteria"`
	Agents              []groupJSON     `json:"agents"`
	Channels            []groupJSON     `json:"channels"`
	Lowest              []Brief         `json:"lowest"`
	Gates               []GateResult    `json:"gates"`
	Histogram           map[string]int  `json:"histogram"`
	Surveys             *SurveyStats    `json:"surveys,omitempty"`
	FCR                 *fcrJSON        `json:"fcr,omitempty"`
}

type criterionJSON struct {
	ID            string  `json:"id"`
	Name          string  `json:"name"`
	Critical      bool    `json:"critical"`
	Mean          float64 `json:"mean"`
	FailRate      float64 `json:"fail_rate"`
	Applicable    int     `json:"applicable"`
	Failed        int     `json:"failed"`
	NotApplicable int     `json:"not_applicable"`
}

type groupJSON struct {
	Name             string  `json:"name"`
	Conversations    int     `json:"conversations"`
	Mean             float64 `json:"mean"`
	PassRate         float64 `json:"pass_rate"`
	CriticalFailures int     `json:"critical_failures"`
	Unanswered       int     `json:"unanswered"`
	// PredictedCSAT is the mean over the group's results that carry one;
	// absent when none does.
	PredictedCSAT *float64 `json:"predicted_csat,omitempty"`
}

// csatJSON is the run's predicted CSAT: the mean (null when no result
// carries one), over how many conversations, and how many round to each
// point of the 1-5 scale.
type csatJSON struct {
	Mean          *float64       `json:"mean"`
	Conversations int            `json:"conversations"`
	Distribution  map[string]int `json:"distribution"`
}

func groupOf(g *GroupStats) groupJSON {
	out := groupJSON{Name: g.Name, Conversations: g.Conversations, Mean: round1(g.Mean()), PassRate: percent(g.PassRate()),
		CriticalFailures: g.CriticalFailures, Unanswered: g.Unanswered}
	if m, ok := g.CSAT.Mean(); ok {
		out.PredictedCSAT = ptr(round1(m))
	}
	return out
}

// WriteJSON prints the run's summary as one JSON object for machines.
func WriteJSON(w io.Writer, s *Summary, gates []GateResult) error {
	out := summaryJSON{
		Schema: SummarySchema, Run: s.Run, Conversations: s.Conversations, Rejected: s.Rejected,
		Passed: s.Passed, PassRate: percent(s.PassRate()), CriticalFailures: s.CriticalFailures,
		Mean: round1(s.Mean()), Median: s.Median(), Lowest: s.Lowest[:min(len(s.Lowest), 10)], Gates: gates,
		Criteria: []criterionJSON{}, Agents: []groupJSON{}, Channels: []groupJSON{}, Histogram: map[string]int{},
		Unanswered: s.Unanswered, UnansweredIDs: s.UnansweredIDs, UnansweredTruncated: s.UnansweredTruncated,
		PredictedCSAT: csatJSON{Conversations: s.CSAT.N, Distribution: map[string]int{}}, Surveys: s.Surveys,
		FCR: fcrOf(s.FCR),
	}
	if out.UnansweredIDs == nil {
		out.UnansweredIDs = []string{}
	}
	if m, ok := s.CSAT.Mean(); ok {
		out.PredictedCSAT.Mean = ptr(round1(m))
	}
	for i, n := range s.CSAT.Buckets {
		out.PredictedCSAT.Distribution[fmt.Sprint(i+1)] = n
	}
	if out.Lowest == nil {
		out.Lowest = []Brief{}
	}
	if out.Gates == nil {
		out.Gates = []GateResult{}
	}
	for _, c := range s.OrderedCriteria() {
		out.Criteria = append(out.Criteria, criterionJSON{ID: c.ID, Name: c.Name, Critical: c.Critical, Mean: round1(c.Mean()),
			FailRate: percent(c.FailRate()), Applicable: c.Applicable, Failed: c.Failed, NotApplicable: c.NotApplicable})
	}
	for _, a := range s.RankedAgents() {
		out.Agents = append(out.Agents, groupOf(a))
	}
	for _, c := range Sorted(s.Channels) {
		out.Channels = append(out.Channels, groupOf(c))
	}
	for i, n := range s.Buckets() {
		out.Histogram[fmt.Sprintf("%d-%d", i*10, i*10+9+boolInt(i == 9))] = n
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}

// percent is a share (0-1) as a percentage with one decimal: 83.3, as the
// gates and the console say it.
func percent(f float64) float64 { return round1(f * 100) }

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}
