package survey

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
)

// smDetails is the survey details file (GET /surveys/{id}/details): the
// questions' headings and the choices their answers' ids stand for.
type smDetails struct {
	file  string
	ID    string `json:"id"`
	Title string `json:"title"`
	Pages []struct {
		Questions []smQuestion `json:"questions"`
	} `json:"pages"`
}

type smQuestion struct {
	ID       string `json:"id"`
	Family   string `json:"family"`
	Headings []struct {
		Heading string `json:"heading"`
	} `json:"headings"`
	Answers struct {
		Choices []smChoice `json:"choices"`
		Rows    []smChoice `json:"rows"`
	} `json:"answers"`
}

type smChoice struct {
	ID       string   `json:"id"`
	Text     string   `json:"text"`
	Position int      `json:"position"`
	Weight   *float64 `json:"weight"`
}

// jsonKind tells a details file (an object with "pages" of questions)
// from bulk responses (an object with a "data" list, or a list of them),
// by the first JSON value's top-level keys.
func jsonKind(t []byte) string {
	var top json.RawMessage
	if err := json.NewDecoder(bytes.NewReader(t)).Decode(&top); err != nil {
		// Broken JSON that looks like one of them is read as it, so that
		// the reader names the line where it breaks.
		switch {
		case bytes.Contains(t, []byte(`"data"`)) && bytes.Contains(t, []byte(`"pages"`)) && bytes.Contains(t, []byte(`"survey_id"`)):
			return FormatSMJSON
		case bytes.Contains(t, []byte(`"headings"`)) && bytes.Contains(t, []byte(`"questions"`)):
			return FormatSMDetails
		}
		return ""
	}
	if t[0] == '[' {
		var list []json.RawMessage
		if json.Unmarshal(top, &list) != nil || len(list) == 0 {
			return ""
		}
		top = list[0]
	}
	var keys map[string]json.RawMessage
	if json.Unmarshal(top, &keys) != nil {
		return ""
	}
	_, pages := keys["pages"]
	if _, one := keys["survey_id"]; one && pages {
		return FormatSMJSON // one response (GET /responses/{id}/details)
	}
	if data, ok := keys["data"]; ok {
		// A page of responses: a list of objects with survey_id or pages
		// (an empty page is one too, when it says its page and total).
		var list []map[string]json.RawMessage
		if json.Unmarshal(data, &list) != nil {
			return ""
		}
		_, paged := keys["per_page"]
		if len(list) == 0 && paged {
			return FormatSMJSON
		}
		if len(list) > 0 {
			_, sid := list[0]["survey_id"]
			_, pg := list[0]["pages"]
			if sid || pg {
				return FormatSMJSON
			}
		}
		return ""
	}
	if pages && t[0] == '{' && bytes.Contains(t, []byte(`"questions"`)) {
		return FormatSMDetails
	}
	return ""
}

// smBulk is the bulk responses file (GET /surveys/{id}/responses/bulk),
// or several such pages concatenated or in a list.
type smBulk struct {
	Data []smResponse `json:"data"`
}

type smResponse struct {
	ID              string            `json:"id"`
	SurveyID        string            `json:"survey_id"`
	EmailAddress    string            `json:"email_address"`
	CustomValue     string            `json:"custom_value"`
	CustomVariables map[string]string `json:"custom_variables"`
	Metadata        struct {
		Contact map[string]struct {
			Value string `json:"value"`
		} `json:"contact"`
	} `json:"metadata"`
	Pages []struct {
		Questions []struct {
			ID      string `json:"id"`
			Answers []struct {
				ChoiceID string `json:"choice_id"`
				RowID    string `json:"row_id"`
				Text     string `json:"text"`
			} `json:"answers"`
		} `json:"questions"`
	} `json:"pages"`
}

func readDetails(f File) (*smDetails, error) {
	d := &smDetails{file: f.Name}
	if err := json.Unmarshal(bytes.TrimPrefix(f.Data, bom), d); err != nil {
		return nil, jsonErr(f, err)
	}
	return d, nil
}

// jsonErr names the line of a JSON syntax or type error.
func jsonErr(f File, err error) error {
	off := int64(-1)
	switch e := err.(type) {
	case *json.SyntaxError:
		off = e.Offset
	case *json.UnmarshalTypeError:
		off = e.Offset
	}
	if off < 0 {
		return fmt.Errorf("%s:1: %v", f.Name, err)
	}
	return fmt.Errorf("%s:%d: %v", f.Name, lineAt(f.Data, off), err)
}

func lineAt(data []byte, off int64) int {
	off = min(max(off, 0), int64(len(data)))
	return 1 + bytes.Count(data[:off], []byte("\n"))
}

