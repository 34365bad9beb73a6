package sentiment

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

//go:generate go run ./internal/lexgen -vader data/vaderLexicon.txt -emoji data/emojiUTF8Lexicon.txt -o vader.tsv

// vaderTSV is VADER's lexicon (MIT, see data/NOTICE) in compact form; csTSV is iqa's own
// customer-service vocabulary, applied on top of it.
var (
	//go:embed vader.tsv
	vaderTSV string
	//go:embed cs.tsv
	csTSV string
)

// kind says which rule a lexicon entry takes part in.
type kind uint8

const (
	kindWord     kind = iota // carries its valence (often 0)
	kindNegator              // reverses the words after it
	kindBooster              // strengthens or softens the next sentiment word
	kindContrast             // "but": the clause after it outweighs the one before
	kindPolite               // courtesy formula, dropped when the text complains
	kindSkip                 // token inside a matched phrase (never stored in the lexicon)
)

// flag marks the words and phrases the service-text rules look for (see serviceRules).
type flag uint8

const (
	flagPraise  flag = 1 << iota // generic praise, which sarcasm turns around
	flagFailure                  // a service failure told as an event ("delayed", "on hold")
	flagRequest                  // opens or softens a request ("could", "please")
	flagExpect                   // what a service is expected to do ("arrive", "reply"); negated, a complaint
)

// entry is what the analyzer knows about a word or phrase.
type entry struct {
	val   float32
	boost float32
	kind  kind
	flags flag
	id    int32 // dense word id, compared during phrase matching
	phr   int32 // index in lexicon.phrases of the phrases starting with this word, or -1
}

// phrase is a multi-word term; its first word's entry points to it.
type phrase struct {
	rest []int32 // ids of the words after the first
	e    entry
}

type lexicon struct {
	words   map[string]entry   // normalized words (see normWord)
	symbols map[string]float32 // emoticons, matched as whole whitespace-separated fields
	emoji   map[rune]float32
	phrases [][]phrase // each list sorted longest first
	nextID  int32

	// Built by finish for scoring: the fast word table and the entries of the clitic words.
	table     *table
	clitics   [len(clitics)]entry
	maxSymbol int // length of the longest emoticon
}

// finish prepares a built lexicon for scoring; it must be called again after any change.
func (lx *lexicon) finish() {
	lx.table = newTable(lx.words)
	lx.maxSymbol = 0
	for s := range lx.symbols {
		lx.maxSymbol = max(lx.maxSymbol, len(s))
	}
	for i, cl := range clitics {
		lx.clitics[i] = entry{id: -1, phr: -1}
		if e, ok := lx.words[cl.word]; ok {
			lx.clitics[i] = e
		}
	}
}

// buildBase assembles the lexicon every analyzer starts from: VADER's data, iqa's
// service vocabulary, then the rule word lists, which set the kind of their words.
func buildBase() (*lexicon, error) {
	lx := &lexicon{
		words:   make(map[string]entry, 9000),
		symbols: make(map[string]float32, 256),
		emoji:   make(map[rune]float32, 1024),
	}
	if err := lx.loadTSV("vader.tsv", vaderTSV); err != nil {
		return nil, err
	}
	if err := lx.loadTSV("cs.tsv", csTSV); err != nil {
		return nil, err
	}
	var errs []error
	for _, w := range negators {
		errs = append(errs, lx.setKind(w, entry{kind: kindNegator}))
	}
	for w, b := range boosters {
		errs = append(errs, lx.setKind(w, entry{kind: kindBooster, boost: float32(b)}))
	}
	for _, w := range contrasts {
		errs = append(errs, lx.setKind(w, entry{kind: kindContrast}))
	}
	// Polite formulas keep the (weak) valence cs.tsv gives them.
	for _, w := range polite {
		e, _ := lx.lookupTerm(w)
		e.kind = kindPolite
		errs = append(errs, lx.setKind(w, e))
	}
	for _, set := range []struct {
		terms []string
		f     flag
	}{{praise, flagPraise}, {failures, flagFailure}, {requestWords, flagRequest}, {expectations, flagExpect}} {
		for _, w := range set.terms {
			e, _ := lx.lookupTerm(w)
			e.flags |= set.f
			errs = append(errs, lx.setKind(w, e))
		}
	}
	if err := errors.Join(errs...); err != nil {
		return nil, err
	}
	lx.finish()
	return lx, nil
}

// keepShort lists the one- and two-letter VADER terms worth keeping. The others are internet
// slang ("po", "l", "86", "ff") that in service text is far more often a purchase order, a size
// or a number than a judgement.
var keepShort = map[string]bool{"ok": true, "no": true, "ty": true, "np": true, "yw": true, "xd": true}

func (lx *lexicon) loadTSV(name, data string) error {
	sc := bufio.NewScanner(strings.NewReader(data))
	for line := 1; sc.Scan(); line++ {
		text := sc.Text()
		if text == "" || text[0] == '#' {
			continue
		}
		term, val, ok := strings.Cut(text, "\t")
		if !ok {
			return fmt.Errorf("%s:%d: want term<TAB>valence", name, line)
		}
		v, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			return fmt.Errorf("%s:%d: %v", name, line, err)
		}
		if name == "vader.tsv" && (len(term) <= 2 && isWordlike(term) && !keepShort[term] || isNumber([]byte(term))) {
			continue // see keepShort; numeric slang ("143", "187") is as unreliable
		}
		if err := lx.add(term, v); err != nil {
			// VADER has a few multi-part emoticons such as "( '}{' )" that the tokenizer
			// never produces as one term; they are skipped rather than rejected.
			if name == "vader.tsv" {
				continue
			}
			return fmt.Errorf("%s:%d: %v", name, line, err)
		}
	}
	return sc.Err()
}

