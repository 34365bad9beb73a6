package scoring

import (
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// ResultSchema names the version of Result's JSON form. Fields are only
// ever added under the same name; a change of meaning gets a new version.
const ResultSchema = "iqa.result/v1"

// Status is a criterion's outcome.
type Status string

// The outcomes of a criterion.
const (
	Pass          Status = "pass"
	Fail          Status = "fail"
	NotApplicable Status = "n/a"
)

// Evidence is one thing a score rests on: a phrase found or missing, a
// measured time, a turn that cost or earned points.
type Evidence struct {
	// Message is the index in the conversation's messages, or -1 when the
	// evidence is about the whole conversation.
	Message int `json:"message"`
	// Start and End are byte offsets of the span in that message's text
	// (End 0 when no span).
	Start int `json:"start,omitempty"`
	End   int `json:"end,omitempty"`
	// Text is the matched text or a short excerpt.
	Text string `json:"text,omitempty"`
	// Cut is set when Text is an excerpt of a longer message, cut short
	// at the end of a word: pages show it with "…".
	Cut bool `json:"cut,omitempty"`
	// Value is a measured value (seconds, a ratio, a reading ease), in Unit.
	Value *float64 `json:"value,omitempty"`
	Unit  string   `json:"unit,omitempty"`
	// Note says what the evidence shows, for people.
	Note string `json:"note"`
	// Effect is "+" when it earned points, "-" when it cost points, and
	// empty when it only informs.
	Effect string `json:"effect,omitempty"`
}

// CriterionResult is one criterion's score for one conversation.
type CriterionResult struct {
	ID       string  `json:"id"`
	Name     string  `json:"name"`
	Kind     string  `json:"kind"`
	Section  string  `json:"section,omitempty"`
	Weight   float64 `json:"weight"`
	Critical bool    `json:"critical,omitempty"`
	// Score is 0-100, rounded to one decimal; 0 when not applicable.
	Score  float64 `json:"score"`
	Status Status  `json:"status"`
	// Reason explains the score in one sentence, or why it does not apply.
	Reason   string     `json:"reason"`
	Evidence []Evidence `json:"evidence,omitempty"`
}

// RubricRef names the rubric a result was scored with.
type RubricRef struct {
	Name    string `json:"name"`
	Version string `json:"version"`
	Hash    string `json:"hash"`
}

// SentimentSummary is the customer's sentiment over a conversation:
// compound scores (-1..1) of their first and last turns and their mean.
type SentimentSummary struct {
	First float64 `json:"first"`
	Last  float64 `json:"last"`
	Mean  float64 `json:"mean"`
	Turns int     `json:"turns"`
}

// Result is one conversation's score: iqa's results JSON Lines hold one a
// line, and every report is rendered from them.
type Result struct {
	Schema string `json:"schema"`
	// Seq is the conversation's position among all conversations read
	// (from 0, before filters and shards), so that shards' results merge
	// back into the order of a single run.
	Seq      int       `json:"seq"`
	ID       string    `json:"id"`
	Channel  string    `json:"channel"`
	Agent    string    `json:"agent,omitempty"`
	Team     string    `json:"team,omitempty"`
	Customer string    `json:"customer,omitempty"`
	Start    time.Time `json:"start,omitzero"`
	// Messages counts the conversation's messages; DurationSeconds is from
	// the first to the last (0 when unknown).
	Messages        int     `json:"messages"`
	DurationSeconds float64 `json:"duration_s"`
	// Score is the overall score, 0-100 rounded to one decimal: the
	// weighted mean of the applicable criteria, or 0 after a critical
	// failure.
	Score  float64 `json:"score"`
	Passed bool    `json:"passed"`
	// PassScore is the rubric's pass mark the score was held against, so
	// that a report read from results can say it; absent in results
	// written before it was recorded.
	PassScore       *float64          `json:"pass_score,omitempty"`
	CriticalFailure bool              `json:"critical_failure"`
	Criteria        []CriterionResult `json:"criteria"`
	// Note explains an overall score that is not the weighted mean of the
	// criteria for a reason other than a critical failure: when no
	// criterion applies, the score is 0 and the note says so.
	Note string `json:"note,omitempty"`
	// Unanswered is set when the customer wrote and no agent or bot
	// replied: the score is then 0, the conversation does not pass, and no
	// criterion applies.
	Unanswered bool `json:"unanswered,omitempty"`
	// PredictedCSAT is the customer satisfaction the conversation predicts,
	// 1.0 to 5.0 with one decimal, read from the customer's reactions turn
	// by turn (see the scoring package's experience.go); CSATEvidence holds
	// the turns and cues that moved it. Both are absent when the customer
	// never wrote.
	PredictedCSAT *float64   `json:"predicted_csat,omitempty"`
	CSATEvidence  []Evidence `json:"csat_evidence,omitempty"`
	// CustomerSentiment is absent when the customer never wrote.
	CustomerSentiment *SentimentSummary   `json:"customer_sentiment,omitempty"`
	Rubric            RubricRef           `json:"rubric"`
	Meta              map[string]string   `json:"meta,omitempty"`
	Source            transcript.Location `json:"source,omitzero"`
	// Transcript is the conversation's messages, so that reports rendered
	// later from results can show them with their evidence.
	Transcript []transcript.Message `json:"transcript"`
}

// Criterion returns the result for criterion id, or nil.
func (r *Result) Criterion(id string) *CriterionResult {
	for i := range r.Criteria {
		if r.Criteria[i].ID == id {
			return &r.Criteria[i]
		}
	}
	return nil
}
