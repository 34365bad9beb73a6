package reports

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/iqa-cli/iqa/scoring"
	"github.com/iqa-cli/iqa/transcript"
)

// transcriptBudget bounds the text of one embedded transcript, so that a
// page of --html-max transcripts stays a few megabytes even when a call
// transcript runs to thousands of turns.
const transcriptBudget = 16 << 10

// convView is one conversation as the HTML templates show it: figures,
// criteria with reasons, and messages cut into segments at evidence spans.
type convView struct {
	Anchor, ID, Agent, Team, Customer, Channel, Start string
	Score                                             string
	ScoreValue                                        float64
	Passed, Critical, Unhappy, Unanswered             bool
	Sentiment                                         string   // customer's last turn, "" when unknown
	Why                                               string   // why it is listed
	Failed                                            []string // names of failed criteria
	Criteria                                          []critView
	Messages                                          []msgView
	MoreMessages                                      int // messages left out for length
	// CSAT is the predicted CSAT ("3.4", "" when the result has none),
	// CSATEvidence the turns and cues that moved it, in plain words.
	CSAT, CSATClass string
	CSATEvidence    []string
}

type critView struct {
	ID, Name, Score, Status, Reason string
	Critical                        bool
	Whole                           []string // evidence about the whole conversation
}

type msgView struct {
	N                  int // from 1, as people count
	Role, Author, When string
	Internal           bool
	Segments           []segment
	Notes              []evNote
	Cut                bool // text shortened for length
	Lead               bool // text shown from its middle
}

// segment is a run of text with the evidence that covers it (none for
// plain text).
type segment struct {
	Text   string
	Marked bool
	Title  string // the criteria and notes of the evidence
	Effect string // "plus", "minus" or "info", for colour
}

type evNote struct {
	Criterion, Text, Effect string
}

// anchorOf is a stable, HTML-safe id for a conversation: ids may hold any
// character.
func anchorOf(r *scoring.Result) string {
	sum := sha256.Sum256([]byte(fmt.Sprintf("%d\x00%s", r.Seq, r.ID)))
	return "c-" + hex.EncodeToString(sum[:6])
}

// viewOf renders a result for the templates; why says why it is listed.
func viewOf(r *scoring.Result, why string) *convView {
	v := &convView{Anchor: anchorOf(r), ID: r.ID, Agent: orUnknown(r.Agent), Team: r.Team, Customer: r.Customer,
		Channel: r.Channel, Score: num(r.Score), ScoreValue: r.Score, Passed: r.Passed, Critical: r.CriticalFailure, Unhappy: endsUnhappy(r), Why: why,
		Unanswered: r.Unanswered}
	if !r.Start.IsZero() {
		v.Start = r.Start.UTC().Format("2006-01-02 15:04 UTC")
	}
	if cs := r.CustomerSentiment; cs != nil {
		v.Sentiment = fmt.Sprintf("%+.2f", cs.Last)
	}
	byMessage := map[int][]marked{}
	for _, cr := range r.Criteria {
		cv := critView{ID: cr.ID, Name: cr.Name, Score: num(cr.Score), Status: string(cr.Status), Reason: cr.Reason, Critical: cr.Critical}
		if cv.Name == "" {
			cv.Name = cr.ID
		}
		switch cr.Status {
		case scoring.NotApplicable:
			cv.Score = "–"
		case scoring.Fail:
			v.Failed = append(v.Failed, cv.Name)
		}
		for _, ev := range cr.Evidence {
			if ev.Message < 0 || ev.Message >= len(r.Transcript) {
				cv.Whole = append(cv.Whole, DescribeEvidence(ev))
				continue
			}
			byMessage[ev.Message] = append(byMessage[ev.Message], marked{criterion: cv.Name, ev: ev})
		}
		v.Criteria = append(v.Criteria, cv)
	}
	if r.PredictedCSAT != nil {
		v.CSAT, v.CSATClass = num(*r.PredictedCSAT), csatClass(*r.PredictedCSAT)
		for _, ev := range r.CSATEvidence {
			v.CSATEvidence = append(v.CSATEvidence, DescribeCSATEvidence(ev))
			if ev.Message >= 0 && ev.Message < len(r.Transcript) {
				byMessage[ev.Message] = append(byMessage[ev.Message], marked{criterion: "predicted CSAT", ev: ev})
			}
		}
	}
	budget := transcriptBudget
	for i := range r.Transcript {
		m := &r.Transcript[i]
		if budget <= 0 {
			v.MoreMessages = len(r.Transcript) - i
			break
		}
		mv := messageView(i, m, byMessage[i], min(budget, len(m.Text)))
		budget -= len(m.Text)
		v.Messages = append(v.Messages, mv)
	}
	return v
}

// messageView cuts a message's text (its first limit bytes) into segments
// at the boundaries of its evidence spans; overlapping spans give segments
// marked by all of them.
func messageView(i int, m *transcript.Message, marks []marked, limit int) msgView {
	mv := msgView{N: i + 1, Role: string(m.Role), Author: m.Author, Internal: m.Internal}
	switch {
	case m.HasTime():
		mv.When = m.At.UTC().Format("15:04:05")
	case m.StartMS != nil:
		mv.When = (time.Duration(*m.StartMS) * time.Millisecond).String()
	}
	text := m.Text
	if limit < len(text) {
		for limit > 0 && !utf8.RuneStart(text[limit]) {
			limit--
		}
		text, mv.Cut = text[:limit], true
	}
	cuts := []int{0, len(text)}
	type span struct {
		start, end int
		mk         marked
	}
	var spans []span
	for _, mk := range marks {
		mv.Notes = append(mv.Notes, evNote{Criterion: mk.criterion, Text: DescribeEvidence(withoutMessage(mk.ev)), Effect: effectClass(mk.ev.Effect)})
		s, e := runeFloor(text, mk.ev.Start), runeCeil(text, min(mk.ev.End, len(text)))
		if s < 0 || e <= s {
			continue
		}
		spans = append(spans, span{s, e, mk})
		cuts = append(cuts, s, e)
	}
	sort.Ints(cuts)
	for k := 0; k+1 < len(cuts); k++ {
		s, e := cuts[k], cuts[k+1]
		if s == e {
			continue
		}
		seg := segment{Text: text[s:e]}
		var titles []string
		effects := map[string]bool{}
		for _, sp := range spans {
			if sp.start <= s && e <= sp.end {
				titles = append(titles, sp.mk.criterion+": "+sp.mk.ev.Note)
				effects[effectClass(sp.mk.ev.Effect)] = true
			}
		}
		if len(titles) > 0 {
			seg.Marked, seg.Title = true, strings.Join(titles, "; ")
			switch {
			case effects["minus"]:
				seg.Effect = "minus"
			case effects["plus"]:
				seg.Effect = "plus"
			default:
				seg.Effect = "info"
			}
		}
		mv.Segments = append(mv.Segments, seg)
	}
	return mv
}

// runeFloor moves a byte offset back to the start of its rune, so that a
// span never splits a character; -1 when out of range.
func runeFloor(s string, i int) int {
	if i < 0 || i > len(s) {
		return -1
	}
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i--
	}
	return i
}

// runeCeil moves a byte offset forward to the next rune start.
func runeCeil(s string, i int) int {
	for i > 0 && i < len(s) && !utf8.RuneStart(s[i]) {
		i++
	}
	return i
}

func effectClass(e string) string {
	switch e {
	case "+":
		return "plus"
	case "-":
		return "minus"
	}
	return "info"
}
