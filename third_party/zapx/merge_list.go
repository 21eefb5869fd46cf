//  Copyright (c) 2026 Tracuu. Licensed under the Apache License, Version 2.0.

package zap

import (
	"encoding/binary"
	"fmt"
	"math/bits"

	"github.com/RoaringBitmap/roaring/v2"
)

// mergeList is one segment's postings list of a term as a merge that
// copies the frequency and norm bytes reads it (Tracuu's fork): its
// document numbers decoded straight from the roaring bytes into a slice
// (upstream built a roaring bitmap for every list, counted the list
// without the segment's deleted documents with AndCardinality, and made
// an iterator over the list without them with Intersects and AndNot);
// a deleted document is skipped as the list is copied, by the segment's
// new document numbers (docDropped), which are the deleted documents.
// The bytes written are those of mergeTermFreqNormLocsByCopying.
type mergeList struct {
	sb *SegmentBase

	hit1         bool // the "1-hit" encoding: one document, no bytes
	docNum1Hit   uint64
	normBits1Hit uint64
	freqOffset   uint64
	locOffset    uint64
	chunkSize    uint64
	docs         []uint32 // every document of the list, deleted ones too
	live         uint64   // the documents not deleted
	// lazy: docs not decoded yet (a segment without deleted documents,
	// whose new numbers are its own plus the first's): the list's roaring
	// bytes, its first and last document
	lazy          bool
	rb            []byte
	first, last   uint32
	offset, gen   uint64 // which list it holds (postingsOffset, term generation)
	fallback      *roaring.Bitmap
	freqNormDec   *chunkedIntDecoder
	locDec        *chunkedIntDecoder
	hit1Buf       [2 * binary.MaxVarintLen64]byte
	hit1BufFilled int
}

// read decodes the postings list at postingsOffset of sb's mem.
// newDocNums is the segment's new document numbers; hasDrops whether
// any of them is docDropped.
func (m *mergeList) read(sb *SegmentBase, postingsOffset uint64, newDocNums []uint64, hasDrops bool) error {
	m.sb = sb
	m.docs = m.docs[:0]
	if postingsOffset&FSTValEncodingMask == FSTValEncoding1Hit {
		m.hit1 = true
		m.docNum1Hit, m.normBits1Hit = FSTValDecode1Hit(postingsOffset)
		m.live = 1
		if hasDrops && newDocNums[m.docNum1Hit] == docDropped {
			m.live = 0
		}
		return nil
	}
	m.hit1 = false
	mem := sb.mem
	var n uint64
	var read int
	m.freqOffset, read = binary.Uvarint(mem[postingsOffset+n : postingsOffset+binary.MaxVarintLen64])
	n += uint64(read)
	m.locOffset, read = binary.Uvarint(mem[postingsOffset+n : postingsOffset+n+binary.MaxVarintLen64])
	n += uint64(read)
	var postingsLen uint64
	postingsLen, read = binary.Uvarint(mem[postingsOffset+n : postingsOffset+n+binary.MaxVarintLen64])
	n += uint64(read)
	roaringBytes, err := sb.fileReader.process(mem[postingsOffset+n : postingsOffset+n+postingsLen])
	if err != nil {
		return err
	}
	if !hasDrops {
		// Nothing to count or skip: the documents are decoded only if
		// the list is not copied whole (copyTo).
		var card uint64
		var ok bool
		if card, m.first, m.last, ok = roaringSpan(roaringBytes); ok {
			m.lazy, m.rb, m.live = true, roaringBytes, card
			m.chunkSize, err = getChunkSize(sb.chunkMode, card, sb.numDocs)
			if err != nil {
				return fmt.Errorf("failed to get chunk size: %v", err)
			}
			return nil
		}
	}
	m.lazy = false
	var ok bool
	if m.docs, ok = appendRoaringDocs(m.docs, roaringBytes, 0); !ok {
		if m.fallback == nil {
			m.fallback = roaring.New()
		}
		if _, err := m.fallback.FromBuffer(roaringBytes); err != nil {
			return fmt.Errorf("error loading roaring bitmap: %v", err)
		}
		m.docs = m.docs[:0]
		it := m.fallback.Iterator()
		for it.HasNext() {
			m.docs = append(m.docs, it.Next())
		}
	}
	m.chunkSize, err = getChunkSize(sb.chunkMode, uint64(len(m.docs)), sb.numDocs)
	if err != nil {
		return fmt.Errorf("failed to get chunk size: %v", err)
	}
	m.live = uint64(len(m.docs))
	if hasDrops {
		for _, d := range m.docs {
			if newDocNums[d] == docDropped {
				m.live--
			}
		}
	}
	return nil
}

