package scoring

import (
	"context"
	"runtime"
	"sync"

	"github.com/iqa-cli/iqa/transcript"
)

// A Scorer scores one conversation; Engine is one. It must be safe for
// concurrent use.
type Scorer interface {
	Score(c *transcript.Conversation) *Result
}

// Pipeline scores a stream of conversations on several goroutines and
// hands the results on in input order, so output does not depend on the
// number of workers. Memory is bounded: at most a few conversations per
// worker are in flight.
type Pipeline struct {
	Scorer Scorer
	// Workers is how many goroutines score; 0 means one per CPU.
	Workers int
}

type job struct {
	seq   int // order of emission
	input int // the caller's position for the conversation, kept in Result.Seq
	conv  *transcript.Conversation
}

type done struct {
	seq    int
	result *Result
}

// Run calls produce, which emits conversations through its argument until
// it returns, and calls consume with each result in the order the
// conversations were emitted. emit's seq is stored in the Result's Seq. It stops at the first error from produce or
// consume, or when ctx is cancelled, and returns that error.
func (p *Pipeline) Run(ctx context.Context, produce func(emit func(seq int, c *transcript.Conversation) error) error, consume func(*Result) error) error {
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	inFlight := workers * 8
	slots := make(chan struct{}, inFlight)
	jobs := make(chan job, inFlight)
	results := make(chan done, inFlight)

	var produceErr error
	go func() {
		defer close(jobs)
		seq := 0
		produceErr = produce(func(input int, c *transcript.Conversation) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			select {
			case slots <- struct{}{}:
			case <-ctx.Done():
				return ctx.Err()
			}
			jobs <- job{seq: seq, input: input, conv: c}
			seq++
			return nil
		})
	}()

	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				r := p.Scorer.Score(j.conv)
				r.Seq = j.input
				results <- done{seq: j.seq, result: r}
			}
		}()
	}
	go func() {
		wg.Wait()
		close(results)
	}()

	// Reorder: hold results that arrive early until their turn comes.
	pending := make(map[int]*Result, inFlight)
	next := 0
	var consumeErr error
	for d := range results {
		if consumeErr != nil {
			<-slots
			continue // drain so the workers can finish
		}
		pending[d.seq] = d.result
		for r, ok := pending[next]; ok; r, ok = pending[next] {
			delete(pending, next)
			next++
			<-slots
			if consumeErr == nil {
				if consumeErr = consume(r); consumeErr != nil {
					cancel()
				}
			}
		}
	}
	if consumeErr != nil {
		return consumeErr
	}
	if produceErr != nil {
		return produceErr
	}
	return ctx.Err()
}
