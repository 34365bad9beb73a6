package reports

import (
	"cmp"
	"fmt"
	"math"
	"os"
	"slices"
	"strings"

	"github.com/iqa-cli/iqa/scoring"
)

// DiffSchema names the version of the `iqa diff --json` object.
const DiffSchema = "iqa.diff/v1"

// The bootstrap behind the mean delta's 95% interval: a fixed number of
// resamples and a seed, so that the same inputs give the same interval.
const (
	DiffResamples   = 2000
	DefaultDiffSeed = 1
)

// diffDetailed is how many newly failing conversations keep their
// criteria's reasons and evidence, before and after (the worst first);
// the others are listed with the criteria responsible only. It bounds what
// a diff of two large runs holds.
const diffDetailed = 50

// A DiffSource is one side of a diff: a run's results. Read may be called
// more than once, and reads the run from its start each time (the diff
// reads the baseline again for the evidence of conversations that newly
// fail). Results files are one source; the history store is another.
type DiffSource interface {
	// Name says what the source is in messages: "base.jsonl", "run 42".
	Name() string
	// Read calls onResult for every result, in run order, and returns the
	// run's description.
	Read(onResult func(*scoring.Result) error) (RunInfo, error)
}

// ResultsFiles are results files written by `iqa score --json`: one run,
// or the shards of one run.
type ResultsFiles []string

// Name implements DiffSource.
func (f ResultsFiles) Name() string { return strings.Join(f, ", ") }

// Read implements DiffSource: the files are opened on every call and
// merged as `iqa report` merges shards.
func (f ResultsFiles) Read(onResult func(*scoring.Result) error) (RunInfo, error) {
	var files []ResultsFile
	for _, name := range f {
		r, err := os.Open(name)
		if err != nil {
			if pe, ok := err.(*os.PathError); ok {
				err = pe.Err
			}
			return RunInfo{}, fmt.Errorf("%s: %v", name, err)
		}
		defer r.Close()
		files = append(files, ResultsFile{Name: name, R: r})
	}
	sum := NewSummary(RunInfo{})
	err := MergeResults(files, sum, onResult)
	return sum.Run, err
}

// DiffOptions say how two runs are compared.
type DiffOptions struct {
	// MinDelta is the smallest score change, in points, that counts as
	// improved or regressed; smaller ones are unchanged.
	MinDelta float64
	// AllowRubricChange compares runs scored with different rubrics
	// (name, version or hash); without it that is an error.
	AllowRubricChange bool
	// Seed seeds the bootstrap (DefaultDiffSeed when 0).
	Seed uint64
	// PredictedCSAT reads a result's predicted CSAT, when results carry
	// one; nil when they do not. Its mean delta is shown when both runs
	// have it.
	PredictedCSAT func(*scoring.Result) (float64, bool)
}

// Diff is the comparison of a current run with a baseline, matched by
// conversation id.
//
// Its JSON form is the `--json` object (schema iqa.diff/v1, written by
// WriteDiffJSON); fields keep their meaning across versions.
type Diff struct {
	Baseline      DiffRun `json:"baseline"`
	Current       DiffRun `json:"current"`
	RubricChanged bool    `json:"rubric_changed"`
	MinDelta      float64 `json:"min_delta"`
	// Matched conversations are in both runs; each is improved, regressed
	// or unchanged.
	Matched   int `json:"matched"`
	Improved  int `json:"improved"`
	Regressed int `json:"regressed"`
	Unchanged int `json:"unchanged"`
	// Added are only in the current run, Removed only in the baseline (ids,
	// in run order).
	Added   []string `json:"added"`
	Removed []string `json:"removed"`
	// MeanDelta is the mean of current minus baseline score over matched
	// conversations, with a paired bootstrap 95% interval [CILow, CIHigh]
	// of Resamples resamples seeded with Seed.
	MeanDelta float64 `json:"mean_delta"`
	CILow     float64 `json:"ci95_low"`
	CIHigh    float64 `json:"ci95_high"`
	Resamples int     `json:"bootstrap_resamples"`
	Seed      uint64  `json:"bootstrap_seed"`
	// CSATDelta is the change of mean predicted CSAT, when both runs have it.
	CSATDelta *float64 `json:"predicted_csat_delta,omitempty"`
	// Criteria in the current rubric's order, then those only the
	// baseline had.
	Criteria []CriterionDiff `json:"criteria"`
	// Changes are the matched conversations that improved or regressed,
	// the worst regression first and the best improvement last.
	Changes []ConversationChange `json:"changes"`
	// NewlyFailing passed in the baseline and not now, worst first; the
	// first diffDetailed carry their criteria's reasons and evidence.
	NewlyFailing []NewFailure `json:"newly_failing"`
	NewlyPassing int          `json:"newly_passing"`
	// Gates are the gates' verdicts, when the caller checked them.
	Gates []GateResult `json:"gates"`
}

