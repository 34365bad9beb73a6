package reports

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/iqa-cli/iqa/scoring"
)

// exportRatingKeys are the meta keys the importers (and the generic CSV
// importer, from column names) give a conversation's CSAT rating, in the
// order they are tried.
var exportRatingKeys = []string{"csat", "csat_score", "csat_rating", "satisfaction_rating", "satisfaction_score", "satisfaction", "rating"}

// exportRatings are the CSAT ratings the exports carried, one per rated
// conversation, and the values that were not ratings iqa reads.
type exportRatings struct {
	rated      []exportRating
	fields     map[string]int
	unread     int
	unreadNote string
	unreadSeq  int
}

type exportRating struct {
	m          surveyMatch
	csat       float64
	field, raw string
}

// ExportRatingStats say what the survey figures took from the ratings in
// the exports: Rated conversations carried one (counted by meta key in
// Fields); Used entered the figures, Superseded did not because a survey
// file rated the conversation too. Unreadable values (neither good, bad
// nor a number from 1 to 5) are counted, the first one in Example.
type ExportRatingStats struct {
	Fields     map[string]int `json:"fields"`
	Rated      int            `json:"rated"`
	Used       int            `json:"used"`
	Superseded int            `json:"superseded"`
	Unreadable int            `json:"unreadable"`
	Example    string         `json:"unreadable_example,omitempty"`
}

// observe keeps r's rating, if its meta holds one, and reports whether it
// did.
func (e *exportRatings) observe(r *scoring.Result, m surveyMatch) bool {
	for _, key := range exportRatingKeys {
		raw := strings.TrimSpace(r.Meta[key])
		if raw == "" {
			continue
		}
		csat, ok, rating := ExportCSAT(raw)
		if !rating {
			continue
		}
		if !ok {
			e.unread++
			if e.unreadNote == "" || r.Seq < e.unreadSeq {
				e.unreadNote, e.unreadSeq = fmt.Sprintf("%s: meta %s %q", r.ID, key, raw), r.Seq
			}
			return false
		}
		if e.fields == nil {
			e.fields = map[string]int{}
		}
		e.fields[key]++
		e.rated = append(e.rated, exportRating{m: m, csat: csat, field: key, raw: raw})
		return true
	}
	return false
}

func (e *exportRatings) empty() bool { return len(e.rated) == 0 && e.unread == 0 }

// stats sorts the ratings by conversation position, for output that does
// not depend on the order results arrived in, and counts them.
func (e *exportRatings) stats() *ExportRatingStats {
	slices.SortStableFunc(e.rated, func(a, b exportRating) int { return cmp.Compare(a.m.seq, b.m.seq) })
	fields := map[string]int{}
	for k, n := range e.fields {
		fields[k] = n
	}
	return &ExportRatingStats{Fields: fields, Rated: len(e.rated), Unreadable: e.unread, Example: e.unreadNote}
}

// ExportCSAT reads a CSAT rating as a helpdesk export writes it, on 1-5:
// Zendesk's binary "good" and "bad" (also "good_with_comment") as 5 and 1,
// and a number from 1 to 5 (Intercom's and Gorgias' stars) as itself.
// rating is false for values that say no rating was given ("offered",
// "unoffered", "none"), which are neither read nor counted unreadable.
func ExportCSAT(v string) (csat float64, ok, rating bool) {
	v = strings.ToLower(strings.TrimSpace(v))
	switch {
	case v == "good" || strings.HasPrefix(v, "good_"):
		return 5, true, true
	case v == "bad" || strings.HasPrefix(v, "bad_"):
		return 1, true, true
	case v == "" || v == "offered" || v == "unoffered" || v == "none" || v == "null" || v == "-":
		return 0, false, false
	}
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(f) || f < 1 || f > 5 {
		return 0, false, true
	}
	return f, true, true
}

// exportLine says what was read from the exports' ratings.
func exportLine(e *ExportRatingStats) string {
	var keys []string
	for _, k := range sortedKeys(e.Fields) {
		keys = append(keys, fmt.Sprintf("%d in meta %s", e.Fields[k], k))
	}
	line := fmt.Sprintf("%s rated in the export (%s) on 1-5, good=5 bad=1; %d used", count(e.Rated, "conversation"), strings.Join(keys, ", "), e.Used)
	if len(keys) == 0 {
		line = "no conversation rated in the export"
	}
	if e.Superseded > 0 {
		line += fmt.Sprintf(", %d also rated in a survey file (the survey counts)", e.Superseded)
	}
	if e.Unreadable > 0 {
		line += fmt.Sprintf("; %d not read (not good, bad or 1-5), first %s", e.Unreadable, e.Example)
	}
	return line
}

// csatSources says where a group's CSAT came from, when an export gave
// any of it: "" otherwise.
func csatSources(g *SurveyGroup) string {
	switch {
	case g.CSATExportN == 0:
		return ""
	case g.CSATSurveyN == 0:
		return "all from export ratings"
	}
	return fmt.Sprintf("%d from survey files, %d from export ratings", g.CSATSurveyN, g.CSATExportN)
}
