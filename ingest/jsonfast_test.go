package ingest

import (
	"bufio"
	"encoding/json"
	"reflect"
	"strings"
	"testing"
)

// checkDecodeFast fails when decodeFast accepts line but encoding/json
// rejects it or decodes another record. It reports whether decodeFast
// accepted the line.
func checkDecodeFast(t *testing.T, line []byte) bool {
	t.Helper()
	var fast jsonArticle
	var scratch []byte
	if !decodeFast(line, &fast, &scratch) {
		return false
	}
	var want jsonArticle
	if err := json.Unmarshal(line, &want); err != nil {
		t.Fatalf("decodeFast accepted %q, encoding/json: %v", line, err)
	}
	if !reflect.DeepEqual(fast, want) {
		t.Fatalf("decodeFast(%q)\n got %s\nwant %s", line, describeJA(fast), describeJA(want))
	}
	return true
}

func describeJA(ja jsonArticle) string {
	p := func(s *string) string {
		if s == nil {
			return "nil"
		}
		return strings.ReplaceAll(*s, "\n", `\n`)
	}
	return "title=" + p(ja.Title) + " body=" + p(ja.Body) + " lead=" + ja.Lead + " publishedAt=" + string(ja.PublishedAt) +
		" source=" + ja.Source + " url=" + ja.URL + " authors=" + string(ja.Authors) + " section=" + ja.Section
}

func TestDecodeFastAsEncodingJSON(t *testing.T) {
	for _, tc := range []struct {
		line   string
		accept bool // whether the fast path takes it (else encoding/json does)
	}{
		{`{"title":"Tỉnh ủy Bến Tre","body":"Nghị quyết số 02-NQ/TU.\nĐảng viên: 49.356."}`, true},
		{` { "title" : "a" , "body" : "b" , "lead" : "" , "publishedAt" : "2020-06-29" } `, true},
		{"{\t\"title\":\"a\",\r\n\"body\":\"b\"}", true},
		{`{}`, true},
		{`{"title":null,"body":null,"lead":null,"source":null,"url":null,"section":null,"publishedAt":null,"authors":null}`, true},
		{`{"title":"a","authors":["Trần Ngọc Tam", "Lê Văn Hòa"]}`, true},
		{`{"title":"a","authors":[ ]}`, true},
		{`{"title":"a","authors":"Trần Ngọc Tam - Lê Văn Hòa"}`, true},
		{`{"title":"\"Quoted\" \\ \/ \b\f\n\r\t","body":"x"}`, true},
		{`{"title":"\u0048o\u00e0 b\u00ECnh","body":"x"}`, true},
		{`{"title":"\ud83d\ude00 pair","body":"x"}`, true},
		{`{"title":"\ud83d lone high","body":"x"}`, true},
		{`{"title":"\ude00 lone low","body":"x"}`, true},
		{`{"title":"\ud83d\u0041 high then A","body":"x"}`, true},
		{`{"title":"\ud83d\ud83d two highs","body":"x"}`, true},
		{"{\"title\":\"bad \xff byte\",\"body\":\"\xe1\xba trunc\"}", true},
		{"{\"title\":\"\xc0\x80 \xed\xa0\x80 \xe0\xa0\x80 \xe0\x80\x80 \xf0\x9f\x98\x80 \xf4\x90\x80\x80 \xe1\xbb\",\"body\":\"\xe1\xbb\x87\xe1\\n\xc3\"}", true},
		{"{\"title\":\"ho\xcc\x80a NFD\",\"body\":\"nbsp\u00a0here\"}", true},
		{`{"id":"x1","title":"a","extra":true,"flag":false,"none":null}`, true},
		{`{"title":"a","publishedAt":"2020-06-29T06:52:00+07:00","source":"Báo Đồng Khởi","url":" https://x ","section":"Chính trị"}`, true},
		// Left to encoding/json.
		{`{"Title":"case","body":"x"}`, false},
		{`{"title":"one","title":"two"}`, false},
		{`{"title":"a","id":12}`, false},
		{`{"title":"a","meta":{"k":"v"}}`, false},
		{`{"title":"a","publishedAt":20200629}`, false},
		{`{"title":1}`, false},
		{`{"title":"a",}`, false},
		{`{"title":"a"} x`, false},
		{`{"title":"a\'b"}`, false},
		{`{"title":"a\x"}`, false},
		{`{"title":"\u12"}`, false},
		{"{\"title\":\"tab\there\"}", false},
		{`{"title":"open`, false},
		{`{"title":nul}`, false},
		{`{"title":nullx}`, false},
		{`["title"]`, false},
		{`{"tïtle":"a"}`, false},
		{`{"ti\u0074le":"a"}`, false},
		{`{"title":"a","authors":["x",1]}`, false},
		{`{"title":"a","authors":["x",]}`, false},
		{``, false},
	} {
		if got := checkDecodeFast(t, []byte(tc.line)); got != tc.accept {
			t.Errorf("decodeFast(%q) accepted %v, want %v", tc.line, got, tc.accept)
		}
	}
}

// TestDecodeFastCorpus: every record of the development corpus takes the
// fast path and decodes as encoding/json decodes it.
func TestDecodeFastCorpus(t *testing.T) {
	f := openCorpus(t)
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, MaxLineBytes)
	n := 0
	for sc.Scan() {
		line := sc.Bytes()
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		n++
		if !checkDecodeFast(t, line) {
			t.Fatalf("record %d left to encoding/json: %.200q", n, line)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n < 1000 {
		t.Fatalf("read %d records of the corpus", n)
	}
}

func FuzzDecodeFast(f *testing.F) {
	f.Add([]byte(`{"title":"Một","body":"Chỉ thị số 05-CT/TW\n\"x\"","authors":["a"],"publishedAt":"2020-06-29"}`))
	f.Add([]byte(`{"title":"\ud83d\ude00\u00e1","body":null,"x":true}`))
	f.Add([]byte("{\"title\":\"\xff\",\"lead\":\"\\u0000\"}"))
	f.Fuzz(func(t *testing.T, b []byte) {
		checkDecodeFast(t, b)
	})
}
