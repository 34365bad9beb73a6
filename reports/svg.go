package reports

import (
	"fmt"
	"html/template"
	"strings"
	"time"
	"unicode/utf8"
)

// The charts of the HTML pages are inline SVG drawn here, in Go: no
// script, no request, and the same bytes for the same figures. Colours
// come from the page's CSS classes, so that print and screen can differ.
// Every label goes through esc; the result is trusted HTML.

const chartWidth = 640

func esc(s string) string { return template.HTMLEscapeString(s) }

// columnsSVG draws vertical bars (a score distribution): one per label,
// with its count above it.
func columnsSVG(title string, labels []string, counts []int) template.HTML {
	const h, top, bottom, left = 220, 20, 28, 8
	maxN := 1
	for _, n := range counts {
		maxN = max(maxN, n)
	}
	var b strings.Builder
	openSVG(&b, title, h)
	slot := float64(chartWidth-2*left) / float64(max(len(counts), 1))
	plot := float64(h - top - bottom)
	for i, n := range counts {
		bh := plot * float64(n) / float64(maxN)
		x := float64(left) + float64(i)*slot
		y := float64(h-bottom) - bh
		fmt.Fprintf(&b, `<g><title>%s: %d</title><rect class="bar band%d" x="%.1f" y="%.1f" width="%.1f" height="%.1f" rx="2"/>`,
			esc(labels[i]), n, i*10/max(len(counts), 1), x+3, y, slot-6, bh)
		fmt.Fprintf(&b, `<text class="val" x="%.1f" y="%.1f" text-anchor="middle">%d</text>`, x+slot/2, y-5, n)
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%d" text-anchor="middle">%s</text></g>`, x+slot/2, h-bottom+17, esc(labels[i]))
	}
	fmt.Fprintf(&b, `<line class="base" x1="%d" y1="%d" x2="%d" y2="%d"/>`, left, h-bottom, chartWidth-left, h-bottom)
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// barRow is one row of a horizontal bar chart of 0-100 values.
type barRow struct {
	Label string
	Value float64
	// Marker draws a tick at another value (the team's mean), when set.
	Marker *float64
	// Note is written at the end of the row (a fail rate, the team's
	// mean), in words; Sub, when set, is a smaller second line under it
	// (how many conversations the figure rests on).
	Note, Sub string
	// Class colours the bar: "good", "warn", "bad" or "".
	Class string
}

// The label column of a bar chart: barLabelChars runes at most, right-
// aligned 8 units left of the bars, so that even a wide font (about 7
// units a character at 12px) stays inside the chart instead of being cut
// at its left edge.
const barLabelW, barLabelChars = 190, 25

// barsSVG draws horizontal 0-100 bars, one row each, labels on the left.
func barsSVG(title string, rows []barRow, legend string) template.HTML {
	const rowH, labelW, top = 26, barLabelW, 6
	// The note column is as wide as its longest line needs (about 6.5
	// units a character at 12px, 5.8 at the smaller second line's size),
	// between 130 and 200 units.
	noteW := 130.0
	for _, r := range rows {
		noteW = max(noteW, float64(len([]rune(r.Note)))*6.5+12, float64(len([]rune(r.Sub)))*5.8+12)
	}
	noteW = min(noteW, 200)
	h := top + rowH*len(rows) + 22
	if legend != "" {
		h += 18
	}
	plotW := float64(chartWidth-labelW) - noteW
	var b strings.Builder
	openSVG(&b, title, h)
	for i, r := range rows {
		y := top + i*rowH
		v := clamp100(r.Value)
		fmt.Fprintf(&b, `<g><title>%s: %s%s%s</title>`, esc(r.Label), num(r.Value), esc(prefixed(", ", r.Note)), esc(prefixed(", ", r.Sub)))
		fmt.Fprintf(&b, `<text class="label" x="%d" y="%d" text-anchor="end">%s</text>`, labelW-8, y+17, esc(shorten(r.Label, barLabelChars)))
		fmt.Fprintf(&b, `<rect class="track" x="%d" y="%d" width="%.1f" height="16" rx="2"/>`, labelW, y+5, plotW)
		fmt.Fprintf(&b, `<rect class="bar %s" x="%d" y="%d" width="%.1f" height="16" rx="2"/>`, r.Class, labelW, y+5, plotW*v/100)
		if r.Marker != nil {
			mx := float64(labelW) + plotW*clamp100(*r.Marker)/100
			fmt.Fprintf(&b, `<line class="marker" x1="%.1f" y1="%d" x2="%.1f" y2="%d"/>`, mx, y+1, mx, y+25)
		}
		fmt.Fprintf(&b, `<text class="val" x="%.1f" y="%d">%s</text>`, float64(labelW)+4, y+17, num(r.Value))
		if r.Sub == "" {
			fmt.Fprintf(&b, `<text class="note" x="%.0f" y="%d">%s</text></g>`, chartWidth-noteW+8, y+17, esc(r.Note))
			continue
		}
		fmt.Fprintf(&b, `<text class="note" x="%.0f" y="%d">%s</text>`, chartWidth-noteW+8, y+12, esc(r.Note))
		fmt.Fprintf(&b, `<text class="note sub" x="%.0f" y="%d">%s</text></g>`, chartWidth-noteW+8, y+24, esc(r.Sub))
	}
	axisY := top + rowH*len(rows) + 14
	for _, t := range []int{0, 50, 100} {
		fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%d" text-anchor="middle">%d</text>`, float64(labelW)+plotW*float64(t)/100, axisY, t)
	}
	if legend != "" {
		fmt.Fprintf(&b, `<text class="axis" x="%d" y="%d">%s</text>`, labelW, axisY+18, esc(legend))
	}
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// trendPoint is one period of a trend: its label, mean score and count,
// and its place in time: the period's number (days or weeks since 1970),
// so that the chart spaces periods by time.
type trendPoint struct {
	Label  string
	Mean   float64
	N      int
	Period int
}

// A trend's periods are spaced by time, so that a quiet stretch shows as
// one; a stretch of more than trendBreak periods without a conversation
// (an old export among this year's) is cut out of the axis instead, drawn
// as a break that says how long it was.
const trendBreak = 12

// trendSVG draws mean scores over time as a line with a dot per period;
// unit ("day" or "week") names the periods in a break's label.
func trendSVG(title string, pts []trendPoint, unit string) template.HTML {
	const top, bottom, left, right = 14, 30, 34, 12
	h := 220
	// The segments of periods between breaks, as indexes into pts.
	var segs [][2]int
	span := 0 // periods covered by the segments
	for i := range pts {
		if i == 0 || pts[i].Period-pts[i-1].Period > trendBreak {
			segs = append(segs, [2]int{i, i})
		} else {
			segs[len(segs)-1][1] = i
			span += pts[i].Period - pts[i-1].Period
		}
	}
	breaks := max(len(segs)-1, 0)
	if breaks > 0 {
		h += 18 // a line to say the axis is broken
	}
	var b strings.Builder
	openSVG(&b, title, h)
	plotW, plotH := float64(chartWidth-left-right), float64(220-top-bottom)
	for _, t := range []int{0, 50, 100} {
		y := float64(top) + plotH*(1-float64(t)/100)
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/><text class="axis" x="%d" y="%.1f" text-anchor="end">%d</text>`,
			left, y, chartWidth-right, y, left-6, y+4, t)
	}
	// Each break takes breakW; the rest of the width is shared by time.
	breakW, scale := 0.0, 0.0
	switch {
	case span == 0 && breaks > 0:
		breakW = plotW / float64(breaks)
	case span > 0:
		breakW = min(72, plotW/float64(breaks+1))
		scale = (plotW - breakW*float64(breaks)) / float64(span)
	}
	xs := make([]float64, len(pts))
	var gaps []float64 // the middle of each break
	x := float64(left)
	for k, sg := range segs {
		for i := sg[0]; i <= sg[1]; i++ {
			if i > sg[0] {
				x += scale * float64(pts[i].Period-pts[i-1].Period)
			}
			xs[i] = x
		}
		if k < len(segs)-1 {
			gaps = append(gaps, x+breakW/2)
			x += breakW
		}
	}
	if len(pts) == 1 {
		xs[0] = float64(left) + plotW/2
	}
	yOf := func(v float64) float64 { return float64(top) + plotH*(1-clamp100(v)/100) }
	for _, sg := range segs {
		var line strings.Builder
		for i := sg[0]; i <= sg[1]; i++ {
			fmt.Fprintf(&line, "%.1f,%.1f ", xs[i], yOf(pts[i].Mean))
		}
		fmt.Fprintf(&b, `<polyline class="line" points="%s"/>`, strings.TrimSpace(line.String()))
	}
	base := float64(220 - bottom)
	for k, gx := range gaps {
		before, after := pts[segs[k][1]], pts[segs[k+1][0]]
		gap := gapText(after.Period-before.Period-1, unit)
		fmt.Fprintf(&b, `<g class="break"><title>no conversations for %s, between %s and %s: left out of the axis</title>`, gap, esc(before.Label), esc(after.Label))
		fmt.Fprintf(&b, `<line class="cut" x1="%.1f" y1="%d" x2="%.1f" y2="%.1f"/>`, gx, top, gx, base)
		fmt.Fprintf(&b, `<path class="zigzag" d="M%.1f %.1f l6 -12 M%.1f %.1f l6 -12"/>`, gx-6, base+6, gx, base+6)
		fmt.Fprintf(&b, `<text class="axis gap" x="%.1f" y="%d" text-anchor="middle">%s</text></g>`, gx, top+10, gap)
	}
	for i, p := range pts {
		fmt.Fprintf(&b, `<g><title>%s: mean %s over %s</title><circle class="dot" cx="%.1f" cy="%.1f" r="4"/></g>`,
			esc(p.Label), num(p.Mean), count(p.N, "conversation"), xs[i], yOf(p.Mean))
	}
	// Labels: the first and last period and those either side of a break
	// first, then others where they fit (about 6.5 units a character at
	// 12px, 12 apart), so that labels never overlap or leave the chart;
	// beside a break they lean away from it.
	type extent struct{ from, to float64 }
	anchorOf := func(i int) (string, extent) {
		w := 6.5 * float64(utf8.RuneCountInString(pts[i].Label))
		afterBreak := i > 0 && pts[i].Period-pts[i-1].Period > trendBreak
		beforeBreak := i < len(pts)-1 && pts[i+1].Period-pts[i].Period > trendBreak
		switch {
		case len(pts) > 1 && (xs[i]-w/2 < float64(left) || afterBreak && !beforeBreak):
			return "start", extent{xs[i], xs[i] + w}
		case len(pts) > 1 && (xs[i]+w/2 > float64(chartWidth-right) || beforeBreak && !afterBreak):
			return "end", extent{xs[i] - w, xs[i]}
		}
		return "middle", extent{xs[i] - w/2, xs[i] + w/2}
	}
	labelled := make([]bool, len(pts))
	var placed []extent
	try := func(i int) {
		if labelled[i] {
			return
		}
		_, sp := anchorOf(i)
		for _, p := range placed {
			if sp.from < p.to+12 && p.from < sp.to+12 {
				return
			}
		}
		labelled[i] = true
		placed = append(placed, sp)
	}
	if len(pts) > 0 {
		try(0)
		try(len(pts) - 1)
	}
	for _, sg := range segs {
		try(sg[0])
		try(sg[1])
	}
	for i := range pts {
		try(i)
	}
	for i, p := range pts {
		if labelled[i] {
			anchor, _ := anchorOf(i)
			fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%.0f" text-anchor="%s">%s</text>`, xs[i], base+18, anchor, esc(p.Label))
		}
	}
	if breaks > 0 {
		fmt.Fprintf(&b, `<text class="axis" x="%d" y="%d">Spaced by time; a break (//) in the axis marks a long stretch without conversations, left out.</text>`, left, h-6)
	}
	b.WriteString("</svg>")
	return template.HTML(b.String())
}