// DiffRun describes one side.
type DiffRun struct {
	Name          string            `json:"name"`
	Inputs        []string          `json:"inputs"`
	Rubric        scoring.RubricRef `json:"rubric"`
	Conversations int               `json:"conversations"`
	Passed        int               `json:"passed"`
	Mean          float64           `json:"mean"`
	CSAT          *float64          `json:"predicted_csat,omitempty"`
}

// CriterionDiff is one criterion's change over matched conversations it
// applied to in both runs.
type CriterionDiff struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Critical bool   `json:"critical,omitempty"`
	// Only is "baseline" or "current" for a criterion one rubric lacks.
	Only         string   `json:"only_in,omitempty"`
	Compared     int      `json:"compared"`
	BaselineMean float64  `json:"baseline_mean"`
	CurrentMean  float64  `json:"current_mean"`
	Delta        float64  `json:"mean_delta"`
	PassToFail   []string `json:"pass_to_fail"`
	FailToPass   []string `json:"fail_to_pass"`

	baseTenths, curTenths int64
}

// ConversationChange is one matched conversation's scores.
type ConversationChange struct {
	ID       string  `json:"id"`
	Agent    string  `json:"agent,omitempty"`
	Channel  string  `json:"channel"`
	Baseline float64 `json:"baseline"`
	Current  float64 `json:"current"`
	Delta    float64 `json:"delta"`
}

// NewFailure is a conversation that passed in the baseline and fails now,
// with the criteria responsible.
type NewFailure struct {
	ConversationChange
	CriticalFailure bool              `json:"critical_failure"`
	Criteria        []CriterionChange `json:"criteria"`
	// Detailed says whether Before and After carry reasons and evidence.
	Detailed bool `json:"detailed"`
}

// CriterionChange is one criterion of a newly failing conversation.
type CriterionChange struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Critical bool     `json:"critical,omitempty"`
	Before   *Outcome `json:"before"`
	After    *Outcome `json:"after"`
}

// Outcome is a criterion's result on one side.
type Outcome struct {
	Score    float64            `json:"score"`
	Status   scoring.Status     `json:"status"`
	Reason   string             `json:"reason,omitempty"`
	Evidence []scoring.Evidence `json:"evidence,omitempty"`
}

// diffSide is what the diff keeps of one conversation on one side: scores
// and statuses, never transcripts or evidence, so that large runs fit.
type diffSide struct {
	score            int // tenths
	passed, critical bool
	criteria         []critOutcome
	csat             float64
	hasCSAT          bool
}

type critOutcome struct {
	id     string // interned: shared by every conversation
	tenths int
	status scoring.Status
}

func (s *diffSide) criterion(id string) *critOutcome {
	for i := range s.criteria {
		if s.criteria[i].id == id {
			return &s.criteria[i]
		}
	}
	return nil
}

type diffEntry struct {
	id, agent, channel string
	base, cur          *diffSide
}

// sideReader reads one side, checking that conversation ids are unique
// and that one rubric scored them all.
type sideReader struct {
	name     string
	rubric   *scoring.RubricRef
	ids      map[string]bool
	order    []string // criterion ids in first-seen order
	run      DiffRun
	sumTen   int64
	csatSum  float64
	csatN    int
	csatFunc func(*scoring.Result) (float64, bool)
}

