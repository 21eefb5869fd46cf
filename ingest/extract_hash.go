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

// hashWords appends the words of text, the field whose tokens are x.toks,
// to the content hash's buffer as vntext.AppendWords would: the tokens
// with no byte between them make the words strings.Fields splits text
// into (the tokenizer skips white space only), one space between words.
// Runs of words one plain space apart are copied whole; a run with a
// toned o or u (ended at the next white space) goes through AppendWords to
// move its tone. Any rune AppendWords does not take, in a token or between
// two, stops the hash (x.hashOK false).
func (x *extractor) hashWords(text string) {
	if !x.hashOK {
		return
	}
	dst := x.sc.hb
	start := len(dst)
	from, prev, glide := 0, 0, false // the run being read is text[from:prev]
	for i := range x.toks {
		t := &x.toks[i]
		vt := t.vt
		if vt == 0 {
			vt = textFacts(text[t.bs:t.be])
		}
		if vt&vtClean == 0 {
			x.hashOK, x.sc.hb = false, dst[:start]
			return
		}
		switch {
		case t.bs == prev && i > 0:
			// The same word goes on.
		case t.bs == prev+1 && text[prev] == ' ' && i > 0 && !glide && vt&vtGlide == 0:
			// A plain space, then the next word: the run goes on.
		default:
			if !blank(text[prev:t.bs]) {
				x.hashOK, x.sc.hb = false, dst[:start]
				return
			}
			if i > 0 {
				dst = appendRun(dst, text[from:prev], glide)
				dst = append(dst, ' ')
			}
			from, glide = t.bs, false
		}
		glide = glide || vt&vtGlide != 0
		prev = t.be
	}
	if !blank(text[prev:]) {
		x.hashOK, x.sc.hb = false, dst[:start]
		return
	}
	if len(x.toks) > 0 {
		dst = appendRun(dst, text[from:prev], glide)
	}
	x.sc.hb = dst
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

// blank: s is only the white space vntext.AppendWords takes (a space, a
// tab, a line feed); other white space is never clean.
func blank(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c != ' ' && c != '\n' && c != '\t' {
			return false
		}
	}
	return true
}

// sumHash sets the extraction's content hash from the buffer hashWords
// filled.
func (x *extractor) sumHash(out *Extraction) {
	if x.hashOK {
		sum := sha256.Sum256(x.sc.hb)
		out.contentHash = hex.EncodeToString(sum[:])
	}
	if cap(x.sc.hb) > maxKeptHash {
		x.sc.hb = nil
	}
}
