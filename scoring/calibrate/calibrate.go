package calibrate

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/iqa-cli/iqa/scoring"
)

// Schema names the version of Report's JSON form.
const Schema = "iqa.calibration/v1"

// An Item is what calibration keeps of one result: its scores and the
// criteria's reasons, not the transcript.
type Item struct {
	ID              string
	Score           float64
	Passed          bool
	CriticalFailure bool
	Unanswered      bool
	PredictedCSAT   *float64
	Criteria        []scoring.CriterionResult
}

// ItemOf keeps what calibration needs of r.
func ItemOf(r *scoring.Result) Item {
	it := Item{ID: r.ID, Score: r.Score, Passed: r.Passed, CriticalFailure: r.CriticalFailure, Unanswered: r.Unanswered, PredictedCSAT: r.PredictedCSAT}
	for _, c := range r.Criteria {
		c.Evidence = nil
		it.Criteria = append(it.Criteria, c)
	}
	return it
}

func (it *Item) criterion(id string) *scoring.CriterionResult {
	for i := range it.Criteria {
		if it.Criteria[i].ID == id {
			return &it.Criteria[i]
		}
	}
	return nil
}

// Options tune Compute.
type Options struct {
	// Criteria are the rubric's criterion ids, in rubric order.
	Criteria []string
	// PassScore and PassMark are the rubric's: a human overall grade (as
	// 0-100) passes at PassScore, a criterion grade at PassMark.
	PassScore, PassMark float64
	// Seed drives the bootstrap and the folds; Reps is the number of
	// bootstrap resamples (default 1000).
	Seed uint64
	Reps int
	// Top is how many disagreements to list (default 10).
	Top int
	// Ungraded counts results left out of items because nobody graded
	// them (see Grades.Has); Compute adds those in items it finds ungraded.
	Ungraded int
}

// Report is the whole calibration: agreement of iqa with the graders, the
// graders with each other, and where they disagree most.
type Report struct {
	Schema     string `json:"schema"`
	GradesFile string `json:"grades_file"`
	Scale      string `json:"scale"`
	// Conversations are those both scored and graded; Grades counts their
	// grades.
	Conversations int `json:"conversations"`
	Grades        int `json:"grades"`
	// UnmatchedIDs are graded conversations with no result (the first
	// few, sorted); Unmatched counts them all. Ungraded counts results
	// nobody graded.
	Unmatched     int            `json:"unmatched"`
	UnmatchedIDs  []string       `json:"unmatched_ids,omitempty"`
	Ungraded      int            `json:"ungraded"`
	Agreement     []Agreement    `json:"agreement"`
	Graders       []Grader       `json:"graders"`
	Humans        *Humans        `json:"humans,omitempty"`
	Disagreements []Disagreement `json:"disagreements"`
	Fit           *Fit           `json:"fit,omitempty"`
}

// Agreement is how one of iqa's figures agrees with the graders. Figures
// are absent (null) when undefined: too few conversations, or one side
// constant.
type Agreement struct {
	// Target is "overall", "predicted_csat" or a criterion id; Against is
	// "overall" when compared with the graders' overall score, or the
	// criterion id when the graders scored that criterion.
	Target   string `json:"target"`
	Against  string `json:"against"`
	N        int    `json:"n"`
	Spearman *F     `json:"spearman"`
	// SpearmanCI is the bootstrap 95% interval.
	SpearmanCI [2]*F `json:"spearman_ci95"`
	KendallTau *F    `json:"kendall_tau_b"`
	// Kappa is quadratic-weighted, iqa's figure put on the graders' scale,
	// over every (grade, conversation) pair.
	Kappa *F `json:"kappa_quadratic"`
	// Alpha is Krippendorff's interval alpha with iqa as one more grader.
	Alpha *F `json:"alpha_interval"`
	// PassAgreement is the share of conversations where iqa and the
	// graders' mean agree on pass or fail.
	PassAgreement *F `json:"pass_agreement"`
}

// Grader is one human grader's figures; scores are on 0-100.
type Grader struct {
	Name   string `json:"name"`
	Grades int    `json:"grades"`
	Mean   *F     `json:"mean"`
	// Leniency is the mean of (this grader − the mean of the others) over
	// the conversations others graded too (Shared); positive is lenient.
	Leniency *F  `json:"leniency"`
	Shared   int `json:"shared"`
	// VsIQA is the mean of (this grader − iqa's overall score).
	VsIQA *F `json:"vs_iqa"`
}

