package reports

import (
	"math"
	"sort"

	"github.com/iqa-cli/iqa/scoring"
)

// LowestKept is how many of the lowest-scoring conversations a summary
// keeps for "needs attention" lists.
const LowestKept = 200

// Summary aggregates a run: counts, score distribution, and figures per
// criterion, agent, channel and day. Summaries of shards merge into the
// summary of the whole, exactly: scores are rounded to 0.1, so the
// histogram holds every score and the median is exact.
type Summary struct {
	Run              RunInfo
	Conversations    int
	Passed           int
	CriticalFailures int
	// Sums are kept in integer tenths (scores are rounded to 0.1), so that
	// merged shards give exactly the figures of a single run.
	ScoreTenths int64
	// Histogram counts scores by tenths: Histogram[i] is score i/10.
	Histogram [1001]int
	// Criteria in rubric order, and by id.
	CriterionOrder []string
	Criteria       map[string]*CriterionStats
	Agents         map[string]*GroupStats
	Teams          map[string]*GroupStats
	Channels       map[string]*GroupStats
	// Days by start date (YYYY-MM-DD, UTC); conversations without a start
	// time are not counted here.
	Days map[string]*GroupStats
	// Lowest are the LowestKept lowest-scoring conversations, lowest first
	// (ties by id).
	Lowest []Brief
	// Rejected counts input records that were not scored; Rejects lists
	// them (up to a bound, said in RejectsTruncated).
	Rejected         int
	Rejects          []Reject
	RejectsTruncated bool
	// CSAT aggregates the predicted customer satisfaction (1.0-5.0, one
	// decimal) of the results that carry one; results without it (older
	// results files, a customer who never wrote) are left out, never
	// counted as 0.
	CSAT CSATStats
	// Unanswered counts conversations where the customer wrote and no
	// agent or bot replied; UnansweredIDs lists the first UnansweredKept
	// of them by id (UnansweredTruncated says when there were more).
	// UnansweredTenths and UnansweredPassed are their share of ScoreTenths
	// and Passed, so that gates can leave them out exactly.
	Unanswered          int
	UnansweredIDs       []string
	UnansweredTruncated bool
	UnansweredTenths    int64
	UnansweredPassed    int
	// Surveys sets survey responses beside the scores (--surveys); nil
	// without them. Merging leaves it out: the join is made again.
	Surveys *SurveyStats
	// FCR is first contact resolution and the run's re-contacts, found
	// when the run ends (see Recontacts); nil when not asked for. Merging
	// leaves it out: it is found again from the results.
	FCR *FCRStats
}

// UnansweredKept is how many unanswered conversations' ids a summary lists.
const UnansweredKept = 1000

// CSATStats aggregates predicted CSAT: a sum in tenths (the values have
// one decimal, so merged shards give exactly a single run's mean), how
// many results carried one, and how many round to 1, 2, 3, 4 and 5.
type CSATStats struct {
	Tenths  int64
	N       int
	Buckets [5]int
}

// Mean is the mean predicted CSAT, and whether any result carried one.
func (c *CSATStats) Mean() (float64, bool) { return meanTenths(c.Tenths, c.N), c.N > 0 }

func (c *CSATStats) add(v *float64) {
	if v == nil {
		return
	}
	t := int64(math.Round(*v * 10))
	c.Tenths += t
	c.N++
	// Rounded half up to a whole point of the 1-5 scale: 3.5 counts as 4.
	c.Buckets[min(max((t+5)/10, 1), 5)-1]++
}

func (c *CSATStats) merge(o CSATStats) {
	c.Tenths += o.Tenths
	c.N += o.N
	for i, n := range o.Buckets {
		c.Buckets[i] += n
	}
}

// RunInfo describes what was run: it is printed at the top of reports.
type RunInfo struct {
	Inputs []string          `json:"inputs"`
	Rubric scoring.RubricRef `json:"rubric"`
	// Rubrics lists every rubric of results merged with
	// --allow-mixed-rubrics, when there was more than one.
	Rubrics []scoring.RubricRef `json:"rubrics,omitempty"`
	// Filters is the selection: filters, sample and seed, shard aside.
	Filters string `json:"filters,omitempty"`
	// Shard is "I/N" when the run scored shard I of N; merged shards
	// are the whole again and carry none.
	Shard string `json:"shard,omitempty"`
	// Files are the inputs' identity (name and size), so that report can
	// tell the shards of one run from those of another.
	Files []InputFile `json:"files,omitempty"`
	// When is set only with --stamp, so that outputs stay byte-identical
	// from run to run.
	When string `json:"when,omitempty"`
}

