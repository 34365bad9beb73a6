package survey

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// A Response is one customer's answers, reduced to what iqa compares: the
// value that joins it to a conversation and its ratings.
type Response struct {
	File string
	Line int
	// ID is the survey tool's own response id, when it has one.
	ID string
	// Key is the join value (a ticket id, an e-mail address); empty when
	// the response has none.
	Key string
	// CSAT is the satisfaction rating put on a 1-5 scale; nil when the
	// question was not answered.
	CSAT *float64
	// NPS is the 0-10 likelihood to recommend; nil when not answered.
	NPS *int
}

// NPSGroup is "promoter" (9-10), "passive" (7-8) or "detractor" (0-6).
func NPSGroup(v int) string {
	switch {
	case v >= 9:
		return "promoter"
	case v >= 7:
		return "passive"
	}
	return "detractor"
}

// KeyKind tells how a join key is compared: ids exactly, e-mail addresses
// without regard to case.
type KeyKind int

const (
	KeyID KeyKind = iota
	KeyEmail
)

// A Set is every response read from one or more survey files.
type Set struct {
	Sources   []Source
	Responses []Response
	// KeyKind is how every file's key compares.
	KeyKind KeyKind
}

// A Source is one survey file as read: its format, the column its key was
// read from, and the questions its ratings came from (CSATScale is the
// scale CSAT was answered on, such as "1-5" or "1-7"; "" when it has no
// CSAT question).
type Source struct {
	File         string `json:"file"`
	Format       string `json:"format"`
	KeyColumn    string `json:"key_column"`
	CSATQuestion string `json:"csat_question,omitempty"`
	CSATScale    string `json:"csat_scale,omitempty"`
	NPSQuestion  string `json:"nps_question,omitempty"`
}

// HasCSAT reports whether any file asks a CSAT question.
func (s *Set) HasCSAT() bool {
	return slices.ContainsFunc(s.Sources, func(x Source) bool { return x.CSATQuestion != "" })
}

// Source is the file a response came from.
func (s *Set) Source(file string) Source {
	if i := slices.IndexFunc(s.Sources, func(x Source) bool { return x.File == file }); i >= 0 {
		return s.Sources[i]
	}
	return Source{File: file}
}

// Files are the survey files read, in the order given.
func (s *Set) Files() []string {
	var names []string
	for _, x := range s.Sources {
		names = append(names, x.File)
	}
	return names
}

// Options say how to read survey files.
type Options struct {
	// Key names the survey column that joins a response to a conversation
	// (a column id or its header text); found by name when empty.
	Key string
	// Question names the CSAT or NPS question (its column id or part of its
	// text); found by its text ("satisf", "recommend", "likely") when empty.
	Question string
}

// A File is one survey export, read whole (surveys are small).
type File struct {
	Name string
	Data []byte
}

// MaxFileSize bounds one survey file, so that a wrong file fails fast.
const MaxFileSize = 256 << 20

// ReadFile reads one named input up to MaxFileSize.
func ReadFile(name string, r io.Reader) (File, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileSize+1))
	if err != nil {
		return File{}, fmt.Errorf("%s: %v", name, err)
	}
	if len(data) > MaxFileSize {
		return File{}, fmt.Errorf("%s: larger than %d MiB; split the survey export", name, MaxFileSize>>20)
	}
	return File{Name: name, Data: data}, nil
}

// Kind names the survey format a file holds, from its content, or "".
func Kind(data []byte) string {
	data = bytes.TrimPrefix(data, bom)
	t := bytes.TrimLeft(data, " \t\r\n")
	if len(t) > 0 && (t[0] == '{' || t[0] == '[') {
		return jsonKind(t)
	}
	rows := headRows(data, 3)
	switch {
	case len(rows) >= 3 && isImportIDRow(rows[2]):
		return FormatQualtrics
	case len(rows) >= 2 && isLegacyQualtrics(rows[0], rows[1]):
		return FormatQualtricsLegacy
	case len(rows) >= 2 && isSurveyMonkeyCSV(rows[0], rows[1]):
		return FormatSMCSV
	}
	return ""
}

// The formats Kind names.
const (
	FormatSMJSON          = "surveymonkey-json"
	FormatSMDetails       = "surveymonkey-details"
	FormatSMCSV           = "surveymonkey-csv"
	FormatQualtrics       = "qualtrics-csv"
	FormatQualtricsLegacy = "qualtrics-legacy-csv"
)

