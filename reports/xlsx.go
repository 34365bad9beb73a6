package reports

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/iqa-cli/iqa/scoring"
)

// Excel's own limits, handled on purpose.
const (
	excelMaxRows     = 1048576
	excelMaxCellText = 32767
	excelMaxSheetLen = 31
)

// XLSX writes an Excel workbook: Summary, Conversations (one row per
// conversation), Criteria (one row per conversation and criterion), Agents
// and Rejected. The two long sheets are streamed, so memory stays flat; a
// sheet that reaches Excel's row limit continues on a numbered sheet, and
// Summary says so.
type XLSX struct {
	out      io.Writer
	f        *excelize.File
	styles   xlsxStyles
	convs    *pagedSheet
	crits    *pagedSheet
	criteria []string // criterion ids, from the first result
	names    []string
	// maxRows is Excel's row limit; tests lower it to see continuation.
	maxRows int
	// MinConversations is how many conversations an agent needs to be
	// ranked on the Agents sheet; 0 means MinRankedConversations.
	MinConversations int
	// cutCells counts the cells cut at Excel's limit, for the Summary's
	// note.
	cutCells int
}

type xlsxStyles struct {
	header, date, score, percent, wrap int
}

// pagedSheet streams rows into a sheet and continues on "Name (2)" when the
// sheet is full.
type pagedSheet struct {
	f       *excelize.File
	base    string
	header  []any
	widths  []float64
	style   int
	sheets  []string
	sw      *excelize.StreamWriter
	row     int
	maxRows int
	// onNew is called for each new sheet before it is streamed: settings
	// such as conditional formats must be in place before Flush.
	onNew func(sheet string) error
	// direct sheets have their rows written by sheetRows instead of the
	// StreamWriter, which writes only the header row (see sheetRows).
	direct bool
	rows   *sheetRows   // the current sheet's, when direct
	parts  []*sheetRows // every sheet's, when direct
}

// NewXLSX writes a workbook to w when closed.
func NewXLSX(w io.Writer) (*XLSX, error) {
	f := excelize.NewFile()
	x := &XLSX{out: w, f: f, maxRows: excelMaxRows}
	var err error
	if x.styles.header, err = f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"DDE4EE"}}}); err != nil {
		return nil, err
	}
	dateFmt := "yyyy-mm-dd hh:mm"
	if x.styles.date, err = f.NewStyle(&excelize.Style{CustomNumFmt: &dateFmt}); err != nil {
		return nil, err
	}
	scoreFmt := "0.0"
	if x.styles.score, err = f.NewStyle(&excelize.Style{CustomNumFmt: &scoreFmt}); err != nil {
		return nil, err
	}
	if x.styles.percent, err = f.NewStyle(&excelize.Style{NumFmt: 10}); err != nil {
		return nil, err
	}
	if x.styles.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", "Summary"); err != nil {
		return nil, err
	}
	return x, nil
}

// xlsxFixedColumns head the Conversations sheet; the criteria follow.
// status is pass, fail or unanswered (no agent or bot replied); predicted
// CSAT is blank for results that carry none.
var xlsxFixedColumns = []any{"id", "channel", "agent", "team", "start", "messages", "duration (s)", "score", "passed", "critical failure", "status", "predicted CSAT"}

func (x *XLSX) start(r *scoring.Result) error {
	header := append([]any{}, xlsxFixedColumns...)
	widths := []float64{18, 9, 18, 12, 17, 10, 12, 8, 8, 10, 11, 10}
	seen := map[string]bool{}
	for _, h := range header {
		seen[h.(string)] = true
	}
	for _, cr := range r.Criteria {
		x.criteria = append(x.criteria, cr.ID)
		// A table's headers must be unique; names may repeat, ids do not.
		name := cr.Name
		if name == "" || seen[name] {
			name = cr.ID
		}
		seen[name] = true
		x.names = append(x.names, name)
		header = append(header, name)
		widths = append(widths, 12)
	}
	x.convs = &pagedSheet{f: x.f, base: "Conversations", header: header, widths: widths, style: x.styles.header, maxRows: x.maxRows,
		onNew: x.colourScores}
	x.crits = &pagedSheet{f: x.f, base: "Criteria", header: []any{"conversation", "agent", "criterion", "score", "status", "reason", "evidence"},
		widths: []float64{18, 18, 18, 8, 8, 50, 80}, style: x.styles.header, maxRows: x.maxRows, direct: true}
	return nil
}

