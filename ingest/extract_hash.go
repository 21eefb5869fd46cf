package ingest

import (
	"crypto/sha256"
	"encoding/hex"

	"tracuu/vntext"
)

// token.vt bits: what vntext.WordFacts says of the token's bytes in its
// field (s[bs:be]); 0: not worked out yet.
const (
	vtKnown = 1 << iota
	vtClean // vntext.AppendWords takes every rune of it
	vtGlide // it has a toned o or u, whose tone AppendWords may move
)

// textFacts is token.vt of a token whose bytes are s.
func textFacts(s string) uint8 {
	clean, glide := vntext.WordFacts(s)
	f := uint8(vtKnown)
	if clean {
		f |= vtClean
	}
	if glide {
		f |= vtGlide
	}
	return f
}

// maxKeptHash bounds the content hash's buffer a scratch keeps.
const maxKeptHash = 256 << 10

// ContentHash is models.ContentHash of the article's title, as
// models.Article.Normalise cleans it, and body: the hash Normalise
// computes, worked out by Extract from the words its tokenizer read
// instead of a second pass over the text (TestExtractedContentHash). ok
// is false when the title or the body has a rune vntext.AppendWords does
// not take (text not in NFC, CR, a no-break space, a control character):
// Normalise then takes its long way, and so must the caller.
func (x *Extraction) ContentHash() (hash string, ok bool) {
	return x.contentHash, x.contentHash != ""
}

// hashTok adds the token at s[bs:be], whose vt is vt, to the content
// hash's words, as vntext.AppendWords would write them: the tokens with no
// byte between them make the words strings.Fields splits the field into
// (the tokenizer skips white space only), one space between words. Runs
// of words one plain space apart are copied whole; a run with a toned o or
// u (ended at the next white space) goes through AppendWords to move its
// tone. A rune AppendWords does not take, in a token (here) or between two
// (punct), stops it (hclean false).
func (z *tokenizer) hashTok(bs, be int, vt uint8) {
	if !z.hclean {
		return
	}
	if vt&vtClean == 0 {
		z.hclean = false
		return
	}
	switch {
	case bs == z.hlast && z.hany:
		// The same word goes on.
	case bs == z.hlast+1 && z.hany && !z.hglide && vt&vtGlide == 0 && z.s[z.hlast] == ' ':
		// A plain space, then the next word: the run goes on.
	default:
		if z.hany {
			z.hb = appendRun(z.hb, z.s[z.hfrom:z.hlast], z.hglide)
			z.hb = append(z.hb, ' ')
		}
		z.hfrom, z.hglide, z.hany = bs, false, true
	}
	z.hglide = z.hglide || vt&vtGlide != 0
	z.hlast = be
}

// hashEnd appends the last run of the field's words and returns the
// buffer.
func (z *tokenizer) hashEnd() []byte {
	if z.hclean && z.hany {
		z.hb = appendRun(z.hb, z.s[z.hfrom:z.hlast], z.hglide)
	}
	return z.hb
}

// punctVT is token.vt of the punctuation mark s.
func punctVT(s string) uint8 {
	if len(s) == 1 {
		if c := s[0]; c > ' ' && c < 0x7f {
			return vtKnown | vtClean // ASCII punctuation: no control character, no space
		}
		return vtKnown
	}
	return textFacts(s)
}

// appendRun appends the run of words w (one plain space between them,
// every rune one vntext.AppendWords takes), its tones moved when it has a
// glide.
func appendRun(dst []byte, w string, glide bool) []byte {
	if glide {
		dst, _ = vntext.AppendWords(dst, w)
		return dst
	}
	return append(dst, w...)
}

// sumHash returns the content hash of the words hashTok put in the
// buffer ("" when a field's text could not be hashed so).
func (x *extractor) sumHash() string {
	hash := ""
	if x.hashOK {
		sum := sha256.Sum256(x.sc.hb)
		hash = hex.EncodeToString(sum[:])
	}
	if cap(x.sc.hb) > maxKeptHash {
		x.sc.hb = nil
	}
	return hash
}