// Humans is the agreement among the graders themselves: the ceiling iqa
// can hope to reach.
type Humans struct {
	Pairs        int `json:"pairs"`
	MeanSpearman *F  `json:"mean_pairwise_spearman"`
	Alpha        *F  `json:"alpha_interval"`
}

// Disagreement is a conversation where iqa and the graders differ most.
type Disagreement struct {
	ID string `json:"id"`
	// HumanMean is on the graders' scale, HumanPercent on 0-100.
	HumanMean    F         `json:"human_mean"`
	HumanPercent F         `json:"human_percent"`
	IQA          F         `json:"iqa"`
	Criteria     []Reasons `json:"criteria"`
}

// Reasons is one criterion's score and reason, iqa's evidence for a
// disagreement.
type Reasons struct {
	ID     string         `json:"id"`
	Score  F              `json:"score"`
	Status scoring.Status `json:"status"`
	Reason string         `json:"reason"`
}

// F is a figure rounded to three decimals in JSON.
type F float64

// MarshalJSON implements json.Marshaler.
func (f F) MarshalJSON() ([]byte, error) {
	return []byte(fmt.Sprintf("%.3f", math.Round(float64(f)*1000)/1000)), nil
}

func opt(v float64, ok bool) *F {
	if !ok || math.IsNaN(v) || math.IsInf(v, 0) {
		return nil
	}
	f := F(v)
	return &f
}

// joined is one conversation with its grades, on 0-100.
type joined struct {
	item   *Item
	grades map[string]float64 // grader → overall, as 0-100
	raw    map[string]float64 // grader → overall, on the scale
	crit   map[string]map[string]float64
	mean   float64 // of grades, 0-100; NaN when only criteria were graded
}

// Compute joins grades to items by conversation id and measures agreement.
// Items are in input order; the report's figures do not depend on it.
func Compute(items []Item, g *Grades, opts Options) (*Report, error) {
	if opts.Reps == 0 {
		opts.Reps = 1000
	}
	if opts.Top == 0 {
		opts.Top = 10
	}
	byID := indexByID(items)
	rep := &Report{Schema: Schema, GradesFile: g.File, Scale: g.Scale.String(), Agreement: []Agreement{}, Graders: []Grader{}, Disagreements: []Disagreement{}}
	conv := map[string]*joined{}
	var order []string
	unmatched := map[string]bool{}
	for _, r := range g.Rows {
		it := byID[r.ID]
		if it == nil {
			unmatched[r.ID] = true
			continue
		}
		j := conv[r.ID]
		if j == nil {
			j = &joined{item: it, grades: map[string]float64{}, raw: map[string]float64{}, crit: map[string]map[string]float64{}}
			conv[r.ID] = j
			order = append(order, r.ID)
		}
		rep.Grades++
		if !math.IsNaN(r.Overall) {
			j.grades[r.Grader] = g.Scale.Percent(r.Overall)
			j.raw[r.Grader] = r.Overall
		}
		for c, v := range r.Criteria {
			if j.crit[c] == nil {
				j.crit[c] = map[string]float64{}
			}
			j.crit[c][r.Grader] = v
		}
	}
	sort.Strings(order) // figures and lists never depend on file order
	js := make([]*joined, len(order))
	for i, id := range order {
		j := conv[id]
		j.mean = meanOf(j.grades)
		js[i] = j
	}
	rep.Conversations = len(js)
	rep.Unmatched = len(unmatched)
	for id := range unmatched {
		rep.UnmatchedIDs = append(rep.UnmatchedIDs, id)
	}
	sort.Strings(rep.UnmatchedIDs)
	if len(rep.UnmatchedIDs) > 5 {
		rep.UnmatchedIDs = rep.UnmatchedIDs[:5]
	}
	rep.Ungraded = opts.Ungraded + len(byID) - len(js)
	if len(g.Rows) == 0 {
		return nil, fmt.Errorf("%s: no grades in it", g.File)
	}
	if len(js) == 0 {
		return nil, fmt.Errorf("%s: no graded conversation is among the results (first grade is for %q); check the ids match", g.File, g.Rows[0].ID)
	}
	graders := gradersOf(g)

	// Overall, predicted CSAT, then each criterion.
	overall := func(j *joined) (float64, bool) { return j.item.Score, true }
	rep.Agreement = append(rep.Agreement, agreeOverall(js, graders, g.Scale, overall, "overall", func(j *joined) bool { return j.item.Passed }, opts))
	csat := func(j *joined) (float64, bool) {
		if j.item.PredictedCSAT == nil {
			return 0, false
		}
		return (*j.item.PredictedCSAT - 1) / 4 * 100, true
	}
	rep.Agreement = append(rep.Agreement, agreeOverall(js, graders, g.Scale, csat, "predicted_csat", func(j *joined) bool {
		v, _ := csat(j)
		return v >= opts.PassScore
	}, opts))
	for _, id := range opts.Criteria {
		score := func(j *joined) (float64, bool) {
			c := j.item.criterion(id)
			if c == nil || c.Status == scoring.NotApplicable {
				return 0, false
			}
			return c.Score, true
		}
		pass := func(j *joined) bool { c := j.item.criterion(id); return c != nil && c.Status == scoring.Pass }
		if s, ok := g.CriterionScale(id); ok {
			rep.Agreement = append(rep.Agreement, agreeCriterion(js, graders, s, id, score, pass, opts))
		} else {
			rep.Agreement = append(rep.Agreement, agreeOverall(js, graders, g.Scale, score, id, pass, opts))
		}
	}
	rep.Graders = leniency(js, graders)
	rep.Humans = humans(js, graders)
	rep.Disagreements = disagreements(js, opts.Top)
	return rep, nil
}

