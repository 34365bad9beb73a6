package scoring

import (
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/transcript"
)

func TestPhrases(t *testing.T) {
	greeting := func(p rubrics.Params) {
		pp := p.(*rubrics.PhrasesParams)
		pp.Scope, pp.Turns = "first", 1
		pp.Phrases = []rubrics.Phrase{"hello", "hi", "re:good (morning|afternoon|evening)"}
	}
	forbid := func(p rubrics.Params) {
		pp := p.(*rubrics.PhrasesParams)
		pp.Mode, pp.Phrases = "forbid", []rubrics.Phrase{"stupid", "shut up"}
	}
	runKindCases(t, rubrics.KindPhrases, []kindCase{
		{name: "required regexp phrase in the first agent turn", set: greeting,
			conv:  conv(transcript.Chat, ag("Good morning, this is Ana."), cu("hi")),
			score: 100, status: Pass, ev: []wantEv{{0, "Good morning", "+"}}},
		{name: "required phrase only outside the scope fails", set: greeting,
			conv:  conv(transcript.Chat, cu("Where is my order?"), ag("Let me check."), ag("Hello again, found it.")),
			score: 0, status: Fail, ev: []wantEv{{-1, "", "-"}}},
		{name: "a phrase matches whole words only", set: greeting,
			conv:  conv(transcript.Chat, ag("This is it.")),
			score: 0, status: Fail},
		{name: "forbidden phrase found", set: forbid,
			conv:  conv(transcript.Chat, cu("Can I reset it?"), ag("That is a stupid question.")),
			score: 0, status: Fail, ev: []wantEv{{1, "stupid", "-"}}},
		{name: "forbidden multi-word phrase across punctuation", set: forbid,
			conv:  conv(transcript.Chat, ag("Please, shut, up.")),
			score: 0, status: Fail, ev: []wantEv{{0, "shut, up", "-"}}},
		{name: "no forbidden phrase passes", set: forbid,
			conv:  conv(transcript.Chat, ag("Happy to help.")),
			score: 100, status: Pass},
		{name: "internal notes are never scored", set: forbid,
			conv:  conv(transcript.Chat, note("customer is stupid"), ag("Happy to help.")),
			score: 100, status: Pass},
		{name: "typographic apostrophe matches a plain one",
			set:   func(p rubrics.Params) { p.(*rubrics.PhrasesParams).Phrases = []rubrics.Phrase{"you're welcome"} },
			conv:  conv(transcript.Chat, cu("thanks"), ag("You’re welcome!")),
			score: 100, status: Pass, ev: []wantEv{{1, "You’re welcome", "+"}}},
		{name: "customer's last turn",
			set: func(p rubrics.Params) {
				pp := p.(*rubrics.PhrasesParams)
				pp.Speaker, pp.Scope, pp.Turns, pp.Phrases = "customer", "last", 1, []rubrics.Phrase{"thanks"}
			},
			conv:  conv(transcript.Chat, cu("thanks"), ag("ok"), cu("bye now")),
			score: 0, status: Fail},
		{name: "bot speaker",
			set: func(p rubrics.Params) {
				pp := p.(*rubrics.PhrasesParams)
				pp.Speaker, pp.Phrases = "bot", []rubrics.Phrase{"virtual assistant"}
			},
			conv:  conv(transcript.Chat, bt("I'm the virtual assistant."), cu("hi")),
			score: 100, status: Pass, ev: []wantEv{{0, "virtual assistant", "+"}}},
		{name: "speaker who never wrote is not applicable",
			set: func(p rubrics.Params) {
				pp := p.(*rubrics.PhrasesParams)
				pp.Speaker, pp.Phrases = "bot", []rubrics.Phrase{"hi"}
			},
			conv:  conv(transcript.Chat, ag("hi"), cu("hi")),
			score: 0, status: NotApplicable},
	})
}

