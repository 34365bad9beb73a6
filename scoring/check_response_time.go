package scoring

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/iqa-cli/iqa/rubrics"
	"github.com/iqa-cli/iqa/transcript"
)

// responseTimeCheck measures how long the customer waited for a human
// agent: the first response (from the first customer turn to the first
// agent turn after it) and every later reply gap (from the first customer
// turn after an agent turn to the next agent turn). Bot turns do not count
// as a response. Each wait scores 100 up to its channel's threshold,
// falling linearly to 0 at three times it; the score is the mean of the
// first response and the mean reply gap (the first response alone when
// there are no later gaps). A customer who never got a reply scores 0.
// Calls and conversations with a turn missing its timestamp are not
// applicable.
type responseTimeCheck struct {
	first, gap rubrics.ChannelDurations
	hours      *businessHours
}

type businessHours struct {
	days       [7]bool
	start, end time.Duration // since midnight
	loc        *time.Location
}

func compileResponseTime(p *rubrics.ResponseTimeParams) (check, error) {
	c := &responseTimeCheck{first: p.FirstResponse, gap: p.ReplyGap}
	if p.BusinessHours != nil {
		h, err := compileHours(p.BusinessHours)
		if err != nil {
			return nil, fmt.Errorf("business_hours: %w", err)
		}
		c.hours = h
	}
	return c, nil
}

func compileHours(b *rubrics.BusinessHours) (*businessHours, error) {
	h := &businessHours{loc: time.UTC}
	if b.TimeZone != "" {
		loc, err := time.LoadLocation(b.TimeZone)
		if err != nil {
			return nil, fmt.Errorf("time_zone %q: %w", b.TimeZone, err)
		}
		h.loc = loc
	}
	names := map[string]time.Weekday{"sun": time.Sunday, "mon": time.Monday, "tue": time.Tuesday,
		"wed": time.Wednesday, "thu": time.Thursday, "fri": time.Friday, "sat": time.Saturday}
	if len(b.Days) == 0 {
		for d := time.Monday; d <= time.Friday; d++ {
			h.days[d] = true
		}
	}
	for _, d := range b.Days {
		k := strings.ToLower(strings.TrimSpace(d))
		if len(k) > 3 {
			k = k[:3]
		}
		wd, ok := names[k]
		if !ok {
			return nil, fmt.Errorf("day %q: want mon, tue, ... sun", d)
		}
		h.days[wd] = true
	}
	var err error
	if h.start, err = clock(b.Start); err != nil {
		return nil, fmt.Errorf("start: %w", err)
	}
	if h.end, err = clock(b.End); err != nil {
		return nil, fmt.Errorf("end: %w", err)
	}
	if h.end <= h.start {
		return nil, fmt.Errorf("end %s is not after start %s", b.End, b.Start)
	}
	return h, nil
}

// clock parses "09:00" as a duration since midnight.
func clock(s string) (time.Duration, error) {
	hh, mm, ok := strings.Cut(strings.TrimSpace(s), ":")
	h, err1 := strconv.Atoi(hh)
	m, err2 := strconv.Atoi(mm)
	if !ok || err1 != nil || err2 != nil || h < 0 || h > 24 || m < 0 || m > 59 || (h == 24 && m > 0) {
		return 0, fmt.Errorf("%q is not a time like 09:00", s)
	}
	return time.Duration(h)*time.Hour + time.Duration(m)*time.Minute, nil
}

// within returns the part of [t0, t1) inside business hours.
func (h *businessHours) within(t0, t1 time.Time) time.Duration {
	if !t1.After(t0) {
		return 0
	}
	var total time.Duration
	t0, t1 = t0.In(h.loc), t1.In(h.loc)
	day := time.Date(t0.Year(), t0.Month(), t0.Day(), 0, 0, 0, 0, h.loc)
	for n := 0; n < 400 && day.Before(t1); n++ {
		if h.days[day.Weekday()] {
			open := day.Add(h.start)
			shut := day.Add(h.end)
			s, e := maxTime(open, t0), minTime(shut, t1)
			if e.After(s) {
				total += e.Sub(s)
			}
		}
		day = time.Date(day.Year(), day.Month(), day.Day()+1, 0, 0, 0, 0, h.loc)
	}
	return total
}

