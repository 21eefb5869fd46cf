// Command extractdump writes, for every record of the given .jsonl or .txt
// files (folders recursively, as the importer walks them), what the import
// makes of it before it stores anything: the article as read
// (ingest.Walk), what ingest.Extract returns for it, and the article
// normalised for the database (models.Article.Normalise, as the importer's
// ToModelExtracted fills it, the content hash from the extraction). One JSON line a record. With -sum it prints only
// the SHA-256 of those lines and how many there were: two builds that
// print the same sum read, extract and normalise every record alike.
//
//	extractdump [-n 20000] [-sum] FILE...
//
// docs/scaling.md ("The import's reading and extraction, 2 December")
// compares main's output with a change's this way.
package main

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"hash"
	"io"
	"os"

	"tracuu/importer"
	"tracuu/ingest"
	"tracuu/models"
)

// record is one line of the dump.
type record struct {
	File       string             `json:"file"`
	Line       int                `json:"line"`
	Err        string             `json:"err,omitempty"`
	Article    *ingest.Article    `json:"article,omitempty"`
	Extraction *ingest.Extraction `json:"extraction,omitempty"`
	Model      *models.Article    `json:"model,omitempty"`
}

// errEnough stops the walk after -n records.
var errEnough = errors.New("enough records")

func main() {
	n := flag.Int("n", 0, "stop after this many records (0: all)")
	sum := flag.Bool("sum", false, "print the SHA-256 of the dump instead of the dump")
	flag.Parse()
	if flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: extractdump [-n N] [-sum] FILE...")
		os.Exit(2)
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	var w io.Writer = out
	var h hash.Hash
	if *sum {
		h = sha256.New()
		w = h
	}
	enc := json.NewEncoder(w)
	count := 0
	err := ingest.Walk(flag.Args(), func(r ingest.Record) error {
		if *n > 0 && count >= *n {
			return errEnough
		}
		count++
		rec := record{File: r.File, Line: r.Line}
		if r.Err != nil {
			rec.Err = r.Err.Error()
		} else {
			x := ingest.Extract(r.Article)
			rec.Article, rec.Extraction, rec.Model = &r.Article, &x, importer.ToModelExtracted(r.Article, &x)
		}
		return enc.Encode(rec)
	})
	if err != nil && !errors.Is(err, errEnough) {
		fmt.Fprintf(os.Stderr, "extractdump: %v\n", err)
		os.Exit(1)
	}
	if h != nil {
		fmt.Fprintf(out, "%s  %d records\n", hex.EncodeToString(h.Sum(nil)), count)
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintf(os.Stderr, "extractdump: %v\n", err)
		os.Exit(1)
	}
}