func TestEmpathy(t *testing.T) {
	const (
		angry  = "My parcel is lost and I am furious."
		angry2 = "This is the third time I've asked!"
	)
	sent := fakeSentiment{angry: -0.7, angry2: -0.5}
	runKindCases(t, rubrics.KindEmpathy, []kindCase{
		{name: "distress met with an apology", sent: sent,
			conv:  conv(transcript.Chat, cu(angry), ag("I'm so sorry to hear that, let me look.")),
			score: 100, status: Pass, ev: []wantEv{{1, "sorry to hear", "+"}}},
		{name: "distress met with acknowledgement", sent: sent,
			conv:  conv(transcript.Chat, cu(angry), ag("I completely understand, let me look.")),
			score: 100, status: Pass, ev: []wantEv{{1, "I completely understand", "+"}}},
		{name: "distress ignored", sent: sent,
			conv:  conv(transcript.Chat, cu(angry), ag("Send your order number."), cu("It is 1234."), ag("Thank you.")),
			score: 0, status: Fail, ev: []wantEv{{0, angry, "-"}}},
		{name: "acknowledgement too late for the window", sent: sent,
			conv:  conv(transcript.Chat, cu(angry), ag("Order number?"), ag("Sorry, I see it now.")),
			score: 0, status: Fail, ev: []wantEv{{0, angry, "-"}}},
		{name: "wider window accepts it", sent: sent,
			set:   func(p rubrics.Params) { p.(*rubrics.EmpathyParams).Window = 2 },
			conv:  conv(transcript.Chat, cu(angry), ag("Order number?"), ag("Sorry, I see it now.")),
			score: 100, status: Pass, ev: []wantEv{{2, "Sorry", "+"}}},
		{name: "one of two distressed turns met", sent: sent,
			conv:  conv(transcript.Chat, cu(angry), ag("Sorry about that."), cu(angry2), ag("Order number?")),
			score: 50, status: Fail, ev: []wantEv{{1, "Sorry", "+"}, {2, angry2, "-"}}},
		{name: "no distress: courtesy suffices", sent: sent,
			conv:  conv(transcript.Chat, cu("Can I change my address?"), ag("Sure, please send the new one.")),
			score: 100, status: Pass, ev: []wantEv{{1, "please", "+"}}},
		{name: "no distress and no courtesy", sent: sent,
			conv:  conv(transcript.Chat, cu("Can I change my address?"), ag("Send the new one.")),
			score: 70, status: Pass, ev: []wantEv{{-1, "", "-"}}},
		{name: "distress with no reply after it is not held against the agent", sent: sent,
			conv:  conv(transcript.Chat, ag("Hello, happy to help."), cu(angry)),
			score: 100, status: Pass, ev: []wantEv{{0, "happy to help", "+"}}},
		{name: "bot-only conversation judges the bot", sent: sent,
			conv:  conv(transcript.Chat, cu(angry), bt("Sorry about that!")),
			score: 100, status: Pass, ev: []wantEv{{1, "Sorry", "+"}}},
		{name: "no agent turn", sent: sent,
			conv:  conv(transcript.Chat, cu(angry)),
			score: 0, status: NotApplicable},
	})
}

