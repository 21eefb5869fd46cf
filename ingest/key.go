package ingest

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"tracuu/vntext"
)

// key is vntext.Key, computed with the fold table for the NFC text of
// Vietnamese (vntext.Key decomposes every rune, which dominates extraction
// time otherwise). Anything else goes to vntext.Key; TestKeyMatchesVntext
// holds the two equal.
func key(s string) string {
	for _, r := range s {
		if r >= 0x2000 {
			return vntext.Key(s)
		}
	}
	if !norm.NFC.IsNormalString(s) {
		return vntext.Key(s)
	}
	rs := []rune(s)
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i, r := range rs {
		keep := unicode.IsLetter(r) || unicode.IsDigit(r)
		if !keep && (r == '/' || r == '-' || r == '.' || r == ',') && i > 0 && i+1 < len(rs) &&
			isWordRune(rs[i-1]) && isWordRune(rs[i+1]) {
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
		b.WriteRune(foldLower(r))
	}
	return b.String()
}
