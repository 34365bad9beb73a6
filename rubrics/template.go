package rubrics

import (
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"
)

// keyDocs explains every key a rubric can hold, for the template that
// iqa rubric init writes. Kind keys are "kind.key".
var keyDocs = map[string]string{
	"name":        "The rubric's name, shown in reports.",
	"version":     "Yours to change when the rubric changes; reports record it with the rubric's hash.",
	"description": "What the rubric is for (optional).",
	"pass_score":  "The overall score, 0 to 100, a conversation needs to pass.",
	"pass_mark":   "The score, 0 to 100, at which a criterion passes; below it, it fails (phrases are 100 or 0).",
	"sections":    "Sections group criteria in reports (optional). A criterion's section: must be one of these ids.",
	"criteria": "Each criterion is one check, with an id (a short unique name used in reports) and a kind.\n" +
		"A conversation's score is the weighted share of the criteria that apply to it and pass.\n" +
		"Every kind appears once below with all its settings, most at their defaults: delete the\n" +
		"criteria you do not need and the settings you do not change.",
	"lexicon": "lexicon: words or phrases and their sentiment, from -4 (very negative) to 4 (very positive),\n" +
		"added to the built-in lexicon or overriding it (optional), for example:\n" +
		"lexicon:\n  no worries: 1.5\n  ridiculous: -2.5",

	"criterion.name":        "What people read; defaults to the id.",
	"criterion.section":     "One of the section ids above (optional).",
	"criterion.description": "A longer explanation (optional).",
	"criterion.weight":      "The criterion's share of the score (default 1; 0 counts for nothing).",
	"criterion.kind": "The check: " + strings.Join(kindNames[:6], ", ") + ",\n" +
		strings.Join(kindNames[6:], ", ") + ".\nThe kind's own settings sit beside these common keys.",
	"criterion.channels": "The channels the criterion applies to: chat, email, call, sms, social, other\n" +
		"(leave it out for every channel).",
	"criterion.critical": "true fails the whole conversation when this criterion fails, whatever the score.",
	"criterion.coaching": "Advice for the agent, shown when the criterion fails.",

	"empathy":                "empathy: does the agent acknowledge and apologise when the customer is upset, and stay courteous?",
	"empathy.acknowledge":    "Phrases that show the agent heard the problem. Phrases match whole words, ignoring case;\n\"re:\" starts a regular expression.",
	"empathy.apology":        "Phrases of apology.",
	"empathy.courtesy":       "Politeness markers, enough when the customer shows no distress.",
	"empathy.distress_below": "A customer turn with sentiment below this (-1 to 1) needs acknowledging or an apology.",
	"empathy.window":         "How many agent turns after a distressed customer turn may carry it.",

	"clarity":                      "clarity: are the agent's messages easy to read?",
	"clarity.min_reading_ease":     "The lowest acceptable Flesch reading ease, 0 (hard) to 100 (easy).",
	"clarity.max_sentence_words":   "Sentences longer than this many words count against clarity.",
	"clarity.max_message_words":    "Messages longer than this many words are walls of text, per channel; default covers the rest.",
	"clarity.jargon":               "Terms a customer should not have to know.",
	"clarity.shouting_words":       "This many capitalised words in a row count as shouting.",
	"clarity.repeated_punctuation": "Whether \"!!\" and \"??\" count against clarity.",

	"response_time.first_response": "The longest acceptable wait for the first reply, per channel; default covers the rest.\nDurations look like 90s, 15m, 4h or 1h30m, or are a number of seconds.",
	"response_time.reply_gap":      "The longest acceptable wait for any later reply.",
	"response_time": "response_time: how long the customer waited, against a threshold per channel.\n" +
		"Add business_hours: to count only time inside working hours, for example\n" +
		"business_hours: {days: [mon, tue, wed, thu, fri], start: \"09:00\", end: \"17:30\", time_zone: Europe/Berlin}",

	"resolution":                     "resolution: was the customer's problem solved?",
	"resolution.confirmations":       "Customer phrases that confirm a fix.",
	"resolution.unresolved":          "Customer phrases that say it is not fixed.",
	"resolution.escalation":          "Phrases that show the customer asking to escalate.",
	"resolution.resolved_statuses":   "Values of the export's status field that mean solved (any case).",
	"resolution.unresolved_statuses": "Values of the status field that mean not solved.",

	"sentiment":                      "sentiment: does the customer's mood improve, and does the agent keep a positive tone?",
	"sentiment.agent_negative_below": "An agent turn with sentiment below this (-1 to 1) counts against the agent.",

	"phrases":         "phrases: phrases the agent must say, or must not.",
	"phrases.mode":    "require or forbid.",
	"phrases.speaker": "Whose turns to look at: agent or customer.",
	"phrases.scope":   "anywhere, first or last: the whole conversation, or the speaker's first or last turns.",
	"phrases.turns":   "How many first or last turns to look at (at least 1 when scope is first or last).",
	"phrases.phrases": "The phrases; plain text matches whole words ignoring case, \"re:\" starts a regular expression.",

	"personalization":          "personalization: does the agent use the customer's name?",
	"personalization.min_uses": "How many times, at least.",

	"talk_ratio":     "talk_ratio (calls): the agent's share of talk time.",
	"talk_ratio.min": "The lowest acceptable share, 0 to 1.",
	"talk_ratio.max": "The highest acceptable share, 0 to 1.",

	"silence":         "silence (calls): dead air.",
	"silence.max_gap": "The longest acceptable silence.",

	"customer_experience": "customer_experience: how the customer reacts, turn by turn: the sentiment of every\n" +
		"customer turn, acceptance and pushback, confusion, the agent admitting it cannot help, and a warm or\n" +
		"curt ending. The same cues give every result its predicted customer satisfaction (predicted_csat).",
	"customer_experience.acceptance":       "Customer phrases that accept or praise an answer (\"perfect\", \"that works\").",
	"customer_experience.pushback":         "Customer phrases that reject or correct an answer (\"that's not what I asked\").",
	"customer_experience.confusion":        "Customer phrases of not understanding (\"what do you mean\").",
	"customer_experience.agent_failure":    "Agent phrases that admit failing to help (\"unable to\", \"no results\").",
	"customer_experience.closing_question": "Agent questions a customer's \"no\" answers without pushing back (\"anything else\").",
	"customer_experience.warm_close":       "Thanks or praise in the customer's last turns.",
	"customer_experience.curt_close":       "Endings without warmth (\"no\", \"bye\") when no warm phrase is there.",

	"interruptions":             "interruptions (calls): the agent talking over the customer.",
	"interruptions.max_count":   "How many interruptions are acceptable.",
	"interruptions.min_overlap": "Overlapping speech shorter than this is not an interruption.",
}

