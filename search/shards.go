package search

import (
	"context"
	"errors"
	"fmt"
	"hash/fnv"
	"log/slog"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/index/scorch/mergeplan"
	zapx "github.com/blevesearch/zapx/v17"
	bolterrors "go.etcd.io/bbolt/errors"
)

// numShards is how many parts a new index has. Bleve searches one index
// on one core; an alias searches its indexes in parallel, so the parts of
// one search run on as many cores.
const numShards = 2

// shards is an index in parts (dir/0, dir/1, …), each document in the
// part its id hashes to, searched together through an alias.
type shards struct {
	parts []bleve.Index
	dirs  []string // each part's folder
	alias bleve.IndexAlias
	// mergeTimes are the parts' times of the last forceMerge.
	mergeTimes []MergeTimes
	// coded tells, for each part, whether its scored fields keep their
	// lengths as lengthCode (index format 4 on): an index of an older
	// format answers, and takes writes, with exact lengths until it is
	// rebuilt.
	coded []bool
}

// openShards opens the parts in dir, creating them if dir has none,
// each with the merge plan merges (servingMerges, importMerges).
func openShards(dir string, merges map[string]any) (*shards, error) {
	s := &shards{}
	for i := 0; ; i++ {
		p := filepath.Join(dir, strconv.Itoa(i))
		bi, err := bleve.OpenUsing(p, runtimeConfig(merges))
		if errors.Is(err, bleve.ErrorIndexPathDoesNotExist) {
			if i > 0 {
				break
			}
			return createShards(dir, merges)
		}
		if errors.Is(err, bolterrors.ErrTimeout) {
			s.Close()
			return nil, fmt.Errorf("%w: %s", ErrLocked, dir)
		}
		if createCutShort(err) {
			// Nothing was ever written into it: start it afresh. It has
			// no position, so the indexer builds it from the database.
			s.Close()
			slog.Warn("search: the index's creation was cut short (a crash); creating it afresh", "dir", dir, "part", p, "err", err)
			if err := os.RemoveAll(dir); err != nil {
				return nil, fmt.Errorf("search: unable to clear %s: %w", dir, err)
			}
			return createShards(dir, merges)
		}
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("search: unable to open index %s: %w", p, err)
		}
		s.parts = append(s.parts, bi)
		s.dirs = append(s.dirs, p)
		f, err := bi.GetInternal([]byte(formatKey))
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("search: unable to read the index format of %s: %w", p, err)
		}
		s.coded = append(s.coded, lengthsCoded(string(f)))
	}
	s.alias = bleve.NewIndexAlias(s.parts...)
	return s, nil
}

// lengthsCoded tells whether an index of format f keeps the scored
// fields' lengths as lengthCode.
func lengthsCoded(f string) bool {
	n, err := strconv.Atoi(f)
	return err == nil && n >= 4
}

// mergeFloor is the size (in documents) below which Bleve counts a
// segment as this size when it plans merges. Every batch a server applies
// (it catches up every 100 ms) makes a segment of a few documents. With
// Bleve's default floor of 2,000, a part's base segment of fewer documents
// than that counted as no bigger than those, so every merge of the small
// segments rewrote it too: under 16 mixed clients on 200 articles, merges
// took 40% of the process's CPU, and 5% with this floor
// (docs/reliability.md). Small segments now merge among themselves.
const mergeFloor = 50

// servingMerges is the merge plan of a part (Bleve's defaults but
// mergeFloor): a server's batches make many small segments, which it
// merges as they come.
var servingMerges = map[string]any{"FloorSegmentSize": mergeFloor}

// importMerges is the merge plan of a part while an import keeps the
// index (OpenImport): segments merge fifty at a time instead of ten, so
// that at 100,000 articles (about 35 segments of 1,500 documents a part)
// no document is merged before the final compaction, which merges each
// part once (compact). Bleve's plan merged each document twice there:
// into segments of 15,000 while the import stored, then in the
// compaction. An import of millions still merges as it goes, in merges of
// fifty. docs/scaling.md, "The import's index side, 2 December".
var importMerges = map[string]any{"FloorSegmentSize": mergeFloor,
	"MaxSegmentsPerTier": importTier, "SegmentsPerMergeTask": importTier, "TierGrowth": float64(importTier)}

const importTier = 50

// runtimeConfig is the configuration of a part when it is created or
// opened, with the merge plan merges.
func runtimeConfig(merges map[string]any) map[string]any {
	return map[string]any{
		"bolt_timeout":           lockWait.String(),
		"scorchMergePlanOptions": merges,
		"eventCallbackName":      eventCallback,
	}
}

