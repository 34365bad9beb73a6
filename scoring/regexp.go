package scoring

import (
	"regexp"
	"regexp/syntax"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A phraseRe is a "re:" phrase compiled for speed without changing what
// it matches. Go's regexp has no literal to skip ahead to when a pattern
// is case-insensitive or starts with \b, so it tries every position of
// the text. Two exact short cuts avoid most of that:
//
//   - need: a literal every match contains (lower-cased); a text whose
//     lower-cased form lacks it cannot match, so the regexp is not run;
//   - atWords: a pattern that starts with \b and then a word character can
//     only match where a word begins (an ASCII word character after a
//     non-word one), so the anchored form runs there alone, and only when
//     that byte can start a match (first).
type phraseRe struct {
	re       *regexp.Regexp
	anchored *regexp.Regexp
	need     string
	atWords  bool
	first    [256]bool
}

func compilePhraseRe(pattern string) (*phraseRe, error) {
	re, err := regexp.Compile("(?i)" + pattern)
	if err != nil {
		return nil, err
	}
	p := &phraseRe{re: re}
	tree, err := syntax.Parse(pattern, syntax.Perl|syntax.FoldCase)
	if err != nil {
		return p, nil
	}
	tree = tree.Simplify()
	p.need = strings.ToLower(requiredLiteral(tree))
	for i := 0; i < len(p.need); i++ {
		if p.need[i] >= utf8.RuneSelf {
			p.need = ""
			break
		}
	}
	if rest, ok := afterWordBoundary(tree); ok {
		var first [256]bool
		if firstBytes(rest, &first) {
			wordOnly := true
			for c := 0; c < 256; c++ {
				if first[c] && !isASCIIWord(byte(c)) {
					wordOnly = false
				}
			}
			if wordOnly {
				anch, err := regexp.Compile(`^(?i:` + pattern + `)`)
				if err == nil {
					p.anchored, p.atWords, p.first = anch, true, first
				}
			}
		}
	}
	return p, nil
}

// findAll appends the matches in text (lower is its lower-cased form).
// The short cuts hold for ASCII text; other text is scanned in full.
func (p *phraseRe) findAll(text, lower string, ascii bool, phrase int, out []match) []match {
	if ascii && p.need != "" && !strings.Contains(lower, p.need) {
		return out
	}
	if !ascii || !p.atWords {
		for _, loc := range p.re.FindAllStringIndex(text, 8) {
			if loc[1] > loc[0] {
				out = append(out, match{phrase, loc[0], loc[1]})
			}
		}
		return out
	}
	for i := 0; i < len(text); i++ {
		c := text[i]
		if !p.first[c] || (i > 0 && isASCIIWord(text[i-1])) {
			continue
		}
		if loc := p.anchored.FindStringIndex(text[i:]); loc != nil && loc[1] > 0 {
			out = append(out, match{phrase, i, i + loc[1]})
			i += loc[1] - 1
		}
	}
	return out
}

func isASCIIWord(c byte) bool {
	return ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9') || c == '_'
}

// requiredLiteral returns the longest literal of the pattern's top-level
// sequence: every match contains it.
func requiredLiteral(re *syntax.Regexp) string {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	switch re.Op {
	case syntax.OpLiteral:
		return string(re.Rune)
	case syntax.OpConcat:
		best := ""
		for _, s := range re.Sub {
			if s.Op == syntax.OpLiteral && len(string(s.Rune)) > len(best) {
				best = string(s.Rune)
			}
		}
		return best
	}
	return ""
}

// afterWordBoundary returns what follows a leading \b.
func afterWordBoundary(re *syntax.Regexp) (*syntax.Regexp, bool) {
	for re.Op == syntax.OpCapture {
		re = re.Sub[0]
	}
	if re.Op != syntax.OpConcat || len(re.Sub) < 2 || re.Sub[0].Op != syntax.OpWordBoundary {
		return nil, false
	}
	return &syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[1:], Flags: re.Flags}, true
}

// firstBytes marks the bytes a match of re can start with; false when it
// cannot tell (the match may be empty or start with anything).
func firstBytes(re *syntax.Regexp, set *[256]bool) bool {
	switch re.Op {
	case syntax.OpLiteral:
		if len(re.Rune) == 0 {
			return false
		}
		return markRune(re.Rune[0], re.Flags&syntax.FoldCase != 0, set)
	case syntax.OpCharClass:
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			if hi >= utf8.RuneSelf {
				return false
			}
			for r := lo; r <= hi; r++ {
				set[r] = true
			}
		}
		return true
	case syntax.OpCapture, syntax.OpPlus:
		return firstBytes(re.Sub[0], set)
	case syntax.OpRepeat:
		return re.Min >= 1 && firstBytes(re.Sub[0], set)
	case syntax.OpConcat:
		if len(re.Sub) == 0 {
			return false
		}
		return firstBytes(re.Sub[0], set)
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			if !firstBytes(s, set) {
				return false
			}
		}
		return true
	}
	return false
}

func markRune(r rune, fold bool, set *[256]bool) bool {
	if r >= utf8.RuneSelf {
		return false
	}
	set[r] = true
	if fold {
		for f := unicode.SimpleFold(r); f != r; f = unicode.SimpleFold(f) {
			if f < utf8.RuneSelf { // non-ASCII folds (ſ, the Kelvin sign) only occur in non-ASCII texts, which take the full scan
				set[f] = true
			}
		}
	}
	return true
}
