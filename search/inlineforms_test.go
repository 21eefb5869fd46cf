package search

import (
	"bytes"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"tracuu/models"
)

// TestTermFormsInline: a word's forms are kept in its termForms when both
// are of up to 16 bytes, zero-padded, with multi-byte Vietnamese letters
// across the boundary; the term sets' 16-byte moves (addNumberedShort,
// appendPairShort) add the same bytes as copying by the length, with as
// much room left in the set's bytes as the move needs, one byte less, and
// plenty.
func TestTermFormsInline(t *testing.T) {
	// what the analysis reads of every word is in the first cache line of
	// a 192-byte struct (each in a slot at a multiple of 64 bytes)
	var f0 termForms
	if size, end := unsafe.Sizeof(f0), unsafe.Offsetof(f0.foldHash)+8; size != 192 || end > 64 {
		t.Fatalf("termForms: %d bytes, its first line's fields end at %d; want 192 and at most 64", size, end)
	}
	for _, c := range []struct {
		raw                string
		exactLen, foldLen  int
		inline             bool
		exactText, foldTxt string
	}{
		{"Nghiêngnghiên", 15, 13, true, "nghiêngnghiên", "nghiengnghien"},              // ê: 2 bytes
		{"nghiêngnghiêng", 16, 14, true, "nghiêngnghiêng", "nghiengnghieng"},           // ends on a 2-byte letter's last byte
		{"NGHIÊNGNGHIÊNGA", 17, 15, false, "nghiêngnghiênga", "nghiengnghienga"},       // exact of 17 bytes, fold of 15
		{"aaaaaaaaaaaaaế", 16, 14, true, "aaaaaaaaaaaaaế", "aaaaaaaaaaaaae"},           // ế: 3 bytes, the 14th to 16th
		{"aaaaaaaaaaaaaaế", 17, 15, false, "aaaaaaaaaaaaaaế", "aaaaaaaaaaaaaae"},       // ế: the 15th to 17th
		{"abcdefghijklmnop", 16, 16, true, "abcdefghijklmnop", "abcdefghijklmnop"},     // ASCII, 16
		{"abcdefghijklmnopq", 17, 17, false, "abcdefghijklmnopq", "abcdefghijklmnopq"}, // ASCII, 17
		{"đđđđđđđđ", 16, 8, true, "đđđđđđđđ", "dddddddd"},
		{"người", 8, 5, true, "người", "nguoi"},
	} {
		f := analyseForms([]byte(c.raw), false)
		if string(f.exact) != c.exactText || string(f.fold) != c.foldTxt {
			t.Fatalf("%q: forms %q %q, want %q %q", c.raw, f.exact, f.fold, c.exactText, c.foldTxt)
		}
		if len(f.exact) != c.exactLen || len(f.fold) != c.foldLen {
			t.Fatalf("%q: forms of %d and %d bytes, the case says %d and %d", c.raw, len(f.exact), len(f.fold), c.exactLen, c.foldLen)
		}
		if f.inline != c.inline {
			t.Fatalf("%q: inline %v, want %v", c.raw, f.inline, c.inline)
		}
		if f.inline {
			for _, in := range []struct {
				arr  [16]byte
				n    uint8
				want string
			}{{f.exactIn, f.exactLen, c.exactText}, {f.foldIn, f.foldLen, c.foldTxt}} {
				if string(in.arr[:in.n]) != in.want || !bytes.Equal(in.arr[in.n:], make([]byte, 16-int(in.n))) {
					t.Fatalf("%q: inline %q (%d bytes), want %q zero-padded", c.raw, in.arr, in.n, in.want)
				}
			}
		}
		// the set's bytes hold a term first, then room for the move,
		// a byte less, and plenty
		for _, room := range []int{15, 16, 17, 64} {
			for _, inline := range []bool{false, true} {
				func() {
					defer func(v bool) { inlineForms = v }(inlineForms)
					inlineForms = inline
					var ts termSet
					ts.bytes = make([]byte, 0, 3+room)
					ts.ends, ts.freqs, ts.ids = make([]uint32, 0, 4), make([]uint32, 0, 4), make([]uint32, 0, 4)
					ts.addNumbered([]byte("abc"), termHash([]byte("abc")), 1)
					ts.addFold(f, 2)
					ts.addExact(f, 3)
					got := []string{string(ts.term(0)), string(ts.term(1)), string(ts.term(2))}
					if want := []string{"abc", c.foldTxt, c.exactText}; !slices.Equal(got, want) {
						t.Fatalf("%q, room %d, inline %v: terms %q, want %q", c.raw, room, inline, got, want)
					}
					if !slices.Equal(ts.ids, []uint32{1, 2, 3}) || !slices.Equal(ts.freqs, []uint32{0, 0, 0}) {
						t.Fatalf("%q, room %d: numbers %v, frequencies %v", c.raw, room, ts.ids, ts.freqs)
					}
					if n := 3 + len(c.foldTxt) + len(c.exactText); len(ts.bytes) != n {
						t.Fatalf("%q, room %d: %d bytes, want %d", c.raw, room, len(ts.bytes), n)
					}
				}()
			}
		}
	}

	// pairs of inline forms, of up to 16 + 1 + 16 + 3 bytes
	words := []string{"Người", "nguoi", "nghiêngnghiêng", "abcdefghijklmnop", "đđđđđđđđ", "aaaaaaaaaaaaaế", "ĐÓ"}
	for _, wa := range words {
		for _, wb := range words {
			a, b := analyseForms([]byte(wa), false), analyseForms([]byte(wb), false)
			for _, brk := range []bool{false, true} {
				want := appendPairVariant(nil, a, b, brk)
				vid := uint64(1) << 16
				if a.marked || b.marked {
					vid = uint64(1<<31|1)<<16 | uint64(exactCode(a.exact, b.exact))
				}
				for _, room := range []int{35, 36, 37, 100} {
					var ts termSet
					ts.bytes = make([]byte, 0, 1+room)
					ts.ends, ts.freqs = make([]uint32, 0, 4), make([]uint32, 0, 4)
					ts.appendNew([]byte("x"), 7)
					k := ts.appendPairShort(a, b, brk, vid, 9)
					if k != 2 || string(ts.term(1)) != string(want) || len(ts.bytes) != 1+len(want) {
						t.Fatalf("%q %q brk %v room %d: pair %d %q (%d bytes), want %q", wa, wb, brk, room, k, ts.term(1), len(ts.bytes), want)
					}
					if !slices.Equal(ts.ids, []uint32{7, 9}) || !slices.Equal(ts.freqs, []uint32{0, 0}) {
						t.Fatalf("%q %q: numbers %v, frequencies %v", wa, wb, ts.ids, ts.freqs)
					}
				}
			}
		}
	}
}