// createCutShort tells whether err, from opening a part, is that of a
// part whose creation (bleve.New: the folder, then index_meta.json, then
// the store and the mapping in it) a crash cut short. A part gets no
// document before its creation is done, so such a part holds nothing.
func createCutShort(err error) bool {
	return err != nil && (errors.Is(err, bleve.ErrorIndexMetaMissing) || errors.Is(err, bleve.ErrorIndexMetaCorrupt) ||
		strings.HasPrefix(err.Error(), "error parsing mapping JSON: unexpected end of JSON input"))
}

func createShards(dir string, merges map[string]any) (*shards, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("search: unable to create %s: %w", dir, err)
	}
	s := &shards{}
	for i := range numShards {
		p := filepath.Join(dir, strconv.Itoa(i))
		bi, err := bleve.NewUsing(p, NewMapping(), bleve.Config.DefaultIndexType, bleve.Config.DefaultKVStore, runtimeConfig(merges))
		if err != nil {
			s.Close()
			return nil, fmt.Errorf("search: unable to create index %s: %w", p, err)
		}
		s.parts = append(s.parts, bi)
		s.dirs = append(s.dirs, p)
		s.coded = append(s.coded, true)
		if err := bi.SetInternal([]byte(formatKey), []byte(indexFormat)); err != nil {
			s.Close()
			return nil, fmt.Errorf("search: unable to create index %s: %w", p, err)
		}
	}
	s.alias = bleve.NewIndexAlias(s.parts...)
	return s, nil
}

// SearchInContext searches every part and merges the results.
func (s *shards) SearchInContext(ctx context.Context, req *bleve.SearchRequest) (*bleve.SearchResult, error) {
	return s.alias.SearchInContext(ctx, req)
}

// DocCount is the number of documents in all parts.
func (s *shards) DocCount() (uint64, error) {
	var n uint64
	for _, p := range s.parts {
		c, err := p.DocCount()
		if err != nil {
			return 0, err
		}
		n += c
	}
	return n, nil
}

// Close closes every part.
func (s *shards) Close() error {
	var err error
	for _, p := range s.parts {
		err = errors.Join(err, p.Close())
	}
	return err
}

func shardOf(id string, n int) int {
	h := fnv.New32a()
	h.Write([]byte(id))
	return int(h.Sum32() % uint32(n))
}

// apply writes upserts and deletes, one Bleve batch a part, in parallel.
// Internal values, when given, go into every part's batch, so that each
// part holds them together with the documents.
func (s *shards) apply(upserts []Doc, deletes []string, internal map[string][]byte) error {
	n := len(s.parts)
	ups := make([][]Doc, n)
	dels := make([][]string, n)
	for _, d := range upserts {
		if d.ID == "" {
			return fmt.Errorf("search: document without id")
		}
		i := shardOf(d.ID, n)
		ups[i] = append(ups[i], d)
	}
	for _, id := range deletes {
		i := shardOf(id, n)
		dels[i] = append(dels[i], id)
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i, p := range s.parts {
		if len(ups[i]) == 0 && len(dels[i]) == 0 && len(internal) == 0 {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = applyBatch(p, s.coded[i], ups[i], dels[i], internal)
		}()
	}
	wg.Wait()
	return errors.Join(errs...)
}

// compact merges each part into a single segment, in one merge.
func (s *shards) compact(ctx context.Context) error {
	return s.forceMerge(ctx, &oneSegment, 0)
}

// compactBehind is compact with each part's merged file written behind
// (zapx.WriteBehind, windows of writeBehindWindow) and so left out of the
// page cache: for an import's final compaction, whose files the import
// does not read again.
func (s *shards) compactBehind(ctx context.Context) error {
	return s.forceMerge(ctx, &oneSegment, writeBehindWindow)
}

// writeBehindWindow is how many bytes of a merged file compactBehind
// writes before it hands them to the disk. In the benchmark machine,
// 350 MB written in 1 MB writes took 0.7-0.9 s of CPU into memory the
// kernel had not used for a few seconds, 0.14-0.16 s in windows of 8 MB
// (0.31 s in windows of 32 MB): the later windows reuse the pages of the
// earlier ones.
var writeBehindWindow = 8 << 20

// mergeAsServing merges each part once as its merger would with
// servingMerges: what an import that kept importMerges leaves to merge.
func (s *shards) mergeAsServing(ctx context.Context) error {
	o := mergeplan.DefaultMergePlanOptions
	o.FloorSegmentSize = mergeFloor
	return s.forceMerge(ctx, &o, 0)
}

// forceMerge merges every part with the plan o at once, their files
// written behind in windows of behind bytes (0: not).
func (s *shards) forceMerge(ctx context.Context, o *mergeplan.MergePlanOptions, behind int) error {
	errs := make([]error, len(s.parts))
	times := make([]MergeTimes, len(s.parts))
	var wg sync.WaitGroup
	for i, p := range s.parts {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if behind > 0 {
				store := filepath.Join(s.dirs[i], "store")
				zapx.WriteBehind(store, behind)
				defer zapx.WriteBehind(store, 0)
			}
			errs[i] = forceMerge(ctx, p, s.dirs[i], o, &times[i])
		}()
	}
	wg.Wait()
	s.mergeTimes = times
	return errors.Join(errs...)
}

