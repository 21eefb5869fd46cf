package ingest

import (
	"bytes"
	"unicode/utf8"
)

// decodeFast decodes a line the way decodeLine does when the line is
// plain: one JSON object whose keys are the fields of jsonArticle spelt as
// they are, or other keys (skipped), whose title and body are strings or
// null, lead, source, url and section strings or null, and whose strings
// are valid UTF-8 without U+FFFD. It reads the line once, without
// reflection, checking the syntax as it goes. For anything else (a syntax
// or type error, a key in other case or with escapes, text that
// badUTF8 refuses) it returns false and the caller decodes the line with
// encoding/json, which says what is wrong. When it returns true, ja is
// what json.Unmarshal gives and badUTF8 finds nothing (FuzzDecodeFast
// holds it to that). buf is scratch memory for unescaping.
func decodeFast(line []byte, buf *[]byte) (ja jsonArticle, ok bool) {
	d := fastDecoder{s: line, buf: buf}
	d.space()
	if !d.byte('{') {
		return ja, false
	}
	d.space()
	if d.byte('}') {
		return ja, d.end()
	}
	for {
		d.space()
		k, ok := d.key()
		if !ok {
			return ja, false
		}
		d.space()
		if !d.byte(':') {
			return ja, false
		}
		d.space()
		switch k {
		case "title", "body":
			p := &ja.Title
			if k == "body" {
				p = &ja.Body
			}
			if d.literal("null") {
				*p = nil
				break
			}
			s, ok := d.str()
			if !ok {
				return ja, false
			}
			*p = &s
		case "lead", "source", "url", "section":
			p := &ja.Lead
			switch k {
			case "source":
				p = &ja.Source
			case "url":
				p = &ja.URL
			case "section":
				p = &ja.Section
			}
			if d.literal("null") {
				break // null leaves a string as it was
			}
			s, ok := d.str()
			if !ok {
				return ja, false
			}
			*p = s
		case "publishedAt", "authors":
			from := d.i
			if !d.value(0) {
				return ja, false
			}
			raw := append([]byte(nil), line[from:d.i]...)
			if k == "authors" {
				ja.Authors = raw
			} else {
				ja.PublishedAt = raw
			}
		default:
			if !d.value(0) {
				return ja, false
			}
		}
		d.space()
		if d.byte('}') {
			return ja, d.end()
		}
		if !d.byte(',') {
			return ja, false
		}
	}
}

// fastDecoder is decodeFast's position in its line.
type fastDecoder struct {
	s   []byte
	i   int
	buf *[]byte
}