// readBulk reads SurveyMonkey bulk responses, decoding their choice ids
// through the details file of their survey.
func readBulk(f File, details []*smDetails) (*table, error) {
	data := bytes.TrimPrefix(f.Data, bom)
	dec := json.NewDecoder(bytes.NewReader(data))
	type located struct {
		r    smResponse
		line int
	}
	var all []located
	for {
		start := dec.InputOffset()
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			if errors.Is(err, io.EOF) {
				break
			}
			return nil, jsonErr(f, err)
		}
		var pages []smBulk
		if bytes.HasPrefix(bytes.TrimSpace(raw), []byte("[")) {
			if err := json.Unmarshal(raw, &pages); err != nil {
				return nil, locateIn(f, start, raw, err)
			}
		} else {
			var p smBulk
			if err := json.Unmarshal(raw, &p); err != nil {
				return nil, locateIn(f, start, raw, err)
			}
			if p.Data == nil { // one response, not a page of them
				var one smResponse
				if err := json.Unmarshal(raw, &one); err != nil {
					return nil, locateIn(f, start, raw, err)
				}
				p.Data = []smResponse{one}
			}
			pages = []smBulk{p}
		}
		// Each response's line is where its id appears, in order.
		from := start
		for _, p := range pages {
			for _, r := range p.Data {
				line := lineAt(data, from)
				if i := bytes.Index(data[from:], []byte(strconv.Quote(r.ID))); r.ID != "" && i >= 0 {
					line = lineAt(data, from+int64(i))
					from += int64(i) + 1
				}
				all = append(all, located{r, line})
			}
		}
	}
	if len(all) == 0 {
		return nil, fmt.Errorf("%s:1: no responses in its \"data\"", f.Name)
	}
	var d *smDetails
	for _, x := range details {
		if x.ID == all[0].r.SurveyID || (len(details) == 1 && x.ID == "") {
			d = x
		}
	}
	if d == nil {
		return nil, fmt.Errorf("%s:%d: responses of survey %q and no details file of it; give the survey details (GET /surveys/%s/details) with --surveys too", f.Name, all[0].line, all[0].r.SurveyID, all[0].r.SurveyID)
	}
	t := &table{file: f.Name}
	t.cols = []column{{names: []string{"id", "response_id"}, id: true}, {names: []string{"email_address"}}, {names: []string{"custom_value"}}}
	fixed := len(t.cols)
	// Custom variables and contact fields, by name, in sorted order.
	var vars []string
	for _, x := range all {
		for k := range x.r.CustomVariables {
			if !slices.Contains(vars, k) {
				vars = append(vars, k)
			}
		}
		for k := range x.r.Metadata.Contact {
			if !slices.Contains(vars, "contact."+k) {
				vars = append(vars, "contact."+k)
			}
		}
	}
	slices.Sort(vars)
	for _, v := range vars {
		t.cols = append(t.cols, column{names: []string{v, strings.TrimPrefix(v, "contact.")}})
	}
	qcol := map[string]int{}
	for _, p := range d.Pages {
		for _, q := range p.Questions {
			var heading string
			if len(q.Headings) > 0 {
				heading = q.Headings[0].Heading
			}
			c := column{names: []string{q.ID}, question: heading}
			c.choices, c.scale = choiceValues(q.Answers.Choices)
			qcol[q.ID] = len(t.cols)
			t.cols = append(t.cols, c)
		}
	}
	for _, x := range all {
		r := x.r
		cells := make([]string, len(t.cols))
		cells[0], cells[1], cells[2] = r.ID, r.EmailAddress, r.CustomValue
		for i, v := range vars {
			if name, ok := strings.CutPrefix(v, "contact."); ok {
				cells[fixed+i] = r.Metadata.Contact[name].Value
			} else {
				cells[fixed+i] = r.CustomVariables[v]
			}
		}
		for _, p := range r.Pages {
			for _, q := range p.Questions {
				i, ok := qcol[q.ID]
				if !ok || len(q.Answers) == 0 {
					continue
				}
				a := q.Answers[0]
				if a.ChoiceID != "" {
					if _, known := t.cols[i].choices[a.ChoiceID]; !known {
						return nil, fmt.Errorf("%s:%d: response %s: choice %s of question %s is not in the details file %s; give the details of the same survey", f.Name, x.line, r.ID, a.ChoiceID, q.ID, d.file)
					}
					cells[i] = a.ChoiceID
				} else {
					cells[i] = a.Text
				}
			}
		}
		t.rows = append(t.rows, row{line: x.line, cells: cells})
	}
	return t, nil
}

// locateIn turns an error inside one JSON value into one at its line.
func locateIn(f File, start int64, raw json.RawMessage, err error) error {
	if e, ok := err.(*json.UnmarshalTypeError); ok {
		return fmt.Errorf("%s:%d: %v", f.Name, lineAt(f.Data, start+e.Offset), err)
	}
	return fmt.Errorf("%s:%d: %v", f.Name, lineAt(f.Data, start), err)
}

// choiceValues gives each choice id its value and the question's scale:
// the number a choice's text starts with ("0" to "10"); else a usual
// label's ("Very satisfied" 5, on 1-5); else the choice's weight when
// every choice has one; else its position, best last (a list that starts
// with a satisfied or excellent choice is counted from the other end).
func choiceValues(choices []smChoice) (map[string]float64, *[2]float64) {
	vals := map[string]float64{}
	if len(choices) == 0 {
		return vals, nil
	}
	numeric, labelled, weighted := true, true, true
	for _, ch := range choices {
		text := strings.TrimSpace(ch.Text)
		_, isNum := leadingNumber(text)
		_, isLabel := labelValues[strings.ToLower(text)]
		numeric, labelled, weighted = numeric && isNum, labelled && isLabel, weighted && ch.Weight != nil
	}
	first := strings.ToLower(choices[0].Text)
	reversed := (strings.Contains(first, "satisf") && !strings.Contains(first, "dissatisf")) ||
		strings.Contains(first, "excellent") || strings.Contains(first, "very good")
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, ch := range choices {
		text := strings.TrimSpace(ch.Text)
		var v float64
		switch {
		case numeric:
			v, _ = leadingNumber(text)
		case labelled:
			v = labelValues[strings.ToLower(text)]
		case weighted:
			v = *ch.Weight
		default:
			pos := i + 1
			if ch.Position > 0 {
				pos = ch.Position
			}
			v = float64(pos)
			if reversed {
				v = float64(len(choices) + 1 - pos)
			}
		}
		vals[ch.ID] = v
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	switch {
	case labelled:
		return vals, &[2]float64{1, 5}
	case hi > lo:
		return vals, &[2]float64{lo, hi}
	}
	return vals, nil
}
