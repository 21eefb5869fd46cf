//  Copyright (c) 2023 Couchbase, Inc.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
// 		http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package zap

import (
	"bytes"
	"encoding/binary"
	"strings"
	"sync/atomic"
	"unsafe"

	"github.com/RoaringBitmap/roaring/v2"
	index "github.com/blevesearch/bleve_index_api"
	seg "github.com/blevesearch/scorch_segment_api/v2"
	"github.com/blevesearch/vellum"
)

func init() {
	registerSegmentSection(SectionInvertedTextIndex, &invertedTextIndexSection{})
}

type invertedTextIndexSection struct {
}

// This function checks whether the inverted text index section should avoid processing
// a particular field, preventing unnecessary work if another section will handle it.
//
// NOTE: The exclusion check is applicable only to the InvertedTextIndexSection
// because it serves as a catch-all section. This section processes every field
// unless explicitly excluded, similar to a "default" case in a switch statement.
// Other sections, such as VectorSection and SynonymSection, rely on inclusion
// checks to process only specific field types (e.g., index.VectorField or
// index.SynonymField). Any new section added in the future must define its
// special field type and inclusion logic explicitly.
var isFieldExcludedFromInvertedTextIndexSection = func(field index.Field) bool {
	for _, excludeField := range invertedTextIndexSectionExclusionChecks {
		if excludeField(field) {
			// atleast one section has agreed to exclude this field
			// from inverted text index section processing and has
			// agreed to process it independently
			return true
		}
	}
	// no section has excluded this field from inverted index processing
	// so it should be processed by the inverted index section
	return false
}

// List of checks to determine if a field is excluded from the inverted text index section
var invertedTextIndexSectionExclusionChecks = make([]func(field index.Field) bool, 0)

func (i *invertedTextIndexSection) Process(opaque map[int]resetable, docNum uint32, field index.Field, fieldID uint16) {
	if !isFieldExcludedFromInvertedTextIndexSection(field) {
		io := i.getInvertedIndexOpaque(opaque)
		io.process(field, fieldID, docNum)
	}
}

func (i *invertedTextIndexSection) Persist(opaque map[int]resetable, w *FileWriter) error {
	io := i.getInvertedIndexOpaque(opaque)
	return io.writeDicts(w)
}

func (i *invertedTextIndexSection) AddrForField(opaque map[int]resetable, fieldID int) int {
	io := i.getInvertedIndexOpaque(opaque)
	return io.fieldAddrs[fieldID]
}

