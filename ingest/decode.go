package ingest

import (
	"io"

	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// fromBOM is the decoder of what the readers take: UTF-8, its byte-order
// mark dropped, or UTF-16 (little or big endian) told by its byte-order
// mark. Text without a mark is passed on as it is.
func fromBOM() transform.Transformer { return unicode.BOMOverride(transform.Nop) }

// decode returns b as UTF-8 text.
func decode(b []byte) (string, error) {
	out, _, err := transform.Bytes(fromBOM(), b)
	return string(out), err
}

// decodingReader returns a reader of r as UTF-8, decoding as it streams.
func decodingReader(r io.Reader) io.Reader { return transform.NewReader(r, fromBOM()) }
