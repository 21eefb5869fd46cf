package search

import (
	"context"
	"math"
	"sync"
)

// BM25 needs each field's average length. They are measured on a sample
// of stored documents (analysed as the index analyses them) and measured
// again when the document count moves by statsDrift.

const (
	statsSample = 300
	statsDrift  = 0.1
)

// lengthStats caches the averages of an index.
type lengthStats struct {
	mu    sync.Mutex
	count uint64
	value *lengthStatsValue
}

// lengthStatsValue holds the average length of each scored field.
type lengthStatsValue struct {
	avgs map[string]float64
}

func (v *lengthStatsValue) avg(field string) float64 {
	if a := v.avgs[field]; a > 0 {
		return a
	}
	return 1
}

// get returns the averages for sn, measuring them if the document count
// has moved too far since the last time.
func (ls *lengthStats) get(ctx context.Context, sn *snapshot) (*lengthStatsValue, error) {
	ls.mu.Lock()
	defer ls.mu.Unlock()
	if ls.value == nil || math.Abs(float64(sn.docs)-float64(ls.count)) > statsDrift*float64(ls.count) {
		v, err := measure(ctx, sn)
		if err != nil {
			return nil, err
		}
		ls.value, ls.count = v, sn.docs
	}
	return ls.value, nil
}

// reset forgets the averages (the index was replaced).
func (ls *lengthStats) reset() {
	ls.mu.Lock()
	ls.value = nil
	ls.mu.Unlock()
}

// measure analyses up to statsSample stored documents, spread over the
// segments in proportion to their size.
func measure(ctx context.Context, sn *snapshot) (*lengthStatsValue, error) {
	sums := map[string]float64{}
	docs := 0
	for _, v := range sn.segments() {
		if err := ctx.Err(); err != nil {
			return nil, stopped(err)
		}
		n := int(math.Ceil(float64(statsSample) * float64(v.live().GetCardinality()) / float64(max(sn.docs, 1))))
		it := v.live().Iterator()
		for ; n > 0 && it.HasNext(); n-- {
			sd, err := v.stored(uint64(it.Next()))
			if err != nil {
				return nil, err
			}
			var t terms
			for _, f := range []string{fTitle, fLead, fNames} {
				for _, text := range sd.fields[f] {
					t.add(text, true)
				}
			}
			for _, f := range []string{fBody, fCaptions} {
				for _, text := range sd.fields[f] {
					t.add(text, false)
				}
			}
			sums[fWords] += float64(t.nWords)
			sums[fHeadWords] += float64(t.nHead)
			sums[fPairs] += float64(t.nPairs)
			sums[fHeadPairs] += float64(t.nHeadPairs)
			docs++
		}
	}
	v := &lengthStatsValue{avgs: map[string]float64{}}
	for f, s := range sums {
		v.avgs[f] = max(1, s/float64(max(docs, 1)))
	}
	return v, nil
}