// copyTo adds the list's documents but the deleted ones to newPostings
// and their frequency, norm and location bytes to the encoders, as
// mergeTermFreqNormLocsByCopying does with a postings iterator of the
// list without the deleted documents, and returns what it returns.
// needLast tells whether the caller reads what it returns (the merged
// term has one document: the "1-hit" encoding's test); when it does not,
// and the list has no deleted document, each chunk of the list whose
// documents all land in one chunk of the merged list is copied whole
// (its bytes are its documents' bytes one after another).
func (m *mergeList) copyTo(newDocNums []uint64, newPostings *postingsBuilder,
	tfEncoder *chunkedIntCoder, locEncoder *chunkedIntCoder, needLast bool) (
	lastDocNum uint64, lastFreq uint64, lastNorm uint64, err error) {
	if m.hit1 {
		if m.live == 0 {
			return 0, 0, 0, nil
		}
		hitNewDocNum := newDocNums[m.docNum1Hit]
		newPostings.add(uint32(hitNewDocNum))
		b := m.hit1Buf[:]
		k := binary.PutUvarint(b, freqHasLocs1Hit)
		k += binary.PutUvarint(b[k:], m.normBits1Hit)
		if err = tfEncoder.AddBytes(hitNewDocNum, b[:k]); err != nil {
			return 0, 0, 0, err
		}
		return hitNewDocNum, 1, m.normBits1Hit, nil
	}
	if !m.lazy && len(m.docs) == 0 {
		return 0, 0, 0, nil
	}
	if m.chunkSize == 0 {
		return 0, 0, 0, ErrChunkSizeZero
	}
	sb := m.sb
	m.freqNormDec = newChunkedIntDecoder(sb.mem, m.freqOffset, m.freqNormDec, sb.fileReader)
	m.locDec = newChunkedIntDecoder(sb.mem, m.locOffset, m.locDec, sb.fileReader)
	fr, lr := m.freqNormDec, m.locDec
	if m.lazy {
		// A list in one chunk whose documents land in one chunk of the
		// merged list is copied whole (as copyChunks does), its
		// documents decoded straight into newPostings.
		if !needLast && tfEncoder.chunkSize > 0 && tfEncoder.chunkSize == locEncoder.chunkSize &&
			uint64(m.last) < m.chunkSize {
			base := newDocNums[0]
			first, last := base+uint64(m.first), base+uint64(m.last)
			if first/tfEncoder.chunkSize == last/tfEncoder.chunkSize {
				if err = fr.loadChunk(0); err != nil {
					return 0, 0, 0, fmt.Errorf("error loading chunk: %v", err)
				}
				if err = lr.loadChunk(0); err != nil {
					return 0, 0, 0, fmt.Errorf("error loading chunk: %v", err)
				}
				if !fr.isNil() {
					newPostings.docNums, _ = appendRoaringDocs(newPostings.docNums, m.rb, uint32(base))
					if err = tfEncoder.AddBytes(first, fr.curChunkBytes); err != nil {
						return 0, 0, 0, err
					}
					if len(lr.curChunkBytes) > 0 {
						if err = locEncoder.AddBytes(first, lr.curChunkBytes); err != nil {
							return 0, 0, 0, err
						}
					}
					return 0, 0, 0, nil
				}
			}
		}
		m.docs, _ = appendRoaringDocs(m.docs[:0], m.rb, 0) // roaringSpan read the bytes
		m.lazy = false
	}
	chunkSize := uint32(m.chunkSize)
	if !needLast && m.live == uint64(len(m.docs)) && tfEncoder.chunkSize > 0 &&
		tfEncoder.chunkSize == locEncoder.chunkSize {
		return 0, 0, 0, m.copyChunks(newDocNums, newPostings, tfEncoder, locEncoder)
	}
	curChunk := uint32(0)
	loaded := false
	for _, d := range m.docs {
		if c := d / chunkSize; !loaded || c != curChunk || fr.isNil() {
			if err = fr.loadChunk(int(c)); err != nil {
				return 0, 0, 0, fmt.Errorf("error loading chunk: %v", err)
			}
			if err = lr.loadChunk(int(c)); err != nil {
				return 0, 0, 0, fmt.Errorf("error loading chunk: %v", err)
			}
			curChunk, loaded = c, true
		}
		start := fr.remainingLen()
		freqHasLocs, err := fr.readUvarint()
		if err != nil {
			return 0, 0, 0, fmt.Errorf("error reading frequency: %v", err)
		}
		freq, hasLocs := decodeFreqHasLocs(freqHasLocs)
		var normBits uint64
		if freq != 0 {
			if normBits, err = fr.readUvarint(); err != nil {
				return 0, 0, 0, fmt.Errorf("error reading norm: %v", err)
			}
		}
		end := fr.remainingLen()
		var locBytes []byte
		if hasLocs {
			startLoc := lr.remainingLen()
			numLocsBytes, err := lr.readUvarint()
			if err != nil {
				return 0, 0, 0, fmt.Errorf("error reading location nextBytes numLocs: %v", err)
			}
			lr.SkipBytes(int(numLocsBytes))
			locBytes = lr.readBytes(startLoc, lr.remainingLen())
		}
		hitNewDocNum := newDocNums[d]
		if hitNewDocNum == docDropped {
			continue
		}
		if end == start {
			// what nextBytes gives past the chunk's end: the copy stops
			break
		}
		newPostings.add(uint32(hitNewDocNum))
		if err = tfEncoder.AddBytes(hitNewDocNum, fr.readBytes(start, end)); err != nil {
			return 0, 0, 0, err
		}
		if len(locBytes) > 0 {
			if err = locEncoder.AddBytes(hitNewDocNum, locBytes); err != nil {
				return 0, 0, 0, err
			}
		}
		lastDocNum, lastFreq, lastNorm = hitNewDocNum, freq, normBits
	}
	return lastDocNum, lastFreq, lastNorm, nil
}

