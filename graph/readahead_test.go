package graph

import (
	"bytes"
	"errors"
	"io"
	"net/http/httptest"
	"testing"
)

// TestReadAheadKeepsBody: the body read before a request queues reaches
// the handler whole, at and past the read-ahead's size, and a body cut
// short reaches it with the read's error, not as a shorter whole body.
func TestReadAheadKeepsBody(t *testing.T) {
	for _, n := range []int{0, 1, queuedBodyBytes - 1, queuedBodyBytes, queuedBodyBytes + 1, 200 << 10} {
		body := bytes.Repeat([]byte("tỉnh "), n/len("tỉnh ")+1)[:n]
		r, _ := readAhead(httptest.NewRequest("POST", "/graphql", bytes.NewReader(body)))
		got, err := io.ReadAll(r.Body)
		if err != nil || !bytes.Equal(got, body) {
			t.Errorf("%d bytes: got %d bytes, %v", n, len(got), err)
		}
	}
	cut := errors.New("unexpected EOF")
	for _, n := range []int{15, queuedBodyBytes + 10} {
		r := httptest.NewRequest("POST", "/graphql", nil)
		// As net/http's body does: the error once, then a clean EOF.
		r.Body = io.NopCloser(io.MultiReader(bytes.NewReader(bytes.Repeat([]byte("x"), n)), &errOnce{err: cut}))
		r, _ = readAhead(r)
		got, err := io.ReadAll(r.Body)
		if !errors.Is(err, cut) || len(got) != n {
			t.Errorf("a body cut after %d bytes: got %d bytes, error %v; want the bytes and %v", n, len(got), err, cut)
		}
	}
}

// errOnce returns err on its first read and io.EOF after.
type errOnce struct {
	err  error
	done bool
}

func (e *errOnce) Read([]byte) (int, error) {
	if e.done {
		return 0, io.EOF
	}
	e.done = true
	return 0, e.err
}