// gapText says how long a stretch of periods was, in the largest unit
// that reads well: "5 weeks", "8 years", "3 months".
func gapText(periods int, unit string) string {
	days := periods
	if unit == "week" {
		days = periods * 7
	}
	switch {
	case days >= 2*365:
		return fmt.Sprintf("%d years", days/365)
	case days >= 60:
		return fmt.Sprintf("%d months", days/30)
	case unit == "week":
		return count(periods, "week")
	}
	return count(periods, "day")
}

// dayPeriod and weekPeriod number days and ISO weeks (from Monday) since
// 1970, for a trend's spacing.
func dayPeriod(t time.Time) int { return int(t.Unix() / 86400) }

func weekPeriod(t time.Time) int {
	monday := t.AddDate(0, 0, -((int(t.Weekday()) + 6) % 7))
	return (dayPeriod(monday) + 3) / 7 // 1970-01-01 was a Thursday
}

// isoWeekMonday is the Monday of ISO week w of year y.
func isoWeekMonday(y, w int) time.Time {
	jan4 := time.Date(y, 1, 4, 0, 0, 0, 0, time.UTC)
	return jan4.AddDate(0, 0, -((int(jan4.Weekday())+6)%7)+(w-1)*7)
}

func openSVG(b *strings.Builder, title string, h int) {
	fmt.Fprintf(b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg"><title>%s</title>`,
		chartWidth, h, esc(title), esc(title))
}

func clamp100(v float64) float64 { return min(max(v, 0), 100) }

func prefixed(p, s string) string {
	if s == "" {
		return ""
	}
	return p + s
}

// shorten cuts s to n runes with an ellipsis, for chart labels.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// scoreClass colours a score: good from the pass mark, bad well below it.
func scoreClass(v float64) string {
	switch {
	case v >= 80:
		return "good"
	case v >= 60:
		return "warn"
	}
	return "bad"
}