func mergeAndPersistInvertedSection(segments []*SegmentBase, dropsIn []*roaring.Bitmap,
	fieldsInv []string, fieldsMap map[string]uint16, fieldsOptions map[string]index.FieldIndexingOptions,
	fieldsSame bool, newDocNumsIn [][]uint64, newSegDocCount uint64, chunkMode uint32, w *FileWriter,
	closeCh chan struct{}) (map[int]int, error) {
	var bufMaxVarintLen64 []byte = make([]byte, binary.MaxVarintLen64)
	var bufLoc []uint64

	var postings, ownPostings *PostingsList
	var postItr *PostingsIterator

	fieldAddrs := make(map[int]int)
	dictOffsets := make([]uint64, len(fieldsInv))
	fieldDvLocsStart := make([]uint64, len(fieldsInv))
	fieldDvLocsEnd := make([]uint64, len(fieldsInv))

	// copying data directly is safe only if there are no
	// file callbacks that might modify the data in all
	// of the involved segments and the current writer
	copyFlag := true
	for _, segment := range segments {
		if segment.fileReader.id != "" {
			copyFlag = false
			break
		}
	}
	if w.id != "" {
		copyFlag = false
	}

	// these int coders are initialized with chunk size 1024
	// however this will be reset to the correct chunk size
	// while processing each individual field-term section
	tfEncoder := newChunkedIntCoder(1024, newSegDocCount-1)
	locEncoder := newChunkedIntCoder(1024, newSegDocCount-1)

	// the merged dictionaries' FSTs: the bytes vellum's Builder writes
	// with vellumBuilderOpts (Tracuu's fork)
	var newVellum fstBuilder
	newVellum.reset()

	// a term's new document numbers, in the order the segments give them
	// (upstream added each to a roaring bitmap)
	var newPostings postingsBuilder
	// the postings lists of the current term, read once for its
	// cardinality and kept for the merge of its postings (upstream read
	// each twice): each segment's list, at which offset, for which term
	termLists := make([]*PostingsList, len(segments))
	termListOffsets := make([]uint64, len(segments))
	termListGens := make([]uint64, len(segments))
	var termGen uint64
	newDocNums := make([][]uint64, 0, len(segments))
	// the lists of the current term as a copying merge reads them
	// (mergeList), each segment's, and one for a list met again
	mergeLists := make([]mergeList, len(segments))
	var ownList mergeList
	drops := make([]*roaring.Bitmap, 0, len(segments))
	dicts := make([]*Dictionary, 0, len(segments))
	itrs := make([]termIterator, 0, len(segments))
	// each segment's dictionary walked from its FST's bytes (Tracuu's
	// fork: vellum's FSTIterator gave the same keys and values)
	walkers := make([]fstWalker, len(segments))
	segmentsInFocus := make([]*SegmentBase, 0, len(segments))
	noLocs := noLocations(segments)
	// for each field
	for fieldID, fieldName := range fieldsInv {
		// collect FST iterators from all active segments for this field
		newDocNums = newDocNums[:0]
		drops = drops[:0]
		dicts = dicts[:0]
		itrs = itrs[:0]
		segmentsInFocus = segmentsInFocus[:0]
		for segmentI, segment := range segments {
			// check for the closure in meantime
			if isClosed(closeCh) {
				return nil, seg.ErrClosed
			}
			// early exit if the field's index option is false
			if !fieldsOptions[fieldName].IsIndexed() {
				continue
			}

			dict, err2 := segment.dictionary(fieldName)
			if err2 != nil {
				return nil, err2
			}
			if dict != nil && dict.fst != nil {
				itr := &walkers[segmentI]
				err2 := itr.reset(dict.fstData)
				if err2 != nil && err2 != vellum.ErrIteratorDone {
					return nil, err2
				}
				if err2 == nil { // vellum gives no iterator over an FST without keys
					newDocNums = append(newDocNums, newDocNumsIn[segmentI])
					if dropsIn[segmentI] != nil && !dropsIn[segmentI].IsEmpty() {
						drops = append(drops, dropsIn[segmentI])
					} else {
						drops = append(drops, nil)
					}
					dicts = append(dicts, dict)
					itrs = append(itrs, itr)
					segmentsInFocus = append(segmentsInFocus, segment)
				}
			}
		}

		// The frequency and norm bytes of a posting do not depend on the
		// field numbering, only its locations do (they name their field):
		// when no posting holds locations (no segment has a field with
		// term vectors) they are copied as fieldsSame does, even when the
		// segments' fields differ. Decoding and re-encoding them writes the
		// same bytes (Tracuu's fork; upstream copied only when fieldsSame).
		copyPostings := copyFlag && (fieldsSame || noLocs)

		var prevTerm []byte

		newPostings.reset()

		var lastDocNum, lastFreq, lastNorm uint64
		var termCard uint64 // the merged term's documents (copyPostings)

		// determines whether to use "1-hit" encoding optimization
		// when a term appears in only 1 doc, with no loc info,
		// has freq of 1, and the docNum fits into 31-bits
		use1HitEncoding := func(termCardinality uint64) (bool, uint64, uint64) {
			if termCardinality == uint64(1) && locEncoder.FinalSize() <= 0 {
				docNum := uint64(newPostings.docNums[0])
				if under32Bits(docNum) && docNum == lastDocNum && lastFreq == 1 {
					return true, docNum, lastNorm
				}
			}
			return false, 0, 0
		}

		finishTerm := func(term []byte) error {
			tfEncoder.Close()
			locEncoder.Close()

			newPostings.sort()
			postingsOffset, err := newPostings.write(tfEncoder, locEncoder,
				use1HitEncoding, w, bufMaxVarintLen64)
			if err != nil {
				return err
			}

			if postingsOffset > 0 {
				err = newVellum.insert(term, postingsOffset)
				if err != nil {
					return err
				}
			}

			newPostings.reset()

			tfEncoder.Reset()
			locEncoder.Reset()

			lastDocNum = 0
			lastFreq = 0
			lastNorm = 0

			return nil
		}

		enumerator, err := newEnumerator(itrs)

		for err == nil {
			term, itrI, postingsOffset := enumerator.Current()

			if !bytes.Equal(prevTerm, term) {
				// check for the closure in meantime
				if isClosed(closeCh) {
					return nil, seg.ErrClosed
				}

				// if the term changed, write out the info collected
				// for the previous term
				err = finishTerm(prevTerm)
				if err != nil {
					return nil, err
				}
			}
			if !bytes.Equal(prevTerm, term) || prevTerm == nil {
				// compute cardinality of field-term in new seg
				var newCard uint64
				lowItrIdxs, lowItrVals := enumerator.GetLowIdxsAndValues()
				termGen++
				for i, idx := range lowItrIdxs {
					if copyPostings {
						ml := &mergeLists[idx]
						if err = ml.read(segmentsInFocus[idx], lowItrVals[i], newDocNums[idx], drops[idx] != nil); err != nil {
							return nil, err
						}
						ml.offset, ml.gen = lowItrVals[i], termGen
						newCard += ml.live
						continue
					}
					termLists[idx], err = dicts[idx].postingsListFromOffset(lowItrVals[i], drops[idx], termLists[idx])
					if err != nil {
						return nil, err
					}
					termListOffsets[idx], termListGens[idx] = lowItrVals[i], termGen
					newCard += termLists[idx].Count()
				}
				// compute correct chunk size with this
				chunkSize, err := getChunkSize(chunkMode, newCard, newSegDocCount)
				if err != nil {
					return nil, err
				}
				// update encoders chunk
				tfEncoder.SetChunkSize(chunkSize, newSegDocCount-1)
				locEncoder.SetChunkSize(chunkSize, newSegDocCount-1)
				termCard = newCard
			}

			if copyPostings {
				// Tracuu's fork: the list decoded into document numbers,
				// the deleted ones skipped as it is copied (mergeList)
				ml := &mergeLists[itrI]
				if ml.gen != termGen || ml.offset != postingsOffset {
					ml = &ownList
					if err = ml.read(segmentsInFocus[itrI], postingsOffset, newDocNums[itrI], drops[itrI] != nil); err != nil {
						return nil, err
					}
				}
				lastDocNum, lastFreq, lastNorm, err = ml.copyTo(newDocNums[itrI],
					&newPostings, tfEncoder, locEncoder, termCard == 1)
				if err != nil {
					return nil, err
				}
				prevTerm = prevTerm[:0]
				prevTerm = append(prevTerm, term...)
				err = enumerator.Next()
				continue
			}

			if termListGens[itrI] == termGen && termListOffsets[itrI] == postingsOffset {
				postings = termLists[itrI]
			} else {
				ownPostings, err = dicts[itrI].postingsListFromOffset(
					postingsOffset, drops[itrI], ownPostings)
				if err != nil {
					return nil, err
				}
				postings = ownPostings
			}

			postItr = postings.iterator(true, true, true, postItr)

			// can only safely copy data if all segments have same fields and all have an empty
			// writer id (i.e. no callbacks)
			if copyPostings {
				// can optimize by copying freq/norm/loc bytes directly
				lastDocNum, lastFreq, lastNorm, err = mergeTermFreqNormLocsByCopying(
					term, postItr, newDocNums[itrI], &newPostings,
					tfEncoder, locEncoder)
			} else {
				lastDocNum, lastFreq, lastNorm, bufLoc, err = mergeTermFreqNormLocs(
					fieldsMap, term, postItr, newDocNums[itrI], &newPostings,
					tfEncoder, locEncoder, bufLoc)
			}
			if err != nil {
				return nil, err
			}

			prevTerm = prevTerm[:0] // copy to prevTerm in case Next() reuses term mem
			prevTerm = append(prevTerm, term...)

			err = enumerator.Next()
		}
		if err != vellum.ErrIteratorDone {
			return nil, err
		}
		// close the enumerator to free the underlying iterators
		err = enumerator.Close()
		if err != nil {
			return nil, err
		}

		err = finishTerm(prevTerm)
		if err != nil {
			return nil, err
		}

		dictOffset := uint64(w.Count())

		vellumData := w.process(newVellum.close())

		// write out the length of the vellum data
		n := binary.PutUvarint(bufMaxVarintLen64, uint64(len(vellumData)))
		_, err = w.Write(bufMaxVarintLen64[:n])
		if err != nil {
			return nil, err
		}

		// write this vellum to disk
		_, err = w.Write(vellumData)
		if err != nil {
			return nil, err
		}

		dictOffsets[fieldID] = dictOffset

		fieldDvLocsStart[fieldID] = uint64(w.Count())

		// update the field doc values
		// NOTE: doc values continue to use legacy chunk mode
		chunkSize, err := getChunkSize(LegacyChunkMode, 0, 0)
		if err != nil {
			return nil, err
		}
		if fieldsOptions[fieldName].SkipDVChunking() {
			chunkSize = 1
		}
		fdvEncoder := newChunkedContentCoder(chunkSize, newSegDocCount-1, w, true, fieldsOptions[fieldName].SkipDVCompression())

		fdvReadersAvailable := false
		var dvIterClone *docValueReader
		var dvIter *docValueReader
		for segmentI, segment := range segmentsInFocus {
			// check for the closure in meantime
			if isClosed(closeCh) {
				return nil, seg.ErrClosed
			}
			// early exit if docvalues are not wanted for this field
			if !fieldsOptions[fieldName].IncludeDocValues() {
				continue
			}
			fieldIDPlus1 := uint16(segment.fieldsMap[fieldName])
			dvIter = segment.fieldDvReaders[SectionInvertedTextIndex][fieldIDPlus1-1]
			if dvIter != nil {
				fdvReadersAvailable = true
				dvIterClone = dvIter.cloneInto(dvIterClone)
				err = dvIterClone.iterateAllDocValues(segment, func(docNum uint64, terms []byte) error {
					if newDocNums[segmentI][docNum] == docDropped {
						return nil
					}
					err := fdvEncoder.Add(newDocNums[segmentI][docNum], terms)
					if err != nil {
						return err
					}
					return nil
				})
				if err != nil {
					return nil, err
				}
			}
		}

		if fdvReadersAvailable {
			err = fdvEncoder.Close()
			if err != nil {
				return nil, err
			}

			// persist the doc value details for this field
			_, err = fdvEncoder.Write()
			if err != nil {
				return nil, err
			}

			// get the field doc value offset (end)
			fieldDvLocsEnd[fieldID] = uint64(w.Count())
		} else {
			fieldDvLocsStart[fieldID] = fieldNotUninverted
			fieldDvLocsEnd[fieldID] = fieldNotUninverted
		}

		fieldStart := w.Count()

		n = binary.PutUvarint(bufMaxVarintLen64, fieldDvLocsStart[fieldID])
		_, err = w.Write(bufMaxVarintLen64[:n])
		if err != nil {
			return nil, err
		}

		n = binary.PutUvarint(bufMaxVarintLen64, fieldDvLocsEnd[fieldID])
		_, err = w.Write(bufMaxVarintLen64[:n])
		if err != nil {
			return nil, err
		}

		n = binary.PutUvarint(bufMaxVarintLen64, dictOffsets[fieldID])
		_, err = w.Write(bufMaxVarintLen64[:n])
		if err != nil {
			return nil, err
		}

		fieldAddrs[fieldID] = fieldStart

		// reset the builder
		newVellum.reset()
	}
	return fieldAddrs, nil
}

