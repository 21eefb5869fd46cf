package main

import (
	"context"
	"fmt"
	"os"
	"slices"
	"time"

	"tracuu/search"
	"tracuu/search/relevance"
)

func main() {
	ix, err := search.Open(os.Args[1])
	if err != nil {
		panic(err)
	}
	_, qs, err := relevance.Load("/work/shared/corpus")
	if err != nil {
		panic(err)
	}
	type r struct {
		q     string
		kind  string
		d     time.Duration
		total uint64
	}
	var rs []r
	ctx := context.Background()
	nq := 500
	for i := 0; i < nq; i++ {
		q := qs[i*len(qs)/nq]
		start := time.Now()
		res, err := ix.Search(ctx, search.Request{Query: q.Query, First: 10})
		if err != nil {
			panic(err)
		}
		rs = append(rs, r{q.Query, q.Kind, time.Since(start), res.Total})
	}
	slices.SortFunc(rs, func(a, b r) int { return int(b.d - a.d) })
	for _, x := range rs[:25] {
		fmt.Printf("%6.1f ms %6d %-10s %s\n", float64(x.d.Microseconds())/1000, x.total, x.kind, x.q)
	}
}
