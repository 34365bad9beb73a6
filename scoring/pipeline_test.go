package scoring

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// slowScorer takes longer for some conversations, so that results finish
// out of order.
type slowScorer struct{}

func (slowScorer) Score(c *transcript.Conversation) *Result {
	if len(c.ID)%3 == 0 {
		time.Sleep(time.Millisecond)
	}
	return &Result{ID: c.ID}
}

func conversations(n int) []*transcript.Conversation {
	var cs []*transcript.Conversation
	for i := range n {
		cs = append(cs, &transcript.Conversation{ID: fmt.Sprintf("c%d", i*7)})
	}
	return cs
}

func TestPipelineKeepsInputOrder(t *testing.T) {
	for _, workers := range []int{1, 2, 8} {
		t.Run(fmt.Sprintf("%d workers", workers), func(t *testing.T) {
			in := conversations(200)
			var got []*Result
			p := Pipeline{Scorer: slowScorer{}, Workers: workers}
			err := p.Run(context.Background(), func(emit func(int, *transcript.Conversation) error) error {
				for i, c := range in {
					if err := emit(i*10, c); err != nil {
						return err
					}
				}
				return nil
			}, func(r *Result) error { got = append(got, r); return nil })
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != len(in) {
				t.Fatalf("got %d results, want %d", len(got), len(in))
			}
			for i, r := range got {
				if r.ID != in[i].ID || r.Seq != i*10 {
					t.Fatalf("result %d is %s (seq %d), want %s (seq %d)", i, r.ID, r.Seq, in[i].ID, i*10)
				}
			}
		})
	}
}

func TestPipelineStopsOnErrors(t *testing.T) {
	stop := errors.New("disk full")
	p := Pipeline{Scorer: slowScorer{}, Workers: 4}
	consumed := 0
	err := p.Run(context.Background(), func(emit func(int, *transcript.Conversation) error) error {
		for i, c := range conversations(10000) {
			if err := emit(i, c); err != nil {
				return err
			}
		}
		return nil
	}, func(*Result) error {
		consumed++
		if consumed == 5 {
			return stop
		}
		return nil
	})
	if !errors.Is(err, stop) || consumed != 5 {
		t.Fatalf("err = %v after %d results; want the consumer's error after 5", err, consumed)
	}

	bad := errors.New("unreadable input")
	err = p.Run(context.Background(), func(emit func(int, *transcript.Conversation) error) error {
		emit(0, &transcript.Conversation{ID: "x"})
		return bad
	}, func(*Result) error { return nil })
	if !errors.Is(err, bad) {
		t.Fatalf("err = %v, want the producer's error", err)
	}
}

func TestPipelineCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	p := Pipeline{Scorer: slowScorer{}, Workers: 2}
	err := p.Run(ctx, func(emit func(int, *transcript.Conversation) error) error {
		for i := 0; ; i++ {
			if i == 50 {
				cancel()
			}
			if err := emit(i, &transcript.Conversation{ID: "c"}); err != nil {
				return err
			}
		}
	}, func(*Result) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}
