package reports

import (
	"bufio"
	"compress/flate"
	"hash/crc32"
	"io"
	"math"
	"os"
	"strconv"
	"strings"
	"unicode/utf8"
)

// sheetRows holds the rows of one Criteria sheet, written as sheet XML and
// compressed as they come, so that compression overlaps scoring. The
// Criteria sheet has one row per conversation and criterion (1.2 million
// rows for 100,000 conversations); excelize's StreamWriter.SetRow spends
// most of a run's time on them (reflection, a regexp over every string,
// cell names), and its sheet would then be compressed serially at Close.
// excelize still writes the sheet (header row, columns, panes, table);
// writeCanonical splices these rows in after its header row.
//
// The rows are a raw deflate stream ended by a sync flush, not a final
// block, so the deflate stream of the sheet's start, these rows and the
// deflate stream of its end, concatenated, are one valid stream.
type sheetRows struct {
	path string // the sheet's part in the zip, e.g. xl/worksheets/sheet3.xml
	tmp  *os.File
	bw   *bufio.Writer
	zw   *flate.Writer
	crc  uint32 // of the uncompressed rows
	size int64  // uncompressed bytes
	buf  []byte
	esc  []byte
	err  error
	// compressed is the spool's size once finished.
	compressed int64
	finished   bool
}

func newSheetRows(path string) (*sheetRows, error) {
	tmp, err := os.CreateTemp("", "iqa-xlsx-rows-*")
	if err != nil {
		return nil, err
	}
	bw := bufio.NewWriterSize(tmp, 1<<16)
	zw, _ := flate.NewWriter(bw, flate.BestSpeed) // the level is valid
	return &sheetRows{path: path, tmp: tmp, bw: bw, zw: zw}, nil
}

func (s *sheetRows) startRow(row int) {
	s.buf = append(s.buf, `<row r="`...)
	s.buf = strconv.AppendInt(s.buf, int64(row), 10)
	s.buf = append(s.buf, `">`...)
}

func (s *sheetRows) endRow() {
	s.buf = append(s.buf, `</row>`...)
	if len(s.buf) >= 1<<16 {
		s.flushBuf()
	}
}

func (s *sheetRows) cellStart(col string, row, style int) {
	s.buf = append(s.buf, `<c r="`...)
	s.buf = append(s.buf, col...)
	s.buf = strconv.AppendInt(s.buf, int64(row), 10)
	s.buf = append(s.buf, '"')
	if style != 0 {
		s.buf = append(s.buf, ` s="`...)
		s.buf = strconv.AppendInt(s.buf, int64(style), 10)
		s.buf = append(s.buf, '"')
	}
}

// text writes an inline string cell as excelize's StreamWriter does (its
// setInlineStr): XML-escaped with newlines kept, Excel's _xHHHH_ escapes
// protected, and xml:space="preserve" when the value starts or ends with
// whitespace.
func (s *sheetRows) text(col string, row int, v string) {
	s.cellStart(col, row, 0)
	s.inlineStr(v)
}

func (s *sheetRows) inlineStr(v string) {
	s.buf = append(s.buf, ` t="inlineStr"><is><t`...)
	if v != "" && (isCellSpace(v[0]) || isCellSpace(v[len(v)-1])) {
		s.buf = append(s.buf, ` xml:space="preserve"`...)
	}
	s.buf = append(s.buf, '>')
	s.esc = appendXMLEscaped(s.esc[:0], v)
	if strings.Contains(string(s.esc), "_x") {
		s.buf = append(s.buf, protectEscapes(string(s.esc))...)
	} else {
		s.buf = append(s.buf, s.esc...)
	}
	s.buf = append(s.buf, `</t></is></c>`...)
}

func isCellSpace(b byte) bool { return b == '\t' || b == '\n' || b == '\r' || b == ' ' }

// number writes a number cell as excelize does (its setCellFloat).
func (s *sheetRows) number(col string, row, style int, v float64) {
	s.cellStart(col, row, style)
	if math.IsNaN(v) || math.IsInf(v, 0) {
		s.inlineStr(strconv.FormatFloat(v, 'g', -1, 64))
		return
	}
	s.buf = append(s.buf, `><v>`...)
	s.buf = strconv.AppendFloat(s.buf, v, 'f', -1, 64)
	s.buf = append(s.buf, `</v></c>`...)
}

func (s *sheetRows) flushBuf() {
	if s.err == nil && len(s.buf) > 0 {
		s.crc = crc32.Update(s.crc, crc32.IEEETable, s.buf)
		s.size += int64(len(s.buf))
		_, s.err = s.zw.Write(s.buf)
	}
	s.buf = s.buf[:0]
}

// finish ends the rows with a sync flush (see sheetRows) and returns the
// compressed size.
func (s *sheetRows) finish() (int64, error) {
	if s.finished {
		return s.compressed, s.err
	}
	s.finished = true
	s.flushBuf()
	if s.err == nil {
		s.err = s.zw.Flush()
	}
	if s.err == nil {
		s.err = s.bw.Flush()
	}
	if s.err != nil {
		return 0, s.err
	}
	s.compressed, s.err = s.tmp.Seek(0, io.SeekCurrent)
	return s.compressed, s.err
}

// remove deletes the spool file.
func (s *sheetRows) remove() {
	s.tmp.Close()
	os.Remove(s.tmp.Name())
}

// appendXMLEscaped escapes as encoding/xml's EscapeText does, except that
// newlines stay as they are (as excelize keeps them).
func appendXMLEscaped(dst []byte, s string) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			switch {
			case c == '"':
				dst = append(dst, "&#34;"...)
			case c == '\'':
				dst = append(dst, "&#39;"...)
			case c == '&':
				dst = append(dst, "&amp;"...)
			case c == '<':
				dst = append(dst, "&lt;"...)
			case c == '>':
				dst = append(dst, "&gt;"...)
			case c == '\t':
				dst = append(dst, "&#x9;"...)
			case c == '\r':
				dst = append(dst, "&#xD;"...)
			case c == '\n' || c >= 0x20:
				dst = append(dst, c)
			default:
				dst = append(dst, "\uFFFD"...)
			}
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && n == 1) || !(r >= 0x80 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF) {
			dst = append(dst, "\uFFFD"...)
		} else {
			dst = append(dst, s[i:i+n]...)
		}
		i += n
	}
	return dst
}

// protectEscapes writes text that happens to read as one of Excel's
// _xHHHH_ character escapes (four hex digits between "_x" and "_") so that
// Excel shows it as typed: its underscore becomes the escape of an
// underscore, _x005F_. It writes what excelize writes for the cells of the
// other sheets (xlsxrows_test.go compares the two).
func protectEscapes(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if !escapeAt(s, i) {
			b.WriteByte(s[i])
			i++
			continue
		}
		word := s[i : i+7]
		switch {
		case word != "_x005F_":
			b.WriteString("_x005F" + word)
		case i+13 <= len(s) && escapeAt("_"+s[i+7:i+13], 0) && validEscape(s[i+8:i+12]):
			// An escaped underscore that starts another escape.
			b.WriteString(word + "x005F" + word)
		default:
			b.WriteString(word + "x005F_")
		}
		i += 7
	}
	return b.String()
}

// escapeAt reports whether s has "_x", four hex digits and "_" at i.
func escapeAt(s string, i int) bool {
	if i+7 > len(s) || s[i] != '_' || s[i+1] != 'x' || s[i+6] != '_' {
		return false
	}
	for _, c := range []byte(s[i+2 : i+6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// validEscape reports whether four hex digits name a character (not half
// of a UTF-16 surrogate pair).
func validEscape(hex string) bool {
	n, err := strconv.ParseUint(hex, 16, 32)
	return err == nil && (n < 0xD800 || n > 0xDFFF)
}

// crc32Combine returns the CRC-32 (IEEE) of A followed by B from the CRCs
// of A and B and the length of B, so that rows compressed as they came can
// be joined to the sheet's start and end without reading them again.
// A CRC is a remainder modulo the CRC polynomial P; appending len2 bytes
// multiplies A's by x^(8·len2) mod P, and the result adds B's.
func crc32Combine(crc1, crc2 uint32, len2 int64) uint32 {
	if len2 <= 0 {
		return crc1
	}
	return crcMulMod(crc1, crcXPow8n(len2)) ^ crc2
}

// crcPoly is CRC-32's polynomial in the bit-reversed form hash/crc32 uses,
// where bit 31 is the coefficient of x^0.
const crcPoly = 0xedb88320

// crcMulMod returns a·b mod P in that form.
func crcMulMod(a, b uint32) uint32 {
	var product uint32
	for term := uint32(1) << 31; term != 0; term >>= 1 {
		if a&term != 0 {
			product ^= b
		}
		// b = b·x mod P
		if b&1 != 0 {
			b = b>>1 ^ crcPoly
		} else {
			b >>= 1
		}
	}
	return product
}

// crcXPow8n returns x^(8n) mod P, by squaring.
func crcXPow8n(n int64) uint32 {
	result, power := uint32(1)<<31, uint32(1)<<(31-8) // x^0, x^8
	for ; n > 0; n >>= 1 {
		if n&1 != 0 {
			result = crcMulMod(result, power)
		}
		power = crcMulMod(power, power)
	}
	return result
}