// Write implements Writer.
func (x *XLSX) Write(r *scoring.Result) error {
	if x.convs == nil {
		if err := x.start(r); err != nil {
			return err
		}
	}
	row := []any{x.cellText(r.ID), r.Channel, x.cellText(r.Agent), x.cellText(r.Team), x.timeCell(r.Start), r.Messages,
		r.DurationSeconds, excelize.Cell{StyleID: x.styles.score, Value: r.Score}, r.Passed, r.CriticalFailure, StatusOf(r), nil}
	if r.PredictedCSAT != nil {
		row[len(xlsxFixedColumns)-1] = excelize.Cell{StyleID: x.styles.score, Value: *r.PredictedCSAT}
	}
	for _, id := range x.criteria {
		cr := r.Criterion(id)
		if cr == nil || cr.Status == scoring.NotApplicable {
			row = append(row, nil)
			continue
		}
		row = append(row, excelize.Cell{StyleID: x.styles.score, Value: cr.Score})
	}
	if err := x.convs.add(row); err != nil {
		return err
	}
	for _, cr := range r.Criteria {
		var ev []string
		for _, e := range cr.Evidence {
			ev = append(ev, DescribeEvidence(e))
		}
		w, row, err := x.crits.nextRow()
		if err != nil {
			return err
		}
		w.startRow(row)
		w.text("A", row, x.cellText(r.ID))
		w.text("B", row, x.cellText(r.Agent))
		w.text("C", row, cr.ID)
		if cr.Status != scoring.NotApplicable {
			w.number("D", row, x.styles.score, cr.Score)
		}
		w.text("E", row, string(cr.Status))
		w.text("F", row, x.cellText(cr.Reason))
		w.text("G", row, x.cellText(strings.Join(ev, "\n")))
		w.endRow()
	}
	return nil
}

func (x *XLSX) timeCell(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return excelize.Cell{StyleID: x.styles.date, Value: t.UTC()}
}

// cellText makes transcript-supplied text safe for a cell: characters XML
// cannot carry are removed, the text is cut to Excel's cell limit, and it
// is always written as a string, never as a formula.
func cellText(s string) string {
	s, _ = cutText(s)
	return s
}

// cutText is cellText, and whether the text was cut.
func cutText(s string) (string, bool) {
	s = xmlSafe(s)
	if len(s) <= excelMaxCellText {
		return s, false
	}
	cut := excelMaxCellText - len("…")
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…", true
}

// cutsText reports whether cellText would cut s.
func cutsText(s string) bool {
	if len(s) <= excelMaxCellText {
		return false
	}
	_, cut := cutText(s)
	return cut
}

