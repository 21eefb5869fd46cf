package ingest

import (
	"strings"
	"sync"
	"testing"
)

// TestScratchesKeptBounded: the scratch memories Extract keeps between
// calls are bounded in number (a burst of concurrent calls leaves at most
// maxFreeScratches behind) and in size (a huge article's token buffers
// are not kept for the life of the process).
func TestScratchesKeptBounded(t *testing.T) {
	huge := Article{Title: "Tỉnh ủy Bến Tre", Body: strings.Repeat("Đồng chí Trần Ngọc Tam, Phó Bí thư Thường trực Tỉnh ủy, dự hội nghị. ", 8000)}
	Extract(huge)
	scratches.Lock()
	for i, sc := range scratches.free {
		if cap(sc.toks) > maxKeptTokens {
			t.Errorf("kept scratch %d holds %d tokens' memory, want at most %d", i, cap(sc.toks), maxKeptTokens)
		}
	}
	scratches.Unlock()

	// Many calls at once, each holding its scratch until all have one.
	n := 4*maxFreeScratches + 8
	var taken sync.WaitGroup
	taken.Add(n)
	release := make(chan struct{})
	var done sync.WaitGroup
	for range n {
		done.Add(1)
		go func() {
			defer done.Done()
			sc := takeScratch()
			taken.Done()
			<-release
			giveScratch(sc)
		}()
	}
	taken.Wait()
	close(release)
	done.Wait()
	scratches.Lock()
	kept := len(scratches.free)
	scratches.Unlock()
	if kept > maxFreeScratches {
		t.Errorf("%d scratches kept after %d concurrent calls, want at most %d", kept, n, maxFreeScratches)
	}
	// Extraction still works with the scratches it kept.
	if x := Extract(Article{Title: "Tỉnh ủy Bến Tre", Body: "Đồng chí Trần Ngọc Tam, Phó Bí thư Thường trực Tỉnh ủy, phát biểu."}); len(x.People) == 0 {
		t.Errorf("no person extracted after the burst")
	}
}
