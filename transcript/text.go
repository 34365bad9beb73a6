package transcript

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NormalizeText makes message text uniform: invalid UTF-8 becomes U+FFFD,
// control characters and non-breaking spaces become spaces, runs of spaces
// collapse to one, lines are trimmed, and at most one blank line separates
// paragraphs. Line breaks are kept because scoring reads paragraphs.
func NormalizeText(s string) string {
	if isNormal(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	pendingSpace := false
	newlines := 0
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			r = '\n'
			fallthrough
		case r == '\n' || r == '\u2028' || r == '\u2029':
			pendingSpace = false
			if b.Len() > 0 {
				newlines++
			}
			continue
		case r == utf8.RuneError && size == 1:
			r = unicode.ReplacementChar
		case r == '\u200b' || r == '\ufeff' || r == '\u00ad':
			continue // zero-width characters carry no text
		case unicode.IsSpace(r) || unicode.IsControl(r):
			if b.Len() > 0 && newlines == 0 {
				pendingSpace = true
			}
			continue
		}
		if newlines > 0 {
			if newlines > 2 {
				newlines = 2
			}
			b.WriteString("\n\n"[:newlines])
			newlines = 0
		} else if pendingSpace {
			b.WriteByte(' ')
		}
		pendingSpace = false
		b.WriteRune(r)
	}
	return b.String()
}

// isNormal is the fast path: most message text is already clean ASCII.
func isNormal(s string) bool {
	var prev, prev2 byte = '\n', '\n'
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= utf8.RuneSelf || (c < ' ' && c != '\n') || c == 0x7f:
			return false
		case c == ' ' && (prev == ' ' || prev == '\n'):
			return false
		case c == '\n' && (prev == ' ' || i == 0 || (prev == '\n' && prev2 == '\n')):
			return false
		}
		prev2, prev = prev, c
	}
	return prev != ' ' && (prev != '\n' || len(s) == 0)
}

// sortByTime orders messages by timestamp, or by call offset, when every
// message has one; otherwise file order stands.
func sortByTime(ms []Message) {
	allTimes, allOffsets := len(ms) > 0, len(ms) > 0
	for i := range ms {
		allTimes = allTimes && ms[i].HasTime()
		allOffsets = allOffsets && ms[i].StartMS != nil
	}
	switch {
	case allTimes:
		sort.SliceStable(ms, func(i, j int) bool { return ms[i].At.Before(ms[j].At) })
	case allOffsets:
		sort.SliceStable(ms, func(i, j int) bool { return *ms[i].StartMS < *ms[j].StartMS })
	}
}

// normalizeKey lower-cases a name and drops spaces, so "End User" matches
// "enduser".
func normalizeKey(s string) string {
	// Exports spell one name "live chat", "LIVE_CHAT" or "live-chat". Role
	// and channel names are read for every message, so the common case, a
	// plain lower-case word, allocates nothing.
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 'a' || c > 'z' {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range strings.ToLower(s) {
		switch r {
		case ' ', '_', '-', '\t':
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
