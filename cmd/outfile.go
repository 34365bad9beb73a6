package cmd

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// outputs are the files a command writes. Each is written under a
// temporary name beside its final one and renamed into place only when the
// whole run succeeded, so a failed or interrupted run never leaves a
// half-written report, nor spoils the one it would have replaced.
type outputs struct {
	files []*outputFile
}

type outputFile struct {
	path string
	tmp  *os.File
}

// create opens a temporary file for path; "-" means io.Out, written as it
// goes.
func (o *outputs) create(path string, stdout io.Writer) (io.Writer, error) {
	if path == "-" {
		return stdout, nil
	}
	dir := filepath.Dir(path)
	if info, err := os.Stat(dir); err != nil || !info.IsDir() {
		return nil, fmt.Errorf("cannot write %s: folder %s does not exist", path, dir)
	}
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	}
	// CreateTemp makes files only their owner can read; reports are for
	// sharing, like any file a program writes.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
	}
	o.files = append(o.files, &outputFile{path: path, tmp: tmp})
	return tmp, nil
}

// commit closes every file and renames it into place.
func (o *outputs) commit() error {
	for i, f := range o.files {
		if err := f.tmp.Close(); err != nil {
			o.files = o.files[i:]
			o.abort()
			return fmt.Errorf("write %s: %v", f.path, unwrapPath(err))
		}
		if err := os.Rename(f.tmp.Name(), f.path); err != nil {
			o.files = o.files[i+1:]
			os.Remove(f.tmp.Name())
			o.abort()
			return fmt.Errorf("write %s: %v", f.path, unwrapPath(err))
		}
	}
	o.files = nil
	return nil
}

// abort removes every temporary file; safe to call after commit.
func (o *outputs) abort() {
	for _, f := range o.files {
		f.tmp.Close()
		os.Remove(f.tmp.Name())
	}
	o.files = nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
