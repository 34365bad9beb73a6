package scoring

import (
	"github.com/iqa-cli/iqa/transcript"
)

// callTurns lists the visible agent, bot and customer turns of a call in
// order of their start offsets, or reports false when a turn has no
// offsets.
func callTurns(a *Analysis) ([]int, bool) {
	if !a.Offsets {
		return nil, false
	}
	var turns []int
	for i := range a.Conv.Messages {
		m := &a.Conv.Messages[i]
		if m.Internal || (m.Role != transcript.Agent && m.Role != transcript.Customer && m.Role != transcript.Bot) {
			continue
		}
		turns = append(turns, i)
	}
	sortStable(turns, func(x, y int) bool { return *a.Conv.Messages[x].StartMS < *a.Conv.Messages[y].StartMS })
	return turns, len(turns) > 0
}

func startMS(a *Analysis, i int) int64 { return *a.Conv.Messages[i].StartMS }
func endMS(a *Analysis, i int) int64   { return *a.Conv.Messages[i].EndMS }
