package reports

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"math"
	"sort"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/transcript"
)

// Coaching pages turn a run's results into one page per agent for
// trainers: where the agent stands against the team, what they do well,
// the two or three criteria that would raise their score most with the
// rubric's advice and excerpts of their own conversations, and the
// conversations to review together. Like the HTML report, the writer keeps
// only bounded candidate lists per agent, never every result.

// Bounds of what an agent's page shows.
const (
	coachFocus    = 3   // focus areas
	coachExcerpts = 3   // excerpts of the agent's own failures per focus area
	coachReview   = 5   // conversations to review together
	coachLowCSAT  = 3   // lowest predicted CSAT conversations, with their evidence
	excerptBudget = 700 // bytes of each message in an excerpt
)

// MinRankedConversations is how many conversations an agent needs, by
// default, to be ranked and judged: on coaching pages, in the HTML report's
// agent table and in the workbook's Agents sheet alike, so that no report
// ranks an agent another calls too few to judge.
const MinRankedConversations = 5

// CoachOptions say what the coaching pages show.
type CoachOptions struct {
	// Coaching is the rubric's advice by criterion id.
	Coaching map[string]string
	// MinConversations is how many conversations an agent needs to be
	// judged: ranked and told their strengths.
	MinConversations int
	// Agents limits the pages to these agents; empty means every agent. The
	// team's figures always cover every agent.
	Agents []string
}

// Coach collects what the coaching pages need as results stream by.
type Coach struct {
	opts   CoachOptions
	only   map[string]bool
	agents map[string]*agentCoach
	// crit holds every applicable criterion score of the team, for the
	// spread that tells a real strength from noise.
	crit map[string]*moments
	// teamBest holds per criterion the two best moments of two different
	// agents, so that every agent can be shown a colleague's good example.
	teamBest map[string]*[2]*moment
	sum      *Summary
	// unnamed counts the conversations that name no agent: they are in
	// the team's figures but are nobody's to be coached on.
	unnamed int
}

// NewCoach starts collecting.
func NewCoach(opts CoachOptions) *Coach {
	if opts.MinConversations < 1 {
		opts.MinConversations = 1
	}
	c := &Coach{opts: opts, agents: map[string]*agentCoach{}, crit: map[string]*moments{}, teamBest: map[string]*[2]*moment{}}
	if len(opts.Agents) > 0 {
		c.only = map[string]bool{}
		for _, a := range opts.Agents {
			c.only[a] = true
		}
	}
	return c
}

// moments sums scores for a mean and a standard deviation. Scores are
// rounded to 0.1, so the sums are kept exactly, in integers: the figures
// do not depend on the order results come in.
type moments struct {
	n          int
	sum, sumSq int64 // in tenths, and hundredths
}

func (m *moments) add(v float64) {
	t := int64(tenths(v))
	m.n++
	m.sum += t
	m.sumSq += t * t
}

func (m *moments) mean() float64 { return meanTenths(m.sum, m.n) }

// variance is the sample variance (0 below two values).
func (m *moments) variance() float64 {
	if m.n < 2 {
		return 0
	}
	n := float64(m.n)
	return max((float64(m.sumSq)-float64(m.sum)*float64(m.sum)/n)/(n-1), 0) / 100
}

type agentCoach struct {
	name, team  string
	n           int
	first, last time.Time
	crit        map[string]*moments
	failed      map[string]int
	fails       map[string]*topK[*moment]
	best        map[string]*topK[*moment]
	review      *topK[*reviewItem]
	weeks       map[string]*moments
	lowCSAT     *topK[*csatItem]
}

// csatItem is one of an agent's conversations with the lowest predicted
// CSAT, and the turns and cues that brought it there, in plain words.
type csatItem struct {
	CSAT     float64
	ID       string
	Seq      int
	Evidence []string
}

func lowerCSAT(a, b *csatItem) bool {
	if a.CSAT != b.CSAT {
		return a.CSAT < b.CSAT
	}
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Seq < b.Seq
}

// moment is an excerpt of one conversation about one criterion: the
// customer's message, the agent's reply, the evidence marked on them and
// the reason given.
type moment struct {
	Score           float64 // the criterion's score
	HasSpan         bool    // evidence is marked on the text
	ID, Anchor      string
	Seq             int
	Agent           string
	Reason          string
	Customer, Reply *msgView
}

type reviewItem struct {
	score float64
	id    string
	seq   int
	view  *convView
}

func worseMoment(a, b *moment) bool {
	if a.Score != b.Score {
		return a.Score < b.Score
	}
	if a.HasSpan != b.HasSpan {
		return a.HasSpan
	}
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Seq < b.Seq
}

