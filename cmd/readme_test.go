package cmd

import (
	"os"
	"strings"
	"testing"

	"github.com/iqa-cli/iqa/rubrics"
)

// The rubric examples in the README must be rubrics iqa accepts.
func TestREADMERubricExamplesAreValid(t *testing.T) {
	data, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	blocks := strings.Split(string(data), "```yaml\n")[1:]
	checked := 0
	for _, b := range blocks {
		block, _, _ := strings.Cut(b, "```")
		if !strings.Contains(block, "criteria:") {
			continue // not a rubric (a Kubernetes manifest, say)
		}
		checked++
		if _, err := rubrics.Parse("README.md", []byte(block)); err != nil {
			t.Errorf("a rubric example in the README does not validate:\n%v", err)
		}
	}
	if checked == 0 {
		t.Fatal("found no rubric example in the README")
	}
}
