package ingest

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// BadUTF8 returns the byte offset in s of the first byte that is not
// UTF-8 or of the first U+FFFD, the replacement character a decoder puts
// where it found such bytes (encoding/json does); -1 when there is none.
// Text is refused there rather than cleaned silently of what it lost.
func BadUTF8(s string) int {
	if utf8.ValidString(s) && !strings.Contains(s, "\uFFFD") {
		return -1 // every text read: two passes of the standard library's fast loops
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError {
			return i
		}
		i += size
	}
	return -1
}

// UTF8Error is text that is not valid UTF-8: Field's, from byte At.
type UTF8Error struct {
	Field string
	At    int
}

func (e *UTF8Error) Error() string {
	return fmt.Sprintf("%s is not valid UTF-8 at byte %d (an invalid byte, or U+FFFD where one was replaced): send the text in UTF-8", e.Field, e.At)
}

// MaxTextBytes bounds an article's body, lead or seed text: up to it an
// article is read, extracted and stored in time linear in its length
// (docs/reliability.md); a longer one is refused, naming the field.
const MaxTextBytes = 1 << 20

// SizeError is a text longer than MaxTextBytes.
type SizeError struct {
	Field string
	Size  int
}

func (e *SizeError) Error() string {
	return fmt.Sprintf("%s is %d bytes, more than the limit of %d bytes (1 MiB): split the article", e.Field, e.Size, MaxTextBytes)
}

// CheckSize returns a *SizeError when s, the text of field, is longer
// than MaxTextBytes.
func CheckSize(field, s string) error {
	if len(s) > MaxTextBytes {
		return &SizeError{Field: field, Size: len(s)}
	}
	return nil
}