// cellText is cellText, counting the cells cut for the Summary's note.
func (x *XLSX) cellText(s string) string {
	s, cut := cutText(s)
	if cut {
		x.cutCells++
	}
	return s
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func (p *pagedSheet) add(row []any) error {
	if p.sw == nil || p.row >= p.maxRows {
		if err := p.next(); err != nil {
			return err
		}
	}
	p.row++
	cell, _ := excelize.CoordinatesToCellName(1, p.row)
	return p.sw.SetRow(cell, row)
}

// nextRow makes room for a row on a direct sheet and returns the sheet's
// row writer and the row's number.
func (p *pagedSheet) nextRow() (*sheetRows, int, error) {
	if p.sw == nil || p.row >= p.maxRows {
		if err := p.next(); err != nil {
			return nil, 0, err
		}
	}
	p.row++
	return p.rows, p.row, nil
}

// next starts a sheet: the first, or a continuation.
func (p *pagedSheet) next() error {
	if p.sw != nil {
		if err := p.finishSheet(); err != nil {
			return err
		}
	}
	name := p.base
	if len(p.sheets) > 0 {
		name = fmt.Sprintf("%s (%d)", p.base, len(p.sheets)+1)
	}
	if len(name) > excelMaxSheetLen {
		name = name[:excelMaxSheetLen]
	}
	if _, err := p.f.NewSheet(name); err != nil {
		return err
	}
	sw, err := p.f.NewStreamWriter(name)
	if err != nil {
		return err
	}
	if p.onNew != nil {
		if err := p.onNew(name); err != nil {
			return err
		}
	}
	for i, w := range p.widths {
		if err := sw.SetColWidth(i+1, i+1, w); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	header := make([]any, len(p.header))
	for i, h := range p.header {
		header[i] = excelize.Cell{StyleID: p.style, Value: h}
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	if p.direct {
		path, err := sheetPath(p.f, name)
		if err != nil {
			return err
		}
		if p.rows, err = newSheetRows(path); err != nil {
			return err
		}
		p.parts = append(p.parts, p.rows)
	}
	p.sheets = append(p.sheets, name)
	p.sw, p.row = sw, 1
	return nil
}

// finishSheet makes the sheet's rows a table, which gives every column a
// filter button, and ends the stream.
func (p *pagedSheet) finishSheet() error {
	last, _ := excelize.CoordinatesToCellName(len(p.header), max(p.row, 2))
	table := &excelize.Table{Range: "A1:" + last, Name: fmt.Sprintf("%s%d", p.base, len(p.sheets)), StyleName: "TableStyleLight9"}
	if err := p.sw.AddTable(table); err != nil {
		return err
	}
	if p.rows != nil {
		if _, err := p.rows.finish(); err != nil {
			return err
		}
	}
	return p.sw.Flush()
}

// close flushes the last sheet.
func (p *pagedSheet) close() error {
	if p.sw == nil {
		if err := p.next(); err != nil {
			return err
		}
	}
	return p.finishSheet()
}

// Close implements Writer: it writes Summary, Agents and Rejected from the
// run's summary and the workbook to the output.
func (x *XLSX) Close(s *Summary) error {
	defer x.f.Close()
	if x.convs == nil {
		if err := x.start(&scoring.Result{}); err != nil {
			return err
		}
	}
	defer func() {
		for _, p := range x.crits.parts {
			p.remove()
		}
	}()
	if err := x.convs.close(); err != nil {
		return err
	}
	if err := x.crits.close(); err != nil {
		return err
	}
	if err := x.writeSummary(s); err != nil {
		return err
	}
	if err := x.writeAgents(s); err != nil {
		return err
	}
	if err := x.writeRejected(s); err != nil {
		return err
	}
	if err := x.writeSurveys(s.Surveys); err != nil {
		return err
	}
	// Fixed document times keep the file byte-identical from run to run;
	// with --stamp the run's time is used.
	when := "2000-01-01T00:00:00Z"
	if s.Run.When != "" {
		when = s.Run.When
	}
	if err := x.f.SetDocProps(&excelize.DocProperties{Creator: "iqa", Title: "iqa quality report", Created: when, Modified: when}); err != nil {
		return err
	}
	return writeCanonical(x.f, x.out, x.crits.parts)
}

// colourScores shades the overall and criterion score columns from red
// through yellow (70) to green.
func (x *XLSX) colourScores(sheet string) error {
	if err := x.colourScale(sheet, fmt.Sprintf("H2:H%d", excelMaxRows)); err != nil {
		return err
	}
	if len(x.criteria) == 0 {
		return nil
	}
	first, _ := excelize.ColumnNumberToName(len(xlsxFixedColumns) + 1)
	last, _ := excelize.ColumnNumberToName(len(x.convs.header))
	return x.colourScale(sheet, fmt.Sprintf("%s2:%s%d", first, last, excelMaxRows))
}

func (x *XLSX) colourScale(sheet, ref string) error {
	return x.f.SetConditionalFormat(sheet, ref, []excelize.ConditionalFormatOptions{{
		Type: "3_color_scale", Criteria: "=",
		MinType: "num", MinValue: "0", MinColor: "#F8696B",
		MidType: "num", MidValue: "70", MidColor: "#FFEB84",
		MaxType: "num", MaxValue: "100", MaxColor: "#63BE7B",
	}})
}

// sheetWriter writes rows one after another on a normal-mode sheet.
type sheetWriter struct {
	f     *excelize.File
	sheet string
	row   int
	err   error
}

func (w *sheetWriter) line(values ...any) int {
	w.row++
	if w.err == nil {
		cell, _ := excelize.CoordinatesToCellName(1, w.row)
		w.err = w.f.SetSheetRow(w.sheet, cell, &values)
	}
	return w.row
}

func (w *sheetWriter) style(fromCol, toCol, row, style int) {
	if w.err == nil {
		a, _ := excelize.CoordinatesToCellName(fromCol, row)
		b, _ := excelize.CoordinatesToCellName(toCol, row)
		w.err = w.f.SetCellStyle(w.sheet, a, b, style)
	}
}

func (w *sheetWriter) styleColumn(col, fromRow, toRow, style int) {
	if w.err == nil && toRow >= fromRow {
		a, _ := excelize.CoordinatesToCellName(col, fromRow)
		b, _ := excelize.CoordinatesToCellName(col, toRow)
		w.err = w.f.SetCellStyle(w.sheet, a, b, style)
	}
}

func (x *XLSX) writeSummary(s *Summary) error {
	w := &sheetWriter{f: x.f, sheet: "Summary"}
	w.style(1, 1, w.line("iqa quality report"), x.styles.header)
	w.line("inputs", x.cellText(strings.Join(s.Run.Inputs, ", ")))
	w.line("rubric", fmt.Sprintf("%s %s", s.Run.Rubric.Name, s.Run.Rubric.Version), "hash", s.Run.Rubric.Hash)
	if len(s.Run.Rubrics) > 1 {
		w.line("mixed rubrics", mixedRubrics(s.Run.Rubrics))
	}
	if s.Run.Filters != "" {
		w.line("filters", s.Run.Filters)
	}
	if s.Run.When != "" {
		w.line("when", s.Run.When)
	}
	w.line()
	w.line("conversations scored", s.Conversations)
	w.line("records rejected", s.Rejected)
	w.line("passed", s.Passed)
	w.styleColumn(2, w.line("pass rate", s.PassRate()), w.row, x.styles.percent)
	w.line("critical failures", s.CriticalFailures)
	w.line("unanswered", s.Unanswered)
	if s.Unanswered > 0 {
		w.line("unanswered ids", x.cellText(unansweredIDs(s)))
	}
	w.styleColumn(2, w.line("mean score", round1(s.Mean())), w.row, x.styles.score)
	w.styleColumn(2, w.line("median score", s.Median()), w.row, x.styles.score)
	var csatMean any // blank when no result carries a predicted CSAT
	if m, ok := s.CSAT.Mean(); ok {
		csatMean = round1(m)
	}
	w.styleColumn(2, w.line("mean predicted CSAT", csatMean), w.row, x.styles.score)
	w.line("with a predicted CSAT", s.CSAT.N)
	for _, note := range x.notes(s) {
		w.line("note", note)
	}

	w.line()
	critHeader := w.line("criterion", "name", "weight", "critical", "mean", "fail rate", "applied", "not applicable")
	w.style(1, 8, critHeader, x.styles.header)
	for _, c := range s.OrderedCriteria() {
		var mean, failRate any = round1(c.Mean()), c.FailRate()
		if c.Applicable == 0 {
			mean, failRate = nil, nil // applied to none: blank, not a 0 that sums and averages
		}
		w.line(c.ID, cellText(c.Name), c.Weight, c.Critical, mean, failRate, c.Applicable, c.NotApplicable)
	}
	critLast := w.row
	w.styleColumn(6, critHeader+1, critLast, x.styles.percent)

	w.line()
	w.style(1, 5, w.line("channel", "conversations", "mean", "pass rate", "critical failures"), x.styles.header)
	chanFirst := w.row + 1
	for _, g := range Sorted(s.Channels) {
		w.line(g.Name, g.Conversations, round1(g.Mean()), g.PassRate(), g.CriticalFailures)
	}
	w.styleColumn(4, chanFirst, w.row, x.styles.percent)

	w.line()
	distHeader := w.line("score band", "conversations")
	w.style(1, 2, distHeader, x.styles.header)
	for i, n := range s.Buckets() {
		hi := i*10 + 9
		if i == 9 {
			hi = 100
		}
		w.line(fmt.Sprintf("%d-%d", i*10, hi), n)
	}
	distLast := w.row

	w.line()
	w.style(1, 2, w.line("predicted CSAT", "conversations"), x.styles.header)
	for i, n := range s.CSAT.Buckets {
		w.line(fmt.Sprint(i+1), n)
	}
	if w.err != nil {
		return w.err
	}
	for col, width := range map[string]float64{"A": 22, "B": 28, "C": 10, "D": 14, "E": 10, "F": 10, "G": 10, "H": 14} {
		if err := x.f.SetColWidth("Summary", col, col, width); err != nil {
			return err
		}
	}
	if err := x.f.AddChart("Summary", "J2", &excelize.Chart{
		Type:   excelize.Col,
		Series: []excelize.ChartSeries{{Name: "Summary!$B$" + fmt.Sprint(distHeader), Categories: fmt.Sprintf("Summary!$A$%d:$A$%d", distHeader+1, distLast), Values: fmt.Sprintf("Summary!$B$%d:$B$%d", distHeader+1, distLast)}},
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Score distribution"}}},
		Legend: excelize.ChartLegend{Position: "none"},
		Format: excelize.GraphicOptions{OffsetX: 5, OffsetY: 5},
	}); err != nil {
		return err
	}
	if critLast > critHeader {
		if err := x.f.AddChart("Summary", "J20", &excelize.Chart{
			Type:   excelize.Bar,
			Series: []excelize.ChartSeries{{Name: "Summary!$E$" + fmt.Sprint(critHeader), Categories: fmt.Sprintf("Summary!$A$%d:$A$%d", critHeader+1, critLast), Values: fmt.Sprintf("Summary!$E$%d:$E$%d", critHeader+1, critLast)}},
			Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: "Mean score by criterion"}}},
			Legend: excelize.ChartLegend{Position: "none"},
			XAxis:  excelize.ChartAxis{ReverseOrder: true},
			YAxis:  excelize.ChartAxis{Minimum: ptr(0.0), Maximum: ptr(100.0)},
		}); err != nil {
			return err
		}
	}
	return nil
}