func betterMoment(a, b *moment) bool {
	if a.Score != b.Score {
		return a.Score > b.Score
	}
	if a.HasSpan != b.HasSpan {
		return a.HasSpan
	}
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Seq < b.Seq
}

// probe is a moment with only its ranking fields, to ask a list whether
// the real one would be kept before building it.
func probe(r *scoring.Result, cr *scoring.CriterionResult) *moment {
	has := false
	for _, ev := range cr.Evidence {
		if ev.Message >= 0 && ev.Message < len(r.Transcript) && ev.End > ev.Start {
			has = true
			break
		}
	}
	return &moment{Score: cr.Score, HasSpan: has, ID: r.ID, Seq: r.Seq, Agent: orUnknown(r.Agent)}
}

// Write implements Writer.
func (c *Coach) Write(r *scoring.Result) error {
	name := orUnknown(r.Agent)
	for i := range r.Criteria {
		cr := &r.Criteria[i]
		if cr.Status == scoring.NotApplicable {
			continue
		}
		m := c.crit[cr.ID]
		if m == nil {
			m = &moments{}
			c.crit[cr.ID] = m
		}
		m.add(cr.Score)
		if cr.Status == scoring.Pass {
			c.offerTeamBest(r, cr)
		}
	}
	if r.Agent == "" {
		c.unnamed++
		return nil
	}
	if c.only != nil && !c.only[name] {
		return nil
	}
	a := c.agents[name]
	if a == nil {
		a = &agentCoach{name: name, team: r.Team, crit: map[string]*moments{}, failed: map[string]int{},
			fails: map[string]*topK[*moment]{}, best: map[string]*topK[*moment]{}, weeks: map[string]*moments{},
			review: newTopK(coachReview, func(x, y *reviewItem) bool {
				if x.score != y.score {
					return x.score < y.score
				}
				if x.id != y.id {
					return x.id < y.id
				}
				return x.seq < y.seq
			}), lowCSAT: newTopK(coachLowCSAT, lowerCSAT)}
		c.agents[name] = a
	}
	a.n++
	if !r.Start.IsZero() {
		if a.first.IsZero() || r.Start.Before(a.first) {
			a.first = r.Start
		}
		if r.Start.After(a.last) {
			a.last = r.Start
		}
		y, w := r.Start.UTC().ISOWeek()
		wk := fmt.Sprintf("%d-W%02d", y, w)
		if a.weeks[wk] == nil {
			a.weeks[wk] = &moments{}
		}
		a.weeks[wk].add(r.Score)
	}
	for i := range r.Criteria {
		cr := &r.Criteria[i]
		if cr.Status == scoring.NotApplicable {
			continue
		}
		if a.crit[cr.ID] == nil {
			a.crit[cr.ID] = &moments{}
			a.fails[cr.ID] = newTopK(coachExcerpts, worseMoment)
			a.best[cr.ID] = newTopK(1, betterMoment)
		}
		a.crit[cr.ID].add(cr.Score)
		switch cr.Status {
		case scoring.Fail:
			a.failed[cr.ID]++
			if a.fails[cr.ID].admits(probe(r, cr)) {
				a.fails[cr.ID].add(momentOf(r, cr))
			}
		case scoring.Pass:
			if a.best[cr.ID].admits(probe(r, cr)) {
				a.best[cr.ID].add(momentOf(r, cr))
			}
		}
	}
	if r.PredictedCSAT != nil {
		if low := (&csatItem{CSAT: *r.PredictedCSAT, ID: r.ID, Seq: r.Seq}); a.lowCSAT.admits(low) {
			for _, ev := range r.CSATEvidence {
				low.Evidence = append(low.Evidence, DescribeCSATEvidence(ev))
			}
			a.lowCSAT.add(low)
		}
	}
	item := &reviewItem{score: r.Score, id: r.ID, seq: r.Seq}
	if a.review.admits(item) {
		item.view = viewOf(r, "review")
		a.review.add(item)
	}
	return nil
}

// offerTeamBest keeps the criterion's best two moments from two different
// agents.
func (c *Coach) offerTeamBest(r *scoring.Result, cr *scoring.CriterionResult) {
	p := probe(r, cr)
	top := c.teamBest[cr.ID]
	if top == nil {
		top = &[2]*moment{}
		c.teamBest[cr.ID] = top
	}
	first, second := top[0], top[1]
	switch {
	case first == nil:
		top[0] = momentOf(r, cr)
	case p.Agent == first.Agent:
		if betterMoment(p, first) {
			top[0] = momentOf(r, cr)
		}
	case betterMoment(p, first):
		top[0], top[1] = momentOf(r, cr), first
	case second == nil || betterMoment(p, second):
		top[1] = momentOf(r, cr)
	}
}

