// Command indexsize tells where the bytes of a Tracuu search index go:
// for every field of every zap segment under the given folders, the
// bytes of its postings (the document bitmaps, the frequencies and norms,
// the locations), its term dictionary and its doc values, and the stored
// fields (each field's share of the uncompressed values, the compressed
// bytes shared out in proportion). Bleve offers none of this; the zap
// layout is read as zapx v17 writes it (zap.md in its module).
//
//	indexsize DATA_DIR/index
package main

import (
	"encoding/binary"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/blevesearch/vellum"
	"github.com/golang/snappy"
)

// part is the bytes of one field in one kind.
type part struct {
	bitmaps, freqNorm, locs, dict, docValues, header int64
	terms, oneHit                                    int64
	stored, storedRaw                                int64
}

type report struct {
	fields                       map[string]*part
	storedMeta, storedIdx, other int64
	segments, docs, zapBytes     int64
	files                        int64 // all the files, zap or not
}

func (r *report) field(name string) *part {
	p := r.fields[name]
	if p == nil {
		p = &part{}
		r.fields[name] = p
	}
	return p
}

func main() {
	flag.Usage = func() {
		fmt.Fprintln(os.Stderr, "usage: indexsize DIR…  (DATA_DIR/index: every .zap file under it)")
	}
	flag.Parse()
	if flag.NArg() == 0 {
		flag.Usage()
		os.Exit(2)
	}
	r := &report{fields: map[string]*part{}}
	for _, dir := range flag.Args() {
		err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			r.files += info.Size()
			if strings.HasSuffix(path, ".zap") {
				if err := r.segment(path); err != nil {
					return fmt.Errorf("%s: %w", path, err)
				}
			}
			return nil
		})
		if err != nil {
			fmt.Fprintln(os.Stderr, "indexsize:", err)
			os.Exit(1)
		}
	}
	r.print()
}

func uvarint(b []byte, pos uint64) (uint64, uint64) {
	v, n := binary.Uvarint(b[pos:])
	if n <= 0 {
		panic(fmt.Sprintf("bad varint at %d", pos))
	}
	return v, pos + uint64(n)
}

const (
	footerSize   = 4 + 4 + 4 + 4 + 8 + 8 + 8
	oneHitMask   = uint64(0xc000000000000000)
	oneHit       = uint64(0x8000000000000000)
	notUninvertd = ^uint64(0)
	notEncoded   = 0 // zapx termNotEncoded: no chunks of this kind
)