func ptr[T any](v T) *T { return &v }

// unansweredIDs lists the unanswered conversations' ids, saying when the
// summary kept only the first of them.
func unansweredIDs(s *Summary) string {
	list := strings.Join(s.UnansweredIDs, ", ")
	if more := s.Unanswered - len(s.UnansweredIDs); more > 0 {
		list += fmt.Sprintf(" and %d more", more)
	}
	return list
}

// notes say on Summary what the workbook had to bound.
func (x *XLSX) notes(s *Summary) []string {
	var notes []string
	for _, p := range []*pagedSheet{x.convs, x.crits} {
		if len(p.sheets) > 1 {
			notes = append(notes, fmt.Sprintf("%s has more rows than one Excel sheet holds (%d); it continues on %s", p.base, p.maxRows, strings.Join(p.sheets[1:], ", ")))
		}
	}
	if s.RejectsTruncated {
		notes = append(notes, fmt.Sprintf("Rejected lists the first %d of %d rejected records", len(s.Rejects), s.Rejected))
	}
	// The Agents and Rejected sheets are written after this one: their long
	// cells are counted here.
	cut := x.cutCells
	for name := range s.Agents {
		cut += boolInt(cutsText(name))
	}
	for _, r := range s.Rejects {
		cut += boolInt(cutsText(r.File)) + boolInt(cutsText(r.Reason))
	}
	switch {
	case cut == 1:
		notes = append(notes, fmt.Sprintf("1 cell longer than Excel's limit of %d characters is cut, ending in …; the JSON results (--json) hold the whole text", excelMaxCellText))
	case cut > 1:
		notes = append(notes, fmt.Sprintf("%d cells longer than Excel's limit of %d characters are cut, ending in …; the JSON results (--json) hold the whole text", cut, excelMaxCellText))
	}
	return notes
}

