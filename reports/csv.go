package reports

import (
	"bufio"
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

// CSV writes one row per conversation with a column per criterion (its
// score, empty when it did not apply), its status (pass, fail or
// unanswered) and its predicted CSAT (empty when the result has none). Criterion columns follow the first
// result's criteria, which is the rubric's order.
type CSV struct {
	bw       *bufio.Writer
	w        *csv.Writer
	criteria []string
}

// NewCSV writes to w.
func NewCSV(w io.Writer) *CSV {
	bw := bufio.NewWriterSize(w, 64<<10)
	return &CSV{bw: bw, w: csv.NewWriter(bw)}
}

var csvFixedColumns = []string{"id", "channel", "agent", "team", "start", "messages", "duration_s", "score", "passed", "critical_failure", "failed_criteria", "status", "predicted_csat"}

// Write implements Writer.
func (c *CSV) Write(r *scoring.Result) error {
	if c.criteria == nil {
		c.criteria = make([]string, 0, len(r.Criteria))
		for _, cr := range r.Criteria {
			c.criteria = append(c.criteria, cr.ID)
		}
		if err := c.w.Write(append(append([]string{}, csvFixedColumns...), c.criteria...)); err != nil {
			return err
		}
	}
	start := ""
	if !r.Start.IsZero() {
		start = r.Start.UTC().Format(time.RFC3339)
	}
	row := []string{
		safeCell(r.ID), r.Channel, safeCell(r.Agent), safeCell(r.Team), start,
		strconv.Itoa(r.Messages), formatNumber(r.DurationSeconds), formatNumber(r.Score),
		strconv.FormatBool(r.Passed), strconv.FormatBool(r.CriticalFailure), strings.Join(FailedCriteria(r), " "),
		StatusOf(r), csatCell(r),
	}
	for _, id := range c.criteria {
		cell := ""
		if cr := r.Criterion(id); cr != nil && cr.Status != scoring.NotApplicable {
			cell = formatNumber(cr.Score)
		}
		row = append(row, cell)
	}
	return c.w.Write(row)
}

// Close implements Writer.
func (c *CSV) Close(*Summary) error {
	if c.criteria == nil {
		if err := c.w.Write(csvFixedColumns); err != nil {
			return err
		}
	}
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		return err
	}
	return c.bw.Flush()
}

// StatusOf is a conversation's status in reports: "unanswered" when no
// agent or bot replied to the customer, else "pass" or "fail".
func StatusOf(r *scoring.Result) string {
	switch {
	case r.Unanswered:
		return "unanswered"
	case r.Passed:
		return "pass"
	}
	return "fail"
}

// csatCell is the predicted CSAT, empty when the result carries none (an
// older results file, a customer who never wrote).
func csatCell(r *scoring.Result) string {
	if r.PredictedCSAT == nil {
		return ""
	}
	return formatNumber(*r.PredictedCSAT)
}

// FailedCriteria lists the ids of the criteria a result failed.
func FailedCriteria(r *scoring.Result) []string {
	var ids []string
	for _, cr := range r.Criteria {
		if cr.Status == scoring.Fail {
			ids = append(ids, cr.ID)
		}
	}
	return ids
}

func formatNumber(f float64) string { return strconv.FormatFloat(f, 'f', -1, 64) }

// safeCell keeps spreadsheet programs from running transcript-supplied
// text as a formula when the CSV is opened (CSV injection).
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