// segment adds one zap file to the report.
func (r *report) segment(path string) error {
	mm, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	r.segments++
	r.zapBytes += int64(len(mm))
	n := len(mm)
	crc := n - 4
	ver := crc - 4
	chunk := ver - 4
	secIdx := chunk - 8
	storedIdx := secIdx - 8
	numDocsAt := storedIdx - 8
	idLenAt := numDocsAt - 4
	if v := binary.BigEndian.Uint32(mm[ver:]); v != 17 {
		return fmt.Errorf("zap version %d, not 17", v)
	}
	idLen := binary.BigEndian.Uint32(mm[idLenAt:])
	mem := mm[:n-footerSize-int(idLen)]
	sectionsIndex := binary.BigEndian.Uint64(mm[secIdx:])
	storedIndex := binary.BigEndian.Uint64(mm[storedIdx:])
	numDocs := binary.BigEndian.Uint64(mm[numDocsAt:])
	r.docs += int64(numDocs)

	// Fields and their inverted sections.
	type fieldInfo struct {
		name                          string
		addr, dvStart, dvEnd, dictLoc uint64
	}
	numFields, pos := uvarint(mem, sectionsIndex)
	var fields []fieldInfo
	for i := uint64(0); i < numFields; i++ {
		addr := binary.BigEndian.Uint64(mem[pos:])
		pos += 8
		p := addr
		nameLen, p := uvarint(mem, p)
		name := string(mem[p : p+nameLen])
		p += nameLen
		_, p = uvarint(mem, p) // options
		ns, p := uvarint(mem, p)
		f := fieldInfo{name: name}
		for s := uint64(0); s < ns; s++ {
			typ := binary.BigEndian.Uint16(mem[p:])
			a := binary.BigEndian.Uint64(mem[p+2:])
			p += 10
			if typ == 0 { // inverted text index
				f.addr = a
			}
		}
		if f.addr != 0 {
			q := f.addr
			f.dvStart, q = uvarint(mem, q)
			f.dvEnd, q = uvarint(mem, q)
			f.dictLoc, _ = uvarint(mem, q)
		}
		fields = append(fields, f)
	}

	// Stored fields: [0, storedIndex), then the index of offsets.
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = f.name
	}
	var buf []byte
	for d := uint64(0); d < numDocs; d++ {
		off := binary.BigEndian.Uint64(mem[storedIndex+8*d:])
		metaLen, p := uvarint(mem, off)
		dataLen, p := uvarint(mem, p)
		meta := mem[p : p+metaLen]
		data := mem[p+metaLen : p+metaLen+dataLen]
		r.storedMeta += int64(p - off + metaLen)
		idLen, mp := uvarint(meta, 0)
		r.field("_id").stored += int64(idLen)
		r.field("_id").storedRaw += int64(idLen)
		comp := data[idLen:]
		if buf, err = snappy.Decode(buf[:cap(buf)], comp); err != nil {
			return err
		}
		raw := map[string]int64{}
		var total int64
		for mp < uint64(len(meta)) {
			var fid, l, na uint64
			fid, mp = uvarint(meta, mp)
			_, mp = uvarint(meta, mp) // type
			_, mp = uvarint(meta, mp) // offset
			l, mp = uvarint(meta, mp)
			na, mp = uvarint(meta, mp)
			for ; na > 0; na-- {
				_, mp = uvarint(meta, mp)
			}
			raw[names[fid]] += int64(l)
			total += int64(l)
		}
		for name, l := range raw {
			p := r.field(name)
			p.storedRaw += l
			p.stored += int64(len(comp)) * l / total
		}
	}
	r.storedIdx += int64(8 * numDocs)

	// The inverted sections, field after field: the postings of its
	// terms, its dictionary, its doc values, its header.
	sort.Slice(fields, func(i, j int) bool { return fields[i].addr < fields[j].addr })
	prev := storedIndex + 8*numDocs
	if edges, _ := uvarint(mem, prev); edges == 0 {
		prev++
	} else {
		_, q := uvarint(mem, prev)
		for e := uint64(0); e < 2*edges; e++ {
			_, q = uvarint(mem, q)
		}
		prev = q
	}
	for _, f := range fields {
		if f.addr == 0 {
			continue
		}
		p := r.field(f.name)
		dictLen, q := uvarint(mem, f.dictLoc)
		fst, err := vellum.Load(mem[q : q+dictLen])
		if err != nil {
			return fmt.Errorf("field %s: %w", f.name, err)
		}
		p.dict += int64(q - f.dictLoc + dictLen)
		if f.dvStart != notUninvertd {
			p.docValues += int64(f.dvEnd - f.dvStart)
		}
		_, hq := uvarint(mem, f.addr)
		_, hq = uvarint(mem, hq)
		_, hq = uvarint(mem, hq)
		p.header += int64(hq - f.addr)
		postings := int64(f.dictLoc - prev)
		var tf, loc int64
		it, err := fst.Iterator(nil, nil)
		for err == nil {
			_, v := it.Current()
			p.terms++
			if v&oneHitMask == oneHit {
				p.oneHit++
			} else {
				tfOff, a := uvarint(mem, v)
				locOff, _ := uvarint(mem, a)
				end := v // the chunks of a term precede its bitmap
				if locOff != notEncoded {
					loc += int64(end - locOff)
					end = locOff
				}
				if tfOff != notEncoded {
					tf += int64(end - tfOff)
				}
			}
			err = it.Next()
		}
		if err != vellum.ErrIteratorDone {
			return fmt.Errorf("field %s: %w", f.name, err)
		}
		p.freqNorm += tf
		p.locs += loc
		p.bitmaps += postings - tf - loc
		prev = f.addr + uint64(hq-f.addr)
	}
	r.other += int64(len(mem)) - int64(prev) + int64(footerSize) + int64(idLen)
	return nil
}

func mb(n int64) string { return fmt.Sprintf("%.1f", float64(n)/1e6) }

func (r *report) print() {
	fmt.Printf("%d segments, %d documents, %s MB of zap files, %s MB of files in all\n", r.segments, r.docs, mb(r.zapBytes), mb(r.files))
	names := make([]string, 0, len(r.fields))
	for n := range r.fields {
		names = append(names, n)
	}
	total := func(p *part) int64 {
		return p.bitmaps + p.freqNorm + p.locs + p.dict + p.docValues + p.header + p.stored
	}
	sort.Slice(names, func(i, j int) bool { return total(r.fields[names[i]]) > total(r.fields[names[j]]) })
	fmt.Printf("%-14s %10s %10s %10s %10s %10s %10s %10s %10s %10s\n", "field (MB)", "total", "bitmaps", "freq+norm", "locations", "dictionary", "doc values", "stored", "terms", "1-hit")
	var sum part
	for _, n := range names {
		p := r.fields[n]
		fmt.Printf("%-14s %10s %10s %10s %10s %10s %10s %10s %10d %10d\n", n, mb(total(p)), mb(p.bitmaps), mb(p.freqNorm), mb(p.locs), mb(p.dict), mb(p.docValues), mb(p.stored), p.terms, p.oneHit)
		sum.bitmaps += p.bitmaps
		sum.freqNorm += p.freqNorm
		sum.locs += p.locs
		sum.dict += p.dict
		sum.docValues += p.docValues
		sum.header += p.header
		sum.stored += p.stored
		sum.storedRaw += p.storedRaw
		sum.terms += p.terms
	}
	fmt.Printf("%-14s %10s %10s %10s %10s %10s %10s %10s %10d\n", "all fields", mb(total(&sum)), mb(sum.bitmaps), mb(sum.freqNorm), mb(sum.locs), mb(sum.dict), mb(sum.docValues), mb(sum.stored), sum.terms)
	fmt.Printf("stored: %s MB of values before compression, %s MB after; per-document metadata %s MB, offsets %s MB\n", mb(sum.storedRaw), mb(sum.stored), mb(r.storedMeta), mb(r.storedIdx))
	fmt.Printf("field headers, sections index, footers: %s MB; other files (bolt root, obsolete segments): %s MB\n", mb(sum.header+r.other), mb(r.files-r.zapBytes))
}
