package reports

import (
	"archive/zip"
	"bytes"
	"compress/flate"
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
func writeCanonical(f *excelize.File, out io.Writer) error {
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

var defaultElement = regexp.MustCompile(`<Default [^>]*></Default>|<Default [^>]*/>`)

func copyContentTypes(zw *zip.Writer, zf *zip.File) error {
	r, err := zf.Open()
	if err != nil {
		return err
	}
	data, err := io.ReadAll(r)
	r.Close()
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
