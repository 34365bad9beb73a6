package importers

import (
	"strings"
	"testing"
	"time"
)

func TestTimeParser(t *testing.T) {
	berlin, err := time.LoadLocation("Europe/Berlin")
	if err != nil {
		t.Fatal(err)
	}
	utc := func(s string) time.Time {
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			panic(err)
		}
		return t
	}
	tests := []struct {
		in    string
		tz    *time.Location
		order DateOrder
		want  time.Time
	}{
		{"2026-01-02T10:00:00Z", nil, DateAuto, utc("2026-01-02T10:00:00Z")},
		{"2026-01-02T10:00:00.250+01:00", nil, DateAuto, utc("2026-01-02T09:00:00.25Z")},
		{"2026-01-02T10:00:00", berlin, DateAuto, utc("2026-01-02T09:00:00Z")},
		{"2026-01-02 10:00:00", nil, DateAuto, utc("2026-01-02T10:00:00Z")},
		{"2026-01-02 10:00", nil, DateAuto, utc("2026-01-02T10:00:00Z")},
		{"2026-10-05 6:05 PM", nil, DateAuto, utc("2026-10-05T18:05:00Z")},
		{"1767348000", nil, DateAuto, utc("2026-01-02T10:00:00Z")},
		{"1767348000500", nil, DateAuto, utc("2026-01-02T10:00:00.5Z")},
		{"1767348000500000", nil, DateAuto, utc("2026-01-02T10:00:00.5Z")},
		{"1767348000.25", nil, DateAuto, utc("2026-01-02T10:00:00.25Z")},
		{"Fri Jan 02 10:00:00 +0000 2026", nil, DateAuto, utc("2026-01-02T10:00:00Z")},
		{"Jan 2, 2026 10:00 AM", nil, DateAuto, utc("2026-01-02T10:00:00Z")},
		{"2026/01/02 02:00:00 -0800", nil, DateAuto, utc("2026-01-02T10:00:00Z")},
		{"January 2, 2026 at 3:04 PM", berlin, DateAuto, utc("2026-01-02T14:04:00Z")},
		{"2 Jan 2026 10:00", nil, DateAuto, utc("2026-01-02T10:00:00Z")},
		{"Fri Jan 02 2026 11:00:00 GMT+0100 (Central European Standard Time)", nil, DateAuto, utc("2026-01-02T10:00:00Z")},
		{"Fri, 02 Jan 2026 11:00:00 +0100", nil, DateAuto, utc("2026-01-02T10:00:00Z")},
		{"01/02/2026 10:00", nil, DateMDY, utc("2026-01-02T10:00:00Z")},
		{"01/02/2026 10:00", nil, DateDMY, utc("2026-02-01T10:00:00Z")},
		{"13/02/2026 10:00 AM", nil, DateAuto, utc("2026-02-13T10:00:00Z")},
		{"2/13/26 3:04 PM", nil, DateAuto, utc("2026-02-13T15:04:00Z")},
		{"02.01.2026 10:00", nil, DateAuto, utc("2026-01-02T10:00:00Z")},
		{"", nil, DateAuto, time.Time{}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			p := TimeParser{TZ: tt.tz, Order: tt.order}
			got, err := p.Parse(tt.in)
			if err != nil || !got.Equal(tt.want) {
				t.Errorf("Parse(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
			}
		})
	}
	for _, bad := range []struct {
		in    string
		order DateOrder
	}{
		{"yesterday", DateAuto}, {"2026-13-01", DateAuto}, {"31/31/2026", DateAuto}, {"10/02/2026 25:00", DateAuto}, {"12:00", DateAuto},
		// An explicit order is not silently swapped for a date that cannot
		// be in it.
		{"13/04/2026", DateMDY}, {"13/04/2026 10:00", DateMDY}, {"04/13/2026 10:00 AM", DateDMY}, {"13.04.2026", DateMDY},
	} {
		p := TimeParser{Order: bad.order}
		if got, err := p.Parse(bad.in); err == nil || !strings.HasPrefix(err.Error(), "invalid ") {
			t.Errorf("Parse(%q) with order %v = %v, %v; want an invalid time", bad.in, bad.order, got, err)
		}
	}
}

func TestTimeParserWarnsAboutAmbiguousDates(t *testing.T) {
	p := TimeParser{}
	p.Parse("03/04/2026")
	if w := p.Warning(); !strings.Contains(w, "03/04/2026 could be day/month or month/day") {
		t.Errorf("warning %q", w)
	}
	p = TimeParser{}
	p.Parse("25/04/2026")
	if got, _ := p.Parse("03/04/2026"); got.Month() != time.April || p.Warning() != "" {
		t.Errorf("a day-first file read 03/04 as %v (warning %q)", got, p.Warning())
	}
	p = TimeParser{Order: DateMDY}
	p.Parse("03/04/2026")
	if p.Warning() != "" {
		t.Error("warned although --date-order was given")
	}
	// 03/04 read month first before 25/04 showed the file is day first:
	// the file was read two ways, and the user must hear of it.
	p = TimeParser{}
	p.Parse("03/04/2026")
	p.Parse("25/04/2026")
	if w := p.Warning(); !strings.Contains(w, "03/04/2026 were read month first before later dates showed the file is day first") {
		t.Errorf("a file read both ways gave warning %q", w)
	}
}

func TestTimeParserPrimedByTheHead(t *testing.T) {
	for _, tt := range []struct {
		name, head string
		want       time.Month
	}{
		{"a day-first date further down", "id;at\n1;03/04/2026 09:15\n1;13/04/2026 09:20\n", time.April},
		{"a month-first date further down", "1,03/04/2026 9:15 AM\n2,04/13/2026 10:00 AM\n", time.March},
		{"dashes and a T", "1,03-04-2026T09:15\n2,25-04-2026T09:15\n", time.April},
		{"no evidence", "1,03/04/2026 09:15\n", time.March},
		{"a date in a message is no evidence", "1,03/04/2026 09:15,delivered on 25/12/2025\n", time.March},
		{"ISO dates are no evidence", "2026/03/14 10:00 2026-03-14 10:00 113/04/2026 10:00", time.March},
		{"mixed separators are no evidence", "13/04-2026 10:00", time.March},
	} {
		t.Run(tt.name, func(t *testing.T) {
			p := TimeParser{}
			p.Prime([]byte(tt.head))
			got, err := p.Parse("03/04/2026 09:15")
			if err != nil || got.Month() != tt.want {
				t.Errorf("03/04/2026 read as %v, %v; want month %v", got, err, tt.want)
			}
		})
	}
}

func TestDayFirstCSVReadOneWay(t *testing.T) {
	res := importString(t, "excel.csv", "Ticket;Date;Sender;Message\r\n"+
		"T-1;03/04/2026 09:15;Customer;my parcel is late\r\n"+
		"T-1;13/04/2026 09:20;Agent;sorry about that\r\n", Options{})
	if res.err != nil || len(res.convs) != 1 {
		t.Fatalf("err %v, %d conversations", res.err, len(res.convs))
	}
	for _, m := range res.convs[0].Messages {
		if m.At.Month() != time.April {
			t.Errorf("%q read on %v, want April", m.Text, m.At)
		}
	}
	if len(res.warnings) != 0 {
		t.Errorf("warnings %q", res.warnings)
	}
}
