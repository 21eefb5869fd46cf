package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"tracuu/vntext"
)

// fuzzSeeds adds the openings of the fixture articles and a few hand-made
// lines to f. Whole articles are too long: the fuzzer minimises every new
// input it finds byte by byte, and stalls on inputs of many kilobytes.
func fuzzSeeds(f *testing.F, add func(b []byte)) {
	files, _ := filepath.Glob("testdata/*.txt")
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			add(b[:min(len(b), 700)])
		}
	}
	for _, s := range []string{
		"", "\n", "Tiêu đề\n\n29/06/2020 - 06:52\n\nBDK - Lead\n\nẢnh: CTV\n\n(Ông A)\n\nBài, ảnh: B C",
		"Nghị quyết số 18, 19 của Trung ương; Nghị quyết Trung ương 4, khóa XI, XII; 621/638 TCĐ, đạt 97,34%",
		"Chủ tịch UBND huyện Lê Thị Kim Ngọc - Bí thư Đảng ủy xã Trần Văn Bé",
		"“‘’”\"", "\xff\xfe\x00", "05-CT/TW 05–CT/TW 30/2020/NĐ-CP",
	} {
		add([]byte(s))
	}
}

// FuzzReadSeedText: any bytes read without panic, and what comes out
// extracts with every mention inside its field and sentence.
func FuzzReadSeedText(f *testing.F) {
	fuzzSeeds(f, func(b []byte) { f.Add(b) })
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ReadSeedText(bytes.NewReader(b))
		var bad *UTF8Error
		if err != nil {
			if !errors.Is(err, ErrEmpty) && !errors.As(err, &bad) {
				t.Fatalf("unexpected error %v", err)
			}
			return
		}
		for _, s := range append([]string{a.Title, a.Lead, a.Body, a.Attribution}, a.Captions...) {
			if !utf8.ValidString(s) {
				t.Fatalf("invalid UTF-8 in %q", s)
			}
		}
		checkMentions(t, a, Extract(a))
	})
}

// FuzzJSONL: any bytes read line by line without panic; line numbers rise;
// good records extract with valid mentions.
func FuzzJSONL(f *testing.F) {
	f.Add([]byte(`{"title": "Một", "body": "Chỉ thị số 05-CT/TW của Bộ Chính trị.", "publishedAt": "2020-06-29"}` + "\n" + `{"title": ""}`))
	f.Add([]byte("\xEF\xBB\xBF{\"title\":\"a\",\"body\":\"b\\u00e1\\n\"}\r\n\n{bad"))
	f.Add([]byte("\xFF\xFE{\x00}\x00"))
	fuzzSeeds(f, func(b []byte) {
		line, _ := json.Marshal(map[string]string{"title": "T", "body": string(b)})
		f.Add(line)
	})
	f.Fuzz(func(t *testing.T, b []byte) {
		r := NewJSONLReader(bytes.NewReader(b))
		last := 0
		for i := 0; ; i++ {
			a, n, err := r.Next()
			if err == io.EOF {
				return
			}
			var le *LineError
			if err != nil && !errors.As(err, &le) {
				return // the decoder of the whole stream failed: reading stops
			}
			if n <= last {
				t.Fatalf("line %d after line %d", n, last)
			}
			last = n
			if err == nil {
				if a.Title == "" || a.Body == "" {
					t.Fatalf("record without title or body: %+v", a)
				}
				checkMentions(t, a, Extract(a))
			}
			if i > 10000 {
				t.Fatal("no end")
			}
		}
	})
}

