package search

import (
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/blevesearch/bleve/v2/analysis"
	_ "github.com/blevesearch/bleve/v2/analysis/analyzer/custom" // the "custom" analyzer type
	"github.com/blevesearch/bleve/v2/analysis/token/lowercase"
	"github.com/blevesearch/bleve/v2/registry"

	"tracuu/vntext"
)

// Names under which the Vietnamese analysis components are registered with
// Bleve. The index mapping refers to them by name.
const (
	TokenizerName  = "vi_syllable"
	NormalizeName  = "vi_nfc"
	FoldName       = "vi_fold"
	FoldedAnalyzer = "vi_folded"
	ExactAnalyzer  = "vi_exact"
	maxCachedTerms = 1 << 18
)

// registered is true once the components are in Bleve's registry; the
// analyzers built in this package refer to it so that Go initialises it
// first.
var registered = register()

func register() bool {
	must := func(err error) {
		if err != nil {
			panic(err)
		}
	}
	must(registry.RegisterTokenizer(TokenizerName, func(map[string]interface{}, *registry.Cache) (analysis.Tokenizer, error) {
		return syllableTokenizer{}, nil
	}))
	must(registry.RegisterTokenFilter(NormalizeName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return normalizeFilter, nil
	}))
	must(registry.RegisterTokenFilter(FoldName, func(map[string]interface{}, *registry.Cache) (analysis.TokenFilter, error) {
		return foldFilter, nil
	}))
	return true
}

// analyzerConfigs are the custom analyzers the index mapping declares.
// vi_folded indexes every word without diacritics, so that any way of
// typing a word finds it; offsets stay on the original text, which the
// re-rank and the highlights read to tell diacritics apart. vi_exact keeps
// the diacritics: queries and the re-rank use it.
var analyzerConfigs = map[string][]string{
	FoldedAnalyzer: {lowercase.Name, NormalizeName, FoldName},
	ExactAnalyzer:  {lowercase.Name, NormalizeName},
}

// syllableTokenizer splits text into Vietnamese syllables, words of other
// languages, and numbers. Letters, digits and combining marks (text in NFD)
// make up a token. A '.' or ',' between two digits stays inside the number
// (49.356, 97,73), so numbers written the Vietnamese way are one token.
// Codes such as 05-CT/TW become their parts (05, ct, tw) at consecutive
// positions, so that "05-CT/TW" and "05 CT/TW" are the same phrase.
// Zero-width characters and soft hyphens inside a word do not split it.
type syllableTokenizer struct{}

func isWordRune(r rune) bool {
	if vietLetter(r) {
		return true
	}
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// vietLetter reports, without the Unicode tables, whether r is one of the
// precomposed Latin letters Vietnamese text is made of (Latin-1 and
// Extended-A and B but × and ÷; Latin Extended Additional, ạ to ỹ).
func vietLetter(r rune) bool {
	return r >= 0xC0 && r <= 0x24F && r != 0xD7 && r != 0xF7 || r >= 0x1E00 && r <= 0x1EFF
}

// isMark reports whether r is a nonspacing mark (unicode.Mn), with the
// tables only outside the combining diacritics and the precomposed letters.
func isMark(r rune) bool {
	switch {
	case r < 0x300 || vietLetter(r):
		return false
	case r < 0x370: // Combining Diacritical Marks: all Mn
		return true
	}
	return unicode.Is(unicode.Mn, r)
}

func isInvisible(r rune) bool {
	switch r {
	case '\u200B', '\u200C', '\u200D', '\u2060', '\u00AD', '\uFEFF':
		return true
	}
	return false
}

func (syllableTokenizer) Tokenize(input []byte) analysis.TokenStream {
	spans := appendSpans(make([]span, 0, len(input)/5+1), input)
	rv := make(analysis.TokenStream, len(spans))
	toks := make([]analysis.Token, len(spans))
	for i, s := range spans {
		typ := analysis.AlphaNumeric
		if s.numeric {
			typ = analysis.Numeric
		}
		toks[i] = analysis.Token{Term: input[s.start:s.end], Start: s.start, End: s.end, Position: i + 1, Type: typ}
		rv[i] = &toks[i]
	}
	return rv
}

// span is the place of a token in the text.
type span struct {
	start, end int
	numeric    bool
}

// asciiWord marks the ASCII bytes that make up words.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := '0'; c <= '9'; c++ {
		t[c] = true
	}
	for c := 'a'; c <= 'z'; c++ {
		t[c] = true
		t[c-'a'+'A'] = true
	}
	return t
}()

func decode(input []byte, i int) (rune, int) {
	if i >= len(input) {
		return utf8.RuneError, 0
	}
	if c := input[i]; c < utf8.RuneSelf {
		return rune(c), 1
	}
	return utf8.DecodeRune(input[i:])
}

