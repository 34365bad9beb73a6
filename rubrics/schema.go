package rubrics

import (
	"sort"
	"time"
)

// A Rubric is a set of weighted criteria and the score a conversation must
// reach to pass.
type Rubric struct {
	Name        string `yaml:"name"`
	Version     string `yaml:"version"`
	Description string `yaml:"description,omitempty"`
	// PassScore is the overall score (0-100) a conversation needs to pass.
	PassScore float64 `yaml:"pass_score"`
	// PassMark is the score (0-100) at which a graded criterion passes;
	// below it, it fails (default 60).
	PassMark float64     `yaml:"pass_mark"`
	Sections []Section   `yaml:"sections,omitempty"`
	Criteria []Criterion `yaml:"criteria"`
	// Lexicon adds to or overrides the sentiment lexicon: a word or phrase
	// and its valence from -4 (very negative) to 4 (very positive).
	Lexicon map[string]float64 `yaml:"lexicon,omitempty"`

	// Source is where the rubric came from: a path, or "builtin:NAME".
	Source string `yaml:"-"`
	// Hash identifies the rubric's content: the first 12 hex digits of the
	// SHA-256 of the file's bytes.
	Hash string `yaml:"-"`
}

// A Section groups criteria in reports.
type Section struct {
	ID          string `yaml:"id"`
	Name        string `yaml:"name"`
	Description string `yaml:"description,omitempty"`
}

// Kind names a check: what a criterion measures and how.
type Kind string

// The check kinds.
const (
	KindEmpathy         Kind = "empathy"
	KindClarity         Kind = "clarity"
	KindResponseTime    Kind = "response_time"
	KindResolution      Kind = "resolution"
	KindSentiment       Kind = "sentiment"
	KindPhrases         Kind = "phrases"
	KindPersonalization Kind = "personalization"
	KindTalkRatio       Kind = "talk_ratio"
	KindSilence         Kind = "silence"
	KindInterruptions   Kind = "interruptions"
	// KindCustomerExperience follows the customer's reaction turn by turn.
	KindCustomerExperience Kind = "customer_experience"
)

// Kinds lists every kind in a stable order.
var Kinds = []Kind{KindEmpathy, KindClarity, KindResponseTime, KindResolution, KindSentiment,
	KindPhrases, KindPersonalization, KindTalkRatio, KindSilence, KindInterruptions, KindCustomerExperience}

// A Criterion is one thing a conversation is judged on.
type Criterion struct {
	ID          string  `yaml:"id"`
	Name        string  `yaml:"name"`
	Section     string  `yaml:"section,omitempty"`
	Description string  `yaml:"description,omitempty"`
	Weight      float64 `yaml:"weight"`
	Kind        Kind    `yaml:"kind"`
	// Channels the criterion applies to; empty means every channel.
	Channels []string `yaml:"channels,omitempty"`
	// Critical criteria fail the whole conversation when they fail.
	Critical bool `yaml:"critical,omitempty"`
	// Coaching is advice a trainer can show the agent when it fails.
	Coaching string `yaml:"coaching,omitempty"`
	// Params holds the kind's own settings, defaults filled in: one of
	// *EmpathyParams, *ClarityParams, ... matching Kind. In YAML they sit
	// beside the common keys.
	Params Params `yaml:"-"`

	// Pos is where the criterion starts in its file.
	Pos Position `yaml:"-"`
}

// AppliesTo reports whether the criterion applies to a channel.
func (c *Criterion) AppliesTo(channel string) bool {
	if len(c.Channels) == 0 {
		return true
	}
	for _, ch := range c.Channels {
		if ch == channel {
			return true
		}
	}
	return false
}

// Position is a place in a rubric file.
type Position struct {
	File   string
	Line   int
	Column int
}

// Params are a kind's settings.
type Params interface {
	Kind() Kind
}

// A Phrase is matched against message text: plain text matches
// case-insensitively on word boundaries; "re:" introduces a regular
// expression (RE2 syntax, matched case-insensitively).
type Phrase string

// IsRegexp reports whether the phrase is a regular expression.
func (p Phrase) IsRegexp() bool { return len(p) > 3 && p[:3] == "re:" }

// Pattern is the phrase without its "re:" prefix.
func (p Phrase) Pattern() string {
	if p.IsRegexp() {
		return string(p[3:])
	}
	return string(p)
}

