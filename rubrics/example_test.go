package rubrics_test

import (
	"fmt"

	"github.com/iqa-cli/iqa/rubrics"
)

func ExampleParse() {
	r, err := rubrics.Parse("qa.yaml", []byte(`name: Support
criteria:
  - id: greeting
    kind: phrases
    scope: first
    turns: 2
    phrases: ["hello", "re:good (morning|afternoon)"]
  - id: empathy
    kind: empathy
    weight: 2
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, c := range r.Criteria {
		fmt.Printf("%s (%s) weight %g at line %d\n", c.ID, c.Kind, c.Weight, c.Pos.Line)
	}
	fmt.Println("pass score", r.PassScore)
	// Output:
	// greeting (phrases) weight 1 at line 3
	// empathy (empathy) weight 2 at line 8
	// pass score 70
}

func ExampleErrors() {
	_, err := rubrics.Parse("qa.yaml", []byte(`criteria:
  - id: empathy
    kind: empaty
  - id: greeting
    kind: phrases
    phrases: ["re:good (morning"]
    wieght: 2
`))
	for _, e := range rubrics.Errors(err) {
		fmt.Printf("line %d, column %d: %s\n", e.Line, e.Column, e.Msg)
	}
	// Output:
	// line 3, column 11: unknown kind "empaty" (did you mean "empathy"?)
	// line 6, column 15: invalid regular expression "good (morning": missing closing ) (fix the pattern, or drop "re:" to match the words as written)
	// line 7, column 5: unknown key "wieght" for kind "phrases" (did you mean "weight"?)
}
