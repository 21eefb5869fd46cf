package search

import (
	"context"
	"hash/maphash"
	"math"
	"sync"
	"sync/atomic"
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
			l := lengthsOf(sd)
			sums[fWords] += float64(l.words)
			sums[fHeadWords] += float64(l.head)
			sums[fPairs] += float64(l.pairs)
			sums[fHeadPairs] += float64(l.headPairs)
			docs++
		}
	}
	v := &lengthStatsValue{avgs: map[string]float64{}}
	for f, s := range sums {
		v.avgs[f] = max(1, s/float64(max(docs, 1)))
	}
	return v, nil
}

// docLengths are the lengths BM25 reads of one document: its words and
// pairs, all and in the head.
type docLengths struct{ words, head, pairs, headPairs int }

// The lengths of the documents measure analysed, by their text: the
// sample is measured again each time the index grows by a tenth, mostly
// over the same documents (their segments merged meanwhile), and
// analysing them again was 3% of the CPU of 16 mixed clients, the
// searches waiting for it. Keyed by two hashes of the text (128 bits); at
// most lengthsKept documents, forgotten all at once past that.
var lengthsSeen = struct {
	sync.Mutex
	m map[[2]uint64]docLengths
}{m: map[[2]uint64]docLengths{}}

const lengthsKept = 4 * statsSample

// lengthsAnalysed counts the documents lengthsOf analysed (for tests).
var lengthsAnalysed atomic.Int64

// lengthsOf returns the lengths of sd's text, analysed as the index
// analyses it (terms.add), or kept from an earlier measure.
func lengthsOf(sd storedDoc) docLengths {
	var key [2]uint64
	for k, seed := range textSeeds {
		var h maphash.Hash
		h.SetSeed(seed)
		for _, fields := range [...][]string{headFields, bodyFields} {
			for _, f := range fields {
				h.WriteString(f)
				for _, text := range sd.fields[f] {
					h.WriteByte(0)
					h.WriteString(text)
				}
				h.WriteByte(1)
			}
		}
		key[k] = h.Sum64()
	}
	lengthsSeen.Lock()
	l, ok := lengthsSeen.m[key]
	lengthsSeen.Unlock()
	if ok {
		return l
	}
	lengthsAnalysed.Add(1)
	var t terms
	for _, f := range headFields {
		for _, text := range sd.fields[f] {
			t.add(text, true)
		}
	}
	for _, f := range bodyFields {
		for _, text := range sd.fields[f] {
			t.add(text, false)
		}
	}
	l = docLengths{words: t.nWords, head: t.nHead, pairs: t.nPairs, headPairs: t.nHeadPairs}
	t.release()
	lengthsSeen.Lock()
	if len(lengthsSeen.m) >= lengthsKept {
		clear(lengthsSeen.m)
	}
	lengthsSeen.m[key] = l
	lengthsSeen.Unlock()
	return l
}

// The fields lengthsOf reads: those counted in the head, and the rest.
var (
	headFields = []string{fTitle, fLead, fNames}
	bodyFields = []string{fBody, fCaptions}
)
