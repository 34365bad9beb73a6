package survey

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// headRows parses up to n records from the start of a CSV, for detection;
// a malformed start gives what parsed before it.
func headRows(data []byte, n int) [][]string {
	data = bytes.TrimPrefix(data, bom)
	cr := csv.NewReader(bytes.NewReader(data[:min(len(data), 64<<10)]))
	cr.FieldsPerRecord = -1
	cr.LazyQuotes = true
	var rows [][]string
	for len(rows) < n {
		rec, err := cr.Read()
		if err != nil {
			break
		}
		rows = append(rows, rec)
	}
	return rows
}

// isImportIDRow is Qualtrics' third header row: {"ImportId":"QID1"} cells.
func isImportIDRow(rec []string) bool {
	return len(rec) > 0 && strings.HasPrefix(strings.TrimSpace(rec[0]), `{"ImportId"`)
}

var legacyV = regexp.MustCompile(`^V[0-9]+$`)

// isLegacyQualtrics is the older two-row layout: V1, V2... ids over
// ResponseID, ResponseSet... names.
func isLegacyQualtrics(first, second []string) bool {
	return len(first) > 1 && legacyV.MatchString(strings.TrimSpace(first[0])) &&
		legacyV.MatchString(strings.TrimSpace(first[1])) && strings.EqualFold(strings.TrimSpace(second[0]), "ResponseID")
}

// isSurveyMonkeyCSV is SurveyMonkey's export: "Respondent ID" first, and
// a second header row of "Response" / "Open-Ended Response" / choice texts.
func isSurveyMonkeyCSV(first, second []string) bool {
	if len(first) == 0 || strings.TrimSpace(first[0]) != "Respondent ID" {
		return false
	}
	for _, c := range second {
		if c = strings.TrimSpace(c); c == "Response" || c == "Open-Ended Response" {
			return true
		}
	}
	return false
}

// Limits on one CSV survey export.
const (
	maxColumns = 10_000
	maxRows    = 1_000_000
)

// Qualtrics' own fields: metadata, never questions. Legacy exports name
// them in the second row, current ones in the first.
var qualtricsMeta = map[string]bool{
	"startdate": true, "enddate": true, "status": true, "ipaddress": true, "progress": true,
	"durationinseconds": true, "finished": true, "recordeddate": true, "responseid": true,
	"responseset": true, "name": true, "recipientlastname": true, "recipientfirstname": true,
	"recipientemail": true, "externalreference": true, "externaldatareference": true, "emailaddress": true,
	"locationlatitude": true, "locationlongitude": true, "locationaccuracy": true,
	"distributionchannel": true, "userlanguage": true,
}

// SurveyMonkey's own fields in the first header row.
var smMeta = map[string]bool{
	"respondentid": true, "collectorid": true, "startdate": true, "enddate": true, "ipaddress": true,
	"emailaddress": true, "firstname": true, "lastname": true,
}

