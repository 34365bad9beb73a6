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

// defaultCustomerExperience lists the reactions that carry a customer's
// satisfaction in any service conversation: acceptance and praise,
// pushback and corrections, confusion, the agent admitting it cannot help,
// and how the customer leaves. Restating requirements and the agent
// offering alternatives are left out on purpose: whether they mean a good
// or a bad conversation differs from one set of conversations to another.
func defaultCustomerExperience() *CustomerExperienceParams {
	return &CustomerExperienceParams{
		Acceptance: []Phrase{"perfect", "sounds great", "sounds good", "sounds perfect", "sounds fine", "that works",
			"that will work", "that would work", "works for me", "that's great", "that is great", "that's perfect",
			"that's fine", "that's exactly", "exactly what i", "just what i", "great", "awesome", "excellent",
			"wonderful", "fantastic", "brilliant", "lovely", "amazing", "cool", "nice", "good to know", "makes sense",
			"got it", "that helps", "that helped", "very helpful", "so helpful", "really helpful", "been helpful",
			"you've been", "you have been", "you're a star", "lifesaver", "appreciate it", "much appreciated",
			"that's all i needed", "i'll take it", "let's do that", "let's go with", "go ahead", "please do",
			"yes please", "i love", "love it", "happy with", "fixed", "sorted", "works now", "it worked", "that worked",
			"solved", "resolved"},
		Pushback: []Phrase{"that's not what i", "that is not what i", "not what i asked", "not what i meant",
			"not what i wanted", "not what i ordered", "i meant", "i said", "i already said", "i already told",
			"i told you", "as i said", "i asked for", "you gave me", "that's wrong", "that is wrong", "that's not right",
			"that is not right", "that's incorrect", "wrong one", "any other", "anything other", "other options",
			"other option", "something else", "somewhere else", "another one", "a different", "different one",
			"try again", "search again", "look again", "check again", "doesn't help", "didn't help", "not helpful",
			"unhelpful", "no help", "not good enough", "don't want", "do not want", "not interested", "i don't like",
			"i do not like", "too expensive", "not working", "still not", "still doesn't", "still can't",
			"still waiting", "that doesn't work", "that won't work", "that will not work", "doesn't work for me",
			"won't work for me", "useless", "waste of time", "ridiculous", "unacceptable", "forget it", "never mind",
			"nevermind"},
		Confusion: []Phrase{"what do you mean", "what does that mean", "i don't understand", "i do not understand",
			"i don't get it", "confused", "confusing", "makes no sense", "doesn't make sense", "does not make sense",
			"huh", "sorry what", "pardon", "re:\\?\\s*\\?", "come again", "i'm lost", "not sure what you mean"},
		AgentFailure: []Phrase{"no results", "no result", "no matches", "no match", "nothing matches", "nothing found",
			"couldn't find", "could not find", "can't find", "cannot find", "unable to", "not able to", "was unsuccessful",
			"were unsuccessful", "unsuccessful", "not available", "isn't available", "aren't available", "unavailable",
			"no availability", "fully booked", "sold out", "out of stock", "i don't know", "i do not know",
			"i'm not sure", "didn't understand", "did not understand", "don't understand", "could you rephrase",
			"please rephrase", "can't help", "cannot help", "can't do that", "cannot do that", "not possible",
			"is not supported", "isn't supported", "failed", "there was an error", "something went wrong",
			"i'm afraid", "unfortunately", "there are no", "there is no", "we don't have", "we do not have",
			"i don't have", "i do not have", "not my problem", "nothing i can do", "nothing we can do"},
		ClosingQuestion: []Phrase{"anything else", "something else", "any other", "else i can", "else can i",
			"further questions", "other questions", "more questions", "would you like", "do you want", "do you need",
			"shall i", "should i", "can i help", "is that all", "will that be all", "is there more"},
		WarmClose: []Phrase{"thank", "thanks", "thank you", "thx", "ty", "cheers", "appreciate", "appreciated",
			"grateful", "great", "perfect", "awesome", "excellent", "wonderful", "brilliant", "amazing", "helpful",
			"you've been", "have a great", "have a good", "have a nice", "you too", "lovely", "that's all i needed"},
		CurtClose: []Phrase{"bye", "that's all", "that is all", "nothing else", "no", "nope", "nah", "ok", "okay",
			"fine", "whatever", "forget it", "never mind", "nevermind", "just stop", "stop", "enough"},
	}
}
