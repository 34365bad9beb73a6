package scoring

import (
	"container/heap"
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/transcript"
)

// Selection picks which conversations of a batch are scored: filters,
// a shard of the corpus, and a reproducible sample. Every choice is made
// from the conversation's own fields and a hash of its id, so the same
// conversations are chosen on every run and on every machine.
type Selection struct {
	Agents   []string // keep only these agents (case-insensitive)
	Teams    []string
	Channels []string
	Since    time.Time // keep conversations that start at or after Since
	Until    time.Time // and before Until
	// Shard (1..Shards) keeps the conversations whose id hashes to it.
	Shard, Shards int
	// SamplePercent (0-100) keeps that share; SampleCount keeps that many;
	// PerAgent keeps at most that many per agent. Zero means off.
	SamplePercent float64
	SampleCount   int
	PerAgent      int
	Seed          uint64
}

// ParseSample reads --sample: "5%" or "200".
func ParseSample(s string) (percent float64, count int, err error) {
	s = strings.TrimSpace(s)
	if p, ok := strings.CutSuffix(s, "%"); ok {
		percent, err = strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil || percent <= 0 || percent > 100 {
			return 0, 0, fmt.Errorf("sample %q: a percentage must be above 0%% and at most 100%%", s)
		}
		return percent, 0, nil
	}
	count, err = strconv.Atoi(s)
	if err != nil || count <= 0 {
		return 0, 0, fmt.Errorf("sample %q: give a percentage (5%%) or a number of conversations (200)", s)
	}
	return 0, count, nil
}

// ParseShard reads --shard: "I/N" with 1 <= I <= N.
func ParseShard(s string) (shard, shards int, err error) {
	a, b, ok := strings.Cut(s, "/")
	shard, errA := strconv.Atoi(strings.TrimSpace(a))
	shards, errB := strconv.Atoi(strings.TrimSpace(b))
	if !ok || errA != nil || errB != nil || shards < 1 || shard < 1 || shard > shards {
		return 0, 0, fmt.Errorf("shard %q: write I/N with 1 <= I <= N, for example 2/8", s)
	}
	return shard, shards, nil
}

// Describe says in words what the selection keeps, shard aside (shards of
// one run describe the same selection), or "" when it keeps everything.
func (s *Selection) Describe() string {
	var parts []string
	if len(s.Agents) > 0 {
		parts = append(parts, "agent "+strings.Join(s.Agents, "|"))
	}
	if len(s.Teams) > 0 {
		parts = append(parts, "team "+strings.Join(s.Teams, "|"))
	}
	if len(s.Channels) > 0 {
		parts = append(parts, "channel "+strings.Join(s.Channels, "|"))
	}
	if !s.Since.IsZero() {
		parts = append(parts, "since "+s.Since.Format(time.RFC3339))
	}
	if !s.Until.IsZero() {
		parts = append(parts, "until "+s.Until.Format(time.RFC3339))
	}
	if s.SamplePercent > 0 {
		parts = append(parts, fmt.Sprintf("sample %s%%", strconv.FormatFloat(s.SamplePercent, 'f', -1, 64)))
	}
	if s.SampleCount > 0 {
		parts = append(parts, fmt.Sprintf("sample %d", s.SampleCount))
	}
	if s.PerAgent > 0 {
		parts = append(parts, fmt.Sprintf("%d per agent", s.PerAgent))
	}
	if s.SamplePercent > 0 || s.SampleCount > 0 || s.PerAgent > 0 {
		parts = append(parts, fmt.Sprintf("seed %d", s.Seed))
	}
	return strings.Join(parts, ", ")
}

// Validate reports a selection that cannot work.
func (s *Selection) Validate() error {
	if s.Shards > 1 && (s.SampleCount > 0 || s.PerAgent > 0) {
		return fmt.Errorf("--sample N and --per-agent choose among all conversations, so they cannot be split with --shard; use --sample with a percentage")
	}
	if !s.Since.IsZero() && !s.Until.IsZero() && !s.Since.Before(s.Until) {
		return fmt.Errorf("--since %s is not before --until %s", s.Since.Format(time.RFC3339), s.Until.Format(time.RFC3339))
	}
	return nil
}