func isWord(r rune) bool {
	if r < utf8.RuneSelf {
		return asciiWord[r]
	}
	return isWordRune(r)
}

func isDigit(r rune) bool {
	if r < utf8.RuneSelf {
		return '0' <= r && r <= '9'
	}
	return !vietLetter(r) && unicode.IsDigit(r)
}

// appendSpans appends the tokens of input to spans (the tokenizer's rules).
func appendSpans(spans []span, input []byte) []span {
	i := 0
	for i < len(input) {
		r, size := decode(input, i)
		if !isWord(r) || isMark(r) {
			i += size
			continue
		}
		start := i
		numeric := true
		prevDigit := false
	word:
		for i < len(input) {
			r, size = decode(input, i)
			switch {
			case isWord(r):
				d := isDigit(r)
				if !d && !isMark(r) {
					numeric = false
				}
				prevDigit = d
				i += size
				continue
			case (r == '.' || r == ',') && prevDigit:
				if next, _ := decode(input, i+size); isDigit(next) {
					i += size
					continue
				}
			case r >= 0x80 && isInvisible(r):
				if next, _ := decode(input, i+size); isWord(next) {
					i += size
					continue
				}
			}
			break word
		}
		spans = append(spans, span{start: start, end: i, numeric: numeric})
	}
	return spans
}

// termCache remembers the result of a costly per-term transformation.
// Vietnamese has a few thousand syllables, so nearly every token hits it.
// Cached slices are shared: nothing after these filters may change a
// term in place.
type termCache struct {
	mu sync.RWMutex
	m  map[string][]byte
	fn func(string) string
}

func newTermCache(fn func(string) string) *termCache {
	return &termCache{m: make(map[string][]byte), fn: fn}
}

func (c *termCache) get(term []byte) []byte {
	c.mu.RLock()
	v, ok := c.m[string(term)]
	c.mu.RUnlock()
	if ok {
		return v
	}
	v = []byte(c.fn(string(term)))
	c.mu.Lock()
	if len(c.m) < maxCachedTerms {
		c.m[string(term)] = v
	}
	c.mu.Unlock()
	return v
}

func isASCII(b []byte) bool {
	for _, c := range b {
		if c >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

// cacheFilter applies a cached transformation to every non-ASCII term.
type cacheFilter struct{ cache *termCache }

func (f cacheFilter) Filter(input analysis.TokenStream) analysis.TokenStream {
	for _, t := range input {
		if !isASCII(t.Term) {
			t.Term = f.cache.get(t.Term)
		}
	}
	return input
}

// normalizeFilter composes each term (NFC), drops invisible characters and
// puts its tone mark where the modern rule places it, so hòa and hoà, thủy
// and thuỷ, NFD and NFC are one term. It works on terms, not on the text,
// so token offsets still point into the original.
var normalizeFilter = cacheFilter{newTermCache(func(s string) string {
	return vntext.PlaceTones(stripInvisible(s))
})}

// foldFilter removes diacritics and turns đ into d: the term every way of
// typing a word shares.
var foldFilter = cacheFilter{newTermCache(vntext.Fold)}

func stripInvisible(s string) string {
	for _, r := range s {
		if isInvisible(r) {
			b := make([]rune, 0, len(s))
			for _, r := range s {
				if !isInvisible(r) {
					b = append(b, r)
				}
			}
			return string(b)
		}
	}
	return s
}

// analyzer returns the analysis chain named name, built from the registry.
func analyzer(name string) analysis.Analyzer {
	if !registered {
		panic("search: analysis components not registered")
	}
	filters := make([]analysis.TokenFilter, 0, 3)
	cache := registry.NewCache()
	for _, fn := range analyzerConfigs[name] {
		f, err := cache.TokenFilterNamed(fn)
		if err != nil {
			panic(err)
		}
		filters = append(filters, f)
	}
	tok, err := cache.TokenizerNamed(TokenizerName)
	if err != nil {
		panic(err)
	}
	return &analysis.DefaultAnalyzer{Tokenizer: tok, TokenFilters: filters}
}

// word is one token of text in its two forms.
type word struct {
	exact string // NFC, modern tone placement, lower case
	fold  string // exact without diacritics
	upper bool   // written in capitals in the original
}

var exactAnalyzer = analyzer(ExactAnalyzer)

// words analyses s into words with both forms and their offsets.
func words(s string) []word {
	toks := exactAnalyzer.Analyze([]byte(s))
	out := make([]word, len(toks))
	for i, t := range toks {
		e := string(t.Term)
		f := e
		if !isASCII(t.Term) {
			f = string(foldFilter.cache.get(t.Term))
		}
		orig := s[t.Start:t.End]
		out[i] = word{exact: e, fold: f, upper: isUpper(orig)}
	}
	return out
}

func isUpper(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			letters++
			if !unicode.IsUpper(r) {
				return false
			}
		}
	}
	return letters > 0
}