func (x *XLSX) writeAgents(s *Summary) error {
	sheet := "Agents"
	if _, err := x.f.NewSheet(sheet); err != nil {
		return err
	}
	sw, err := x.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	min := minConversations(x.MinConversations)
	header := []any{fmt.Sprintf("rank (%d+ conversations)", min), "agent", "conversations", "mean score", "pass rate", "critical failures", "unanswered", "mean predicted CSAT"}
	for _, name := range x.names {
		header = append(header, name)
	}
	for i, h := range header {
		header[i] = excelize.Cell{StyleID: x.styles.header, Value: h}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetColWidth(2, 2, 22); err != nil {
		return err
	}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	// Best first, rank 1; then the agents with too few conversations to
	// rank, as on the coaching pages.
	var judged, tooFew []*GroupStats
	ranked := s.RankedAgents()
	for i := len(ranked) - 1; i >= 0; i-- {
		if a := ranked[i]; a.Conversations >= min {
			judged = append(judged, a)
		} else {
			tooFew = append(tooFew, a)
		}
	}
	for i, a := range append(judged, tooFew...) {
		var rank any = i + 1
		if i >= len(judged) {
			rank = fmt.Sprintf("– (fewer than %d)", min)
		}
		row := []any{rank, cellText(a.Name), a.Conversations, excelize.Cell{StyleID: x.styles.score, Value: round1(a.Mean())},
			excelize.Cell{StyleID: x.styles.percent, Value: a.PassRate()}, a.CriticalFailures, a.Unanswered, nil}
		if m, ok := a.CSAT.Mean(); ok {
			row[len(row)-1] = excelize.Cell{StyleID: x.styles.score, Value: round1(m)}
		}
		for _, id := range x.criteria {
			if m, ok := a.CriterionMean(id); ok {
				row = append(row, excelize.Cell{StyleID: x.styles.score, Value: round1(m)})
			} else {
				row = append(row, nil)
			}
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, row); err != nil {
			return err
		}
	}
	return sw.Flush()
}

func (x *XLSX) writeRejected(s *Summary) error {
	sheet := "Rejected"
	if _, err := x.f.NewSheet(sheet); err != nil {
		return err
	}
	sw, err := x.f.NewStreamWriter(sheet)
	if err != nil {
		return err
	}
	if err := sw.SetColWidth(1, 1, 40); err != nil {
		return err
	}
	if err := sw.SetColWidth(3, 3, 90); err != nil {
		return err
	}
	header := []any{excelize.Cell{StyleID: x.styles.header, Value: "file"}, excelize.Cell{StyleID: x.styles.header, Value: "line"}, excelize.Cell{StyleID: x.styles.header, Value: "reason"}}
	if err := sw.SetRow("A1", header); err != nil {
		return err
	}
	for i, r := range s.Rejects {
		if i+2 > excelMaxRows {
			break
		}
		var where any = r.Line
		if r.Line == 0 {
			where = fmt.Sprintf("record %d", r.Record)
		}
		cell, _ := excelize.CoordinatesToCellName(1, i+2)
		if err := sw.SetRow(cell, []any{cellText(r.File), where, cellText(r.Reason)}); err != nil {
			return err
		}
	}
	return sw.Flush()
}

// sheetPath is the zip part of a sheet: excelize names a sheet's part by
// its sheet id.
func sheetPath(f *excelize.File, name string) (string, error) {
	for id, n := range f.GetSheetMap() {
		if n == name {
			return fmt.Sprintf("xl/worksheets/sheet%d.xml", id), nil
		}
	}
	return "", fmt.Errorf("xlsx: no sheet %q", name)
}

// discard removes the spooled Criteria rows and excelize's stream files.
func (x *XLSX) discard() {
	if x.crits != nil {
		for _, p := range x.crits.parts {
			p.remove()
		}
	}
	x.f.Close()
}
