package importers

import (
	"fmt"
	"math"
	"net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// A TimeParser reads the timestamps exports carry: RFC 3339 with or without
// a zone, Unix seconds, milliseconds or microseconds, "2006-01-02 15:04:05",
// RFC 5322 mail dates, Twitter's "Tue Oct 31 22:10:47 +0000 2017", and US or
// day-first dates such as 03/04/2026 3:04 PM. Zone-less times are read in
// TZ. It remembers, per file, whether dates were ambiguous.
type TimeParser struct {
	TZ    *time.Location
	Order DateOrder

	sawDayFirst, sawMonthFirst bool // evidence: a first field > 12, or a second
	ambiguous                  string
}

var zonedLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05Z0700",
	"2006-01-02T15:04:05.999999999Z0700",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05.999999999Z07:00",
	"2006-01-02 15:04:05 Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05.999999999 -0700",
	"2006/01/02 15:04:05 -0700", // Zendesk's older API
	"2006-01-02 15:04:05 -0700 MST",
	"2006-01-02 15:04:05 MST",
	time.RubyDate,
	time.UnixDate,
	time.RFC1123Z,
	time.RFC1123,
	time.RFC850,
}

var localLayouts = []string{
	"2006-01-02T15:04:05.999999999",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02 15:04:05",
	"2006/01/02 15:04",
	"2006/01/02",
}

// numericDateRe finds timestamps such as 03/04/2026 09:15 or 13-04-26T9:15:
// a date with a clock, as exports write times, so that a date in a
// message's text ("delivered on 25/12/2025") is no evidence. Prime checks
// that the separators match and that no digit comes before.
var numericDateRe = regexp.MustCompile(`([0-9]{1,2})([/-])([0-9]{1,2})([/-])(?:[0-9]{4}|[0-9]{2})[ T][0-9]{1,2}:[0-9]{2}`)

// Prime looks for day-first or month-first timestamps (a first or second
// field above 12) in the head of a file before any of it is parsed, so
// that the ambiguous dates at the top of a day-first file are read day
// first like the rest rather than month first.
func (p *TimeParser) Prime(head []byte) {
	if p.Order != DateAuto {
		return
	}
	for _, m := range numericDateRe.FindAllSubmatchIndex(head, -1) {
		if m[0] > 0 && isDigit(head[m[0]-1]) ||
			string(head[m[4]:m[5]]) != string(head[m[8]:m[9]]) {
			continue
		}
		a, _ := strconv.Atoi(string(head[m[2]:m[3]]))
		b, _ := strconv.Atoi(string(head[m[6]:m[7]]))
		switch {
		case a > 12 && b <= 12:
			p.sawDayFirst = true
		case b > 12 && a <= 12:
			p.sawMonthFirst = true
		}
	}
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// Parse reads one timestamp. An empty string gives the zero time and no
// error: the time is unknown.
func (p *TimeParser) Parse(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, nil
	}
	loc := p.TZ
	if loc == nil {
		loc = time.UTC
	}
	if t, ok := parseUnix(s); ok {
		return t, nil
	}
	if c := s[0]; c >= '0' && c <= '9' && len(s) >= 8 && (s[4] == '-' || s[4] == '/') {
		for _, layout := range zonedLayouts[:10] {
			if t, err := time.Parse(layout, s); err == nil {
				return t.UTC(), nil
			}
		}
		for _, layout := range localLayouts {
			if t, err := time.ParseInLocation(layout, s, loc); err == nil {
				return t.UTC(), nil
			}
		}
		if t, ok := parseISODateClock(s, loc); ok {
			return t, nil
		}
	}
	if t, ok, err := p.parseNumericDate(s, loc); ok {
		return t, err
	}
	for _, layout := range zonedLayouts[10:] {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UTC(), nil
		}
	}
	if t, err := mail.ParseDate(s); err == nil {
		return t.UTC(), nil
	}
	if t, ok := parseMonthName(s, loc); ok {
		return t, nil
	}
	return time.Time{}, fmt.Errorf("invalid time %q", s)
}

