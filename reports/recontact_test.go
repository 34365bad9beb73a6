package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/iqa-cli/iqa/scoring"
)

var day0 = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

// conv is a result of customer, days after day0, resolved or not by its
// resolution criterion.
func conv(id, customer string, days float64, resolved bool) *scoring.Result {
	status := scoring.Fail
	if resolved {
		status = scoring.Pass
	}
	return &scoring.Result{ID: id, Customer: customer, Agent: "agent-" + id[:1], Team: "team", Channel: "chat",
		Start:    day0.Add(time.Duration(days * float64(24*time.Hour))),
		Criteria: []scoring.CriterionResult{{ID: "resolved", Kind: "resolution", Status: status}}}
}

// plantedBatch holds re-contacts planted 2 days after a resolved
// conversation (a, e), one 9 days after (b), a customer known only by
// name (c), and a customer back after an unresolved conversation (d).
func plantedBatch() []*scoring.Result {
	return []*scoring.Result{
		conv("a1", "ann@example.com", 0, true),
		conv("a2", " Ann@Example.COM ", 2, true),
		conv("b1", "+44 20 7946 0018", 0, true),
		conv("b2", "+44 (20) 7946-0018", 9, false),
		conv("c1", "Carol Jones", 0, true),
		conv("c2", "Carol Jones", 1, true),
		conv("d1", "cust-77", 0, false),
		conv("d2", "cust-77", 1, true),
		conv("e1", "ed@example.com", 3, true),
		conv("e2", "ed@example.com", 5, true),
		conv("e3", "ed@example.com", 20, true),
	}
}

func recontactStats(results []*scoring.Result, window time.Duration) *FCRStats {
	rc := NewRecontacts(window)
	for _, r := range results {
		rc.Add(r, CustomerIdentity(r))
	}
	return rc.Stats()
}

func pairs(st *FCRStats) []string {
	var out []string
	for _, r := range st.Recontacts {
		out = append(out, r.ID+">"+r.NextID)
	}
	return out
}

func TestRecontactsFindPlanted(t *testing.T) {
	tests := []struct {
		name   string
		window time.Duration
		want   []string
	}{
		{"default window finds the 2-day re-contacts, not the 9-day one", DefaultRecontactWindow, []string{"a1>a2", "e1>e2"}},
		{"a 10-day window finds the 9-day one too", 10 * 24 * time.Hour, []string{"a1>a2", "b1>b2", "e1>e2"}},
		{"a 1-day window finds none", 24 * time.Hour, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := recontactStats(plantedBatch(), tt.window)
			if got := pairs(st); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("re-contacts %v, want %v", got, tt.want)
			}
			if st.NoIdentity != 2 || st.Identified != 9 {
				t.Errorf("no identity %d, identified %d; want 2 (Carol Jones twice) and 9", st.NoIdentity, st.Identified)
			}
			if st.Recontacted != len(tt.want) {
				t.Errorf("recontacted %d, want %d", st.Recontacted, len(tt.want))
			}
		})
	}
}

func TestRecontactsFigures(t *testing.T) {
	st := recontactStats(plantedBatch(), DefaultRecontactWindow)
	if st.Resolved != 7 || st.Rate() != 5.0/9 {
		t.Errorf("resolved %d, rate %v; want 7 and 5/9 (7 resolved, 2 of them re-contacted, of 9)", st.Resolved, st.Rate())
	}
	got := map[string]FCRGroup{}
	for _, g := range st.Agents {
		got[g.Name] = g
	}
	// The re-contact counts against the agent of the conversation before.
	want := map[string]FCRGroup{
		"agent-a": {Name: "agent-a", Identified: 2, Resolved: 2, Recontacted: 1},
		"agent-b": {Name: "agent-b", Identified: 2, Resolved: 1},
		"agent-d": {Name: "agent-d", Identified: 2, Resolved: 1},
		"agent-e": {Name: "agent-e", Identified: 3, Resolved: 3, Recontacted: 1},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("agents %+v, want %+v", got, want)
	}
	if len(st.Channels) != 1 || st.Channels[0].Identified != 9 || len(st.Teams) != 1 || st.Teams[0].Recontacted != 2 {
		t.Errorf("channels %+v teams %+v", st.Channels, st.Teams)
	}
}