// teamExample is the best moment on a criterion by anyone but agent.
func (c *Coach) teamExample(id, agent string) *moment {
	top := c.teamBest[id]
	if top == nil {
		return nil
	}
	for _, m := range top {
		if m != nil && m.Agent != agent {
			return m
		}
	}
	return nil
}

// momentOf cuts the excerpt a criterion rests on out of a conversation:
// the message its evidence points at, with the customer's message before
// it or the agent's reply after it.
func momentOf(r *scoring.Result, cr *scoring.CriterionResult) *moment {
	m := probe(r, cr)
	m.Anchor, m.Reason = anchorOf(r), cr.Reason
	at := -1
	for _, ev := range cr.Evidence {
		if ev.Message >= 0 && ev.Message < len(r.Transcript) {
			at = ev.Message
			break
		}
	}
	cust, reply := -1, -1
	switch {
	case at >= 0 && r.Transcript[at].Role == transcript.Agent:
		reply, cust = at, findRole(r.Transcript, at-1, -1, transcript.Customer)
	case at >= 0:
		cust, reply = at, findRole(r.Transcript, at+1, 1, transcript.Agent)
	default:
		reply = findRole(r.Transcript, 0, 1, transcript.Agent)
		cust = findRole(r.Transcript, reply-1, -1, transcript.Customer)
		if reply < 0 {
			cust = findRole(r.Transcript, 0, 1, transcript.Customer)
		}
	}
	name := cr.Name
	if name == "" {
		name = cr.ID
	}
	view := func(i int) *msgView {
		if i < 0 {
			return nil
		}
		var marks []marked
		for _, ev := range cr.Evidence {
			if ev.Message == i {
				marks = append(marks, marked{criterion: name, ev: ev})
			}
		}
		v := excerptView(i, &r.Transcript[i], marks)
		return &v
	}
	m.Customer, m.Reply = view(cust), view(reply)
	return m
}

// findRole returns the first message of role from i on, stepping by step;
// -1 when none.
func findRole(msgs []transcript.Message, i, step int, role transcript.Role) int {
	for ; i >= 0 && i < len(msgs); i += step {
		if msgs[i].Role == role && !msgs[i].Internal {
			return i
		}
	}
	return -1
}

// excerptView is a message shortened to excerptBudget bytes around its
// first evidence span, so that the marked words are always in view.
func excerptView(i int, m *transcript.Message, marks []marked) msgView {
	if len(m.Text) <= excerptBudget {
		return messageView(i, m, marks, excerptBudget)
	}
	from := 0
	for _, mk := range marks {
		if mk.ev.End > mk.ev.Start && mk.ev.Start >= 0 && mk.ev.Start <= len(m.Text) {
			from = runeFloor(m.Text, max(mk.ev.Start-excerptBudget/3, 0))
			break
		}
	}
	cut := *m
	cut.Text = m.Text[from:]
	shifted := make([]marked, len(marks))
	for k, mk := range marks {
		mk.ev.Start -= from
		mk.ev.End -= from
		shifted[k] = mk
	}
	v := messageView(i, &cut, shifted, excerptBudget)
	v.Lead = from > 0
	return v
}

// Close implements Writer: it keeps the run's summary for the pages.
func (c *Coach) Close(s *Summary) error {
	c.sum = s
	return nil
}

// latinLetters are the letters that do not decompose into a base letter
// and accents, spelled as they are in ASCII.
var latinLetters = strings.NewReplacer("ß", "ss", "ẞ", "SS", "ø", "o", "Ø", "O", "æ", "ae", "Æ", "AE", "œ", "oe", "Œ", "OE",
	"đ", "d", "Đ", "D", "ð", "d", "Ð", "D", "ł", "l", "Ł", "L", "þ", "th", "Þ", "Th", "ı", "i", "ħ", "h", "Ħ", "H")

// transliterate spells a name in ASCII letters where it can: accents are
// dropped ("Björn Ström" gives "Bjorn Strom") and letters such as ß and ø
// are spelled out; other scripts are left as they are.
func transliterate(s string) string {
	t := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	if out, _, err := transform.String(t, s); err == nil {
		s = out
	}
	return latinLetters.Replace(s)
}

