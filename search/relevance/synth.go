package relevance

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// Synthesize makes n articles from the paragraphs of arts: each takes the
// title, lead, source and section of a random article and as many random
// paragraphs as another random article has, so lengths and vocabulary
// follow the corpus. The same seed gives the same articles.
func Synthesize(arts []Article, n int, seed uint64) []Article {
	var paras []string
	counts := make([]int, len(arts))
	for i, a := range arts {
		for _, p := range strings.Split(a.Body, "\n") {
			if p = strings.TrimSpace(p); p != "" {
				paras = append(paras, p)
				counts[i]++
			}
		}
	}
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	out := make([]Article, n)
	for i := range out {
		src := arts[r.IntN(len(arts))]
		k := max(1, counts[r.IntN(len(counts))])
		body := make([]string, k)
		for j := range body {
			body[j] = paras[r.IntN(len(paras))]
		}
		out[i] = Article{
			Title:       src.Title,
			Lead:        arts[r.IntN(len(arts))].Lead,
			Body:        strings.Join(body, "\n"),
			PublishedAt: fmt.Sprintf("20%02d-%02d-%02d", 15+r.IntN(7), 1+r.IntN(12), 1+r.IntN(28)),
			Source:      src.Source,
			Section:     src.Section,
			URL:         fmt.Sprintf("synthetic:%d", i),
		}
	}
	return out
}
