package sentiment

import (
	"math"
	"strings"
	"sync"
	"testing"
)

func score(t *testing.T, text string) float64 {
	t.Helper()
	return Default().Score(text).Compound
}

// Each case compares two texts: the rule under test must move the score the stated way.
func TestRules(t *testing.T) {
	tests := []struct {
		name            string
		lower, higher   string // score(lower) < score(higher)
		lowerIsNegative bool   // and score(lower) < 0 (a reversal, not just a weakening)
	}{
		{"negation reverses positive", "I am not happy", "I am happy", true},
		{"negation reverses negative", "the movie was bad", "the movie was not bad", false},
		{"contraction negates", "it doesn't help at all, useless", "it helps, useless", false},
		{"negation without apostrophe", "I dont love it", "I love it", true},
		{"curly apostrophe negates", "I don’t love it", "I love it", true},
		{"any n't contraction negates", "it mightn't be good", "it might be good", true},
		{"negation reaches three words", "not at all good", "good", true},
		{"negation stops at punctuation", "No, it is bad", "No, it is good", true},
		{"negation takes the nearest word only", "I don't appreciate being lied to", "I appreciate being lied to", true},
		{"booster strengthens", "good", "very good", false},
		{"booster strengthens negative", "extremely bad", "bad", true},
		{"dampener softens", "slightly good", "good", false},
		{"dampener phrase softens", "kind of good", "good", false},
		{"but: the clause after counts more", "the food was great but the service was terrible", "the food was terrible but the service was great", true},
		{"sentence-initial but turns on the sentence before", "It was great. But then it broke and I'm angry.", "It broke and I'm angry. But then it was great.", true},
		{"caps emphasis in mixed case", "the food was good", "the food was GOOD", false},
		{"caps emphasis negative", "the service was TERRIBLE", "the service was terrible", true},
		{"exclamation amplifies", "great", "great!!!", false},
		{"exclamation amplifies negative", "awful!!", "awful", true},
		{"repeated question marks amplify", "why is nobody responding??", "why is nobody responding?", true},
		{"stretched word found and emphasised", "it is good", "it is sooo goood", false},
		{"emoji positive", "order arrived", "order arrived 😍", false},
		{"emoji negative", "order arrived 😡", "order arrived", true},
		{"emoticon", "order arrived :(", "order arrived :)", true},
		{"service phrase: still waiting", "still waiting for my refund", "waiting for my refund", true},
		{"service phrase: charged twice", "I was charged twice", "I was charged", true},
		{"service phrase: never received", "I never received it", "I received it", true},
		{"service phrase: no response", "no response from anyone", "a response from someone", true},
		{"service phrase: waste of time", "what a waste of time", "what a time", true},
		{"service phrase: that worked", "ok", "that worked, cheers", false},
		{"service phrase: thank you so much", "thank you", "thank you so much", false},
		{"service phrase: no problem is not negative", "problem", "no problem", true},
		{"service phrase: can't thank you enough", "I can't thank you", "I can't thank you enough", false},
		{"polite thanks dropped in a complaint", "I've been waiting 3 weeks for my refund, thanks.", "I need to change my address", true},
		{"phrase holds across letter case", "STILL WAITING on my order", "waiting on my order", true},
		{"praise inside a question counts less", "is the upgrade free?", "the upgrade is free", false},
		{"elapsed time in digits", "it's been 3 weeks", "it's been nice", true},
		{"stretched negator still negates", "I am noooo happy", "I am happy", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			lo, hi := score(t, tt.lower), score(t, tt.higher)
			if lo >= hi {
				t.Errorf("score(%q) = %.3f, want < score(%q) = %.3f", tt.lower, lo, tt.higher, hi)
			}
			if tt.lowerIsNegative && lo >= 0 {
				t.Errorf("score(%q) = %.3f, want < 0", tt.lower, lo)
			}
		})
	}
}

func TestBuiltinLexiconLoads(t *testing.T) {
	lx, err := buildBase()
	if err != nil {
		t.Fatal(err)
	}
	if n := len(lx.words); n < 7000 {
		t.Errorf("lexicon has %d words, want the VADER lexicon's ~7,400 and more", n)
	}
	if len(lx.emoji) < 100 || len(lx.symbols) < 50 {
		t.Errorf("lexicon has %d emoji and %d emoticons, want more", len(lx.emoji), len(lx.symbols))
	}
}

