package search

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"testing"
)

// TestPairsCountedByNumberConcurrently (review rev5): documents of many
// sizes analysed at once by several goroutines, each document's pairs'
// table (pairsSeen) taken from the pool another document of another size
// left, texts cut anywhere (a pair at the very end, a cut inside a
// character), reserved too small or not at all: every document's pairs
// are those counted by their bytes (refPairs).
func TestPairsCountedByNumberConcurrently(t *testing.T) {
	var texts [][]string
	arts, err := devArticles(t, 200)
	if err != nil {
		t.Skipf("development corpus missing: %v", err)
	}
	for _, a := range arts {
		texts = append(texts, []string{a.Title, a.Lead, a.Body})
	}
	// Crafted: the same pairs with other separators and forms, a pair
	// ending the text, upper case, numbers and codes between them.
	texts = append(texts,
		[]string{"Kinh tế", "kinh tế - xã hội; KINH TẾ XÃ HỘI", "Kinh tế\nxã hội, kinh tế. Xã hội kinh tế"},
		[]string{"của các", "của các, của các\r\ncủa các", "NQ-TW của các của các"},
		[]string{"", "", "và các"},
	)
	const workers = 4
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(w), 7))
			for round := range 3 * len(texts) {
				d := slices.Clone(texts[rng.IntN(len(texts))])
				// cut the body anywhere, at times inside a character
				if n := len(d[2]); n > 0 && round%3 != 0 {
					d[2] = d[2][:rng.IntN(n+1)]
				}
				var tm terms
				switch round % 4 {
				case 0:
					tm.reserve(len(strings.Join(d, "")), len(d[0])+len(d[1]))
				case 1:
					tm.reserve(len(d[0]), len(d[0])) // too small: the tables grow
				case 2:
					tm.reserve(rng.IntN(1<<16), 0) // any size: a table of another's size
				}
				for j, text := range d {
					tm.add(text, j < 2)
				}
				want, wantHead := refPairs(d, 2)
				for _, c := range []struct {
					name string
					ts   *termSet
					want pairsRef
				}{{"pairs", &tm.pairs, want}, {"headPairs", &tm.headPairs, wantHead}} {
					var got []string
					for k := range c.ts.len() {
						got = append(got, string(c.ts.term(k)))
					}
					if !slices.Equal(got, c.want.terms) || !slices.Equal(c.ts.freqs, c.want.freqs) ||
						len(got) > 0 && !slices.Equal(c.ts.ids, c.want.ids) {
						errs <- fmt.Sprintf("worker %d round %d %s: terms %q freqs %v ids %v, want %q %v %v", w, round, c.name,
							got, c.ts.freqs, c.ts.ids, c.want.terms, c.want.freqs, c.want.ids)
						return
					}
				}
				tm.release()
			}
		}()
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
