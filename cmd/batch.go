package cmd

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
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
	// matched records which filter values some conversation read has.
	matched filterMatches
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
			b.matched.see(&b.selection, c)
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

// filterMatches records, for each --agent, --team and --channel value,
// whether any conversation read (before the shard or a sample chose among
// them) has it, and the first few values seen, to name in an error.
type filterMatches struct {
	agents, teams, channels []bool
	seen                    [3][]string
}

// maxNamedValues is how many values an unmatched filter's error names.
const maxNamedValues = 8

func (m *filterMatches) see(sel *scoring.Selection, c *transcript.Conversation) {
	m.agents = markMatch(m.agents, sel.Agents, c.Agent, &m.seen[0])
	m.teams = markMatch(m.teams, sel.Teams, c.Team, &m.seen[1])
	m.channels = markMatch(m.channels, sel.Channels, string(c.Channel), &m.seen[2])
}

func markMatch(matched []bool, want []string, v string, seen *[]string) []bool {
	if len(want) == 0 {
		return nil
	}
	if matched == nil {
		matched = make([]bool, len(want))
	}
	for i, w := range want {
		if strings.EqualFold(w, v) {
			matched[i] = true
		}
	}
	if v != "" && len(*seen) < maxNamedValues && !slices.Contains(*seen, v) {
		*seen = append(*seen, v)
	}
	return matched
}

// check fails a run whose --agent, --team or --channel names a value no
// conversation has: a typo, or an agent named as in another export, would
// otherwise score nothing and exit 0.
func (m *filterMatches) check(sel *scoring.Selection) error {
	filters := []struct {
		flag, what string
		want       []string
		matched    []bool
		seen       []string
		hint       string
	}{
		{"agent", "agents", sel.Agents, m.agents, m.seen[0], "agents are named as in the exports; to name the agent of a transcript that names none, use --agent-name"},
		{"team", "teams", sel.Teams, m.teams, m.seen[1], "teams are named as in the exports"},
		{"channel", "channels", sel.Channels, m.channels, m.seen[2], `an export that names no channel is "other": name its channel with --default-channel`},
	}
	for _, f := range filters {
		for i, w := range f.want {
			if i < len(f.matched) && f.matched[i] {
				continue
			}
			found := "no conversation in the inputs names one"
			if len(f.seen) > 0 {
				found = f.what + " in the inputs: " + strings.Join(quoteEach(f.seen), ", ")
				if len(f.seen) == maxNamedValues {
					found += ", …"
				}
			}
			return usageError(f.hint, "--%s %q matches no conversation (%s)", f.flag, w, found)
		}
	}
	return nil
}

func quoteEach(list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = strconv.Quote(s)
	}
	return out
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
