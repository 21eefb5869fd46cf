package ingest

import (
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	"tracuu/vntext"
)

var (
	dateLineRe  = regexp.MustCompile(`^(\d{1,2})/(\d{1,2})/(\d{4})(?:\s*[-–,]?\s*(\d{1,2})[:hg](\d{2}))?$`)
	leadCodeRe  = regexp.MustCompile(`^\(?([\p{Lu}Đ][\p{Lu}Đ0-9.]{1,7})\)?\s*[-–—]\s*`)
	captionRe   = regexp.MustCompile(`(?i)^(.*?)[\s.]*\(?(?:ảnh|ảnh minh hoạ|ảnh minh họa|nguồn ảnh)\s*:\s*([^()]*?)\)?\.?$`)
	bylineRe    = regexp.MustCompile(`(?i)^(bài,? ảnh|bài và ảnh|bài - ảnh|tin,? ảnh|tin và ảnh|bài|tin|ảnh|video|thực hiện|nhóm pv)\s*:\s*(.+)$`)
	bylineFromR = regexp.MustCompile(`^Theo\s+(.{2,80})$`)
	creditSepRe = regexp.MustCompile(`\s+[-–]\s+|\s*;\s*`)
	nameSepRe   = regexp.MustCompile(`\s*,\s*|\s+và\s+`)
)

// notAuthors are credits that name no person: CTV (cộng tác viên), PV,
// archive photos, the Internet.
var notAuthors = map[string]bool{"ctv": true, "pv": true, "tl": true, "tu lieu": true, "internet": true, "minh hoa": true,
	"nguon internet": true, "anh minh hoa": true, "nhom pv": true, "btv": true, "tong hop": true, "st": true, "suu tam": true}

// ErrEmpty is returned for input with no title.
var ErrEmpty = errors.New("ingest: empty article")

// ReadSeedText reads one article in the seed text format: a title line, a
// date line ("29/06/2020 - 06:52", Vietnam time), a lead that may open with
// a publication code ("BDK - "), body paragraphs with photo captions
// ("... Ảnh: CTV", often twice), an attribution line in parentheses, a
// byline ("Bài, ảnh: Hương Thu", "Theo TTXVN") and site chrome. Captions,
// attribution, byline and chrome are taken out of the body. Input may be
// UTF-8 (with or without a byte-order mark) or UTF-16 with one.
func ReadSeedText(r io.Reader) (Article, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return Article{}, fmt.Errorf("ingest: reading seed text: %w", err)
	}
	s, err := decode(b)
	if err != nil {
		return Article{}, fmt.Errorf("ingest: decoding seed text: %w", err)
	}
	if err := CheckSize("the text", s); err != nil {
		return Article{}, err
	}
	if at := BadUTF8(s); at >= 0 {
		return Article{}, &UTF8Error{Field: "the text", At: at}
	}
	return parseSeed(cleanText(s))
}

func parseSeed(s string) (Article, error) {
	var paras []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			paras = append(paras, l)
		}
	}
	if len(paras) == 0 {
		return Article{}, ErrEmpty
	}
	var a Article
	a.Title = paras[0]
	paras = paras[1:]
	if len(paras) > 0 {
		if t, ok := parseSeedDate(paras[0]); ok {
			a.PublishedAt = t
			paras = paras[1:]
		}
	}
	// Chrome: drop furniture, and stop at the first line that ends the article.
	kept := paras[:0]
	var tail []string // after the end of the article: related links, comments
	for i, p := range paras {
		if ends, ok := chrome[chromeKey(p)]; ok {
			if ends {
				tail = paras[i+1:]
				break
			}
			continue
		}
		kept = append(kept, p)
	}
	paras = kept
	// A byline may follow the related links.
	for _, p := range tail {
		if authors, ok := parseByline(p); ok {
			a.Authors = append(a.Authors, authors...)
			break
		}
	}
	// Byline and attribution from the end.
	for len(paras) > 0 {
		last := paras[len(paras)-1]
		if authors, ok := parseByline(last); ok {
			a.Authors = append(authors, a.Authors...)
			paras = paras[:len(paras)-1]
			continue
		}
		if strings.HasPrefix(last, "(") && strings.HasSuffix(last, ")") && runeLen(last) < 200 && a.Attribution == "" {
			a.Attribution = strings.TrimSpace(last[1 : len(last)-1])
			paras = paras[:len(paras)-1]
			continue
		}
		break
	}
	// Lead: the first paragraph, without its publication code.
	if len(paras) > 0 {
		lead := paras[0]
		if m := leadCodeRe.FindStringSubmatch(lead); m != nil {
			if p, ok := LookupPublication(m[1]); ok {
				a.SourceCode, a.Source, a.Province = p.Code, p.Name, p.Province
				lead = lead[len(m[0]):]
			}
		}
		a.Lead = lead
		paras = paras[1:]
	}
	// Captions: once each, out of the body.
	seen := map[string]bool{}
	body := paras[:0]
	for _, p := range paras {
		if c, ok := parseCaption(p); ok {
			if k := key(c); !seen[k] {
				seen[k] = true
				a.Captions = append(a.Captions, c)
			}
			continue
		}
		body = append(body, p)
	}
	a.Body = strings.Join(body, "\n\n")
	a.ContentHash = hashArticle(a.Title, a.Body)
	return a, nil
}

