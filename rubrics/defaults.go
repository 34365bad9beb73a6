package rubrics

import "time"

// The default vocabularies below are what a criterion uses when its rubric
// entry does not list its own phrases.

func defaultEmpathy() *EmpathyParams {
	return &EmpathyParams{
		Acknowledge: []Phrase{"i understand", "i see", "that must be", "i can imagine", "i hear you",
			"thanks for letting me know", "i appreciate your patience", "re:i (completely|totally) understand"},
		Apology:       []Phrase{"sorry", "apologies", "i apologise", "i apologize", "my apologies"},
		Courtesy:      []Phrase{"please", "thank you", "thanks", "happy to help", "you're welcome", "my pleasure"},
		DistressBelow: -0.3,
		Window:        1,
	}
}

func defaultClarity() *ClarityParams {
	return &ClarityParams{
		MinReadingEase:      50,
		MaxSentenceWords:    30,
		MaxMessageWords:     map[string]int{"default": 120, "email": 300},
		Jargon:              []Phrase{"escalation matrix", "sla", "backend", "ticket queue", "tier 2", "re:\\bp[1-4]\\b"},
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
		Confirmations: []Phrase{"that worked", "that works", "all sorted", "it works now", "problem solved",
			"that fixed it", "perfect, thanks", "got it, thanks"},
		Unresolved: []Phrase{"still not working", "still doesn't work", "still waiting", "didn't help",
			"not resolved", "same problem", "still broken"},
		Escalation:         []Phrase{"speak to a manager", "talk to a manager", "supervisor", "file a complaint", "escalate"},
		ResolvedStatuses:   []string{"solved", "resolved", "closed", "done"},
		UnresolvedStatuses: []string{"open", "pending", "new", "on-hold", "hold", "escalated"},
	}
}