// noLocations tells whether no posting of segments holds locations: no
// field of any of them has term vectors. Not the field's own options
// alone: a composite field (_all) holds the locations of the fields it
// includes, each naming its field, with options of its own that have no
// term vectors.
func noLocations(segments []*SegmentBase) bool {
	for _, s := range segments {
		for _, o := range s.fieldsOptions {
			if o.IncludeTermVectors() {
				return false
			}
		}
	}
	return true
}

func (i *invertedTextIndexSection) Merge(opaque map[int]resetable, segments []*SegmentBase,
	drops []*roaring.Bitmap, fieldsInv []string, newDocNumsIn [][]uint64,
	w *FileWriter, closeCh chan struct{}) error {
	io := i.getInvertedIndexOpaque(opaque)
	fieldAddrs, err := mergeAndPersistInvertedSection(segments, drops, fieldsInv,
		io.FieldsMap, io.FieldsOptions, io.fieldsSame, newDocNumsIn, io.numDocs, io.chunkMode, w, closeCh)
	if err != nil {
		return err
	}

	io.fieldAddrs = fieldAddrs
	return nil
}

func (i *invertedIndexOpaque) grabBuf(size int) []byte {
	buf := i.tmp0
	if cap(buf) < size {
		buf = make([]byte, size)
		i.tmp0 = buf
	}
	return buf[:size]
}

func (i *invertedIndexOpaque) incrementBytesWritten(bytes uint64) {
	i.bytesWritten += bytes
}

func (i *invertedIndexOpaque) BytesWritten() uint64 {
	return i.bytesWritten
}

func (i *invertedIndexOpaque) BytesRead() uint64 {
	return 0
}

func (i *invertedIndexOpaque) ResetBytesRead(uint64) {}