// FuzzExtract: any text extracts without panic, with every mention's
// offsets inside its field, its text there, and inside its sentence.
func FuzzExtract(f *testing.F) {
	fuzzSeeds(f, func(b []byte) { f.Add(string(b), "Bến Tre") })
	f.Fuzz(func(t *testing.T, body, province string) {
		body = strings.ToValidUTF8(body, "\uFFFD")
		province = strings.ToValidUTF8(province, "")
		a := Article{Title: firstLine(body), Lead: body, Body: body, Province: province, Captions: []string{body}, Attribution: body}
		x := Extract(a)
		checkMentions(t, a, x)
		for _, fig := range x.Figures {
			if fig.Mention.Text == "" {
				t.Fatalf("figure without text: %+v", fig)
			}
		}
	})
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

// FuzzClean holds clean equal to vntext.Clean.
func FuzzClean(f *testing.F) {
	fuzzSeeds(f, func(b []byte) { f.Add(string(b)) })
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := clean(s), vntext.Clean(s); got != want {
			t.Fatalf("clean(%q) = %q, vntext.Clean = %q", s, got, want)
		}
		if got, want := key(s), vntext.Key(s); got != want {
			t.Fatalf("key(%q) = %q, vntext.Key = %q", s, got, want)
		}
		if doublesAlternate(s) && hasQuote(s) {
			if got := pairQuotes(s); got != s {
				t.Fatalf("pairQuotes(%q) = %q, but its quotes alternate", s, got)
			}
		}
		c := cleanText(s)
		if hashArticle("t", c) != ContentHash("t", c) {
			t.Fatalf("cleanText(%q): reader hash differs from ContentHash", s)
		}
	})
}

// FuzzGrammar reads arbitrary text with the grammar of people and titles
// and checks what it finds: offsets inside their field and sentence
// (checkMentions), every position's holder a person of the extraction
// whose name is shaped like a name (capitalised words of letters, no more
// than five), its title a title of the lexicon (with its internal
// qualifiers), its qualifier former, acting or none.
func FuzzGrammar(f *testing.F) {
	for _, s := range []string{
		"Phó Thủ tướng Vũ Đức Đam phát biểu.",
		"Ông Trần Quốc Tuấn - Phó Chủ tịch UBND TP. Châu Đốc, chia sẻ.",
		"Dự có các đồng chí Phó Bí thư Tỉnh ủy: Trần Ngọc Tam – Chủ tịch UBND tỉnh; Nguyễn Văn Hiếu, Lê Văn Bình.",
		"Ông Bùi Mạnh Khoa (Sinh năm 1972), Bí thư Đảng ủy, Cục trưởng Cục thi hành án dân sự tỉnh Thanh Hóa.",
		"GS. Lê Anh Tuấn\nChủ tịch Hội đồng Trường\nViện trưởng Viện Cơ khí Động lực",
		"Ảnh: Nguyễn Hương Phó Chủ tịch UBND tỉnh Trần Văn An phát biểu. Tổng thống Mỹ Joe Biden.",
		"nguyên Bộ trưởng Bộ GD&ĐT Phùng Xuân Nhạ; quyền Vụ trưởng Vụ Giáo dục đại học Nguyễn Thu Thủy",
		"Chủ tịch :;,-–() Nguyễn Nguyễn Nguyễn Nguyễn Nguyễn, Bí thư Bí thư Bí thư",
		"Danh sách thành viên Hội đồng trường như sau:\nTT\n1\nGS. Lê Anh Tuấn\nChủ tịch Hội đồng Trường\n- Bà Trần Thị Bình;\n2. Nguyễn Văn An",
		"Ông Lê Văn Hải, Đảng ủy viên, Thư ký viên, Phó Bí thư Đảng ủy nhiệm kỳ 2015-2020 và hiện là Hiệu trưởng. Đại sứ Nguyễn Văn Nam.",
		// People round 3: chains past an unread body, a duty, a semicolon;
		// careers far from the name; "những người này"; a profile's line.
		"Ông Vũ Xuân Hùng, Bí thư Đảng ủy Bộ tham mưu, Đại tá, Phó Tham mưu trưởng Quân khu 4; Thẩm phán Trung cấp; Thẩm phán Tòa hình sự, Thư ký nguyên Phó Chủ tịch Quốc hội , Phó Chủ tịch Công đoàn.",
		"Ông Khu gắn bó với VietBank với các vị trí Phó Chủ tịch HĐQT, Thành viên thường trực HĐQT. Từ năm 2013 đến nay, ông trải qua các vị trí như Phó Tổng giám đốc; bà A - thành viên độc lập.",
		"Ông Trịnh Sỹ Lợi, Bí thư thôn; ông Ngô Văn Vũ, Bí thư thôn. Hiện những người này được Ủy ban bầu cử xã lựa chọn làm Tổ trưởng Tổ bầu cử thôn Yên Cảnh. Chức vụ đã từng giữ: phó trưởng bộ môn, viện trưởng.",
		"Ông Lê Vinh Danh (nguyên Hiệu trưởng) bị Ủy ban Kiểm tra Thành ủy TP.HCM đình chỉ chức vụ Bí thư Đảng ủy. Hai Phó Chủ tịch UBND tỉnh A và B. Đại sứ Nhật Bản tại Việt Nam Yamada Takio.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		a := Article{Title: "T", Body: text}
		x := Extract(a)
		checkMentions(t, a, x)
		people := map[string]bool{}
		for _, p := range x.People {
			people[p.Key] = true
		}
		for _, p := range x.Positions {
			if !people[p.PersonKey] || key(p.Person) != p.PersonKey {
				t.Fatalf("position of %q, not a person of the extraction", p.Person)
			}
			ws := strings.Fields(p.Person)
			if len(ws) == 0 || len(ws) > 5 {
				t.Fatalf("name %q: %d words", p.Person, len(ws))
			}
			for _, w := range ws {
				r, _ := utf8.DecodeRuneInString(w)
				if !unicode.IsUpper(r) || strings.ContainsFunc(w, unicode.IsDigit) {
					t.Fatalf("name %q: word %q", p.Person, w)
				}
			}
			title := p.Title
			for _, q := range []string{" Thường trực", " chuyên trách", " độc lập", " Thứ nhất"} {
				// Internal qualifiers (qualifiers.tsv) kept in the title.
				if t, ok := strings.CutSuffix(title, q); ok {
					if _, whole := titleNamed[spelling(title)]; !whole {
						title = t
					}
				}
			}
			toks := tokenize(title)
			if e, v, ok := titles.match(toks, 0); !ok || e != len(toks) || v.(titleInfo).Title != title {
				t.Fatalf("title %q is not a title of the lexicon", p.Title)
			}
			if p.Qualifier != "" && p.Qualifier != QualifierFormer && p.Qualifier != QualifierActing {
				t.Fatalf("qualifier %q", p.Qualifier)
			}
		}
	})
}

