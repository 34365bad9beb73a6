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
	// keys are what the table finds: every word, then the inflected forms
	// of phrase words (see inflect), each with the id it stands for.
	keys      []string
	keyHashes []uint64
	keyIDs    []int32
	// canon maps a word id to the id it is matched as: a phrase word and
	// its inflections ("cancel", "cancelled") share one.
	canon []int32
	table []int32
	mask  uint64
}

const (
	flagStop    uint8 = 1 << iota // a stopword: not content
	flagAcronym                   // capitals that are not shouting
	flagPhrase                    // a word of a plain phrase: its inflections match it
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

// freeze joins every phrase word with its inflections and builds the
// lookup table.
func (v *vocab) freeze() {
	v.canon = make([]int32, len(v.words))
	for id := range v.canon {
		v.canon[id] = int32(id)
	}
	find := func(id int32) int32 {
		for v.canon[id] != id {
			id = v.canon[id]
		}
		return id
	}
	union := func(a, b int32) {
		ra, rb := find(a), find(b)
		if ra != rb {
			v.canon[max(ra, rb)] = min(ra, rb)
		}
	}
	v.keys = append(v.keys[:0], v.words...)
	v.keyHashes = append(v.keyHashes[:0], v.hashes...)
	v.keyIDs = v.keyIDs[:0]
	for id := range v.words {
		v.keyIDs = append(v.keyIDs, int32(id))
	}
	alias := map[string]int32{}
	for id, w := range v.words {
		if v.flags[id]&flagPhrase == 0 || v.flags[id]&flagStop != 0 {
			continue
		}
		for _, f := range inflect(w) {
			if other, ok := v.index[f]; ok {
				if v.flags[other]&flagPhrase != 0 && v.flags[other]&flagStop == 0 {
					union(int32(id), other)
				}
				continue
			}
			if other, ok := alias[f]; ok {
				union(int32(id), other)
				continue
			}
			alias[f] = int32(id)
			v.keys = append(v.keys, f)
			v.keyHashes = append(v.keyHashes, hashWord(f))
			v.keyIDs = append(v.keyIDs, int32(id))
		}
	}
	for id := range v.canon {
		v.canon[id] = find(int32(id))
		v.flags[v.canon[id]] |= v.flags[id]
	}
	for k, id := range v.keyIDs {
		v.keyIDs[k] = v.canon[id]
	}
	size := 64
	for size < 4*len(v.keys) {
		size *= 2
	}
	v.table = make([]int32, size)
	for i := range v.table {
		v.table[i] = -1
	}
	v.mask = uint64(size - 1)
	for k, h := range v.keyHashes {
		j := h & v.mask
		for v.table[j] >= 0 {
			j = (j + 1) & v.mask
		}
		v.table[j] = int32(k)
	}
}

// inflect returns the regular inflections of a lower-case English word and
// of the stems it may be an inflection of: "cancel" gives "cancels",
// "cancelled", "canceled", "cancelling", "canceling"; "cancelling" gives
// "cancel" and its forms. Only words of three letters or more, all letters,
// are inflected, and stopwords never (see freeze), so "not" never matches
// "noted". Irregular forms ("bought") are not generated: list them in the
// phrase.
func inflect(w string) []string {
	if len(w) < 3 {
		return nil
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'a' || w[i] > 'z' {
			return nil
		}
	}
	stems := []string{w}
	cut := func(suffix string) (string, bool) {
		if len(w) > len(suffix)+2 && w[len(w)-len(suffix):] == suffix {
			return w[:len(w)-len(suffix)], true
		}
		return "", false
	}
	for _, suf := range []string{"ing", "ed"} {
		if st, ok := cut(suf); ok {
			stems = append(stems, st, st+"e")
			if n := len(st); n > 2 && st[n-1] == st[n-2] {
				stems = append(stems, st[:n-1])
			}
		}
	}
	if st, ok := cut("ies"); ok {
		stems = append(stems, st+"y")
	} else if st, ok := cut("es"); ok && (hasSuffixAny(st, "s", "x", "z", "ch", "sh")) {
		stems = append(stems, st)
	} else if st, ok := cut("s"); ok && !hasSuffixAny(w, "ss", "us", "is") {
		stems = append(stems, st)
	}
	if st, ok := cut("ied"); ok {
		stems = append(stems, st+"y")
	}
	var out []string
	seen := map[string]bool{w: true}
	add := func(f string) {
		if !seen[f] {
			seen[f] = true
			out = append(out, f)
		}
	}
	for _, st := range stems {
		add(st)
		for _, f := range forms(st) {
			add(f)
		}
	}
	return out
}

// forms are the regular inflections of a stem.
func forms(st string) []string {
	n := len(st)
	last := st[n-1]
	switch {
	case hasSuffixAny(st, "s", "x", "z", "ch", "sh"):
		return []string{st + "es", st + "ed", st + "ing"}
	case last == 'y' && n > 1 && !isVowel(st[n-2]):
		return []string{st[:n-1] + "ies", st[:n-1] + "ied", st + "ing"}
	case last == 'e':
		return []string{st + "s", st + "d", st[:n-1] + "ing"}
	}
	out := []string{st + "s", st + "ed", st + "ing"}
	// A final consonant after a single vowel doubles ("stop", "stopped";
	// British "cancelled"); both spellings are kept.
	if n >= 3 && !isVowel(last) && last != 'w' && last != 'x' && isVowel(st[n-2]) && !isVowel(st[n-3]) {
		out = append(out, st+string(last)+"ed", st+string(last)+"ing")
	}
	return out
}

func hasSuffixAny(s string, suffixes ...string) bool {
	for _, suf := range suffixes {
		if len(s) >= len(suf) && s[len(s)-len(suf):] == suf {
			return true
		}
	}
	return false
}

// lookup returns the id of the word w with hash h (both of the wordKey
// form, see hashWord), or -1.
func (v *vocab) lookup(h uint64, w string) int32 {
	for j := h & v.mask; ; j = (j + 1) & v.mask {
		k := v.table[j]
		if k < 0 {
			return -1
		}
		if v.keyHashes[k] == h && equalKey(v.keys[k], w) {
			return v.keyIDs[k]
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