// add sets the valence of a term: a word, a phrase of words, an emoji or an emoticon.
func (lx *lexicon) add(term string, v float64) error {
	if math.IsNaN(v) || v < -4 || v > 4 {
		return fmt.Errorf("valence %v outside -4..4", v)
	}
	term = strings.TrimSpace(term)
	if term == "" {
		return fmt.Errorf("empty term")
	}
	if r, size := utf8.DecodeRuneInString(term); size == len(term) && isEmojiRune(r) {
		lx.emoji[r] = float32(v)
		return nil
	}
	if !strings.ContainsFunc(term, unicode.IsSpace) && !isWordlike(term) {
		lx.symbols[term] = float32(v)
		return nil
	}
	// An override changes a term's valence, not the rules it takes part in.
	old, _ := lx.lookupTerm(term)
	return lx.setKind(term, entry{kind: kindWord, val: float32(v), flags: old.flags})
}

// setKind stores e (its kind, valence and boost) for a word or phrase, keeping the word's id.
func (lx *lexicon) setKind(term string, e entry) error {
	for _, w := range strings.Fields(term) {
		if !isWordlike(w) {
			return fmt.Errorf("term %q: %q is not a word", term, w)
		}
	}
	keys := termKeys(term)
	if len(keys) == 0 {
		return fmt.Errorf("empty term")
	}
	if slices.Contains(keys, "") {
		return fmt.Errorf("term %q: a word is only punctuation", term)
	}
	if len(keys) == 1 {
		old := lx.ensure(keys[0])
		e.id, e.phr = old.id, old.phr
		lx.words[keys[0]] = e
		return nil
	}
	ids := make([]int32, len(keys))
	for i, k := range keys {
		ids[i] = lx.ensure(k).id
	}
	head := lx.words[keys[0]]
	if head.phr < 0 {
		head.phr = int32(len(lx.phrases))
		lx.phrases = append(lx.phrases, nil)
		lx.words[keys[0]] = head
	}
	e.id, e.phr = -1, -1
	list := lx.phrases[head.phr]
	for i := range list {
		if slices.Equal(list[i].rest, ids[1:]) {
			list[i].e = e
			return nil
		}
	}
	list = append(list, phrase{rest: ids[1:], e: e})
	slices.SortStableFunc(list, func(a, b phrase) int { return len(b.rest) - len(a.rest) })
	lx.phrases[head.phr] = list
	return nil
}

// ensure returns the entry of a normalized word, adding a neutral one if it is new.
func (lx *lexicon) ensure(key string) entry {
	e, ok := lx.words[key]
	if !ok {
		e = entry{id: lx.nextID, phr: -1}
		lx.nextID++
		lx.words[key] = e
	}
	return e
}

// lookupTerm finds the entry of a word or phrase as setKind would store it.
func (lx *lexicon) lookupTerm(term string) (entry, bool) {
	keys := termKeys(term)
	if len(keys) == 0 {
		return entry{}, false
	}
	head, ok := lx.words[keys[0]]
	if len(keys) == 1 || !ok {
		return head, ok
	}
	if head.phr < 0 {
		return entry{}, false
	}
	ids := make([]int32, 0, len(keys)-1)
	for _, k := range keys[1:] {
		e, ok := lx.words[k]
		if !ok {
			return entry{}, false
		}
		ids = append(ids, e.id)
	}
	for _, p := range lx.phrases[head.phr] {
		if slices.Equal(p.rest, ids) {
			return p.e, true
		}
	}
	return entry{}, false
}

// clone copies the lexicon so that overrides never change the shared default.
func (lx *lexicon) clone() *lexicon {
	c := &lexicon{
		words:   make(map[string]entry, len(lx.words)+16),
		symbols: make(map[string]float32, len(lx.symbols)),
		emoji:   make(map[rune]float32, len(lx.emoji)),
		phrases: make([][]phrase, len(lx.phrases)),
		nextID:  lx.nextID,
	}
	for k, v := range lx.words {
		c.words[k] = v
	}
	for k, v := range lx.symbols {
		c.symbols[k] = v
	}
	for k, v := range lx.emoji {
		c.emoji[k] = v
	}
	for i, l := range lx.phrases {
		c.phrases[i] = slices.Clone(l)
	}
	return c
}

// isWordlike reports whether s is made of letters and digits, with apostrophes or hyphens inside.
func isWordlike(s string) bool {
	letters := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			letters = true
		case r == '\'' || r == '’' || r == '-':
		default:
			return false
		}
	}
	return letters
}

// isEmojiRune reports whether r is a pictograph that may stand alone as a token.
func isEmojiRune(r rune) bool {
	return r >= 0x2190 && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !isJoiner(r)
}

// isJoiner reports runes that only modify a neighbouring emoji: variation selectors, the
// zero-width joiner and skin-tone modifiers.
func isJoiner(r rune) bool {
	return r == 0x200D || (r >= 0xFE00 && r <= 0xFE0F) || (r >= 0x1F3FB && r <= 0x1F3FF)
}