func TestClarity(t *testing.T) {
	const clear = "Hi Bob. Your refund is on its way. It will reach your card in three days. Thanks for your patience."
	const long = "I have looked at your account and I can see that the payment went through on the first of the month and the card was charged once."
	runKindCases(t, rubrics.KindClarity, []kindCase{
		{name: "short plain sentences", conv: conv(transcript.Chat, cu("refund?"), ag(clear)),
			score: 100, status: Pass, ev: []wantEv{{-1, "", "+"}}},
		{name: "jargon", conv: conv(transcript.Chat, ag("I have raised it with tier 2 and the backend team.")),
			score: 84, status: Pass, ev: []wantEv{{0, "tier 2", "-"}, {0, "backend", "-"}}},
		{name: "jargon regexp", conv: conv(transcript.Chat, ag("This is a P2 now.")),
			score: 92, status: Pass, ev: []wantEv{{0, "P2", "-"}}},
		{name: "shouting", conv: conv(transcript.Chat, ag("Please DO NOT RESTART the router.")),
			score: 85, status: Pass, ev: []wantEv{{0, "DO NOT RESTART", "-"}}},
		{name: "acronyms are not shouting", conv: conv(transcript.Chat, ag("Send the PDF to our FAQ page URL.")),
			score: 100, status: Pass},
		{name: "shouting and repeated punctuation fail",
			conv:  conv(transcript.Chat, ag("WHY WOULD YOU DO THAT?!! I TOLD YOU ALREADY!!"), ag("STOP ASKING ME THE SAME THING!!!")),
			score: 55, status: Fail, ev: []wantEv{{0, "WHY WOULD YOU DO THAT?!! I TOLD YOU ALREADY", "-"}, {0, "?!!", "-"}, {1, "!!!", "-"}}},
		{name: "long sentence and wall of text",
			set: func(p rubrics.Params) {
				cp := p.(*rubrics.ClarityParams)
				cp.MaxSentenceWords, cp.MaxMessageWords = 15, map[string]int{"default": 20}
			},
			conv:  conv(transcript.Chat, ag(long)),
			score: 77, status: Pass, ev: []wantEv{{0, long, "-"}, {0, "", "-"}}},
		{name: "a link is one word, not a long sentence",
			set:   func(p rubrics.Params) { p.(*rubrics.ClarityParams).MaxSentenceWords = 12 },
			conv:  conv(transcript.Chat, ag("You can track it at https://shop.example.com/orders/2026/03/A-7731/track?ref=mail&step=1&lang=en today.")),
			score: 100, status: Pass},
		{name: "email allows longer messages",
			set: func(p rubrics.Params) {
				p.(*rubrics.ClarityParams).MaxMessageWords = map[string]int{"default": 20, "email": 100}
			},
			conv:  conv(transcript.Email, ag(long)),
			score: 100, status: Pass},
		{name: "hard to read",
			conv: conv(transcript.Chat, ag("Unfortunately, reimbursement authorization necessitates comprehensive verification of supplementary documentation. "+
				"Subsequently, administrative personnel will communicate regarding the final determination of eligibility.")),
			score: 55, status: Fail, ev: []wantEv{{-1, "", "-"}}},
		{name: "no agent turn", conv: conv(transcript.Chat, cu("HELLO???")), score: 0, status: NotApplicable},
	})
}

func TestResponseTime(t *testing.T) {
	fri := time.Date(2026, 3, 6, 16, 0, 0, 0, time.UTC)
	mon := time.Date(2026, 3, 9, 10, 0, 0, 0, time.UTC)
	weekend := conv(transcript.Email,
		transcript.Message{Role: transcript.Customer, Text: "Invoice wrong", At: fri},
		transcript.Message{Role: transcript.Agent, Text: "Fixed", At: mon})
	hours := func(p rubrics.Params) {
		p.(*rubrics.ResponseTimeParams).BusinessHours = &rubrics.BusinessHours{
			Days: []string{"mon", "tue", "wed", "thu", "fri"}, Start: "09:00", End: "17:00", TimeZone: "UTC"}
	}
	runKindCases(t, rubrics.KindResponseTime, []kindCase{
		{name: "fast replies", conv: conv(transcript.Chat, at(cu("hi"), 0), at(ag("hello"), 30), at(cu("q"), 60), at(ag("a"), 120)),
			score: 100, status: Pass, ev: []wantEv{{1, "", "+"}, {3, "", "+"}}},
		{name: "slow first response", conv: conv(transcript.Chat, at(cu("hi"), 0), at(ag("hello"), 120)),
			score: 50, status: Fail, ev: []wantEv{{1, "", "-"}}},
		{name: "slow reply gap", conv: conv(transcript.Chat, at(cu("hi"), 0), at(ag("hello"), 30), at(cu("q"), 60), at(ag("a"), 420)),
			score: 50, status: Fail, ev: []wantEv{{1, "", "+"}, {3, "", "-"}}},
		{name: "the wait runs from the first unanswered customer turn",
			conv:  conv(transcript.Chat, at(cu("hi"), 0), at(cu("anyone?"), 50), at(ag("hello"), 100)),
			score: 66.7, status: Pass, ev: []wantEv{{2, "", "-"}}},
		{name: "bot turns are not a response", conv: conv(transcript.Chat, at(cu("hi"), 0), at(bt("A human will be with you"), 5), at(ag("hello"), 50)),
			score: 100, status: Pass, ev: []wantEv{{2, "", "+"}}},
		{name: "internal notes are not a response", conv: conv(transcript.Chat, at(cu("hi"), 0), at(note("vip"), 10), at(ag("hello"), 100)),
			score: 66.7, status: Pass, ev: []wantEv{{2, "", "-"}}},
		{name: "the customer never got a reply", conv: conv(transcript.Chat, at(ag("Hi from Acme"), 0), at(cu("help please"), 30)),
			score: 0, status: Fail, ev: []wantEv{{1, "help please", "-"}}},
		{name: "weekend outside business hours does not count", set: hours, conv: weekend,
			score: 100, status: Pass, ev: []wantEv{{1, "", "+"}}},
		{name: "weekend counts without business hours", conv: weekend,
			score: 0, status: Fail, ev: []wantEv{{1, "", "-"}}},
		{name: "calls are not applicable", conv: conv(transcript.Call, at(cu("hi"), 0), at(ag("hello"), 1)),
			score: 0, status: NotApplicable},
		{name: "missing timestamp", conv: conv(transcript.Chat, at(cu("hi"), 0), ag("hello")),
			score: 0, status: NotApplicable},
		{name: "no human agent", conv: conv(transcript.Chat, at(cu("hi"), 0), at(bt("hello"), 1)),
			score: 0, status: NotApplicable},
	})
}

