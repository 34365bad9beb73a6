package importers

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/iqa-cli/iqa/transcript"
)

// runState is what the inputs of one run share.
type runState struct {
	gorgias gorgiasStats
}

// gorgiasStats are the Gorgias tickets statistics exports of a run: one
// row per ticket, read before any other input (Importer.Run moves them
// first), so that their channel and survey score join the tickets of the
// Gorgias messages exports as metadata, whatever the inputs' order. Memory
// follows the tickets of the statistics files.
type gorgiasStats struct {
	tickets  map[string]*gorgiasStatsRow
	files    []*gorgiasStatsFile
	messages bool // a Gorgias messages export was decoded
}

// gorgiasStatsRow is a ticket's statistics, and the file that gave them
// first.
type gorgiasStatsRow struct {
	meta []metaPair
	file *gorgiasStatsFile
}

type metaPair struct{ key, value string }

// gorgiasStatsFile is one statistics export: its tickets, and which of
// them joined a conversation.
type gorgiasStatsFile struct {
	name   string
	ids    []string
	joined map[string]bool
}

// isGorgiasStatistics reports whether head is a Gorgias tickets statistics
// export, as detection takes it.
func isGorgiasStatistics(head []byte, name string) bool {
	if _, ok := Detect(head, name).(Gorgias); !ok {
		return false
	}
	sn, ok := sniffTable(head)
	return ok && gorgiasHeader(sn.header).isStatistics()
}

// statisticsFirst moves the Gorgias statistics exports among inputs to the
// front, keeping the order otherwise. Only CSV files are looked at, and
// only their head; standard input is left where it is.
func statisticsFirst(inputs []Input, forced Format) []Input {
	if forced != nil {
		if _, ok := forced.(Gorgias); !ok {
			return inputs
		}
	}
	var stats, rest []Input
	for _, in := range inputs {
		name := strings.TrimSuffix(filepath.Base(in.Name), ".gz")
		if in.Name == Stdin || !strings.EqualFold(filepath.Ext(name), ".csv") {
			rest = append(rest, in)
			continue
		}
		text, closer, err := openInputText(in.Name, in.member, nil)
		if err != nil {
			rest = append(rest, in) // said when it is read in turn
			continue
		}
		head, _ := text.Peek(HeadSize)
		closer.Close()
		if isGorgiasStatistics(head, name) {
			stats = append(stats, in)
		} else {
			rest = append(rest, in)
		}
	}
	if len(stats) == 0 {
		return inputs
	}
	return append(stats, rest...)
}

// read keeps the rows of one statistics export: its ticket id, channel,
// survey score and the other ticket fields the messages export may carry.
func (g *gorgiasStats) read(src *Source, pass *csvPass, cols *gorgiasColumns) error {
	f := &gorgiasStatsFile{name: src.Name, joined: map[string]bool{}}
	g.files = append(g.files, f)
	if g.tickets == nil {
		g.tickets = map[string]*gorgiasStatsRow{}
	}
	return pass.each(src, true, func(_, line int, values []string) error {
		id := cellAt(values, cols.ticket)
		if id == "" {
			src.Reject(line, "column %q is empty: no ticket id", cols.names[cols.ticket])
			return nil
		}
		row := g.tickets[id]
		if row == nil {
			row = &gorgiasStatsRow{file: f}
			g.tickets[id] = row
			f.ids = append(f.ids, id)
		}
		for _, i := range cols.meta {
			if v := cellAt(values, i); v != "" {
				row.meta = append(row.meta, metaPair{gorgiasTicketMeta[normKey(cols.names[i])], v})
			}
		}
		return nil
	})
}

// apply adds a ticket's statistics to its conversation: fields the
// messages export left blank, and the channel if it named none.
func (g *gorgiasStats) apply(c *transcript.Conversation) {
	row := g.tickets[c.ID]
	if row == nil {
		return
	}
	for _, p := range row.meta {
		setMeta(c, p.key, p.value)
		if p.key == "channel" && c.Channel == "" {
			c.Channel, _ = transcript.ParseChannel(p.value)
		}
	}
	row.file.joined[c.ID] = true
}

// warnings are the one line each statistics export gets at the end of the
// run: how many of its tickets joined a conversation, and which did not.
func (g *gorgiasStats) warnings() []Warning {
	var out []Warning
	for _, f := range g.files {
		msg := "a Gorgias tickets statistics export (one row per ticket, no messages): it is not transcripts and nothing is imported from it; give it beside the ticket messages export to add its channel and survey score to their tickets"
		if g.messages {
			var missing []string
			for _, id := range f.ids {
				if !f.joined[id] {
					missing = append(missing, id)
				}
			}
			msg = fmt.Sprintf("a Gorgias tickets statistics export: its channel and survey score joined %d of %s as metadata",
				len(f.joined), plural(len(f.ids), "ticket"))
			if len(missing) > 0 {
				msg += fmt.Sprintf("; %d not in any messages export of this run (%s)", len(missing), listSome(missing, 5))
			}
		}
		out = append(out, Warning{File: f.name, Message: msg})
	}
	return out
}

// listSome lists up to n values, saying how many more there are.
func listSome(values []string, n int) string {
	s := strings.Join(values[:min(len(values), n)], ", ")
	if more := len(values) - n; more > 0 {
		s += fmt.Sprintf(" and %d more", more)
	}
	return s
}
