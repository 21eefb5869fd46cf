package ingest

import (
	"fmt"
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

// TestScratchFiguresNotShared: the figures an extraction returns are its
// own, though Extract gathers them in scratch memory it keeps for the next
// article: extracting other articles after it (on the same scratch) leaves
// it as it was. It fails when result hands out the scratch's slice.
func TestScratchFiguresNotShared(t *testing.T) {
	a := Article{Title: "Kết quả", Body: "Toàn tỉnh có 621/638 tổ chức cơ sở đảng (chiếm 97,33%) và 49.356 đảng viên dự học. Có 1.200 hộ nghèo."}
	first := Extract(a)
	if len(first.Figures) == 0 {
		t.Fatal("no figure extracted")
	}
	want := fmt.Sprint(first.Figures)
	for _, f := range first.Figures {
		if f.Mention.Text == "" || !strings.Contains(a.Body, f.Mention.Text) {
			t.Fatalf("figure %+v: its mention is not the article's", f)
		}
	}
	for i := range 20 {
		Extract(Article{Title: "Khác", Body: fmt.Sprintf("Có %d đảng viên và %d hộ, %d người dự.", 100+i, 200+i, 300+i)})
	}
	if got := fmt.Sprint(first.Figures); got != want {
		t.Errorf("the first extraction's figures changed:\n%s\nwere\n%s", got, want)
	}
}
