package search

import (
	"bytes"
	"math"
	"slices"
	"sort"
	"strconv"
	"time"

	"github.com/RoaringBitmap/roaring/v2"

	"tracuu/vntext"
)

// exactFacetLimit is how many matches the entity facets read one by one;
// past it they are estimated from a sample of about that many.
const exactFacetLimit = 4096

// facetFields maps each facet to its name (Request.Facets), its index
// field, the filter that the facet's own counts ignore, and where its
// buckets go.
var facetFields = []struct {
	name, field string
	active      func(Filter) bool
	set         func(*Facets, []Bucket)
}{
	{FacetYears, fYear, func(f Filter) bool { return f.From != nil || f.To != nil }, func(f *Facets, b []Bucket) { f.Years = b }},
	{FacetSources, fSource, func(f Filter) bool { return len(f.Sources) > 0 }, func(f *Facets, b []Bucket) { f.Sources = b }},
	{FacetSections, fSection, func(f Filter) bool { return len(f.Sections) > 0 }, func(f *Facets, b []Bucket) { f.Sections = b }},
	{FacetTypes, fType, func(f Filter) bool { return len(f.Types) > 0 }, func(f *Facets, b []Bucket) { f.Types = b }},
	{FacetPeople, fPeople, func(f Filter) bool { return len(f.People) > 0 }, func(f *Facets, b []Bucket) { f.People = b }},
	{FacetOrganisations, fOrgs, func(f Filter) bool { return len(f.Organisations) > 0 }, func(f *Facets, b []Bucket) { f.Organisations = b }},
	{FacetResolutions, fRes, func(f Filter) bool { return len(f.Resolutions) > 0 }, func(f *Facets, b []Bucket) { f.Resolutions = b }},
}

var sep = []byte(facetSep)

func isEntityFacet(field string) bool { return field == fPeople || field == fOrgs || field == fRes }

// facets counts the matches by year, source, section and type exactly,
// from each document's value (keywordColumn), and by mentioned entity
// from doc values: all of the matches when there are few or exact is
// set, else a sample. Only the facets named in wanted are counted (nil:
// all). The facets whose own filter is not set count the same matches:
// one pass over them counts the entity facets, another the others.
func (e *execution) facets(wanted []string, exact bool) (Facets, error) {
	var out Facets
	var shared, sharedTerms []string // fields counted together over the matches
	sharedSet := map[string]func(*Facets, []Bucket){}
	for _, ff := range facetFields {
		if wanted != nil && !slices.Contains(wanted, ff.name) {
			continue
		}
		if err := e.ctx.Err(); err != nil {
			return out, stopped(err)
		}
		skip := ""
		if ff.active(e.filter) {
			skip = ff.field
		}
		if skip == "" {
			if isEntityFacet(ff.field) {
				shared = append(shared, ff.field)
			} else {
				sharedTerms = append(sharedTerms, ff.field)
			}
			sharedSet[ff.field] = ff.set
			continue
		}
		bases, err := e.bases(skip)
		if err != nil {
			return out, err
		}
		if isEntityFacet(ff.field) {
			counts, approx := e.entityCounts(bases, []string{ff.field}, exact)
			out.Approximate = out.Approximate || approx
			ff.set(&out, topBuckets(counts[ff.field], ff.field))
			continue
		}
		ff.set(&out, topBuckets(termCounts(bases, []string{ff.field})[ff.field], ff.field))
	}
	if len(shared)+len(sharedTerms) > 0 {
		bases, err := e.bases("")
		if err != nil {
			return out, err
		}
		if len(sharedTerms) > 0 {
			counts := termCounts(bases, sharedTerms)
			for _, f := range sharedTerms {
				sharedSet[f](&out, topBuckets(counts[f], f))
			}
		}
		if len(shared) > 0 {
			counts, approx := e.entityCounts(bases, shared, exact)
			out.Approximate = out.Approximate || approx
			for _, f := range shared {
				sharedSet[f](&out, topBuckets(counts[f], f))
			}
		}
	}
	return out, nil
}

// bases returns each segment's matches with every filter but skip's.
func (e *execution) bases(skip string) (map[*segView]*roaring.Bitmap, error) {
	bases := make(map[*segView]*roaring.Bitmap, len(e.segs))
	for v, m := range e.segs {
		if err := e.ctx.Err(); err != nil {
			return nil, stopped(err)
		}
		bases[v] = m.base
		if skip != "" {
			bases[v] = e.matches(v, skip)
		}
	}
	return bases, nil
}

