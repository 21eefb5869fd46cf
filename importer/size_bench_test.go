package importer_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"tracuu/importer"
	"tracuu/ingest"
	"tracuu/internal/cpu"
	"tracuu/models/modelstest"
	"tracuu/search/relevance"
)

// longBody joins paragraphs of the development corpus up to n bytes.
func longBody(b *testing.B, n int) string {
	arts, _, err := relevance.Load("../../shared/corpus")
	if err != nil {
		b.Skipf("no corpus: %v", err)
	}
	var sb strings.Builder
	for i := 0; sb.Len() < n; i++ {
		sb.WriteString(arts[i%len(arts)].Body)
		sb.WriteString("\n\n")
	}
	return strings.ToValidUTF8(sb.String()[:n], "")
}

// BenchmarkStoreLongArticle stores one article of each size on SQLite,
// extraction and linking included: the time per MB must not grow with
// the size (go test ./importer/ -run - -bench StoreLongArticle).
func BenchmarkStoreLongArticle(b *testing.B) {
	for _, c := range []struct {
		size   int
		layout string
	}{{128 << 10, "paragraphs"}, {512 << 10, "paragraphs"}, {1 << 20, "paragraphs"}, {256 << 10, "oneline"}, {1 << 20, "oneline"}} {
		size := c.size
		body := longBody(b, size)
		if c.layout == "oneline" {
			body = strings.ReplaceAll(body, "\n", " ")
		}
		b.Run(fmt.Sprintf("%s/%dKB", c.layout, size>>10), func(b *testing.B) {
			s := modelstest.Open(b, "sqlite")
			b.SetBytes(int64(size))
			cpu0 := cpu.Used()
			for i := range b.N {
				a := ingest.Article{Title: fmt.Sprintf("Bài dài %d", i), Body: body, URL: fmt.Sprintf("https://example.vn/dai/%d", i)}
				if _, _, err := importer.StoreArticle(context.Background(), s, a); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric((cpu.Used()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
		})
	}
}
