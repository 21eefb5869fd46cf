package ingest

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strings"
	"time"

	"tracuu/vntext"
)

// MaxLineBytes bounds one JSON Lines record; a longer line is reported as a
// failed record and skipped, and reading goes on.
const MaxLineBytes = 64 << 20

// maxLine is MaxLineBytes, lowered by tests.
var maxLine = MaxLineBytes

// LineError is a record that could not be read, named by its line and, when
// one is to blame, its field.
type LineError struct {
	Line  int
	Field string // "title", "publishedAt", ...; empty for a syntax error
	Msg   string
}

func (e *LineError) Error() string { return fmt.Sprintf("line %d: %s", e.Line, e.Msg) }

// JSONLReader reads articles from JSON Lines (the format in CONTRACT.md),
// one line at a time, with memory bounded by the longest line whatever the
// size of the file. Input may be UTF-8 with or without a byte-order mark, or
// UTF-16 with one; lines may end in CRLF.
type JSONLReader struct {
	r    *bufio.Reader
	line int
	buf  []byte
}

// NewJSONLReader returns a reader of JSON Lines from r.
func NewJSONLReader(r io.Reader) *JSONLReader {
	return &JSONLReader{r: bufio.NewReaderSize(decodingReader(r), 256<<10)}
}

// Next returns the next article and its line number (from 1). Blank lines
// are skipped. A record that cannot be read returns a *LineError and reading
// may go on; at the end Next returns io.EOF; any other error is the
// underlying reader's and ends the stream.
func (j *JSONLReader) Next() (Article, int, error) {
	for {
		line, tooLong, err := j.readLine()
		if err != nil && (err != io.EOF || len(line) == 0 && !tooLong) {
			return Article{}, j.line, err
		}
		if tooLong {
			return Article{}, j.line, &LineError{Line: j.line, Msg: fmt.Sprintf("record longer than %d bytes", maxLine)}
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			if err == io.EOF {
				return Article{}, j.line, io.EOF
			}
			continue
		}
		a, lerr := parseJSONLine(line, j.line)
		if lerr != nil {
			return Article{}, j.line, lerr
		}
		return a, j.line, nil
	}
}

// readLine reads one line into a reused buffer. A line longer than
// MaxLineBytes is consumed and reported as tooLong.
func (j *JSONLReader) readLine() ([]byte, bool, error) {
	j.buf = j.buf[:0]
	j.line++
	tooLong := false
	for {
		chunk, err := j.r.ReadSlice('\n')
		if !tooLong {
			if len(j.buf)+len(chunk) > maxLine {
				tooLong = true
				j.buf = j.buf[:0]
			} else {
				j.buf = append(j.buf, chunk...)
			}
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		if cap(j.buf) > 4<<20 && len(j.buf) < 64<<10 {
			j.buf = nil // give a huge buffer back once it is no longer needed
		}
		return j.buf, tooLong, err
	}
}

type jsonArticle struct {
	Title       *string         `json:"title"`
	Body        *string         `json:"body"`
	Lead        string          `json:"lead"`
	PublishedAt json.RawMessage `json:"publishedAt"`
	Source      string          `json:"source"`
	URL         string          `json:"url"`
	Authors     json.RawMessage `json:"authors"`
	Section     string          `json:"section"`
}

// decodeLine decodes one line.
func decodeLine(line []byte, n int) (jsonArticle, error) {
	var ja jsonArticle
	err := json.Unmarshal(line, &ja)
	if err == nil {
		return ja, nil
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &te):
		return ja, &LineError{Line: n, Field: te.Field, Msg: fmt.Sprintf("%s: want a %s, got %s", te.Field, te.Type, te.Value)}
	case errors.As(err, &se):
		return ja, &LineError{Line: n, Msg: fmt.Sprintf("not valid JSON at byte %d: %v", se.Offset, err)}
	}
	return ja, &LineError{Line: n, Msg: "not valid JSON: " + err.Error()}
}

// badUTF8 names the first text field that is not valid UTF-8 and where.
// A body or lead plain (bodyPlain, leadPlain) is valid: not scanned again.
func (ja *jsonArticle) badUTF8(bodyPlain, leadPlain bool) (field string, at int) {
	deref := func(p *string) string {
		if p == nil {
			return ""
		}
		return *p
	}
	for _, f := range []struct{ name, value string }{
		{"title", deref(ja.Title)}, {"body", deref(ja.Body)}, {"lead", ja.Lead},
		{"source", ja.Source}, {"url", ja.URL}, {"section", ja.Section}, {"authors", string(ja.Authors)},
	} {
		if f.name == "body" && bodyPlain || f.name == "lead" && leadPlain {
			continue
		}
		if at := BadUTF8(f.value); at >= 0 {
			return f.name, at
		}
	}
	return "", -1
}

