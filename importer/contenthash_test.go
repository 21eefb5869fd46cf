package importer

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"tracuu/ingest"
	"tracuu/models"
)

// TestExtractedContentHash holds ToModelExtracted, whose content hash
// Extract works out from its tokens (ingest.Extraction.ContentHash), to
// ToModel's, which Normalise works out from the text: the same model,
// content hash and all, for every article of the dev corpus, odd inputs
// (NFD, CRLF, no-break spaces, tabs, old and new tone placement, bad
// bytes) and random text. It fails when the extraction's hash leaves a
// tone where AppendWords moves it, parts words where Fields does not, or
// takes a rune AppendWords does not.
func TestExtractedContentHash(t *testing.T) {
	check := func(t *testing.T, a ingest.Article) bool {
		t.Helper()
		x := ingest.Extract(a)
		want, got := ToModel(a), ToModelExtracted(a, &x)
		if !reflect.DeepEqual(want, got) {
			t.Fatalf("title %q body %q: ToModelExtracted\n%+v\nToModel\n%+v", a.Title, a.Body, got, want)
		}
		_, ok := x.ContentHash()
		if ok && want.ContentHash != models.ContentHash(want.Title, want.Body) {
			t.Fatalf("title %q body %q: models.ContentHash disagrees", a.Title, a.Body)
		}
		return ok
	}

	t.Run("DevCorpus", func(t *testing.T) {
		path := os.Getenv("TRACUU_CORPUS")
		if path == "" {
			path = filepath.Join("..", "..", "shared", "corpus", "dantri-2019-2021.jsonl")
		}
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			if os.Getenv("CI") == "true" {
				t.Fatalf("dev corpus %s missing in CI", path)
			}
			t.Skipf("dev corpus %s not present", path)
		}
		n, quick := 0, 0
		err := ingest.Walk([]string{path}, func(r ingest.Record) error {
			if r.Err != nil {
				return nil
			}
			n++
			if check(t, r.Article) {
				quick++
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("the extraction's hash taken for %d of %d articles", quick, n)
		// The point of the hash from the tokens: it must be the one taken.
		if n == 0 || quick < n*9/10 {
			t.Fatalf("the extraction's hash taken for %d of %d articles", quick, n)
		}
	})

	t.Run("OddInputs", func(t *testing.T) {
		for _, c := range []struct {
			title, body string
			quick       bool // the extraction's hash is taken
		}{
			{"Hòa bình", "Thủy điện ở Khánh Hòa, khỏe mạnh.", true},
			{"Hoà bình", "Thuỷ điện ở Khánh Hoà, khoẻ mạnh.", true},
			{"HÒA BÌNH", "THỦY ĐIỆN Ở KHÁNH HÒA", true},
			{"Hò", "a hò. a hò\ta hò\nye ủ\ny", true},
			{"  Bí thư   Tỉnh ủy  ", "\n\nÔng  Nguyễn Văn A,\tChủ tịch UBND.\n \n", true},
			{"", "Chỉ có thân bài.", true},
			{"Chỉ có tiêu đề", "", true},
			{"", "", true},
			{" \n ", "\t", true},
			{"Nghị quyết 05-CT/TW", "Số 30/2020/NĐ-CP – 49.356 người (97,73%) “Hòa”…", true},
			{"Covid–19 và KT–XH", "Mã 05–CT/TW, Hòa–Bình", true},
			{"Trưởngphòng Hòaanh", "ủyviên huyệnCần Thơ MTTQViệt Nam", true},
			{norm.NFD.String("Hòa bình"), "Thân bài.", false},
			{"Tiêu đề", norm.NFD.String("Thủy điện Hòa Bình"), false},
			{"Tiêu đề", "Dòng một\r\nDòng hai", false},
			{"Tiêu\u00a0đề", "Thân bài.", false},
			{"Tiêu đề", "Thân\u00a0bài hòa.", false},
			{"Tiêu đề", "Zero\u200bwidth", false},
			{"Tiêu đề", "Bad \xff bytes", false},
			{"Tiêu đề", "Control \x01 char", false},
			{"Tiêu đề", "Ideographic\u3000space 中文", false},
		} {
			a := ingest.Article{Title: c.title, Body: c.body, Lead: "Sa pô hòa", Source: "Báo Đồng Khởi", URL: "https://example.test/" + c.title}
			if ok := check(t, a); ok != c.quick {
				t.Errorf("title %q body %q: extraction's hash taken %v, want %v", c.title, c.body, ok, c.quick)
			}
			a.URL = ""
			check(t, a)
		}
	})

	t.Run("Random", func(t *testing.T) {
		pieces := []string{"hòa", "Hòa", "HÒA", "hoà", "thủy", "THỦY", "khỏe", "ò", "ỏ", "ủ", "a", "e", "y", "A", "Y",
			"Bí", "thư", "05", "CT", "TW", "49", "356", "KT", "XH",
			" ", " ", " ", "  ", "\n", "\t", "\r", "\r\n", "\u00a0", "\u200b", "\u2009",
			"-", "–", "/", ".", ",", ":", "(", ")", "“", "”", "…", "%", "\xff", "\x01",
			norm.NFD.String("ò"), "\u0301", "中", "CO₂", "m²", "™", "→", "≤", "≥", "\u2126", "\u212a", "≠", "=\u0338", "\ufe0f"}
		rng := rand.New(rand.NewPCG(7, 13))
		text := func() string {
			var b strings.Builder
			for range rng.IntN(24) {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
			return b.String()
		}
		quick := 0
		for range 20000 {
			if check(t, ingest.Article{Title: text(), Body: text()}) {
				quick++
			}
		}
		t.Logf("the extraction's hash taken for %d of 20000", quick)
		if quick < 500 || quick == 20000 {
			t.Fatalf("the extraction's hash taken for %d of 20000 random articles", quick)
		}
	})
}
