package search

import (
	"context"
	"strings"
	"testing"
)

// TestLengthCode: one byte (1 to 127) for every length, never smaller
// for a longer field, and read back within 1/16 of the length.
func TestLengthCode(t *testing.T) {
	prev := 0
	for n := 1; n < 1<<19; n++ {
		c := lengthCode(n)
		if c < 1 || c > 127 || c < prev {
			t.Fatalf("lengthCode(%d) = %d after %d", n, c, prev)
		}
		prev = c
		if n >= 1<<18 {
			continue
		}
		if got := codeLength(uint64(c)); got < float64(n)*15/16 || got > float64(n)*17/16 {
			t.Fatalf("codeLength(lengthCode(%d)) = %v", n, got)
		}
	}
}

// norms returns the length zap keeps with the posting of word in the
// words field of the first document that has it, and whether the part
// keeps lengths as lengthCode.
func norms(t *testing.T, ix *Index, word string) (uint64, bool) {
	t.Helper()
	sn, err := ix.bi.snapshot()
	if err != nil {
		t.Fatal(err)
	}
	defer sn.close()
	for _, v := range sn.segments() {
		pl := v.postings(fWords, word)
		if pl == nil {
			continue
		}
		p, err := pl.Iterator(true, true, false, nil).Next()
		if err != nil || p == nil {
			t.Fatalf("posting of %s: %v", word, err)
		}
		return p.(normLength).NormUint64(), v.coded
	}
	t.Fatalf("no posting of %s", word)
	return 0, false
}

// TestLengthsKeptInOneByte: an article of 500 words keeps its length in
// one byte (index format 4); an index of format 3, until it is rebuilt,
// takes new documents with exact lengths and is read so.
func TestLengthsKeptInOneByte(t *testing.T) {
	dir := t.TempDir() + "/index"
	ix, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	body := strings.Repeat("năm ", 499) + "lúa"
	if err := ix.Apply(context.Background(), []Doc{{ID: "Article:1", Type: "Article", Body: body}}, nil); err != nil {
		t.Fatal(err)
	}
	n, coded := norms(t, ix, "lua")
	if !coded || n >= 128 || n != uint64(lengthCode(500)) {
		t.Errorf("format 4: length %d (coded %v), want lengthCode(500) = %d", n, coded, lengthCode(500))
	}
	for _, p := range ix.bi.parts {
		if err := p.SetInternal([]byte(formatKey), []byte("3")); err != nil {
			t.Fatal(err)
		}
	}
	ix.Close()

	if ix, err = Open(dir); err != nil {
		t.Fatal(err)
	}
	defer ix.Close()
	if err := ix.Apply(context.Background(), []Doc{{ID: "Article:2", Type: "Article", Body: body + " mới"}}, nil); err != nil {
		t.Fatal(err)
	}
	if n, coded := norms(t, ix, "moi"); coded || n != 501 {
		t.Errorf("format 3: length %d (coded %v), want 501 exact", n, coded)
	}
}