var bom = []byte("\xef\xbb\xbf")

// Read reads every file, pairing SurveyMonkey responses with the survey
// details file that decodes their choice ids. An error names file:line.
func Read(files []File, opts Options) (*Set, error) {
	set := &Set{}
	var details []*smDetails
	var bulk []File
	var tables []*table
	for _, f := range files {
		if !utf8.Valid(f.Data) {
			return nil, fmt.Errorf("%s: not UTF-8; export the survey as UTF-8", f.Name)
		}
		kind := Kind(f.Data)
		switch kind {
		case FormatSMDetails:
			d, err := readDetails(f)
			if err != nil {
				return nil, err
			}
			details = append(details, d)
			continue
		case FormatSMJSON:
			bulk = append(bulk, f)
		case FormatQualtrics, FormatQualtricsLegacy, FormatSMCSV:
			t, err := readCSV(f, kind)
			if err != nil {
				return nil, err
			}
			tables = append(tables, t)
		default:
			return nil, fmt.Errorf("%s:1: not a survey export iqa reads; give a SurveyMonkey responses JSON (with its survey details file) or CSV, or a Qualtrics CSV", f.Name)
		}
		set.Sources = append(set.Sources, Source{File: f.Name, Format: kind})
	}
	for _, f := range bulk {
		t, err := readBulk(f, details)
		if err != nil {
			return nil, err
		}
		tables = append(tables, t)
	}
	if len(tables) == 0 {
		return nil, errors.New("no survey responses given: a survey details file only decodes a responses file; give both")
	}
	// Tables were gathered CSV first, then JSON; files keep the order given.
	order := set.Files()
	slices.SortStableFunc(tables, func(a, b *table) int { return slices.Index(order, a.file) - slices.Index(order, b.file) })
	for i, t := range tables {
		if err := t.responses(set, &set.Sources[i], opts); err != nil {
			return nil, err
		}
	}
	return set, nil
}

// A table is a survey export as columns and rows, whatever its format.
type table struct {
	file string
	cols []column
	rows []row
}

// A column is a metadata field or a question. Names are what a user or
// the key search may call it (column id, header text); Question is the
// question's text, empty for metadata.
type column struct {
	names    []string
	question string
	// choices decode choice texts or ids to their value, and scale is the
	// question's range when the export says it (a details file).
	choices map[string]float64
	scale   *[2]float64
	// id marks the response id column.
	id bool
}

type row struct {
	line  int
	cells []string
}

func (c *column) name() string {
	for _, n := range c.names {
		if n != "" {
			return n
		}
	}
	return c.question
}

// norm is a name in lower case with only its letters and digits.
func norm(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToLower(r)
		}
		return -1
	}, s)
}

// keyNames are the join columns looked for, best first: the part of a
// normalised name each must contain.
var keyNames = []struct {
	part string
	kind KeyKind
}{
	{"ticket", KeyID}, {"conversation", KeyID}, {"caseid", KeyID}, {"casenumber", KeyID},
	{"chatid", KeyID}, {"externalref", KeyID}, {"externaldatareference", KeyID}, {"email", KeyEmail},
}

func (t *table) findKey(named string) (int, KeyKind, error) {
	if named != "" {
		want := norm(named)
		for i, c := range t.cols {
			for _, n := range append(slices.Clone(c.names), c.question) {
				if n != "" && (n == named || norm(n) == want) {
					kind := KeyID
					if strings.Contains(want, "email") {
						kind = KeyEmail
					}
					return i, kind, nil
				}
			}
		}
		return -1, 0, fmt.Errorf("%s: --survey-key: no column %q; columns are %s", t.file, named, t.columnList(false))
	}
	// The first column by name that holds a value: exports carry columns
	// such as Qualtrics' ExternalReference whether they are used or not.
	first, firstKind := -1, KeyID
	for _, k := range keyNames {
		for i, c := range t.cols {
			if c.question != "" && len(c.names) == 0 {
				continue
			}
			if !slices.ContainsFunc(c.names, func(n string) bool { return strings.Contains(norm(n), k.part) }) {
				continue
			}
			if t.used(i) {
				return i, k.kind, nil
			}
			if first < 0 {
				first, firstKind = i, k.kind
			}
		}
	}
	if first >= 0 {
		return first, firstKind, nil
	}
	return -1, 0, fmt.Errorf("%s: no column joins a response to a conversation (ticket, conversation, case id or e-mail); name one with --survey-key FIELD=COLUMN", t.file)
}

