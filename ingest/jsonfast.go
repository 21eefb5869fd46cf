package ingest

import (
	"strings"
	"unicode/utf8"
)

// decodeFast decodes the common shape of an import line, a flat object of
// strings, nulls and lists of strings, about four times faster than
// encoding/json. ok is false for anything else (nested objects, numbers
// in known fields, escapes it does not handle, invalid UTF-8 outside the
// text fields, trailing data), and the caller falls back to encoding/json,
// which also produces the error messages. FuzzDecodeFast holds the two
// equal where ok, once the text fields are cleaned.
func decodeFast(line []byte) (ja jsonArticle, ok bool) {
	d := fastDecoder{b: line}
	d.ws()
	if !d.byte('{') {
		return ja, false
	}
	d.ws()
	if d.byte('}') {
		return ja, d.end()
	}
	for {
		d.ws()
		k, ok := d.str()
		if !ok {
			return ja, false
		}
		d.ws()
		if !d.byte(':') {
			return ja, false
		}
		d.ws()
		switch k {
		case "title", "body":
			var p *string
			if d.null() {
				p = nil
			} else if s, ok := d.text(); ok {
				p = &s
			} else {
				return ja, false
			}
			if k == "title" {
				ja.Title = p
			} else {
				ja.Body = p
			}
		case "lead", "source", "url", "section":
			if d.null() {
				break
			}
			read := d.text
			if k == "url" {
				read = d.str
			}
			s, ok := read()
			if !ok {
				return ja, false
			}
			switch k {
			case "lead":
				ja.Lead = s
			case "source":
				ja.Source = s
			case "url":
				ja.URL = s
			case "section":
				ja.Section = s
			}
		case "publishedAt", "authors":
			start := d.i
			if !d.null() {
				if _, ok := d.str(); !ok {
					if !d.strList() {
						return ja, false
					}
				}
			}
			raw := d.b[start:d.i:d.i]
			if k == "publishedAt" {
				ja.PublishedAt = raw
			} else {
				ja.Authors = raw
			}
		default:
			for _, known := range []string{"title", "body", "lead", "source", "url", "section", "publishedAt", "authors"} {
				if strings.EqualFold(k, known) {
					return ja, false // encoding/json matches keys without case
				}
			}
			if !d.null() && !d.literal("true") && !d.literal("false") {
				if _, ok := d.str(); !ok {
					return ja, false
				}
			}
		}
		d.ws()
		if d.byte(',') {
			continue
		}
		if d.byte('}') {
			return ja, d.end()
		}
		return ja, false
	}
}

type fastDecoder struct {
	b []byte
	i int
}

func (d *fastDecoder) ws() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

func (d *fastDecoder) byte(c byte) bool {
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

func (d *fastDecoder) end() bool {
	d.ws()
	return d.i == len(d.b)
}

func (d *fastDecoder) literal(s string) bool {
	if strings.HasPrefix(string(d.b[d.i:min(len(d.b), d.i+len(s))]), s) {
		d.i += len(s)
		return true
	}
	return false
}

func (d *fastDecoder) null() bool { return d.literal("null") }

// str reads a string. Escapes other than \uXXXX outside the surrogate
// range are decoded here; a surrogate escape or invalid UTF-8 gives up.
func (d *fastDecoder) str() (string, bool) { return d.strValid(true) }

// text reads a string bound for vntext.Clean without checking its UTF-8:
// encoding/json would turn each invalid byte into U+FFFD, which Clean
// drops, as it drops the invalid byte itself.
func (d *fastDecoder) text() (string, bool) { return d.strValid(false) }

func (d *fastDecoder) strValid(validate bool) (string, bool) {
	if !d.byte('"') {
		return "", false
	}
	start := d.i
	var sb []byte // only when there are escapes
	ascii := true
	for d.i < len(d.b) {
		// Skip plain bytes in a tight loop; stop at '"', '\\', a control
		// character or, when validating, a non-ASCII byte.
		plain := &plainByte
		if !validate {
			plain = &plainTextByte
		}
		for d.i < len(d.b) && plain[d.b[d.i]] {
			d.i++
		}
		if d.i == len(d.b) {
			break
		}
		c := d.b[d.i]
		switch {
		case c == '"':
			seg := d.b[start:d.i]
			d.i++
			if validate && !ascii && !utf8.Valid(seg) {
				return "", false
			}
			if sb == nil {
				return string(seg), true
			}
			return string(append(sb, seg...)), true
		case c < 0x20:
			return "", false
		case c >= utf8.RuneSelf:
			ascii = false
			d.i++
		case c == '\\':
			if validate && !ascii && !utf8.Valid(d.b[start:d.i]) {
				return "", false
			}
			sb = append(sb, d.b[start:d.i]...)
			if d.i+1 >= len(d.b) {
				return "", false
			}
			e := d.b[d.i+1]
			d.i += 2
			switch e {
			case '"', '\\', '/':
				sb = append(sb, e)
			case 'b':
				sb = append(sb, '\b')
			case 'f':
				sb = append(sb, '\f')
			case 'n':
				sb = append(sb, '\n')
			case 'r':
				sb = append(sb, '\r')
			case 't':
				sb = append(sb, '\t')
			case 'u':
				if d.i+4 > len(d.b) {
					return "", false
				}
				var r rune
				for _, h := range d.b[d.i : d.i+4] {
					r <<= 4
					switch {
					case h >= '0' && h <= '9':
						r |= rune(h - '0')
					case h >= 'a' && h <= 'f':
						r |= rune(h - 'a' + 10)
					case h >= 'A' && h <= 'F':
						r |= rune(h - 'A' + 10)
					default:
						return "", false
					}
				}
				if r >= 0xD800 && r < 0xE000 {
					return "", false
				}
				sb = utf8.AppendRune(sb, r)
				d.i += 4
			default:
				return "", false
			}
			start = d.i
			ascii = true
		default:
			d.i++
		}
	}
	return "", false
}

// strList reads a list of strings.
func (d *fastDecoder) strList() bool {
	if !d.byte('[') {
		return false
	}
	d.ws()
	if d.byte(']') {
		return true
	}
	for {
		d.ws()
		if _, ok := d.str(); !ok {
			return false
		}
		d.ws()
		if d.byte(']') {
			return true
		}
		if !d.byte(',') {
			return false
		}
	}
}

// plainByte is true for the ASCII bytes a JSON string holds as they are;
// plainTextByte also for the non-ASCII ones, when UTF-8 is not checked.
var plainByte, plainTextByte = func() (t, u [256]bool) {
	for c := 0x20; c < 0x100; c++ {
		t[c] = c < 0x80 && c != '"' && c != '\\'
		u[c] = c != '"' && c != '\\'
	}
	return t, u
}()