func (io *invertedIndexOpaque) writeDicts(w *FileWriter) error {
	if len(io.results) == 0 {
		return nil
	}

	dictOffsets := make([]uint64, len(io.FieldsInv))
	var err error

	fdvOffsetsStart := make([]uint64, len(io.FieldsInv))
	fdvOffsetsEnd := make([]uint64, len(io.FieldsInv))

	buf := io.grabBuf(binary.MaxVarintLen64)

	// these int coders are initialized with chunk size 1024
	// however this will be reset to the correct chunk size
	// while processing each individual field-term section
	tfEncoder := newChunkedIntCoder(1024, uint64(len(io.results)-1))
	locEncoder := newChunkedIntCoder(1024, uint64(len(io.results)-1))

	docTermMap := io.docTermMap

	io.builder.reset()

	for fieldID, terms := range io.keys {
		includeDocValues := io.IncludeDocValues[fieldID]
		if includeDocValues {
			if cap(docTermMap) < len(io.results) {
				docTermMap = make([][]byte, len(io.results))
			} else {
				docTermMap = docTermMap[:len(io.results)]
				for docNum := range docTermMap { // reset the docTermMap
					docTermMap[docNum] = docTermMap[docNum][:0]
				}
			}
		}

		var norms []uint32
		if fieldID < len(io.fieldNorms) {
			norms = io.fieldNorms[fieldID]
		}
		for _, key := range terms { // terms are already sorted
			term := key.term
			base := int(io.pidStart[key.pid])
			postings := io.sorted[base:io.pidStart[key.pid+1]]
			// the postings' locations, when a posting of the segment has some
			var locRefs []interimLocRef
			if io.sortedLocs != nil {
				locRefs = io.sortedLocs[base : base+len(postings)]
			}

			// A field that occurs twice in a document has its terms'
			// postings merged, as upstream merges its token frequencies:
			// the cardinality is the number of documents.
			cardinality := uint64(len(postings))
			if io.repeated {
				cardinality = 0
				for i := range postings {
					if i == 0 || postings[i].docNum != postings[i-1].docNum {
						cardinality++
					}
				}
			}
			chunkSize, err := getChunkSize(io.chunkMode, cardinality, uint64(len(io.results)))
			if err != nil {
				return err
			}
			tfEncoder.SetChunkSize(chunkSize, uint64(len(io.results)-1))
			locEncoder.SetChunkSize(chunkSize, uint64(len(io.results)-1))

			docNums := io.docNums[:0]
			for i := 0; i < len(postings); {
				p := postings[i]
				docNum := uint64(p.docNum)
				freq, numLocs := uint64(p.freq), 0
				if locRefs != nil {
					numLocs = int(locRefs[i].num)
				}
				j := i + 1
				for ; j < len(postings) && postings[j].docNum == p.docNum; j++ {
					freq += uint64(postings[j].freq)
					if locRefs != nil {
						numLocs += int(locRefs[j].num)
					}
				}
				docNums = append(docNums, p.docNum)

				// check if freq/norm is enabled
				if freq > 0 {
					err = tfEncoder.Add(docNum,
						encodeFreqHasLocs(freq, numLocs > 0),
						uint64(norms[p.docNum]))
				} else {
					// if disabled, then skip the norm part
					err = tfEncoder.Add(docNum,
						encodeFreqHasLocs(freq, numLocs > 0))
				}
				if err != nil {
					return err
				}

				if numLocs > 0 {
					numBytesLocs := 0
					for k := i; k < j; k++ {
						for _, loc := range io.locs[locRefs[k].start : locRefs[k].start+locRefs[k].num] {
							numBytesLocs += totalUvarintBytes(
								uint64(loc.fieldID), loc.pos, loc.start, loc.end,
								uint64(len(loc.arrayposs)), loc.arrayposs)
						}
					}

					err = locEncoder.Add(docNum, uint64(numBytesLocs))
					if err != nil {
						return err
					}
					for k := i; k < j; k++ {
						for _, loc := range io.locs[locRefs[k].start : locRefs[k].start+locRefs[k].num] {
							err = locEncoder.Add(docNum,
								uint64(loc.fieldID), loc.pos, loc.start, loc.end,
								uint64(len(loc.arrayposs)))
							if err != nil {
								return err
							}

							err = locEncoder.Add(docNum, loc.arrayposs...)
							if err != nil {
								return err
							}
						}
					}
				}

				if includeDocValues {
					docTermMap[docNum] = append(
						append(docTermMap[docNum], term...),
						index.DocValueTermSeparator)
				}
				i = j
			}
			io.docNums = docNums

			tfEncoder.Close()
			locEncoder.Close()
			io.incrementBytesWritten(locEncoder.getBytesWritten())
			io.incrementBytesWritten(tfEncoder.getBytesWritten())

			var postingsOffset uint64
			if len(docNums) > 0 {
				io.roaringBuf, err = appendRoaring(io.roaringBuf[:0], docNums, &io.roaringFallback)
				if err != nil {
					return err
				}
				postingsOffset, err = writePostingsBytes(io.roaringBuf, tfEncoder, locEncoder, w, buf)
				if err != nil {
					return err
				}
			}

			if postingsOffset > uint64(0) {
				// the builder keeps no reference to the key
				err = io.builder.insert(unsafe.Slice(unsafe.StringData(term), len(term)), postingsOffset)
				if err != nil {
					return err
				}
			}

			tfEncoder.Reset()
			locEncoder.Reset()
		}

		fstData := io.builder.close()

		// record where this dictionary starts
		dictOffsets[fieldID] = uint64(w.Count())

		vellumData := w.process(fstData)

		// write out the length of the vellum data
		n := binary.PutUvarint(buf, uint64(len(vellumData)))
		_, err = w.Write(buf[:n])
		if err != nil {
			return err
		}

		io.incrementBytesWritten(uint64(len(vellumData)))

		// write this vellum to disk
		_, err = w.Write(vellumData)
		if err != nil {
			return err
		}

		// reset the builder for reuse
		io.builder.reset()

		// write the field doc values
		// NOTE: doc values continue to use legacy chunk mode
		chunkSize, err := getChunkSize(LegacyChunkMode, 0, 0)
		if err != nil {
			return err
		}
		if io.FieldsOptions[io.FieldsInv[fieldID]].SkipDVChunking() {
			chunkSize = 1
		}
		fdvEncoder := newChunkedContentCoder(chunkSize, uint64(len(io.results)-1), w, false, io.FieldsOptions[io.FieldsInv[fieldID]].SkipDVCompression())
		if includeDocValues {
			for docNum, docTerms := range docTermMap {
				if fieldTermMap, ok := io.extraDocValues[docNum]; ok {
					if sTerms, ok := fieldTermMap[uint16(fieldID)]; ok {
						for _, sTerm := range sTerms {
							docTerms = append(append(docTerms, sTerm...), index.DocValueTermSeparator)
						}
					}
				}
				if len(docTerms) > 0 {
					err = fdvEncoder.Add(uint64(docNum), docTerms)
					if err != nil {
						return err
					}
				}
			}
			err = fdvEncoder.Close()
			if err != nil {
				return err
			}

			io.incrementBytesWritten(fdvEncoder.getBytesWritten())

			fdvOffsetsStart[fieldID] = uint64(w.Count())

			_, err = fdvEncoder.Write()
			if err != nil {
				return err
			}

			fdvOffsetsEnd[fieldID] = uint64(w.Count())
			fdvEncoder.Reset()
		} else {
			fdvOffsetsStart[fieldID] = fieldNotUninverted
			fdvOffsetsEnd[fieldID] = fieldNotUninverted
		}

		fieldStart := w.Count()

		n = binary.PutUvarint(buf, fdvOffsetsStart[fieldID])
		_, err = w.Write(buf[:n])
		if err != nil {
			return err
		}

		n = binary.PutUvarint(buf, fdvOffsetsEnd[fieldID])
		_, err = w.Write(buf[:n])
		if err != nil {
			return err
		}

		n = binary.PutUvarint(buf, dictOffsets[fieldID])
		_, err = w.Write(buf[:n])
		if err != nil {
			return err
		}

		io.fieldAddrs[fieldID] = fieldStart
	}
	io.docTermMap = docTermMap

	return nil
}