// used reports whether any response has a value in column i.
func (t *table) used(i int) bool {
	return slices.ContainsFunc(t.rows, func(r row) bool { return strings.TrimSpace(cell(r, i)) != "" })
}

// columnList names the columns for an error message, questions or not.
func (t *table) columnList(questions bool) string {
	var names []string
	for _, c := range t.cols {
		switch {
		case (c.question != "") != questions:
		case questions && c.name() != c.question:
			names = append(names, fmt.Sprintf("%s (%q)", c.name(), short(c.question)))
		default:
			names = append(names, strconv.Quote(c.name()))
		}
	}
	if len(names) > 12 {
		names = append(names[:12], "...")
	}
	if len(names) == 0 {
		return "none"
	}
	return strings.Join(names, ", ")
}

// findQuestions finds the CSAT and the NPS question (-1 when absent).
func (t *table) findQuestions(named string) (csat, nps int, err error) {
	csat, nps = -1, -1
	if named != "" {
		want := strings.ToLower(named)
		for i, c := range t.cols {
			if c.question == "" {
				continue
			}
			if slices.Contains(c.names, named) || strings.Contains(strings.ToLower(c.question), want) {
				if isNPSText(c.question) {
					return -1, i, nil
				}
				return i, -1, nil
			}
		}
		return -1, -1, fmt.Errorf("%s: --survey-question: no question %q; questions are %s", t.file, named, t.columnList(true))
	}
	for i, c := range t.cols {
		q := strings.ToLower(c.question)
		switch {
		case q == "":
		case nps < 0 && isNPSText(q):
			nps = i
		case csat < 0 && strings.Contains(q, "satisf"):
			csat = i
		}
	}
	if csat < 0 && nps < 0 {
		return -1, -1, fmt.Errorf("%s: no CSAT or NPS question (none says \"satisf\", \"recommend\" or \"likely\"); name one with --survey-question; questions are %s", t.file, t.columnList(true))
	}
	return csat, nps, nil
}

func isNPSText(q string) bool {
	q = strings.ToLower(q)
	return strings.Contains(q, "recommend") || strings.Contains(q, "likely")
}

// responses turns the table's rows into responses on set.
func (t *table) responses(set *Set, src *Source, opts Options) error {
	key, kind, err := t.findKey(opts.Key)
	if err != nil {
		return err
	}
	csat, nps, err := t.findQuestions(opts.Question)
	if err != nil {
		return err
	}
	idCol := slices.IndexFunc(t.cols, func(c column) bool { return c.id })
	var scale [2]float64
	if csat >= 0 {
		if scale, err = t.csatScale(csat); err != nil {
			return err
		}
	}
	if len(set.Responses) > 0 && kind != set.KeyKind {
		return fmt.Errorf("%s: joins on %s, and %s on %s; read them in separate runs, or name one column for both with --survey-key", t.file, kindName(kind), set.Sources[0].File, kindName(set.KeyKind))
	}
	set.KeyKind = kind
	src.KeyColumn = t.cols[key].name()
	if csat >= 0 {
		src.CSATQuestion, src.CSATScale = t.cols[csat].question, fmt.Sprintf("%g-%g", scale[0], scale[1])
	}
	if nps >= 0 {
		src.NPSQuestion = t.cols[nps].question
	}
	for _, r := range t.rows {
		resp := Response{File: t.file, Line: r.line, Key: strings.TrimSpace(cell(r, key))}
		if kind == KeyEmail {
			resp.Key = strings.ToLower(resp.Key)
		}
		if idCol >= 0 {
			resp.ID = strings.TrimSpace(cell(r, idCol))
		}
		if csat >= 0 {
			v, ok, err := t.cols[csat].value(cell(r, csat))
			if err != nil {
				return fmt.Errorf("%s:%d: %q: %v", t.file, r.line, short(t.cols[csat].question), err)
			}
			if ok {
				if v < scale[0] || v > scale[1] {
					return fmt.Errorf("%s:%d: %q: %g is outside the scale %g-%g", t.file, r.line, short(t.cols[csat].question), v, scale[0], scale[1])
				}
				n := 1 + (v-scale[0])*4/(scale[1]-scale[0])
				n = math.Round(n*100) / 100
				resp.CSAT = &n
			}
		}
		if nps >= 0 {
			v, ok, err := t.cols[nps].value(cell(r, nps))
			if err != nil {
				return fmt.Errorf("%s:%d: %q: %v", t.file, r.line, short(t.cols[nps].question), err)
			}
			if ok {
				if v < 0 || v > 10 || v != math.Trunc(v) {
					return fmt.Errorf("%s:%d: %q: %g is not a 0-10 likelihood to recommend", t.file, r.line, short(t.cols[nps].question), v)
				}
				n := int(v)
				resp.NPS = &n
			}
		}
		set.Responses = append(set.Responses, resp)
	}
	return nil
}

