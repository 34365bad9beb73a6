package reports

import (
	"errors"
	"fmt"
	"testing"

	"github.com/iqa-cli/iqa/scoring"
)

// recorder keeps the ids it is given, and fails on one if asked to.
type recorder struct {
	ids    []string
	failOn string
	closed *Summary
}

func (r *recorder) Write(res *scoring.Result) error {
	if res.ID == r.failOn {
		return errors.New("disk full")
	}
	r.ids = append(r.ids, res.ID)
	return nil
}

func (r *recorder) Close(s *Summary) error { r.closed = s; return nil }

func TestParallelKeepsOrderAndReportsErrors(t *testing.T) {
	a, b := &recorder{}, &recorder{}
	p := Parallel(a, b)
	for i := range 1000 {
		if err := p.Write(&scoring.Result{ID: fmt.Sprint(i)}); err != nil {
			t.Fatal(err)
		}
	}
	s := NewSummary(RunInfo{})
	if err := p.Close(s); err != nil {
		t.Fatal(err)
	}
	for _, r := range []*recorder{a, b} {
		if len(r.ids) != 1000 || r.ids[0] != "0" || r.ids[999] != "999" || r.closed != s {
			t.Fatalf("writer saw %d results, first %q, closed with %v", len(r.ids), r.ids[0], r.closed)
		}
		for i, id := range r.ids {
			if id != fmt.Sprint(i) {
				t.Fatalf("result %d is %s: order lost", i, id)
			}
		}
	}

	bad, good := &recorder{failOn: "5"}, &recorder{}
	p = Parallel(good, bad)
	for i := range 10 {
		p.Write(&scoring.Result{ID: fmt.Sprint(i)})
	}
	if err := p.Close(NewSummary(RunInfo{})); err == nil || err.Error() != "disk full" {
		t.Fatalf("Close = %v, want the failing writer's error", err)
	}
	if bad.closed != nil {
		t.Error("a writer that failed was closed as if it had succeeded")
	}
}
