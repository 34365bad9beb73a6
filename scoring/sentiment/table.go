package sentiment

import "strings"

// table is a read-only open-addressing hash table from word to entry, built once per analyzer
// from lexicon.words. Scoring does one lookup per word, and Go's map spends most of its time
// hashing and probing with generic code; this one hashes the lower-cased bytes with FNV-1a and
// finds almost every word at its first slot, because the table is kept at most half full.
type table struct {
	slots   []int32 // index+1 into keys and entries; 0 is an empty slot
	keys    []string
	entries []entry
	mask    uint64
}

func newTable(words map[string]entry) *table {
	n := 1
	for n < 2*len(words) {
		n <<= 1
	}
	t := &table{
		slots:   make([]int32, n),
		keys:    make([]string, 0, len(words)),
		entries: make([]entry, 0, len(words)),
		mask:    uint64(n - 1),
	}
	// The keys are cut from one string so that their bytes sit together in memory.
	var arena strings.Builder
	for k, e := range words {
		arena.WriteString(k)
		t.entries = append(t.entries, e)
		t.keys = append(t.keys, k)
	}
	all, off := arena.String(), 0
	for idx, k := range t.keys {
		k = all[off : off+len(k)]
		off += len(k)
		t.keys[idx] = k
		i := hashBytes([]byte(k)) & t.mask
		for t.slots[i] != 0 {
			i = (i + 1) & t.mask
		}
		t.slots[i] = int32(idx + 1)
	}
	return t
}

func (t *table) get(key []byte) (entry, bool) {
	for i := hashBytes(key) & t.mask; ; i = (i + 1) & t.mask {
		s := t.slots[i]
		if s == 0 {
			return entry{}, false
		}
		if t.keys[s-1] == string(key) {
			return t.entries[s-1], true
		}
	}
}

func hashBytes(b []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range b {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h ^ h>>29 // FNV's low bits are weak; fold the high ones in
}