// process gathers every posting of the segment the first time it is
// called (collect); the calls for each field and document are then no-ops.
// Upstream added each posting to a roaring bitmap per term and looked the
// term up in its field's map twice (here once).
func (io *invertedIndexOpaque) process(field index.Field, fieldID uint16, docNum uint32) {
	if !io.init && io.results != nil {
		io.collect()
		io.init = true
	}
}

// keepTerm copies term into the segment's blocks of term bytes, kept for
// the next segment: the dictionary's keys are packed together (a string
// allocated for each, upstream, or the documents' bytes were spread over
// the heap, and comparing keys in the map, sorting and writing the terms
// read them at random).
func (i *invertedIndexOpaque) keepTerm(term []byte) string {
	if len(term) == 0 {
		return ""
	}
	if len(i.termBlock)+len(term) > cap(i.termBlock) {
		if i.termBlocksUsed < len(i.termBlocks) && cap(i.termBlocks[i.termBlocksUsed]) >= len(term) {
			i.termBlock = i.termBlocks[i.termBlocksUsed][:0]
		} else {
			i.termBlock = make([]byte, 0, max(termBlockSize, len(term)))
			if i.termBlocksUsed < len(i.termBlocks) {
				i.termBlocks[i.termBlocksUsed] = i.termBlock
			} else {
				i.termBlocks = append(i.termBlocks, i.termBlock)
			}
		}
		i.termBlocksUsed++
	}
	i.termBlock = append(i.termBlock, term...)
	return unsafe.String(&i.termBlock[len(i.termBlock)-len(term)], len(term))
}

const termBlockSize = 64 << 10

// termCounter is a field whose terms come counted, each term once, with
// its frequency and no locations, instead of a map (Tracuu's
// search.countedField): term k is bytes[ends[k-1]:ends[k]] (from 0 for
// the first), freqs[k] times. Making a map for each field of each
// document and ranging over it were most of the cost of analysed
// documents, and a list of index.TokenFreq (two pointers a term) a third
// of what was left. The order does not matter: upstream ranged over a
// map.
type termCounter interface {
	CountedTerms() (bytes []byte, ends, freqs []uint32)
}

// termNumberer is a termCounter whose terms may come with numbers
// (Tracuu's search.countedField: words' forms, numbered once when the
// word is first analysed; pairs of words, numbered from the words).
// Within a field's name, equal terms have one number and different
// terms different ones, and every field of a name is numbered or none
// is. A number with the top bit set (1<<31 | n) stands for n and the
// term's last two bytes (Tracuu's pairs of words and their code). A
// term finds its postings list by its number in a slice (byID), or,
// with its last two bytes, in a map of numbers (byKey), instead of a
// map look-up of its bytes for every document. ids[k] is term k's
// number, 0 when it was counted without one (ids nil when none was):
// TermID gives its number then, 0 if it has none (such a term is looked
// up by its bytes).
type termNumberer interface {
	CountedTermIDs() (ids []uint32, numbered bool)
	TermID(term []byte) uint32
}

// codedSlot is the postings lists (id + 1, 0 for none) of a coded term's
// number with the first two codes it was seen with (byCoded).
type codedSlot struct {
	pidPlus1 [2]uint32
	code     [2]uint16
}

// place returns the place of the slot (0 or 1) that holds code, or the
// first free one; -1 when both hold other codes.
func (s *codedSlot) place(code uint16) int {
	for p := range s.pidPlus1 {
		if s.pidPlus1[p] == 0 || s.code[p] == code {
			return p
		}
	}
	return -1
}

// maxCodedSlots bounds the numbers of coded terms looked up in byCoded
// (Tracuu's pairs: below 2·500²+1); larger ones are looked up in byKey.
const maxCodedSlots = 1 << 22

// interimPosting is a term's occurrence in a document of the segment
// being built, in the order collected.
type interimPosting struct {
	docNum uint32
	pid    uint32 // postings list: a term of a field
	freq   uint32
}

// sortedPosting is a posting in its postings list (sorted): its norm, the
// field's length in the document, is in fieldNorms. Half of the 16 bytes
// a posting took, with its list and norm, in the ordering's scattered
// writes (a cache line for every few postings).
type sortedPosting struct {
	docNum uint32
	freq   uint32
}

// interimLocRef is where a posting's locations are in locs.
type interimLocRef struct {
	start, num uint32
}

// termPid is a term of a field and its postings list; prefix: the
// term's first 8 bytes, big-endian, zero-padded, so that sorting the
// terms compares most of them without reading their bytes.
type termPid struct {
	term   string
	prefix uint64
	pid    uint32
	field  uint16
}

// termPrefix is the big-endian value of the first 8 bytes of term, padded
// with zeros: a and b order as their prefixes when these differ.
func termPrefix(term string) uint64 {
	var p uint64
	n := min(len(term), 8)
	for k := 0; k < n; k++ {
		p |= uint64(term[k]) << (56 - 8*k)
	}
	return p
}

func compareTermPids(a, b termPid) int {
	if a.prefix != b.prefix {
		if a.prefix < b.prefix {
			return -1
		}
		return 1
	}
	return strings.Compare(a.term, b.term)
}

// touchSlots reads the slots of a field's numbered terms (byID, byCoded)
// before collect looks them up one term at a time: the slots are spread
// over megabytes, and these reads, independent of each other, miss the
// cache together, where collect's, each behind the last term's work,
// missed one at a time.
func (i *invertedIndexOpaque) touchSlots(ids []uint32, byID []uint32, byCoded []codedSlot) {
	var sum uint32
	for _, n := range ids {
		if n >= 1<<31 {
			if num := n &^ (1 << 31); num < uint32(len(byCoded)) {
				sum += byCoded[num].pidPlus1[0]
			}
		} else if n < uint32(len(byID)) {
			sum += byID[n]
		}
	}
	i.touched += sum
}

// keepNorms records, for each field with postings in document docNum,
// its length there (fieldLens: every occurrence of the field in the
// document), the norm of those postings.
func (i *invertedIndexOpaque) keepNorms(docNum int) {
	for len(i.fieldNorms) < len(i.fieldLens) {
		i.fieldNorms = append(i.fieldNorms, nil)
	}
	for f, has := range i.fieldTFs {
		if !has {
			continue
		}
		norms := i.fieldNorms[f]
		if len(norms) == 0 { // the field's first document in this segment
			if cap(norms) < len(i.results) {
				norms = make([]uint32, len(i.results))
			}
			norms = norms[:len(i.results)]
			i.fieldNorms[f] = norms
		}
		norms[docNum] = uint32(i.fieldLens[f])
	}
}