func maxTime(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

func minTime(a, b time.Time) time.Time {
	if a.Before(b) {
		return a
	}
	return b
}

// waitScore is 100 up to the limit, falling to 0 at three times it.
func waitScore(wait, limit time.Duration) float64 {
	if limit <= 0 || wait <= limit {
		return 100
	}
	return clamp(100*(1-float64(wait-limit)/float64(2*limit)), 0, 100)
}

func (c *responseTimeCheck) run(a *Analysis) outcome {
	if a.Conv.Channel == transcript.Call {
		return notApplicable("calls have no response times")
	}
	if len(a.Customer) == 0 {
		return notApplicable("the customer never wrote")
	}
	if len(a.Agents) == 0 {
		return notApplicable("no human agent took part")
	}
	if !a.Timed {
		return notApplicable("a turn has no timestamp")
	}
	firstLimit, ok1 := c.first.For(a.Channel)
	gapLimit, ok2 := c.gap.For(a.Channel)
	if !ok1 && !ok2 {
		return notApplicable("no threshold for " + channelName(a.Channel))
	}
	var ev []Evidence
	waiting := -1 // index of the customer turn waiting for an answer
	nWaits := 0
	var firstScore, gapSum float64
	gaps := 0
	for i := range a.Conv.Messages {
		m := &a.Conv.Messages[i]
		if m.Internal {
			continue
		}
		switch m.Role {
		case transcript.Customer:
			if waiting < 0 {
				waiting = i
			}
		case transcript.Agent:
			if waiting < 0 {
				continue
			}
			from := a.Conv.Messages[waiting].At
			wait := m.At.Sub(from)
			if c.hours != nil {
				wait = c.hours.within(from, m.At)
			}
			if wait < 0 {
				wait = 0
			}
			limit, what := gapLimit, "reply"
			if nWaits == 0 {
				limit, what = firstLimit, "first response"
			}
			s := waitScore(wait, limit)
			effect := "+"
			if s < 100 {
				effect = "-"
			}
			note := fmt.Sprintf("%s after %s (limit %s)", what, fmtDuration(wait), fmtDuration(limit))
			if c.hours != nil {
				note += " in business hours"
			}
			ev = append(ev, valueEvidence(i, wait.Seconds(), "s", note, effect))
			if nWaits == 0 {
				firstScore = s
			} else {
				gapSum += s
				gaps++
			}
			nWaits++
			waiting = -1
		}
	}
	if nWaits == 0 {
		x := excerpt(a, a.Customer[0], 80)
		x.Note, x.Effect = "the customer never got an agent reply", "-"
		return graded(0, "no agent reply to the customer", []Evidence{x})
	}
	score := firstScore
	if gaps > 0 {
		score = (firstScore + gapSum/float64(gaps)) / 2
	}
	reason := fmt.Sprintf("first response in %s", fmtDuration(time.Duration(*ev[0].Value*float64(time.Second))))
	if gaps > 0 {
		slow := 0
		for _, e := range ev[1:] {
			if e.Effect == "-" {
				slow++
			}
		}
		reason += fmt.Sprintf("; %d of %d replies slower than %s", slow, gaps, fmtDuration(gapLimit))
	}
	return graded(score, reason, ev)
}

// fmtDuration prints a wait the way people say it: 45s, 3m10s, 2h, 2h5m.
func fmtDuration(d time.Duration) string {
	d = d.Round(time.Second)
	if d < time.Minute {
		return d.String()
	}
	h, m, sec := int(d/time.Hour), int(d%time.Hour/time.Minute), int(d%time.Minute/time.Second)
	var b strings.Builder
	if h > 0 {
		fmt.Fprintf(&b, "%dh", h)
	}
	if m > 0 {
		fmt.Fprintf(&b, "%dm", m)
	}
	if sec > 0 && h == 0 {
		fmt.Fprintf(&b, "%ds", sec)
	}
	return b.String()
}
