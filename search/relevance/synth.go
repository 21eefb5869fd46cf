package relevance

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
)

// Synthesize makes n articles from the paragraphs of arts (see
// SynthesizeEach).
func Synthesize(arts []Article, n int, seed uint64) []Article {
	out := make([]Article, 0, n)
	SynthesizeEach(arts, n, seed, func(_ int, a Article) error {
		out = append(out, a)
		return nil
	})
	return out
}

// synthSources are the publications synthetic articles are attributed
// to, the first ones more often (weights), as in a national archive where
// a few large papers dominate.
var synthSources = []struct {
	name   string
	weight int
}{
	{"Dân trí", 30}, {"VnExpress", 28}, {"Tuổi Trẻ", 22}, {"Thanh Niên", 20}, {"Nhân Dân", 16},
	{"Quân đội nhân dân", 10}, {"Tiền Phong", 9}, {"Lao Động", 9}, {"Người Lao Động", 8},
	{"Vietnamnet", 8}, {"Báo Chính phủ", 6}, {"Công an nhân dân", 6}, {"Sài Gòn Giải Phóng", 6},
	{"Hà Nội Mới", 5}, {"Báo Đồng Khởi", 3}, {"Báo Cần Thơ", 3}, {"Báo Nghệ An", 3},
	{"Báo Quảng Ninh", 3}, {"Báo Đà Nẵng", 3}, {"Báo Bình Dương", 2}, {"Báo Lâm Đồng", 2},
	{"Báo Thái Bình", 2}, {"Báo Bến Tre", 2}, {"Báo Hậu Giang", 1},
}

// synthSections are the section names a publication may use beside the
// dev corpus's own (education, society…).
var synthSections = []string{
	"Thời sự", "Chính trị", "Xây dựng Đảng", "Pháp luật", "Kinh tế", "Xã hội", "Giáo dục",
	"Y tế", "Văn hóa", "Thể thao", "Thế giới", "Nông nghiệp", "Địa phương", "Bạn đọc",
}

var synthSurnames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
var synthGiven = []string{"Hương Thu", "Minh Anh", "Quốc Việt", "Thanh Hà", "Văn Long", "Thu Trang", "Hoàng Nam", "Ngọc Lan", "Đức Thắng", "Bảo Châu", "Hữu Phước", "Kim Ngân", "Trọng Tín", "Thùy Dương", "Xuân Mai", "Công Minh", "Phương Thảo", "Tuấn Anh"}

// SynthesizeEach makes n articles from the paragraphs of arts and hands
// each to yield, in order, without holding them all: each takes the title
// and section of a random article, the lead of another, and as many random
// paragraphs as a third has, so lengths and vocabulary follow the corpus.
// Publication dates spread over 2000-2026, more in recent years (an
// archive grows); sources follow the weights of synthSources; a fifth of
// the articles file under a section of synthSections, and three in five
// have an author. The same seed gives the same articles.
func SynthesizeEach(arts []Article, n int, seed uint64, yield func(i int, a Article) error) error {
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
	totalWeight := 0
	for _, s := range synthSources {
		totalWeight += s.weight
	}
	const firstYear, years = 2000, 27
	for i := 0; i < n; i++ {
		src := arts[r.IntN(len(arts))]
		k := max(1, counts[r.IntN(len(counts))])
		body := make([]string, k)
		for j := range body {
			body[j] = paras[r.IntN(len(paras))]
		}
		// The year's index has density 2x on [0,1): the later, the more
		// articles (math.Sqrt is exact, so the same everywhere).
		y := min(years-1, int(years*math.Sqrt(r.Float64())))
		a := Article{
			Title: src.Title,
			Lead:  arts[r.IntN(len(arts))].Lead,
			Body:  strings.Join(body, "\n"),
			PublishedAt: fmt.Sprintf("%04d-%02d-%02dT%02d:%02d:00+07:00", firstYear+y,
				1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60)),
			Source:  pickSource(r, totalWeight),
			Section: src.Section,
			URL:     fmt.Sprintf("synthetic:%d", i),
		}
		if r.IntN(5) == 0 {
			a.Section = synthSections[r.IntN(len(synthSections))]
		}
		if r.IntN(5) < 3 {
			a.Authors = []string{synthSurnames[r.IntN(len(synthSurnames))] + " " + synthGiven[r.IntN(len(synthGiven))]}
		}
		if err := yield(i, a); err != nil {
			return err
		}
	}
	return nil
}

func pickSource(r *rand.Rand, total int) string {
	n := r.IntN(total)
	for _, s := range synthSources {
		if n < s.weight {
			return s.name
		}
		n -= s.weight
	}
	return synthSources[0].name
}