// growFields sizes the per-field state for the fields defined so far.
func (i *invertedIndexOpaque) growFields() {
	numFields := len(i.FieldsInv)
	for len(i.Dicts) < numFields {
		i.Dicts = append(i.Dicts, nil)
	}
	for len(i.keys) < numFields {
		i.keys = append(i.keys, nil)
	}
	for idx := range numFields {
		if i.Dicts[idx] == nil {
			i.Dicts[idx] = make(map[string]uint32)
		}
	}
	for len(i.IncludeDocValues) < numFields {
		i.IncludeDocValues = append(i.IncludeDocValues, false)
	}
	for len(i.fieldLens) < numFields {
		i.fieldLens = append(i.fieldLens, 0)
		i.fieldTFs = append(i.fieldTFs, false)
	}
}

// collect reads every field of every document once: it numbers the
// terms of each field (pid), records each posting with the length of its
// field in the document, then orders the postings by pid (a counting
// sort, stable: by document within a pid) and each field's terms.
func (i *invertedIndexOpaque) collect() {
	i.growFields()

	if i.extraDocValues == nil {
		i.extraDocValues = map[int]map[uint16][][]byte{}
	}

	// one posting for each term of each field: reserved at once, the
	// postings of a segment of a thousand articles take tens of MB
	numPosts := 0
	for _, result := range i.results {
		result.VisitComposite(func(field index.CompositeField) {
			numPosts += len(field.AnalyzedTokenFrequencies())
		})
		result.VisitFields(func(field index.Field) {
			if c, ok := field.(termCounter); ok {
				_, ends, _ := c.CountedTerms()
				numPosts += len(ends)
			} else {
				numPosts += len(field.AnalyzedTokenFrequencies())
			}
		})
	}
	posts := i.posts[:0]
	if cap(posts) < numPosts { // with room for a somewhat larger segment
		posts = make([]interimPosting, 0, numPosts+numPosts/4)
	}
	for f := range i.fieldNorms {
		i.fieldNorms[f] = i.fieldNorms[f][:0]
	}
	locs := i.locs[:0]
	// the postings' locations: none until a posting has some (Tracuu's
	// fields have none: the postings are 12 bytes instead of 20)
	postLocs := i.postLocs[:0]
	hasLocs := false
	var numPids uint32
	i.repeated = false

	for docNum, result := range i.results {
		docStart := len(posts)
		visitField := func(field index.Field) {
			fieldID := uint16(i.getOrDefineField(field.Name()))
			if int(fieldID) >= len(i.fieldLens) {
				i.growFields()
			}

			if field.Options().IncludeDocValues() {
				i.IncludeDocValues[fieldID] = true
			}
			if f, ok := field.(index.GeoShapeField); ok {
				if _, exists := i.extraDocValues[docNum]; !exists {
					i.extraDocValues[docNum] = make(map[uint16][][]byte)
				}
				i.extraDocValues[docNum][fieldID] = append(i.extraDocValues[docNum][fieldID], f.EncodedShape())
			}
			if isFieldExcludedFromInvertedTextIndexSection(field) {
				return
			}

			i.fieldLens[fieldID] += field.AnalyzedLength()
			counter, listed := field.(termCounter)
			var tfs index.TokenFrequencies
			var termBytes []byte
			var ends, freqs []uint32
			var ids []uint32
			var numberer termNumberer
			numbered := false
			if listed {
				termBytes, ends, freqs = counter.CountedTerms()
				if numberer, numbered = field.(termNumberer); numbered {
					ids, numbered = numberer.CountedTermIDs()
				}
			} else {
				tfs = field.AnalyzedTokenFrequencies()
			}
			// Upstream merges a field's later occurrences in the document
			// into its first with token frequencies (MergeAll), which
			// sets their locations' field to the field itself.
			merged := i.fieldTFs[fieldID]
			if tfs != nil || listed {
				if merged {
					i.repeated = true
				}
				i.fieldTFs[fieldID] = true
			}

			dict := i.Dicts[fieldID]
			newPid := func(term string, id uint64) uint32 {
				numPids++
				if id == 0 {
					dict[term] = numPids
				}
				i.allKeys = append(i.allKeys, termPid{term: term, prefix: termPrefix(term), pid: numPids - 1, field: fieldID})
				return numPids
			}
			post := func(pidPlus1 uint32, freq int, tlocs []*index.TokenLocation) {
				locStart := len(locs)
				for _, loc := range tlocs {
					locf := fieldID
					if !merged && loc.Field != "" {
						locf = uint16(i.getOrDefineField(loc.Field))
					}
					var arrayposs []uint64
					if len(loc.ArrayPositions) > 0 {
						arrayposs = loc.ArrayPositions
					}
					locs = append(locs, interimLoc{
						fieldID:   locf,
						pos:       uint64(loc.Position),
						start:     uint64(loc.Start),
						end:       uint64(loc.End),
						arrayposs: arrayposs,
					})
				}
				if len(tlocs) > 0 && !hasLocs {
					hasLocs = true
					postLocs = append(postLocs, make([]interimLocRef, len(posts))...)
				}
				if hasLocs {
					postLocs = append(postLocs, interimLocRef{start: uint32(locStart), num: uint32(len(tlocs))})
				}
				posts = append(posts, interimPosting{
					docNum: uint32(docNum),
					pid:    pidPlus1 - 1,
					freq:   uint32(freq),
				})
			}
			start := uint32(0)
			var byID []uint32
			var byKey map[uint64]uint32
			var byCoded []codedSlot
			if numbered {
				for len(i.byID) <= int(fieldID) {
					i.byID = append(i.byID, nil)
					i.byKey = append(i.byKey, nil)
					i.byCoded = append(i.byCoded, nil)
				}
				byID = i.byID[fieldID]
				byCoded = i.byCoded[fieldID]
				if ids != nil {
					i.touchSlots(ids, byID, byCoded)
				}
			}
			for k, end := range ends {
				term := termBytes[start:end]
				start = end
				var id uint64
				if numbered {
					var n uint32
					if ids != nil {
						n = ids[k]
					}
					if n == 0 {
						n = numberer.TermID(term)
					}
					id = uint64(n)
					if n >= 1<<31 {
						id = 0 // not as documented: looked up by its bytes
						if len(term) >= 2 {
							id = 1<<48 | uint64(n&^(1<<31))<<16 | uint64(term[len(term)-2])<<8 | uint64(term[len(term)-1])
						}
					}
				}
				if id >= 1<<32 && id>>16&(1<<32-1) < maxCodedSlots {
					// a coded term: its number's slot holds the first
					// two codes seen, other codes are looked up in byKey
					num, code := int(id>>16&(1<<32-1)), uint16(id)
					if num >= len(byCoded) {
						byCoded = append(byCoded, make([]codedSlot, num+1-len(byCoded)+len(byCoded)/2)...)
						i.byCoded[fieldID] = byCoded
					}
					slot := &byCoded[num]
					if p := slot.place(code); p >= 0 {
						if slot.pidPlus1[p] == 0 {
							slot.pidPlus1[p], slot.code[p] = newPid(i.keepTerm(term), id), code
						}
						post(slot.pidPlus1[p], int(freqs[k]), nil)
						continue
					}
				}
				if id >= 1<<32 {
					if byKey == nil {
						if i.byKey[fieldID] == nil {
							i.byKey[fieldID] = make(map[uint64]uint32)
						}
						byKey = i.byKey[fieldID]
					}
					pidPlus1, exists := byKey[id]
					if !exists {
						pidPlus1 = newPid(i.keepTerm(term), id)
						byKey[id] = pidPlus1
					}
					post(pidPlus1, int(freqs[k]), nil)
					continue
				}
				if id != 0 {
					if int(id) >= len(byID) {
						byID = append(byID, make([]uint32, int(id)+1-len(byID)+len(byID)/2)...)
						i.byID[fieldID] = byID
					}
					pidPlus1 := byID[id]
					if pidPlus1 == 0 {
						pidPlus1 = newPid(i.keepTerm(term), id)
						byID[id] = pidPlus1
					}
					post(pidPlus1, int(freqs[k]), nil)
					continue
				}
				pidPlus1, exists := dict[string(term)]
				if !exists {
					pidPlus1 = newPid(i.keepTerm(term), 0)
				}
				post(pidPlus1, int(freqs[k]), nil)
			}
			for term, tf := range tfs {
				pidPlus1, exists := dict[term]
				if !exists {
					pidPlus1 = newPid(term, 0)
				}
				post(pidPlus1, tf.Frequency(), tf.Locations)
			}
			if len(i.FieldsInv) > len(i.fieldLens) {
				i.growFields()
			}
		}

		// walk each composite field
		result.VisitComposite(func(field index.CompositeField) {
			visitField(field)
		})

		// walk each field
		result.VisitFields(visitField)

		if len(posts) > docStart {
			i.keepNorms(docNum)
		}
		for f := range i.fieldLens { // clear these for reuse
			i.fieldLens[f] = 0
			i.fieldTFs[f] = false
		}
	}

	// Sort the terms by field, then each field's by term, in one slice
	// kept for the next segment (kept in a slice a field, they grew
	// again whenever a field's number held more terms than before: the
	// fields are numbered in the order a segment's documents show them),
	// and number the postings lists in the order writeDicts writes them:
	// the postings are then ordered by that number, and writeDicts reads
	// them in order (ordered by the first-seen pid, it read them at
	// random).
	i.growFields()
	fieldStart := make([]int, len(i.keys)+1)
	for _, k := range i.allKeys {
		fieldStart[k.field+1]++
	}
	for f := 1; f < len(fieldStart); f++ {
		fieldStart[f] += fieldStart[f-1]
	}
	sorted := i.sorter.sortTermPids(i.allKeys)
	// the unsorted slice kept for the sorter's next segment
	i.allKeys, i.sorter.out = sorted, i.allKeys
	for f := range i.keys {
		i.keys[f] = i.allKeys[fieldStart[f]:fieldStart[f+1]:fieldStart[f+1]]
	}
	rank := i.rank[:0]
	if cap(rank) < int(numPids) {
		rank = make([]uint32, numPids)
	} else {
		rank = rank[:numPids]
	}
	var r uint32
	for _, keys := range i.keys {
		for k := range keys {
			rank[keys[k].pid] = r
			keys[k].pid = r
			r++
		}
	}
	i.rank = rank

	// Order the postings by that number.
	if cap(i.pidStart) >= int(numPids)+1 {
		i.pidStart = i.pidStart[:numPids+1]
		clear(i.pidStart)
	} else {
		i.pidStart = make([]uint32, numPids+1)
	}
	for k := range posts {
		pid := rank[posts[k].pid]
		posts[k].pid = pid
		i.pidStart[pid+1]++
	}
	for pid := 1; pid <= int(numPids); pid++ {
		i.pidStart[pid] += i.pidStart[pid-1]
	}
	if cap(i.sorted) >= len(posts) {
		i.sorted = i.sorted[:len(posts)]
	} else {
		i.sorted = make([]sortedPosting, len(posts), cap(posts))
	}
	next := i.pidStart[:numPids] // pidStart[pid] moves to its end, then back
	if hasLocs {
		if cap(i.sortedLocs) >= len(posts) {
			i.sortedLocs = i.sortedLocs[:len(posts)]
		} else {
			i.sortedLocs = make([]interimLocRef, len(posts))
		}
		for k, p := range posts {
			i.sortedLocs[next[p.pid]] = postLocs[k]
			i.sorted[next[p.pid]] = sortedPosting{docNum: p.docNum, freq: p.freq}
			next[p.pid]++
		}
	} else {
		i.sortedLocs = nil
		for _, p := range posts {
			i.sorted[next[p.pid]] = sortedPosting{docNum: p.docNum, freq: p.freq}
			next[p.pid]++
		}
	}
	copy(i.pidStart[1:], i.pidStart[:numPids])
	i.pidStart[0] = 0

	i.posts, i.locs, i.postLocs = posts, locs, postLocs
}

