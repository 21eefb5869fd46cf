package ingest

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// Record is one article read by Walk, or the reason it could not be read.
type Record struct {
	File    string
	Line    int // line in a .jsonl file; 0 for .txt
	Article Article
	Err     error
}

// Walk reads every article under paths: .txt files in the seed format and
// .jsonl files, folders recursively in lexical order. Files of other kinds
// inside folders are skipped; a named file of another kind, a missing path
// or an unreadable record is passed to fn as a Record with Err set. Walk
// stops at the first error fn returns and returns it.
func Walk(paths []string, fn func(Record) error) error {
	for _, p := range paths {
		info, err := os.Stat(p)
		if err != nil {
			if ferr := fn(Record{File: p, Err: err}); ferr != nil {
				return ferr
			}
			continue
		}
		if !info.IsDir() {
			if err := walkFile(p, true, fn); err != nil {
				return err
			}
			continue
		}
		err = filepath.WalkDir(p, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return fn(Record{File: path, Err: err})
			}
			if d.IsDir() {
				return nil
			}
			return walkFile(path, false, fn)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func walkFile(path string, named bool, fn func(Record) error) error {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt":
		f, err := os.Open(path)
		if err != nil {
			return fn(Record{File: path, Err: err})
		}
		a, err := ReadSeedText(f)
		f.Close()
		return fn(Record{File: path, Article: a, Err: err})
	case ".jsonl":
		f, err := os.Open(path)
		if err != nil {
			return fn(Record{File: path, Err: err})
		}
		defer f.Close()
		jr := NewJSONLReader(f)
		for {
			a, line, err := jr.Next()
			if err == io.EOF {
				return nil
			}
			var le *LineError
			if err != nil && !errors.As(err, &le) {
				return fn(Record{File: path, Line: line, Err: err}) // the file itself failed
			}
			if ferr := fn(Record{File: path, Line: line, Article: a, Err: err}); ferr != nil {
				return ferr
			}
		}
	}
	if named {
		return fn(Record{File: path, Err: fmt.Errorf("ingest: %s: not a .txt or .jsonl file", path)})
	}
	return nil
}