// AgentFile is the file name of an agent's page: a readable slug and a
// short hash of the name, so that any name gives a safe, distinct name.
func AgentFile(agent string) string {
	var b strings.Builder
	dash := false
	for _, r := range strings.ToLower(transliterate(agent)) {
		switch {
		case r >= 'a' && r <= 'z' || r >= '0' && r <= '9':
			b.WriteRune(r)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() >= 40 {
			break
		}
	}
	slug := strings.Trim(b.String(), "-")
	if slug == "" {
		slug = "agent"
	}
	sum := sha256.Sum256([]byte(agent))
	return slug + "-" + hex.EncodeToString(sum[:4]) + ".html"
}

// Agents returns the names of the agents with a page, sorted as people
// look for a name: regardless of case ("joyce@example.com" beside "Jon
// Hale", not after every capital), then byte order for a stable tie.
func (c *Coach) Agents() []string {
	out := make([]string, 0, len(c.agents))
	for name := range c.agents {
		out = append(out, name)
	}
	sort.Slice(out, func(i, j int) bool {
		if a, b := strings.ToLower(out[i]), strings.ToLower(out[j]); a != b {
			return a < b
		}
		return out[i] < out[j]
	})
	return out
}

// WritePages renders index.html and one page per agent, each to the writer
// create returns for its file name. Close must have been called.
func (c *Coach) WritePages(create func(name string) (io.Writer, error)) error {
	team := c.teamView()
	var rows []coachRow
	for _, name := range c.Agents() {
		p := c.agentPage(c.agents[name], team)
		if err := renderTo(create, AgentFile(name), "coach-agent.tmpl", p); err != nil {
			return err
		}
		rows = append(rows, p.Row)
	}
	index := &coachIndex{Assets: pageAssets, Title: "Coaching · " + team.Rubric, Team: team, Rows: rows, Min: c.opts.MinConversations,
		Unnamed: c.unnamed}
	return renderTo(create, "index.html", "coach-index.tmpl", index)
}

func renderTo(create func(string) (io.Writer, error), name, tmpl string, data any) error {
	w, err := create(name)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 64<<10)
	if err := pageTemplates.ExecuteTemplate(bw, tmpl, data); err != nil {
		return fmt.Errorf("coaching page %s: %v", name, err)
	}
	return bw.Flush()
}

// teamFigures are the whole run's figures an agent is compared with.
type teamFigures struct {
	Rubric           string
	Run              RunInfo
	Conversations    int
	Agents           int
	Ranked           int
	Mean             float64
	MeanText         string
	Q1, Q3           string // interquartile range of ranked agents' means
	rankedMeans      []float64
	CriterionMeans   map[string]float64
	CriterionNames   map[string]string
	CriterionWeights map[string]float64
	Critical         map[string]bool
	TotalWeight      float64
	Order            []string
}

func (c *Coach) teamView() *teamFigures {
	s := c.sum
	t := &teamFigures{Rubric: s.Run.Rubric.Name, Run: s.Run, Conversations: s.Conversations, Mean: s.Mean(),
		MeanText: num(s.Mean()), CriterionMeans: map[string]float64{}, CriterionNames: map[string]string{}, CriterionWeights: map[string]float64{}, Critical: map[string]bool{}}
	for _, g := range Sorted(s.Agents) {
		if g.Name == unknownAgent { // not a person: neither counted as an agent nor ranked
			continue
		}
		t.Agents++
		if g.Conversations >= c.opts.MinConversations {
			t.rankedMeans = append(t.rankedMeans, g.Mean())
		}
	}
	sort.Float64s(t.rankedMeans)
	t.Ranked = len(t.rankedMeans)
	if t.Ranked > 0 {
		t.Q1, t.Q3 = num(quantile(t.rankedMeans, 0.25)), num(quantile(t.rankedMeans, 0.75))
	}
	for _, cs := range s.OrderedCriteria() {
		t.Order = append(t.Order, cs.ID)
		t.CriterionMeans[cs.ID] = cs.Mean()
		t.CriterionNames[cs.ID] = orID(cs)
		t.CriterionWeights[cs.ID] = cs.Weight
		t.Critical[cs.ID] = cs.Critical
		t.TotalWeight += cs.Weight
	}
	return t
}

// quantile interpolates the q-quantile of sorted values.
func quantile(sorted []float64, q float64) float64 {
	if len(sorted) == 0 {
		return 0
	}
	pos := q * float64(len(sorted)-1)
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(sorted)-1)
	return sorted[lo] + (sorted[hi]-sorted[lo])*(pos-float64(lo))
}

// percentBelow is the share of ranked agents whose mean is below v, ties
// counted half: the agent's rank percentile.
func percentBelow(sorted []float64, v float64) float64 {
	below, ties := 0, 0
	for _, x := range sorted {
		switch {
		case x < v:
			below++
		case x == v:
			ties++
		}
	}
	// The agent is among the ties; the others count half.
	return ratio(float64(below)+float64(max(ties-1, 0))/2, max(len(sorted)-1, 1)) * 100
}