// monthNameLayouts are dates written with the month's name, as helpdesk
// CSV exports and spreadsheets show them ("Mar 20, 2026 10:00 AM"), read
// in the file's zone; and JavaScript's Date.toString, which carries one.
var monthNameLayouts = []string{
	"Jan 2, 2006 3:04 PM", "Jan 2, 2006 3:04:05 PM", "Jan 2, 2006 15:04", "Jan 2, 2006 15:04:05", "Jan 2, 2006",
	"January 2, 2006 3:04 PM", "January 2, 2006 3:04:05 PM", "January 2, 2006 15:04", "January 2, 2006 15:04:05", "January 2, 2006",
	"2 Jan 2006 15:04", "2 Jan 2006 15:04:05", "2 Jan 2006 3:04 PM", "2 Jan 2006",
	"2 January 2006 15:04", "2 January 2006 15:04:05", "2 January 2006",
	"Mon, Jan 2, 2006 3:04 PM", "Monday, January 2, 2006 3:04 PM",
}

func parseMonthName(s string, loc *time.Location) (time.Time, bool) {
	if js, _, ok := strings.Cut(s, " ("); ok { // "Fri Mar 20 2026 10:00:00 GMT+0000 (Coordinated Universal Time)"
		if t, err := time.Parse("Mon Jan 2 2006 15:04:05 GMT-0700", js); err == nil {
			return t.UTC(), true
		}
	}
	s = strings.Join(strings.Fields(strings.Replace(s, " at ", " ", 1)), " ")
	for _, layout := range monthNameLayouts {
		if t, err := time.ParseInLocation(layout, s, loc); err == nil {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

// parseUnix reads epoch seconds, milliseconds, microseconds or nanoseconds,
// told apart by size, with an optional fraction of a second.
func parseUnix(s string) (time.Time, bool) {
	if len(s) < 9 || (s[0] < '0' || s[0] > '9') || strings.ContainsAny(s, "-/:T ") {
		return time.Time{}, false
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f <= 0 || math.IsInf(f, 0) {
		return time.Time{}, false
	}
	if !strings.Contains(s, ".") {
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		switch {
		case n < 1e11:
			return time.Unix(n, 0).UTC(), true
		case n < 1e14:
			return time.UnixMilli(n).UTC(), true
		case n < 1e17:
			return time.UnixMicro(n).UTC(), true
		default:
			return time.Unix(0, n).UTC(), true
		}
	}
	if f >= 1e11 {
		return time.Time{}, false
	}
	sec, frac := math.Modf(f)
	return time.Unix(int64(sec), int64(math.Round(frac*1e6))*1e3).UTC(), true
}

// parseNumericDate reads a/b/yyyy (or with dots or dashes) and an optional
// time of day with optional AM/PM.
func (p *TimeParser) parseNumericDate(s string, loc *time.Location) (time.Time, bool, error) {
	datePart, clock, _ := strings.Cut(s, " ")
	if strings.Contains(datePart, "T") {
		datePart, clock, _ = strings.Cut(s, "T")
	}
	sep := ""
	for _, c := range []string{"/", ".", "-"} {
		if strings.Count(datePart, c) == 2 {
			sep = c
			break
		}
	}
	if sep == "" {
		return time.Time{}, false, nil
	}
	parts := strings.Split(datePart, sep)
	a, errA := strconv.Atoi(parts[0])
	b, errB := strconv.Atoi(parts[1])
	year, errY := strconv.Atoi(parts[2])
	if errA != nil || errB != nil || errY != nil || len(parts[0]) > 2 || len(parts[1]) > 2 {
		return time.Time{}, false, nil
	}
	switch len(parts[2]) {
	case 2:
		year += 2000
	case 4:
	default:
		return time.Time{}, false, nil
	}
	month, day := a, b
	dayFirst := p.Order == DateDMY || (p.Order == DateAuto && sep == ".")
	switch {
	case a > 12 && b <= 12 && p.Order == DateMDY:
		// An explicit order is a promise about the file: a date that
		// cannot be in it is a bad record, not one to read the other way.
		return time.Time{}, true, fmt.Errorf("invalid time %q: %d is not a month (--date-order mdy)", s, a)
	case b > 12 && a <= 12 && p.Order == DateDMY:
		return time.Time{}, true, fmt.Errorf("invalid time %q: %d is not a month (--date-order dmy)", s, b)
	case a > 12 && b <= 12:
		month, day = b, a
		p.sawDayFirst = true
	case b > 12 && a <= 12:
		p.sawMonthFirst = true
	case a <= 12 && b <= 12 && a != b:
		if p.Order == DateAuto && sep != "." {
			if p.sawDayFirst {
				dayFirst = true
			} else if p.ambiguous == "" {
				p.ambiguous = datePart
			}
		}
		if dayFirst {
			month, day = b, a
		}
	}
	hour, minute, sec, err := parseClock(strings.TrimSpace(clock))
	if err != nil {
		return time.Time{}, true, fmt.Errorf("invalid time %q", s)
	}
	t := time.Date(year, time.Month(month), day, hour, minute, sec, 0, loc)
	if t.Month() != time.Month(month) || t.Day() != day || month < 1 || day < 1 {
		return time.Time{}, true, fmt.Errorf("invalid date %q", s)
	}
	return t.UTC(), true, nil
}

// parseISODateClock reads "2026-10-05 6:05 PM": an ISO date with a clock
// that Go's layouts cannot read (12-hour, unpadded).
func parseISODateClock(s string, loc *time.Location) (time.Time, bool) {
	date, clock, ok := strings.Cut(s, " ")
	if !ok {
		return time.Time{}, false
	}
	d, err := time.ParseInLocation("2006-01-02", date, loc)
	if err != nil {
		return time.Time{}, false
	}
	hour, minute, sec, err := parseClock(strings.TrimSpace(clock))
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(d.Year(), d.Month(), d.Day(), hour, minute, sec, 0, loc).UTC(), true
}

func parseClock(s string) (hour, minute, sec int, err error) {
	if s == "" {
		return 0, 0, 0, nil
	}
	upper := strings.ToUpper(s)
	pm := strings.HasSuffix(upper, "PM")
	am := strings.HasSuffix(upper, "AM")
	if am || pm {
		s = strings.TrimSpace(s[:len(s)-2])
	}
	fields := strings.Split(s, ":")
	if len(fields) < 2 || len(fields) > 3 {
		return 0, 0, 0, fmt.Errorf("bad clock")
	}
	nums := make([]int, 3)
	for i, f := range fields {
		if i == 2 {
			f, _, _ = strings.Cut(f, ".")
		}
		n, err := strconv.Atoi(f)
		if err != nil || n < 0 {
			return 0, 0, 0, fmt.Errorf("bad clock")
		}
		nums[i] = n
	}
	hour, minute, sec = nums[0], nums[1], nums[2]
	if (am || pm) && (hour < 1 || hour > 12) {
		return 0, 0, 0, fmt.Errorf("bad clock")
	}
	if pm && hour != 12 {
		hour += 12
	}
	if am && hour == 12 {
		hour = 0
	}
	if hour > 23 || minute > 59 || sec > 60 {
		return 0, 0, 0, fmt.Errorf("bad clock")
	}
	return hour, minute, sec, nil
}

// Warning says, once per file, what the parser had to guess: dates whose
// day and month could be swapped, read month first for want of evidence.
// It is empty when nothing was guessed.
func (p *TimeParser) Warning() string {
	switch {
	case p.ambiguous != "" && !p.sawDayFirst && !p.sawMonthFirst:
		return fmt.Sprintf("dates such as %s could be day/month or month/day; read them month first (pass --date-order dmy if they are day first)", p.ambiguous)
	case p.ambiguous != "" && p.sawDayFirst && !p.sawMonthFirst:
		return fmt.Sprintf("dates such as %s were read month first before later dates showed the file is day first; pass --date-order dmy to read them all day first", p.ambiguous)
	case p.sawDayFirst && p.sawMonthFirst:
		return "the file mixes day-first and month-first dates; pass --date-order to say which it uses"
	}
	return ""
}
