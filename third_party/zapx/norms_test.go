//  Copyright (c) 2026 Tracuu. Licensed under the Apache License, Version 2.0.

package zap

import (
	"fmt"
	"math"
	"testing"
	"unsafe"

	index "github.com/blevesearch/bleve_index_api"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// countedTestField is a field whose terms come counted (termCounter), of
// a given analysed length.
type countedTestField struct {
	name         string
	length       int
	bytes        []byte
	ends, freqs  []uint32
	plainTextLen uint64
	value        []byte // stored when set (the _id field)
}

func newCountedTestField(name string, length int, terms ...string) *countedTestField {
	f := &countedTestField{name: name, length: length}
	for _, t := range terms {
		f.bytes = append(f.bytes, t...)
		f.ends = append(f.ends, uint32(len(f.bytes)))
		f.freqs = append(f.freqs, 1)
	}
	f.plainTextLen = uint64(len(f.bytes))
	return f
}

func (f *countedTestField) Name() string             { return f.name }
func (f *countedTestField) Value() []byte            { return nil }
func (f *countedTestField) ArrayPositions() []uint64 { return nil }
func (f *countedTestField) EncodedFieldType() byte   { return 't' }
func (f *countedTestField) Analyze()                 {}
func (f *countedTestField) Options() index.FieldIndexingOptions {
	if f.value != nil {
		return index.IndexField | index.StoreField
	}
	return index.IndexField
}
func (f *countedTestField) AnalyzedLength() int { return f.length }
func (f *countedTestField) AnalyzedTokenFrequencies() index.TokenFrequencies {
	return nil
}
func (f *countedTestField) NumPlainTextBytes() uint64 { return f.plainTextLen }
func (f *countedTestField) CountedTerms() ([]byte, []uint32, []uint32) {
	return f.bytes, f.ends, f.freqs
}

type testDoc struct {
	id     string
	fields []index.Field
}

func (d *testDoc) ID() string                                 { return d.id }
func (d *testDoc) Size() int                                  { return 0 }
func (d *testDoc) VisitFields(v index.FieldVisitor)           { visitTestFields(d.fields, v) }
func (d *testDoc) VisitComposite(index.CompositeFieldVisitor) {}
func (d *testDoc) HasComposite() bool                         { return false }
func (d *testDoc) NumPlainTextBytes() uint64 {
	n := uint64(0)
	for _, f := range d.fields {
		n += f.NumPlainTextBytes()
	}
	return n
}
func (d *testDoc) AddIDField()               {}
func (d *testDoc) StoredFieldsBytes() uint64 { return 0 }
func (d *testDoc) Indexed() bool             { return true }

func visitTestFields(fields []index.Field, v index.FieldVisitor) {
	for _, f := range fields {
		v(f)
	}
}

// TestNewSegmentNorms: each posting of a new segment has as its norm
// its field's length in its document (every occurrence of a field that
// occurs twice added), for fields missing from some documents, in
// segments built one after the other by the kept working states (the
// norms are kept by field and document apart from the postings, which
// hold 8 bytes once ordered).
func TestNewSegmentNorms(t *testing.T) {
	if n := unsafe.Sizeof(sortedPosting{}); n > 8 {
		t.Fatalf("an ordered posting takes %d bytes, want at most 8", n)
	}
	for round := range 6 { // more segments than the free list keeps states
		const numDocs = 40
		var docs []index.Document
		want := map[string]map[int]int{} // field/term -> doc -> length
		add := func(doc int, field, term string, length int) {
			k := field + "/" + term
			if want[k] == nil {
				want[k] = map[int]int{}
			}
			want[k][doc] += length
		}
		for d := range numDocs {
			doc := &testDoc{id: fmt.Sprint(d)}
			id := newCountedTestField("_id", 1, doc.id)
			id.value = []byte(doc.id)
			doc.fields = append(doc.fields, id)
			la := d + 1 + round
			a := newCountedTestField("a", la, "x", fmt.Sprintf("t%d", d%3))
			doc.fields = append(doc.fields, a)
			add(d, "a", "x", la)
			add(d, "a", fmt.Sprintf("t%d", d%3), la)
			if (d+round)%2 == 0 {
				b := newCountedTestField("b", 7+round, "y")
				doc.fields = append(doc.fields, b)
				if d%4 == 0 { // twice: the lengths added
					doc.fields = append(doc.fields, newCountedTestField("b", 3, "z"))
					add(d, "b", "y", 7+round+3)
					add(d, "b", "z", 7+round+3)
				} else {
					add(d, "b", "y", 7+round)
				}
			}
			docs = append(docs, doc)
		}
		seg, _, err := (&ZapPlugin{}).New(docs)
		if err != nil {
			t.Fatal(err)
		}
		for k, byDoc := range want {
			field, term := k[:1], k[2:]
			dict, err := seg.(*SegmentBase).Dictionary(field)
			if err != nil {
				t.Fatal(err)
			}
			pl, err := dict.PostingsList([]byte(term), nil, nil)
			if err != nil {
				t.Fatal(err)
			}
			it := pl.Iterator(true, true, false, nil)
			got := 0
			for {
				p, err := it.Next()
				if err != nil {
					t.Fatal(err)
				}
				if p == nil {
					break
				}
				got++
				doc := int(p.Number())
				length, ok := byDoc[doc]
				if !ok {
					t.Fatalf("round %d: %s in document %d, not expected", round, k, doc)
				}
				if w := float64(float32(1 / math.Sqrt(float64(length)))); p.(segment.Posting).Norm() != w {
					t.Errorf("round %d: %s in document %d: norm %v, want %v (length %d)", round, k, doc, p.Norm(), w, length)
				}
			}
			if got != len(byDoc) {
				t.Errorf("round %d: %s in %d documents, want %d", round, k, got, len(byDoc))
			}
		}
		seg.Close()
	}
}
