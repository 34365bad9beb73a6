package reports

import (
	"container/heap"
	"fmt"
	"io"
	"slices"
	"strings"

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
	return MergeResultsWith(files, sum, MergeOptions{}, onResult)
}

// MergeOptions relax what MergeResultsWith checks.
type MergeOptions struct {
	// AllowMixedRubrics merges results scored with different rubrics
	// (name, version or hash); the summary then lists them all in
	// Run.Rubrics. Without it such a merge is an error.
	AllowMixedRubrics bool
}

// MergeResultsWith is MergeResults with options. Besides merging, it
// checks that the files belong together: one rubric (unless allowed), and,
// when they are shards, every shard of one run exactly once.
func MergeResultsWith(files []ResultsFile, sum *Summary, opts MergeOptions, onResult func(*scoring.Result) error) error {
	h := &resultHeap{}
	readers := make([]*resultsReader, len(files))
	for i, f := range files {
		rr := newResultsReader(f.Name, f.R, sum)
		readers[i] = rr
		defer rr.close()
		if err := h.pushNext(rr, i); err != nil {
			return err
		}
	}
	rubrics := rubricsSeen{allowMixed: opts.AllowMixedRubrics}
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
		if err := rubrics.add(top.res.Rubric, top.rr.name); err != nil {
			return err
		}
		if err := onResult(top.res); err != nil {
			return err
		}
		if err := h.pushNext(top.rr, top.file); err != nil {
			return err
		}
	}
	if len(rubrics.list) > 1 {
		sum.Run.Rubrics = rubrics.list
	}
	return checkShards(readers)
}

// rubricsSeen tracks the rubrics of merged results: one rubric's scores
// labelled with another's name would mislead every report.
type rubricsSeen struct {
	allowMixed bool
	list       []scoring.RubricRef
	files      []string // the first file of each
}

func (rs *rubricsSeen) add(r scoring.RubricRef, file string) error {
	for _, seen := range rs.list {
		if seen == r {
			return nil
		}
	}
	if len(rs.list) > 0 && !rs.allowMixed {
		return &MergeError{Msg: fmt.Sprintf("%s was scored with rubric %s, but %s with %s; score them with one rubric, or pass --allow-mixed-rubrics",
			file, describeRubric(r), rs.files[0], describeRubric(rs.list[0]))}
	}
	rs.list = append(rs.list, r)
	rs.files = append(rs.files, file)
	return nil
}

func describeRubric(r scoring.RubricRef) string {
	return fmt.Sprintf("%q %s (hash %s)", r.Name, r.Version, r.Hash)
}

// MergeError says results files do not belong together.
type MergeError struct{ Msg string }

func (e *MergeError) Error() string { return e.Msg }

// checkShards refuses a set of shards that is not every shard of one run
// exactly once: a missing shard would pass a gate on part of the corpus
// without a word. Files that are not shards (whole runs) merge as before.
func checkShards(readers []*resultsReader) error {
	var first *resultsReader
	for _, rr := range readers {
		if rr.run != nil && rr.run.Shard != "" {
			first = rr
			break
		}
	}
	if first == nil {
		return nil
	}
	_, n, err := scoring.ParseShard(first.run.Shard)
	if err != nil {
		return fmt.Errorf("%s: run line: %v", first.name, err)
	}
	have := make([]string, n+1) // the file of each shard, by number
	for _, rr := range readers {
		switch {
		case rr.run == nil:
			return &MergeError{Msg: fmt.Sprintf("%s has no %s line, so it cannot be checked against shard %s of %s; pass results files written whole by 'iqa score --json'", rr.name, RunSchema, first.run.Shard, first.name)}
		case rr.run.Shard == "":
			return &MergeError{Msg: fmt.Sprintf("%s is a whole run, not a shard like %s (shard %s); merge the shards of one run only", rr.name, first.name, first.run.Shard)}
		}
		i, m, err := scoring.ParseShard(rr.run.Shard)
		if err != nil {
			return fmt.Errorf("%s: run line: %v", rr.name, err)
		}
		if what := differs(first.run, rr.run, n, m); what != "" {
			return &MergeError{Msg: fmt.Sprintf("%s (shard %s) is from another run than %s (shard %s): %s differs; merge the shards of one run only", rr.name, rr.run.Shard, first.name, first.run.Shard, what)}
		}
		if have[i] != "" {
			return &MergeError{Msg: fmt.Sprintf("%s and %s are both shard %s; pass each shard once", have[i], rr.name, rr.run.Shard)}
		}
		have[i] = rr.name
	}
	var missing []string
	for i := 1; i <= n; i++ {
		if have[i] == "" {
			missing = append(missing, fmt.Sprintf("%d/%d", i, n))
		}
	}
	if len(missing) > 0 {
		word := "shard"
		if len(missing) > 1 {
			word = "shards"
		}
		return &MergeError{Msg: fmt.Sprintf("%s %s missing: %d of %d shards given; pass every shard of the run", word, strings.Join(missing, ", "), n-len(missing), n)}
	}
	return nil
}

// differs names what makes two shards' runs different runs, or "".
func differs(a, b *runLine, n, m int) string {
	switch {
	case n != m:
		return "the shard count"
	case a.Filters != b.Filters:
		return fmt.Sprintf("the selection (%q against %q)", b.Filters, a.Filters)
	case !slices.Equal(a.Files, b.Files):
		return "the inputs (names or sizes)"
	case a.Rubric != b.Rubric:
		return "the rubric"
	}
	return ""
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