// indexByID finds items by conversation id; the first of an id wins.
func indexByID(items []Item) map[string]*Item {
	byID := map[string]*Item{}
	for i := range items {
		if _, dup := byID[items[i].ID]; !dup {
			byID[items[i].ID] = &items[i]
		}
	}
	return byID
}

func gradersOf(g *Grades) []string {
	seen := map[string]bool{}
	var out []string
	for _, r := range g.Rows {
		if !seen[r.Grader] {
			seen[r.Grader] = true
			out = append(out, r.Grader)
		}
	}
	sort.Strings(out)
	return out
}

func meanOf(m map[string]float64) float64 {
	if len(m) == 0 {
		return math.NaN()
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys) // the same sum, bit for bit, on every run
	s := 0.0
	for _, k := range keys {
		s += m[k]
	}
	return s / float64(len(m))
}

// side is one agreement's data: per conversation iqa's value and the
// graders' values (as 0-100 and on their scale), and pass or fail.
type side struct {
	iqa, human []float64
	units      [][]float64 // graders' values (0-100) then iqa's
	kx, ky     []float64   // pooled pairs on the graders' scale
	passSame   int
}

func agreeOverall(js []*joined, graders []string, scale Scale, value func(*joined) (float64, bool), target string, iqaPass func(*joined) bool, opts Options) Agreement {
	var s side
	for _, j := range js {
		v, ok := value(j)
		if !ok || math.IsNaN(j.mean) {
			continue
		}
		s.add(j, v, j.grades, j.raw, graders, scale, iqaPass(j), j.mean >= passLine(scale, opts.PassScore))
	}
	return s.agreement(target, "overall", opts)
}

func agreeCriterion(js []*joined, graders []string, scale Scale, id string, value func(*joined) (float64, bool), iqaPass func(*joined) bool, opts Options) Agreement {
	var s side
	for _, j := range js {
		v, ok := value(j)
		if !ok || len(j.crit[id]) == 0 {
			continue
		}
		pct := map[string]float64{}
		for g, x := range j.crit[id] {
			pct[g] = scale.Percent(x)
		}
		s.add(j, v, pct, j.crit[id], graders, scale, iqaPass(j), meanOf(pct) >= passLine(scale, opts.PassMark))
	}
	return s.agreement(id, id, opts)
}

// passLine is where a mean grade (0-100) passes: for pass/fail grades, a
// majority; else the rubric's mark.
func passLine(s Scale, mark float64) float64 {
	if s.PassFail {
		return 50
	}
	return mark
}

func (s *side) add(j *joined, v float64, pct, raw map[string]float64, graders []string, scale Scale, iqaPass, humanPass bool) {
	s.iqa = append(s.iqa, v)
	s.human = append(s.human, meanOf(pct))
	row := make([]float64, 0, len(graders)+1)
	for _, g := range graders {
		if x, ok := pct[g]; ok {
			row = append(row, x)
			s.kx = append(s.kx, scale.FromPercent(v))
			s.ky = append(s.ky, raw[g])
		} else {
			row = append(row, Missing)
		}
	}
	s.units = append(s.units, append(row, v))
	if iqaPass == humanPass {
		s.passSame++
	}
}

func (s *side) agreement(target, against string, opts Options) Agreement {
	a := Agreement{Target: target, Against: against, N: len(s.iqa)}
	if a.N == 0 {
		return a
	}
	a.Spearman = opt(Spearman(s.iqa, s.human))
	lo, hi, ok := SpearmanInterval95(s.iqa, s.human, opts.Reps, opts.Seed)
	a.SpearmanCI = [2]*F{opt(lo, ok), opt(hi, ok)}
	a.KendallTau = opt(KendallTauB(s.iqa, s.human))
	a.Kappa = opt(QuadraticKappa(s.kx, s.ky))
	a.Alpha = opt(KrippendorffAlpha(s.units, Interval))
	a.PassAgreement = opt(float64(s.passSame)/float64(a.N), true)
	return a
}

func leniency(js []*joined, graders []string) []Grader {
	out := make([]Grader, 0, len(graders))
	for _, g := range graders {
		var n, shared int
		var sum, off, vsIQA float64
		for _, j := range js {
			x, ok := j.grades[g]
			if !ok {
				continue
			}
			n++
			sum += x
			vsIQA += x - j.item.Score
			if len(j.grades) > 1 {
				others := 0.0
				for _, h := range graders {
					if y, ok := j.grades[h]; ok && h != g {
						others += y
					}
				}
				off += x - others/float64(len(j.grades)-1)
				shared++
			}
		}
		gr := Grader{Name: g, Grades: n, Shared: shared}
		if n > 0 {
			gr.Mean = opt(sum/float64(n), true)
			gr.VsIQA = opt(vsIQA/float64(n), true)
		}
		if shared > 0 {
			gr.Leniency = opt(off/float64(shared), true)
		}
		out = append(out, gr)
	}
	return out
}

// humans is the graders' agreement with each other, when two or more
// graded the same conversations.
func humans(js []*joined, graders []string) *Humans {
	if len(graders) < 2 {
		return nil
	}
	h := &Humans{}
	var sum float64
	for a := 0; a < len(graders); a++ {
		for b := a + 1; b < len(graders); b++ {
			var x, y []float64
			for _, j := range js {
				u, ok1 := j.grades[graders[a]]
				v, ok2 := j.grades[graders[b]]
				if ok1 && ok2 {
					x, y = append(x, u), append(y, v)
				}
			}
			if rho, ok := Spearman(x, y); ok && len(x) >= 3 {
				sum += rho
				h.Pairs++
			}
		}
	}
	if h.Pairs > 0 {
		h.MeanSpearman = opt(sum/float64(h.Pairs), true)
	}
	units := make([][]float64, 0, len(js))
	for _, j := range js {
		row := make([]float64, len(graders))
		for i, g := range graders {
			row[i] = Missing
			if x, ok := j.grades[g]; ok {
				row[i] = x
			}
		}
		units = append(units, row)
	}
	h.Alpha = opt(KrippendorffAlpha(units, Interval))
	if h.Pairs == 0 && h.Alpha == nil {
		return nil
	}
	return h
}

func disagreements(js []*joined, top int) []Disagreement {
	var ds []Disagreement
	for _, j := range js {
		if math.IsNaN(j.mean) {
			continue
		}
		d := Disagreement{ID: j.item.ID, HumanMean: F(meanOf(j.raw)), HumanPercent: F(j.mean), IQA: F(j.item.Score), Criteria: []Reasons{}}
		for _, c := range j.item.Criteria {
			d.Criteria = append(d.Criteria, Reasons{ID: c.ID, Score: F(c.Score), Status: c.Status, Reason: c.Reason})
		}
		ds = append(ds, d)
	}
	gap := func(d Disagreement) float64 { return math.Abs(float64(d.HumanPercent - d.IQA)) }
	slices.SortStableFunc(ds, func(a, b Disagreement) int {
		if ga, gb := gap(a), gap(b); ga != gb {
			if ga > gb {
				return -1
			}
			return 1
		}
		if a.ID < b.ID {
			return -1
		}
		if a.ID > b.ID {
			return 1
		}
		return 0
	})
	if len(ds) > top {
		ds = ds[:top]
	}
	return ds
}
