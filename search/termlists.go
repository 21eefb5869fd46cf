package search

// termLists gives the term sets of one batch's documents their lists
// (terms.reserve) from blocks kept from one batch to the next: a
// document's sets reserve about ten bytes a byte of its text, which was
// allocated and cleared for every document (runtime.makeslice under
// termSet.reserveList, about 1 s of the import's index role at 100,000
// articles) and left to the collector. A batch's documents keep their
// lists until Bleve has built the batch's segment, which copies the terms
// (applyBatch); then the blocks serve the next batch. A set that outgrows
// its reserve appends past it on the heap: each list handed out is capped
// at its reserve, so no two sets share bytes.
type termLists struct {
	bytes blocks[byte]
	nums  blocks[uint32]
}

// reserve gives ts lists for n terms of about size bytes each, as
// termSet.reserveList does.
func (l *termLists) reserve(ts *termSet, n, size int) {
	ts.bytes = l.bytes.take(n * size)
	ts.ends = l.nums.take(n)
	ts.freqs = l.nums.take(n)
	ts.ids = l.nums.take(n)
}

// reset makes every block free again: the documents given lists since
// the last reset must be gone.
func (l *termLists) reset() {
	l.bytes.reset()
	l.nums.reset()
}

// blocks hands out empty slices of given capacities, carved one after
// another from large blocks.
type blocks[T any] struct {
	all [][]T // the blocks
	cur int   // the block being carved
	off int   // its first free element
}

// blockLen is the elements of a block (a larger request gets a block of
// its size).
const blockLen = 1 << 20

// take returns an empty slice (not nil) of capacity n.
func (b *blocks[T]) take(n int) []T {
	for ; b.cur < len(b.all); b.cur, b.off = b.cur+1, 0 {
		if blk := b.all[b.cur]; b.off+n <= len(blk) {
			s := blk[b.off : b.off : b.off+n]
			b.off += n
			return s
		}
	}
	blk := make([]T, max(n, blockLen))
	b.all = append(b.all, blk)
	b.cur, b.off = len(b.all)-1, n
	return blk[:0:n]
}

func (b *blocks[T]) reset() { b.cur, b.off = 0, 0 }

// size is the blocks' elements.
func (b *blocks[T]) size() int {
	n := 0
	for _, blk := range b.all {
		n += len(blk)
	}
	return n
}

// listsFree keeps a few termLists for the next batches: the index's
// parts apply their batches at once, each with its own.
var listsFree = make(chan *termLists, 4)

// maxKeptLists bounds the bytes of a termLists kept for the next batch
// (a batch of many large documents is not kept for the life of the
// process): a part's 3,000 articles of the import (defaultImportIndexBatch)
// take about 90 MB, 7-8 bytes a byte of text.
const maxKeptLists = 256 << 20

func getTermLists() *termLists {
	select {
	case l := <-listsFree:
		return l
	default:
		return &termLists{}
	}
}

// putTermLists keeps l for the next batch once Bleve no longer holds the
// documents given its lists.
func putTermLists(l *termLists) {
	if l.bytes.size()+4*l.nums.size() > maxKeptLists {
		return
	}
	l.reset()
	select {
	case listsFree <- l:
	default:
	}
}
