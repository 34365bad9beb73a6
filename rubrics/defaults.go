package rubrics

import "time"

// The default vocabularies below are what a criterion uses when its rubric
// entry does not list its own phrases. They aim at what a QA lead listens
// for, not at what is easy to count: "I see" is filler, not
// acknowledgement; "sorry" on its own is an apology; a customer saying
// "not fixed" has not confirmed anything.

func defaultEmpathy() *EmpathyParams {
	return &EmpathyParams{
		Acknowledge: []Phrase{"i understand", "i can understand", "i can imagine", "i hear you", "i get it",
			"that must be", "that must have been", "must be frustrating", "that sounds frustrating",
			"that's frustrating", "that is frustrating", "i know how", "i can see why", "i can see how",
			"thanks for letting me know", "thank you for letting me know", "i appreciate your patience",
			"thanks for your patience", "thank you for your patience", "i'm sorry to hear", "sorry to hear",
			"i completely understand", "i totally understand", "i realise", "i realize", "not the experience",
			"re:i (completely|totally|fully) understand", "you're right", "you are right"},
		Apology: []Phrase{"sorry", "apologies", "i apologise", "i apologize", "my apologies", "we apologise",
			"we apologize", "please accept our apologies"},
		Courtesy: []Phrase{"please", "thank you", "thanks", "happy to help", "glad to help", "you're welcome",
			"my pleasure", "of course", "certainly", "no problem", "gladly"},
		DistressBelow: -0.3,
		Window:        1,
	}
}

func defaultClarity() *ClarityParams {
	return &ClarityParams{
		MinReadingEase:   50,
		MaxSentenceWords: 30,
		MaxMessageWords:  map[string]int{"default": 120, "chat": 80, "sms": 60, "social": 60, "email": 300},
		Jargon: []Phrase{"escalation matrix", "sla", "backend", "back end", "ticket queue", "tier 2", "tier 3",
			"l2", "l3", "root cause", "as per", "kindly revert", "revert back", "per our policy", "re:\\bp[1-4]\\b"},
		ShoutingWords:       3,
		RepeatedPunctuation: true,
	}
}

func defaultResponseTime() *ResponseTimeParams {
	return &ResponseTimeParams{
		FirstResponse: ChannelDurations{"chat": Duration(time.Minute), "sms": Duration(15 * time.Minute),
			"social": Duration(time.Hour), "email": Duration(4 * time.Hour), "default": Duration(4 * time.Hour)},
		ReplyGap: ChannelDurations{"chat": Duration(2 * time.Minute), "sms": Duration(30 * time.Minute),
			"social": Duration(2 * time.Hour), "email": Duration(24 * time.Hour), "default": Duration(24 * time.Hour)},
	}
}

func defaultResolution() *ResolutionParams {
	return &ResolutionParams{
		Confirmations: []Phrase{"that worked", "that works", "it worked", "it works", "works now", "working now",
			"all sorted", "sorted now", "that's sorted", "problem solved", "that fixed it", "that's fixed", "fixed now",
			"that solved it", "that helps", "that helped", "that's great", "perfect, thanks", "perfect thank you",
			"great, thanks", "got it, thanks", "thanks so much", "thank you so much", "much appreciated",
			"that's all i needed", "all good now", "received it", "it arrived", "i got it", "you're a star", "lifesaver"},
		Unresolved: []Phrase{"still not working", "still not", "still doesn't", "still don't", "still can't", "still cannot", "still haven't",
			"still waiting", "still broken", "still the same", "not working", "isn't working", "doesn't work",
			"didn't work", "didn't help", "doesn't help", "not resolved", "not fixed", "not solved", "same problem",
			"same issue", "no help", "waste of time", "useless", "not happy", "haven't received", "never arrived",
			"makes no sense", "that's not what i asked"},
		Escalation: []Phrase{"speak to a manager", "talk to a manager", "your manager", "a supervisor",
			"your supervisor", "speak to someone else", "file a complaint", "formal complaint", "make a complaint",
			"escalate this", "escalate it", "my lawyer", "cancel my account", "close my account"},
		ResolvedStatuses:   []string{"solved", "resolved", "closed", "done", "completed"},
		UnresolvedStatuses: []string{"open", "pending", "new", "on-hold", "hold", "escalated", "reopened"},
	}
}