// Keep reports whether a conversation passes the filters, the shard and a
// percentage sample: the decisions made one conversation at a time.
func (s *Selection) Keep(c *transcript.Conversation) bool {
	if len(s.Agents) > 0 && !containsFold(s.Agents, c.Agent) {
		return false
	}
	if len(s.Teams) > 0 && !containsFold(s.Teams, c.Team) {
		return false
	}
	if len(s.Channels) > 0 && !containsFold(s.Channels, string(c.Channel)) {
		return false
	}
	if !s.Since.IsZero() && (c.Start.IsZero() || c.Start.Before(s.Since)) {
		return false
	}
	if !s.Until.IsZero() && (c.Start.IsZero() || !c.Start.Before(s.Until)) {
		return false
	}
	if s.Shards > 1 && int(hashID(0x5eed5a4d, c.ID)%uint64(s.Shards)) != s.Shard-1 {
		return false
	}
	if s.SamplePercent > 0 && s.SamplePercent < 100 && unitHash(s.Seed, c.ID)*100 >= s.SamplePercent {
		return false
	}
	return true
}

// Deferred reports whether the selection must see every conversation
// before it knows which to keep (a fixed-size or per-agent sample).
func (s *Selection) Deferred() bool { return s.SampleCount > 0 || s.PerAgent > 0 }

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(x, s) {
			return true
		}
	}
	return false
}

func hashID(seed uint64, id string) uint64 {
	h := fnv.New64a()
	var b [8]byte
	for i := range b {
		b[i] = byte(seed >> (8 * i))
	}
	h.Write(b[:])
	h.Write([]byte(id))
	// fnv's low bits mix poorly for short keys; finish with a
	// splitmix64-style avalanche.
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// unitHash maps an id to [0, 1) for a seed.
func unitHash(seed uint64, id string) float64 {
	return float64(hashID(seed, id)>>11) / (1 << 53)
}

// A Sample keeps the conversations with the smallest id hashes: at most
// PerAgent per agent, then at most SampleCount overall. Memory is bounded by
// the sample's size.
type Sample struct {
	sel      *Selection
	perAgent map[string]*sampleHeap
	overall  *sampleHeap
}

// SampledConversation is a conversation kept by a Sample with its position
// in the input.
type SampledConversation struct {
	Seq  int
	Conv *transcript.Conversation
	hash uint64
}

// NewSample starts a sample for a deferred selection.
func NewSample(sel *Selection) *Sample {
	return &Sample{sel: sel, perAgent: map[string]*sampleHeap{}, overall: &sampleHeap{}}
}

// Add offers a conversation that passed Keep.
func (s *Sample) Add(seq int, c *transcript.Conversation) {
	sc := SampledConversation{Seq: seq, Conv: c, hash: hashID(s.sel.Seed, c.ID)}
	if s.sel.PerAgent > 0 {
		key := strings.ToLower(c.Agent)
		h := s.perAgent[key]
		if h == nil {
			h = &sampleHeap{}
			s.perAgent[key] = h
		}
		h.offer(sc, s.sel.PerAgent)
		return
	}
	s.overall.offer(sc, s.sel.SampleCount)
}

// Chosen returns the sample in input order.
func (s *Sample) Chosen() []SampledConversation {
	chosen := []SampledConversation(*s.overall)
	if s.sel.PerAgent > 0 {
		all := &sampleHeap{}
		keys := make([]string, 0, len(s.perAgent))
		for k := range s.perAgent {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			for _, sc := range *s.perAgent[k] {
				if s.sel.SampleCount > 0 {
					all.offer(sc, s.sel.SampleCount)
				} else {
					*all = append(*all, sc)
				}
			}
		}
		chosen = *all
	}
	out := append([]SampledConversation(nil), chosen...)
	sort.Slice(out, func(i, j int) bool { return out[i].Seq < out[j].Seq })
	return out
}

// sampleHeap is a max-heap on hash (ties by seq), so the largest of the
// kept is the one to drop.
type sampleHeap []SampledConversation

func (h sampleHeap) Len() int { return len(h) }
func (h sampleHeap) Less(i, j int) bool {
	if h[i].hash != h[j].hash {
		return h[i].hash > h[j].hash
	}
	return h[i].Seq > h[j].Seq
}
func (h sampleHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *sampleHeap) Push(x any)   { *h = append(*h, x.(SampledConversation)) }
func (h *sampleHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

func (h *sampleHeap) offer(sc SampledConversation, limit int) {
	if h.Len() < limit {
		heap.Push(h, sc)
		return
	}
	top := (*h)[0]
	if sc.hash < top.hash || (sc.hash == top.hash && sc.Seq < top.Seq) {
		(*h)[0] = sc
		heap.Fix(h, 0)
	}
}