func TestLabels(t *testing.T) {
	tests := []struct{ text, want string }{
		{"I need to change my address", "neutral"},
		{"No worries, I'll wait for the email.", "neutral"},
		{"Please remove me from the mailing list.", "neutral"},
		{"Thanks!", "positive"},
		{"Issue resolved, thanks a lot!", "positive"},
		{"I can't thank you enough", "positive"},
		{"No problem at all, thanks for sorting it so quickly.", "positive"},
		{"not happy", "negative"},
		{"I was charged twice for the same order.", "negative"},
		{"Still waiting.", "negative"},
		{"Your website doesn't work on my phone.", "negative"},
		{"I want to escalate this", "negative"},
		{"Great, that worked.", "positive"},
		{"All sorted, cheers", "positive"},
		{"I'd like to cancel my subscription", "neutral"}, // "I'd like" is a request, "I like" is not
		{"I like it", "positive"},
		{"I'll send the documents tomorrow", "neutral"}, // "I'll" must not read as "ill"
		{"He'll call back", "neutral"},                  // nor "he'll" as "hell"
		{"It's been 48 hours.", "negative"},             // any number matches "been 3 hours"
		{"Order 4411 PO 88", "neutral"},                 // "po" is VADER slang for "pissed off", not a purchase order
	}
	for _, tt := range tests {
		if got := Default().Score(tt.text).Label(0.05); got != tt.want {
			t.Errorf("Label(%q) = %s (compound %.3f), want %s", tt.text, got, Default().Score(tt.text).Compound, tt.want)
		}
	}
}

func TestMentionsAndURLsIgnored(t *testing.T) {
	tests := []struct{ with, without string }{
		{"@GreatCo my order is late", "my order is late"},
		{"see https://awesome.example.com/love/best for details", "see for details"},
		{"see www.happy.example for details", "see for details"},
		{"HTTP://WONDERFUL.EXAMPLE/x is down", "is down"},
	}
	for _, tt := range tests {
		if a, b := Default().Score(tt.with), Default().Score(tt.without); a != b {
			t.Errorf("Score(%q) = %+v, want the same as Score(%q) = %+v", tt.with, a, tt.without, b)
		}
	}
	if s := Default().Score("@someone https://example.com"); s != (Scores{}) {
		t.Errorf("only a mention and a URL: got %+v, want all zero", s)
	}
}

func TestNotOnlyButAlso(t *testing.T) {
	// Neither a negation nor a contrast: both halves count fully.
	if a, b := score(t, "it was not only cheap but also good"), score(t, "it was cheap and good"); a != b {
		t.Errorf("not only ... but also scores %.3f, want the same as a plain list %.3f", a, b)
	}
}

func TestAllCapsTextIsNotEmphasis(t *testing.T) {
	// A text typed entirely in capitals shouts nothing in particular.
	if a, b := score(t, "THE FOOD WAS GOOD"), score(t, "the food was good"); a != b {
		t.Errorf("all-caps text scores %.3f, want the same as lower case %.3f", a, b)
	}
}

func TestEmptyAndNeutral(t *testing.T) {
	for _, text := range []string{"", "   ", "\n\t", "!!!", "@a"} {
		if s := Default().Score(text); s != (Scores{}) {
			t.Errorf("Score(%q) = %+v, want all zero", text, s)
		}
	}
	if s := Default().Score("the parcel is blue"); s.Compound != 0 || s.Neu != 1 {
		t.Errorf("neutral text: got %+v, want compound 0 and Neu 1", s)
	}
}

func TestLabelThreshold(t *testing.T) {
	tests := []struct {
		c    float64
		want string
	}{{0.05, "positive"}, {0.049, "neutral"}, {-0.049, "neutral"}, {-0.05, "negative"}, {0, "neutral"}}
	for _, tt := range tests {
		if got := (Scores{Compound: tt.c}).Label(0.05); got != tt.want {
			t.Errorf("Label(%v) = %s, want %s", tt.c, got, tt.want)
		}
	}
}

func TestOverrides(t *testing.T) {
	a, err := New(map[string]float64{
		"chargeback":   -2.5,
		"out of stock": -1.5,
		"great":        0,
		"🦄":            3,
		"Doesn't Work": -3.5,
	})
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		text string
		want func(float64) bool
		desc string
	}{
		{"I will file a chargeback", func(c float64) bool { return c < -0.3 }, "negative"},
		{"that size is out of stock", func(c float64) bool { return c < -0.2 }, "negative"},
		{"great", func(c float64) bool { return c == 0 }, "zero"},
		{"🦄", func(c float64) bool { return c > 0.5 }, "positive"},
		{"it doesnt work", func(c float64) bool { return c < Default().Score("it doesnt work").Compound }, "below the default"},
	}
	for _, tt := range tests {
		if c := a.Score(tt.text).Compound; !tt.want(c) {
			t.Errorf("with overrides, Score(%q) = %.3f, want %s", tt.text, c, tt.desc)
		}
	}
	// The default analyzer is untouched.
	if c := Default().Score("great").Compound; c <= 0 {
		t.Errorf("Default().Score(great) = %.3f after New with overrides, want > 0", c)
	}
}