// MergeTimes is where a part's forced merge (Index.Compact,
// Index.MergeAsServing) spent its time: waiting for the persister to
// write the segments still in memory, merging, and waiting for the
// persister to remove the files merged away.
type MergeTimes struct {
	Persisting, Merging, Removing time.Duration
}

// oneSegment is the merge plan of compact: every segment of a part in one
// merge task. Bleve's SingleSegmentMergePlanOptions merges ten segments a
// task, so a part of 35 segments became 4, in 4 merges.
var oneSegment = func() mergeplan.MergePlanOptions {
	o := mergeplan.SingleSegmentMergePlanOptions
	o.SegmentsPerMergeTask = math.MaxInt32
	return o
}()

// forceMerge merges the part bi in dir with the plan o, then waits (at
// most cleanupWait) until the part's folder holds only the segments in
// use: the persister removes those merged away soon after, and an import
// that closes the index at once left them on disk (1.2-1.6 GB beside the
// 740 MB in use at 100,000 articles) until the next open.
func forceMerge(ctx context.Context, bi bleve.Index, dir string, o *mergeplan.MergePlanOptions, times *MergeTimes) error {
	adv, err := bi.Advanced()
	if err != nil {
		return fmt.Errorf("search: unable to merge: %w", err)
	}
	sc, ok := adv.(*scorch.Scorch)
	if !ok {
		return nil
	}
	// Bleve plans a merge over the segments on disk only: the last
	// batches' segments, still in memory, stayed out of the compaction
	// (two segments a part after an import of 100,000).
	t := time.Now()
	waitPart(ctx, partWait, func() bool {
		n, ok := sc.StatsMap()["num_root_memorysegments"].(uint64)
		return !ok || n == 0
	})
	times.Persisting = time.Since(t)
	t = time.Now()
	if err := sc.ForceMerge(ctx, o); err != nil {
		return fmt.Errorf("search: unable to merge: %w", err)
	}
	times.Merging = time.Since(t)
	t = time.Now()
	defer func() { times.Removing = time.Since(t) }()
	// The persister deletes the files merged away when it next goes to
	// wait for work; a file some snapshot still held then (the merger's,
	// a reader's) stays until the persister has a new snapshot to write,
	// which a part nobody writes to never gets: the test of this failed
	// about once in 25 runs on a loaded machine, 26 files left after 30 s.
	// After each second without the files gone, a batch of nothing but an
	// internal key's delete (a key never set) gives it one.
	removed := func() bool {
		inUse, ok := sc.StatsMap()["num_root_filesegments"].(uint64)
		n, err := segmentFiles(dir)
		return !ok || err != nil || uint64(n) <= inUse
	}
	for deadline := time.Now().Add(partWait); ctx.Err() == nil && time.Now().Before(deadline); {
		if waitPart(ctx, time.Second, removed) {
			break
		}
		if err := sc.DeleteInternal(purgeKey); err != nil {
			return fmt.Errorf("search: unable to merge: %w", err)
		}
	}
	return nil
}

// purgeKey is the internal key forceMerge deletes to wake a part's
// persister: no one sets it.
var purgeKey = []byte("tracuu-purge")

// waitPart waits until done tells that the part's persister did what
// forceMerge waits for, at most d, and returns done's last answer.
func waitPart(ctx context.Context, d time.Duration, done func() bool) bool {
	for deadline := time.Now().Add(d); ctx.Err() == nil && time.Now().Before(deadline); {
		if done() {
			return true
		}
		time.Sleep(10 * time.Millisecond)
	}
	return done()
}

// partWait bounds how long forceMerge waits for the persister: to write
// the segments in memory before the merge, to remove the segments merged
// away after it.
const partWait = 30 * time.Second

// segmentFiles counts the segment files in the part dir.
func segmentFiles(dir string) (int, error) {
	es, err := os.ReadDir(filepath.Join(dir, "store"))
	n := 0
	for _, e := range es {
		if strings.HasSuffix(e.Name(), ".zap") {
			n++
		}
	}
	return n, err
}
