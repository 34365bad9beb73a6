package reports

import (
	"container/heap"
	"fmt"
	"io"

	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/transcript"
)

// ResultsFile is a results file to read.
type ResultsFile struct {
	Name string
	R    io.Reader
}

// MergeResults reads several results files (the shards of one run, say)
// and calls onResult in the order of the results' Seq, ties by file order,
// so that merged shards come out exactly as a single run would have
// written them. Each file must be in Seq order, as iqa writes them.
func MergeResults(files []ResultsFile, sum *Summary, onResult func(*scoring.Result) error) error {
	h := &resultHeap{}
	for i, f := range files {
		rr := &resultsReader{name: f.Name, br: newBufReader(f.R), sum: sum}
		if err := h.pushNext(rr, i); err != nil {
			return err
		}
	}
	// The same conversation twice (one shard passed twice, or a merged file
	// beside its shards) would be counted twice without a word: results
	// that agree on seq, id and source are one result. Shards of one run
	// never repeat a seq; separate runs that share seqs differ in source.
	type key struct {
		id  string
		src transcript.Location
	}
	seq := -1
	seen := map[key]string{}
	for h.Len() > 0 {
		top := heap.Pop(h).(headResult)
		if top.res.Seq != seq {
			seq = top.res.Seq
			clear(seen)
		}
		k := key{top.res.ID, top.res.Source}
		if first, dup := seen[k]; dup {
			return fmt.Errorf("%s: conversation %q (seq %d) is already in %s; pass each results file once", top.rr.name, top.res.ID, top.res.Seq, first)
		}
		seen[k] = top.rr.name
		if err := onResult(top.res); err != nil {
			return err
		}
		if err := h.pushNext(top.rr, top.file); err != nil {
			return err
		}
	}
	return nil
}

type headResult struct {
	res  *scoring.Result
	rr   *resultsReader
	file int
}

type resultHeap []headResult

func (h *resultHeap) pushNext(rr *resultsReader, file int) error {
	res, err := rr.next()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return err
	}
	heap.Push(h, headResult{res: res, rr: rr, file: file})
	return nil
}

func (h resultHeap) Len() int { return len(h) }
func (h resultHeap) Less(i, j int) bool {
	if h[i].res.Seq != h[j].res.Seq {
		return h[i].res.Seq < h[j].res.Seq
	}
	return h[i].file < h[j].file
}
func (h resultHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *resultHeap) Push(x any)   { *h = append(*h, x.(headResult)) }
func (h *resultHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}
