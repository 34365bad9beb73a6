package cmd

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/xuri/excelize/v2"
)

// The CLI's behaviour is specified by the scripts in testdata/script, one
// per behaviour: each carries its inputs and checks stdout, stderr, exit
// codes and files.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"iqa":      func() { os.Exit(Main()) },
		"gzip":     gzipFile,
		"xlsx2txt": xlsxToText,
	})
}

// xlsxToText is the scripts' "xlsx2txt FILE": it prints every non-empty
// cell of a workbook as "Sheet!A1: value", so that scripts compare
// workbooks as text, never as zip bytes.
func xlsxToText() {
	f, err := excelize.OpenFile(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "xlsx2txt:", err)
		os.Exit(1)
	}
	defer f.Close()
	for _, sheet := range f.GetSheetList() {
		rows, err := f.GetRows(sheet)
		if err != nil {
			fmt.Fprintln(os.Stderr, "xlsx2txt:", err)
			os.Exit(1)
		}
		for r, row := range rows {
			for c, v := range row {
				if v != "" {
					cell, _ := excelize.CoordinatesToCellName(c+1, r+1)
					fmt.Printf("%s!%s: %s\n", sheet, cell, v)
				}
			}
		}
	}
}

// gzipFile is the scripts' "gzip FILE": it writes FILE.gz beside FILE.
func gzipFile() {
	in, err := os.ReadFile(os.Args[1])
	if err == nil {
		var out *os.File
		if out, err = os.Create(os.Args[1] + ".gz"); err == nil {
			zw := gzip.NewWriter(out)
			_, err = io.Copy(zw, bytes.NewReader(in))
			err = errors.Join(err, zw.Close(), out.Close())
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gzip:", err)
		os.Exit(1)
	}
}

func TestScripts(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir: "testdata/script",
		Setup: func(env *testscript.Env) error {
			// Scripts reach the repository's shared samples as $REPO/testdata.
			env.Setenv("REPO", root)
			return nil
		},
		UpdateScripts: os.Getenv("IQA_UPDATE_SCRIPTS") == "1",
	})
}