// readCSV reads a SurveyMonkey or Qualtrics CSV export of kind.
func readCSV(f File, kind string) (*table, error) {
	cr := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(f.Data, bom)))
	cr.FieldsPerRecord = -1
	headers := map[string]int{FormatQualtrics: 3, FormatQualtricsLegacy: 2, FormatSMCSV: 2}[kind]
	var head [][]string
	for len(head) < headers {
		rec, err := cr.Read()
		if err != nil {
			return nil, csvErr(f.Name, err)
		}
		head = append(head, rec)
	}
	width := len(head[0])
	for width > 0 && strings.TrimSpace(head[0][width-1]) == "" && strings.TrimSpace(cell(row{cells: head[1]}, width-1)) == "" {
		width-- // the legacy layout's trailing commas
	}
	if width > maxColumns {
		return nil, fmt.Errorf("%s:1: more than %d columns; not a survey export", f.Name, maxColumns)
	}
	t := &table{file: f.Name}
	// SurveyMonkey: the first column of each question's group of columns
	// (group[i], -1 for a column of its own) and the question's heading.
	var group []int
	var heading []string
	for i := range width {
		top := strings.TrimSpace(head[0][i])
		sub := strings.TrimSpace(cell(row{cells: head[1]}, i))
		var c column
		switch kind {
		case FormatQualtrics:
			c.names = []string{top, sub}
			c.id = norm(top) == "responseid"
			if !qualtricsMeta[norm(top)] && !isEmbedded(head[2], i) && !strings.HasSuffix(top, "_NPS_GROUP") {
				c.question = sub
			}
		case FormatQualtricsLegacy:
			c.names = []string{sub, top}
			c.id = norm(sub) == "responseid"
			if !qualtricsMeta[norm(sub)] && strings.HasPrefix(top, "Q") && !strings.HasSuffix(top, "_NPS_GROUP") {
				c.question = sub
			}
		case FormatSMCSV:
			c.id = norm(top) == "respondentid"
			group = append(group, -1)
			if top == "" && len(t.cols) > 0 && t.cols[i-1].question != "" {
				// A question's further columns: their heading is the first's.
				head := i - 1
				if group[head] >= 0 {
					head = group[head]
				}
				group[i], group[head] = head, head
				c.question = heading[head] + " / " + sub
				heading = append(heading, heading[head])
				break
			}
			c.names = []string{top}
			heading = append(heading, top)
			if !smMeta[norm(top)] && sub != "" {
				c.question = top
				if sub != "Response" && sub != "Open-Ended Response" && sub != "" {
					c.question = top + " / " + sub
				}
			}
		}
		t.cols = append(t.cols, c)
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvErr(f.Name, err)
		}
		line, _ := cr.FieldPos(0)
		if len(rec) == 1 && strings.TrimSpace(rec[0]) == "" {
			continue
		}
		if len(t.rows) >= maxRows {
			return nil, fmt.Errorf("%s:%d: more than %d responses; split the export", f.Name, line, maxRows)
		}
		t.rows = append(t.rows, row{line: line, cells: rec})
	}
	if kind == FormatSMCSV {
		t.collapseChoiceGroups(group, heading, head[1])
	}
	return t, nil
}

// collapseChoiceGroups makes one column of each question that the
// "expanded" SurveyMonkey export spreads over one column per choice: each
// cell is empty or holds its column's choice text, and at most one is
// filled a row. The answer is the filled choice, valued by its text or its
// position (choiceValues). Groups of another shape (a matrix's rows) stay
// as they are.
func (t *table) collapseChoiceGroups(group []int, heading []string, subs []string) {
	var cols []column
	var from [][]int
	for i := range t.cols {
		switch {
		case group[i] < 0:
			cols, from = append(cols, t.cols[i]), append(from, []int{i})
		case group[i] == i:
			var members []int
			for j := i; j < len(group) && group[j] == i; j++ {
				members = append(members, j)
			}
			if !t.isChoiceGroup(members, subs) {
				for _, j := range members {
					cols, from = append(cols, t.cols[j]), append(from, []int{j})
				}
				continue
			}
			choices := make([]smChoice, len(members))
			for k, j := range members {
				text := strings.TrimSpace(cell(row{cells: subs}, j))
				choices[k] = smChoice{ID: text, Text: text, Position: k + 1}
			}
			c := column{names: t.cols[i].names, question: heading[i]}
			c.choices, c.scale = choiceValues(choices)
			cols, from = append(cols, c), append(from, members)
		}
	}
	if len(cols) == len(t.cols) {
		return
	}
	for r := range t.rows {
		cells := make([]string, len(cols))
		for k, members := range from {
			for _, j := range members {
				if v := strings.TrimSpace(cell(t.rows[r], j)); v != "" {
					cells[k] = v
					break
				}
			}
		}
		t.rows[r].cells = cells
	}
	t.cols = cols
}

// isChoiceGroup: more than one column, each holding nothing or its own
// sub-header, and no row filling two.
func (t *table) isChoiceGroup(members []int, subs []string) bool {
	if len(members) < 2 {
		return false
	}
	for _, r := range t.rows {
		filled := 0
		for _, j := range members {
			v := strings.TrimSpace(cell(r, j))
			if v == "" {
				continue
			}
			if v != strings.TrimSpace(cell(row{cells: subs}, j)) {
				return false
			}
			filled++
		}
		if filled > 1 {
			return false
		}
	}
	return true
}

// isEmbedded is a Qualtrics embedded-data column: its ImportId is its own
// name rather than a question id (QID...).
func isEmbedded(importRow []string, i int) bool {
	c := strings.TrimSpace(cell(row{cells: importRow}, i))
	return c != "" && !strings.Contains(c, `"QID`)
}

func csvErr(name string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return fmt.Errorf("%s:%d: %v", name, pe.Line, pe.Err)
	}
	if err == io.EOF {
		return fmt.Errorf("%s: ends inside its header rows; export the whole survey", name)
	}
	return fmt.Errorf("%s: %v", name, err)
}
