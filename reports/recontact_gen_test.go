package reports

import (
	"fmt"
	"reflect"
	"sort"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/scoring/gen"
	"github.com/iqa-cli/iqa/transcript"
)

// defaultEngine is the scoring engine of the built-in default rubric.
func defaultEngine(tb testing.TB) *scoring.Engine {
	tb.Helper()
	rb, err := rubrics.Builtin("default")
	if err != nil {
		tb.Fatal(err)
	}
	engine, err := scoring.New(rb)
	if err != nil {
		tb.Fatal(err)
	}
	return engine
}

// shifted is c moved to start after d, messages and all.
func shifted(c *transcript.Conversation, start time.Time) *transcript.Conversation {
	d := start.Sub(c.Start)
	c.Start = start
	for i := range c.Messages {
		if !c.Messages[i].At.IsZero() {
			c.Messages[i].At = c.Messages[i].At.Add(d)
		}
	}
	return c
}

// A generated batch, scored with the default rubric, where some resolved
// conversations' customers are given an e-mail address and come back 2
// days later (planted re-contacts) or 9 days later (outside the default
// window). The generator names customers by name only, so every other
// conversation has no identity.
func TestRecontactsInGeneratedBatch(t *testing.T) {
	engine := defaultEngine(t)
	g := gen.New(5)
	var batch []*scoring.Result
	var want []string
	planted := 0
	for i := range 400 {
		c := g.Next()
		r := engine.Score(c)
		if i%10 != 0 || !Resolved(r) || c.Start.IsZero() {
			batch = append(batch, r)
			continue
		}
		planted++
		c.Customer = fmt.Sprintf("Customer%d@Example.com", i)
		r = engine.Score(c)
		after := 2 * 24 * time.Hour
		if planted%3 == 0 {
			after = 9 * 24 * time.Hour
		}
		next := g.Next()
		next.Customer = fmt.Sprintf(" customer%d@example.com", i)
		nr := engine.Score(shifted(next, c.Start.Add(after)))
		batch = append(batch, r, nr)
		if after < DefaultRecontactWindow {
			want = append(want, r.ID+">"+nr.ID)
		}
	}
	if planted < 10 {
		t.Fatalf("only %d conversations to plant re-contacts on; change the seed", planted)
	}
	t.Logf("%d conversations, %d planted, %d of them 2 days later", len(batch), planted, len(want))
	st := recontactStats(batch, DefaultRecontactWindow)
	got := pairs(st)
	sort.Strings(got)
	sort.Strings(want)
	if !reflect.DeepEqual(got, want) {
		t.Errorf("re-contacts %v, want exactly the planted %v", got, want)
	}
	if st.Identified != 2*planted || st.NoIdentity != len(batch)-2*planted {
		t.Errorf("identified %d, no identity %d; want %d and %d", st.Identified, st.NoIdentity, 2*planted, len(batch)-2*planted)
	}
}
