package reports

import (
	"archive/zip"
	"bytes"
	"hash/crc32"
	"io"
	"math"
	"regexp"
	"strconv"
	"testing"

	"github.com/xuri/excelize/v2"
)

// TestSheetRowsWritesCellsAsExcelize compares the Criteria sheet's own row
// writer with excelize's StreamWriter, byte for byte, on text that needs
// escaping, whitespace preserving and Excel's _xHHHH_ protection.
func TestSheetRowsWritesCellsAsExcelize(t *testing.T) {
	texts := []string{"", "plain", " lead", "trail\n", "\ttab", "a\r\nb", `<&>"'`, "_x0041_ and _x005F_x0041_ and _x00zz_ _x005F_",
		"caf\u00e9 \U0001F600", "bad \xff byte", "ctl \x01 \uFFFE", "=SUM(A1)", "line\nbreak"}
	numbers := []float64{0, 87.5, 100, 1.0 / 3, math.NaN(), math.Inf(1)}

	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		t.Fatal(err)
	}
	own := &sheetRows{}
	for i, s := range texts {
		row := i + 2
		num := numbers[i%len(numbers)]
		if err := sw.SetRow("A"+strconv.Itoa(row), []any{s, excelize.Cell{StyleID: 3, Value: num}}); err != nil {
			t.Fatal(err)
		}
		own.startRow(row)
		own.text("A", row, s)
		own.number("B", row, 3, num)
		own.buf = append(own.buf, `</row>`...)
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := f.Write(&out); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(out.Bytes()), int64(out.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var sheet []byte
	for _, zf := range zr.File {
		if zf.Name == "xl/worksheets/sheet1.xml" {
			r, _ := zf.Open()
			sheet, _ = io.ReadAll(r)
			r.Close()
		}
	}
	rows := regexp.MustCompile(`(?s)<row r="2".*</row>`).Find(sheet)
	if string(rows) != string(own.buf) {
		t.Errorf("rows differ:\nexcelize: %s\nown:      %s", rows, own.buf)
	}
}

func TestCRC32Combine(t *testing.T) {
	a, b := []byte("the first part, "), bytes.Repeat([]byte("and the second "), 1000)
	want := crc32.ChecksumIEEE(append(append([]byte(nil), a...), b...))
	if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))); got != want {
		t.Errorf("crc32Combine = %08x, want %08x", got, want)
	}
	if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(nil), 0); got != crc32.ChecksumIEEE(a) {
		t.Errorf("crc32Combine with nothing = %08x", got)
	}
}