func TestResolution(t *testing.T) {
	const (
		worked = "That worked, thank you!"
		still  = "It is still not working."
	)
	sent := fakeSentiment{worked: 0.6, still: -0.4, "Lovely": 0.5, "I will pop in on Monday then": 0.4}
	solved := conv(transcript.Chat, cu("Where is my refund?"), ag("It was sent today."))
	solved.Meta = map[string]string{"status": "Solved"}
	runKindCases(t, rubrics.KindResolution, []kindCase{
		{name: "customer confirms", sent: sent,
			conv:  conv(transcript.Chat, cu("My card was charged twice."), ag("I refunded the second charge."), cu(worked)),
			score: 95, status: Pass, ev: []wantEv{{2, "That worked", "+"}, {2, "", "+"}}},
		{name: "customer says it is not solved", sent: sent,
			conv:  conv(transcript.Chat, cu("My card was charged twice."), ag("Try again tomorrow."), cu(still)),
			score: 10, status: Fail, ev: []wantEv{{2, "still not working", "-"}}},
		{name: "the latest signal decides", sent: sent,
			conv:  conv(transcript.Chat, cu("Still not working."), ag("Try this link."), cu("Ok that fixed it.")),
			score: 90, status: Pass, ev: []wantEv{{2, "that fixed it", "+"}}},
		{name: "the opening complaint is no verdict, even after a greeting", sent: sent,
			conv: conv(transcript.Chat, ag("Hi, how can I help?"), cu("My parcel never arrived."), ag("I've sent a new one."),
				cu("That worked, thank you!")),
			score: 95, status: Pass, ev: []wantEv{{3, "That worked", "+"}}},
		{name: "escalation request", sent: sent,
			conv:  conv(transcript.Chat, cu("I want to speak to a manager."), ag("One moment.")),
			score: 25, status: Fail, ev: []wantEv{{0, "speak to a manager", "-"}}},
		{name: "status from the export", sent: sent, conv: solved,
			score: 80, status: Pass, ev: []wantEv{{-1, "solved", "+"}}},
		{name: "repeated complaint", sent: sent,
			conv: conv(transcript.Chat, cu("My router keeps dropping the internet connection every evening."), ag("Please restart it."),
				cu("The router keeps dropping the internet connection every evening, again.")),
			score: 35, status: Fail, ev: []wantEv{{2, "The router keeps dropping the internet connection every evening, again.", "-"}}},
		{name: "no signal leans on the final sentiment", sent: sent,
			conv:  conv(transcript.Chat, cu("Can I pay by card?"), ag("Yes, any card."), cu("I will pop in on Monday then")),
			score: 70, status: Pass, ev: []wantEv{{2, "", "+"}}},
		// Everyday customers accept an answer ("lovely"), they do not
		// announce that the problem is solved.
		{name: "an accepted answer resolves", sent: sent,
			conv:  conv(transcript.Chat, cu("Can I pay by card?"), ag("Yes, any card."), cu("Lovely")),
			score: 80, status: Pass, ev: []wantEv{{2, "Lovely", "+"}, {2, "", "+"}}},
		{name: "a responder who cannot help has not resolved", sent: sent,
			conv: conv(transcript.Chat, cu("Do you have the blue one in size 9?"),
				ag("Unfortunately there are no blue ones left in size 9."), cu("ok")),
			score: 30, status: Fail, ev: []wantEv{{1, "Unfortunately", "-"}}},
		{name: "a request left unanswered at the end", sent: sent,
			conv: conv(transcript.Chat, cu("Do you ship to Norway?"), ag("Let me check."),
				cu("And how long does it take?")),
			score: 35, status: Fail, ev: []wantEv{{2, "And how long does it take?", "-"}}},
		{name: "no customer turn", sent: sent, conv: conv(transcript.Chat, ag("Your parcel shipped.")),
			score: 0, status: NotApplicable},
		{name: "nobody answered", sent: sent, conv: conv(transcript.Chat, cu("That worked, thank you!")),
			score: 0, status: NotApplicable},
	})
}

