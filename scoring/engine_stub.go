package scoring

import (
	"strings"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/transcript"
)

// Engine is a stand-in until the engine lands.
type Engine struct{ r *rubrics.Rubric }

// New is a stand-in.
func New(r *rubrics.Rubric) (*Engine, error) { return &Engine{r: r}, nil }

// Score is a stand-in.
func (e *Engine) Score(c *transcript.Conversation) *Result {
	score := 0.0
	for _, m := range c.Messages {
		if m.Role == transcript.Agent && strings.Contains(strings.ToLower(m.Text), "hello") {
			score = 100
		}
	}
	st := Fail
	if score >= 50 {
		st = Pass
	}
	return &Result{Schema: ResultSchema, ID: c.ID, Channel: string(c.Channel), Agent: c.Agent, Team: c.Team, Start: c.Start,
		Messages: len(c.Messages), Score: score, Passed: score >= e.r.PassScore, Transcript: c.Messages, Meta: c.Meta, Source: c.Source,
		Rubric:   RubricRef{Name: e.r.Name, Version: e.r.Version, Hash: e.r.Hash},
		Criteria: []CriterionResult{{ID: "greeting", Name: "Greeting", Kind: "phrases", Weight: 1, Score: score, Status: st, Reason: "stub"}}}
}