func (d *fastDecoder) space() {
	for d.i < len(d.s) {
		switch d.s[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// byte consumes c if it comes next.
func (d *fastDecoder) byte(c byte) bool {
	if d.i < len(d.s) && d.s[d.i] == c {
		d.i++
		return true
	}
	return false
}

// end reports whether only white space is left.
func (d *fastDecoder) end() bool {
	d.space()
	return d.i == len(d.s)
}

func (d *fastDecoder) literal(lit string) bool {
	if len(d.s)-d.i >= len(lit) && string(d.s[d.i:d.i+len(lit)]) == lit {
		d.i += len(lit)
		return true
	}
	return false
}

// key reads an object key. A key with escapes, or one that differs from
// a field of jsonArticle only in case (encoding/json matches those too),
// is refused.
func (d *fastDecoder) key() (string, bool) {
	if !d.byte('"') {
		return "", false
	}
	from := d.i
	for d.i < len(d.s) {
		c := d.s[d.i]
		switch {
		case c == '"':
			k := d.s[from:d.i]
			d.i++
			for _, f := range [...]string{"title", "body", "lead", "publishedAt", "source", "url", "authors", "section"} {
				if string(k) == f {
					return f, true
				}
				if len(k) == len(f) && equalFoldASCII(k, f) {
					return "", false
				}
			}
			if !utf8.Valid(k) {
				return "", false
			}
			return "", true // a key of no field: its value is skipped
		case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
			return "", false
		}
		d.i++
	}
	return "", false
}

// equalFoldASCII: k is f up to the case of ASCII letters (a key with
// other letters than f's is refused as non-ASCII before this).
func equalFoldASCII(k []byte, f string) bool {
	for i := range k {
		a, b := k[i], f[i]
		if 'A' <= a && a <= 'Z' {
			a += 'a' - 'A'
		}
		if 'A' <= b && b <= 'Z' {
			b += 'a' - 'A'
		}
		if a != b {
			return false
		}
	}
	return true
}

// str reads a string: its runes valid UTF-8 and none U+FFFD, escapes
// decoded, a lone surrogate refused. The bytes are scanned for the quote,
// escapes and control characters only; utf8.Valid checks the rest once.
func (d *fastDecoder) str() (string, bool) {
	if !d.byte('"') {
		return "", false
	}
	start := d.i
	from := d.i
	out := (*d.buf)[:0]
	escaped := false
	for d.i < len(d.s) {
		c := d.s[d.i]
		if !jsonSpecial[c] {
			d.i++
			continue
		}
		switch {
		case c == '"':
			raw := d.s[start:d.i]
			if !utf8.Valid(raw) || bytes.Contains(raw, replacement) {
				return "", false
			}
			var s string
			if escaped {
				out = append(out, d.s[from:d.i]...)
				s = string(out)
			} else {
				s = string(raw)
			}
			*d.buf = out
			d.i++
			return s, true
		case c < 0x20:
			return "", false
		case c == '\\':
			escaped = true
			out = append(out, d.s[from:d.i]...)
			if d.i+1 >= len(d.s) {
				return "", false
			}
			e := d.s[d.i+1]
			d.i += 2
			switch e {
			case '"', '\\', '/':
				out = append(out, e)
			case 'b':
				out = append(out, '\b')
			case 'f':
				out = append(out, '\f')
			case 'n':
				out = append(out, '\n')
			case 'r':
				out = append(out, '\r')
			case 't':
				out = append(out, '\t')
			case 'u':
				r, ok := d.hex4()
				if !ok {
					return "", false
				}
				if r >= 0xD800 && r < 0xDC00 {
					// A high surrogate must be followed by a low one.
					if !d.literal(`\u`) {
						return "", false
					}
					lo, ok := d.hex4()
					if !ok || lo < 0xDC00 || lo >= 0xE000 {
						return "", false
					}
					r = 0x10000 + (r-0xD800)<<10 + (lo - 0xDC00)
				} else if r >= 0xDC00 && r < 0xE000 || r == utf8.RuneError {
					return "", false
				}
				out = utf8.AppendRune(out, r)
			default:
				return "", false
			}
			from = d.i
		}
	}
	return "", false
}

// jsonSpecial marks the bytes str stops at: the quote, the backslash and
// control characters.
var jsonSpecial = func() (t [256]bool) {
	for c := range 0x20 {
		t[c] = true
	}
	t['"'], t['\\'] = true, true
	return t
}()

// replacement is U+FFFD in UTF-8.
var replacement = []byte("\uFFFD")

func (d *fastDecoder) hex4() (rune, bool) {
	if len(d.s)-d.i < 4 {
		return 0, false
	}
	var r rune
	for _, c := range d.s[d.i : d.i+4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		case 'A' <= c && c <= 'F':
			c -= 'A' - 10
		default:
			return 0, false
		}
		r = r<<4 | rune(c)
	}
	d.i += 4
	return r, true
}

// value skips one JSON value, checking its syntax (strings as str does).
// depth bounds the nesting, as encoding/json's 10,000 does.
func (d *fastDecoder) value(depth int) bool {
	if depth > 1000 || d.i >= len(d.s) {
		return false
	}
	switch c := d.s[d.i]; {
	case c == '"':
		_, ok := d.str()
		return ok
	case c == '{':
		d.i++
		d.space()
		if d.byte('}') {
			return true
		}
		for {
			d.space()
			if d.i >= len(d.s) || d.s[d.i] != '"' {
				return false
			}
			if _, ok := d.str(); !ok {
				return false
			}
			d.space()
			if !d.byte(':') {
				return false
			}
			d.space()
			if !d.value(depth + 1) {
				return false
			}
			d.space()
			if d.byte('}') {
				return true
			}
			if !d.byte(',') {
				return false
			}
		}
	case c == '[':
		d.i++
		d.space()
		if d.byte(']') {
			return true
		}
		for {
			d.space()
			if !d.value(depth + 1) {
				return false
			}
			d.space()
			if d.byte(']') {
				return true
			}
			if !d.byte(',') {
				return false
			}
		}
	case c == 't':
		return d.literal("true")
	case c == 'f':
		return d.literal("false")
	case c == 'n':
		return d.literal("null")
	case c == '-' || '0' <= c && c <= '9':
		return d.number()
	}
	return false
}

// number skips a number: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?
func (d *fastDecoder) number() bool {
	d.byte('-')
	digits := func() int {
		n := 0
		for d.i < len(d.s) && '0' <= d.s[d.i] && d.s[d.i] <= '9' {
			d.i++
			n++
		}
		return n
	}
	if d.byte('0') {
		// no more digits may follow a leading zero
	} else if digits() == 0 {
		return false
	}
	if d.byte('.') && digits() == 0 {
		return false
	}
	if d.i < len(d.s) && (d.s[d.i] == 'e' || d.s[d.i] == 'E') {
		d.i++
		if !d.byte('+') {
			d.byte('-')
		}
		if digits() == 0 {
			return false
		}
	}
	return true
}
