package calibrate

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"
)

// A Grade is one grader's judgement of one conversation, on the file's
// own scale (see Scale): an overall score and, optionally, scores for
// criteria named by their rubric id.
type Grade struct {
	ID     string
	Grader string
	// Overall is NaN when the row gives criteria only.
	Overall  float64
	Criteria map[string]float64
	Line     int
}

// A Scale is the range the graders scored on; pass/fail is 0 to 1.
type Scale struct {
	Min, Max float64
	PassFail bool
}

// Percent puts v on iqa's 0-100 scale; multiplying before dividing keeps
// whole grades whole (57 on 0-100 stays 57), so ties stay ties.
func (s Scale) Percent(v float64) float64 { return (v - s.Min) * 100 / (s.Max - s.Min) }

// FromPercent puts a 0-100 score on this scale, rounded to its nearest
// whole step when the scale is of whole numbers.
func (s Scale) FromPercent(p float64) float64 {
	v := s.Min + p/100*(s.Max-s.Min)
	if s.Max-s.Min >= 1 {
		v = math.Round(v)
	}
	return math.Max(s.Min, math.Min(s.Max, v))
}

func (s Scale) String() string {
	if s.PassFail {
		return "pass/fail"
	}
	return fmt.Sprintf("%g-%g", s.Min, s.Max)
}

// ParseScale reads "1-5", "0-100" or "pass/fail".
func ParseScale(text string) (Scale, error) {
	if t := strings.ToLower(strings.TrimSpace(text)); t == "pass/fail" || t == "passfail" {
		return Scale{Min: 0, Max: 1, PassFail: true}, nil
	}
	lo, hi, ok := strings.Cut(text, "-")
	a, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
	b, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
	if !ok || err1 != nil || err2 != nil || !(a < b) || math.IsInf(b-a, 0) {
		return Scale{}, fmt.Errorf("scale %q: give MIN-MAX, like 1-5 or 0-100, or pass/fail", text)
	}
	return Scale{Min: a, Max: b}, nil
}

// Grades are the rows of one grades file.
type Grades struct {
	File   string
	Rows   []Grade
	Scale  Scale // of the overall scores
	Ignore []string
	ids    map[string]bool
}

// ReadOptions say what a grades file may hold.
type ReadOptions struct {
	// Criteria are the rubric's criterion ids: columns (or JSON keys) of
	// those names are per-criterion grades.
	Criteria []string
	// Grader names the grader when the file has no grader column (a CSAT
	// survey: "survey").
	Grader string
	// Scale, when set, is the graders' scale; otherwise it is inferred.
	Scale *Scale
}

// Limits on what a grades file may hold, so a wrong file fails fast.
const (
	maxLine = 1 << 20
	maxRows = 1_000_000
)

// The column (or key) names of the three fixed fields, compared in lower
// case with spaces, dashes and dots as underscores.
var (
	idNames     = []string{"conversation_id", "id", "conversation", "ticket_id", "ticket", "chat_id", "case_id"}
	graderNames = []string{"grader", "rater", "reviewer", "evaluator", "graded_by", "qa"}
	scoreNames  = []string{"score", "overall", "grade", "rating", "csat", "result", "pass"}
)

func normName(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '.' {
			return '_'
		}
		return r
	}, s)
}

// ReadGrades reads a CSV (comma, semicolon or tab) or JSON Lines grades
// file: conversation id, grader, overall score and any per-criterion
// columns. A bad row stops the read with an error that names name:line.
func ReadGrades(name string, r io.Reader, opts ReadOptions) (*Grades, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4096)
	head = bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(head)) == 0 {
		return nil, fmt.Errorf("%s: empty; give a CSV with a header row, or JSON Lines", name)
	}
	var g *Grades
	var err error
	if bytes.TrimLeft(head, " \t\r\n")[0] == '{' {
		g, err = readJSONL(name, br, opts)
	} else {
		g, err = readCSV(name, br, opts)
	}
	if err != nil {
		return nil, err
	}
	if len(g.Rows) == 0 {
		return nil, fmt.Errorf("%s: no grades in it", name)
	}
	return g, g.settle(opts)
}

// raw is a row before its values are read as numbers or pass/fail.
type raw struct {
	line           int
	id, grader     string
	overall        string
	criteria       map[string]string
	overallPresent bool
}

type builder struct {
	name  string
	opts  ReadOptions
	g     *Grades
	rows  []raw
	seen  map[[2]string]int
	crits map[string]bool
}

func newBuilder(name string, opts ReadOptions) *builder {
	b := &builder{name: name, opts: opts, g: &Grades{File: name}, seen: map[[2]string]int{}, crits: map[string]bool{}}
	for _, c := range opts.Criteria {
		b.crits[c] = true
	}
	return b
}