func (s *sideReader) take(r *scoring.Result, crit map[string]*CriterionDiff) (*diffSide, error) {
	if s.ids[r.ID] {
		return nil, fmt.Errorf("%s: conversation %q is in the run twice; iqa diff matches conversations by id, so ids must be unique", s.name, r.ID)
	}
	s.ids[r.ID] = true
	if s.rubric == nil {
		s.rubric = &r.Rubric
	} else if *s.rubric != r.Rubric {
		return nil, fmt.Errorf("%s: results were scored with different rubrics (%s and %s); compare runs of one rubric", s.name, rubricText(*s.rubric), rubricText(r.Rubric))
	}
	side := &diffSide{score: tenths(r.Score), passed: r.Passed, critical: r.CriticalFailure}
	side.criteria = make([]critOutcome, len(r.Criteria))
	for i, cr := range r.Criteria {
		cd := crit[cr.ID]
		if cd == nil {
			cd = &CriterionDiff{ID: cr.ID, Name: cr.Name, Critical: cr.Critical}
			crit[cr.ID] = cd
		}
		if !slices.Contains(s.order, cr.ID) {
			s.order = append(s.order, cr.ID)
		}
		side.criteria[i] = critOutcome{id: cd.ID, tenths: tenths(cr.Score), status: cr.Status}
	}
	if s.csatFunc != nil {
		if v, ok := s.csatFunc(r); ok {
			side.csat, side.hasCSAT = v, true
			s.csatSum += v
			s.csatN++
		}
	}
	s.run.Conversations++
	if r.Passed {
		s.run.Passed++
	}
	s.sumTen += int64(side.score)
	return side, nil
}

func (s *sideReader) finish(info RunInfo) {
	s.run.Name = s.name
	s.run.Inputs = info.Inputs
	if s.rubric != nil {
		s.run.Rubric = *s.rubric
	} else {
		s.run.Rubric = info.Rubric // a run that scored nothing says its rubric in its run line
	}
	s.run.Mean = round2(meanTenths(s.sumTen, s.run.Conversations))
	if s.csatN > 0 && s.csatN == s.run.Conversations {
		m := s.csatSum / float64(s.csatN)
		s.run.CSAT = &m
	}
}

func rubricText(r scoring.RubricRef) string {
	return fmt.Sprintf("%s %s (%s)", r.Name, r.Version, r.Hash)
}

