package scoring

// How the engine decides, beyond the formula in doc.go:
//
//   - A graded criterion passes at PassMark (60) or more and fails below;
//     phrases criteria are pass (100) or fail (0). Not-applicable criteria
//     score 0, carry their reason and leave the denominator.
//   - Criterion scores are rounded to one decimal before the weighted mean,
//     so a report can recompute the overall score from the criteria.
//   - When no criterion applies, the overall score is 0, the conversation
//     does not pass, and Result.Note says why (NoteAllNotApplicable).
//   - Internal notes (Message.Internal) and system turns are never scored.
//   - The responder: checks that judge "the agent" (empathy, clarity,
//     sentiment, personalization, talk ratio, interruptions, resolution's
//     "someone answered") read the human agent's turns, or the bot's in a
//     conversation no human agent took part in, so the chatbot rubric
//     judges a bot and the default rubric judges the human after a
//     hand-over. Phrases name their speaker (agent, customer or bot)
//     exactly, and response times count human agents only.

import (
	"errors"
	"fmt"
	"math"
	"unicode/utf8"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/scoring/sentiment"
	"github.com/iqa-cli/iqa/transcript"
)

// PassMark is the criterion score at or above which a criterion passes
// when the rubric sets no pass_mark; below it, it fails. Phrases criteria
// score 100 or 0, so they pass or fail by nature.
const PassMark = 60

// NoteAllNotApplicable is Result.Note when no criterion applied: the
// overall score is then 0 and the conversation does not pass, because
// nothing was shown to be good.
const NoteAllNotApplicable = "no criterion applies to this conversation: score 0, not passed"

// An Engine scores conversations against one rubric. It is built once and
// is safe for concurrent use: Score only reads it.
type Engine struct {
	rubric    *rubrics.Rubric
	checks    []check
	sentiment scorer
	// vocab gives every word a plain phrase uses an id; it is complete
	// once New returns.
	vocab    *vocab
	matchers []*matcher
	// needSentences is set when a check reads sentences.
	needSentences bool
	// experience reads the customer's experience for every result's
	// predicted satisfaction: the rubric's first customer_experience
	// criterion, or the built-in cues.
	experience *experienceJudge
	// passMark is the rubric's pass_mark.
	passMark float64
}

// scorer is what the engine needs of the sentiment analyzer; tests give
// it fixed scores.
type scorer interface {
	Score(text string) sentiment.Scores
}

// check is a compiled criterion.
type check interface {
	run(a *Analysis) outcome
}

// outcome is what a check found.
type outcome struct {
	Score    float64
	Status   Status
	Reason   string
	Evidence []Evidence
}