// termCounts counts, for every term of each of fields, the documents of
// bases that have it: in one pass over the matches with the fields'
// columns (keywordColumn), else one bitmap intersection a term and
// segment. It returns the counts of each field.
func termCounts(bases map[*segView]*roaring.Bitmap, fields []string) map[string]map[string]float64 {
	counts := make(map[string]map[string]float64, len(fields))
	for _, f := range fields {
		counts[f] = map[string]float64{}
	}
	var buf []uint32
	for v, base := range bases {
		if base.IsEmpty() {
			continue
		}
		var cols []*keywordColumn
		var colFields []string
		for _, f := range fields {
			if col := v.keywordColumn(f); col != nil {
				cols = append(cols, col)
				colFields = append(colFields, f)
				continue
			}
			v.each(f, nil, nil, func(t string) {
				if n := base.AndCardinality(v.bitmap(f, t)); n > 0 {
					counts[f][t] += float64(n)
				}
			})
		}
		if len(cols) == 0 {
			continue
		}
		ns := make([][]uint32, len(cols))
		for j, col := range cols {
			ns[j] = make([]uint32, len(col.terms)+1)
		}
		if buf == nil {
			buf = make([]uint32, 512)
		}
		it := base.ManyIterator()
		for k := it.NextMany(buf); k > 0; k = it.NextMany(buf) {
			for j, col := range cols {
				n, ords := ns[j], col.ords
				for _, d := range buf[:k] {
					n[ords[d]]++
				}
			}
		}
		for j, col := range cols {
			c := counts[colFields[j]]
			for o, n := range ns[j][1:] {
				if n > 0 {
					c[col.terms[o]] += float64(n)
				}
			}
		}
	}
	return counts
}

// entityCounts counts the mentions of the entities of fields in bases
// from doc values, in one pass, in a sample of whole blocks of documents
// when there are more than exactFacetLimit matches and exact is not set
// (the counts are then scaled up and approximate). It returns the counts
// of each field.
func (e *execution) entityCounts(bases map[*segView]*roaring.Bitmap, fields []string, exact bool) (map[string]map[string]float64, bool) {
	var total uint64
	for _, b := range bases {
		total += b.GetCardinality()
	}
	step := uint64(1)
	if !exact && total > exactFacetLimit {
		step = (total + exactFacetLimit - 1) / exactFacetLimit
	}
	// Counted through pointers: a term's string is made once, not once a
	// mention.
	tallies := make(map[string]map[string]*float64, len(fields))
	for _, f := range fields {
		tallies[f] = map[string]*float64{}
	}
	tally := func(f, value []byte) {
		c := tallies[string(f)]
		if c == nil {
			return
		}
		if n := c[string(value)]; n != nil {
			*n++
		} else {
			one := 1.0
			c[string(value)] = &one
		}
	}
	// Blocks from the cache are counted by ordinal, for each table.
	var ords map[*entityTable]*ordCounts
	var seen uint64
	for v, base := range bases {
		it := base.Iterator()
		var blk *entityBlock
		blkNum := uint64(math.MaxUint64)
		for it.HasNext() {
			doc := uint64(it.Next())
			// Blocks of 1024 documents: doc values are read a block at a time.
			b := doc / dvBlockSize
			if step > 1 && b%step != 0 {
				it.AdvanceIfNeeded(uint32((b + 1) * dvBlockSize))
				continue
			}
			seen++
			if b != blkNum {
				blk, blkNum = v.entityBlock(b), b
			}
			if blk == nil {
				v.visitDocValues(doc, fEntities, func(term []byte) {
					f, value, ok := bytes.Cut(term, sep)
					if ok {
						tally(f, value)
					}
				})
				continue
			}
			oc := ords[blk.table]
			if oc == nil {
				if ords == nil {
					ords = map[*entityTable]*ordCounts{}
				}
				oc = &ordCounts{}
				ords[blk.table] = oc
			}
			for _, o := range blk.entities(doc) {
				oc.add(o)
			}
		}
	}
	for t, oc := range ords {
		terms, split := t.snapshot()
		for _, o := range oc.touched {
			if split[o] == noField {
				continue
			}
			term := terms[o]
			f, value := term[:split[o]], term[split[o]+1:]
			if c := tallies[f]; c != nil {
				if n := c[value]; n != nil {
					*n += float64(oc.n[o])
				} else {
					n := float64(oc.n[o])
					c[value] = &n
				}
			}
		}
	}
	scale := 1.0
	if step > 1 && seen > 0 {
		scale = float64(total) / float64(seen)
	}
	counts := make(map[string]map[string]float64, len(fields))
	for f, c := range tallies {
		counts[f] = make(map[string]float64, len(c))
		for t, n := range c {
			counts[f][t] = *n * scale
		}
	}
	return counts, step > 1
}