func (i *invertedTextIndexSection) getInvertedIndexOpaque(opaque map[int]resetable) *invertedIndexOpaque {
	if _, ok := opaque[SectionInvertedTextIndex]; !ok {
		opaque[SectionInvertedTextIndex] = i.InitOpaque(nil)
	}
	return opaque[SectionInvertedTextIndex].(*invertedIndexOpaque)
}

func (i *invertedIndexOpaque) getOrDefineField(fieldName string) int {
	fieldIDPlus1, exists := i.FieldsMap[fieldName]
	if !exists {
		fieldIDPlus1 = uint16(len(i.FieldsInv) + 1)
		i.FieldsMap[fieldName] = fieldIDPlus1
		i.FieldsInv = append(i.FieldsInv, fieldName)
	}

	return int(fieldIDPlus1 - 1)
}

func (i *invertedTextIndexSection) InitOpaque(args map[string]interface{}) resetable {
	rv := &invertedIndexOpaque{
		fieldAddrs: map[int]int{},
	}
	for k, v := range args {
		rv.Set(k, v)
	}

	return rv
}

type invertedIndexOpaque struct {
	bytesWritten uint64 // atomic access to this variable, moved to top to correct alignment issues on ARM, 386 and 32-bit MIPS.

	results []index.Document

	chunkMode uint32

	// indicates whethere the following structs are initialized
	init bool

	// FieldsMap adds 1 to field id to avoid zero value issues
	//  name -> field id + 1
	FieldsMap map[string]uint16

	// FieldsInv is the inverse of FieldsMap
	//  field id -> name
	FieldsInv []string

	// Field indexing options
	//  field name -> options
	FieldsOptions map[string]index.FieldIndexingOptions

	// Term dictionaries for each field
	//  field id -> term -> postings list id + 1
	Dicts []map[string]uint32

	// Terms for each field with their postings list, sorted by term
	//  field id -> []term
	keys [][]termPid
	// every field's terms, sorted by field (keys[field] its part once
	// collected): kept for the next segment
	allKeys []termPid
	sorter  termSorter

	// The postings lists of numbered terms (termNumberer)
	//  field id -> term number -> postings list id + 1
	// kept for the next segment, zeroed
	byID [][]uint32
	//  field id -> term number -> postings list id + 1, for numbers of 2^32 or more
	byKey []map[uint64]uint32
	//  field id -> coded term's number (below maxCodedSlots) -> the
	//  postings lists id + 1 of its first two codes seen, and those
	//  codes: the other codes of the number are in byKey (a slot read
	//  instead of a map look-up of 64 bits, a fifth of collect, for most
	//  coded terms)
	byCoded [][]codedSlot
	touched uint32 // what touchSlots read, kept so that it reads

	// Fields whose IncludeDocValues is true
	//  field id -> bool
	IncludeDocValues []bool

	// every posting, in document order (posts), then by postings list
	// (sorted, the postings list pid at sorted[pidStart[pid]:pidStart[pid+1]])
	posts  []interimPosting
	sorted []sortedPosting
	// fieldNorms[f][docNum]: field f's length in document docNum, which
	// its postings are written with as their norm (keepNorms; set for
	// the documents where f has postings)
	fieldNorms [][]uint32
	// where each posting's locations are in locs, in the order of posts
	// and of sorted; none (sortedLocs nil) when no posting has any
	postLocs, sortedLocs []interimLocRef
	pidStart             []uint32 // uint32: half the cache the one-pass ordering reads at random
	rank                 []uint32 // pid as collected -> pid in writing order
	// repeated: a field occurs twice in a document: a postings list may
	// hold two postings of one document, which count as one
	repeated bool

	// the postings' locations
	locs []interimLoc

	// the bytes of the dictionaries' terms (keepTerm): blocks kept for
	// the next segment, termBlocksUsed of them in use, termBlock the last
	termBlocks     [][]byte
	termBlocksUsed int
	termBlock      []byte

	// store terms that are unnecessary for the term dictionaries but needed in doc values
	// eg - encoded geoshapes
	// docNum -> fieldID -> terms
	extraDocValues map[int]map[uint16][][]byte

	// the dictionaries' FSTs, the bytes vellum's Builder writes with
	// vellumBuilderOpts (Tracuu's fork)
	builder fstBuilder

	// reusable stuff for processing fields etc.
	fieldLens  []int
	fieldTFs   []bool
	docTermMap [][]byte
	docNums    []uint32
	roaringBuf []byte
	// roaringFallback encodes postings lists that upstream keeps in bitmap
	// containers (appendRoaring)
	roaringFallback *roaring.Bitmap

	tmp0 []byte

	fieldAddrs map[int]int

	fieldsSame bool
	numDocs    uint64
}