// InputFile is one input as a run read it.
type InputFile struct {
	Name string `json:"name"`
	Size int64  `json:"size"`
}

// Reject is an input record that was not scored.
type Reject struct {
	File   string `json:"file"`
	Line   int    `json:"line,omitempty"`
	Record int    `json:"record,omitempty"`
	Reason string `json:"reason"`
}

// CriterionStats aggregates one criterion over applicable conversations.
type CriterionStats struct {
	ID, Name, Section, Kind string
	Weight                  float64
	Critical                bool
	Applicable              int
	Failed                  int
	NotApplicable           int
	ScoreTenths             int64
}

// Mean is the criterion's mean score over conversations it applied to.
func (c *CriterionStats) Mean() float64 { return meanTenths(c.ScoreTenths, c.Applicable) }

// FailRate is the share (0-1) of applicable conversations that failed it.
func (c *CriterionStats) FailRate() float64 { return ratio(float64(c.Failed), c.Applicable) }

// GroupStats aggregates conversations of one agent, team, channel or day.
type GroupStats struct {
	Name             string
	Conversations    int
	Passed           int
	CriticalFailures int
	ScoreTenths      int64
	// CriterionTenths and CriterionCounts give per-criterion means.
	CriterionTenths map[string]int64
	CriterionCounts map[string]int
	CSAT            CSATStats
	Unanswered      int
}

// Mean is the group's mean score.
func (g *GroupStats) Mean() float64 { return meanTenths(g.ScoreTenths, g.Conversations) }

// PassRate is the share (0-1) of the group's conversations that passed.
func (g *GroupStats) PassRate() float64 { return ratio(float64(g.Passed), g.Conversations) }

// CriterionMean is the group's mean on one criterion, and whether it applied
// at all.
func (g *GroupStats) CriterionMean(id string) (float64, bool) {
	n := g.CriterionCounts[id]
	return meanTenths(g.CriterionTenths[id], n), n > 0
}

// Brief identifies a conversation in lists.
type Brief struct {
	ID       string  `json:"id"`
	Agent    string  `json:"agent,omitempty"`
	Channel  string  `json:"channel"`
	Score    float64 `json:"score"`
	Passed   bool    `json:"passed"`
	Critical bool    `json:"critical_failure"`
	// Unanswered is set when no agent or bot replied to the customer.
	Unanswered bool `json:"unanswered,omitempty"`
}

// NewSummary starts an empty summary.
func NewSummary(run RunInfo) *Summary {
	return &Summary{
		Run:      run,
		Criteria: map[string]*CriterionStats{},
		Agents:   map[string]*GroupStats{},
		Teams:    map[string]*GroupStats{},
		Channels: map[string]*GroupStats{},
		Days:     map[string]*GroupStats{},
	}
}

// Add counts one result.
func (s *Summary) Add(r *scoring.Result) {
	s.Conversations++
	if r.Passed {
		s.Passed++
	}
	if r.CriticalFailure {
		s.CriticalFailures++
	}
	s.ScoreTenths += int64(tenths(r.Score))
	s.Histogram[tenths(r.Score)]++
	if s.Run.Rubric.Name == "" {
		s.Run.Rubric = r.Rubric
	}
	s.CSAT.add(r.PredictedCSAT)
	if r.Unanswered {
		s.Unanswered++
		s.UnansweredTenths += int64(tenths(r.Score))
		if r.Passed {
			s.UnansweredPassed++
		}
		s.addUnansweredID(r.ID)
	}
	for i := range r.Criteria {
		cr := &r.Criteria[i]
		cs := s.Criteria[cr.ID]
		if cs == nil {
			cs = &CriterionStats{ID: cr.ID, Name: cr.Name, Section: cr.Section, Kind: cr.Kind, Weight: cr.Weight, Critical: cr.Critical}
			s.Criteria[cr.ID] = cs
			s.CriterionOrder = append(s.CriterionOrder, cr.ID)
		}
		switch cr.Status {
		case scoring.NotApplicable:
			cs.NotApplicable++
			continue
		case scoring.Fail:
			cs.Failed++
		}
		cs.Applicable++
		cs.ScoreTenths += int64(tenths(cr.Score))
	}
	addGroup(s.Agents, orUnknown(r.Agent), r)
	if r.Team != "" {
		addGroup(s.Teams, r.Team, r)
	}
	addGroup(s.Channels, r.Channel, r)
	if !r.Start.IsZero() {
		addGroup(s.Days, r.Start.UTC().Format("2006-01-02"), r)
	}
	s.Lowest = insertLowest(s.Lowest, Brief{ID: r.ID, Agent: r.Agent, Channel: r.Channel, Score: r.Score, Passed: r.Passed, Critical: r.CriticalFailure, Unanswered: r.Unanswered})
}