// Compare reads the baseline, then the current run, and compares them
// conversation by conversation. It reads the baseline a second time only
// when conversations newly fail, for their evidence before. Every error is
// about the input: an unreadable file, a bad line, ids that repeat, or a
// changed rubric without AllowRubricChange.
func Compare(baseline, current DiffSource, opts DiffOptions) (*Diff, error) {
	seed := opts.Seed
	if seed == 0 {
		seed = DefaultDiffSeed
	}
	crit := map[string]*CriterionDiff{}
	entries := map[string]*diffEntry{}
	var baseOrder []*diffEntry
	base := &sideReader{name: "baseline " + baseline.Name(), ids: map[string]bool{}, csatFunc: opts.PredictedCSAT}
	info, err := baseline.Read(func(r *scoring.Result) error {
		side, err := base.take(r, crit)
		if err != nil {
			return err
		}
		e := &diffEntry{id: r.ID, agent: r.Agent, channel: r.Channel, base: side}
		entries[r.ID] = e
		baseOrder = append(baseOrder, e)
		return nil
	})
	if err != nil {
		return nil, err
	}
	base.finish(info)
	base.run.Name = baseline.Name()

	d := &Diff{MinDelta: opts.MinDelta, Resamples: DiffResamples, Seed: seed}
	minTenths := int(math.Round(opts.MinDelta * 10))
	cur := &sideReader{name: "current " + current.Name(), ids: map[string]bool{}, csatFunc: opts.PredictedCSAT}
	var deltas []int32
	var csatDeltaSum float64
	csatPairs := 0
	detailed := newTopK(diffDetailed, worseFailure)
	info, err = current.Read(func(r *scoring.Result) error {
		side, err := cur.take(r, crit)
		if err != nil {
			return err
		}
		e := entries[r.ID]
		if e == nil {
			d.Added = append(d.Added, r.ID)
			return nil
		}
		e.cur, e.agent, e.channel = side, r.Agent, r.Channel
		d.Matched++
		delta := side.score - e.base.score
		deltas = append(deltas, int32(delta))
		change := ConversationChange{ID: r.ID, Agent: r.Agent, Channel: r.Channel,
			Baseline: float64(e.base.score) / 10, Current: float64(side.score) / 10, Delta: float64(delta) / 10}
		switch {
		case delta < 0 && -delta >= minTenths:
			d.Regressed++
			d.Changes = append(d.Changes, change)
		case delta > 0 && delta >= minTenths:
			d.Improved++
			d.Changes = append(d.Changes, change)
		default:
			d.Unchanged++
		}
		if side.hasCSAT && e.base.hasCSAT {
			csatDeltaSum += side.csat - e.base.csat
			csatPairs++
		}
		compareCriteria(crit, r.ID, e.base, side)
		switch {
		case e.base.passed && !side.passed:
			nf := NewFailure{ConversationChange: change, CriticalFailure: side.critical, Criteria: responsible(e.base, r, minTenths)}
			if detailed.admits(nf) {
				nf.Detailed = true
				for i := range nf.Criteria {
					cc := &nf.Criteria[i]
					if cr := r.Criterion(cc.ID); cr != nil {
						cc.After = &Outcome{Score: cr.Score, Status: cr.Status, Reason: cr.Reason, Evidence: cr.Evidence}
					}
				}
				detailed.add(nf)
			}
			d.NewlyFailing = append(d.NewlyFailing, nf)
		case !e.base.passed && side.passed:
			d.NewlyPassing++
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	cur.finish(info)
	cur.run.Name = current.Name()
	d.Baseline, d.Current = base.run, cur.run
	if d.Baseline.Rubric != d.Current.Rubric {
		if !opts.AllowRubricChange {
			return nil, &RubricChangeError{Baseline: d.Baseline.Rubric, Current: d.Current.Rubric}
		}
		d.RubricChanged = true
	}
	for _, e := range baseOrder {
		if e.cur == nil {
			d.Removed = append(d.Removed, e.id)
		}
	}
	if d.Matched > 0 {
		var sum int64
		for _, x := range deltas {
			sum += int64(x)
		}
		d.MeanDelta = round2(float64(sum) / float64(d.Matched) / 10)
		lo, hi := bootstrapMeanCI(deltas, DiffResamples, seed)
		d.CILow, d.CIHigh = round2(lo/10), round2(hi/10)
	}
	if d.Baseline.CSAT != nil && d.Current.CSAT != nil && csatPairs > 0 {
		v := round2(csatDeltaSum / float64(csatPairs))
		d.CSATDelta = &v
	}
	d.Criteria = orderCriteria(crit, base.order, cur.order)
	slices.SortStableFunc(d.Changes, func(a, b ConversationChange) int {
		return cmp.Or(cmp.Compare(a.Delta, b.Delta), strings.Compare(a.ID, b.ID))
	})
	slices.SortStableFunc(d.NewlyFailing, func(a, b NewFailure) int { return compareFailures(a, b) })
	// Only the kept ones carry evidence after; the others drop the flag
	// they were given while they ranked among the worst so far.
	kept := map[string]NewFailure{}
	for _, nf := range detailed.sorted() {
		kept[nf.ID] = nf
	}
	for i := range d.NewlyFailing {
		nf := &d.NewlyFailing[i]
		if k, ok := kept[nf.ID]; ok {
			*nf = k
		} else {
			nf.Detailed = false
			for j := range nf.Criteria {
				nf.Criteria[j].After = outcomeOnly(nf.Criteria[j].After)
			}
		}
	}
	if len(kept) > 0 {
		if err := evidenceBefore(baseline, d.NewlyFailing); err != nil {
			return nil, err
		}
	}
	return d, nil
}

// RubricChangeError says that the runs were scored with different rubrics.
type RubricChangeError struct{ Baseline, Current scoring.RubricRef }

func (e *RubricChangeError) Error() string {
	return fmt.Sprintf("the rubric changed: baseline %s, current %s; scores are not comparable as they stand", rubricText(e.Baseline), rubricText(e.Current))
}

// Hint implements the hint cmd prints under the error.
func (e *RubricChangeError) Hint() string {
	return "pass --allow-rubric-change to compare them anyway (the change is shown)"
}

func outcomeOnly(o *Outcome) *Outcome {
	if o == nil {
		return nil
	}
	return &Outcome{Score: o.Score, Status: o.Status}
}

func compareFailures(a, b NewFailure) int {
	return cmp.Or(cmp.Compare(a.Delta, b.Delta), strings.Compare(a.ID, b.ID))
}

func worseFailure(a, b NewFailure) bool { return compareFailures(a, b) < 0 }

// responsible says which criteria made a conversation fail that passed
// before: those that fail now and did not, else (a score that slid under
// the pass mark) those whose score fell by at least the minimum delta.
// Their outcomes before and after are filled, without evidence.
func responsible(base *diffSide, r *scoring.Result, minTenths int) []CriterionChange {
	var out []CriterionChange
	add := func(cr *scoring.CriterionResult) {
		cc := CriterionChange{ID: cr.ID, Name: cr.Name, Critical: cr.Critical, After: &Outcome{Score: cr.Score, Status: cr.Status}}
		if b := base.criterion(cr.ID); b != nil {
			cc.Before = &Outcome{Score: float64(b.tenths) / 10, Status: b.status}
		}
		out = append(out, cc)
	}
	for i := range r.Criteria {
		cr := &r.Criteria[i]
		if b := base.criterion(cr.ID); cr.Status == scoring.Fail && (b == nil || b.status != scoring.Fail) {
			add(cr)
		}
	}
	if len(out) > 0 {
		return out
	}
	for i := range r.Criteria {
		cr := &r.Criteria[i]
		if b := base.criterion(cr.ID); b != nil && b.status != scoring.NotApplicable && cr.Status != scoring.NotApplicable &&
			b.tenths-tenths(cr.Score) >= max(minTenths, 1) {
			add(cr)
		}
	}
	return out
}

// compareCriteria adds one matched conversation to every criterion's
// figures: means over conversations it applied to in both runs, and flips.
func compareCriteria(crit map[string]*CriterionDiff, id string, base, cur *diffSide) {
	for _, c := range cur.criteria {
		b := base.criterion(c.id)
		if b == nil || b.status == scoring.NotApplicable || c.status == scoring.NotApplicable {
			continue
		}
		cd := crit[c.id]
		cd.Compared++
		cd.baseTenths += int64(b.tenths)
		cd.curTenths += int64(c.tenths)
		switch {
		case b.status == scoring.Pass && c.status == scoring.Fail:
			cd.PassToFail = append(cd.PassToFail, id)
		case b.status == scoring.Fail && c.status == scoring.Pass:
			cd.FailToPass = append(cd.FailToPass, id)
		}
	}
}

func orderCriteria(crit map[string]*CriterionDiff, baseOrder, curOrder []string) []CriterionDiff {
	var out []CriterionDiff
	add := func(id, only string) {
		cd := *crit[id]
		cd.Only = only
		if cd.Compared > 0 {
			cd.BaselineMean = round2(meanTenths(cd.baseTenths, cd.Compared))
			cd.CurrentMean = round2(meanTenths(cd.curTenths, cd.Compared))
			cd.Delta = round2(float64(cd.curTenths-cd.baseTenths) / float64(cd.Compared) / 10)
		}
		out = append(out, cd)
	}
	for _, id := range curOrder {
		only := ""
		if !slices.Contains(baseOrder, id) {
			only = "current"
		}
		add(id, only)
	}
	for _, id := range baseOrder {
		if !slices.Contains(curOrder, id) {
			add(id, "baseline")
		}
	}
	return out
}

// evidenceBefore reads the baseline again and fills the reasons and
// evidence before of the detailed newly failing conversations.
func evidenceBefore(baseline DiffSource, failing []NewFailure) error {
	want := map[string]*NewFailure{}
	for i := range failing {
		if failing[i].Detailed {
			want[failing[i].ID] = &failing[i]
		}
	}
	_, err := baseline.Read(func(r *scoring.Result) error {
		nf := want[r.ID]
		if nf == nil {
			return nil
		}
		for i := range nf.Criteria {
			cc := &nf.Criteria[i]
			if cr := r.Criterion(cc.ID); cr != nil {
				cc.Before = &Outcome{Score: cr.Score, Status: cr.Status, Reason: cr.Reason, Evidence: cr.Evidence}
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("baseline %s: read again for evidence: %w", baseline.Name(), err)
	}
	return nil
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }
