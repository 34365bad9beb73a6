package reports

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"regexp"
	"sort"

	"github.com/xuri/excelize/v2"
)

// writeCanonical writes the workbook so that the same content always gives
// the same bytes: excelize orders some zip entries and content-type
// defaults by map iteration, so the file is spooled, then its entries are
// copied in name order (compressed data as is) and [Content_Types].xml
// has its defaults sorted.
//
// excelize's Write builds the whole zip in memory (78 MB for 100,000
// conversations, twice that while its buffer grows); its zip writer is
// pointed at the spool file instead, so that memory stays flat.
//
// rows are spliced into their sheets' parts (see sheetRows).
func writeCanonical(f *excelize.File, out io.Writer, rows []*sheetRows) error {
	splice := map[string]*sheetRows{}
	for _, r := range rows {
		splice[r.path] = r
	}
	tmp, err := os.CreateTemp("", "iqa-xlsx-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	defer tmp.Close()
	f.SetZipWriter(func(io.Writer) excelize.ZipWriter {
		zw := zip.NewWriter(tmp)
		// Compressing a 100,000-conversation workbook at the default level
		// took a third of its writing time; the fastest level makes the
		// file about a fifth larger.
		zw.RegisterCompressor(zip.Deflate, func(w io.Writer) (io.WriteCloser, error) {
			return flate.NewWriter(w, flate.BestSpeed)
		})
		return zw
	})
	if err := f.Write(io.Discard); err != nil {
		return err
	}
	size, err := tmp.Seek(0, io.SeekCurrent)
	if err != nil {
		return err
	}
	zr, err := zip.NewReader(tmp, size)
	if err != nil {
		return err
	}
	files := append([]*zip.File(nil), zr.File...)
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	zw := zip.NewWriter(out)
	for _, zf := range files {
		if zf.Name == "[Content_Types].xml" {
			if err := copyContentTypes(zw, zf); err != nil {
				return err
			}
			continue
		}
		if r := splice[zf.Name]; r != nil {
			if err := spliceRows(zw, zf, r); err != nil {
				return err
			}
			continue
		}
		raw, err := zf.OpenRaw()
		if err != nil {
			return err
		}
		hdr := zf.FileHeader
		hdr.Modified = zip.FileHeader{}.Modified
		hdr.ModifiedTime, hdr.ModifiedDate = 0, 0
		w, err := zw.CreateRaw(&hdr)
		if err != nil {
			return err
		}
		if _, err := io.Copy(w, raw); err != nil {
			return err
		}
	}
	return zw.Close()
}

// readEntry returns a zip entry's uncompressed bytes.
func readEntry(zf *zip.File) ([]byte, error) {
	r, err := zf.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	return io.ReadAll(r)
}

var defaultElement = regexp.MustCompile(`<Default [^>]*></Default>|<Default [^>]*/>`)

func copyContentTypes(zw *zip.Writer, zf *zip.File) error {
	data, err := readEntry(zf)
	if err != nil {
		return err
	}
	defaults := defaultElement.FindAll(data, -1)
	sort.Slice(defaults, func(i, j int) bool { return bytes.Compare(defaults[i], defaults[j]) < 0 })
	var b bytes.Buffer
	first := defaultElement.FindIndex(data)
	if first != nil {
		rest := defaultElement.ReplaceAll(data[first[0]:], nil)
		b.Write(data[:first[0]])
		b.Write(bytes.Join(defaults, nil))
		b.Write(rest)
	} else {
		b.Write(data)
	}
	w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Deflate})
	if err != nil {
		return err
	}
	_, err = w.Write(b.Bytes())
	return err
}

// spliceRows writes a sheet part with rows inserted before its
// </sheetData>. The sheet excelize wrote is small (a header row); its
// start and end are compressed here and the rows' compressed stream is
// copied between them, its CRC combined with theirs.
func spliceRows(zw *zip.Writer, zf *zip.File, rows *sheetRows) error {
	data, err := readEntry(zf)
	if err != nil {
		return err
	}
	at := bytes.LastIndex(data, []byte("</sheetData>"))
	if at < 0 {
		return fmt.Errorf("xlsx: %s has no </sheetData>", zf.Name)
	}
	start, end := data[:at], data[at:]
	var head, tail bytes.Buffer
	fw, _ := flate.NewWriter(&head, flate.BestSpeed)
	fw.Write(start)
	if err := fw.Flush(); err != nil { // not Close: the stream goes on
		return err
	}
	fw.Reset(&tail)
	fw.Write(end)
	if err := fw.Close(); err != nil {
		return err
	}
	compressed, err := rows.finish()
	if err != nil {
		return err
	}
	crc := crc32.ChecksumIEEE(start)
	crc = crc32Combine(crc, rows.crc, rows.size)
	crc = crc32Combine(crc, crc32.ChecksumIEEE(end), int64(len(end)))

	hdr := zf.FileHeader
	hdr.Modified = zip.FileHeader{}.Modified
	hdr.ModifiedTime, hdr.ModifiedDate = 0, 0
	hdr.Method = zip.Deflate
	hdr.CRC32 = crc
	hdr.UncompressedSize64 = uint64(len(start)) + uint64(rows.size) + uint64(len(end))
	hdr.CompressedSize64 = uint64(head.Len()) + uint64(compressed) + uint64(tail.Len())
	w, err := zw.CreateRaw(&hdr)
	if err != nil {
		return err
	}
	if _, err := w.Write(head.Bytes()); err != nil {
		return err
	}
	if _, err := io.Copy(w, io.NewSectionReader(rows.tmp, 0, compressed)); err != nil {
		return err
	}
	_, err = w.Write(tail.Bytes())
	return err
}
