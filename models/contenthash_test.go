package models

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"

	"tracuu/vntext"
)

// contentHashFields is ContentHash as it was first written, through
// strings.Fields: the identity of stored articles must not change.
func contentHashFields(title, body string) string {
	h := sha256.New()
	for i, s := range []string{title, body} {
		if i > 0 {
			h.Write([]byte{'\n'})
		}
		for j, w := range strings.Fields(vntext.PlaceTones(vntext.Clean(s))) {
			if j > 0 {
				h.Write([]byte{' '})
			}
			h.Write([]byte(w))
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

func TestContentHashUnchanged(t *testing.T) {
	clean := strings.Repeat("Tỉnh ủy Bến Tre  ban hành\tNghị quyết số 02-NQ/TU, hòa thủy khỏe.\n\n", 3000)
	long := strings.Repeat("Tỉnh ủy Bến Tre  ban hành\tNghị quyết số 02-NQ/TU.\r\n\n", 3000)
	for _, c := range [][2]string{
		{"", ""}, {" ", " "}, {"a", ""}, {"", "b"}, {"  Tỉnh ủy  ", "  hòa\u00a0bình\u2003 "},
		{"x\xffy", "\xff \xfe"}, {"Ho\u0300a", "thu\u0309y\u200b khỏe\v\f"}, {"t", long}, {long, "t"},
		{"\u3000lead", "tail\u0085"}, {"a\u200db", strings.Repeat("w ", 20000)},
		// Text vntext.AppendWords takes in one pass (every rune in its
		// quick table): tones to move, runs of spaces and line breaks.
		{"Tỉnh ủy Bến Tre", "hòa bình\n\nthủy  khỏe\tthuở\n"}, {" Hoà  ", " "}, {"x", clean}, {clean, clean + clean},
		{"Khỏe", "Hòa\u00a0bình"}, {"Hòa\u2003bình", "khỏe"},
	} {
		if got, want := ContentHash(c[0], c[1]), contentHashFields(c[0], c[1]); got != want {
			t.Errorf("ContentHash(%.20q, %.20q) = %s, want %s", c[0], c[1], got, want)
		}
	}
}

func FuzzContentHash(f *testing.F) {
	f.Add("Tỉnh ủy", "Bến  Tre\n\nhòa")
	f.Fuzz(func(t *testing.T, title, body string) {
		if got, want := ContentHash(title, body), contentHashFields(title, body); got != want {
			t.Errorf("ContentHash(%q, %q) = %s, want %s", title, body, got, want)
		}
	})
}

// TestNormaliseBodyHashed: Normalise hashes a body the quick table passes
// before trimming it, without cleaning it; the body stored and the hash
// are those of the body cleaned, trimmed and hashed as ever.
func TestNormaliseBodyHashed(t *testing.T) {
	for _, c := range [][2]string{
		{"Tỉnh ủy Bến Tre", "\n  hòa bình\n\nthủy  khỏe\tthuở \n"}, {"Tỉnh ủy", " \t"}, {"", "Hoà"}, {"  Khỏe  ", "hòa"},
		{"Tỉnh ủy", " hòa\u00a0bình "}, {"Tỉnh ủy", "\u3000hòa\u2003"}, {"Tỉnh ủy", "Ho\u0300a\r\n"}, {"x\u200by", "  thủy "},
		{"a", "\xff hòa "}, {"Hòa\u00a0bình", "  khỏe "},
	} {
		a := Article{Title: c[0], Body: c[1]}
		a.Normalise()
		title, body := cleanName(c[0]), strings.TrimSpace(vntext.Clean(c[1]))
		if a.Title != title || a.Body != body {
			t.Errorf("Normalise(%q, %q): title %q, body %q; want %q, %q", c[0], c[1], a.Title, a.Body, title, body)
		}
		if want := contentHashFields(title, body); a.ContentHash != want {
			t.Errorf("Normalise(%q, %q): hash %s, want %s", c[0], c[1], a.ContentHash, want)
		}
	}
}

// TestCleanNameKeepsSpacedText: a name already clean and spaced once is
// returned as it is, with no allocation (it was split into words and
// joined again for every title, source and section Normalise tidies).
func TestCleanNameKeepsSpacedText(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Bí thư Tỉnh ủy Quảng Nam làm việc", "Bí thư Tỉnh ủy Quảng Nam làm việc"},
		{" Báo  Nhân dân\t", "Báo Nhân dân"},
		{"Hà\u00a0Nội", "Hà Nội"},
		{"", ""},
	} {
		if got := cleanName(tt.in); got != tt.want {
			t.Errorf("cleanName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	title := "Bí thư Tỉnh ủy Quảng Nam làm việc với Ban Thường vụ Huyện ủy"
	if allocs := testing.AllocsPerRun(100, func() { _ = cleanName(title) }); allocs != 0 {
		t.Errorf("cleanName of a spaced title: %v allocations, want 0", allocs)
	}
}