// addUnansweredID keeps the list of unanswered ids sorted and bounded, so
// that it is the same whatever order results came in.
func (s *Summary) addUnansweredID(id string) {
	i := sort.SearchStrings(s.UnansweredIDs, id)
	if i >= UnansweredKept {
		s.UnansweredTruncated = true
		return
	}
	s.UnansweredIDs = append(s.UnansweredIDs, "")
	copy(s.UnansweredIDs[i+1:], s.UnansweredIDs[i:])
	s.UnansweredIDs[i] = id
	if len(s.UnansweredIDs) > UnansweredKept {
		s.UnansweredIDs = s.UnansweredIDs[:UnansweredKept]
		s.UnansweredTruncated = true
	}
}

// AddReject counts one rejected record, listing it while the list is
// under max.
func (s *Summary) AddReject(r Reject, max int) {
	s.Rejected++
	if len(s.Rejects) < max {
		s.Rejects = append(s.Rejects, r)
	} else {
		s.RejectsTruncated = true
	}
}

// unknownAgent groups the conversations whose export names no agent.
const unknownAgent = "(unknown)"

func orUnknown(s string) string {
	if s == "" {
		return unknownAgent
	}
	return s
}

func addGroup(m map[string]*GroupStats, name string, r *scoring.Result) {
	g := m[name]
	if g == nil {
		g = &GroupStats{Name: name, CriterionTenths: map[string]int64{}, CriterionCounts: map[string]int{}}
		m[name] = g
	}
	g.Conversations++
	g.ScoreTenths += int64(tenths(r.Score))
	if r.Passed {
		g.Passed++
	}
	if r.CriticalFailure {
		g.CriticalFailures++
	}
	g.CSAT.add(r.PredictedCSAT)
	if r.Unanswered {
		g.Unanswered++
	}
	for i := range r.Criteria {
		if cr := &r.Criteria[i]; cr.Status != scoring.NotApplicable {
			g.CriterionTenths[cr.ID] += int64(tenths(cr.Score))
			g.CriterionCounts[cr.ID]++
		}
	}
}

func insertLowest(list []Brief, b Brief) []Brief {
	i := sort.Search(len(list), func(i int) bool { return lowerThan(b, list[i]) })
	if i >= LowestKept {
		return list
	}
	list = append(list, Brief{})
	copy(list[i+1:], list[i:])
	list[i] = b
	if len(list) > LowestKept {
		list = list[:LowestKept]
	}
	return list
}

func lowerThan(a, b Brief) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	return a.ID < b.ID
}

