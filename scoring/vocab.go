package scoring

// vocab numbers the words the engine cares about: every word of a plain
// phrase, the stopwords and the acronyms. It is filled while the engine
// is built and then frozen into an open-addressing table keyed by the
// words' FNV-1a hashes, which the analysis computes while it scans, so
// looking a message word up costs a multiply per byte and usually one
// probe.
type vocab struct {
	words  []string
	hashes []uint64
	flags  []uint8
	index  map[string]int32
	table  []int32
	mask   uint64
}

const (
	flagStop    uint8 = 1 << iota // a stopword: not content
	flagAcronym                   // capitals that are not shouting
)

func newVocab() *vocab { return &vocab{index: map[string]int32{}} }

// add returns the id of w (in wordKey form), adding it when new.
func (v *vocab) add(w string) int32 {
	if id, ok := v.index[w]; ok {
		return id
	}
	id := int32(len(v.words))
	v.index[w] = id
	v.words = append(v.words, w)
	v.hashes = append(v.hashes, hashWord(w))
	v.flags = append(v.flags, 0)
	return id
}

// freeze builds the lookup table.
func (v *vocab) freeze() {
	size := 64
	for size < 4*len(v.words) {
		size *= 2
	}
	v.table = make([]int32, size)
	for i := range v.table {
		v.table[i] = -1
	}
	v.mask = uint64(size - 1)
	for id, h := range v.hashes {
		j := h & v.mask
		for v.table[j] >= 0 {
			j = (j + 1) & v.mask
		}
		v.table[j] = int32(id)
	}
}

// lookup returns the id of the word w with hash h (both of the wordKey
// form, see hashWord), or -1.
func (v *vocab) lookup(h uint64, w string) int32 {
	for j := h & v.mask; ; j = (j + 1) & v.mask {
		id := v.table[j]
		if id < 0 {
			return -1
		}
		if v.hashes[id] == h && equalKey(v.words[id], w) {
			return id
		}
	}
}

// hashWord is FNV-1a over the word's wordKey form: a typographic
// apostrophe hashes as a plain one.
func hashWord(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2] == 0x99 {
			c = '\''
			i += 2
		}
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// equalKey compares a vocabulary word with a message word in wordKey form.
func equalKey(key, w string) bool {
	if len(key) == len(w) {
		return key == w
	}
	return key == wordKey(w)
}
