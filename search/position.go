package search

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"
)

// An index knows its position in the database's change log (models: the
// change log): every change up to it is in the index. The position is
// kept inside the index, in every part, written in the same Bleve batch as
// the documents of the changes it covers, so that the index and its
// position never disagree, even after a crash: an index copied, restored
// or wiped says itself how far it is.

// positionKey is the Bleve internal key of the position.
const positionKey = "tracuu.position"

// formatKey is the Bleve internal key of the index's format: what its
// documents hold (indexFormat). An index of another format, or made
// before formats were recorded, reports no position, so that the indexer
// builds it again from the database, beside it while it answers (queries
// of this version read an index of format 1 or 2 correctly, the folded
// pair being the first term of its range, segView.plists; only the tiers
// of the phrase as written stay empty there until the rebuild; and one of
// format 3 or older with its exact lengths, shards.coded).
const formatKey = "tracuu.format"

// indexFormat is the format this version writes: 4, the scored fields'
// lengths as one byte each (lengthCode; an index of an older format keeps
// them exact and is read so, shards.coded); 3, each pair of common
// syllables as one variant, clean or across punctuation, with a code of
// its written form (appendPairVariant); 2, pairs of common syllables only
// (pairIndexed), folded; before it, every pair, folded.
const indexFormat = "4"

// ErrLocked is returned by Open when another process has the index open.
var ErrLocked = errors.New("search: the index is in use by another process")

// lockWait is how long Open waits for another process to let go of the
// index before it returns ErrLocked.
const lockWait = time.Second

func positionOps(pos *int64) map[string][]byte {
	if pos == nil {
		return nil
	}
	return map[string][]byte{positionKey: []byte(strconv.FormatInt(*pos, 10))}
}

// position reads the position of every part: the lowest, since a crash can
// leave the parts one batch apart; ok is false when a part has none or is
// of another format.
func (s *shards) position() (pos int64, ok bool, err error) {
	for i, p := range s.parts {
		f, err := p.GetInternal([]byte(formatKey))
		if err != nil {
			return 0, false, fmt.Errorf("search: unable to read the index format: %w", err)
		}
		if string(f) != indexFormat {
			return 0, false, nil
		}
		v, err := p.GetInternal([]byte(positionKey))
		if err != nil {
			return 0, false, fmt.Errorf("search: unable to read the index position: %w", err)
		}
		if v == nil {
			return 0, false, nil
		}
		n, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return 0, false, fmt.Errorf("search: bad index position %q: %w", v, err)
		}
		if i == 0 || n < pos {
			pos = n
		}
	}
	return pos, len(s.parts) > 0, nil
}

// Position returns the index's position in the change log; ok is false
// for an index that has none (new, or made by an older version).
func (ix *Index) Position() (pos int64, ok bool) {
	ix.posMu.Lock()
	defer ix.posMu.Unlock()
	return ix.pos, ix.hasPos
}

func (ix *Index) setPosition(pos int64) {
	ix.posMu.Lock()
	defer ix.posMu.Unlock()
	ix.pos, ix.hasPos = pos, true
}

// ApplyAt is Apply for the changes up to position pos of the change log:
// the documents and the new position are written together, one batch a
// part. With no documents it only moves the position.
func (ix *Index) ApplyAt(ctx context.Context, pos int64, upserts []Doc, deletes []string) error {
	return ix.apply(ctx, upserts, deletes, &pos)
}