func TestSentiment(t *testing.T) {
	sent := fakeSentiment{"angry": -0.6, "happy": 0.6, "fine": 0.2, "That is not my problem.": -0.5, "upset": -0.5}
	runKindCases(t, rubrics.KindSentiment, []kindCase{
		{name: "de-escalation earns credit", sent: sent,
			conv:  conv(transcript.Chat, cu("angry"), ag("Let me fix it."), cu("happy")),
			score: 88, status: Pass, ev: []wantEv{{-1, "", "+"}, {0, "", ""}, {2, "", "+"}}},
		{name: "ending negative costs", sent: sent,
			conv:  conv(transcript.Chat, cu("ok"), ag("Let me fix it."), cu("angry")),
			score: 58, status: Fail, ev: []wantEv{{-1, "", "-"}, {2, "", "-"}}},
		// Every turn counts, not only the first and the last: an upset
		// customer in the middle of the conversation costs.
		{name: "every customer turn counts", sent: sent,
			conv: conv(transcript.Chat, cu("ok"), ag("Let me fix it."), cu("upset"), ag("Sorry, one more try."),
				cu("upset"), ag("Done."), cu("ok")),
			score: 61.4, status: Pass, ev: []wantEv{{-1, "", "-"}, {0, "", ""}, {6, "", "+"}}},
		{name: "negative agent tone costs", sent: sent,
			conv:  conv(transcript.Chat, cu("fine"), ag("That is not my problem."), cu("fine")),
			score: 62, status: Pass, ev: []wantEv{{1, "That is not my problem.", "-"}}},
		{name: "one customer turn judges the agent's tone only", sent: sent,
			conv:  conv(transcript.Chat, cu("upset"), ag("Let me fix it.")),
			score: 100, status: Pass},
		{name: "nobody wrote", sent: sent,
			conv:  conv(transcript.Chat, transcript.Message{Role: transcript.System, Text: "chat started"}),
			score: 0, status: NotApplicable},
	})
}