// Merge adds another summary's counts to s, as if s had seen its results
// too.
func (s *Summary) Merge(o *Summary) {
	s.Conversations += o.Conversations
	s.Passed += o.Passed
	s.CriticalFailures += o.CriticalFailures
	s.ScoreTenths += o.ScoreTenths
	for i, n := range o.Histogram {
		s.Histogram[i] += n
	}
	if s.Run.Rubric.Name == "" {
		s.Run.Rubric = o.Run.Rubric
	}
	for _, id := range o.CriterionOrder {
		oc := o.Criteria[id]
		cs := s.Criteria[id]
		if cs == nil {
			c := *oc
			s.Criteria[id] = &c
			s.CriterionOrder = append(s.CriterionOrder, id)
			continue
		}
		cs.Applicable += oc.Applicable
		cs.Failed += oc.Failed
		cs.NotApplicable += oc.NotApplicable
		cs.ScoreTenths += oc.ScoreTenths
	}
	mergeGroups(s.Agents, o.Agents)
	mergeGroups(s.Teams, o.Teams)
	mergeGroups(s.Channels, o.Channels)
	mergeGroups(s.Days, o.Days)
	for _, b := range o.Lowest {
		s.Lowest = insertLowest(s.Lowest, b)
	}
	s.Rejected += o.Rejected
	s.Rejects = append(s.Rejects, o.Rejects...)
	s.RejectsTruncated = s.RejectsTruncated || o.RejectsTruncated
	s.CSAT.merge(o.CSAT)
	s.Unanswered += o.Unanswered
	s.UnansweredTenths += o.UnansweredTenths
	s.UnansweredPassed += o.UnansweredPassed
	for _, id := range o.UnansweredIDs {
		s.addUnansweredID(id)
	}
	s.UnansweredTruncated = s.UnansweredTruncated || o.UnansweredTruncated
}

func mergeGroups(dst, src map[string]*GroupStats) {
	for name, og := range src {
		g := dst[name]
		if g == nil {
			g = &GroupStats{Name: name, CriterionTenths: map[string]int64{}, CriterionCounts: map[string]int{}}
			dst[name] = g
		}
		g.Conversations += og.Conversations
		g.Passed += og.Passed
		g.CriticalFailures += og.CriticalFailures
		g.ScoreTenths += og.ScoreTenths
		g.CSAT.merge(og.CSAT)
		g.Unanswered += og.Unanswered
		for id, v := range og.CriterionTenths {
			g.CriterionTenths[id] += v
		}
		for id, n := range og.CriterionCounts {
			g.CriterionCounts[id] += n
		}
	}
}

// Mean is the mean overall score.
func (s *Summary) Mean() float64 { return meanTenths(s.ScoreTenths, s.Conversations) }

// PassRate is the share (0-1) of conversations that passed.
func (s *Summary) PassRate() float64 { return ratio(float64(s.Passed), s.Conversations) }

// FailRate is the share (0-1) of conversations that did not pass.
func (s *Summary) FailRate() float64 {
	return ratio(float64(s.Conversations-s.Passed), s.Conversations)
}

// Median is the median overall score (the mean of the two middle scores
// for an even count).
func (s *Summary) Median() float64 {
	if s.Conversations == 0 {
		return 0
	}
	lo, hi := s.quantileTenths((s.Conversations-1)/2), s.quantileTenths(s.Conversations/2)
	return float64(lo+hi) / 20
}

// quantileTenths returns the k-th smallest score (from 0), in tenths.
func (s *Summary) quantileTenths(k int) int {
	seen := 0
	for i, n := range s.Histogram {
		seen += n
		if seen > k {
			return i
		}
	}
	return len(s.Histogram) - 1
}

// Buckets counts scores in ten bands: [0,10), [10,20) ... [90,100].
func (s *Summary) Buckets() [10]int {
	var b [10]int
	for i, n := range s.Histogram {
		band := i / 100
		if band > 9 {
			band = 9
		}
		b[band] += n
	}
	return b
}

// Sorted returns a group map's entries by name.
func Sorted(m map[string]*GroupStats) []*GroupStats {
	out := make([]*GroupStats, 0, len(m))
	for _, g := range m {
		out = append(out, g)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// RankedAgents returns agents by mean score, lowest first (ties by name).
func (s *Summary) RankedAgents() []*GroupStats {
	out := Sorted(s.Agents)
	sort.SliceStable(out, func(i, j int) bool { return out[i].Mean() < out[j].Mean() })
	return out
}

// OrderedCriteria returns criterion stats in rubric order.
func (s *Summary) OrderedCriteria() []*CriterionStats {
	out := make([]*CriterionStats, 0, len(s.CriterionOrder))
	for _, id := range s.CriterionOrder {
		out = append(out, s.Criteria[id])
	}
	return out
}

func tenths(score float64) int {
	t := int(score*10 + 0.5)
	switch {
	case t < 0:
		return 0
	case t > 1000:
		return 1000
	}
	return t
}

func meanTenths(sum int64, n int) float64 { return ratio(float64(sum)/10, n) }

func ratio(sum float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return sum / float64(n)
}