func (io *invertedIndexOpaque) Reset() (err error) {
	// cleanup stuff over here
	io.results = nil
	io.init = false
	io.chunkMode = 0
	io.FieldsMap = nil
	io.FieldsOptions = nil
	io.FieldsInv = nil
	// the maps and slices are kept for the next segment, emptied: no
	// term of this one stays reachable
	for i := range io.Dicts {
		clear(io.Dicts[i])
	}
	io.Dicts = io.Dicts[:0]
	for i := range io.keys {
		io.keys[i] = nil
	}
	for _, byID := range io.byID {
		clear(byID)
	}
	clear(io.allKeys) // no term of this segment stays reachable
	io.allKeys = io.allKeys[:0]
	io.sorter.reset()
	for _, m := range io.byKey {
		clear(m)
	}
	for _, slots := range io.byCoded {
		clear(slots)
	}
	io.keys = io.keys[:0]
	clear(io.IncludeDocValues)
	io.IncludeDocValues = io.IncludeDocValues[:0]
	io.posts = io.posts[:0]
	io.sorted = io.sorted[:0]
	io.postLocs = io.postLocs[:0]
	io.sortedLocs = nil
	io.pidStart = io.pidStart[:0]
	io.rank = io.rank[:0]
	io.termBlocksUsed, io.termBlock = 0, nil
	io.repeated = false
	clear(io.locs)
	io.locs = io.locs[:0]
	io.builder.reset()

	io.fieldLens = io.fieldLens[:0]
	io.fieldTFs = io.fieldTFs[:0]
	for i := range io.docTermMap {
		io.docTermMap[i] = io.docTermMap[i][:0]
	}

	io.tmp0 = io.tmp0[:0]
	io.extraDocValues = nil
	atomic.StoreUint64(&io.bytesWritten, 0)
	io.fieldsSame = false
	io.numDocs = 0

	clear(io.fieldAddrs)

	return err
}
func (i *invertedIndexOpaque) Set(key string, val interface{}) {
	switch key {
	case "results":
		i.results = val.([]index.Document)
	case "chunkMode":
		i.chunkMode = val.(uint32)
	case "fieldsSame":
		i.fieldsSame = val.(bool)
	case "fieldsMap":
		i.FieldsMap = val.(map[string]uint16)
	case "fieldsOptions":
		i.FieldsOptions = val.(map[string]index.FieldIndexingOptions)
	case "fieldsInv":
		i.FieldsInv = val.([]string)
	case "numDocs":
		i.numDocs = val.(uint64)
	}
}