func TestPersonalization(t *testing.T) {
	named := conv(transcript.Chat, cu("My order is late."), ag("Thanks Maria, let me check."))
	named.Customer = "Maria Lopez"
	mailed := conv(transcript.Chat, cu("My order is late."), ag("Thanks, let me check."))
	mailed.Customer = "maria@example.com"
	runKindCases(t, rubrics.KindPersonalization, []kindCase{
		{name: "name from the conversation", conv: named,
			score: 100, status: Pass, ev: []wantEv{{-1, "Maria Lopez", ""}, {1, "Maria", "+"}}},
		{name: "customer introduces themself", conv: conv(transcript.Chat, cu("Hi, my name is Dana and my order is late."), ag("Hi Dana, sorry about that.")),
			score: 100, status: Pass, ev: []wantEv{{0, "Dana", ""}, {1, "Dana", "+"}}},
		{name: "NAME here", conv: conv(transcript.Chat, cu("Tom here, my login fails."), ag("Let me reset it, tom.")),
			score: 100, status: Pass, ev: []wantEv{{0, "Tom", ""}, {1, "tom", "+"}}},
		{name: "e-mail sign-off, name never used", conv: conv(transcript.Email, cu("Hello,\nmy invoice is wrong.\n\nThanks,\nPriya"), ag("Dear customer, we fixed it.")),
			score: 0, status: Fail, ev: []wantEv{{0, "Priya", ""}, {-1, "", "-"}}},
		{name: "fewer uses than wanted",
			set:   func(p rubrics.Params) { p.(*rubrics.PersonalizationParams).MinUses = 2 },
			conv:  conv(transcript.Chat, cu("I'm Lena, my card is blocked."), ag("Hi Lena!"), ag("Unblocked.")),
			score: 50, status: Fail, ev: []wantEv{{1, "Lena", "+"}}},
		{name: "\"this is ridiculous\" is not a name", conv: conv(transcript.Chat, cu("This is ridiculous."), ag("Sorry.")),
			score: 0, status: NotApplicable},
		{name: "an e-mail address is not a name", conv: mailed, score: 0, status: NotApplicable},
		{name: "no agent turn", conv: conv(transcript.Chat, cu("I'm Lena.")), score: 0, status: NotApplicable},
	})
}

func TestTalkRatio(t *testing.T) {
	runKindCases(t, rubrics.KindTalkRatio, []kindCase{
		{name: "balanced", conv: conv(transcript.Call, off(ag("hi"), 0, 5000), off(cu("hello"), 5000, 10000)),
			score: 100, status: Pass, ev: []wantEv{{-1, "", "+"}}},
		{name: "slightly over", conv: conv(transcript.Call, off(ag("hi"), 0, 7500), off(cu("hello"), 7500, 10000)),
			score: 75, status: Pass, ev: []wantEv{{-1, "", "-"}}},
		{name: "agent monologue", conv: conv(transcript.Call, off(ag("hi"), 0, 9000), off(cu("hello"), 9000, 10000)),
			score: 0, status: Fail, ev: []wantEv{{-1, "", "-"}}},
		{name: "no offsets", conv: conv(transcript.Chat, ag("hi"), cu("hello")), score: 0, status: NotApplicable},
	})
}

func TestSilence(t *testing.T) {
	runKindCases(t, rubrics.KindSilence, []kindCase{
		{name: "no dead air", conv: conv(transcript.Call, off(ag("hi"), 0, 3000), off(cu("hello"), 4000, 8000)),
			score: 100, status: Pass},
		{name: "one long silence", conv: conv(transcript.Call, off(ag("let me check"), 0, 3000), off(cu("hello?"), 28000, 30000)),
			score: 72.5, status: Pass, ev: []wantEv{{1, "", "-"}}},
		{name: "repeated silences", conv: conv(transcript.Call, off(ag("a"), 0, 1000), off(cu("b"), 21000, 22000),
			off(ag("c"), 52000, 53000), off(cu("d"), 83000, 84000)),
			score: 15, status: Fail, ev: []wantEv{{1, "", "-"}, {2, "", "-"}, {3, "", "-"}}},
		{name: "overlap is not silence", conv: conv(transcript.Call, off(ag("a"), 0, 30000), off(cu("b"), 2000, 3000), off(ag("c"), 31000, 32000)),
			score: 100, status: Pass},
		{name: "no offsets", conv: conv(transcript.Call, ag("hi"), cu("hello")), score: 0, status: NotApplicable},
	})
}

