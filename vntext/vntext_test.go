package vntext

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestPlaceTones(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hòa", "hoà"},
		{"hoà", "hoà"},
		{"Thủy", "Thuỷ"},
		{"ủy ban", "uỷ ban"},
		{"Tỉnh ủy", "Tỉnh uỷ"},
		{"khỏe", "khoẻ"},
		{"quý", "quý"},
		{"giữa", "giữa"},
		{"người", "người"},
		{"mùa mưa", "mùa mưa"},
		{"ngoài", "ngoài"},
		{"khuỷu", "khuỷu"},
		{"hoàng", "hoàng"},
		{"tuyển", "tuyển"},
		{"Nghị quyết", "Nghị quyết"},
		{"Chủ tịch", "Chủ tịch"},
		{"thuở", "thuở"},
		{"05-CT/TW", "05-CT/TW"},
		{"ho\u0300a", "hoà"},               // NFD, old placement
		{"Ti\u0309nh u\u0309y", "Tỉnh uỷ"}, // NFD
		{"Đảng bộ xã Tân Thạch", "Đảng bộ xã Tân Thạch"},
	}
	for _, tt := range tests {
		if got := PlaceTones(tt.in); got != tt.want {
			t.Errorf("PlaceTones(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	in := "\uFEFFChỉ\u00A0thị\r\nsố 05\u200B-CT/TW của Tỉnh u\u0309y\r"
	want := "Chỉ thị\nsố 05-CT/TW của Tỉnh ủy\n"
	if got := Clean(in); got != want {
		t.Errorf("Clean = %q, want %q", got, want)
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đảng ủy", "Dang uy"},
		{"Nghị quyết Tỉnh ủy", "Nghi quyet Tinh uy"},
		{"ươ ỡ Ữ", "uo o U"},
		{"abc 123", "abc 123"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	same := [][]string{
		{"Tỉnh ủy Bến Tre", "TỈNH UỶ  BẾN TRE", "tinh uy ben tre", "Ti\u0309nh u\u0309y Bê\u0301n Tre", "Tỉnh\u00A0ủy, Bến Tre"},
		{"Trần Ngọc Tam", "tran ngoc tam", "TRẦN NGỌC TAM"},
		{"05-CT/TW", "05-ct/tw", "05-CT/TW."},
	}
	for _, group := range same {
		want := Key(group[0])
		for _, s := range group[1:] {
			if got := Key(s); got != want {
				t.Errorf("Key(%q) = %q, want %q (as %q)", s, got, want, group[0])
			}
		}
	}
	if got := Key("49.356 đảng viên, 97,73%"); got != "49.356 dang vien 97,73" {
		t.Errorf("Key numbers = %q", got)
	}
}

func TestNameKey(t *testing.T) {
	same := [][]string{
		{"Trần Ngọc Tâm", "TRẦN NGỌC TÂM", "Tra\u0302\u0300n Ngo\u0323c Ta\u0302m", "Trần  Ngọc\u00A0Tâm", "trần ngọc tâm."},
		{"Lê Văn Hòa", "Lê Văn Hoà", "LÊ VĂN HÒA", "Le\u0302 Va\u0306n Ho\u0300a"},
		{"Nguyễn Thị Thủy", "Nguyễn Thị Thuỷ"},
		{"Đỗ Văn Khỏe", "đỗ văn khoẻ"},
	}
	for _, group := range same {
		want := NameKey(group[0])
		for _, s := range group[1:] {
			if got := NameKey(s); got != want {
				t.Errorf("NameKey(%q) = %q, want %q (as %q)", s, got, want, group[0])
			}
		}
	}
	differ := [][2]string{
		{"Trần Ngọc Tam", "Trần Ngọc Tâm"},
		{"Nguyễn Văn Đức", "Nguyễn Văn Dực"},
		{"Lê Thị Hoa", "Lê Thị Hòa"},
		{"Dung", "Đung"},
	}
	for _, d := range differ {
		if NameKey(d[0]) == NameKey(d[1]) {
			t.Errorf("NameKey(%q) = NameKey(%q) = %q", d[0], d[1], NameKey(d[0]))
		}
	}
	if got := NameKey("  Hồ Chí Minh, "); got != "hồ chí minh" {
		t.Errorf("NameKey trims and lowers: %q", got)
	}
}

// keyReference is Key as it was written before its table: Fold, then a
// pass over the folded runes. Key must agree with it on every input.
func keyReference(s string) string {
	s = norm.NFC.String(s)
	var f strings.Builder
	for _, r := range s {
		f.WriteRune(foldRune(r))
	}
	rs := []rune(f.String())
	var b strings.Builder
	space := false
	for i, r := range rs {
		keep := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !keep && (r == '/' || r == '-' || r == '.' || r == ',') && i > 0 && i+1 < len(rs) &&
			(unicode.IsLetter(rs[i-1]) || unicode.IsDigit(rs[i-1])) && (unicode.IsLetter(rs[i+1]) || unicode.IsDigit(rs[i+1])) {
			keep = r == '/' || r == '-' || unicode.IsDigit(rs[i-1]) && unicode.IsDigit(rs[i+1])
		}
		if !keep {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

func TestKeyAgreesWithReference(t *testing.T) {
	for _, s := range []string{
		"Tỉnh ủy Bến Tre", "TỈNH UỶ BẾN TRE", "05-CT/TW", "49.356 ĐV", "Ban Chấp hành, khóa XI", "Ti\u0309nh u\u0309y",
		"Bộ Lao động - Thương binh và Xã hội", "GD&ĐT", "Ω", "  spaced  out  ", "", "97,73%", "a.b", "1.b", "x\u0300/\u0301y",
		"ǅemal ʹ΄ ﬁ ½ ² Ⅻ", "ĐẢNG ỦY KHỐI CƠ QUAN", "a\u200Bb", "\uFEFFTỉnh",
	} {
		if got, want := Key(s), keyReference(s); got != want {
			t.Errorf("Key(%q) = %q, want %q", s, got, want)
		}
	}
	// Every rune of the table, alone and between letters and digits.
	for r := rune(0); r < tableSize+0x200; r++ {
		for _, s := range []string{string(r), "a" + string(r) + "b", "1" + string(r) + "2", string(r) + string(r)} {
			if got, want := Key(s), keyReference(s); got != want {
				t.Fatalf("Key(%q) = %q, want %q", s, got, want)
			}
		}
	}
}

func FuzzKey(f *testing.F) {
	f.Add("Tỉnh ủy Bến Tre, 05-CT/TW")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Key(s), keyReference(s); got != want {
			t.Errorf("Key(%q) = %q, want %q", s, got, want)
		}
	})
}

func BenchmarkKey(b *testing.B) {
	names := []string{"Tỉnh ủy Bến Tre", "Ban Thường vụ Tỉnh ủy", "Phó Bí thư Thường trực", "Chỉ thị số 05-CT/TW", "Đảng bộ xã Tân Thạch"}
	b.Run("table", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			Key(names[i%len(names)])
		}
	})
	b.Run("reference", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			keyReference(names[i%len(names)])
		}
	})
}

// TestCleanQuickPaths checks the quick paths of isClean and PlaceTones
// against the rules they skip: no rune isClean passes without a look is one
// Clean would change, and no toned o or u is ASCII.
func TestCleanQuickPaths(t *testing.T) {
	for r := rune(0); r <= unicode.MaxRune; r++ {
		quick := r >= 0xC0 && r < 0x1680 || r >= 0x1E00 && r < 0x2000
		if !quick {
			continue
		}
		if unicode.IsSpace(r) || unicode.IsControl(r) || r == '\uFEFF' || r == '\u200B' || r == '\u200C' || r == '\u200D' || r == '\u2060' || r == '\u00AD' {
			t.Errorf("isClean passes %U without a look, but Clean changes it", r)
		}
	}
	for r := range tonedGlides {
		if r < 0x80 {
			t.Errorf("toned glide %U is ASCII, which PlaceTones skips", r)
		}
	}
	for _, s := range []string{"Hòa Bình khỏe thủy", "Tỉnh ủy\u00a0Bến Tre", "a\u200bb", "x\u1680y", "Lê Văn Thành"} {
		if got, want := isClean(s), norm.NFC.IsNormalString(s) && Clean(s) == s; got != want {
			t.Errorf("isClean(%q) = %v, Clean leaves it unchanged: %v", s, got, want)
		}
	}
}

// TestQuickTable holds the table of isClean's and PlaceTones' quick paths
// to the normalisation it lets them skip: a rune it passes as NFC is NFC
// alone and next to any other such rune, and one it passes as clean is
// one Clean keeps.
func TestQuickTable(t *testing.T) {
	var partners []rune
	for r := range rune(quickSize) {
		if quick[r]&quickClean != 0 && quick[r]&quickNFC == 0 {
			t.Errorf("%U passes as clean but not as NFC", r)
		}
		if quick[r]&quickClean != 0 && Clean(string(r)) != string(r) {
			t.Errorf("%U passes as clean, but Clean changes it", r)
		}
		if quick[r]&quickNFC != 0 && (r < 0x100 || r >= 0x1EA0 && r < 0x1F00 || r >= 0x2000 || r%61 == 0) {
			partners = append(partners, r)
		}
	}
	for _, r := range []rune{0x300, 0x301, 0x323, 0x1161, 0x11A8, 0x0340, 0x0374, 0x1F71, 0x2000, 0x2001} {
		if quick[r]&quickNFC != 0 {
			t.Errorf("%U passes as NFC", r)
		}
	}
	for _, r := range []rune{'\r', 0x2002, 0x200B, 0x2028, 0x2029, 0x202F, 0x2060} {
		if quick[r]&quickClean != 0 {
			t.Errorf("%U passes as clean", r)
		}
	}
	for _, r := range "“”‘’–—…\t" {
		if quick[r]&quickClean == 0 {
			t.Errorf("%U does not pass as clean", r)
		}
	}
	if quick['\r']&quickClean != 0 || quick['\t']&quickClean == 0 {
		t.Error("quickClean is wrong for CR or tab")
	}
	for r := range rune(quickSize) {
		if quick[r]&quickNFC == 0 {
			continue
		}
		for _, p := range partners {
			if s := string([]rune{r, p}); !norm.NFC.IsNormalString(s) {
				t.Fatalf("%U %U pass as NFC, but are not", r, p)
			}
			if s := string([]rune{p, r}); !norm.NFC.IsNormalString(s) {
				t.Fatalf("%U %U pass as NFC, but are not", p, r)
			}
		}
	}
}

// isCleanReference and placeTonesReference are isClean and PlaceTones
// without their quick paths.
func isCleanReference(s string) bool {
	for _, r := range s {
		if !cleanRune(r) {
			return false
		}
	}
	return norm.NFC.IsNormalString(s)
}

func placeTonesReference(s string) string {
	if !norm.NFC.IsNormalString(s) {
		s = norm.NFC.String(s)
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		if g, ok := tonedGlides[r]; ok {
			next, m := utf8.DecodeRuneInString(s[i+n:])
			if moved, ok := g.moveTo[next]; ok {
				b.WriteRune(g.base)
				b.WriteRune(moved)
				i += n + m
				continue
			}
		}
		b.WriteString(s[i : i+n])
		i += n
	}
	return b.String()
}

// TestQuickPathsAgree compares isClean and PlaceTones with their
// references on random text of the runes that matter: Vietnamese letters
// precomposed and decomposed, toned glides before the vowels their tones
// move to, spaces, controls, invisible characters and invalid bytes.
func TestQuickPathsAgree(t *testing.T) {
	pieces := []string{"a", "e", "y", "A", "E", "Y", "o", "u", "ò", "ó", "ỏ", "õ", "ọ", "Ù", "ú", "ủ", "ũ", "ụ", "hoà", "hòa", "thuỷ", "thủy",
		"Đảng", "ủy", "Nguyễn", "\u0301", "\u0300", "\u0323", "e\u0302", " ", "\n", "\t", "\r", "\u00a0", "\u200b", "\ufeff", "\u00ad",
		"\x01", "\x7f", "\xff", "\xe1\xba", "\ufffd", "\xc3", "\xe1", "\xe1\xbb", "\xed\xa0\x80", "\xe0\x80\xaf", "\xc0\xaf", "\xc1\xbf", "\xf0\x9f\x98\x80", "\u0800", "\u07ff", "\u206f", "\u2070", "\uffff", "“", "”", "–", "…", "×", "Ω", "\u2126", "\u1f71", "한", "\u1100\u1161", "x", "1", ",", ".",
		"²", "₂", "™", "℃", "\u212a", "\u212b", "→", "\u219a", "\u2190\u0338", "≤", "≥", "\u2260", "=\u0338", "\u2204", "\u22ff", "\u2300", "\ufe0f"}
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 200000; n++ {
		var b strings.Builder
		for k := rng.IntN(8); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := isClean(s), isCleanReference(s); got != want {
			t.Fatalf("isClean(%q) = %v, want %v", s, got, want)
		}
		if got, want := PlaceTones(s), placeTonesReference(s); got != want {
			t.Fatalf("PlaceTones(%q) = %q, want %q", s, got, want)
		}
	}
}

// BenchmarkCleanPlaceTones is what the importer does to an article's body
// that the reader cleaned already (models.ContentHash): Clean, then
// PlaceTones, of about 4 KB of Vietnamese.
func BenchmarkCleanPlaceTones(b *testing.B) {
	para := "Chiều 27/4, Ban Thường vụ Tỉnh ủy Bến Tre tổ chức hội nghị sơ kết 5 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị về “Đẩy mạnh học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh”. Đồng chí Phan Văn Mãi, Ủy viên Trung ương Đảng, Bí thư Tỉnh ủy chủ trì hội nghị; 97,73% đảng viên dự học.\n"
	s := strings.Repeat(para, 4096/len(para)+1)
	b.SetBytes(int64(len(s)))
	for b.Loop() {
		PlaceTones(Clean(s))
	}
}

// TestAppendWordsAgrees holds AppendWords to what it stands for, the words
// of PlaceTones(Clean(s)) joined by single spaces, on random strings of
// letters, tones to move, white space of every kind, controls and bad bytes.
func TestAppendWordsAgrees(t *testing.T) {
	pieces := []string{"a", "e", "y", "A", "E", "Y", "o", "u", "ò", "ó", "ỏ", "õ", "ọ", "Ù", "ú", "ủ", "ũ", "ụ", "hoà", "hòa", "thuỷ", "thủy",
		"Đảng", "ủy", "Nguyễn", "\u0301", "\u0300", "e\u0302", " ", " ", "  ", "\n", "\n\n", "\t", "\r", "\v", "\f", "\u0085", "\u00a0",
		"\u1680", "\u2003", "\u2028", "\u202f", "\u3000", "\u200b", "\ufeff", "\x01", "\x7f", "\xff", "\xe1\xba", "\ufffd", "\xc3",
		"\xed\xa0\x80", "\xf0\x9f\x98\x80", "\u0800", "\u206f", "\u2070", "“", "”", "–", "…", "한", "x", "1", ",", ".",
		"²", "₂", "™", "℃", "\u212a", "→", "\u2190\u0338", "≤", "≥", "\u2260", "=\u0338", "\u22ff", "\u2300", "\ufe0f"}
	rng := rand.New(rand.NewPCG(3, 4))
	quickOnes := 0
	for n := 0; n < 300000; n++ {
		var b strings.Builder
		for k := rng.IntN(12); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		prefix := []byte("p\n")
		got, ok := AppendWords(prefix, s)
		if want := quickRuns(s, quickClean); ok != want {
			t.Fatalf("AppendWords(%q) ok = %v, want %v", s, ok, want)
		}
		if !ok {
			if string(got) != "p\n" {
				t.Fatalf("AppendWords(%q) failed and left %q", s, got)
			}
			continue
		}
		quickOnes++
		if want := "p\n" + strings.Join(strings.Fields(PlaceTones(Clean(s))), " "); string(got) != want {
			t.Fatalf("AppendWords(%q) = %q, want %q", s, got, want)
		}
	}
	if quickOnes < 10000 {
		t.Fatalf("only %d strings took the quick path", quickOnes)
	}
}

// TestSpacedOnceAgrees holds SpacedOnce to its definition, that the words
// of s joined by single spaces are s, over random text of every kind of
// white space, Vietnamese letters, punctuation and bad bytes.
func TestSpacedOnceAgrees(t *testing.T) {
	pieces := []string{" ", "  ", "\t", "\n", "\v", "\f", "\r", "\u0085", "\u00a0", "\u1680", "\u2000", "\u200a", "\u200b", "\u2028", "\u2029",
		"\u202f", "\u205f", "\u3000", "\ufeff", "a", "Tỉnh", "ủy", "Đ", "“", "–", "…", "\xc2", "\xe1", "\xe2\x80", "\xe3", "\xff", "1", "."}
	rng := rand.New(rand.NewPCG(17, 18))
	for n := 0; n < 300000; n++ {
		var b strings.Builder
		for k := rng.IntN(8); k >= 0; k-- {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		if got, want := SpacedOnce(s), strings.Join(strings.Fields(s), " ") == s; got != want {
			t.Fatalf("SpacedOnce(%q) = %v, want %v", s, got, want)
		}
	}
}

// TestGlideTablesAgree holds glideMove, the arrays AppendWords and
// PlaceTones ask, to tonedGlides, the maps they are built from: for every
// rune below U+3000 and every follower below U+0300 the same answer. It
// fails when a row or a follower is off by one, or a toned capital is
// left out.
func TestGlideTablesAgree(t *testing.T) {
	for r := range tonedGlides {
		if r >= quickSize {
			t.Fatalf("toned glide %U is beyond the quick table", r)
		}
	}
	moves := 0
	for r := rune(0); r < 0x3000; r++ {
		for next := rune(0); next < 0x300; next++ {
			var wantBase, wantMoved rune
			wantOK := false
			if g, ok := tonedGlides[r]; ok {
				if m, ok := g.moveTo[next]; ok {
					wantBase, wantMoved, wantOK = g.base, m, true
				}
			}
			base, moved, ok := glideMove(r, next)
			if ok != wantOK || base != wantBase || moved != wantMoved {
				t.Fatalf("glideMove(%q, %q) = %q, %q, %v; tonedGlides says %q, %q, %v", r, next, base, moved, ok, wantBase, wantMoved, wantOK)
			}
			if ok {
				moves++
			}
		}
	}
	if moves != 60 { // o and O before a, e, A, E; u and U before y, Y; five tones
		t.Fatalf("%d moves, want 60", moves)
	}
}

// TestQuickTakesSymbols: text with the superscripts, subscripts, letterlike
// symbols, arrows and operators of news figures ("CO₂", "m²", "™", "→",
// "≤") takes the quick paths: AppendWords appends its words (the import's
// content hash from the extraction's tokens) and isClean passes it.
func TestQuickTakesSymbols(t *testing.T) {
	s := "Khí CO₂ giảm 5%, diện tích 20 m² → 30 m², nhiệt độ ≥ 30℃ và ≤ 35℃, nhãn hiệu ABC™"
	got, ok := AppendWords(nil, s)
	if !ok {
		t.Fatalf("AppendWords(%q) took the long way", s)
	}
	if want := strings.Join(strings.Fields(PlaceTones(Clean(s))), " "); string(got) != want {
		t.Fatalf("AppendWords(%q) = %q, want %q", s, got, want)
	}
	if !quickRuns(s, quickClean) {
		t.Fatalf("%q is not quick clean", s)
	}
}