// ordCounts counts ordinals of one entity table.
type ordCounts struct {
	n       []uint32
	touched []uint32 // the ordinals counted, each once
}

func (oc *ordCounts) add(o uint32) {
	if int(o) >= len(oc.n) {
		n := make([]uint32, max(int(o)+1, 2*len(oc.n), 256))
		copy(n, oc.n)
		oc.n = n
	}
	if oc.n[o] == 0 {
		oc.touched = append(oc.touched, o)
	}
	oc.n[o]++
}

// topBuckets returns the facetSize values with the highest counts; years
// newest first. The best are kept as the counts go by (a sort of all the
// values was most of it with thousands of entities).
func topBuckets(counts map[string]float64, field string) []Bucket {
	better := func(a, b Bucket) bool {
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Value < b.Value
	}
	out := make([]Bucket, 0, min(len(counts), facetSize)+1)
	for v, n := range counts {
		b := Bucket{Value: v, Count: int(n + 0.5)}
		if len(out) == facetSize && !better(b, out[facetSize-1]) {
			continue
		}
		i := sort.Search(len(out), func(i int) bool { return better(b, out[i]) })
		out = slices.Insert(out, i, b)
		if len(out) > facetSize {
			out = out[:facetSize]
		}
	}
	if field == fYear {
		sort.Slice(out, func(i, j int) bool { return out[i].Value > out[j].Value })
	}
	return out
}

// filterExpr is the conjunction of the filters, leaving out the one on
// field skip; nil if there is none.
func filterExpr(f Filter, skip string) expr {
	var all andX
	anyOf := func(field string, values []string) {
		if len(values) == 0 || field == skip {
			return
		}
		var any orX
		for _, v := range values {
			any = append(any, termX{field, v})
		}
		all = append(all, any)
	}
	anyOf(fType, f.Types)
	anyOf(fSource, f.Sources)
	anyOf(fSection, f.Sections)
	anyOf(fPeople, f.People)
	anyOf(fOrgs, f.Organisations)
	anyOf(fRes, f.Resolutions)
	if (f.From != nil || f.To != nil) && skip != fYear {
		all = append(all, dateRange(f.From, f.To))
	}
	if len(all) == 0 {
		return nil
	}
	return all
}

// dayRangeX matches the documents published from day from to day to
// (inclusive, "2006-01-02"): whole years by their year term, whole months
// by their month term, the days at either end by their day terms.
type dayRangeX struct{ from, to string }

func dateRange(from, to *time.Time) expr {
	r := dayRangeX{from: "0000-01-01", to: "9999-12-31"}
	if from != nil {
		r.from = from.In(vntext.Vietnam).Format(time.DateOnly)
	}
	if to != nil {
		r.to = to.In(vntext.Vietnam).Format(time.DateOnly)
	}
	return r
}

func (r dayRangeX) eval(v *segView) *roaring.Bitmap {
	var bms []*roaring.Bitmap
	add := func(field string) func(string) {
		return func(t string) { bms = append(bms, v.bitmap(field, t)) }
	}
	fromYear, _ := strconv.Atoi(r.from[:4])
	toYear, _ := strconv.Atoi(r.to[:4])
	if r.from[:4] == r.to[:4] {
		r.months(v, r.from, r.to, add)
		return roaring.FastOr(bms...)
	}
	// Whole years in between.
	v.each(fYear, []byte(strconv.Itoa(fromYear+1)), []byte(strconv.Itoa(toYear)), add(fYear))
	r.months(v, r.from, r.from[:4]+"-12-31", add)
	r.months(v, r.to[:4]+"-01-01", r.to, add)
	return roaring.FastOr(bms...)
}

// months adds the documents from day from to day to, both in one year:
// whole months by month, the rest by day.
func (dayRangeX) months(v *segView, from, to string, add func(string) func(string)) {
	if from[:7] == to[:7] {
		v.each(fDay, []byte(from), []byte(to+"\x00"), add(fDay))
		return
	}
	v.each(fDay, []byte(from), []byte(from[:7]+"-99"), add(fDay))
	v.each(fMonth, []byte(from[:7]+"\x00"), []byte(to[:7]), add(fMonth))
	v.each(fDay, []byte(to[:7]), []byte(to+"\x00"), add(fDay))
}
