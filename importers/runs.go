package importers

import "github.com/iqa-cli/iqa/transcript"

// adjacentRuns assembles conversations from runs of consecutive records
// with one id (a ticket's threads listed together, a platform's messages),
// emitting each run when the next starts. A conversation whose records
// come in two runs is imported as two, and said so.
type adjacentRuns struct {
	src *Source
	// what names the records in that warning: "ticket %s's threads".
	what  string
	start func(id string, line int) *transcript.Conversation
	// keepEmpty emits a run whose records were all rejected too, so that
	// the importer says it has no messages.
	keepEmpty bool
	pending   *transcript.Conversation
	emitted   map[string]bool
}

// at returns the conversation a record of id at line belongs to.
func (a *adjacentRuns) at(id string, line int) (*transcript.Conversation, error) {
	if a.pending != nil && a.pending.ID != id {
		if err := a.flush(); err != nil {
			return nil, err
		}
	}
	if a.pending == nil {
		a.pending = a.start(id, line)
	}
	return a.pending, nil
}

// flush emits the run being read.
func (a *adjacentRuns) flush() error {
	c := a.pending
	a.pending = nil
	if c == nil {
		return nil
	}
	if a.emitted == nil {
		a.emitted = map[string]bool{}
	}
	if a.emitted[c.ID] {
		a.src.Warn(a.what+" are not next to each other; it is imported as more than one conversation", c.ID)
	}
	a.emitted[c.ID] = true
	if len(c.Messages) == 0 && !a.keepEmpty {
		return nil // each record was rejected or skipped, and said so
	}
	return a.src.Emit(c)
}

// platformRuns groups a platform's message records, which arrive grouped
// by conversation, into conversations of the given channel (see
// adjacentRuns).
func platformRuns(src *Source, platform string, channel transcript.Channel) adjacentRuns {
	return adjacentRuns{src: src, what: "conversation %s's messages", keepEmpty: true,
		start: func(id string, line int) *transcript.Conversation {
			return &transcript.Conversation{ID: id, Channel: channel, Source: transcript.Location{File: src.Name, Line: line},
				Meta: map[string]string{"platform": platform}}
		}}
}
