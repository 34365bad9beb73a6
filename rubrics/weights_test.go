package rubrics

import "testing"

// TestBuiltinRubricsPutTheOutcomeFirst holds the built-in rubrics to what
// the README promises: on every channel, resolution and the customer's
// experience carry at least half of the weight, and the greeting, closing
// and personalization checklists together at most 15%.
func TestBuiltinRubricsPutTheOutcomeFirst(t *testing.T) {
	checklist := map[string]bool{"greeting": true, "closing": true, "personalization": true}
	for _, name := range BuiltinNames() {
		r, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		for _, ch := range []string{"chat", "email", "call", "sms", "social", "other"} {
			var total, outcome, polish float64
			for i := range r.Criteria {
				c := &r.Criteria[i]
				if !c.AppliesTo(ch) {
					continue
				}
				total += c.Weight
				switch {
				case c.Kind == KindResolution || c.Kind == KindCustomerExperience:
					outcome += c.Weight
				case checklist[c.ID] || c.Kind == KindPersonalization:
					polish += c.Weight
				}
			}
			if total == 0 {
				t.Fatalf("%s: no criterion applies to %s", name, ch)
			}
			if outcome/total < 0.5 {
				t.Errorf("%s on %s: resolution and customer experience carry %.0f%% of the weight, want at least 50%%", name, ch, 100*outcome/total)
			}
			if polish/total > 0.15 {
				t.Errorf("%s on %s: greeting, closing and personalization carry %.0f%%, want at most 15%%", name, ch, 100*polish/total)
			}
		}
	}
}