// New compiles a rubric's criteria. Each criterion's Params must be the
// kind's settings with defaults filled in, as rubrics.NewParams gives them.
func New(r *rubrics.Rubric) (*Engine, error) {
	an, err := sentiment.New(r.Lexicon)
	if err != nil {
		return nil, fmt.Errorf("rubric %s: lexicon: %w", r.Name, err)
	}
	e := &Engine{rubric: r, sentiment: an, vocab: newVocab()}
	var errs []error
	for i := range r.Criteria {
		c := &r.Criteria[i]
		ch, err := e.compile(c)
		if err != nil {
			errs = append(errs, fmt.Errorf("criterion %q: %w", c.ID, err))
			continue
		}
		e.checks = append(e.checks, ch)
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	if e.experience == nil {
		p := rubrics.NewParams(rubrics.KindCustomerExperience).(*rubrics.CustomerExperienceParams)
		if e.experience, err = e.compileExperience(p); err != nil {
			return nil, fmt.Errorf("built-in customer experience cues: %w", err)
		}
	}
	e.passMark = r.PassMark
	if e.passMark <= 0 {
		e.passMark = PassMark
	}
	for _, w := range stopwords {
		e.vocab.flags[e.vocab.add(wordKey(w))] |= flagStop
	}
	for _, w := range acronyms {
		e.vocab.flags[e.vocab.add(w)] |= flagAcronym
	}
	e.vocab.freeze()
	for _, m := range e.matchers {
		m.freeze(e.vocab.canon)
	}
	return e, nil
}

// compile turns one criterion into its check: the one place that knows
// every kind.
func (e *Engine) compile(c *rubrics.Criterion) (check, error) {
	if c.Params == nil {
		return nil, fmt.Errorf("kind %q has no settings", c.Kind)
	}
	if c.Params.Kind() != c.Kind {
		return nil, fmt.Errorf("kind %q has settings of kind %q", c.Kind, c.Params.Kind())
	}
	switch p := c.Params.(type) {
	case *rubrics.EmpathyParams:
		return e.compileEmpathy(p)
	case *rubrics.ClarityParams:
		e.needSentences = true
		return e.compileClarity(p)
	case *rubrics.ResponseTimeParams:
		return compileResponseTime(p)
	case *rubrics.ResolutionParams:
		return e.compileResolution(p)
	case *rubrics.SentimentParams:
		return e.compileSentiment(p)
	case *rubrics.PhrasesParams:
		return e.compilePhrases(p)
	case *rubrics.PersonalizationParams:
		return compilePersonalization(p)
	case *rubrics.TalkRatioParams:
		return compileTalkRatio(p)
	case *rubrics.SilenceParams:
		return compileSilence(p)
	case *rubrics.InterruptionsParams:
		return compileInterruptions(p)
	case *rubrics.CustomerExperienceParams:
		j, err := e.compileExperience(p)
		if err != nil {
			return nil, err
		}
		if e.experience == nil {
			e.experience = j
		}
		return &experienceCheck{judge: j}, nil
	}
	return nil, fmt.Errorf("unknown kind %q", c.Kind)
}

// Rubric returns the rubric the engine was built from.
func (e *Engine) Rubric() *rubrics.Rubric { return e.rubric }

// Score judges one conversation. It never fails: a criterion that cannot
// be judged is not applicable, with the reason.
func (e *Engine) Score(c *transcript.Conversation) *Result {
	if c == nil {
		c = &transcript.Conversation{}
	}
	a := e.analyse(c)
	defer a.release()
	r := e.rubric
	passScore := r.PassScore
	res := &Result{
		Schema:          ResultSchema,
		ID:              c.ID,
		Channel:         string(c.Channel),
		Agent:           c.Agent,
		Team:            c.Team,
		Customer:        c.Customer,
		Start:           c.Start,
		Messages:        len(c.Messages),
		DurationSeconds: round1(c.Duration().Seconds()),
		Criteria:        make([]CriterionResult, len(r.Criteria)),
		Rubric:          RubricRef{Name: r.Name, Version: r.Version, Hash: r.Hash},
		PassScore:       &passScore,
		Meta:            c.Meta,
		Source:          c.Source,
		Transcript:      c.Messages,
	}
	if res.Transcript == nil {
		res.Transcript = []transcript.Message{}
	}
	x := a.experienceOf(e.experience)
	if x.ok {
		csat := x.predictedCSAT()
		res.PredictedCSAT, res.CSATEvidence = &csat, x.evidence
	}
	res.CustomerSentiment = customerSentiment(a)
	if len(a.Agents) == 0 && len(a.Bots) == 0 && len(a.Customer) > 0 {
		// A customer nobody answered: no criterion can judge an answer,
		// and no lonely criterion may pass the conversation.
		res.Unanswered = true
		res.Note = fmt.Sprintf("unanswered: the customer wrote %s and no agent or bot replied", plural(len(a.Customer), "turn"))
		for i := range r.Criteria {
			crit := &r.Criteria[i]
			res.Criteria[i] = CriterionResult{ID: crit.ID, Name: crit.Name, Kind: string(crit.Kind), Section: crit.Section,
				Weight: crit.Weight, Critical: crit.Critical, Status: NotApplicable, Reason: "unanswered conversation: no agent or bot replied"}
		}
		return res
	}
	var sum, weights float64
	for i := range r.Criteria {
		crit := &r.Criteria[i]
		cr := &res.Criteria[i]
		*cr = CriterionResult{ID: crit.ID, Name: crit.Name, Kind: string(crit.Kind), Section: crit.Section,
			Weight: crit.Weight, Critical: crit.Critical}
		var o outcome
		if !crit.AppliesTo(a.Channel) {
			o = notApplicable(fmt.Sprintf("does not apply to %s conversations", channelName(a.Channel)))
		} else {
			o = e.checks[i].run(a)
		}
		cr.Status, cr.Reason, cr.Evidence = o.Status, o.Reason, o.Evidence
		if o.Status == NotApplicable {
			continue
		}
		cr.Score = round1(clamp(o.Score, 0, 100))
		if cr.Score >= e.passMark {
			cr.Status = Pass
		} else {
			cr.Status = Fail
		}
		// The rubric's pass mark decides, not the default one graded used.
		if crit.Critical && cr.Status == Fail {
			res.CriticalFailure = true
		}
		sum += crit.Weight * cr.Score
		weights += crit.Weight
	}
	switch {
	case weights <= 0:
		res.Score = 0
		res.Note = NoteAllNotApplicable
	case res.CriticalFailure:
		res.Score = 0
	default:
		res.Score = round1(sum / weights)
	}
	res.Passed = weights > 0 && !res.CriticalFailure && res.Score >= r.PassScore
	return res
}

// customerSentiment summarises the customer's visible turns.
func customerSentiment(a *Analysis) *SentimentSummary {
	if len(a.Customer) == 0 {
		return nil
	}
	s := &SentimentSummary{Turns: len(a.Customer)}
	var sum float64
	for _, i := range a.Customer {
		sum += a.Msgs[i].Sentiment.Compound
	}
	s.First = round3(a.Msgs[a.Customer[0]].Sentiment.Compound)
	s.Last = round3(a.Msgs[a.Customer[len(a.Customer)-1]].Sentiment.Compound)
	s.Mean = round3(sum / float64(len(a.Customer)))
	return s
}

func channelName(ch string) string {
	if ch == "" {
		return "other"
	}
	return ch
}

func notApplicable(reason string) outcome { return outcome{Status: NotApplicable, Reason: reason} }

// graded is an outcome whose status follows PassMark.
func graded(score float64, reason string, ev []Evidence) outcome {
	score = clamp(score, 0, 100)
	st := Pass
	if round1(score) < PassMark {
		st = Fail
	}
	return outcome{Score: score, Status: st, Reason: reason, Evidence: ev}
}

func round1(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return math.Round(x*10) / 10
}

func round3(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return math.Round(x*1000) / 1000
}

func clamp(x, lo, hi float64) float64 {
	switch {
	case math.IsNaN(x):
		return lo
	case x < lo:
		return lo
	case x > hi:
		return hi
	}
	return x
}

// ev builds evidence about a span of message i.
func spanEvidence(a *Analysis, i, start, end int, note, effect string) Evidence {
	return Evidence{Message: i, Start: start, End: end, Text: a.Conv.Messages[i].Text[start:end], Note: note, Effect: effect}
}

// valueEvidence builds evidence of a measured value.
func valueEvidence(i int, v float64, unit, note, effect string) Evidence {
	v = round3(v)
	return Evidence{Message: i, Value: &v, Unit: unit, Note: note, Effect: effect}
}

// excerpt is the start of a message's text, for evidence about a whole
// turn: at most n bytes, cut at the end of a word (within a word only when
// its first word is longer) and then marked Cut.
func excerpt(a *Analysis, i, n int) Evidence {
	text := a.Conv.Messages[i].Text
	if len(text) <= n {
		return Evidence{Message: i, Start: 0, End: len(text), Text: text}
	}
	end := n
	for end > 0 && !utf8.RuneStart(text[end]) {
		end--
	}
	ws := a.Msgs[i].Words
	for k := len(ws) - 1; k >= 0; k-- {
		if int(ws[k].End) <= n && ws[k].End > 0 {
			end = int(ws[k].End)
			break
		}
	}
	return Evidence{Message: i, Start: 0, End: end, Text: text[:end], Cut: true}
}
