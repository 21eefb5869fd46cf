package ingest

import (
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// decodeFast decodes a record of the usual shape into ja without
// encoding/json: one object whose keys are the record's field names as
// CONTRACT.md spells them (others skipped when their value is a string,
// true, false or null), title and body strings or null, lead, source, url
// and section strings or null, publishedAt a string or null, authors a
// string, null or a list of strings. Strings are unquoted as encoding/json
// unquotes them (its escapes, invalid UTF-8 as U+FFFD).
//
// It reports false, with ja in any state, for anything else: a syntax
// error, a key repeated or spelled in other case, a value of another type,
// a number. The caller then decodes the line with encoding/json, which
// gives the same result for every line decodeFast accepts and names what
// is wrong with the others. buf is scratch space, reused between calls.
func decodeFast(line []byte, ja *jsonArticle, buf *[]byte) bool {
	d := fastDecoder{b: line, buf: *buf}
	ok := d.object(ja)
	*buf = d.buf
	if cap(d.buf) > 4<<20 {
		*buf = nil // give a huge record's space back
	}
	return ok
}

type fastDecoder struct {
	b   []byte
	p   int
	buf []byte
}

// The record's fields by how their value is read.
const (
	fieldUnknown = iota
	fieldTitle
	fieldBody
	fieldLead
	fieldPublishedAt
	fieldSource
	fieldURL
	fieldAuthors
	fieldSection
)

var fastFields = [...]string{
	fieldTitle: "title", fieldBody: "body", fieldLead: "lead", fieldPublishedAt: "publishedAt",
	fieldSource: "source", fieldURL: "url", fieldAuthors: "authors", fieldSection: "section",
}

func (d *fastDecoder) ws() {
	for d.p < len(d.b) {
		switch d.b[d.p] {
		case ' ', '\t', '\n', '\r':
			d.p++
		default:
			return
		}
	}
}

// next skips white space and reports whether the next byte is c; it is
// consumed when it is.
func (d *fastDecoder) next(c byte) bool {
	d.ws()
	if d.p < len(d.b) && d.b[d.p] == c {
		d.p++
		return true
	}
	return false
}

func (d *fastDecoder) object(ja *jsonArticle) bool {
	if !d.next('{') {
		return false
	}
	if d.next('}') {
		return d.end()
	}
	seen := 0
	for {
		f, ok := d.key()
		if !ok || !d.next(':') {
			return false
		}
		if f != fieldUnknown {
			if seen&(1<<f) != 0 {
				return false // encoding/json: the last one wins, with its own rules
			}
			seen |= 1 << f
		}
		if !d.value(f, ja) {
			return false
		}
		if d.next(',') {
			continue
		}
		if d.next('}') {
			return d.end()
		}
		return false
	}
}

// end reports whether only white space follows the object.
func (d *fastDecoder) end() bool {
	d.ws()
	return d.p == len(d.b)
}

// key reads a key: a field's name exactly, or another key of ASCII
// without escapes that matches no field in any case.
func (d *fastDecoder) key() (int, bool) {
	if !d.next('"') {
		return 0, false
	}
	start := d.p
	for d.p < len(d.b) {
		c := d.b[d.p]
		if c == '"' {
			break
		}
		if c == '\\' || c < 0x20 || c >= utf8.RuneSelf {
			return 0, false // escapes and other scripts: encoding/json's folding
		}
		d.p++
	}
	if d.p == len(d.b) {
		return 0, false
	}
	k := d.b[start:d.p]
	d.p++
	for f := fieldTitle; f < len(fastFields); f++ {
		if string(k) == fastFields[f] {
			return f, true
		}
		if asciiEqualFold(k, fastFields[f]) {
			return 0, false // encoding/json matches it case-insensitively
		}
	}
	return fieldUnknown, true
}

func asciiEqualFold(a []byte, b string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range len(a) {
		x, y := a[i], b[i]
		if 'A' <= x && x <= 'Z' {
			x += 'a' - 'A'
		}
		if 'A' <= y && y <= 'Z' {
			y += 'a' - 'A'
		}
		if x != y {
			return false
		}
	}
	return true
}

// value reads the value of field f into ja.
func (d *fastDecoder) value(f int, ja *jsonArticle) bool {
	d.ws()
	if d.p == len(d.b) {
		return false
	}
	c := d.b[d.p]
	if c == 'n' {
		if !d.literal("null") {
			return false
		}
		switch f {
		case fieldTitle:
			ja.Title = nil
		case fieldBody:
			ja.Body = nil
		case fieldPublishedAt:
			ja.PublishedAt = []byte("null")
		case fieldAuthors:
			ja.Authors = []byte("null")
		}
		return true // a string field keeps its zero value
	}
	switch f {
	case fieldUnknown:
		switch c {
		case '"':
			return d.skipString()
		case 't':
			return d.literal("true")
		case 'f':
			return d.literal("false")
		}
		return false
	case fieldPublishedAt, fieldAuthors:
		start := d.p
		switch {
		case c == '"':
			if !d.skipString() {
				return false
			}
		case c == '[' && f == fieldAuthors:
			if !d.stringList() {
				return false
			}
		default:
			return false
		}
		raw := append([]byte(nil), d.b[start:d.p]...)
		if f == fieldPublishedAt {
			ja.PublishedAt = raw
		} else {
			ja.Authors = raw
		}
		return true
	}
	if c != '"' {
		return false
	}
	s, ok := d.str()
	if !ok {
		return false
	}
	switch f {
	case fieldTitle:
		ja.Title = &s
	case fieldBody:
		ja.Body = &s
	case fieldLead:
		ja.Lead = s
	case fieldSource:
		ja.Source = s
	case fieldURL:
		ja.URL = s
	case fieldSection:
		ja.Section = s
	}
	return true
}

func (d *fastDecoder) literal(lit string) bool {
	if len(d.b)-d.p < len(lit) || string(d.b[d.p:d.p+len(lit)]) != lit {
		return false
	}
	d.p += len(lit)
	return true
}

// stringList skips a list of strings.
func (d *fastDecoder) stringList() bool {
	d.p++ // '['
	if d.next(']') {
		return true
	}
	for {
		d.ws()
		if d.p == len(d.b) || d.b[d.p] != '"' || !d.skipString() {
			return false
		}
		if d.next(',') {
			continue
		}
		return d.next(']')
	}
}

// skipString moves past a string (d.p at its quote), checking what
// encoding/json's scanner checks: its escapes, no control characters.
func (d *fastDecoder) skipString() bool {
	s := d.b
	i := d.p + 1
	for i < len(s) {
		c := s[i]
		switch {
		case c == '"':
			d.p = i + 1
			return true
		case c == '\\':
			n := escapeLen(s[i:])
			if n == 0 {
				return false
			}
			i += n
		case c < 0x20:
			return false
		default:
			i++
		}
	}
	return false
}

// escapeLen is the length of the escape at the start of s, 0 when it is
// not one encoding/json's scanner accepts.
func escapeLen(s []byte) int {
	if len(s) < 2 {
		return 0
	}
	if unescaped[s[1]] != 0 {
		return 2
	}
	if s[1] == 'u' && hex4(s[2:]) >= 0 {
		return 6
	}
	return 0
}

// hex4 reads four hexadecimal digits, -1 when they are not.
func hex4(s []byte) rune {
	if len(s) < 4 {
		return -1
	}
	var r rune
	for _, c := range s[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r<<4 | rune(c)
	}
	return r
}

// unescaped is what each one-letter escape stands for (0: not one).
var unescaped = [256]byte{'"': '"', '\\': '\\', '/': '/', 'b': '\b', 'f': '\f', 'n': '\n', 'r': '\r', 't': '\t'}

// str reads a string (d.p at its quote) as encoding/json's unquoteBytes
// does.
func (d *fastDecoder) str() (string, bool) {
	s := d.b
	i := d.p + 1
	d.buf = d.buf[:0]
	for {
		// A run of bytes copied as they are, when they are valid UTF-8:
		// found and checked in one pass, the two- and three-byte
		// sequences of Vietnamese text decoded inline.
		start, valid := i, true
		for i < len(s) {
			c := s[i]
			if c < utf8.RuneSelf {
				if c == '"' || c == '\\' || c < 0x20 {
					break
				}
				i++
				continue
			}
			if c-0xC2 < 0x1E && i+1 < len(s) && s[i+1]&0xC0 == 0x80 {
				i += 2
				continue
			}
			if c-0xE1 < 0x0C && i+2 < len(s) && s[i+1]&0xC0 == 0x80 && s[i+2]&0xC0 == 0x80 {
				i += 3
				continue
			}
			r, size := utf8.DecodeRune(s[i:])
			if r == utf8.RuneError && size == 1 {
				valid = false
			}
			i += size
		}
		if i == len(s) {
			return "", false
		}
		run := s[start:i]
		if valid {
			if s[i] == '"' && len(d.buf) == 0 {
				d.p = i + 1
				return string(run), true
			}
			d.buf = append(d.buf, run...)
		} else {
			d.buf = appendReplacingInvalid(d.buf, run)
		}
		switch c := s[i]; {
		case c == '"':
			d.p = i + 1
			return string(d.buf), true
		case c < 0x20:
			return "", false
		}
		// An escape.
		if i+1 == len(s) {
			return "", false
		}
		e := s[i+1]
		if v := unescaped[e]; v != 0 {
			d.buf = append(d.buf, v)
			i += 2
			continue
		}
		switch e {
		case 'u':
			r := hex4(s[i+2:])
			if r < 0 {
				return "", false
			}
			i += 6
			if utf16.IsSurrogate(r) {
				r1 := rune(-1)
				if i+1 < len(s) && s[i] == '\\' && s[i+1] == 'u' {
					r1 = hex4(s[i+2:])
				}
				if dec := utf16.DecodeRune(r, r1); dec != unicode.ReplacementChar {
					d.buf = utf8.AppendRune(d.buf, dec)
					i += 6
					break
				}
				r = unicode.ReplacementChar // a lone surrogate, as encoding/json
			}
			d.buf = utf8.AppendRune(d.buf, r)
		default:
			return "", false
		}
	}
}

// appendReplacingInvalid appends run with every byte that is not part of
// valid UTF-8 replaced by U+FFFD, as encoding/json's unquoting does.
func appendReplacingInvalid(dst, run []byte) []byte {
	for len(run) > 0 {
		r, size := utf8.DecodeRune(run)
		if r == utf8.RuneError && size == 1 {
			dst = utf8.AppendRune(dst, utf8.RuneError)
		} else {
			dst = append(dst, run[:size]...)
		}
		run = run[size:]
	}
	return dst
}