func TestRecontactsIndependentOfOrder(t *testing.T) {
	want := recontactStats(plantedBatch(), DefaultRecontactWindow)
	rnd := rand.New(rand.NewSource(1))
	for i := 0; i < 20; i++ {
		batch := plantedBatch()
		rnd.Shuffle(len(batch), func(i, j int) { batch[i], batch[j] = batch[j], batch[i] })
		if got := recontactStats(batch, DefaultRecontactWindow); !reflect.DeepEqual(got, want) {
			t.Fatalf("order %d: %+v, want %+v", i, got, want)
		}
	}
}

func TestRecontactsWithoutStartNotCounted(t *testing.T) {
	r := conv("a1", "ann@example.com", 0, true)
	r.Start = time.Time{}
	st := recontactStats([]*scoring.Result{r, conv("a2", "ann@example.com", 1, true)}, DefaultRecontactWindow)
	if st.NoStart != 1 || st.Identified != 1 || len(st.Recontacts) != 0 {
		t.Errorf("no start %d, identified %d, re-contacts %v", st.NoStart, st.Identified, pairs(st))
	}
}

func TestRecontactsSameStartIsNotARecontact(t *testing.T) {
	st := recontactStats([]*scoring.Result{conv("a1", "ann@example.com", 0, true), conv("a2", "ann@example.com", 0, true)}, DefaultRecontactWindow)
	if len(st.Recontacts) != 0 {
		t.Errorf("re-contacts %v of one export listed twice", pairs(st))
	}
}

func TestRecontactsWindowInclusive(t *testing.T) {
	st := recontactStats([]*scoring.Result{conv("a1", "ann@example.com", 0, true), conv("a2", "ann@example.com", 7, true)}, DefaultRecontactWindow)
	if got := pairs(st); !reflect.DeepEqual(got, []string{"a1>a2"}) {
		t.Errorf("re-contacts %v, want a1>a2 exactly 7 days later", got)
	}
}

func TestRecontactsBounded(t *testing.T) {
	var batch []*scoring.Result
	for i := range RecontactsKept + 5 {
		c := fmt.Sprintf("c%d@example.com", i)
		batch = append(batch, conv(fmt.Sprintf("x%05d", i), c, 0, true), conv(fmt.Sprintf("y%05d", i), c, 1, true))
	}
	st := recontactStats(batch, DefaultRecontactWindow)
	if len(st.Recontacts) != RecontactsKept || !st.Truncated || st.Recontacted != RecontactsKept+5 {
		t.Errorf("listed %d, truncated %v, recontacted %d", len(st.Recontacts), st.Truncated, st.Recontacted)
	}
	var text strings.Builder
	writeFCRText(func(f string, a ...any) { fmt.Fprintf(&text, f, a...) }, st)
	if want := fmt.Sprintf("(%d more; --summary json lists the first %d)\n", RecontactsKept+5-shownRecontacts, RecontactsKept); !strings.Contains(text.String(), want) {
		t.Errorf("text lacks %q:\n%s", want, text.String())
	}
}

func TestCustomerIdentity(t *testing.T) {
	tests := []struct {
		name     string
		customer string
		meta     map[string]string
		want     string
	}{
		{"e-mail, case and blanks ignored", "  Ann@Example.com ", nil, "ann@example.com"},
		{"phone number as its digits", "+1 (555) 010-7788", nil, "tel:15550107788"},
		{"platform id", "43000", nil, "43000"},
		{"plain name is not guessed", "Ann Smith", nil, ""},
		{"one-word name is not guessed", "Ann", nil, ""},
		{"none", "", nil, ""},
		{"redaction pseudonym", "customer 3f2a9c0d", nil, "customer 3f2a9c0d"},
		{"customer id in metadata first", "ann@example.com", map[string]string{"customer_id": "C-9"}, "c-9"},
		{"requester id in metadata", "Ann Smith", map[string]string{"requester_id": "100"}, "100"},
		{"masked metadata is not an identity", "Ann Smith", map[string]string{"contact_email": "xxx@xxxxxxx.xxx"}, ""},
		{"Amazon Connect contact id names the call", "", map[string]string{"contact_id": "abc-123", "platform": "contact-lens"}, ""},
		{"too short for a phone, no id", "12 34", nil, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := &scoring.Result{Customer: tt.customer, Meta: tt.meta}
			if got := CustomerIdentity(r); got != tt.want {
				t.Errorf("identity %q, want %q", got, tt.want)
			}
		})
	}
}