func kindName(k KeyKind) string {
	if k == KeyEmail {
		return "an e-mail address"
	}
	return "an id"
}

func cell(r row, i int) string {
	if i < 0 || i >= len(r.cells) {
		return ""
	}
	return r.cells[i]
}

func short(q string) string {
	if utf8.RuneCountInString(q) > 60 {
		return string([]rune(q)[:60]) + "…"
	}
	return q
}

// csatScale is the CSAT question's range: the export's own when it says
// it, otherwise the smallest usual scale that holds every answer.
func (t *table) csatScale(i int) ([2]float64, error) {
	c := &t.cols[i]
	if c.scale != nil {
		return *c.scale, nil
	}
	lo, hi, any := math.Inf(1), math.Inf(-1), false
	labels := false
	for _, r := range t.rows {
		text := strings.TrimSpace(cell(r, i))
		v, ok, err := c.value(text)
		if err != nil || !ok {
			continue
		}
		if _, num := leadingNumber(text); !num {
			labels = true
		}
		lo, hi, any = math.Min(lo, v), math.Max(hi, v), true
	}
	if !any || (labels && hi <= 5 && lo >= 1) {
		return [2]float64{1, 5}, nil
	}
	for _, s := range [][2]float64{{1, 5}, {0, 5}, {1, 7}, {0, 7}, {1, 10}, {0, 10}} {
		if lo >= s[0] && hi <= s[1] {
			return s, nil
		}
	}
	return [2]float64{}, fmt.Errorf("%s: %q: answers run from %g to %g, on no usual CSAT scale (1-5, 1-7, 0-10); name another question with --survey-question", t.file, short(c.question), lo, hi)
}

// value reads one answer: a number ("4", "4 - Satisfied"), a choice the
// export decodes, or a usual label ("Very satisfied", "Extremely likely").
// ok is false for no answer.
func (c *column) value(text string) (float64, bool, error) {
	text = strings.TrimSpace(text)
	if text == "" || text == "-99" { // Qualtrics writes -99 for "seen, not answered"
		return 0, false, nil
	}
	if v, ok := c.choices[text]; ok {
		return v, true, nil
	}
	if v, ok := leadingNumber(text); ok {
		return v, true, nil
	}
	if v, ok := labelValues[strings.ToLower(text)]; ok {
		return v, true, nil
	}
	return 0, false, fmt.Errorf("cannot read %q as a rating; export answers as numbers (values) rather than choice text", short(text))
}

// leadingNumber reads "4", "4.5" or "10 - Extremely likely".
func leadingNumber(text string) (float64, bool) {
	end := strings.IndexFunc(text, func(r rune) bool { return !(r >= '0' && r <= '9' || r == '.') })
	if end == 0 {
		return 0, false
	}
	if end < 0 {
		end = len(text)
	} else if rest := strings.TrimSpace(text[end:]); rest != "" && !strings.HasPrefix(rest, "-") && !strings.HasPrefix(rest, "=") && !strings.HasPrefix(rest, "(") {
		return 0, false
	}
	v, err := strconv.ParseFloat(text[:end], 64)
	if err != nil || math.IsInf(v, 0) {
		return 0, false
	}
	return v, true
}

// labelValues are the usual answer labels of satisfaction scales (on 1-5)
// and the anchors of the 0-10 recommend scale.
var labelValues = map[string]float64{
	"very dissatisfied": 1, "extremely dissatisfied": 1, "dissatisfied": 2, "somewhat dissatisfied": 2,
	"neither satisfied nor dissatisfied": 3, "neutral": 3, "satisfied": 4, "somewhat satisfied": 4,
	"very satisfied": 5, "extremely satisfied": 5,
	"not at all likely": 0, "extremely likely": 10,
}
