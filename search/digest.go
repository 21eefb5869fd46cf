package search

import (
	"context"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"math"
	"slices"
	"strings"

	index "github.com/blevesearch/bleve_index_api"
)

// Digest describes what the index holds, whatever its segments: for each
// part, its documents and every field's postings (each term's documents by
// id, with frequency and norm: the doc values are made from them; a term
// counts when a document has it) and the
// stored fields (name, array positions, value), each as a count and a sum
// of 64-bit FNV-1a hashes (the same multiset of entries gives the same
// sum), one line each; the internal settings (position, format) are left
// out. Two indexes with the same lines hold the same documents
// document for document. For tests and cmd/indexdigest: it reads the
// whole index.
func (ix *Index) Digest(ctx context.Context) (string, error) {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	var b strings.Builder
	for i, p := range ix.bi.parts {
		adv, err := p.Advanced()
		if err != nil {
			return "", err
		}
		r, err := adv.Reader()
		if err != nil {
			return "", err
		}
		err = digestPart(ctx, &b, i, r)
		r.Close()
		if err != nil {
			return "", err
		}
	}
	return b.String(), nil
}

func digestPart(ctx context.Context, b *strings.Builder, part int, r index.IndexReader) error {
	ext := map[string]string{} // internal id -> document id
	all, err := r.DocIDReaderAll()
	if err != nil {
		return err
	}
	var ids []string
	for {
		id, err := all.Next()
		if err != nil {
			all.Close()
			return err
		}
		if id == nil {
			break
		}
		e, err := r.ExternalID(id)
		if err != nil {
			all.Close()
			return err
		}
		ext[string(id)] = e
		ids = append(ids, e)
	}
	all.Close()
	h := fnv.New64a()
	var num [8]byte
	sum := func(parts ...[]byte) uint64 {
		h.Reset()
		for _, p := range parts {
			binary.LittleEndian.PutUint64(num[:], uint64(len(p)))
			h.Write(num[:])
			h.Write(p)
		}
		return h.Sum64()
	}
	u64 := func(v uint64) []byte { return binary.LittleEndian.AppendUint64(nil, v) }
	var docSum uint64
	for _, id := range ids {
		docSum += sum([]byte(id))
	}
	fmt.Fprintf(b, "part %d: %d documents %016x\n", part, len(ids), docSum)
	fields, err := r.Fields()
	if err != nil {
		return err
	}
	slices.Sort(fields)
	for _, f := range fields {
		if err := ctx.Err(); err != nil {
			return err
		}
		dict, err := r.FieldDict(f)
		if err != nil {
			return err
		}
		var terms, postings, s uint64
		var tfd index.TermFieldDoc
		for {
			e, err := dict.Next()
			if err != nil {
				dict.Close()
				return err
			}
			if e == nil {
				break
			}
			n := postings
			tfr, err := r.TermFieldReader(ctx, []byte(e.Term), f, true, true, false)
			if err != nil {
				dict.Close()
				return err
			}
			for {
				d, err := tfr.Next(&tfd)
				if err != nil {
					tfr.Close()
					dict.Close()
					return err
				}
				if d == nil {
					break
				}
				postings++
				s += sum([]byte(f), []byte(e.Term), []byte(ext[string(d.ID)]), u64(d.Freq), u64(math.Float64bits(d.Norm)))
			}
			tfr.Close()
			if postings > n {
				// A term only deleted documents had (an older version
				// in a segment not merged yet) is not counted.
				terms++
			}
		}
		dict.Close()
		fmt.Fprintf(b, "part %d: field %s: %d terms, %d postings %016x\n", part, f, terms, postings, s)
	}
	var stored, storedSum uint64
	for _, id := range ids {
		doc, err := r.Document(id)
		if err != nil {
			return err
		}
		if doc == nil {
			continue
		}
		doc.VisitFields(func(f index.Field) {
			var pos []byte
			for _, p := range f.ArrayPositions() {
				pos = binary.LittleEndian.AppendUint64(pos, p)
			}
			stored++
			storedSum += sum([]byte(id), []byte(f.Name()), pos, f.Value())
		})
	}
	fmt.Fprintf(b, "part %d: %d stored fields %016x\n", part, stored, storedSum)
	return nil
}