func parseJSONLine(line []byte, n int) (Article, error) {
	ja, err := decodeLine(line, n)
	if err != nil {
		return Article{}, err
	}
	// The body and lead are scanned once for what BadUTF8 and clean ask:
	// text of the runes of articles is valid and clean as it is.
	bodyPlain := ja.Body != nil && plain(*ja.Body)
	leadPlain := plain(ja.Lead)
	if f, at := ja.badUTF8(bodyPlain, leadPlain); f != "" {
		return Article{}, &LineError{Line: n, Field: f, Msg: (&UTF8Error{Field: f, At: at}).Error()}
	}
	if ja.Body != nil {
		if err := CheckSize("body", *ja.Body); err != nil {
			return Article{}, &LineError{Line: n, Field: "body", Msg: err.Error()}
		}
	}
	if err := CheckSize("lead", ja.Lead); err != nil {
		return Article{}, &LineError{Line: n, Field: "lead", Msg: err.Error()}
	}
	var a Article
	if ja.Title != nil {
		a.Title = cleanLine(*ja.Title)
	}
	if a.Title == "" {
		return Article{}, &LineError{Line: n, Field: "title", Msg: "title is required"}
	}
	if ja.Body != nil {
		if bodyPlain {
			a.Body = cleanTextFrom(*ja.Body)
		} else {
			a.Body = cleanText(*ja.Body)
		}
	}
	if a.Body == "" {
		return Article{}, &LineError{Line: n, Field: "body", Msg: "body is required"}
	}
	if leadPlain {
		a.Lead = cleanTextFrom(ja.Lead)
	} else {
		a.Lead = cleanText(ja.Lead)
	}
	a.URL = strings.TrimSpace(ja.URL)
	a.Source = cleanLine(ja.Source)
	a.Section = cleanLine(ja.Section)
	if len(ja.PublishedAt) > 0 && string(ja.PublishedAt) != "null" {
		s, err := rawString(ja.PublishedAt)
		if err != nil {
			return Article{}, &LineError{Line: n, Field: "publishedAt", Msg: fmt.Sprintf("publishedAt %s: not a string", ja.PublishedAt)}
		}
		if s = strings.TrimSpace(s); s != "" {
			t, err := ParseTime(s)
			if err != nil {
				return Article{}, &LineError{Line: n, Field: "publishedAt", Msg: err.Error()}
			}
			a.PublishedAt = t
		}
	}
	if len(ja.Authors) > 0 && string(ja.Authors) != "null" {
		var list []string
		if err := json.Unmarshal(ja.Authors, &list); err != nil {
			var one string
			if err := json.Unmarshal(ja.Authors, &one); err != nil {
				return Article{}, &LineError{Line: n, Field: "authors", Msg: "authors: want a list of names or one name"}
			}
			list = nameSepRe.Split(one, -1)
		}
		for _, au := range list {
			if au = cleanLine(au); au != "" {
				a.Authors = append(a.Authors, au)
			}
		}
	}
	// A lead may still carry its publication code ("BDK - ...").
	if m := leadCodeRe.FindStringSubmatch(a.Lead); m != nil {
		if p, ok := LookupPublication(m[1]); ok {
			a.SourceCode, a.Province = p.Code, p.Province
			if a.Source == "" {
				a.Source = p.Name
			}
			a.Lead = a.Lead[len(m[0]):]
		}
	}
	if a.Province == "" && a.Source != "" {
		for _, p := range publications {
			if strings.EqualFold(p.Name, a.Source) {
				a.SourceCode, a.Province = p.Code, p.Province
				break
			}
		}
	}
	a.ContentHash = hashArticle(a.Title, a.Body)
	return a, nil
}

var (
	vnDateTimeRe = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})\s*[-–,]?\s*(\d{1,2}):(\d{2})$`)
	isoDateRe    = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
)

// ParseTime reads a publication time: RFC 3339, "29/06/2020 - 06:52" or a
// date alone ("2020-06-29"); the last two are in Vietnam time (+07:00).
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if isoDateRe.MatchString(s) {
		if t, err := time.ParseInLocation("2006-01-02", s, vntext.Vietnam); err == nil {
			return t, nil
		}
	}
	if vnDateTimeRe.MatchString(s) {
		if t, ok := parseSeedDate(s); ok {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("publishedAt %q: not a date (want RFC 3339, dd/mm/yyyy - hh:mm, or yyyy-mm-dd)", s)
}

// rawString decodes a JSON string value, without encoding/json when it has
// no escapes.
func rawString(raw []byte) (string, error) {
	if len(raw) >= 2 && raw[0] == '"' && raw[len(raw)-1] == '"' && bytes.IndexByte(raw, '\\') < 0 {
		return string(raw[1 : len(raw)-1]), nil
	}
	var s string
	err := json.Unmarshal(raw, &s)
	return s, err
}
