package rubrics

import (
	"strings"
	"testing"
)

// crit wraps criterion lines (indented by four spaces, first without the
// dash) into a rubric, so that a case's criterion starts on line 2 with its
// first key at column 5.
func crit(lines ...string) string {
	return "criteria:\n  - " + strings.Join(lines, "\n    ") + "\n"
}

// TestParseErrors pins each validation rule: the input and every error it
// gives, exactly as a user sees them.
func TestParseErrors(t *testing.T) {
	cases := []struct {
		name string
		src  string
		want string
	}{
		{"yaml syntax error points at the line", "criteria:\n  - id: a\n    kind: empathy\n   weight: 2\n", `t.yaml:4: invalid YAML: did not find expected '-' indicator (check the indentation, brackets and quotes on this line and the one before)`},
		{"unclosed flow list points at its line", "criteria:\n  - id: a\n    kind: phrases\n    phrases: [hi, hello\n    weight: 2\n", `t.yaml:4: invalid YAML: did not find expected ',' or ']' (check the indentation, brackets and quotes on this line and the one before)`},
		{"unclosed quote", "name: 'support\ncriteria: []\n", `t.yaml:1: invalid YAML: found unexpected end of stream (a quote or bracket opened on this line is not closed)`},
		{"unknown anchor points at the alias", crit("id: a", "kind: empathy", "apology: *sorry"), `t.yaml:4: invalid YAML: unknown anchor 'sorry' referenced`},
		{"tab indentation gets a hint", "criteria:\n\t- id: a\n", `t.yaml:2: invalid YAML: found character that cannot start any token (indent with spaces; YAML does not allow tabs)`},
		{"unquoted colon in a value gets a hint", "name: QA: support\ndescription: a: b\ncriteria: []\n", `t.yaml:1: invalid YAML: mapping values are not allowed in this context (put quotes around a value that holds ": ")`},
		{"not utf-8", "name: \xff\ncriteria: []\n", `t.yaml:1:7: the file is not UTF-8 text (save it as UTF-8)`},
		{"control character", "name: a\x01\ncriteria: []\n", `t.yaml:1:8: control character U+0001 is not allowed in YAML (remove it)`},
		{"empty file", "", `t.yaml:1:1: the file is empty; a rubric needs at least criteria: (run iqa rubric init for a template)`},
		{"only comments", "# nothing yet\n", `t.yaml:1:1: the file is empty; a rubric needs at least criteria: (run iqa rubric init for a template)`},
		{"top level is a list", "- id: a\n  kind: empathy\n", `t.yaml:1:1: a rubric must be a mapping of keys such as name:, pass_score: and criteria:, not a list`},
		{"two documents", "criteria: [{id: a, kind: empathy}]\n---\ncriteria: []\n", `t.yaml:2:1: the file holds more than one YAML document; put one rubric in each file`},
		{"no criteria key", "name: qa\n", `t.yaml:1:1: the rubric has no criteria: list (add one, or run iqa rubric init for a template)`},
		{"empty criteria", "criteria: []\n", `t.yaml:1:1: criteria is empty; a rubric needs at least one criterion`},
		{"empty criteria alongside another mistake", "pass_score: 200\ncriteria: []\n", `
t.yaml:1:13: pass_score must be between 0 and 100, not 200
t.yaml:2:1: criteria is empty; a rubric needs at least one criterion`},
		{"criteria with no value", "criteria:\n", `t.yaml:1:10: criteria must be a list (one item per line starting with "- ", or [a, b]), not an empty value`},
		{"criteria is a mapping", "criteria:\n  id: a\n  kind: empathy\n", `t.yaml:2:3: criteria must be a list (one item per line starting with "- ", or [a, b]), not a mapping`},
		{"criterion is a scalar", "criteria:\n  - empathy\n", `t.yaml:2:5: a criterion must be a mapping with id:, kind: and its settings, not "empathy"`},
		{"unknown top-level key with suggestion", "criteria: [{id: a, kind: empathy}]\npass_scroe: 80\n", `t.yaml:2:1: unknown key "pass_scroe" at the top level (did you mean "pass_score"?)`},
		{"unknown top-level key without suggestion", "criteria: [{id: a, kind: empathy}]\nowner: ana\n", `t.yaml:2:1: unknown key "owner" at the top level (valid keys: name, version, description, pass_score, pass_mark, sections, criteria, lexicon)`},
		{"duplicate key", crit("id: a", "kind: empathy", "weight: 1", "weight: 2"), `t.yaml:5:5: key "weight" is given twice (first at line 4); keep one`},
		{"pass_score above 100", "pass_score: 101\n" + crit("id: a", "kind: empathy"), `t.yaml:1:13: pass_score must be between 0 and 100, not 101`},
		{"pass_score negative", "pass_score: -5\n" + crit("id: a", "kind: empathy"), `t.yaml:1:13: pass_score must be between 0 and 100, not -5`},
		{"pass_score is text", "pass_score: high\n" + crit("id: a", "kind: empathy"), `t.yaml:1:13: pass_score must be a number, not "high"`},
		{"pass_score quoted number is text", "pass_score: \"80\"\n" + crit("id: a", "kind: empathy"), `t.yaml:1:13: pass_score must be a number, not "80"`},
		{"pass_score not finite", "pass_score: .nan\n" + crit("id: a", "kind: empathy"), `t.yaml:1:13: pass_score must be a finite number, not .nan`},
		{"missing id", crit("kind: empathy"), `t.yaml:2:5: criterion has no id (add id: a-short-name)`},
		{"empty id", crit("id: \"\"", "kind: empathy"), `t.yaml:2:9: criterion id is empty`},
		{"missing kind", crit("id: a"), `t.yaml:2:5: criterion has no kind (add kind: with one of empathy, clarity, response_time, resolution, sentiment, phrases, personalization, talk_ratio, silence, interruptions, customer_experience)`},
		{"empty kind", crit("id: a", "kind: \"\""), `t.yaml:3:11: kind is empty (use one of empathy, clarity, response_time, resolution, sentiment, phrases, personalization, talk_ratio, silence, interruptions, customer_experience)`},
		{"unknown kind with suggestion", crit("id: a", "kind: empaty"), `t.yaml:3:11: unknown kind "empaty" (did you mean "empathy"?)`},
		{"unknown kind without suggestion", crit("id: a", "kind: vibes"), `t.yaml:3:11: unknown kind "vibes" (use one of empathy, clarity, response_time, resolution, sentiment, phrases, personalization, talk_ratio, silence, interruptions, customer_experience)`},
		{"kind is a list", crit("id: a", "kind: [empathy]"), `t.yaml:3:11: kind must be text, not a list`},
		{"unknown criterion key with suggestion", crit("id: a", "kind: empathy", "wieght: 2"), `t.yaml:4:5: unknown key "wieght" for kind "empathy" (did you mean "weight"?)`},
		{"unknown criterion key lists valid keys", crit("id: a", "kind: silence", "color: red"), `t.yaml:4:5: unknown key "color" for kind "silence" (valid keys: id, name, section, description, weight, kind, channels, critical, coaching, max_gap)`},
		{"key of another kind", crit("id: a", "kind: empathy", "phrases: [hi]"), `t.yaml:4:5: key "phrases" does not apply to kind "empathy"; it belongs to kind "phrases"`},
		{"keys of other kinds are not reported when the kind is unknown", crit("id: a", "kind: empaty", "window: 2"), `t.yaml:3:11: unknown kind "empaty" (did you mean "empathy"?)`},
		{"duplicate criterion ids", "criteria:\n  - {id: a, kind: empathy}\n  - {id: a, kind: clarity}\n", `t.yaml:3:10: duplicate criterion id "a" (first at line 2); ids must be unique`},
		{"duplicate section ids", "sections:\n  - {id: s, name: S}\n  - {id: s, name: T}\n" + crit("id: a", "kind: empathy"), `t.yaml:3:10: duplicate section id "s" (first at line 2); ids must be unique`},
		{"section without id", "sections:\n  - name: S\n" + crit("id: a", "kind: empathy"), `t.yaml:2:5: section has no id (add id: a-short-name)`},
		{"unknown section key", "sections:\n  - {id: s, title: S}\n" + crit("id: a", "kind: empathy"), `t.yaml:2:13: unknown key "title" in a section (valid keys: id, name, description)`},
		{"sections is a scalar", "sections: s\n" + crit("id: a", "kind: empathy"), `t.yaml:1:11: sections must be a list (one item per line starting with "- ", or [a, b]), not "s"`},
		{"criterion section not among sections", "sections:\n  - {id: tone}\n  - {id: process}\n" + crit("id: a", "kind: empathy", "section: billing"), `t.yaml:7:14: section "billing" is not among the rubric's sections (add it to sections, or use "tone" or "process")`},
		{"criterion section when sections is empty", "sections: []\n" + crit("id: a", "kind: empathy", "section: tone"), `t.yaml:5:14: section "tone" is not among the rubric's sections (add it to sections)`},
		{"criterion section typo suggests", "sections:\n  - {id: tone}\n" + crit("id: a", "kind: empathy", "section: tones"), `t.yaml:6:14: section "tones" is not among the rubric's sections (did you mean "tone"?)`},
		{"negative weight", crit("id: a", "kind: empathy", "weight: -2"), `t.yaml:4:13: weight must not be negative, not -2`},
		{"weight is text", crit("id: a", "kind: empathy", "weight: heavy"), `t.yaml:4:13: weight must be a number, not "heavy"`},
		{"weight has no value", crit("id: a", "kind: empathy", "weight:"), `t.yaml:4:12: weight has no value; give a number or remove the key`},
		{"all weights zero", "criteria:\n  - {id: a, kind: empathy, weight: 0}\n  - {id: b, kind: clarity, weight: 0}\n", `t.yaml:2:3: every criterion has weight 0, so no conversation can score; give at least one a positive weight`},
		{"critical is not a boolean", crit("id: a", "kind: empathy", "critical: sometimes"), `t.yaml:4:15: critical must be true or false, not "sometimes"`},
		{"channels is a scalar", crit("id: a", "kind: empathy", "channels: chat"), `t.yaml:4:15: channels must be a list (one item per line starting with "- ", or [a, b]), not "chat"`},
		{"unknown channel", crit("id: a", "kind: empathy", "channels: [chat, phone, fax]"), `
t.yaml:4:22: unknown channel "phone" (did you mean "call"?)
t.yaml:4:29: unknown channel "fax" (use "chat", "email", "call", "sms", "social" or "other")`},
		{"channel listed twice", crit("id: a", "kind: empathy", "channels: [chat, chat]"), `t.yaml:4:22: channel "chat" is listed twice`},
		{"call-only kind on chat", crit("id: a", "kind: silence", "channels: [chat, email]"), `t.yaml:4:15: kind "silence" measures calls only, but channels leaves out call (add call or remove channels:)`},
		{"empty phrase list", crit("id: a", "kind: phrases", "phrases: []"), `t.yaml:4:14: phrases is empty; list at least one phrase to require`},
		{"missing phrase list", crit("id: a", "kind: phrases", "mode: forbid"), `t.yaml:2:5: criterion has no phrases (add phrases: with the phrases to forbid)`},
		{"phrases is a scalar", crit("id: a", "kind: phrases", "phrases: hello"), `t.yaml:4:14: phrases must be a list (one item per line starting with "- ", or [a, b]), not "hello"`},
		{"phrase item is a list", crit("id: a", "kind: phrases", "phrases: [hello, [hi]]"), `t.yaml:4:22: items of phrases must be text, not a list`},
		{"empty phrase", crit("id: a", "kind: phrases", "phrases: [hello, \"  \"]"), `t.yaml:4:22: phrases holds an empty phrase; remove it`},
		{"re: without pattern", crit("id: a", "kind: phrases", "phrases: [\"re:\"]"), `t.yaml:4:15: phrase "re:" has no pattern after "re:"`},
		{"invalid regular expression", crit("id: a", "kind: phrases", "phrases: [\"re:good (morning\", \"re:a{2,1}\", \"re:x**\"]"), `
t.yaml:4:15: invalid regular expression "good (morning": missing closing ) (fix the pattern, or drop "re:" to match the words as written)
t.yaml:4:35: invalid regular expression "a{2,1}": invalid repeat count "{2,1}" (fix the pattern, or drop "re:" to match the words as written)
t.yaml:4:48: invalid regular expression "x**": invalid nested repetition operator "**" (fix the pattern, or drop "re:" to match the words as written)`},
		{"invalid regexp in a default-kind list", crit("id: a", "kind: clarity", "jargon: [\"re:[p1-\"]"), `t.yaml:4:14: invalid regular expression "[p1-": missing closing ] (fix the pattern, or drop "re:" to match the words as written)`},
		{"mode scope speaker", crit("id: a", "kind: phrases", "phrases: [hi]", "mode: requires", "speaker: robot", "scope: start"), `
t.yaml:5:11: mode must be "require" or "forbid", not "requires" (did you mean "require"?)
t.yaml:6:14: speaker must be "agent", "customer" or "bot", not "robot"
t.yaml:7:12: scope must be "anywhere", "first" or "last", not "start"`},
		{"scope first needs turns", crit("id: a", "kind: phrases", "phrases: [hi]", "scope: last"), `t.yaml:5:12: scope "last" needs turns: 1 or more (how many of the agent's last turns to look at)`},
		{"turns zero with scope first", crit("id: a", "kind: phrases", "phrases: [hi]", "scope: first", "turns: 0"), `t.yaml:6:12: scope "first" needs turns: 1 or more (how many of the agent's first turns to look at)`},
		{"negative turns", crit("id: a", "kind: phrases", "phrases: [hi]", "turns: -1"), `t.yaml:5:12: turns must not be negative, not -1`},
		{"turns not whole", crit("id: a", "kind: phrases", "phrases: [hi]", "scope: first", "turns: 1.5"), `t.yaml:6:12: turns must be a whole number, not "1.5"`},
		{"invalid duration", crit("id: a", "kind: silence", "max_gap: 60 seconds"), `t.yaml:4:14: max_gap must be a duration like "60s", "4h" or "1h30m", or a number of seconds, not "60 seconds"`},
		{"negative duration", crit("id: a", "kind: interruptions", "min_overlap: -1s", "max_count: -1"), `
t.yaml:4:18: min_overlap must not be negative, not -1s
t.yaml:5:16: max_count must not be negative, not -1`},
		{"negative duration in seconds", crit("id: a", "kind: silence", "max_gap: -3"), `t.yaml:4:14: max_gap must not be negative, not -3`},
		{"duration is a list", crit("id: a", "kind: silence", "max_gap: [1s]"), `t.yaml:4:14: max_gap must be a duration like "60s", "4h" or "1h30m", or a number of seconds, not a list`},
		{"per-channel map with unknown channel", crit("id: a", "kind: response_time", "first_response: {chat: 1m, phone: 5m, fax: 1h}"), `
t.yaml:4:32: unknown channel "phone" in first_response (did you mean "call"?)
t.yaml:4:43: unknown channel "fax" in first_response (use "chat", "email", "call", "sms", "social", "other" or "default")`},
		{"per-channel map is a list", crit("id: a", "kind: response_time", "reply_gap: [1m]"), `t.yaml:4:16: reply_gap must be a mapping from channel to value, like {chat: ..., default: ...}, not a list`},
		{"per-channel map with bad duration", crit("id: a", "kind: response_time", "reply_gap: {default: soon}"), `t.yaml:4:26: reply_gap for default must be a duration like "60s", "4h" or "1h30m", or a number of seconds, not "soon"`},
		{"max_message_words below one", crit("id: a", "kind: clarity", "max_message_words: {default: 0, email: 300}"), `t.yaml:4:34: max_message_words for default must be at least 1, not 0`},
		{"talk ratio min above max", crit("id: a", "kind: talk_ratio", "min: 0.8", "max: 0.6"), `t.yaml:4:10: min 0.8 is above max 0.6; the agent's share of talk time must lie between them`},
		{"talk ratio min above default max", crit("id: a", "kind: talk_ratio", "min: 0.8"), `t.yaml:4:10: min 0.8 is above max 0.7; the agent's share of talk time must lie between them`},
		{"talk ratio outside 0..1", crit("id: a", "kind: talk_ratio", "min: -0.1", "max: 1.5"), `
t.yaml:4:10: min must be between 0 and 1, not -0.1
t.yaml:5:10: max must be between 0 and 1, not 1.5`},
		{"distress_below outside -1..1", crit("id: a", "kind: empathy", "distress_below: -2"), `t.yaml:4:21: distress_below must be between -1 and 1, not -2`},
		{"agent_negative_below outside -1..1", crit("id: a", "kind: sentiment", "agent_negative_below: 1.2"), `t.yaml:4:27: agent_negative_below must be between -1 and 1, not 1.2`},
		{"min_reading_ease outside 0..100", crit("id: a", "kind: clarity", "min_reading_ease: 120"), `t.yaml:4:23: min_reading_ease must be between 0 and 100, not 120`},
		{"counts at least one", crit("id: a", "kind: clarity", "max_sentence_words: 0", "shouting_words: 0"), `
t.yaml:4:25: max_sentence_words must be at least 1, not 0
t.yaml:5:21: shouting_words must be at least 1, not 0`},
		{"window and min_uses at least one", "criteria:\n  - {id: a, kind: empathy, window: 0}\n  - {id: b, kind: personalization, min_uses: 0}\n", `
t.yaml:2:36: window must be at least 1, not 0
t.yaml:3:46: min_uses must be at least 1, not 0`},
		{"empty status", crit("id: a", "kind: resolution", "resolved_statuses: [solved, \"\"]"), `t.yaml:4:33: resolved_statuses holds an empty status; remove it`},
		{"business hours start after end", crit("id: a", "kind: response_time", "business_hours: {days: [mon], start: \"18:00\", end: \"09:00\", time_zone: UTC}"), `t.yaml:4:56: business hours end 09:00 is not after start 18:00 (hours across midnight are not supported)`},
		{"business hours bad times", crit("id: a", "kind: response_time", "business_hours: {days: [mon], start: \"9am\", end: \"25:00\", time_zone: UTC}"), `
t.yaml:4:42: start must be a time of day like "09:00" or "17:30", not "9am"
t.yaml:4:54: end must be a time of day like "09:00" or "17:30", not "25:00"`},
		{"business hours unknown days", crit("id: a", "kind: response_time", "business_hours: {days: [monday, tue, tue, funday], start: \"09:00\", end: \"17:00\", time_zone: UTC}"), `
t.yaml:4:29: unknown day "monday" (did you mean "mon"?)
t.yaml:4:42: day "tue" is listed twice
t.yaml:4:47: unknown day "funday" (use mon, tue, wed, thu, fri, sat or sun)`},
		{"business hours unknown time zone", crit("id: a", "kind: response_time", "business_hours: {days: [mon], start: \"09:00\", end: \"17:00\", time_zone: Europe/Berln}"), `t.yaml:4:76: unknown time zone "Europe/Berln" (use an IANA name, like "Europe/Berlin" or "America/New_York")`},
		{"business hours Local time zone", crit("id: a", "kind: response_time", "business_hours: {days: [mon], start: \"09:00\", end: \"17:00\", time_zone: Local}"), `t.yaml:4:76: time_zone must name a zone, like "Europe/Berlin" or "UTC", not "Local"`},
		{"business hours missing keys and unknown key", crit("id: a", "kind: response_time", "business_hours: {days: [], timezone: UTC}"), `
t.yaml:4:21: business_hours has no start (give days:, start:, end: and time_zone:)
t.yaml:4:21: business_hours has no end (give days:, start:, end: and time_zone:)
t.yaml:4:21: business_hours has no time_zone (give days:, start:, end: and time_zone:)
t.yaml:4:28: days is empty; list the working days, like [mon, tue, wed, thu, fri]
t.yaml:4:32: unknown key "timezone" in business_hours (did you mean "time_zone"?)`},
		{"business hours is a scalar", crit("id: a", "kind: response_time", "business_hours: weekdays"), `t.yaml:4:21: business_hours must be a mapping with days:, start:, end: and time_zone:, not "weekdays"`},
		{"lexicon value out of range", "lexicon: {great: 4.5, awful: -5, ok: fine}\n" + crit("id: a", "kind: empathy"), `
t.yaml:1:18: lexicon valence of "great" must be between -4 and 4, not 4.5
t.yaml:1:30: lexicon valence of "awful" must be between -4 and 4, not -5
t.yaml:1:38: lexicon valence of "ok" must be a number, not "fine"`},
		{"lexicon is a list", "lexicon: [great]\n" + crit("id: a", "kind: empathy"), `t.yaml:1:10: lexicon must be a mapping of words to valences from -4 to 4, like {great: 3}, not a list`},
		{"merge of a scalar", crit("id: a", "kind: empathy", "<<: 5"), `t.yaml:4:9: << must merge a mapping or a list of mappings`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Parse("t.yaml", []byte(c.src))
			if err == nil {
				t.Fatalf("no error, want:\n%s", c.want)
			}
			if r != nil {
				t.Errorf("rubric returned with errors")
			}
			if got := err.Error(); got != strings.TrimSpace(c.want) {
				t.Errorf("errors:\n%s\nwant:\n%s", got, strings.TrimSpace(c.want))
			}
			for _, e := range Errors(err) {
				if e.File != "t.yaml" || e.Line < 1 {
					t.Errorf("error without a position: %#v", e)
				}
			}
		})
	}
}
