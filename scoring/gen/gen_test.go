package gen

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestDeterministic(t *testing.T) {
	a, b := New(7), New(7)
	for i := 0; i < 50; i++ {
		x, _ := json.Marshal(a.Next())
		y, _ := json.Marshal(b.Next())
		if string(x) != string(y) {
			t.Fatalf("conversation %d differs for the same seed", i)
		}
	}
}

// TestShape checks the averages the benchmark relies on: about 12
// messages of about 35 words, every channel, many agents.
func TestShape(t *testing.T) {
	g := New(1)
	const n = 2000
	msgs, words := 0, 0
	channels, agents := map[string]int{}, map[string]bool{}
	for i := 0; i < n; i++ {
		c := g.Next()
		msgs += len(c.Messages)
		for _, m := range c.Messages {
			words += len(strings.Fields(m.Text))
		}
		channels[string(c.Channel)]++
		agents[c.Agent] = true
	}
	perConv := float64(msgs) / n
	perMsg := float64(words) / float64(msgs)
	t.Logf("%.1f messages per conversation, %.1f words per message, channels %v, %d agents", perConv, perMsg, channels, len(agents))
	if perConv < 9 || perConv > 15 || perMsg < 20 || perMsg > 45 || len(channels) != 5 || len(agents) < 35 {
		t.Errorf("shape drifted: %.1f messages, %.1f words, %d channels, %d agents", perConv, perMsg, len(channels), len(agents))
	}
}
