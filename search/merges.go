package search

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// Bleve merges each part's segments in a goroutine of its own, beside the
// requests. The parts of an index receive their batches together, so their
// merges may start together and take every core at once (two parts on two
// cores), stalling every request in flight for the merge's length. The
// merge gate lets one part of the process merge at a time: the others wait
// their turn (at most mergeWaitMax, after which they merge anyway, so that
// a part that stopped without saying so cannot hold the others up). It is
// off by default: under 16 mixed clients the two parts merged at once 6%
// of the time without it, and with it the latency showed no gain, below
// the noise of a machine loaded by other work (docs/reliability.md, 1
// December evening); it is a switch to measure on a quiet machine
// (SetMergeGate, cmd/reliability -merge-gate).

// eventCallback names the process's callback of Bleve events (runtimeConfig).
const eventCallback = "tracuu"

// mergeWaitMax bounds how long a part waits for another's merge (a
// variable for the tests).
var mergeWaitMax = 10 * time.Second

var (
	mergeGateOn atomic.Bool
	mergeSlot   = make(chan struct{}, 1)
	mergeMu     sync.Mutex
	mergeHeld   = map[*scorch.Scorch]bool{}
	// The parts planning or running a merge now, and the most at once.
	mergeActive    = map[*scorch.Scorch]bool{}
	mergeMaxActive int
	// A part waiting for the slot, and what ends its wait when it closes;
	// the parts closing (from Bleve's CloseStart to its Close).
	mergeClosing = map[*scorch.Scorch]chan struct{}{}
	mergeClosed  = map[*scorch.Scorch]bool{}

	mergeCount, mergeNanos, mergeMaxNanos, mergeWaitNanos atomic.Int64
	// Since when two parts or more have been merging (zero: fewer), and
	// the total time they did (under mergeMu).
	mergeOverlapSince time.Time
	mergeOverlap      time.Duration
)

func init() {
	scorch.RegistryEventCallbacks[eventCallback] = onBleveEvent
}

// SetMergeGate turns the merge gate on or off (off by default) and
// returns the previous setting.
func SetMergeGate(on bool) bool { return mergeGateOn.Swap(on) }

// MergeStats are the merges of every index of the process since it
// started: how many rounds of merge planning ran, their total time and the
// longest since TakeLongestMerge, and the total time parts waited for the
// gate.
type MergeStats struct {
	Rounds               int64
	Total, Longest, Wait time.Duration
	// Overlap is the time two parts or more merged at once.
	Overlap time.Duration
}

// TakeLongestMerge returns the longest merge since the last call (or since
// the process started) and starts the count again.
func TakeLongestMerge() time.Duration { return time.Duration(mergeMaxNanos.Swap(0)) }

// TakeMostMerging returns the most parts that planned or ran a merge at
// once since the last call, and starts the count again.
func TakeMostMerging() int {
	mergeMu.Lock()
	defer mergeMu.Unlock()
	n := mergeMaxActive
	mergeMaxActive = len(mergeActive)
	return n
}

// Merges returns the process's MergeStats.
func Merges() MergeStats {
	mergeMu.Lock()
	overlap := mergeOverlap
	if !mergeOverlapSince.IsZero() {
		overlap += time.Since(mergeOverlapSince)
	}
	mergeMu.Unlock()
	return MergeStats{Rounds: mergeCount.Load(), Total: time.Duration(mergeNanos.Load()),
		Longest: time.Duration(mergeMaxNanos.Load()), Wait: time.Duration(mergeWaitNanos.Load()), Overlap: overlap}
}

// countMerging follows the overlap of merges after mergeActive changed
// (under mergeMu).
func countMerging() {
	mergeMaxActive = max(mergeMaxActive, len(mergeActive))
	switch {
	case len(mergeActive) >= 2 && mergeOverlapSince.IsZero():
		mergeOverlapSince = time.Now()
	case len(mergeActive) < 2 && !mergeOverlapSince.IsZero():
		mergeOverlap += time.Since(mergeOverlapSince)
		mergeOverlapSince = time.Time{}
	}
}

func onBleveEvent(e scorch.Event) bool {
	switch e.Kind {
	case scorch.EventKindPreMergeCheck:
		if mergeGateOn.Load() {
			acquireMerge(e.Scorch)
		}
		mergeMu.Lock()
		mergeActive[e.Scorch] = true
		countMerging()
		mergeMu.Unlock()
	case scorch.EventKindMergerProgress:
		mergeCount.Add(1)
		mergeNanos.Add(int64(e.Duration))
		for {
			m := mergeMaxNanos.Load()
			if int64(e.Duration) <= m || mergeMaxNanos.CompareAndSwap(m, int64(e.Duration)) {
				break
			}
		}
		releaseMerge(e.Scorch)
	case scorch.EventKindCloseStart, scorch.EventKindClose:
		mergeMu.Lock()
		if e.Kind == scorch.EventKindCloseStart {
			mergeClosed[e.Scorch] = true
		} else {
			delete(mergeClosed, e.Scorch)
		}
		if c, ok := mergeClosing[e.Scorch]; ok {
			close(c) // its merger, waiting for the slot, must not hold up Close
			delete(mergeClosing, e.Scorch)
		}
		mergeMu.Unlock()
		releaseMerge(e.Scorch)
	}
	return true
}

// acquireMerge waits for the merge slot for s: at most mergeWaitMax, and
// not once s starts closing (Close waits for its merger). s may already
// hold it, when its last merge failed and it plans again.
func acquireMerge(s *scorch.Scorch) {
	mergeMu.Lock()
	if mergeHeld[s] || mergeClosed[s] {
		mergeMu.Unlock()
		return
	}
	closing := make(chan struct{})
	mergeClosing[s] = closing
	mergeMu.Unlock()
	start := time.Now()
	t := time.NewTimer(mergeWaitMax)
	defer t.Stop()
	select {
	case mergeSlot <- struct{}{}:
		mergeMu.Lock()
		mergeHeld[s] = true
		mergeMu.Unlock()
	case <-t.C:
	case <-closing:
	}
	mergeMu.Lock()
	if mergeClosing[s] == closing {
		delete(mergeClosing, s)
	}
	mergeMu.Unlock()
	mergeWaitNanos.Add(int64(time.Since(start)))
}

// releaseMerge gives the slot back if s holds it.
func releaseMerge(s *scorch.Scorch) {
	mergeMu.Lock()
	defer mergeMu.Unlock()
	delete(mergeActive, s)
	countMerging()
	if mergeHeld[s] {
		delete(mergeHeld, s)
		<-mergeSlot
	}
}