func (b *builder) add(r raw) error {
	if len(b.rows) >= maxRows {
		return fmt.Errorf("%s:%d: more than %d grades; split the file", b.name, r.line, maxRows)
	}
	if !utf8.ValidString(r.id) || !utf8.ValidString(r.grader) {
		return fmt.Errorf("%s:%d: not UTF-8; save the file as UTF-8", b.name, r.line)
	}
	if r.id == "" {
		return fmt.Errorf("%s:%d: no conversation id", b.name, r.line)
	}
	if r.grader == "" {
		r.grader = b.opts.Grader
		if r.grader == "" {
			r.grader = "grader"
		}
	}
	key := [2]string{r.id, r.grader}
	if first, dup := b.seen[key]; dup {
		return fmt.Errorf("%s:%d: %q graded twice by %q (first at line %d); keep one", b.name, r.line, r.id, r.grader, first)
	}
	b.seen[key] = r.line
	if strings.TrimSpace(r.overall) == "" && len(r.criteria) == 0 {
		return fmt.Errorf("%s:%d: %q has no score", b.name, r.line, r.id)
	}
	b.rows = append(b.rows, r)
	return nil
}

func readCSV(name string, br *bufio.Reader, opts ReadOptions) (*Grades, error) {
	first, _ := br.Peek(4096)
	first = bytes.TrimPrefix(first, []byte("\xef\xbb\xbf"))
	if i := bytes.IndexByte(first, '\n'); i >= 0 {
		first = first[:i]
	}
	if bom, _ := br.Peek(3); string(bom) == "\xef\xbb\xbf" {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.Comma = ','
	for _, d := range []rune{';', '\t'} {
		if bytes.Count(first, []byte(string(d))) > bytes.Count(first, []byte(string(cr.Comma))) {
			cr.Comma = d
		}
	}
	cr.FieldsPerRecord = -1
	cr.ReuseRecord = false
	header, err := cr.Read()
	if err != nil {
		return nil, csvError(name, err)
	}
	b := newBuilder(name, opts)
	idCol, graderCol, scoreCol := -1, -1, -1
	critCol := map[int]string{}
	for i, h := range header {
		n := normName(h)
		switch {
		case idCol < 0 && slices.Contains(idNames, n):
			idCol = i
		case graderCol < 0 && slices.Contains(graderNames, n):
			graderCol = i
		case b.crits[strings.TrimSpace(h)]:
			critCol[i] = strings.TrimSpace(h)
		case scoreCol < 0 && slices.Contains(scoreNames, n):
			scoreCol = i
		default:
			b.g.Ignore = append(b.g.Ignore, h)
		}
	}
	if idCol < 0 {
		return nil, fmt.Errorf("%s:1: no conversation id column; name one %s", name, strings.Join(idNames[:2], " or "))
	}
	if scoreCol < 0 && len(critCol) == 0 {
		return nil, fmt.Errorf("%s:1: no score column; name one %s, or a column by criterion id", name, strings.Join(scoreNames[:3], ", "))
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		cell := func(i int) string {
			if i < 0 || i >= len(rec) {
				return ""
			}
			return strings.TrimSpace(rec[i])
		}
		r := raw{line: line, id: cell(idCol), grader: cell(graderCol), overall: cell(scoreCol), criteria: map[string]string{}}
		for i, c := range critCol {
			if v := cell(i); v != "" {
				r.criteria[c] = v
			}
		}
		if err := b.add(r); err != nil {
			return nil, err
		}
	}
	return b.finish()
}

func csvError(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", name, pe.Line, pe.Err)
	}
	return fmt.Errorf("%s: %v", name, err)
}

func readJSONL(name string, br *bufio.Reader, opts ReadOptions) (*Grades, error) {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 64<<10), maxLine)
	b := newBuilder(name, opts)
	line := 0
	for sc.Scan() {
		line++
		text := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			text = bytes.TrimPrefix(text, []byte("\xef\xbb\xbf"))
		}
		if len(text) == 0 {
			continue
		}
		var obj map[string]any
		d := json.NewDecoder(bytes.NewReader(text))
		d.UseNumber()
		if err := d.Decode(&obj); err != nil || d.More() {
			return nil, fmt.Errorf("%s:%d: not a JSON object on one line", name, line)
		}
		r := raw{line: line, criteria: map[string]string{}}
		keys := make([]string, 0, len(obj))
		for k := range obj {
			keys = append(keys, k)
		}
		slices.Sort(keys) // which of two id keys wins is the same on every run
		for _, k := range keys {
			v := obj[k]
			n := normName(k)
			switch {
			case slices.Contains(idNames, n) && r.id == "":
				r.id = jsonText(v)
			case slices.Contains(graderNames, n) && r.grader == "":
				r.grader = jsonText(v)
			case k == "criteria":
				m, ok := v.(map[string]any)
				if !ok {
					return nil, fmt.Errorf("%s:%d: \"criteria\" is not an object of criterion id to score", name, line)
				}
				for c, cv := range m {
					if b.crits[c] {
						r.criteria[c] = jsonText(cv)
					} else if !slices.Contains(b.g.Ignore, "criteria."+c) {
						b.g.Ignore = append(b.g.Ignore, "criteria."+c)
					}
				}
			case b.crits[k]:
				r.criteria[k] = jsonText(v)
			case slices.Contains(scoreNames, n) && r.overall == "":
				r.overall = jsonText(v)
			default:
				if !slices.Contains(b.g.Ignore, k) {
					b.g.Ignore = append(b.g.Ignore, k)
				}
			}
		}
		if err := b.add(r); err != nil {
			return nil, err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return nil, fmt.Errorf("%s:%d: line longer than %d bytes", name, line+1, maxLine)
		}
		return nil, fmt.Errorf("%s: %v", name, err)
	}
	slices.Sort(b.g.Ignore)
	return b.finish()
}

