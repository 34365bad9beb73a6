package importers

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path"
	"sort"
	"strings"
	"sync"
)

// Zip archives are read like folders: each member is an input, named
// archive.zip/member/path, in name order; folders, hidden members (a
// segment starting with "."), and the __MACOSX folder macOS adds are
// skipped. A member is decompressed each time it is opened, never
// extracted to disk.
//
// Zip bombs are bounded by what the archive declares, which archive/zip
// holds each member to (reading past a member's declared size is an
// error): an archive may declare at most maxZipBytes in all and
// maxZipMembers members, and a member larger than zipRatioFloor may not
// claim to be more than maxZipRatio times its compressed size.
var (
	maxZipMembers        = 100_000
	maxZipBytes   uint64 = 64 << 30
	maxZipRatio   uint64 = 200
	zipRatioFloor uint64 = 64 << 20
)

var zipMagic = []byte("PK\x03\x04")

// isZip reports whether the file at p starts like a zip archive (an empty
// archive, which starts with its end record, counts when named .zip).
func isZip(p string) bool {
	f, err := os.Open(p)
	if err != nil {
		return false
	}
	defer f.Close()
	magic := make([]byte, 4)
	if _, err := io.ReadFull(f, magic); err != nil {
		return false
	}
	return bytes.Equal(magic, zipMagic) ||
		bytes.Equal(magic, []byte("PK\x05\x06")) && strings.EqualFold(path.Ext(p), ".zip")
}

// zipInputs lists the members of the archive at p as inputs.
func zipInputs(p string) ([]Input, error) {
	a := &zipArchive{path: p}
	info, err := os.Stat(p)
	if err != nil {
		return nil, fmt.Errorf("%s: %v", p, unwrapPathError(err))
	}
	a.acquire()
	defer a.release()
	zr, err := zip.NewReader(a, info.Size())
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable zip archive: %v", p, unwrapPathError(err))
	}
	if len(zr.File) > maxZipMembers {
		return nil, fmt.Errorf("%s: zip archive has %d members, more than the %d iqa reads; unpack it and import the folder", p, len(zr.File), maxZipMembers)
	}
	var inputs []Input
	var total uint64
	for _, f := range zr.File {
		name := strings.TrimPrefix(path.Clean("/"+strings.ReplaceAll(f.Name, `\`, "/")), "/")
		if f.FileInfo().IsDir() || name == "" || hiddenMember(name) {
			continue
		}
		total += f.UncompressedSize64
		if total > maxZipBytes || total < f.UncompressedSize64 {
			return nil, fmt.Errorf("%s: zip archive unpacks to more than %d GiB; unpack it and import the folder", p, maxZipBytes>>30)
		}
		if f.UncompressedSize64 > zipRatioFloor && f.UncompressedSize64/max(f.CompressedSize64, 1) > maxZipRatio {
			return nil, fmt.Errorf("%s: member %s claims to unpack to %d bytes from %d, a ratio no export has (a zip bomb?); unpack it yourself if you trust it", p, name, f.UncompressedSize64, f.CompressedSize64)
		}
		inputs = append(inputs, Input{
			Name:   p + "/" + name,
			Size:   int64(min(f.UncompressedSize64, 1<<62)),
			Found:  true,
			member: &zipMember{archive: a, file: f},
		})
	}
	sort.Slice(inputs, func(i, j int) bool { return inputs[i].Name < inputs[j].Name })
	return inputs, nil
}

// hiddenMember reports whether a member is in a hidden folder or is a
// hidden file, or macOS's resource-fork folder.
func hiddenMember(name string) bool {
	for _, seg := range strings.Split(name, "/") {
		if strings.HasPrefix(seg, ".") || seg == "__MACOSX" {
			return true
		}
	}
	return false
}

// A zipMember is one file inside an archive.
type zipMember struct {
	archive *zipArchive
	file    *zip.File
}

// open decompresses the member from its start; closing it lets the
// archive's file be closed when nothing else reads from it.
func (m *zipMember) open() (io.ReadCloser, error) {
	m.archive.acquire()
	rc, err := m.file.Open()
	if err != nil {
		m.archive.release()
		return nil, fmt.Errorf("zip member %s: %v", m.file.Name, err)
	}
	return &zipReader{rc: rc, archive: m.archive}, nil
}

type zipReader struct {
	rc      io.ReadCloser
	archive *zipArchive
	once    sync.Once
}

func (z *zipReader) Read(p []byte) (int, error) {
	n, err := z.rc.Read(p)
	if err != nil && err != io.EOF {
		err = fmt.Errorf("not a readable zip member: %w", err)
	}
	return n, err
}

func (z *zipReader) Close() error {
	err := z.rc.Close()
	z.once.Do(z.archive.release)
	return err
}

// A zipArchive is the archive's file, opened while a member is being read
// and closed when none is, so that listing a folder of archives (or an
// archive of thousands of members) holds no file open; its directory is
// parsed once, by zipInputs.
type zipArchive struct {
	path string
	mu   sync.Mutex
	f    *os.File
	err  error
	refs int
}

func (a *zipArchive) acquire() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.refs++
	if a.f == nil {
		a.f, a.err = os.Open(a.path)
	}
}

func (a *zipArchive) release() {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.refs--
	if a.refs == 0 && a.f != nil {
		a.f.Close()
		a.f, a.err = nil, nil
	}
}

// ReadAt implements io.ReaderAt over the archive's file while it is held.
func (a *zipArchive) ReadAt(p []byte, off int64) (int, error) {
	a.mu.Lock()
	f, err := a.f, a.err
	a.mu.Unlock()
	if err != nil {
		return 0, unwrapPathError(err)
	}
	if f == nil {
		return 0, fmt.Errorf("%s: archive read while closed", a.path)
	}
	return f.ReadAt(p, off)
}