func TestInterruptions(t *testing.T) {
	runKindCases(t, rubrics.KindInterruptions, []kindCase{
		{name: "none", conv: conv(transcript.Call, off(cu("my bill"), 0, 5000), off(ag("I see"), 5200, 8000)),
			score: 100, status: Pass},
		{name: "one interruption", conv: conv(transcript.Call, off(cu("my bill is wrong again"), 0, 5000), off(ag("Yes yes, I know"), 4000, 8000)),
			score: 86.7, status: Pass, ev: []wantEv{{1, "Yes yes, I know", "-"}}},
		{name: "overlap shorter than min_overlap", conv: conv(transcript.Call, off(cu("my bill"), 0, 5000), off(ag("right"), 4700, 8000)),
			score: 100, status: Pass},
		{name: "customer talking over the agent does not count", conv: conv(transcript.Call, off(ag("so the plan"), 0, 5000), off(cu("wait"), 3000, 6000)),
			score: 100, status: Pass},
		{name: "three interruptions", conv: conv(transcript.Call,
			off(cu("a"), 0, 5000), off(ag("b"), 4000, 6000),
			off(cu("c"), 7000, 12000), off(ag("d"), 10000, 13000),
			off(cu("e"), 14000, 19000), off(ag("f"), 15000, 20000)),
			score: 59, status: Fail, ev: []wantEv{{1, "b", "-"}, {3, "d", "-"}, {5, "f", "-"}}},
		{name: "no offsets", conv: conv(transcript.Call, cu("hi"), ag("hello")), score: 0, status: NotApplicable},
	})
}

func TestPhraseListReadsAsWords(t *testing.T) {
	for _, c := range []struct {
		name    string
		phrases []rubrics.Phrase
		want    string
	}{
		{"plain phrases", []rubrics.Phrase{"hello", "hi"}, `"hello", "hi"`},
		{"one group of words reads as alternatives", []rubrics.Phrase{"hi", "re:good (morning|afternoon|evening|day)"}, `"hi", "good morning/afternoon/evening/day"`},
		{"a literal pattern with word boundaries", []rubrics.Phrase{`re:\bthank you\b`}, `"thank you"`},
		{"other patterns are left out and counted", []rubrics.Phrase{"hello", `re:\bf+u+c+k+`, `re:\bsh[i1]t+\b`}, `"hello", … (2 more)`},
		{"more than the list holds", []rubrics.Phrase{"a", "b", "c", `re:x.y`}, `"a", "b", … (2 more)`},
		{"nothing readable", []rubrics.Phrase{`re:\d+`}, `… (1 more)`},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := phraseList(c.phrases, 2); got != c.want {
				t.Errorf("phraseList(%q) = %s, want %s", c.phrases, got, c.want)
			}
		})
	}
}

// TestExcerptCutAtAWordAndMarked: evidence about a whole long turn quotes
// its start, cut at the end of a word and marked Cut for the "…" pages
// show; a short turn is quoted whole.
func TestExcerptCutAtAWordAndMarked(t *testing.T) {
	long := "My internet has been down since yesterday and I work from home. This is the third outage this month."
	e := oneCriterion(t, rubrics.KindEmpathy, nil, nil)
	for _, c := range []struct {
		text, want string
		cut        bool
	}{
		{long, "My internet has been down since yesterday and I work from home. This is the", true},
		{"Short and whole.", "Short and whole.", false},
		{strings.Repeat("x", 100), strings.Repeat("x", 80), true}, // one word longer than the excerpt
	} {
		a := e.analyse(conv(transcript.Chat, cu(c.text)))
		ev := excerpt(a, 0, 80)
		if ev.Text != c.want || ev.Cut != c.cut || c.text[ev.Start:ev.End] != ev.Text {
			t.Errorf("excerpt of %q = %q (cut %v), want %q (cut %v)", c.text, ev.Text, ev.Cut, c.want, c.cut)
		}
	}
}
