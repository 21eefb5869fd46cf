//  Copyright (c) 2026 Tracuu. Licensed under the Apache License, Version 2.0.

package zap

import (
	"encoding/binary"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
)

// roaringNoRunCookie is roaring's serialCookieNoRunContainer: a bitmap of
// array and bitmap containers only.
const roaringNoRunCookie = 12346

// roaringArrayMax is the largest cardinality roaring keeps in an array
// container (arrayDefaultMaxSize).
const roaringArrayMax = 4096

// roaringBitmapBytes is the size of a bitmap container's bytes.
const roaringBitmapBytes = 8192

// appendRoaring appends to dst the bytes roaring's ToBytes writes for the
// bitmap that Add makes of docNums (sorted, distinct): array containers
// for at most 4,096 values, bitmap containers (1,024 little-endian words)
// above. A container of all 65,536 values, which Add makes a run
// container (another cookie and header), is left to roaring itself,
// through fallback. (Tracuu's fork first wrote only arrays here, and
// had roaring encode every list with a bitmap container.)
func appendRoaring(dst []byte, docNums []uint32, fallback **roaring.Bitmap) ([]byte, error) {
	if n := len(docNums); n > 0 && n < 1<<16 && docNums[0]>>16 == docNums[n-1]>>16 {
		// one container (every list of a segment of fewer than 65,536
		// documents): its header without a pass over the numbers
		dst = binary.LittleEndian.AppendUint32(dst, roaringNoRunCookie)
		dst = binary.LittleEndian.AppendUint32(dst, 1)
		dst = binary.LittleEndian.AppendUint16(dst, uint16(docNums[0]>>16))
		dst = binary.LittleEndian.AppendUint16(dst, uint16(n-1))
		dst = binary.LittleEndian.AppendUint32(dst, 16)
		return appendRoaringContainer(dst, docNums), nil
	}
	containers, run := 0, 0
	for i, d := range docNums {
		if i == 0 || d>>16 != docNums[i-1]>>16 {
			containers++
			run = 0
		}
		run++
		if run > 1<<16-1 {
			if *fallback == nil {
				*fallback = roaring.New()
			}
			bm := *fallback
			bm.Clear()
			bm.AddMany(docNums)
			b, err := bm.ToBytes()
			if err != nil {
				return dst, err
			}
			return append(dst, b...), nil
		}
	}
	dst = binary.LittleEndian.AppendUint32(dst, roaringNoRunCookie)
	dst = binary.LittleEndian.AppendUint32(dst, uint32(containers))
	// descriptive header: key, cardinality - 1
	for i := 0; i < len(docNums); {
		j := containerEnd(docNums, i)
		dst = binary.LittleEndian.AppendUint16(dst, uint16(docNums[i]>>16))
		dst = binary.LittleEndian.AppendUint16(dst, uint16(j-i-1))
		i = j
	}
	// offset header
	offset := 8 + 8*containers
	for i := 0; i < len(docNums); {
		j := containerEnd(docNums, i)
		dst = binary.LittleEndian.AppendUint32(dst, uint32(offset))
		if j-i > roaringArrayMax {
			offset += roaringBitmapBytes
		} else {
			offset += 2 * (j - i)
		}
		i = j
	}
	for i := 0; i < len(docNums); {
		j := containerEnd(docNums, i)
		dst = appendRoaringContainer(dst, docNums[i:j])
		i = j
	}
	return dst, nil
}

// appendRoaringContainer appends the container of docNums (one key, fewer
// than 65,536): an array's 16-bit values, or a bitmap's 1,024 words.
func appendRoaringContainer(dst []byte, docNums []uint32) []byte {
	base := len(dst)
	if len(docNums) <= roaringArrayMax {
		dst = slices.Grow(dst, 2*len(docNums))[:base+2*len(docNums)]
		out := dst[base:]
		for i, d := range docNums {
			binary.LittleEndian.PutUint16(out[2*i:], uint16(d))
		}
		return dst
	}
	// the bit of value v is bit v%64 of little-endian word v/64: bit v%8
	// of byte v/8
	dst = append(dst, make([]byte, roaringBitmapBytes)...)
	bm := dst[base : base+roaringBitmapBytes]
	for _, d := range docNums {
		lo := uint16(d)
		bm[lo>>3] |= 1 << (lo & 7)
	}
	return dst
}

