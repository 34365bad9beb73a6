package importers

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// An Input is one file to import, or standard input.
type Input struct {
	// Name is how messages name the input: the path as found, or "-".
	Name string
	// Size is the file's size on disk in bytes (0 for standard input).
	Size int64
	// Found says the file was found by walking a folder rather than named:
	// such a file in no format iqa knows (a README beside the exports) is
	// skipped with a warning instead of stopping the run.
	Found bool

	member *zipMember // set for a file inside a zip archive
}

// Stdin is the name that means standard input.
const Stdin = "-"

// Expand turns the user's arguments into inputs: files as they are,
// directories walked recursively (hidden files and folders skipped, names in
// lexical order), glob patterns expanded, and "-" for standard input.
func Expand(args []string) ([]Input, error) {
	var inputs []Input
	seen := map[string]bool{}
	add := func(in Input) {
		if !seen[in.Name] {
			seen[in.Name] = true
			inputs = append(inputs, in)
		}
	}
	for _, arg := range args {
		if arg == Stdin {
			add(Input{Name: Stdin})
			continue
		}
		info, err := os.Stat(arg)
		switch {
		case err == nil && info.IsDir():
			found, err := walk(arg)
			if err != nil {
				return nil, err
			}
			if len(found) == 0 {
				return nil, fmt.Errorf("%s: folder has no files to import", arg)
			}
			for _, in := range found {
				add(in)
			}
		case err == nil && isZip(arg):
			members, err := zipInputs(arg)
			if err != nil {
				return nil, err
			}
			for _, in := range members {
				add(in)
			}
		case err == nil:
			add(Input{Name: arg, Size: info.Size()})
		case strings.ContainsAny(arg, "*?["):
			matches, gerr := filepath.Glob(arg)
			if gerr != nil {
				return nil, fmt.Errorf("%s: bad pattern: %v", arg, gerr)
			}
			if len(matches) == 0 {
				return nil, fmt.Errorf("%s: no files match this pattern", arg)
			}
			more, err := Expand(matches)
			if err != nil {
				return nil, err
			}
			for _, in := range more {
				add(in)
			}
		case errors.Is(err, fs.ErrNotExist):
			return nil, fmt.Errorf("%s: no such file or folder", arg)
		default:
			return nil, fmt.Errorf("%s: %v", arg, unwrapPathError(err))
		}
	}
	return inputs, nil
}

func walk(root string) ([]Input, error) {
	var found []Input
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return fmt.Errorf("%s: %v", path, unwrapPathError(err))
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		info, err := d.Info()
		if err != nil {
			return fmt.Errorf("%s: %v", path, unwrapPathError(err))
		}
		if isZip(path) {
			members, err := zipInputs(path)
			if err != nil {
				return err
			}
			found = append(found, members...)
			return nil
		}
		found = append(found, Input{Name: path, Size: info.Size(), Found: true})
		return nil
	})
	sort.SliceStable(found, func(i, j int) bool { return found[i].Name < found[j].Name })
	return found, err
}

func unwrapPathError(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// openText opens path and returns its content as UTF-8: gzip is undone
// (by its magic bytes, whatever the name), a UTF-8 byte-order mark is
// dropped, UTF-16 with a byte-order mark is transcoded, and text that is not
// valid UTF-8 is read as Windows-1252, the encoding Excel saves CSV in.
// counted, when not nil, is told how many bytes were read from disk.
func openText(path string, counted func(int)) (*bufio.Reader, io.Closer, error) {
	return openInputText(path, nil, counted)
}

// openInputText is openText for a file on disk or, when member is not
// nil, a member of a zip archive.
func openInputText(path string, member *zipMember, counted func(int)) (*bufio.Reader, io.Closer, error) {
	var f io.ReadCloser
	var err error
	if member != nil {
		f, err = member.open()
	} else {
		f, err = os.Open(path)
	}
	if err != nil {
		return nil, nil, unwrapPathError(err)
	}
	var r io.Reader = f
	if counted != nil {
		r = &countingReader{r: f, counted: counted}
	}
	br := bufio.NewReaderSize(r, 64<<10)
	if magic, _ := br.Peek(2); len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		zr, err := gzip.NewReader(br)
		if err != nil {
			f.Close()
			return nil, nil, fmt.Errorf("not a readable gzip file: %v", err)
		}
		br = bufio.NewReaderSize(gzipErrors{zr}, 64<<10)
	}
	text, err := toUTF8(br)
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return bufio.NewReaderSize(text, HeadSize), f, nil
}

