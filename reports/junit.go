package reports

import (
	"bufio"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

// JUnit writes JUnit XML for CI test reporters (GitLab, Jenkins, GitHub):
// one test case per conversation, failing when the conversation did not
// pass, with the pass mark and the failed criteria and their reasons as the
// failure message and their evidence as its text (of type "unanswered" when
// no agent or bot replied); and one test case in error per rejected record,
// so that a CI page counts what was not scored.
//
// The <testsuite> element carries the counts, which are known only at the
// end, so test cases are spooled to a temporary file and copied after the
// header: memory stays flat however many conversations there are.
type JUnit struct {
	out   io.Writer
	spool *os.File
	buf   *bufio.Writer
	tests int
	fails int
}

// NewJUnit writes to w.
func NewJUnit(w io.Writer) (*JUnit, error) {
	f, err := os.CreateTemp("", "iqa-junit-*")
	if err != nil {
		return nil, err
	}
	return &JUnit{out: w, spool: f, buf: bufio.NewWriterSize(f, 64<<10)}, nil
}

type junitCase struct {
	XMLName   xml.Name      `xml:"testcase"`
	Name      string        `xml:"name,attr"`
	Classname string        `xml:"classname,attr"`
	Time      string        `xml:"time,attr"`
	Failure   *junitFailure `xml:"failure,omitempty"`
	Error     *junitFailure `xml:"error,omitempty"`
	Output    string        `xml:"system-out,omitempty"`
}

type junitFailure struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

// Write implements Writer.
func (j *JUnit) Write(r *scoring.Result) error {
	j.tests++
	tc := junitCase{
		Name:      xmlSafe(r.ID),
		Classname: xmlSafe("iqa." + r.Channel + "." + orUnknown(r.Agent)),
		Time:      "0",
		Output:    xmlSafe(fmt.Sprintf("score %s (%s)", formatNumber(r.Score), passMark(r))),
	}
	if r.PredictedCSAT != nil {
		tc.Output += fmt.Sprintf("; predicted CSAT %s / 5", formatNumber(*r.PredictedCSAT))
	}
	switch {
	case r.Unanswered:
		// Its own failure type, so that a CI reporter can tell a customer
		// nobody answered from a poor answer.
		j.fails++
		tc.Failure = &junitFailure{Type: "unanswered", Message: "unanswered: no agent or bot replied to the customer", Text: xmlSafe(failureDetail(r))}
	case !r.Passed:
		j.fails++
		tc.Failure = &junitFailure{Type: "quality", Message: xmlSafe(failureMessage(r)), Text: xmlSafe(failureDetail(r))}
	}
	return j.encode(tc)
}

func (j *JUnit) encode(tc junitCase) error {
	enc := xml.NewEncoder(j.buf)
	enc.Indent("    ", "  ")
	if err := enc.Encode(tc); err != nil {
		return err
	}
	_, err := j.buf.WriteString("\n")
	return err
}

// passMark says what passing takes: "pass at 70 with no critical failure".
func passMark(r *scoring.Result) string {
	return "pass at " + passScore(r) + " with no critical failure"
}

// passScore is the result's pass mark, or words for it in results written
// before it was recorded.
func passScore(r *scoring.Result) string {
	if r.PassScore == nil {
		return "the rubric's pass score"
	}
	return formatNumber(*r.PassScore)
}

// failureMessage says in one line why a conversation failed: its score
// against the pass mark, or the critical failure or note that decided it,
// then each failed criterion with its reason.
func failureMessage(r *scoring.Result) string {
	msg := fmt.Sprintf("score %s", formatNumber(r.Score))
	switch {
	case r.CriticalFailure:
		msg += ", a critical criterion failed"
	case r.Note != "":
		msg += ": " + r.Note
	default:
		msg += ", below the pass mark " + passScore(r)
	}
	var failed []string
	for _, cr := range r.Criteria {
		if cr.Status == scoring.Fail {
			id := cr.ID
			if cr.Critical {
				id += " (critical)"
			}
			failed = append(failed, fmt.Sprintf("%s: %s", id, cr.Reason))
		}
	}
	if len(failed) > 0 {
		msg += "; failed " + strings.Join(failed, "; ")
	}
	return msg
}

// failureDetail lists each failed criterion with its reason and evidence.
func failureDetail(r *scoring.Result) string {
	var b strings.Builder
	for _, cr := range r.Criteria {
		if cr.Status != scoring.Fail {
			continue
		}
		crit := ""
		if cr.Critical {
			crit = " (critical)"
		}
		fmt.Fprintf(&b, "%s%s: %s — %s\n", cr.ID, crit, formatNumber(cr.Score), cr.Reason)
		for _, ev := range cr.Evidence {
			fmt.Fprintf(&b, "  %s\n", DescribeEvidence(ev))
		}
	}
	if r.Unanswered && r.Note != "" {
		fmt.Fprintf(&b, "%s\n", r.Note)
	}
	if r.Source.File != "" {
		fmt.Fprintf(&b, "source: %s\n", r.Source)
	}
	return b.String()
}

// DescribeEvidence renders one piece of evidence on one line.
func DescribeEvidence(ev scoring.Evidence) string {
	var b strings.Builder
	if ev.Effect != "" {
		b.WriteString(ev.Effect + " ")
	}
	if ev.Message >= 0 {
		fmt.Fprintf(&b, "message %d: ", ev.Message+1)
	}
	b.WriteString(ev.Note)
	if ev.Text != "" {
		fmt.Fprintf(&b, " \"%s\"", quoted(ev))
	}
	if ev.Value != nil && !statesValue(ev.Note, *ev.Value, ev.Unit) {
		what, value := describeValue(*ev.Value, ev.Unit)
		if what != "" && !strings.Contains(ev.Note, what) {
			value = what + " " + value
		}
		fmt.Fprintf(&b, " (%s)", value)
	}
	return b.String()
}

// quoted is the evidence's text as people read it: an excerpt cut short
// ends in "…".
func quoted(ev scoring.Evidence) string {
	if ev.Cut {
		return ev.Text + "…"
	}
	return ev.Text
}

// statesValue reports whether a note already says its measured value
// ("reply after 5m10s", "long sentence: 35 words"), so that it is not
// said again in other words ("(310 s)").
func statesValue(note string, v float64, unit string) bool {
	_, value := describeValue(v, unit)
	forms := []string{value}
	if unit == "s" {
		forms = append(forms, fmt.Sprintf("%.1fs", v))
	}
	for _, f := range forms {
		for i := strings.Index(note, f); i >= 0; {
			end := i + len(f)
			if (i == 0 || !isNumberByte(note[i-1])) && (end == len(note) || !isNumberByte(note[end])) {
				return true
			}
			next := strings.Index(note[i+1:], f)
			if next < 0 {
				break
			}
			i += 1 + next
		}
	}
	return false
}

func isNumberByte(c byte) bool { return c >= '0' && c <= '9' || c == '.' }

// durationText says seconds as the scoring notes do: "40s", "1.5s",
// "5m10s", "2h15m".
func durationText(sec float64) string {
	if sec < 60 {
		return formatNumber(round1(sec)) + "s"
	}
	d := time.Duration(math.Round(sec)) * time.Second
	h, m, s := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	var b strings.Builder
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if s > 0 && h == 0 {
		fmt.Fprintf(&b, "%ds", s)
	}
	return b.String()
}

// describeValue says a measured value in the words of the pages people
// read, as what was measured (unless the note says it) and the value: the
// results JSON keeps the analysers' units ("compound" for the sentiment
// score, "flesch" for reading ease); a trainer reads "sentiment -0.82".
func describeValue(v float64, unit string) (what, value string) {
	switch unit {
	case "":
		return "", formatNumber(v)
	case "compound":
		return "sentiment", formatNumber(math.Round(v*100) / 100)
	case "flesch":
		return "reading ease", formatNumber(round1(v))
	case "s":
		return "", durationText(v)
	}
	return "", formatNumber(v) + " " + unit
}

// Close implements Writer.
func (j *JUnit) Close(s *Summary) error {
	defer os.Remove(j.spool.Name())
	defer j.spool.Close()
	errs, err := j.writeRejects(s)
	if err != nil {
		return err
	}
	if err := j.buf.Flush(); err != nil {
		return err
	}
	name := s.Run.Rubric.Name
	if name == "" {
		name = "iqa"
	}
	tests := j.tests + errs
	header := fmt.Sprintf("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"iqa\" tests=\"%d\" failures=\"%d\" errors=\"%d\">\n  <testsuite name=%s tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"0\">\n",
		tests, j.fails, errs, quoteAttr("iqa "+name), tests, j.fails, errs)
	if _, err := io.WriteString(j.out, header); err != nil {
		return err
	}
	if _, err := j.spool.Seek(0, io.SeekStart); err != nil {
		return err
	}
	if _, err := io.Copy(j.out, j.spool); err != nil {
		return err
	}
	_, err = io.WriteString(j.out, "  </testsuite>\n</testsuites>\n")
	return err
}

// writeRejects adds a test case in error for every listed rejected
// record, and one for those only counted, and returns how many it added.
func (j *JUnit) writeRejects(s *Summary) (int, error) {
	for _, r := range s.Rejects {
		where := r.File
		switch {
		case r.Line > 0:
			where = fmt.Sprintf("%s:%d", r.File, r.Line)
		case r.Record > 0:
			where = fmt.Sprintf("%s:record %d", r.File, r.Record)
		}
		tc := junitCase{Name: xmlSafe(where), Classname: "iqa.rejected", Time: "0",
			Error: &junitFailure{Type: "rejected", Message: xmlSafe("rejected, not scored: " + r.Reason)}}
		if err := j.encode(tc); err != nil {
			return 0, err
		}
	}
	n := len(s.Rejects)
	if more := s.Rejected - len(s.Rejects); more > 0 {
		tc := junitCase{Name: count(more, "more rejected record"), Classname: "iqa.rejected", Time: "0",
			Error: &junitFailure{Type: "rejected", Message: count(more, "more rejected record") + ", not scored and not listed here; list them all with --rejects FILE"}}
		if err := j.encode(tc); err != nil {
			return 0, err
		}
		n++
	}
	return n, nil
}

func quoteAttr(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	xml.EscapeText(&b, []byte(xmlSafe(s)))
	b.WriteByte('"')
	return b.String()
}

// xmlSafe drops characters XML 1.0 cannot carry at all (transcripts have
// control characters); escaping is the encoder's job.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\t' || r == '\n' || r == '\r' || (r >= 0x20 && r <= 0xD7FF) || (r >= 0xE000 && r <= 0xFFFD) || (r >= 0x10000 && r <= 0x10FFFF) {
			return r
		}
		return -1
	}, s)
}

// discard removes the spooled test cases.
func (j *JUnit) discard() {
	j.spool.Close()
	os.Remove(j.spool.Name())
}
