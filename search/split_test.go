package search

import (
	"context"
	"testing"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// TestTiersSplitAsNeeded: the tiers that count splits on demand, in any
// order asked, are those of splitting every tier at once (each match in
// the first tier whose condition it meets, the rest last), and the
// plan's shared expressions (memoX) give the results of evaluating them
// afresh.
func TestTiersSplitAsNeeded(t *testing.T) {
	ix, _ := exactCorpus(t, []string{"Ông nói đó người dân đã làm.", "Rồi đó người ta về."},
		[]string{"Đó, người dân nói.", "Người đó nói với dân.", "Đó là người dân tộc.", "Do nguoi dan lam."}, 90)
	ctx := context.Background()
	for _, q := range []string{"đó người", "đó người dân", "do nguoi", "người dân -tộc", "ĐV UBND", "người OR dân đó"} {
		pq, _ := parseQuery(q)
		sn, err := ix.bi.snapshot()
		if err != nil {
			t.Fatal(err)
		}
		st, err := ix.lengths.get(ctx, sn)
		if err != nil {
			t.Fatal(err)
		}
		e := newExecution(ctx, sn, pq, Filter{}, st)
		if err := e.match(); err != nil {
			t.Fatal(err)
		}
		n := e.tierCount()
		// The last tier first: every tier before it is split on the way.
		for _, tier := range append([]int{n - 1}, func() (ts []int) {
			for i := range n {
				ts = append(ts, i)
			}
			return
		}()...) {
			if _, err := e.count(tier); err != nil {
				t.Fatal(err)
			}
		}
		fresh := buildPlan(pq)
		var sum uint64
		for _, v := range sn.segments() {
			m := e.segs[v]
			rest := m.base.Clone()
			if len(m.tiers) != n {
				t.Fatalf("%q: %d tiers split, want %d", q, len(m.tiers), n)
			}
			for i := range n {
				want := rest
				if i < n-1 {
					want = roaring.And(rest, fresh.tiers[i].eval(&segView{seg: v.seg, coded: v.coded, deleted: v.deleted, n: v.n,
						dicts: map[string]segment.TermDictionary{}, bms: map[string]*roaring.Bitmap{}, pairs: map[string][]segment.PostingsList{}}))
					rest = roaring.AndNot(rest, want)
				}
				if !m.tiers[i].Equals(want) {
					t.Errorf("%q: tier %d holds %v, want %v", q, i, m.tiers[i].ToArray(), want.ToArray())
				}
			}
			for _, tb := range m.tiers {
				sum += tb.GetCardinality()
			}
		}
		if sum != e.total {
			t.Errorf("%q: the tiers hold %d matches, the total is %d", q, sum, e.total)
		}
		sn.close()
	}
}