func parseSeedDate(s string) (time.Time, bool) {
	m := dateLineRe.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return time.Time{}, false
	}
	hh, mm := "0", "0"
	if m[4] != "" {
		hh, mm = m[4], m[5]
	}
	// Atoi, not Sscan: Sscan reads "09" as octal and stops at the 9.
	d, _ := strconv.Atoi(m[1])
	mo, _ := strconv.Atoi(m[2])
	y, _ := strconv.Atoi(m[3])
	h, _ := strconv.Atoi(hh)
	mi, _ := strconv.Atoi(mm)
	if mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 {
		return time.Time{}, false
	}
	t := time.Date(y, time.Month(mo), d, h, mi, 0, 0, vntext.Vietnam)
	if t.Day() != d {
		return time.Time{}, false // 31/02
	}
	return t, true
}

// parseCaption recognises a photo caption: a short paragraph that ends in a
// photo credit ("... Ảnh: CTV", "(Ảnh: TL)"). It returns the description.
func parseCaption(p string) (string, bool) {
	if len(p) > 1200 || !strings.Contains(p, "ảnh") && !strings.Contains(p, "Ảnh") && !strings.Contains(p, "ẢNH") || runeLen(p) > 400 {
		return "", false
	}
	m := captionRe.FindStringSubmatch(p)
	if m == nil || strings.TrimSpace(m[1]) == "" {
		return "", false
	}
	desc := strings.TrimSpace(m[1])
	if !strings.HasSuffix(desc, ".") && !strings.HasSuffix(desc, "!") && !strings.HasSuffix(desc, "?") && !strings.HasSuffix(desc, "”") {
		desc += "."
	}
	return desc, true
}

// parseByline recognises "Bài, ảnh: Hương Thu", "Bài: A - Ảnh: B",
// "Theo TTXVN" and returns the people it credits (contributor codes such as
// CTV are not people).
func parseByline(p string) ([]string, bool) {
	if runeLen(p) > 120 {
		return nil, false
	}
	var names []string
	if m := bylineFromR.FindStringSubmatch(p); m != nil && !strings.ContainsAny(m[1], ",.;:") {
		// "Theo TTXVN", "Theo Nguyễn Văn A": a source, or its author.
		src := strings.TrimSpace(m[1])
		if looksLikeName(src) {
			names = append(names, src)
		}
		return names, true
	}
	parts := creditSepRe.Split(p, -1)
	matched := false
	for _, part := range parts {
		m := bylineRe.FindStringSubmatch(strings.TrimSpace(part))
		if m == nil {
			if matched && looksLikeName(part) {
				names = append(names, strings.TrimSpace(part))
			}
			continue
		}
		matched = true
		for _, n := range nameSepRe.Split(m[2], -1) {
			n = strings.Trim(strings.TrimSpace(n), ".")
			if n == "" || notAuthors[key(n)] || !looksLikeName(n) {
				continue
			}
			names = append(names, n)
		}
	}
	return names, matched
}

// looksLikeName: two to five capitalised words, no digits.
func looksLikeName(s string) bool {
	ws := strings.Fields(s)
	if len(ws) < 2 || len(ws) > 5 {
		return false
	}
	for _, w := range ws {
		r := []rune(w)
		if !unicode.IsUpper(r[0]) || strings.ContainsAny(w, "0123456789") {
			return false
		}
		if strings.ToUpper(w) == w && len(r) > 1 {
			return false // an acronym: TTXVN, VOV
		}
	}
	return true
}

// chromeKey is the key of a short line, the only kind chrome is; longer
// lines are not keyed at all.
func chromeKey(p string) string {
	if len(p) > 64 {
		return ""
	}
	return key(p)
}