func TestOverrideErrors(t *testing.T) {
	tests := []struct {
		name string
		over map[string]float64
		want string
	}{
		{"too high", map[string]float64{"amazing": 5}, `"amazing": valence 5 outside -4..4`},
		{"too low", map[string]float64{"bad": -4.5}, "outside -4..4"},
		{"NaN", map[string]float64{"bad": math.NaN()}, "outside -4..4"},
		{"infinite", map[string]float64{"bad": math.Inf(1)}, "outside -4..4"},
		{"empty term", map[string]float64{"  ": 1}, "empty term"},
		{"punctuation inside a phrase", map[string]float64{"so :) good": 1}, "is not a word"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := New(tt.over)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("New(%v) error = %v, want it to contain %q", tt.over, err, tt.want)
			}
		})
	}
	_, err := New(map[string]float64{"a": 9, "b": 9})
	if err == nil || !strings.Contains(err.Error(), `"a"`) || !strings.Contains(err.Error(), `"b"`) {
		t.Errorf("two bad entries: error = %v, want both named", err)
	}
}

func TestConcurrentUse(t *testing.T) {
	texts := []string{"great service, thanks!", "still waiting on my refund", "I need to change my address"}
	want := make([]Scores, len(texts))
	for i, s := range texts {
		want[i] = Default().Score(s)
	}
	var wg sync.WaitGroup
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := 0; n < 200; n++ {
				for i, s := range texts {
					if got := Default().Score(s); got != want[i] {
						t.Errorf("concurrent Score(%q) = %+v, want %+v", s, got, want[i])
						return
					}
				}
			}
		}()
	}
	wg.Wait()
}

func TestNoAllocations(t *testing.T) {
	a := Default()
	text := "The food was GREAT but the delivery was sooo late, still waiting on my refund :( 😡"
	a.Score(text)
	if n := testing.AllocsPerRun(100, func() { a.Score(text) }); n > 0 {
		t.Errorf("Score allocates %.1f times per call, want 0", n)
	}
}

// TestServiceText covers how customers write to a service: failures told as events, churn and
// threats, sarcasm, complaint questions, thanks, and polite requests. Each row failed before the
// service-text rules and vocabulary (rules.go, cs.tsv) were added.
func TestServiceText(t *testing.T) {
	a := Default()
	for _, tc := range []struct{ text, want string }{
		{"Stuck on the tarmac for an hour and no information.", "negative"},
		{"My flight got cancelled and no one answered the phone", "negative"},
		{"Unbelievable. I'm cancelling my account.", "negative"},
		{"I'll file a complaint.", "negative"},
		{"I'm switching to another provider.", "negative"},
		{"I want to close my account.", "negative"},
		{"Great, another delayed flight. Love it.", "negative"},
		{"Thanks for losing my bag", "negative"},
		{"now what?!", "negative"},
		{"seriously?!", "negative"},
		{"why is it so hard to get a refund?", "negative"},
		{"Thanks", "positive"},
		{"thanks!", "positive"},
		{"Can you refund the extra charge please?", "neutral"},
		{"Could you tell me when the store opens?", "neutral"},
		// Praise that is meant stays praise.
		{"Great, thanks, the delayed parcel came today and it works perfectly", "positive"},
		{"The flight was delayed but the crew were great", "positive"},
		{"Not great, my bag was lost", "negative"},
		// A strong complaint inside a request is still a complaint.
		{"Can you stop charging me twice please?", "negative"},
	} {
		if got := a.Score(tc.text).Label(0.05); got != tc.want {
			t.Errorf("%q: %s (%.3f), want %s", tc.text, got, a.Score(tc.text).Compound, tc.want)
		}
	}
}

// TestOverrideKeepsRules: a rubric that re-weights a praise word does not stop it being read
// as sarcasm beside a failure.
func TestOverrideKeepsRules(t *testing.T) {
	a, err := New(map[string]float64{"great": 2})
	if err != nil {
		t.Fatal(err)
	}
	if s := a.Score("Great, another delayed flight."); s.Compound >= 0 {
		t.Errorf("sarcasm after an override scored %.3f, want negative", s.Compound)
	}
}

// TestUnmetExpectations: a service that did not do what it should ("hasn't arrived", "nobody
// replied") is a complaint without any sentiment word, and praise beside it, or in a sentence
// of its own next to it, is sarcasm. An agent stating such a status stays near neutral.
func TestUnmetExpectations(t *testing.T) {
	a := Default()
	for _, tc := range []struct{ text, want string }{
		{"My parcel hasn't arrived.", "negative"},
		{"Nobody replied to my email.", "negative"},
		{"The app won't open", "negative"},
		{"Great, my parcel still hasn't arrived.", "negative"},
		{"Great service. My bag is lost.", "negative"},
		{"Love it. Flight delayed 3 hours.", "negative"},
		{"Great product. Fast shipping.", "positive"},
		{"no, thanks, it works now", "positive"},
	} {
		if got := a.Score(tc.text).Label(0.05); got != tc.want {
			t.Errorf("%q: %s (%.3f), want %s", tc.text, got, a.Score(tc.text).Compound, tc.want)
		}
	}
	if c := a.Score("We haven't shipped it yet.").Compound; c < -0.2 {
		t.Errorf("an agent's status scored %.3f, want no more negative than -0.2 (no negative tone)", c)
	}
}