// FuzzBodies reads arbitrary text with the grammar of bodies and document
// codes and checks what it finds: offsets inside their field and sentence
// (checkMentions); every organisation named, capitalised, keyed by its
// name, with a known kind, and no parent of its own name; every code one
// that ParseCode reads back to itself, every document a key and a kind.
func FuzzBodies(f *testing.F) {
	for _, s := range []string{
		"Lãnh đạo Tỉnh ủy, HĐND, UBND, Ủy ban MTTQ Việt Nam tỉnh dự hội nghị; Văn phòng HĐND - UBND huyện Đông Anh.",
		"Chi bộ Trường THCS Phú Lễ, Đảng bộ Công an tỉnh và Đảng ủy Quân sự tỉnh. Đảng ủy trường, Công đoàn Trường.",
		"Hội đồng trường của Trường ĐH Tôn Đức Thắng; Trung tâm Kiểm soát bệnh tật (CDC) Hà Nam; Hải quan Quảng Bình.",
		"7 trường THCS ở Hà Nội, gồm Chu Văn An, Cầu Giấy và Thanh Xuân; các Bộ Ngoại giao, Công an, Y tế và các Phòng Giáo dục.",
		"Trung tâm Đáp ứng sự kiện y tế công cộng Bộ Y tế, Trung tâm Lưu ký Chứng khoán Việt Nam, Trung tâm Quốc gia.",
		"Thực hiện Nghị quyết số 20 và 21 của Hội nghị Trung ương 6 khóa XII; Nghị quyết 18 và Nghị quyết 19 của Trung ương.",
		"Quyết định số 09 ngày 19/1/2007 của Thủ tướng Chính phủ; Nghị định số 15 ngày 3 tháng 2 năm 2020 của Chính phủ.",
		"được Chính phủ phê duyệt tại Quyết định số 649 năm 2014; Ban Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 12.",
		"Chỉ thị 05- CT/TW, Quy định 439 – QĐNS/TW, Quyết định 68/QĐ-TW, Chỉ thị 27-CT/T.Ư và 30a/2008/NQ-CP.",
		"Trường PTDTBT THCS và THPT Bát Xát; Học viện Quốc phòng và Trường Sĩ quan Chính trị; Ban Chỉ đạo Tây Nam Bộ.",
		"UBND huyện Ba Tri; Trung tâm Y tế huyện và Trạm Y tế xã An Đức, Chi cục Kiểm lâm tỉnh, Thanh tra tỉnh.",
		"UBND các xã An Thủy, An Hiệp và 7; Chánh Văn phòng UBND tỉnh Đắk Lắk; Bệnh viện Da Liễu, TPHCM; Đại sứ quán Việt Nam tại Ấn Độ.",
		"Ngày :;,-–() Hội nghị Hội nghị Trung ương Trung ương 4 số số 21, ngày ngày 32/13/99999 của của Đảng ủy trường trường",
		// Organisations round 4: lower-case names ended by a place, a
		// region or a central parent; lower-case heads; police teams;
		// brands and branches; glued acronyms; the people of a place.
		"Cục trưởng Cục thi hành án dân sự tỉnh Thanh Hóa; Phó vụ trưởng Vụ pháp luật, Văn phòng Quốc hội; Cảng vụ hàng không miền Bắc.",
		"Trung tâm quản lý và hỗ trợ khách du lịch TP Vũng Tàu, Ủy ban Kiểm tra Đảng ủy khối đại học, cao đẳng TP.HCM và sở Nội vụ TP Hà Nội.",
		"Đội cảnh sát giao thông, trật tự Công an huyện Đông Anh; Trưởng phòng Phòng, chống tệ nạn xã hội, Sở Tài chính tỉnh Nghệ An.",
		"Giám đốc Viettel Hậu Giang, CLB Viettel, Ngân hàng Nhà nước chi nhánh tỉnh Hòa Bình, Trung tâm Không gian mạng Viettel, Mobifone.",
		"Ủy ban MTTQViệt Nam TPHCM; Mặt trận này; Đảng bộ, chính quyền và nhân dân tỉnh Điện Biên; trường THPT chuyên Hà Nội - Amsterdam.",
	} {
		f.Add(s, "Bến Tre")
	}
	kinds := map[string]bool{"party_committee": true, "standing_committee": true, "party_organisation": true, "government": true,
		"peoples_council": true, "front": true, "mass_organisation": true, "press": true, "other": true, "company": true, "enterprise": true}
	f.Fuzz(func(t *testing.T, text, province string) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		province = strings.ToValidUTF8(province, "")
		a := Article{Title: "T", Body: text, Province: province}
		x := Extract(a)
		checkMentions(t, a, x)
		for _, o := range x.Organisations {
			r, _ := utf8.DecodeRuneInString(o.Name)
			if o.Name == "" || !unicode.IsUpper(r) && !unicode.IsDigit(r) || o.Key != key(o.Name) {
				t.Fatalf("organisation %q, key %q", o.Name, o.Key)
			}
			if o.Kind != "" && !kinds[o.Kind] {
				t.Fatalf("organisation %q: kind %q", o.Name, o.Kind)
			}
			if o.Parent != "" && key(o.Parent) == o.Key {
				t.Fatalf("organisation %q is its own parent", o.Name)
			}
		}
		for _, r := range x.Resolutions {
			if r.Key == "" || r.Kind == "" {
				t.Fatalf("document %+v without key or kind", r)
			}
			if r.Code != "" {
				if c, ok := ParseCode(r.Code); !ok || c != r.Code {
					t.Fatalf("code %q reads back as %q, %v", r.Code, c, ok)
				}
			}
		}
	})
}
