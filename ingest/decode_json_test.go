package ingest

import (
	"bufio"
	"reflect"
	"testing"
)

// decodeLines are lines that decodeFast must read as encoding/json does,
// or hand to it: plain articles, nulls, repeated keys, escapes, other
// keys nested, keys in other case, bad syntax, bad UTF-8.
var decodeLines = []string{
	`{"title":"Một","body":"Hai\nba","lead":"BDK - x","publishedAt":"2020-06-29","source":"s","url":"https://a.vn/1","authors":["A","B"],"section":"Thời sự"}`,
	`{ "title" : "a" , "body" : "b" }  `,
	`{}`, `{"title":null,"body":null}`, `{"title":"a","title":null,"body":"b"}`, `{"lead":"x","lead":null}`,
	`{"title":"\"Trích\" \\ \/ \b\f\n\r\t \u00e1 \u1ea1 \ud83d\ude00","body":"b"}`,
	`{"title":"\ud83d","body":"b"}`, `{"title":"\ude00x","body":"b"}`, `{"title":"\ufffd","body":"b"}`, `{"title":"a\uFFFD","body":"b"}`,
	`{"title":"\u00zz","body":"b"}`, `{"title":"\q","body":"b"}`, "{\"title\":\"a\tb\",\"body\":\"b\"}",
	"{\"title\":\"\xff\",\"body\":\"b\"}", "{\"title\":\"\xef\xbf\xbd\",\"body\":\"b\"}", "{\"title\":\"a\",\"body\":\"b\",\"x\":\"\xc3\"}",
	`{"Title":"a","body":"b"}`, `{"TITLE":"a","BODY":"b"}`, `{"publishedat":"2020-01-01","title":"a","body":"b"}`, `{"t\u0069tle":"a","body":"b"}`,
	`{"title":"a","body":"b","id":12,"tags":["x",{"k":[1,-2.5e+3,0.1,true,false,null]}],"meta":{}}`,
	`{"title":"a","body":"b","n":01}`, `{"title":"a","body":"b","n":-}`, `{"title":"a","body":"b","n":1.}`, `{"title":"a","body":"b","n":1e}`,
	`{"title":"a","body":"b","n":.5}`, `{"title":"a","body":"b","n":+1}`, `{"title":"a","body":"b","n":tru}`, `{"title":"a","body":"b","n":nul}`,
	`{"title":"a","body":"b"} x`, `{"title":"a","body":"b",}`, `{"title":"a" "body":"b"}`, `{"title":"a","body":"b"`, `["title"]`, `"x"`, `null`,
	`{"title":5,"body":"b"}`, `{"title":"a","body":["b"]}`, `{"lead":5,"title":"a","body":"b"}`, `{"url":{},"title":"a","body":"b"}`,
	`{"publishedAt":null,"authors":null,"title":"a","body":"b"}`, `{"publishedAt":20200101,"authors":"A, B","title":"a","body":"b"}`,
	`{"authors":["\u00e1",1,{"x":"y"}],"title":"a","body":"b"}`, `{"title":"a","body":"b","x":[[[[[]]]]]}`,
	`{"title":"a","body":"b","x":{"a":1,}}`, `{"title":"a","body":"b","x":[1,]}`, `{"title":"a","body":"b","x":{"a"}}`, `{"title":"a","body":"b","x":{1:2}}`,
	`{"title":"a","body":"b","ký":"x"}`, `{"title":"a","body":"b","\u0078":"x"}`, `{"ſource":"x","title":"a","body":"b"}`,
}

// TestDecodeFast holds decodeFast to encoding/json on decodeLines: a line
// it reads, it reads as decodeLine does, with text badUTF8 passes; the
// others it leaves to decodeLine.
func TestDecodeFast(t *testing.T) {
	fast := 0
	for _, l := range decodeLines {
		if checkDecodeFast(t, []byte(l)) {
			fast++
		}
	}
	if fast != 12 {
		t.Errorf("decodeFast read %d of the %d lines, want the 12 plain ones", fast, len(decodeLines))
	}
}

// TestDecodeFastCorpus holds decodeFast to encoding/json on every line of
// the dev corpus, and checks that it reads them all.
func TestDecodeFastCorpus(t *testing.T) {
	f := openCorpus(t)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, MaxLineBytes)
	n, fast := 0, 0
	for sc.Scan() {
		n++
		if checkDecodeFast(t, sc.Bytes()) {
			fast++
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if fast != n {
		t.Errorf("decodeFast read %d of the corpus's %d lines, want all", fast, n)
	}
}

// checkDecodeFast compares decodeFast and decodeLine on line and reports
// whether decodeFast read it.
func checkDecodeFast(t *testing.T, line []byte) bool {
	t.Helper()
	var buf []byte
	got, ok := decodeFast(line, &buf)
	if !ok {
		return false
	}
	want, err := decodeLine(line, 1)
	if err != nil {
		t.Errorf("decodeFast read %q, which encoding/json refuses: %v", line, err)
		return true
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decodeFast(%q) = %+v, encoding/json: %+v", line, got, want)
	}
	if f, at := want.badUTF8(); f != "" {
		t.Errorf("decodeFast read %q, whose %s is bad UTF-8 at %d", line, f, at)
	}
	return true
}

// FuzzDecodeFast: whatever line decodeFast reads, it reads as
// encoding/json does, and its text is valid UTF-8.
func FuzzDecodeFast(f *testing.F) {
	for _, l := range decodeLines {
		f.Add([]byte(l))
	}
	f.Fuzz(func(t *testing.T, line []byte) {
		checkDecodeFast(t, line)
	})
}
