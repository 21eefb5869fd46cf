package ingest

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
	"unicode/utf16"
)

func TestParseByline(t *testing.T) {
	tests := []struct {
		in      string
		authors []string
		ok      bool
	}{
		{"Bài, ảnh: Hương Thu", []string{"Hương Thu"}, true},
		{"Bài và ảnh: Gia Bách", []string{"Gia Bách"}, true},
		{"Bài: Hồng Nhung - Ảnh: Văn Tâm", []string{"Hồng Nhung", "Văn Tâm"}, true},
		{"Bài: Thu Hà", []string{"Thu Hà"}, true},
		{"Ảnh: CTV", nil, true},
		{"Theo TTXVN", nil, true},
		{"Theo Hoài Thương", []string{"Hoài Thương"}, true},
		{"Tin, ảnh: Minh Trí, Thanh Tâm", []string{"Minh Trí", "Thanh Tâm"}, true},
		{"Theo Phó bí thư Thường trực Tỉnh ủy Trần Ngọc Tam, để tiếp tục thực hiện Nghị quyết", nil, false},
		{"Kiện toàn tổ chức bộ máy", nil, false},
	}
	for _, tt := range tests {
		got, ok := parseByline(tt.in)
		if ok != tt.ok || strings.Join(got, "|") != strings.Join(tt.authors, "|") {
			t.Errorf("parseByline(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.authors, tt.ok)
		}
	}
}

func TestParseCaption(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"Đại hội đại biểu Đảng bộ xã Tân Thạch, huyện Châu Thành, nhiệm kỳ 2020 - 2025. Ảnh: CTV", "Đại hội đại biểu Đảng bộ xã Tân Thạch, huyện Châu Thành, nhiệm kỳ 2020 - 2025.", true},
		{"Các đại biểu dự hội nghị. (Ảnh: TL)", "Các đại biểu dự hội nghị.", true},
		{"Quang cảnh hội nghị. Ảnh: Thanh Tâm", "Quang cảnh hội nghị.", true},
		{"Ảnh: CTV", "", false},
		{"Về đại hội đảng các cấp", "", false},
	}
	for _, tt := range tests {
		got, ok := parseCaption(tt.in)
		if ok != tt.ok || got != tt.want {
			t.Errorf("parseCaption(%q) = %q, %v; want %q, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

const seedSample = "Tiêu đề bài viết\n\n29/06/2020 - 06:52\n\nBDK - Đoạn mở đầu “Bứt phá’.\n\nChú thích ảnh. Ảnh: CTV\n\nChú thích ảnh. Ảnh: CTV\n\nThân  bài\u00A0một.\n\n(Bí thư Tỉnh ủy Nguyễn Văn A)\n\nBài, ảnh: Hương Thu\n\nChia sẻ bài viết\n\nBÌNH LUẬN\n"

func utf16Bytes(s string, bigEndian bool) []byte {
	var b bytes.Buffer
	if bigEndian {
		b.Write([]byte{0xFE, 0xFF})
	} else {
		b.Write([]byte{0xFF, 0xFE})
	}
	for _, u := range utf16.Encode([]rune(s)) {
		if bigEndian {
			b.Write([]byte{byte(u >> 8), byte(u)})
		} else {
			b.Write([]byte{byte(u), byte(u >> 8)})
		}
	}
	return b.Bytes()
}

// TestReadSeedTextEncodings reads one article in every encoding and form
// the archive holds and expects the same Article.
func TestReadSeedTextEncodings(t *testing.T) {
	want, err := ReadSeedText(strings.NewReader(seedSample))
	if err != nil {
		t.Fatal(err)
	}
	if want.Title != "Tiêu đề bài viết" || want.Lead != "Đoạn mở đầu “Bứt phá”." || want.Body != "Thân bài một." ||
		want.SourceCode != "BDK" || want.Attribution != "Bí thư Tỉnh ủy Nguyễn Văn A" || len(want.Captions) != 1 ||
		strings.Join(want.Authors, ",") != "Hương Thu" || want.PublishedAt.Format(time.RFC3339) != "2020-06-29T06:52:00+07:00" {
		t.Fatalf("article = %+v", want)
	}
	variants := map[string][]byte{
		"BOM":      append([]byte{0xEF, 0xBB, 0xBF}, seedSample...),
		"CRLF":     []byte(strings.ReplaceAll(seedSample, "\n", "\r\n")),
		"UTF-16LE": utf16Bytes(seedSample, false),
		"UTF-16BE": utf16Bytes(strings.ReplaceAll(seedSample, "\n", "\r\n"), true),
		"NFD":      []byte(strings.ReplaceAll(strings.ReplaceAll(seedSample, "Tỉnh ủy", "Ti\u0309nh u\u0309y"), "Tiêu", "Tie\u0302u")),
	}
	for name, b := range variants {
		t.Run(name, func(t *testing.T) {
			got, err := ReadSeedText(bytes.NewReader(b))
			if err != nil {
				t.Fatal(err)
			}
			if got.Title != want.Title || got.Lead != want.Lead || got.Body != want.Body || got.Attribution != want.Attribution ||
				got.ContentHash != want.ContentHash || !got.PublishedAt.Equal(want.PublishedAt) {
				t.Errorf("got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestReadSeedTextEmpty(t *testing.T) {
	if _, err := ReadSeedText(strings.NewReader(" \n\r\n")); !errors.Is(err, ErrEmpty) {
		t.Errorf("err = %v, want ErrEmpty", err)
	}
}

func readAllJSONL(t *testing.T, in []byte) (arts []Article, lines []int, errs []error) {
	t.Helper()
	r := NewJSONLReader(bytes.NewReader(in))
	for {
		a, n, err := r.Next()
		if err == io.EOF {
			return
		}
		var le *LineError
		if err != nil && !errors.As(err, &le) {
			t.Fatalf("line %d: %v", n, err)
		}
		arts, lines, errs = append(arts, a), append(lines, n), append(errs, err)
	}
}

func TestJSONLReader(t *testing.T) {
	in := strings.Join([]string{
		`{"title": "Một", "body": "Thân bài.", "publishedAt": "2020-06-29T06:52:00+07:00", "url": "https://a/1", "authors": ["Hương Thu"]}`,
		``,
		`{"title": "", "body": "x"}`,
		`{"title": "Ba", "body": "   "}`,
		`{"title": "Bốn", "body": "x", "publishedAt": "abc"}`,
		`{"title": "Năm", "body": "x", "publishedAt": "29/06/2020 - 06:52", "authors": "A Bê và Cờ Dê"}`,
		`{"title": "Sáu", "body": "x", "publishedAt": "2020-06-29", "source": "Báo Đồng Khởi"}`,
		`{not json`,
		`{"title": 7, "body": "x"}`,
		`{"title": "Chín", "body": "x", "publishedAt": 20200629}`,
		`{"title": "Mười", "body": "BDK - x", "lead": "BDK - Mở đầu", "extra": {"nested": true}}`,
	}, "\r\n")
	arts, lines, errs := readAllJSONL(t, []byte("\xEF\xBB\xBF"+in))
	wantErrs := []string{"", "line 3: title is required", "line 4: body is required",
		`line 5: publishedAt "abc": not a date (want RFC 3339, dd/mm/yyyy - hh:mm, or yyyy-mm-dd)`, "", "",
		"line 8: not valid JSON", "line 9: title: want a string", "line 10: publishedAt 20200629: not a string", ""}
	wantLines := []int{1, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	if len(errs) != len(wantErrs) {
		t.Fatalf("%d records, want %d: %v", len(errs), len(wantErrs), errs)
	}
	for i, w := range wantErrs {
		got := ""
		if errs[i] != nil {
			got = errs[i].Error()
		}
		if lines[i] != wantLines[i] || w == "" && got != "" || w != "" && !strings.HasPrefix(got, w) {
			t.Errorf("record %d: line %d, err %q; want line %d, %q", i, lines[i], got, wantLines[i], w)
		}
	}
	var le *LineError
	if errors.As(errs[1], &le) && le.Field != "title" {
		t.Errorf("field = %q, want title", le.Field)
	}
	if a := arts[0]; a.Title != "Một" || a.URL != "https://a/1" || a.ContentKey() != "https://a/1" || a.PublishedAt.Format(time.RFC3339) != "2020-06-29T06:52:00+07:00" || a.Authors[0] != "Hương Thu" {
		t.Errorf("article 1 = %+v", a)
	}
	if a := arts[4]; a.PublishedAt.Format(time.RFC3339) != "2020-06-29T06:52:00+07:00" || strings.Join(a.Authors, "|") != "A Bê|Cờ Dê" {
		t.Errorf("article 5 = %+v", a)
	}
	if a := arts[5]; a.PublishedAt.Format(time.RFC3339) != "2020-06-29T00:00:00+07:00" || a.SourceCode != "BDK" || a.Province != "Bến Tre" || !strings.HasPrefix(a.ContentKey(), "sha256:") {
		t.Errorf("article 6 = %+v", a)
	}
	if a := arts[9]; a.Lead != "Mở đầu" || a.Source != "Báo Đồng Khởi" {
		t.Errorf("article 10 = %+v", a)
	}
}

func TestJSONLReaderUTF16(t *testing.T) {
	in := "{\"title\": \"Tỉnh ủy\", \"body\": \"Một.\"}\r\n{\"title\": \"Hai\", \"body\": \"Hai.\"}\r\n"
	for _, be := range []bool{false, true} {
		arts, _, errs := readAllJSONL(t, utf16Bytes(in, be))
		if len(arts) != 2 || errs[0] != nil || errs[1] != nil || arts[0].Title != "Tỉnh ủy" || arts[1].Body != "Hai." {
			t.Errorf("big endian %v: %+v %v", be, arts, errs)
		}
	}
}

func TestJSONLReaderLongLine(t *testing.T) {
	old := maxLine
	maxLine = 1 << 10
	defer func() { maxLine = old }()
	long := `{"title": "Dài", "body": "` + strings.Repeat("chữ ", 2000) + `"}`
	in := long + "\n" + `{"title": "Ngắn", "body": "x"}` + "\n"
	arts, lines, errs := readAllJSONL(t, []byte(in))
	if len(errs) != 2 || errs[0] == nil || !strings.Contains(errs[0].Error(), "longer than") || errs[1] != nil || arts[1].Title != "Ngắn" || lines[1] != 2 {
		t.Errorf("errs = %v, arts = %+v, lines = %v", errs, arts, lines)
	}
}

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	must(os.MkdirAll(filepath.Join(dir, "a", "b"), 0o755))
	must(os.WriteFile(filepath.Join(dir, "a", "one.txt"), []byte(seedSample), 0o644))
	must(os.WriteFile(filepath.Join(dir, "a", "b", "two.jsonl"), []byte("{\"title\":\"T\",\"body\":\"B\"}\n{\"title\":\"\",\"body\":\"B\"}\n"), 0o644))
	must(os.WriteFile(filepath.Join(dir, "a", "notes.md"), []byte("skip me"), 0o644))
	other := filepath.Join(dir, "x.csv")
	must(os.WriteFile(other, []byte("a,b"), 0o644))
	var got []string
	err := Walk([]string{filepath.Join(dir, "a"), other, filepath.Join(dir, "missing")}, func(r Record) error {
		rel, _ := filepath.Rel(dir, r.File)
		s := rel
		if r.Line > 0 {
			s += ":" + string(rune('0'+r.Line))
		}
		if r.Err != nil {
			s += " error"
		} else {
			s += " " + r.Article.Title
		}
		got = append(got, s)
		return nil
	})
	must(err)
	want := []string{"a/b/two.jsonl:1 T", "a/b/two.jsonl:2 error", "a/one.txt Tiêu đề bài viết", "x.csv error", "missing error"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("Walk = %q\nwant %q", got, want)
	}
	stop := errors.New("stop")
	n := 0
	if err := Walk([]string{dir}, func(Record) error { n++; return stop }); err != stop || n != 1 {
		t.Errorf("Walk stopped with %v after %d records", err, n)
	}
}

// lineSource produces n JSON lines without holding them.
type lineSource struct {
	n, i int
	buf  []byte
}

func (s *lineSource) Read(p []byte) (int, error) {
	if len(s.buf) == 0 {
		if s.i == s.n {
			return 0, io.EOF
		}
		s.i++
		s.buf = []byte(`{"title": "Bài ` + strings.Repeat("x", s.i%7) + `", "body": "` + strings.Repeat("Nghị quyết số 02-NQ/TU của Tỉnh ủy. ", 60) + `"}` + "\n")
	}
	n := copy(p, s.buf)
	s.buf = s.buf[n:]
	return n, nil
}

// TestJSONLReaderMemoryFlat reads a long stream and checks that the heap
// in use does not grow with the number of lines read.
func TestJSONLReaderMemoryFlat(t *testing.T) {
	if testing.Short() && os.Getenv("CI") != "true" { // CI runs it even with -short
		t.Skip("reads 20,000 lines")
	}
	r := NewJSONLReader(&lineSource{n: 20000})
	var ms runtime.MemStats
	inUse := func() uint64 {
		runtime.GC()
		runtime.ReadMemStats(&ms)
		return ms.HeapInuse
	}
	var after1k uint64
	for n := 1; ; n++ {
		_, _, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		if n == 1000 {
			after1k = inUse()
		}
	}
	if end := inUse(); end > after1k+4<<20 {
		t.Errorf("heap in use grew from %d to %d bytes over 19,000 lines", after1k, end)
	}
}