// Duration is a time.Duration written as "60s", "4h" or "1h30m".
type Duration time.Duration

// ChannelDurations are thresholds per channel; the key "default" applies to
// channels not named.
type ChannelDurations map[string]Duration

// For returns the threshold for a channel.
func (cd ChannelDurations) For(channel string) (time.Duration, bool) {
	if d, ok := cd[channel]; ok {
		return time.Duration(d), true
	}
	d, ok := cd["default"]
	return time.Duration(d), ok
}

// Keys returns the channel names in a stable order.
func (cd ChannelDurations) Keys() []string {
	keys := make([]string, 0, len(cd))
	for k := range cd {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// EmpathyParams: acknowledgement, apology and understanding in agent turns,
// weighted by need.
type EmpathyParams struct {
	// Acknowledge are phrases that show the agent heard the problem.
	Acknowledge []Phrase `yaml:"acknowledge"`
	// Apology are phrases of apology.
	Apology []Phrase `yaml:"apology"`
	// Courtesy are politeness markers, enough when the customer shows no
	// distress.
	Courtesy []Phrase `yaml:"courtesy"`
	// DistressBelow is the customer-turn sentiment (compound, -1..1) under
	// which the next agent turns must acknowledge or apologise.
	DistressBelow float64 `yaml:"distress_below"`
	// Window is how many agent turns after a distressed customer turn may
	// carry the acknowledgement.
	Window int `yaml:"window"`
}

// ClarityParams: readability and form of agent messages.
type ClarityParams struct {
	// MinReadingEase is the lowest acceptable Flesch reading ease (0-100).
	MinReadingEase float64 `yaml:"min_reading_ease"`
	// MaxSentenceWords flags sentences longer than this.
	MaxSentenceWords int `yaml:"max_sentence_words"`
	// MaxMessageWords flags walls of text, per channel ("default" for the rest).
	MaxMessageWords map[string]int `yaml:"max_message_words"`
	// Jargon are terms a customer should not have to know.
	Jargon []Phrase `yaml:"jargon"`
	// ShoutingWords is how many consecutive all-capital words count as
	// shouting.
	ShoutingWords int `yaml:"shouting_words"`
	// RepeatedPunctuation flags "!!" and "??".
	RepeatedPunctuation bool `yaml:"repeated_punctuation"`
}

// ResponseTimeParams: first response and reply gaps against per-channel
// thresholds.
type ResponseTimeParams struct {
	FirstResponse ChannelDurations `yaml:"first_response"`
	ReplyGap      ChannelDurations `yaml:"reply_gap"`
	// BusinessHours, when set, counts only time inside them.
	BusinessHours *BusinessHours `yaml:"business_hours,omitempty"`
}

// BusinessHours are the hours a team works.
type BusinessHours struct {
	// Days like ["mon", "tue", "wed", "thu", "fri"].
	Days []string `yaml:"days"`
	// Start and End are "09:00" and "17:30".
	Start string `yaml:"start"`
	End   string `yaml:"end"`
	// TimeZone is an IANA name such as "Europe/Berlin".
	TimeZone string `yaml:"time_zone"`
}

// ResolutionParams: whether the customer's problem was solved.
type ResolutionParams struct {
	Confirmations []Phrase `yaml:"confirmations"`
	Unresolved    []Phrase `yaml:"unresolved"`
	Escalation    []Phrase `yaml:"escalation"`
	// ResolvedStatuses and UnresolvedStatuses are values of the export's
	// status field (meta "status"), compared case-insensitively.
	ResolvedStatuses   []string `yaml:"resolved_statuses"`
	UnresolvedStatuses []string `yaml:"unresolved_statuses"`
}

// SentimentParams: the customer's trajectory and the agent's tone.
type SentimentParams struct {
	// AgentNegativeBelow is the agent-turn compound under which a turn
	// costs.
	AgentNegativeBelow float64 `yaml:"agent_negative_below"`
}

// PhrasesParams: required or forbidden phrases.
type PhrasesParams struct {
	// Mode is "require" or "forbid".
	Mode string `yaml:"mode"`
	// Speaker is "agent", "customer" or "bot" (for rubrics that judge a
	// chatbot).
	Speaker string `yaml:"speaker"`
	// Scope is "anywhere", "first" or "last"; first and last look at the
	// first or last Turns turns of Speaker.
	Scope   string   `yaml:"scope"`
	Turns   int      `yaml:"turns"`
	Phrases []Phrase `yaml:"phrases"`
}

// PersonalizationParams: the agent uses the customer's name.
type PersonalizationParams struct {
	MinUses int `yaml:"min_uses"`
}

// TalkRatioParams: the agent's share of talk time on a call.
type TalkRatioParams struct {
	Min float64 `yaml:"min"`
	Max float64 `yaml:"max"`
}

// SilenceParams: dead air on a call.
type SilenceParams struct {
	MaxGap Duration `yaml:"max_gap"`
}

// InterruptionsParams: the agent talking over the customer.
type InterruptionsParams struct {
	MaxCount   int      `yaml:"max_count"`
	MinOverlap Duration `yaml:"min_overlap"`
}

// CustomerExperienceParams: how the customer reacts, turn by turn. The
// same cues give every result its predicted customer satisfaction.
type CustomerExperienceParams struct {
	// Acceptance are customer phrases that accept an answer or praise it.
	Acceptance []Phrase `yaml:"acceptance"`
	// Pushback are customer phrases that reject an answer, correct the
	// agent or ask for something else. A turn that opens with "no" counts
	// too, unless it answers a closing question.
	Pushback []Phrase `yaml:"pushback"`
	// Confusion are customer phrases of not understanding the agent.
	Confusion []Phrase `yaml:"confusion"`
	// AgentFailure are agent or bot phrases that admit a failure to help.
	AgentFailure []Phrase `yaml:"agent_failure"`
	// ClosingQuestion are agent phrases after which a customer's "no" is an
	// answer ("anything else?"), not pushback.
	ClosingQuestion []Phrase `yaml:"closing_question"`
	// WarmClose are phrases of thanks or praise in the customer's last
	// turns; CurtClose are endings without warmth.
	WarmClose []Phrase `yaml:"warm_close"`
	CurtClose []Phrase `yaml:"curt_close"`
}

// Kind implements Params.
func (*CustomerExperienceParams) Kind() Kind { return KindCustomerExperience }

// Kind implements Params.
func (*EmpathyParams) Kind() Kind { return KindEmpathy }

// Kind implements Params.
func (*ClarityParams) Kind() Kind { return KindClarity }

// Kind implements Params.
func (*ResponseTimeParams) Kind() Kind { return KindResponseTime }

// Kind implements Params.
func (*ResolutionParams) Kind() Kind { return KindResolution }

// Kind implements Params.
func (*SentimentParams) Kind() Kind { return KindSentiment }

// Kind implements Params.
func (*PhrasesParams) Kind() Kind { return KindPhrases }

// Kind implements Params.
func (*PersonalizationParams) Kind() Kind { return KindPersonalization }

// Kind implements Params.
func (*TalkRatioParams) Kind() Kind { return KindTalkRatio }

// Kind implements Params.
func (*SilenceParams) Kind() Kind { return KindSilence }

// Kind implements Params.
func (*InterruptionsParams) Kind() Kind { return KindInterruptions }

// NewParams returns the kind's settings with every default filled in, ready
// for a rubric's values to be decoded over them; nil for an unknown kind.
func NewParams(k Kind) Params {
	switch k {
	case KindEmpathy:
		return defaultEmpathy()
	case KindClarity:
		return defaultClarity()
	case KindResponseTime:
		return defaultResponseTime()
	case KindResolution:
		return defaultResolution()
	case KindSentiment:
		return &SentimentParams{AgentNegativeBelow: -0.3}
	case KindPhrases:
		return &PhrasesParams{Mode: "require", Speaker: "agent", Scope: "anywhere"}
	case KindPersonalization:
		return &PersonalizationParams{MinUses: 1}
	case KindTalkRatio:
		return &TalkRatioParams{Min: 0.3, Max: 0.7}
	case KindSilence:
		return &SilenceParams{MaxGap: Duration(10 * time.Second)}
	case KindInterruptions:
		return &InterruptionsParams{MaxCount: 2, MinOverlap: Duration(500 * time.Millisecond)}
	case KindCustomerExperience:
		return defaultCustomerExperience()
	}
	return nil
}
