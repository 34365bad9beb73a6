package reports

import (
	"fmt"
	"html/template"
	"strings"
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

// trendPoint is one period of a trend: its label, mean score and count.
type trendPoint struct {
	Label string
	Mean  float64
	N     int
}

// trendSVG draws mean scores over time as a line with a dot per period.
func trendSVG(title string, pts []trendPoint) template.HTML {
	const h, top, bottom, left, right = 220, 14, 30, 34, 12
	var b strings.Builder
	openSVG(&b, title, h)
	plotW, plotH := float64(chartWidth-left-right), float64(h-top-bottom)
	for _, t := range []int{0, 50, 100} {
		y := float64(top) + plotH*(1-float64(t)/100)
		fmt.Fprintf(&b, `<line class="grid" x1="%d" y1="%.1f" x2="%d" y2="%.1f"/><text class="axis" x="%d" y="%.1f" text-anchor="end">%d</text>`,
			left, y, chartWidth-right, y, left-6, y+4, t)
	}
	xOf := func(i int) float64 {
		if len(pts) == 1 {
			return float64(left) + plotW/2
		}
		return float64(left) + plotW*float64(i)/float64(len(pts)-1)
	}
	yOf := func(v float64) float64 { return float64(top) + plotH*(1-clamp100(v)/100) }
	var line strings.Builder
	for i, p := range pts {
		fmt.Fprintf(&line, "%.1f,%.1f ", xOf(i), yOf(p.Mean))
	}
	fmt.Fprintf(&b, `<polyline class="line" points="%s"/>`, strings.TrimSpace(line.String()))
	// Label about six periods, whatever their number, so labels never
	// overlap; the first and last are anchored inside the chart.
	every := max(1, (len(pts)+5)/6)
	for i, p := range pts {
		fmt.Fprintf(&b, `<g><title>%s: mean %s over %s</title><circle class="dot" cx="%.1f" cy="%.1f" r="4"/></g>`,
			esc(p.Label), num(p.Mean), count(p.N, "conversation"), xOf(i), yOf(p.Mean))
		if i%every == 0 && (i+every/2 < len(pts) || i == len(pts)-1) || i == len(pts)-1 {
			anchor := "middle"
			switch {
			case len(pts) == 1:
			case i == 0:
				anchor = "start"
			case i == len(pts)-1:
				anchor = "end"
			}
			fmt.Fprintf(&b, `<text class="axis" x="%.1f" y="%d" text-anchor="%s">%s</text>`, xOf(i), h-bottom+18, anchor, esc(p.Label))
		}
	}
	b.WriteString("</svg>")
	return template.HTML(b.String())
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