func TestResolved(t *testing.T) {
	tests := []struct {
		name string
		r    scoring.Result
		want bool
	}{
		{"criterion passed", *conv("a", "", 0, true), true},
		{"criterion failed", *conv("a", "", 0, false), false},
		{"status solved", scoring.Result{Meta: map[string]string{"status": " Solved"}}, true},
		{"status open", scoring.Result{Meta: map[string]string{"status": "open"}}, false},
		{"nothing known", scoring.Result{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Resolved(&tt.r); got != tt.want {
				t.Errorf("resolved %v, want %v", got, tt.want)
			}
		})
	}
}

func TestParseRecontactWindow(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr string
	}{
		{"7d", 7 * 24 * time.Hour, ""},
		{"36h", 36 * time.Hour, ""},
		{"90m", 90 * time.Minute, ""},
		{"0d", 0, "longer than zero"},
		{"-1h", 0, "longer than zero"},
		{"1.5d", 0, "whole number"},
		{"99999d", 0, "up to 3650"},
		{"week", 0, "such as 7d"},
		{"", 0, "such as 7d"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseRecontactWindow(tt.in)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("error %v, want one saying %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("%v, %v; want %v", got, err, tt.want)
			}
		})
	}
}

func TestFCRInSummaries(t *testing.T) {
	s := NewSummary(RunInfo{})
	for _, r := range plantedBatch() {
		s.Add(r)
	}
	s.FCR = recontactStats(plantedBatch(), DefaultRecontactWindow)
	var text bytes.Buffer
	if err := WriteText(&text, s, nil, false, 1); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"all\t55.6%\t9\t7\t2\n", "a1\tagent-a\ta2\t2d 0h\n", "2 conversations without a customer identity not counted"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("text summary lacks %q:\n%s", want, text.String())
		}
	}
	var js bytes.Buffer
	if err := WriteJSON(&js, s, nil); err != nil {
		t.Fatal(err)
	}
	var got struct {
		FCR fcrJSON `json:"fcr"`
	}
	if err := json.Unmarshal(js.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if f := got.FCR; f.FCR == nil || *f.FCR != 55.6 || f.NoIdentity != 2 || len(f.Recontacts) != 2 || f.Recontacts[1].NextID != "e2" ||
		f.Recontacts[1].AfterHours != 48 || f.Window != "7d" {
		t.Errorf("fcr %+v", f)
	}
}

func FuzzParseRecontactWindow(f *testing.F) {
	for _, s := range []string{"7d", "36h", "0d", "-3d", "9223372036854775807d", "1h30m"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseRecontactWindow(s)
		if err == nil && d <= 0 {
			t.Errorf("%q gave %v without an error", s, d)
		}
		if err != nil && !strings.HasPrefix(err.Error(), "--recontact-window ") {
			t.Errorf("error %q does not name the flag", err)
		}
	})
}

func FuzzCustomerIdentity(f *testing.F) {
	for _, s := range []string{"ann@example.com", "+44 20 7946 0018", "Ann Smith", "customer 3f2a9c0d", "xxx@xxx.xx", "43000"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		id := CustomerIdentity(&scoring.Result{Customer: s})
		if id != "" && id != CustomerIdentity(&scoring.Result{Customer: strings.ToUpper(s) + " "}) && strings.ToLower(strings.ToUpper(s)) == strings.ToLower(s) {
			t.Errorf("%q: identity %q changes with case or blanks", s, id)
		}
	})
}

// BenchmarkRecontacts is a batch of 100k conversations from 40k customers
// over a month: the cost of the figures, kept apart from scoring.
func BenchmarkRecontacts(b *testing.B) {
	rnd := rand.New(rand.NewSource(1))
	batch := make([]*scoring.Result, 100_000)
	for i := range batch {
		batch[i] = conv(fmt.Sprintf("c%06d", i), fmt.Sprintf("cust%d@example.com", rnd.Intn(40_000)), rnd.Float64()*30, rnd.Intn(3) > 0)
	}
	b.ReportAllocs()
	for b.Loop() {
		st := recontactStats(batch, DefaultRecontactWindow)
		if st.Identified != len(batch) {
			b.Fatalf("identified %d", st.Identified)
		}
	}
}
