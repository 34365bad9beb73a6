package rubrics

import (
	"reflect"
	"testing"
	"time"
)

// TestParseValid pins what valid files mean: defaults filled in, given
// values decoded over them, every accepted spelling.
func TestParseValid(t *testing.T) {
	cases := []struct {
		name  string
		src   string
		check func(t *testing.T, r *Rubric)
	}{
		{"rubric defaults: name from the file, pass_score 70", crit("id: a", "kind: empathy"), func(t *testing.T, r *Rubric) {
			if r.Name != "qa" || r.PassScore != 70 || r.Version != "" || r.Source != "dir/qa.yaml" || len(r.Hash) != 12 {
				t.Errorf("Name %q, PassScore %v, Version %q, Source %q, Hash %q", r.Name, r.PassScore, r.Version, r.Source, r.Hash)
			}
		}},
		{"criterion defaults: name is the id, weight 1, kind's defaults", crit("id: a", "kind: clarity"), func(t *testing.T, r *Rubric) {
			c := r.Criteria[0]
			if c.Name != "a" || c.Weight != 1 || c.Critical || c.Channels != nil {
				t.Errorf("criterion %+v", c)
			}
			if !reflect.DeepEqual(c.Params, NewParams(KindClarity)) {
				t.Errorf("Params = %+v, want the defaults", c.Params)
			}
			if c.Pos != (Position{File: "dir/qa.yaml", Line: 2, Column: 5}) {
				t.Errorf("Pos = %+v", c.Pos)
			}
		}},
		{"given values replace defaults, the rest stay", crit("id: a", "kind: empathy", "apology: [sorry]", "window: 3"), func(t *testing.T, r *Rubric) {
			p := r.Criteria[0].Params.(*EmpathyParams)
			want := defaultEmpathy()
			want.Apology, want.Window = []Phrase{"sorry"}, 3
			if !reflect.DeepEqual(p, want) {
				t.Errorf("Params = %+v, want %+v", p, want)
			}
		}},
		{"a given map replaces the default map", crit("id: a", "kind: response_time", "first_response: {default: 10m}"), func(t *testing.T, r *Rubric) {
			p := r.Criteria[0].Params.(*ResponseTimeParams)
			if want := (ChannelDurations{"default": Duration(10 * time.Minute)}); !reflect.DeepEqual(p.FirstResponse, want) {
				t.Errorf("FirstResponse = %v, want %v", p.FirstResponse, want)
			}
			if !reflect.DeepEqual(p.ReplyGap, defaultResponseTime().ReplyGap) {
				t.Errorf("ReplyGap lost its default: %v", p.ReplyGap)
			}
		}},
		{"an empty list may switch off a default vocabulary", crit("id: a", "kind: clarity", "jargon: []"), func(t *testing.T, r *Rubric) {
			if j := r.Criteria[0].Params.(*ClarityParams).Jargon; j == nil || len(j) != 0 {
				t.Errorf("Jargon = %#v, want empty", j)
			}
		}},
		{"durations in every spelling", crit("id: a", "kind: response_time",
			"first_response: {chat: 45, sms: 1.5, email: 4h, social: 1h30m, default: \"90\"}"), func(t *testing.T, r *Rubric) {
			got := r.Criteria[0].Params.(*ResponseTimeParams).FirstResponse
			want := ChannelDurations{"chat": Duration(45 * time.Second), "sms": Duration(1500 * time.Millisecond),
				"email": Duration(4 * time.Hour), "social": Duration(90 * time.Minute), "default": Duration(90 * time.Second)}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("FirstResponse = %v, want %v", got, want)
			}
		}},
		{"business hours", crit("id: a", "kind: response_time",
			"business_hours: {days: [mon, fri], start: \"9:00\", end: \"24:00\", time_zone: America/New_York}"), func(t *testing.T, r *Rubric) {
			bh := r.Criteria[0].Params.(*ResponseTimeParams).BusinessHours
			want := &BusinessHours{Days: []string{"mon", "fri"}, Start: "9:00", End: "24:00", TimeZone: "America/New_York"}
			if !reflect.DeepEqual(bh, want) {
				t.Errorf("BusinessHours = %+v", bh)
			}
		}},
		{"numbers: ints for floats, YAML 1.1 booleans for a bool", crit("id: a", "kind: talk_ratio", "min: 0", "max: 1", "critical: yes", "weight: 2.5"), func(t *testing.T, r *Rubric) {
			c := r.Criteria[0]
			if p := c.Params.(*TalkRatioParams); p.Min != 0 || p.Max != 1 || !c.Critical || c.Weight != 2.5 {
				t.Errorf("criterion %+v, params %+v", c, p)
			}
		}},
		{"text fields take any scalar", "version: 2.1\n" + crit("id: 42", "kind: empathy", "coaching: 3"), func(t *testing.T, r *Rubric) {
			if r.Version != "2.1" || r.Criteria[0].ID != "42" || r.Criteria[0].Coaching != "3" {
				t.Errorf("Version %q, ID %q, Coaching %q", r.Version, r.Criteria[0].ID, r.Criteria[0].Coaching)
			}
		}},
		{"empty description is allowed", "description:\n" + crit("id: a", "kind: empathy"), func(t *testing.T, r *Rubric) {
			if r.Description != "" {
				t.Errorf("Description = %q", r.Description)
			}
		}},
		{"sections: name defaults to the id, criteria may come first", crit("id: a", "kind: empathy", "section: tone") + "sections: [{id: tone}]\n", func(t *testing.T, r *Rubric) {
			if want := []Section{{ID: "tone", Name: "tone"}}; !reflect.DeepEqual(r.Sections, want) {
				t.Errorf("Sections = %+v", r.Sections)
			}
		}},
		{"any section is fine without a sections list", crit("id: a", "kind: empathy", "section: anything"), func(t *testing.T, r *Rubric) {
			if r.Criteria[0].Section != "anything" {
				t.Errorf("Section = %q", r.Criteria[0].Section)
			}
		}},
		{"some weights zero", "criteria:\n  - {id: a, kind: empathy, weight: 0, critical: true}\n  - {id: b, kind: clarity}\n", func(t *testing.T, r *Rubric) {
			if r.Criteria[0].Weight != 0 || r.Criteria[1].Weight != 1 {
				t.Errorf("weights %v, %v", r.Criteria[0].Weight, r.Criteria[1].Weight)
			}
		}},
		{"call-only kinds may list call among others", crit("id: a", "kind: interruptions", "channels: [call, chat]"), func(t *testing.T, r *Rubric) {
			if !r.Criteria[0].AppliesTo("call") || r.Criteria[0].AppliesTo("email") {
				t.Errorf("Channels = %v", r.Criteria[0].Channels)
			}
		}},
		{"anchors, aliases and merge keys", "criteria:\n  - &base {id: a, kind: phrases, phrases: &hi [hi, hello], section: s}\n" +
			"  - <<: *base\n    id: b\n    mode: forbid\n  - {id: c, kind: phrases, phrases: *hi}\n", func(t *testing.T, r *Rubric) {
			b := r.Criteria[1]
			if b.ID != "b" || b.Section != "s" || b.Kind != KindPhrases || b.Params.(*PhrasesParams).Mode != "forbid" ||
				len(b.Params.(*PhrasesParams).Phrases) != 2 || len(r.Criteria[2].Params.(*PhrasesParams).Phrases) != 2 {
				t.Errorf("criteria %+v", r.Criteria)
			}
		}},
		{"scope anywhere ignores turns", crit("id: a", "kind: phrases", "phrases: [hi]", "turns: 0"), func(t *testing.T, r *Rubric) {}},
		{"lexicon", "lexicon: {great: 3, \"not bad\": 1.5, awful: -4}\n" + crit("id: a", "kind: sentiment"), func(t *testing.T, r *Rubric) {
			if want := map[string]float64{"great": 3, "not bad": 1.5, "awful": -4}; !reflect.DeepEqual(r.Lexicon, want) {
				t.Errorf("Lexicon = %v", r.Lexicon)
			}
		}},
		{"empty lexicon and channels are nil", "lexicon: {}\n" + crit("id: a", "kind: empathy", "channels: []"), func(t *testing.T, r *Rubric) {
			if r.Lexicon != nil || r.Criteria[0].Channels != nil {
				t.Errorf("Lexicon %#v, Channels %#v", r.Lexicon, r.Criteria[0].Channels)
			}
		}},
		{"byte order mark and CRLF line ends", "\ufeffname: qa\r\ncriteria:\r\n  - id: a\r\n    kind: empathy\r\n", func(t *testing.T, r *Rubric) {
			if r.Name != "qa" || r.Criteria[0].Pos.Line != 3 {
				t.Errorf("Name %q, Pos %+v", r.Name, r.Criteria[0].Pos)
			}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			r, err := Parse("dir/qa.yaml", []byte(c.src))
			if err != nil {
				t.Fatalf("Parse: %v\n%s", err, c.src)
			}
			c.check(t, r)
		})
	}
}
