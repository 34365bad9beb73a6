package scoring

import (
	"fmt"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

func TestSelectionFilters(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 1, d, 12, 0, 0, 0, time.UTC) }
	c := &transcript.Conversation{ID: "c1", Agent: "Ana", Team: "EMEA", Channel: transcript.Chat, Start: day(5)}
	tests := []struct {
		name string
		sel  Selection
		keep bool
	}{
		{"no filters keep everything", Selection{}, true},
		{"agent matches case-insensitively", Selection{Agents: []string{"ana"}}, true},
		{"other agent", Selection{Agents: []string{"Ben"}}, false},
		{"team", Selection{Teams: []string{"APAC"}}, false},
		{"channel", Selection{Channels: []string{"chat", "email"}}, true},
		{"since is inclusive", Selection{Since: day(5)}, true},
		{"until is exclusive", Selection{Until: day(5)}, false},
		{"window", Selection{Since: day(1), Until: day(6)}, true},
		{"100% sample keeps all", Selection{SamplePercent: 100}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := tt.sel.Keep(c); got != tt.keep {
				t.Errorf("Keep = %v, want %v", got, tt.keep)
			}
		})
	}
	undated := &transcript.Conversation{ID: "c2"}
	if (&Selection{Since: day(1)}).Keep(undated) {
		t.Error("a conversation without a start time passed a --since filter")
	}
}

func TestShardsPartitionTheCorpus(t *testing.T) {
	const n, shards = 3000, 4
	counts := make([]int, shards)
	for i := range n {
		c := &transcript.Conversation{ID: fmt.Sprintf("conv-%d", i)}
		kept := 0
		for s := 1; s <= shards; s++ {
			if (&Selection{Shard: s, Shards: shards}).Keep(c) {
				kept++
				counts[s-1]++
			}
		}
		if kept != 1 {
			t.Fatalf("%s is in %d shards", c.ID, kept)
		}
	}
	for s, k := range counts {
		if k < n/shards*8/10 || k > n/shards*12/10 {
			t.Errorf("shard %d has %d of %d conversations: the hash is not spreading ids", s+1, k, n)
		}
	}
}

func TestPercentSampleIsStableAndSized(t *testing.T) {
	sel := Selection{SamplePercent: 10, Seed: 42}
	other := Selection{SamplePercent: 10, Seed: 43}
	kept, differ := 0, 0
	for i := range 5000 {
		c := &transcript.Conversation{ID: fmt.Sprintf("id%d", i)}
		k := sel.Keep(c)
		if k != sel.Keep(c) {
			t.Fatal("the same conversation was kept once and dropped once")
		}
		if k {
			kept++
		}
		if k != other.Keep(c) {
			differ++
		}
	}
	if kept < 400 || kept > 600 {
		t.Errorf("10%% sample kept %d of 5000", kept)
	}
	if differ == 0 {
		t.Error("another seed drew the same sample")
	}
}

func TestCountAndPerAgentSamples(t *testing.T) {
	var cs []*transcript.Conversation
	for i := range 100 {
		cs = append(cs, &transcript.Conversation{ID: fmt.Sprintf("id%d", i), Agent: []string{"Ana", "Ben", "Cy"}[i%3]})
	}
	draw := func(sel Selection) []SampledConversation {
		s := NewSample(&sel)
		for i, c := range cs {
			s.Add(i, c)
		}
		return s.Chosen()
	}
	got := draw(Selection{SampleCount: 10, Seed: 1})
	if len(got) != 10 {
		t.Fatalf("sample of 10 has %d", len(got))
	}
	for i := 1; i < len(got); i++ {
		if got[i].Seq <= got[i-1].Seq {
			t.Fatal("sample is not in input order")
		}
	}
	again := draw(Selection{SampleCount: 10, Seed: 1})
	for i := range got {
		if got[i].Conv.ID != again[i].Conv.ID {
			t.Fatal("the same seed drew another sample")
		}
	}
	perAgent := draw(Selection{PerAgent: 2, Seed: 1})
	byAgent := map[string]int{}
	for _, sc := range perAgent {
		byAgent[sc.Conv.Agent]++
	}
	if len(perAgent) != 6 || byAgent["Ana"] != 2 || byAgent["Ben"] != 2 || byAgent["Cy"] != 2 {
		t.Errorf("per-agent sample: %v", byAgent)
	}
	both := draw(Selection{PerAgent: 2, SampleCount: 4, Seed: 1})
	if len(both) != 4 {
		t.Errorf("per-agent 2 then sample 4 gave %d", len(both))
	}
}

func TestParseSampleAndShard(t *testing.T) {
	if p, n, err := ParseSample("5%"); err != nil || p != 5 || n != 0 {
		t.Errorf("5%%: %v %v %v", p, n, err)
	}
	if p, n, err := ParseSample("200"); err != nil || p != 0 || n != 200 {
		t.Errorf("200: %v %v %v", p, n, err)
	}
	for _, bad := range []string{"0%", "101%", "-3", "x", ""} {
		if _, _, err := ParseSample(bad); err == nil {
			t.Errorf("ParseSample(%q) accepted", bad)
		}
	}
	if i, n, err := ParseShard("2/8"); err != nil || i != 2 || n != 8 {
		t.Errorf("2/8: %v %v %v", i, n, err)
	}
	for _, bad := range []string{"0/2", "3/2", "1", "a/b", "1/0"} {
		if _, _, err := ParseShard(bad); err == nil {
			t.Errorf("ParseShard(%q) accepted", bad)
		}
	}
}
