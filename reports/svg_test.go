package reports

import (
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestBarLabelsFitTheChart pins the label column's width against its
// longest label in a wide font (7 units a character at 12px): a longer
// label ran past the chart's left edge and lost its first letters
// ("cknowledges the customer…").
func TestBarLabelsFitTheChart(t *testing.T) {
	label := shorten("Acknowledges the customer's feelings", barLabelChars)
	if w := 7 * utf8.RuneCountInString(label); w > barLabelW-8 {
		t.Errorf("label %q is about %d units wide; the column has %d", label, w, barLabelW-8)
	}
}

// TestTrendSpacedByTimeWithBreaks: periods are spaced by time, and a long
// stretch without conversations (an old export among this year's) is cut
// out of the axis visibly, with its length, instead of 2017-W44 sitting
// next to 2026-W10 as if a week apart.
func TestTrendSpacedByTimeWithBreaks(t *testing.T) {
	dots := regexp.MustCompile(`<circle class="dot" cx="([0-9.]+)"`)
	xs := func(svg string) []float64 {
		var out []float64
		for _, m := range dots.FindAllStringSubmatch(svg, -1) {
			v, _ := strconv.ParseFloat(m[1], 64)
			out = append(out, v)
		}
		return out
	}
	week := func(y, w int) int { return weekPeriod(isoWeekMonday(y, w)) }
	if week(2026, 10)-week(2026, 9) != 1 || week(2026, 1)-week(2025, 52) != 1 {
		t.Fatal("weeks are not numbered one after another")
	}

	// A quiet fortnight shows as a wider step, not a break.
	pts := []trendPoint{{Label: "2026-W01", Mean: 70, N: 3, Period: week(2026, 1)}, {Label: "2026-W02", Mean: 80, N: 3, Period: week(2026, 2)},
		{Label: "2026-W05", Mean: 75, N: 3, Period: week(2026, 5)}}
	svg := string(trendSVG("t", pts, "week"))
	x := xs(svg)
	if len(x) != 3 || math.Abs((x[2]-x[1])-3*(x[1]-x[0])) > 0.5 || strings.Contains(svg, `class="break"`) {
		t.Errorf("a 3-week step is not 3 times a 1-week step, or broke the axis: %v", x)
	}

	// Years apart: a break that says so, and no line across it.
	pts = []trendPoint{{Label: "2017-W44", Mean: 40, N: 1, Period: week(2017, 44)},
		{Label: "2026-W09", Mean: 70, N: 4, Period: week(2026, 9)}, {Label: "2026-W10", Mean: 80, N: 5, Period: week(2026, 10)}}
	svg = string(trendSVG("t", pts, "week"))
	for _, want := range []string{`class="break"`, ">8 years<", "no conversations for 8 years, between 2017-W44 and 2026-W09", "a break (//) in the axis marks a long stretch without conversations"} {
		if !strings.Contains(svg, want) {
			t.Errorf("trend lacks %q", want)
		}
	}
	if n := strings.Count(svg, "<polyline"); n != 2 {
		t.Errorf("%d lines, want one each side of the break", n)
	}
	for _, label := range []string{">2017-W44<", ">2026-W09<", ">2026-W10<"} {
		if !strings.Contains(svg, label) {
			t.Errorf("the periods either side are not labelled: %s", label)
		}
	}
}
