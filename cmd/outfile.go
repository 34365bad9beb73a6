package cmd

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// outputs are the files a command writes. Each regular file is written
// under a temporary name beside its final one and renamed into place only
// when the whole run succeeded, so a failed or interrupted run never leaves
// a half-written report, nor spoils the one it would have replaced.
//
// A path that names something other than a regular file (/dev/null, a
// FIFO, /dev/stdout, a terminal) is written directly: renaming a temporary
// file over it would replace the device with a file, which as root breaks
// the machine for every later command.
type outputs struct {
	files []*outputFile
}

type outputFile struct {
	path string
	tmp  *os.File // nil when written directly
	f    *os.File // the file written to: tmp, or the device itself
	info os.FileInfo
}

// create opens a temporary file for path; "-" means stdout, written as it
// goes. Two outputs to one path are refused: the second would silently
// replace the first.
func (o *outputs) create(path string, stdout io.Writer) (io.Writer, error) {
	if path == "-" {
		return stdout, nil
	}
	info, statErr := os.Stat(path)
	for _, f := range o.files {
		if filepath.Clean(f.path) == filepath.Clean(path) || (statErr == nil && f.info != nil && os.SameFile(f.info, info)) {
			return nil, usageError("give each output a path of its own", "%s is named for two outputs; one would overwrite the other", path)
		}
	}
	if statErr == nil && !info.Mode().IsRegular() {
		if info.IsDir() {
			return nil, fmt.Errorf("cannot write %s: it is a folder", path)
		}
		f, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return nil, fmt.Errorf("cannot write %s: %v", path, unwrapPath(err))
		}
		o.files = append(o.files, &outputFile{path: path, f: f, info: info})
		return f, nil
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
	if statErr != nil {
		info = nil
	}
	o.files = append(o.files, &outputFile{path: path, tmp: tmp, f: tmp, info: info})
	return tmp, nil
}

// commit closes every file and renames the temporary ones into place.
func (o *outputs) commit() error {
	for i, f := range o.files {
		if err := f.f.Close(); err != nil {
			o.files = o.files[i+1:]
			if f.tmp != nil {
				os.Remove(f.tmp.Name())
			}
			o.abort()
			return fmt.Errorf("write %s: %v", f.path, unwrapPath(err))
		}
		if f.tmp == nil {
			continue
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

// abort removes every temporary file and closes the devices; safe to call
// after commit. What was written to a device cannot be taken back.
func (o *outputs) abort() {
	for _, f := range o.files {
		f.f.Close()
		if f.tmp != nil {
			os.Remove(f.tmp.Name())
		}
	}
	o.files = nil
}

func unwrapPath(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}
