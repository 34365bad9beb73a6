package rubrics

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Channels are the channel names a rubric may use in channels: and as keys
// of per-channel settings (where "default" covers the rest). They match
// the transcript package's channels.
var Channels = []string{"chat", "email", "call", "sms", "social", "other"}

func isChannel(s string) bool {
	for _, c := range Channels {
		if c == s {
			return true
		}
	}
	return false
}

// channelSynonyms are names people use for a channel, for did-you-mean.
var channelSynonyms = map[string]string{
	"phone": "call", "voice": "call", "telephony": "call", "calls": "call",
	"livechat": "chat", "webchat": "chat", "messenger": "chat", "whatsapp": "chat", "web": "chat",
	"mail": "email", "e-mail": "email", "emails": "email",
	"text": "sms", "txt": "sms",
	"twitter": "social", "facebook": "social", "instagram": "social", "x": "social",
	"api": "other",
}

// channelHint suggests the channel meant by name.
func channelHint(name string, withDefault bool) string {
	if s, ok := channelSynonyms[strings.ToLower(name)]; ok {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	valid := Channels
	if withDefault {
		valid = append(append([]string(nil), Channels...), "default")
	}
	if s := suggest(name, valid); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return " (use " + quoteList(valid) + ")"
}

// callOnly are the kinds that measure audio and so only apply to calls.
var callOnly = map[Kind]bool{KindTalkRatio: true, KindSilence: true, KindInterruptions: true}

var (
	criterionFields = fieldsOf(reflect.TypeOf(Criterion{}))
	kindNames       = func() []string {
		out := make([]string, len(Kinds))
		for i, k := range Kinds {
			out[i] = string(k)
		}
		return out
	}()
)

// paramFields lists a kind's own keys.
func paramFields(k Kind) []field {
	prm := NewParams(k)
	if prm == nil {
		return nil
	}
	return fieldsOf(reflect.TypeOf(prm).Elem())
}

// kindOf returns the kind that has key among its settings.
func kindOf(key string) (Kind, bool) {
	for _, k := range Kinds {
		if _, ok := findField(paramFields(k), key); ok {
			return k, true
		}
	}
	return "", false
}

// criteria decodes the criteria list and checks what spans criteria:
// unique ids, known sections, weights.
func (p *parser) criteria(n *yaml.Node, sections []Section, sectionsNode *yaml.Node) []Criterion {
	if !p.isList("criteria", n) || !p.spend(n, len(n.Content)+1) {
		return nil
	}
	var sectionIDs []string
	for _, s := range sections {
		sectionIDs = append(sectionIDs, s.ID)
	}
	var out []Criterion
	seen := map[string]*yaml.Node{}
	positive, weightsOK := false, true
	for _, item := range items(n) {
		if item == nil || item.Kind != yaml.MappingNode {
			p.errorf(orNode(item, n), "a criterion must be a mapping with id:, kind: and its settings, not %s", describe(item))
			continue
		}
		c, g := p.criterion(item)
		if c.ID != "" {
			if first := seen[c.ID]; first != nil {
				p.errorf(g.at("id"), "duplicate criterion id %q (first at line %d); ids must be unique", c.ID, first.Line)
			} else {
				seen[c.ID] = g.at("id")
			}
		}
		if c.Section != "" && sectionsNode != nil && g.ok("section") && !contains(sectionIDs, c.Section) {
			hint := didYouMean(c.Section, sectionIDs)
			switch {
			case hint != "":
			case len(sectionIDs) == 0:
				hint = " (add it to sections)"
			default:
				hint = " (add it to sections, or use " + quoteList(sectionIDs) + ")"
			}
			p.errorf(g.at("section"), "section %q is not among the rubric's sections%s", c.Section, hint)
		}
		if !g.ok("weight") || c.Weight < 0 {
			weightsOK = false
		}
		if c.Weight > 0 {
			positive = true
		}
		out = append(out, c)
	}
	if len(out) > 0 && weightsOK && !positive {
		p.errorf(n, "every criterion has weight 0, so no conversation can score; give at least one a positive weight")
	}
	return out
}

func orNode(n, fallback *yaml.Node) *yaml.Node {
	if n == nil {
		return fallback
	}
	return n
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// criterion decodes one criterion: its kind first, then the common keys and
// the kind's own keys over the kind's defaults, then checks the values.
func (p *parser) criterion(n *yaml.Node) (Criterion, *given) {
	c := Criterion{Weight: 1, Pos: Position{File: p.file, Line: n.Line, Column: n.Column}}
	g := newGiven(n)
	pairs := p.pairs(n)
	for _, kv := range pairs {
		if kv.key.Value != "kind" {
			continue
		}
		g.value["kind"] = kv.value
		s, ok := p.str("kind", kv.value)
		switch {
		case !ok:
			g.bad["kind"] = true
		case s == "":
			p.errorf(kv.value, "kind is empty (use one of %s)", strings.Join(kindNames, ", "))
			g.bad["kind"] = true
		case NewParams(Kind(s)) == nil:
			hint := didYouMean(s, kindNames)
			if hint == "" {
				hint = " (use one of " + strings.Join(kindNames, ", ") + ")"
			}
			p.errorf(kv.value, "unknown kind %q%s", s, hint)
			g.bad["kind"] = true
		default:
			c.Kind = Kind(s)
			c.Params = NewParams(c.Kind)
		}
	}
	if g.value["kind"] == nil {
		p.errorf(n, "criterion has no kind (add kind: with one of %s)", strings.Join(kindNames, ", "))
	}

	cv := reflect.ValueOf(&c).Elem()
	var pv reflect.Value
	var own []field
	if c.Params != nil {
		pv = reflect.ValueOf(c.Params).Elem()
		own = paramFields(c.Kind)
	}
	for _, kv := range pairs {
		key := kv.key.Value
		if key == "kind" {
			continue
		}
		var target reflect.Value
		if f, ok := findField(criterionFields, key); ok {
			target = cv.Field(f.index)
		} else if f, ok := findField(own, key); ok {
			target = pv.Field(f.index)
		} else {
			p.foreignKey(kv.key, c.Kind, g.bad["kind"] || g.value["kind"] == nil, own)
			continue
		}
		g.value[key] = kv.value
		if !p.decodeValue(key, kv.value, target) {
			g.bad[key] = true
		}
	}

	switch {
	case g.value["id"] == nil:
		p.errorf(n, "criterion has no id (add id: a-short-name)")
	case g.ok("id") && c.ID == "":
		p.errorf(g.at("id"), "criterion id is empty")
	}
	if c.Name == "" {
		c.Name = c.ID
	}
	if c.Weight < 0 {
		p.errorf(g.at("weight"), "weight must not be negative, not %s", g.at("weight").Value)
	}
	if len(c.Channels) == 0 {
		c.Channels = nil
	}
	p.checkChannels(&c, g)
	if c.Params != nil {
		p.checkParams(&c, g)
	}
	return c, g
}

// foreignKey reports a key that is neither common nor the kind's own.
func (p *parser) foreignKey(k *yaml.Node, kind Kind, kindUnknown bool, own []field) {
	owner, isParam := kindOf(k.Value)
	switch {
	case isParam && kindUnknown:
		// The kind is already reported; this key may well be right.
	case isParam:
		p.errorf(k, "key %q does not apply to kind %q; it belongs to kind %q", k.Value, kind, owner)
	default:
		valid := append(keysOf(criterionFields), keysOf(own)...)
		where := "in a criterion"
		if kind != "" {
			where = fmt.Sprintf("for kind %q", kind)
		}
		p.unknownKey(k, where, valid)
	}
}

// checkChannels checks the channels list and that call-only kinds keep to
// calls.
func (p *parser) checkChannels(c *Criterion, g *given) {
	if !g.ok("channels") {
		return
	}
	listed := map[string]bool{}
	for i, item := range items(g.value["channels"]) {
		ch := c.Channels[i]
		switch {
		case !isChannel(ch):
			p.errorf(item, "unknown channel %q%s", ch, channelHint(ch, false))
		case listed[ch]:
			p.errorf(item, "channel %q is listed twice", ch)
		}
		listed[ch] = true
	}
	if callOnly[c.Kind] && len(c.Channels) > 0 && !listed["call"] {
		p.errorf(g.at("channels"), "kind %q measures calls only, but channels leaves out call (add call or remove channels:)", c.Kind)
	}
}

// checkParams checks the values of a kind's settings: ranges, choices and
// combinations that cannot work.
func (p *parser) checkParams(c *Criterion, g *given) {
	switch prm := c.Params.(type) {
	case *EmpathyParams:
		p.inRange(g, "distress_below", prm.DistressBelow, -1, 1)
		p.atLeast(g, "window", prm.Window, 1)
	case *ClarityParams:
		p.inRange(g, "min_reading_ease", prm.MinReadingEase, 0, 100)
		p.atLeast(g, "max_sentence_words", prm.MaxSentenceWords, 1)
		p.atLeast(g, "shouting_words", prm.ShoutingWords, 1)
		if g.ok("max_message_words") {
			for _, kv := range p.quietPairs(g.value["max_message_words"]) {
				if n, ok := prm.MaxMessageWords[kv.key.Value]; ok && n < 1 {
					p.errorf(kv.value, "max_message_words for %s must be at least 1, not %d", kv.key.Value, n)
				}
			}
		}
	case *ResponseTimeParams:
		// Durations, channels and business hours are checked as they are read.
	case *ResolutionParams:
		for _, key := range []string{"resolved_statuses", "unresolved_statuses"} {
			for _, item := range items(g.value[key]) {
				if item != nil && item.Kind == yaml.ScalarNode && strings.TrimSpace(item.Value) == "" {
					p.errorf(item, "%s holds an empty status; remove it", key)
				}
			}
		}
	case *SentimentParams:
		p.inRange(g, "agent_negative_below", prm.AgentNegativeBelow, -1, 1)
	case *PhrasesParams:
		p.oneOf(g, "mode", prm.Mode, "require", "forbid")
		p.oneOf(g, "speaker", prm.Speaker, "agent", "customer", "bot")
		scopeOK := p.oneOf(g, "scope", prm.Scope, "anywhere", "first", "last")
		if scopeOK && prm.Scope != "anywhere" && g.ok("turns") && prm.Turns < 1 {
			p.errorf(g.at("turns", "scope"), "scope %q needs turns: 1 or more (how many of the %s's %s turns to look at)",
				prm.Scope, prm.Speaker, prm.Scope)
		}
		switch {
		case g.value["phrases"] == nil:
			p.errorf(g.node, "criterion has no phrases (add phrases: with the phrases to %s)", prm.Mode)
		case g.ok("phrases") && len(prm.Phrases) == 0:
			p.errorf(g.at("phrases"), "phrases is empty; list at least one phrase to %s", prm.Mode)
		}
	case *PersonalizationParams:
		p.atLeast(g, "min_uses", prm.MinUses, 1)
	case *TalkRatioParams:
		minOK := p.inRange(g, "min", prm.Min, 0, 1)
		maxOK := p.inRange(g, "max", prm.Max, 0, 1)
		if minOK && maxOK && prm.Min > prm.Max {
			p.errorf(g.at("min", "max"), "min %g is above max %g; the agent's share of talk time must lie between them",
				prm.Min, prm.Max)
		}
	case *SilenceParams:
		// max_gap is a duration, checked as it is read.
	case *InterruptionsParams:
		// max_count and min_overlap cannot be negative, checked as they are read.
	}
}

// quietPairs lists a mapping's entries without reporting anything (they
// were reported when the mapping was decoded).
func (p *parser) quietPairs(n *yaml.Node) []pair {
	saved := len(p.errs)
	out := p.pairs(n)
	p.errs = p.errs[:saved]
	return out
}

// inRange reports a number outside lo..hi; ok when it is inside or was
// already reported.
func (p *parser) inRange(g *given, key string, v, lo, hi float64) bool {
	if !g.ok(key) {
		return false
	}
	if v < lo || v > hi {
		p.errorf(g.at(key), "%s must be between %g and %g, not %g", key, lo, hi, v)
		return false
	}
	return true
}

func (p *parser) atLeast(g *given, key string, v, lo int) {
	if g.ok(key) && v < lo {
		p.errorf(g.at(key), "%s must be at least %d, not %d", key, lo, v)
	}
}

// oneOf reports a value that is not among choices.
func (p *parser) oneOf(g *given, key, v string, choices ...string) bool {
	if !g.ok(key) {
		return false
	}
	if contains(choices, v) {
		return true
	}
	p.errorf(g.at(key), "%s must be %s, not %q%s", key, quoteList(choices), v, didYouMean(v, choices))
	return false
}

var weekdays = []string{"mon", "tue", "wed", "thu", "fri", "sat", "sun"}

// checkBusinessHours checks that business hours name real days, times and
// a time zone, and that they start before they end.
func (p *parser) checkBusinessHours(bh *BusinessHours, g *given) {
	for _, key := range []string{"days", "start", "end", "time_zone"} {
		if g.value[key] == nil {
			p.errorf(g.node, "business_hours has no %s (give days:, start:, end: and time_zone:)", key)
		}
	}
	if g.ok("days") && g.value["days"] != nil {
		if len(bh.Days) == 0 {
			p.errorf(g.at("days"), "days is empty; list the working days, like [mon, tue, wed, thu, fri]")
		}
		listed := map[string]bool{}
		for i, item := range items(g.value["days"]) {
			d := bh.Days[i]
			switch {
			case !contains(weekdays, d):
				hint := didYouMean(d, weekdays)
				if len(d) >= 3 && contains(weekdays, strings.ToLower(d[:3])) {
					hint = fmt.Sprintf(" (did you mean %q?)", strings.ToLower(d[:3]))
				}
				if hint == "" {
					hint = " (use mon, tue, wed, thu, fri, sat or sun)"
				}
				p.errorf(item, "unknown day %q%s", d, hint)
			case listed[d]:
				p.errorf(item, "day %q is listed twice", d)
			}
			listed[d] = true
		}
	}
	start, startOK := p.clock(g, "start", bh.Start, false)
	end, endOK := p.clock(g, "end", bh.End, true)
	if startOK && endOK && start >= end {
		p.errorf(g.at("end"), "business hours end %s is not after start %s (hours across midnight are not supported)", bh.End, bh.Start)
	}
	if g.ok("time_zone") && g.value["time_zone"] != nil {
		tz := bh.TimeZone
		switch _, err := time.LoadLocation(tz); {
		case tz == "" || tz == "Local":
			p.errorf(g.at("time_zone"), "time_zone must name a zone, like \"Europe/Berlin\" or \"UTC\", not %q", tz)
		case err != nil:
			p.errorf(g.at("time_zone"), "unknown time zone %q (use an IANA name, like \"Europe/Berlin\" or \"America/New_York\")", tz)
		}
	}
}

// clock reads "HH:MM" as minutes since midnight; "24:00" is allowed as an
// end.
func (p *parser) clock(g *given, key, s string, isEnd bool) (int, bool) {
	if !g.ok(key) || g.value[key] == nil {
		return 0, false
	}
	h, m, found := strings.Cut(s, ":")
	hh, err1 := strconv.Atoi(h)
	mm, err2 := strconv.Atoi(m)
	valid := found && digits(h) && digits(m) && err1 == nil && err2 == nil && len(h) >= 1 && len(h) <= 2 && len(m) == 2 &&
		hh >= 0 && mm >= 0 && mm < 60 && (hh < 24 || isEnd && hh == 24 && mm == 0)
	if !valid {
		p.errorf(g.at(key), "%s must be a time of day like \"09:00\" or \"17:30\", not %q", key, s)
		return 0, false
	}
	return hh*60 + mm, true
}

func digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}