func jsonText(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case nil:
		return ""
	}
	return fmt.Sprint(v) // an object or list: reported as a bad value
}

// finish reads every value as a number or pass/fail.
func (b *builder) finish() (*Grades, error) {
	for _, r := range b.rows {
		g := Grade{ID: r.id, Grader: r.grader, Overall: math.NaN(), Line: r.line}
		if r.overall != "" {
			v, err := value(r.overall)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: score %v", b.name, r.line, err)
			}
			g.Overall = v
		}
		if len(r.criteria) > 0 {
			g.Criteria = map[string]float64{}
			for c, text := range r.criteria {
				v, err := value(text)
				if err != nil {
					return nil, fmt.Errorf("%s:%d: column %q: %v", b.name, r.line, c, err)
				}
				g.Criteria[c] = v
			}
		}
		b.g.Rows = append(b.g.Rows, g)
	}
	return b.g, nil
}

// value reads a number, or pass/fail words as 1 and 0.
func value(text string) (float64, error) {
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "pass", "passed", "yes", "y", "true", "ok", "good":
		return 1, nil
	case "fail", "failed", "no", "n", "false", "bad":
		return 0, nil
	}
	v, err := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(text), "%"), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) {
		if len(text) > 40 {
			text = text[:40] + "…"
		}
		return 0, fmt.Errorf("%q is not a number or pass/fail", text)
	}
	return v, nil
}

// settle finds the overall scale (or checks the one given) and checks every
// score is on it.
func (g *Grades) settle(opts ReadOptions) error {
	var vals []float64
	for _, r := range g.Rows {
		if !math.IsNaN(r.Overall) {
			vals = append(vals, r.Overall)
		}
	}
	if opts.Scale != nil {
		g.Scale = *opts.Scale
	} else if len(vals) > 0 {
		s, err := inferScale(vals)
		if err != nil {
			return fmt.Errorf("%s: %v", g.File, err)
		}
		g.Scale = s
	} else {
		g.Scale = Scale{Min: 0, Max: 100}
	}
	for _, r := range g.Rows {
		if !math.IsNaN(r.Overall) && (r.Overall < g.Scale.Min || r.Overall > g.Scale.Max) {
			return fmt.Errorf("%s:%d: score %g is outside the scale %s; give --scale MIN-MAX", g.File, r.Line, r.Overall, g.Scale)
		}
	}
	return nil
}

// inferScale picks the smallest usual scale that holds every score.
func inferScale(vals []float64) (Scale, error) {
	lo, hi := slices.Min(vals), slices.Max(vals)
	binary := true
	for _, v := range vals {
		binary = binary && (v == 0 || v == 1)
	}
	if binary {
		return Scale{Min: 0, Max: 1, PassFail: true}, nil
	}
	for _, s := range []Scale{{Min: 0, Max: 1}, {Min: 1, Max: 5}, {Min: 0, Max: 5}, {Min: 1, Max: 10}, {Min: 0, Max: 10}, {Min: 0, Max: 100}} {
		if lo >= s.Min && hi <= s.Max {
			return s, nil
		}
	}
	return Scale{}, fmt.Errorf("scores run from %g to %g, on no usual scale; give --scale MIN-MAX", lo, hi)
}

// Has reports whether the file grades conversation id; a caller streaming
// results keeps only those, so memory follows the grades, not the corpus.
func (g *Grades) Has(id string) bool {
	if g.ids == nil {
		g.ids = map[string]bool{}
		for _, r := range g.Rows {
			g.ids[r.ID] = true
		}
	}
	return g.ids[id]
}

// CriterionScale is the scale of one criterion's grades, inferred like the
// overall one (pass/fail, 1-5, 0-100...).
func (g *Grades) CriterionScale(id string) (Scale, bool) {
	var vals []float64
	for _, r := range g.Rows {
		if v, ok := r.Criteria[id]; ok {
			vals = append(vals, v)
		}
	}
	if len(vals) == 0 {
		return Scale{}, false
	}
	s, err := inferScale(vals)
	if err != nil {
		return Scale{Min: slices.Min(vals), Max: math.Max(slices.Max(vals), slices.Min(vals)+1)}, true
	}
	return s, true
}

// NewGrades holds grades made elsewhere, such as survey responses joined
// to results, on a scale the caller knows.
func NewGrades(file string, rows []Grade, scale Scale) *Grades {
	return &Grades{File: file, Rows: rows, Scale: scale}
}