// templateCriteria are the template's example criteria, one per kind in
// the order of Kinds; their settings are the kinds' defaults except where
// set below.
func templateCriteria() []Criterion {
	phrases := NewParams(KindPhrases).(*PhrasesParams)
	phrases.Scope, phrases.Turns = "first", 2
	phrases.Phrases = []Phrase{"hello", "hi", "re:good (morning|afternoon|evening)"}
	c := func(id, name, section string, weight float64, kind Kind, coaching string) Criterion {
		return Criterion{ID: id, Name: name, Section: section, Weight: weight, Kind: kind, Coaching: coaching, Params: NewParams(kind)}
	}
	list := []Criterion{
		c("empathy", "Shows empathy", "soft-skills", 2, KindEmpathy,
			"When the customer is upset, say you understand before you solve."),
		c("clarity", "Writes clearly", "soft-skills", 1, KindClarity,
			"Short sentences, plain words, no internal jargon."),
		c("response-time", "Replies promptly", "process", 1, KindResponseTime,
			"Reply within the channel's target, even if only to say you are on it."),
		c("resolution", "Resolves the issue", "process", 3, KindResolution,
			"Confirm the fix with the customer before you close."),
		c("tone", "Keeps a positive tone", "soft-skills", 1, KindSentiment,
			"Keep to what you can do rather than what you cannot."),
		c("greeting", "Greets the customer", "process", 1, KindPhrases,
			"Open with a greeting so the customer knows a person is there."),
		c("uses-name", "Uses the customer's name", "soft-skills", 1, KindPersonalization,
			"Use the customer's name at least once."),
		c("talk-ratio", "Lets the customer talk", "calls", 1, KindTalkRatio,
			"Ask, then listen: the customer should talk about half the time."),
		c("dead-air", "Avoids dead air", "calls", 1, KindSilence,
			"Tell the customer what you are doing while you look something up."),
		c("interruptions", "Does not interrupt", "calls", 1, KindInterruptions,
			"Let the customer finish before you answer."),
		c("experience", "Leaves the customer satisfied", "process", 3, KindCustomerExperience,
			"Check the answer fits what the customer asked; when they push back, change course."),
	}
	list[0].Description = "Acknowledges feelings and apologises when something went wrong."
	list[1].Channels = []string{"chat", "email", "sms", "social"}
	list[3].Critical = true
	list[5].Params = phrases
	for i := 7; i < 10; i++ {
		list[i].Channels = []string{"call"}
	}
	return list
}

// InitTemplate returns a commented starting-point rubric named name (the
// file name when empty) that shows every kind once with its settings
// explained, for iqa rubric init.
func InitTemplate(name string) []byte {
	if name == "" {
		name = "my-rubric"
	}
	r := &Rubric{
		Name:        name,
		Version:     "1",
		Description: "Customer-service quality: what a good conversation looks like here.",
		PassScore:   70,
		PassMark:    60,
		Sections: []Section{
			{ID: "soft-skills", Name: "Soft skills"},
			{ID: "process", Name: "Process"},
			{ID: "calls", Name: "Calls", Description: "Checks that need call audio timings."},
		},
		Criteria: templateCriteria(),
	}
	out, err := templateYAML(r)
	if err != nil {
		// The template is built from fixed values; a test keeps this from
		// happening.
		return []byte(fmt.Sprintf("# could not build the template: %v\nname: %q\ncriteria: []\n", err, name))
	}
	return out
}

func templateYAML(r *Rubric) ([]byte, error) {
	data, err := Marshal(r)
	if err != nil {
		return nil, err
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, err
	}
	root := doc.Content[0]
	doc.HeadComment = fmt.Sprintf("iqa rubric %q\n\n"+
		"Unknown keys and impossible values are errors with their line and column;\n"+
		"iqa rubric show FILE prints the rubric with every default filled in.", r.Name)
	for j := 0; j+1 < len(root.Content); j += 2 {
		root.Content[j].HeadComment = keyDocs[root.Content[j].Value]
	}
	root.Content[len(root.Content)-1].FootComment = keyDocs["lexicon"]
	criteria := root.Content[len(root.Content)-1]
	for i, item := range criteria.Content {
		kind := r.Criteria[i].Kind
		item.HeadComment = keyDocs[string(kind)]
		for j := 0; j+1 < len(item.Content); j += 2 {
			k := item.Content[j]
			if doc, ok := keyDocs[string(kind)+"."+k.Value]; ok {
				k.HeadComment = doc
			} else if i == 0 {
				k.HeadComment = keyDocs["criterion."+k.Value]
			}
		}
	}
	return encodeYAML(&doc)
}