// containerEnd returns the end of the container of docNums[i].
func containerEnd(docNums []uint32, i int) int {
	key := docNums[i] >> 16
	j := i + 1
	for j < len(docNums) && docNums[j]>>16 == key {
		j++
	}
	return j
}

// writePostingsBytes is writePostings for a postings list already encoded
// (appendRoaring), without the 1-hit encoding, as a new segment writes
// it.
func writePostingsBytes(postings []byte, tfEncoder, locEncoder *chunkedIntCoder,
	w *FileWriter, bufMaxVarintLen64 []byte) (offset uint64, err error) {
	if w.processor == nil {
		return writePostingsBytesOnce(postings, tfEncoder, locEncoder, w)
	}
	tfOffset, _, err := tfEncoder.writeAt(w)
	if err != nil {
		return 0, err
	}

	locOffset, _, err := locEncoder.writeAt(w)
	if err != nil {
		return 0, err
	}

	postingsOffset := uint64(w.Count())

	n := binary.PutUvarint(bufMaxVarintLen64, tfOffset)
	_, err = w.Write(bufMaxVarintLen64[:n])
	if err != nil {
		return 0, err
	}

	n = binary.PutUvarint(bufMaxVarintLen64, locOffset)
	_, err = w.Write(bufMaxVarintLen64[:n])
	if err != nil {
		return 0, err
	}

	_, err = writeRoaringBytesWithLen(postings, w, bufMaxVarintLen64)
	if err != nil {
		return 0, err
	}

	return postingsOffset, nil
}

// writePostingsBytesOnce is writePostingsBytes for a writer without a
// callback: the same bytes, gathered in the writer's scratch buffer and
// written at once (six writes a term, each through the writer's hash,
// were a tenth of writing a segment's dictionaries).
func writePostingsBytesOnce(postings []byte, tfEncoder, locEncoder *chunkedIntCoder,
	w *FileWriter) (offset uint64, err error) {
	base := uint64(w.Count())
	dst := w.postBuf[:0]
	tfOffset := uint64(termNotEncoded)
	if len(tfEncoder.final) > 0 {
		tfOffset = base
		dst = tfEncoder.appendTo(dst)
	}
	locOffset := uint64(termNotEncoded)
	if len(locEncoder.final) > 0 {
		locOffset = base + uint64(len(dst))
		dst = locEncoder.appendTo(dst)
	}
	offset = base + uint64(len(dst))
	dst = binary.AppendUvarint(dst, tfOffset)
	dst = binary.AppendUvarint(dst, locOffset)
	dst = binary.AppendUvarint(dst, uint64(len(postings)))
	dst = append(dst, postings...)
	w.postBuf = dst
	if _, err = w.Write(dst); err != nil {
		return 0, err
	}
	return offset, nil
}

// postingsBuilder gathers the document numbers of a term in a merge, as
// upstream's roaring bitmap did, and writes its postings list.
type postingsBuilder struct {
	docNums  []uint32
	fallback *roaring.Bitmap
	buf      []byte
}

func (p *postingsBuilder) add(docNum uint32) { p.docNums = append(p.docNums, docNum) }

func (p *postingsBuilder) reset() { p.docNums = p.docNums[:0] }

// sort orders the document numbers and drops repeats, as a bitmap holds
// them; the segments give them in order already.
func (p *postingsBuilder) sort() {
	for i := 1; i < len(p.docNums); i++ {
		if p.docNums[i] <= p.docNums[i-1] {
			slices.Sort(p.docNums)
			p.docNums = slices.Compact(p.docNums)
			return
		}
	}
}

// write is writePostings for the sorted document numbers.
func (p *postingsBuilder) write(tfEncoder, locEncoder *chunkedIntCoder,
	use1HitEncoding func(uint64) (bool, uint64, uint64),
	w *FileWriter, bufMaxVarintLen64 []byte) (offset uint64, err error) {
	if len(p.docNums) == 0 {
		return 0, nil
	}
	if use1HitEncoding != nil {
		encodeAs1Hit, docNum1Hit, normBits1Hit := use1HitEncoding(uint64(len(p.docNums)))
		if encodeAs1Hit {
			return FSTValEncode1Hit(docNum1Hit, normBits1Hit), nil
		}
	}
	p.buf, err = appendRoaring(p.buf[:0], p.docNums, &p.fallback)
	if err != nil {
		return 0, err
	}
	return writePostingsBytes(p.buf, tfEncoder, locEncoder, w, bufMaxVarintLen64)
}
