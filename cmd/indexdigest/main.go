// Command indexdigest prints what a Tracuu search index holds, whatever
// its segments (search.Index.Digest): per part, the documents, every
// field's terms and postings and the stored fields, each as a count and a
// hash. Two indexes with the same output hold the same documents,
// document for document: diff the outputs of two imports.
//
//	indexdigest DATA_DIR/index
package main

import (
	"context"
	"fmt"
	"os"

	"tracuu/search"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: indexdigest DATA_DIR/index")
		os.Exit(2)
	}
	if _, err := os.Stat(os.Args[1]); err != nil {
		fmt.Fprintln(os.Stderr, "indexdigest:", err)
		os.Exit(1)
	}
	ix, err := search.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "indexdigest:", err)
		os.Exit(1)
	}
	defer ix.Close()
	d, err := ix.Digest(context.Background())
	if err != nil {
		fmt.Fprintln(os.Stderr, "indexdigest:", err)
		os.Exit(1)
	}
	fmt.Print(d)
}