// copyChunks is copyTo for a list without deleted documents when the
// caller does not read the last posting: a chunk whose documents all land
// in one chunk of the merged list is copied whole, the others posting by
// posting.
func (m *mergeList) copyChunks(newDocNums []uint64, newPostings *postingsBuilder,
	tfEncoder *chunkedIntCoder, locEncoder *chunkedIntCoder) error {
	fr, lr := m.freqNormDec, m.locDec
	chunkSize := uint32(m.chunkSize)
	outChunkSize := tfEncoder.chunkSize
	docs := m.docs
	for i := 0; i < len(docs); {
		c := docs[i] / chunkSize
		end := uint64(c+1) * uint64(chunkSize) // the chunk's documents are below
		j := i + 1
		for j < len(docs) && uint64(docs[j]) < end {
			j++
		}
		if err := fr.loadChunk(int(c)); err != nil {
			return fmt.Errorf("error loading chunk: %v", err)
		}
		if err := lr.loadChunk(int(c)); err != nil {
			return fmt.Errorf("error loading chunk: %v", err)
		}
		first, last := newDocNums[docs[i]], newDocNums[docs[j-1]]
		if first/outChunkSize == last/outChunkSize && !fr.isNil() {
			for _, d := range docs[i:j] {
				newPostings.add(uint32(newDocNums[d]))
			}
			if err := tfEncoder.AddBytes(first, fr.curChunkBytes); err != nil {
				return err
			}
			if len(lr.curChunkBytes) > 0 {
				if err := locEncoder.AddBytes(first, lr.curChunkBytes); err != nil {
					return err
				}
			}
			i = j
			continue
		}
		for _, d := range docs[i:j] {
			start := fr.remainingLen()
			freqHasLocs, err := fr.readUvarint()
			if err != nil {
				return fmt.Errorf("error reading frequency: %v", err)
			}
			freq, hasLocs := decodeFreqHasLocs(freqHasLocs)
			if freq != 0 {
				if _, err = fr.readUvarint(); err != nil {
					return fmt.Errorf("error reading norm: %v", err)
				}
			}
			end := fr.remainingLen()
			if end == start {
				return nil
			}
			hitNewDocNum := newDocNums[d]
			newPostings.add(uint32(hitNewDocNum))
			if err = tfEncoder.AddBytes(hitNewDocNum, fr.readBytes(start, end)); err != nil {
				return err
			}
			if hasLocs {
				startLoc := lr.remainingLen()
				numLocsBytes, err := lr.readUvarint()
				if err != nil {
					return fmt.Errorf("error reading location nextBytes numLocs: %v", err)
				}
				lr.SkipBytes(int(numLocsBytes))
				if err = locEncoder.AddBytes(hitNewDocNum, lr.readBytes(startLoc, lr.remainingLen())); err != nil {
					return err
				}
			}
		}
		i = j
	}
	return nil
}

