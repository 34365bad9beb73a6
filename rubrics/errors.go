package rubrics

import (
	"errors"
	"fmt"
	"sort"
	"strings"
)

// An Error is one mistake in a rubric file, at the line and column where it
// is. Parse and Load return every mistake they find, joined with
// errors.Join; Errors takes them apart again.
type Error struct {
	File   string
	Line   int
	Column int // 0 when only the line is known (YAML syntax errors)
	Msg    string
}

// Error formats the mistake as file:line:column: message.
func (e Error) Error() string {
	if e.Column <= 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Column, e.Msg)
}

// Errors returns the rubric mistakes in err, in order: err itself when it
// is an Error, the Errors inside it when it was made with errors.Join or
// wrapped with %w, and nil when it holds none.
func Errors(err error) []Error {
	var out []Error
	var walk func(error)
	walk = func(err error) {
		switch x := err.(type) {
		case nil:
		case Error:
			out = append(out, x)
		case interface{ Unwrap() []error }:
			for _, inner := range x.Unwrap() {
				walk(inner)
			}
		case interface{ Unwrap() error }:
			walk(x.Unwrap())
		}
	}
	walk(err)
	return out
}

// maxErrors bounds how many mistakes one file reports; a file with more is
// usually not a rubric at all.
const maxErrors = 100

// joinErrors sorts errs by position and joins them, keeping at most
// maxErrors.
func joinErrors(errs []Error) error {
	if len(errs) == 0 {
		return nil
	}
	sort.SliceStable(errs, func(i, j int) bool {
		if errs[i].Line != errs[j].Line {
			return errs[i].Line < errs[j].Line
		}
		return errs[i].Column < errs[j].Column
	})
	if len(errs) > maxErrors {
		last := errs[maxErrors-1]
		errs = append(errs[:maxErrors:maxErrors], Error{File: last.File, Line: last.Line, Column: last.Column,
			Msg: fmt.Sprintf("too many mistakes; stopped after %d (fix these and load the file again)", maxErrors)})
	}
	list := make([]error, len(errs))
	for i, e := range errs {
		list[i] = e
	}
	return errors.Join(list...)
}

// didYouMean returns ` (did you mean "x"?)` for the candidate closest to
// word, or "" when none is close enough to be a likely typo.
func didYouMean(word string, candidates []string) string {
	if s := suggest(word, candidates); s != "" {
		return fmt.Sprintf(" (did you mean %q?)", s)
	}
	return ""
}

// suggest returns the candidate nearest to word by edit distance (case
// ignored), or "" when the nearest is too far away to be a typo.
func suggest(word string, candidates []string) string {
	w := strings.ToLower(word)
	best, bestDist := "", -1
	for _, c := range candidates {
		d := editDistance(w, strings.ToLower(c))
		if bestDist < 0 || d < bestDist {
			best, bestDist = c, d
		}
	}
	limit := len([]rune(w)) / 3
	if limit < 1 {
		limit = 1
	}
	if limit > 3 {
		limit = 3
	}
	if bestDist < 0 || bestDist > limit || best == word {
		return ""
	}
	return best
}

// editDistance is the optimal string alignment distance between a and b:
// insertions, deletions, substitutions and swaps of neighbours each cost
// one.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	if len(ra) > 64 || len(rb) > 64 {
		// Long strings are never typos of a key; don't spend time on them.
		if a == b {
			return 0
		}
		return 64
	}
	prev2 := make([]int, len(rb)+1)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(rb)]
}

// quoteList formats names as "a", "b" or "c" for messages.
func quoteList(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	switch len(q) {
	case 0:
		return ""
	case 1:
		return q[0]
	}
	return strings.Join(q[:len(q)-1], ", ") + " or " + q[len(q)-1]
}

// Suggest returns the candidate nearest to word when it is close enough
// to be a typo of it, else "": for did-you-mean hints outside rubrics.
func Suggest(word string, candidates []string) string { return suggest(word, candidates) }