// TestDocumentsInlineSameAsCopied: Doc.document makes the same documents
// (every counted field's terms, frequencies, numbers and length) with
// the forms' 16-byte moves (inlineForms) as copying the forms by their
// length, of the development corpus's articles and of entities (the
// suggest field), with the term sets' lists from the heap and from a
// batch's termLists.
func TestDocumentsInlineSameAsCopied(t *testing.T) {
	docs := []Doc{
		{ID: "Article:1", Title: "Nghiêngnghiêngnghiêng ĐÓ NGƯỜI", Lead: "aaaaaaaaaaaaaế aaaaaaaaaaaaaaế người đó",
			Body: "đó người, đó người abcdefghijklmnop abcdefghijklmnopq 49.356.000 Bà Rịa-Vũng Tàu"},
		{ID: "Person:1", Title: "Nguyễn Văn Nghiêngnghiêng", Names: []string{"Nguyễn Văn A", "Văn Nghiêng"}, Body: "người đó"},
	}
	arts, err := devArticles(t, 1500-len(docs))
	if err != nil {
		t.Logf("development corpus missing, the crafted documents only: %v", err)
	}
	for _, a := range arts {
		d := Doc{ID: models.Ref{Type: models.TypeArticle, ID: int64(len(docs) + 1)}.String(), Title: a.Title, Lead: a.Lead, Body: a.Body}
		if len(docs)%10 == 0 {
			d.ID = models.Ref{Type: models.TypeOrganisation, ID: int64(len(docs) + 1)}.String()
			d.Names = strings.Fields(a.Title)
		}
		docs = append(docs, d)
	}
	defer func(v bool) { inlineForms = v }(inlineForms)
	type counted struct {
		name             string
		bytes            []byte
		ends, freqs, ids []uint32
		length           int
	}
	fields := func(d *Doc, inline bool, lists *termLists) []counted {
		inlineForms = inline
		doc, err := d.document(true, lists)
		if err != nil {
			t.Fatal(err)
		}
		var out []counted
		for _, fl := range doc.Fields {
			if c, ok := fl.(*countedField); ok {
				out = append(out, counted{name: c.name, bytes: c.bytes, ends: c.ends, freqs: c.freqs, ids: c.ids, length: c.length})
			}
		}
		return out
	}
	inlined, words := 0, 0
	for _, lists := range []*termLists{nil, {}} {
		for i := range docs {
			want := fields(&docs[i], false, nil)
			got := fields(&docs[i], true, lists)
			if len(got) != len(want) {
				t.Fatalf("%s: %d fields, want %d", docs[i].ID, len(got), len(want))
			}
			for k, w := range want {
				g := got[k]
				if g.name != w.name || !bytes.Equal(g.bytes, w.bytes) || !slices.Equal(g.ends, w.ends) ||
					!slices.Equal(g.freqs, w.freqs) || !slices.Equal(g.ids, w.ids) || g.length != w.length {
					t.Fatalf("%s field %s: inline %q %v %v %v %d,\ncopied %q %v %v %v %d", docs[i].ID, w.name,
						g.bytes, g.ends, g.freqs, g.ids, g.length, w.bytes, w.ends, w.freqs, w.ids, w.length)
				}
			}
		}
	}
	// the documents' words went through the inline forms
	for _, d := range docs[:min(len(docs), 100)] {
		for i := 0; ; {
			start, end := nextWord(d.Body, i)
			if start == end {
				break
			}
			i = end
			words++
			if forms.getIn(d.Body, start, end).inline {
				inlined++
			}
		}
	}
	if inlined < words*9/10 {
		t.Fatalf("%d of %d words inline, want nearly all", inlined, words)
	}
}