// appendRoaringDocs appends to dst the values, plus base, of the roaring
// bitmap serialised in b when it holds array and bitmap containers only
// (the bytes appendRoaring and roaring's ToBytes write without run
// containers); ok is false for any other bytes, which roaring itself
// then reads.
func appendRoaringDocs(dst []uint32, b []byte, base uint32) (_ []uint32, ok bool) {
	if len(b) < 8 || binary.LittleEndian.Uint32(b) != roaringNoRunCookie {
		return dst, false
	}
	size := int(binary.LittleEndian.Uint32(b[4:]))
	if size > 1<<16 || len(b) < 8+8*size {
		return dst, false
	}
	keycard := b[8 : 8+4*size]
	p := 8 + 8*size // past the descriptive and offset headers
	for i := 0; i < size; i++ {
		key := uint32(binary.LittleEndian.Uint16(keycard[4*i:])) << 16
		card := int(binary.LittleEndian.Uint16(keycard[4*i+2:])) + 1
		if card > roaringArrayMax {
			if len(b) < p+8192 {
				return dst, false
			}
			for w := 0; w < 1024; w++ {
				word := binary.LittleEndian.Uint64(b[p+8*w:])
				for word != 0 {
					t := word & -word
					dst = append(dst, key|uint32(w*64+bits.TrailingZeros64(word))+base)
					word ^= t
				}
			}
			p += 8192
			continue
		}
		if len(b) < p+2*card {
			return dst, false
		}
		for j := 0; j < card; j++ {
			dst = append(dst, key|uint32(binary.LittleEndian.Uint16(b[p+2*j:]))+base)
		}
		p += 2 * card
	}
	return dst, true
}

// roaringSpan reads the headers of the bytes appendRoaringDocs decodes:
// how many values they hold, the first and the last; ok is false for
// bytes appendRoaringDocs does not decode, or none.
func roaringSpan(b []byte) (card uint64, first, last uint32, ok bool) {
	if len(b) < 8 || binary.LittleEndian.Uint32(b) != roaringNoRunCookie {
		return 0, 0, 0, false
	}
	size := int(binary.LittleEndian.Uint32(b[4:]))
	if size == 0 || size > 1<<16 || len(b) < 8+8*size {
		return 0, 0, 0, false
	}
	keycard := b[8 : 8+4*size]
	p := 8 + 8*size
	for i := 0; i < size; i++ {
		key := uint32(binary.LittleEndian.Uint16(keycard[4*i:])) << 16
		n := int(binary.LittleEndian.Uint16(keycard[4*i+2:])) + 1
		card += uint64(n)
		if n > roaringArrayMax {
			if len(b) < p+8192 {
				return 0, 0, 0, false
			}
			if i == 0 {
				w := 0
				for binary.LittleEndian.Uint64(b[p+8*w:]) == 0 {
					if w++; w == 1024 {
						return 0, 0, 0, false
					}
				}
				first = key | uint32(w*64+bits.TrailingZeros64(binary.LittleEndian.Uint64(b[p+8*w:])))
			}
			if i == size-1 {
				w := 1023
				for binary.LittleEndian.Uint64(b[p+8*w:]) == 0 {
					if w--; w < 0 {
						return 0, 0, 0, false
					}
				}
				last = key | uint32(w*64+63-bits.LeadingZeros64(binary.LittleEndian.Uint64(b[p+8*w:])))
			}
			p += 8192
			continue
		}
		if len(b) < p+2*n {
			return 0, 0, 0, false
		}
		if i == 0 {
			first = key | uint32(binary.LittleEndian.Uint16(b[p:]))
		}
		if i == size-1 {
			last = key | uint32(binary.LittleEndian.Uint16(b[p+2*(n-1):]))
		}
		p += 2 * n
	}
	return card, first, last, true
}
