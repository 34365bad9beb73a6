package cmd

import (
	"context"
	"fmt"
	"time"

	"github.com/iqa-cli/iqa/importers"
	"github.com/iqa-cli/iqa/reports"
	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/transcript"
)

// batch imports inputs, selects conversations, scores them on a worker
// pool and hands each result, in input order, to consume. It is the
// pipeline behind score, explain and coach.
type batch struct {
	inputs    []importers.Input
	importer  importers.Importer
	selection scoring.Selection
	engine    scoring.Scorer
	workers   int
	// onConversation is told of every conversation read, for progress.
	onConversation func()
}

// run scores the batch; stats are the importer's counts.
func (b *batch) run(ctx context.Context, consume func(*scoring.Result) error) (importers.Stats, error) {
	var stats importers.Stats
	pipeline := scoring.Pipeline{Scorer: b.engine, Workers: b.workers}
	err := pipeline.Run(ctx, func(emit func(int, *transcript.Conversation) error) error {
		var sample *scoring.Sample
		if b.selection.Deferred() {
			sample = scoring.NewSample(&b.selection)
		}
		seq := 0
		var err error
		stats, err = b.importer.Run(ctx, b.inputs, func(c *transcript.Conversation) error {
			n := seq
			seq++
			if b.onConversation != nil {
				b.onConversation()
			}
			if !b.selection.Keep(c) {
				return nil
			}
			if sample != nil {
				sample.Add(n, c)
				return nil
			}
			return emit(n, c)
		})
		if err != nil || sample == nil {
			return err
		}
		for _, sc := range sample.Chosen() {
			if err := emit(sc.Seq, sc.Conv); err != nil {
				return err
			}
		}
		return nil
	}, consume)
	return stats, err
}

// runInfo describes a run for reports; the time only with --stamp, so
// that outputs are byte-identical from run to run.
func runInfo(inputs []importers.Input, sel *scoring.Selection, stamp bool, now func() time.Time) reports.RunInfo {
	info := reports.RunInfo{Filters: sel.Describe()}
	for _, in := range inputs {
		info.Inputs = append(info.Inputs, in.Name)
		info.Files = append(info.Files, reports.InputFile{Name: in.Name, Size: in.Size})
	}
	if sel.Shards > 1 {
		info.Shard = fmt.Sprintf("%d/%d", sel.Shard, sel.Shards)
	}
	if stamp {
		info.When = now().UTC().Format(time.RFC3339)
	}
	return info
}

// addRejects copies the rejects logged during import into the summary.
func addRejects(sum *reports.Summary, log *rejectLog) {
	for _, r := range log.list {
		sum.AddReject(reports.Reject{File: r.Where.File, Line: r.Where.Line, Record: r.Where.Record, Reason: r.Reason}, reports.MaxListedRejects())
	}
	sum.Rejected += log.count - len(log.list)
	sum.RejectsTruncated = sum.RejectsTruncated || log.count > len(log.list)
}
