package reports

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/transcript"
)

// WriteExplanation prints one conversation's score for people: every
// criterion with its score, status and reason, then the transcript with each
// piece of evidence marked on the message it rests on. On a terminal the
// evidence spans are highlighted; elsewhere they are wrapped in «».
func WriteExplanation(w io.Writer, r *scoring.Result, tty bool) error {
	var b strings.Builder
	fmt.Fprintf(&b, "conversation %s · %s", r.ID, r.Channel)
	if r.Agent != "" {
		fmt.Fprintf(&b, " · agent %s", r.Agent)
	}
	if r.Customer != "" {
		fmt.Fprintf(&b, " · customer %s", r.Customer)
	}
	if !r.Start.IsZero() {
		fmt.Fprintf(&b, " · %s", r.Start.UTC().Format("2006-01-02 15:04 UTC"))
	}
	fmt.Fprintf(&b, "\nrubric %s %s · source %s\n", r.Rubric.Name, r.Rubric.Version, r.Source)
	verdict := "passed"
	if !r.Passed {
		verdict = "FAILED"
	}
	if r.CriticalFailure {
		verdict += " (a critical criterion failed)"
	}
	fmt.Fprintf(&b, "score %s %s\n", num(r.Score), verdict)
	if r.Unanswered {
		fmt.Fprintf(&b, "No agent answered: the customer wrote %s and nobody replied, so no criterion applies and the conversation does not pass.\n",
			count(customerTurns(r), "turn"))
	}
	byMessage := map[int][]marked{}
	if r.PredictedCSAT == nil {
		b.WriteString("Predicted customer satisfaction: - (no customer turn to predict it from)\n")
	} else {
		fmt.Fprintf(&b, "Predicted customer satisfaction: %s / 5\n", num(*r.PredictedCSAT))
		for i, ev := range r.CSATEvidence {
			fmt.Fprintf(&b, "  %d. %s\n", i+1, DescribeCSATEvidence(ev))
			if ev.Message >= 0 && ev.Message < len(r.Transcript) {
				byMessage[ev.Message] = append(byMessage[ev.Message], marked{criterion: "csat", ev: ev})
			}
		}
	}
	b.WriteString("\ncriteria\n")
	for _, cr := range r.Criteria {
		crit := ""
		if cr.Critical {
			crit = " critical"
		}
		score := num(cr.Score)
		if cr.Status == scoring.NotApplicable {
			score = "-"
		}
		fmt.Fprintf(&b, "  %-18s %5s  %-4s%s  %s\n", cr.ID, score, cr.Status, crit, cr.Reason)
		for _, ev := range cr.Evidence {
			if ev.Message < 0 || ev.Message >= len(r.Transcript) {
				fmt.Fprintf(&b, "  %18s        %s\n", "", DescribeEvidence(ev))
				continue
			}
			byMessage[ev.Message] = append(byMessage[ev.Message], marked{criterion: cr.ID, ev: ev})
		}
	}

	b.WriteString("\ntranscript\n")
	for i, m := range r.Transcript {
		who := string(m.Role)
		if m.Author != "" {
			who += " " + m.Author
		}
		if m.Internal {
			who += " (internal note, not scored)"
		}
		when := ""
		switch {
		case m.HasTime():
			when = "  " + m.At.UTC().Format(time.TimeOnly)
		case m.StartMS != nil:
			when = fmt.Sprintf("  %s", (time.Duration(*m.StartMS) * time.Millisecond).String())
		}
		fmt.Fprintf(&b, "  [%d] %s%s\n", i+1, who, when)
		marks := byMessage[i]
		text := highlight(m.Text, marks, tty)
		for _, line := range strings.Split(text, "\n") {
			fmt.Fprintf(&b, "      %s\n", line)
		}
		for _, mk := range marks {
			fmt.Fprintf(&b, "      ◂ %s %s\n", mk.criterion, DescribeEvidence(withoutMessage(mk.ev)))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// DescribeCSATEvidence says in plain words what one turn or cue did to
// the predicted CSAT: "lowered it: message 4: customer says no to the
// answer "No"".
func DescribeCSATEvidence(ev scoring.Evidence) string {
	lead := ""
	switch ev.Effect {
	case "+":
		lead = "raised it: "
	case "-":
		lead = "lowered it: "
	}
	ev.Effect = ""
	return lead + DescribeEvidence(ev)
}

func customerTurns(r *scoring.Result) int {
	n := 0
	for _, m := range r.Transcript {
		if m.Role == transcript.Customer && !m.Internal {
			n++
		}
	}
	return n
}

type marked struct {
	criterion string
	ev        scoring.Evidence
}

func withoutMessage(ev scoring.Evidence) scoring.Evidence {
	ev.Message = -1
	return ev
}

// highlight marks the evidence spans in text; overlapping spans are merged.
func highlight(text string, marks []marked, tty bool) string {
	type span struct{ start, end int }
	var spans []span
	for _, mk := range marks {
		s, e := mk.ev.Start, mk.ev.End
		if e > s && s >= 0 && e <= len(text) {
			spans = append(spans, span{s, e})
		}
	}
	if len(spans) == 0 {
		return text
	}
	sort.Slice(spans, func(i, j int) bool { return spans[i].start < spans[j].start })
	merged := spans[:1]
	for _, s := range spans[1:] {
		last := &merged[len(merged)-1]
		if s.start <= last.end {
			last.end = max(last.end, s.end)
		} else {
			merged = append(merged, s)
		}
	}
	open, close := "«", "»"
	if tty {
		open, close = "\x1b[7m", "\x1b[0m"
	}
	var b strings.Builder
	pos := 0
	for _, s := range merged {
		b.WriteString(text[pos:s.start])
		b.WriteString(open + text[s.start:s.end] + close)
		pos = s.end
	}
	b.WriteString(text[pos:])
	return b.String()
}
