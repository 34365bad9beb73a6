package reports

import (
	"sync"

	"github.com/iqa-cli/iqa/scoring"
)

// parallelQueue is how many results each writer may lag behind.
const parallelQueue = 256

// Parallel feeds every writer on a goroutine of its own, in the order
// results come, so that a slow writer (Excel) overlaps with the others and
// with scoring. Writers must treat results as read-only. The first error
// any writer meets is returned by a later Write or by Close.
func Parallel(ws ...Writer) Writer {
	if len(ws) <= 1 {
		return Multi(ws)
	}
	p := &parallel{}
	for _, w := range ws {
		lane := &lane{w: w, in: make(chan *scoring.Result, parallelQueue)}
		p.lanes = append(p.lanes, lane)
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for r := range lane.in {
				if lane.err == nil {
					lane.err = lane.w.Write(r)
				}
			}
		}()
	}
	return p
}

type parallel struct {
	lanes []*lane
	wg    sync.WaitGroup
}

type lane struct {
	w   Writer
	in  chan *scoring.Result
	err error // written by the lane's goroutine; read after it ends
}

func (p *parallel) Write(r *scoring.Result) error {
	for _, l := range p.lanes {
		l.in <- r
	}
	return nil
}

// Close waits for every writer to take its last result, then closes them
// in order with the summary.
func (p *parallel) Close(s *Summary) error {
	for _, l := range p.lanes {
		close(l.in)
	}
	p.wg.Wait()
	var first error
	for _, l := range p.lanes {
		err := l.err
		if err == nil {
			err = l.w.Close(s)
		}
		if first == nil {
			first = err
		}
	}
	return first
}

// discard stops the lanes and discards their writers.
func (p *parallel) discard() {
	for _, l := range p.lanes {
		close(l.in)
	}
	p.wg.Wait()
	for _, l := range p.lanes {
		Discard(l.w)
	}
}