// gzipErrors says that an error reading a gzip stream (cut short, or
// corrupt) is the file's fault, not the format's: "unexpected EOF" alone
// would not say which.
type gzipErrors struct{ r io.Reader }

func (g gzipErrors) Read(p []byte) (int, error) {
	n, err := g.r.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("not a readable gzip file: %w", err)
	}
	return n, err
}

func toUTF8(br *bufio.Reader) (io.Reader, error) {
	bom, _ := br.Peek(3)
	switch {
	case bytes.HasPrefix(bom, []byte{0xEF, 0xBB, 0xBF}):
		br.Discard(3)
		return br, nil
	case bytes.HasPrefix(bom, []byte{0xFF, 0xFE}):
		return transform.NewReader(br, unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder()), nil
	case bytes.HasPrefix(bom, []byte{0xFE, 0xFF}):
		return transform.NewReader(br, unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM).NewDecoder()), nil
	}
	head, err := br.Peek(HeadSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, err
	}
	if !validUTF8Head(head, len(head) == HeadSize) {
		return transform.NewReader(br, charmap.Windows1252.NewDecoder()), nil
	}
	if len(head) == HeadSize && isASCII(head) {
		return &lateEncoding{br: br}, nil
	}
	return br, nil
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// lateEncoding reads a file whose head was all ASCII, so that the head
// could not tell its encoding: the first byte above 0x7F decides. A valid
// UTF-8 sequence makes the file UTF-8; anything else (an Excel export's "é"
// is the one byte 0xE9 in Windows-1252) makes the rest of it Windows-1252,
// rather than replacement characters.
type lateEncoding struct {
	br *bufio.Reader
	r  io.Reader // once decided
}

func (l *lateEncoding) Read(p []byte) (int, error) {
	if l.r != nil {
		return l.r.Read(p)
	}
	if l.br.Buffered() == 0 {
		if _, err := l.br.Peek(1); err != nil {
			return 0, err
		}
	}
	buf, _ := l.br.Peek(l.br.Buffered())
	n := 0
	for n < len(buf) && n < len(p) && buf[n] < utf8.RuneSelf {
		n++
	}
	if n > 0 {
		copy(p, buf[:n])
		l.br.Discard(n)
		return n, nil
	}
	if len(p) == 0 {
		return 0, nil
	}
	next, _ := l.br.Peek(utf8.UTFMax)
	if r, size := utf8.DecodeRune(next); r != utf8.RuneError || size > 1 {
		l.r = l.br
	} else {
		l.r = transform.NewReader(l.br, charmap.Windows1252.NewDecoder())
	}
	return l.r.Read(p)
}

// validUTF8Head is utf8.Valid, allowing a rune cut off at the end when the
// head was cut from a longer file.
func validUTF8Head(b []byte, cut bool) bool {
	if !cut {
		return utf8.Valid(b)
	}
	for i := 0; i < utf8.UTFMax && i < len(b); i++ {
		if utf8.Valid(b[:len(b)-i]) {
			return true
		}
	}
	return utf8.Valid(b)
}

type countingReader struct {
	r       io.Reader
	counted func(int)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.counted(n)
	return n, err
}

// spool copies standard input to a temporary file so that it can be read
// twice, like any file. The caller removes the file. A cancelled context
// ends the wait for input at once (a read from a terminal or a pipe cannot
// itself be interrupted, so the copy runs on its own goroutine).
func spool(ctx context.Context, stdin io.Reader) (string, error) {
	f, err := os.CreateTemp("", "iqa-stdin-*")
	if err != nil {
		return "", err
	}
	copied := make(chan error, 1)
	go func() {
		_, err := io.Copy(f, stdin)
		copied <- err
	}()
	select {
	case err = <-copied:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err != nil {
		f.Close()
		os.Remove(f.Name())
		if ctx.Err() != nil {
			return "", ctx.Err()
		}
		return "", fmt.Errorf("read standard input: %v", err)
	}
	return f.Name(), f.Close()
}
