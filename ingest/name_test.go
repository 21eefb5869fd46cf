package ingest

import (
	"slices"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestIsSyllable(t *testing.T) {
	for _, w := range []string{"nguyen", "khuat", "quoc", "gia", "nghieng", "truong", "thuy", "uyen", "y", "oanh", "khuya"} {
		if !isSyllable(w) {
			t.Errorf("%q should be a syllable", w)
		}
	}
	for _, w := range []string{"park", "biden", "joe", "trump", "putin", "samsung", "blinken", "ksor", "wang", "frank", ""} {
		if isSyllable(w) {
			t.Errorf("%q should not be a syllable", w)
		}
	}
}

// TestNameAt reads names at the start of the text under each licence;
// want is the name read, "" for none.
func TestNameAt(t *testing.T) {
	tests := []struct {
		in   string
		lic  licence
		want string
	}{
		{"Nguyễn Văn An cho biết", licBare, "Nguyễn Văn An"},
		{"Tôn Nữ Thị Ninh cho biết", licBare, "Tôn Nữ Thị Ninh"},
		{"Văn Phong cho biết", licBare, "Văn Phong"},                 // not "Văn phòng"
		{"Thanh Long cho biết", licBare, ""},                         // no family name
		{"Thanh Long cho biết", licAddressed, "Thanh Long"},          // "ông Thanh Long"
		{"Hà Nội cho biết", licTitled, ""},                           // a province
		{"Hàn Quốc cho biết", licTitled, ""},                         // a country
		{"Joe Biden cho biết", licTitled, ""},                        // Latin, no licence
		{"Joe Biden cho biết", licLatin, "Joe Biden"},                // "Tổng thống Joe Biden"
		{"Lâm Văn Bé cho biết", licLatin, "Lâm Văn Bé"},              // Vietnamese names keep their family name
		{"Tập Cận Bình cho biết", licForeign, "Tập Cận Bình"},        // "Chủ tịch Trung Quốc Tập Cận Bình"
		{"George W. Bush nói", licLatin, "George W. Bush"},           // an initial
		{"Kim Jong-un nói", licForeign, "Kim Jong-un"},               // a hyphenated word
		{"Putin nói", licForeign, ""},                                // one word: shortName's job
		{"Nguyễn Phú Trọngmong rằng", licBare, "Nguyễn Phú Trọng"},   // glued to the next word: the tokenizer splits two syllables
		{"Nguyễn Phú TrọngTV rằng", licBare, ""},                     // glued to what is no syllable
		{"Nguyễn Văn An Bình Minh Châu nói", licBare, ""},            // a longer proper noun
		{"Phạm Đại Dương Bí thư Tỉnh ủy", licBare, "Phạm Đại Dương"}, // ended by a title
		{"Facebook Việt Nam Lê Diệp", licAddressed, ""},              // a body
		{"Ksor Phước Hà nói", licBare, "Ksor Phước Hà"},              // a family name of the list
		// A word misspelt in lower case after a title: a frequent family
		// name, a middle name of middlenames.txt; not a word of two
		// syllables ("sư phạm", "đồng minh") nor a place after it.
		{"lê Hoài Anh xác nhận", licTitled, "lê Hoài Anh"},
		{"Đỗ xuân Tuyên làm việc", licTitled, "Đỗ xuân Tuyên"},
		{"Nguyễn văn Bình phát biểu", licTitled, "Nguyễn văn Bình"},
		{"lê Hoài Anh xác nhận", licBare, ""},
		{"phạm Hà Nội", licTitled, ""},
		{"Đồng minh Tối cao", licTitled, ""},
		{"Lê nói Hoài Anh", licTitled, ""},
		{"thôn Yên Cảnh cho biết", licTitled, ""},  // after a place word, a rare family name: the place
		{"thôn Lò Văn Pó cho biết", licTitled, ""}, // tested at "thôn": no name
	}
	for _, tt := range tests {
		vocabOnce.Do(buildVocabTable)
		toks := tokenize(tt.in)
		got := ""
		if e := nameAt(toks, 0, tt.lic); e > 0 {
			got = words(tt.in, toks[:e])
		}
		if got != tt.want {
			t.Errorf("nameAt(%q, %d) = %q, want %q", tt.in, tt.lic, got, tt.want)
		}
	}
}

// TestNotPeople: places and things named after people, and credits.
func TestNotPeople(t *testing.T) {
	for _, in := range []string{
		"Người dân quận Hai Bà Trưng đi bầu cử.",
		"Nhà ở đường Lê Lợi, phố Trần Hưng Đạo và xã Phan Bội Châu.",
		"Học sinh trường Nguyễn Huệ và trường THPT Lê Quý Đôn.",
		"Huyện Lê Thủy và thị trấn Kiến Giang.",
		"Lễ trao giải thưởng Trần Văn Giàu.",
	} {
		x := Extract(Article{Title: "T", Body: in})
		if len(x.People) > 0 {
			t.Errorf("%q: people %+v", in, x.People)
		}
	}
}

func TestSplitName(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Châu Thành Nguyễn Văn A", "Châu Thành"},
		{"Chu Văn An Nguyễn Văn Bình", "Chu Văn An"},
		{"Bạch Mai Nguyễn Quang Tuấn", "Bạch Mai"},
		{"Bình Minh Châu", "Bình Minh Châu"}, // no name at its end
	} {
		toks := tokenize(tt.in)
		s := splitName(toks, 0, len(toks))
		if got := strings.Join(strings.Fields(words(tt.in, toks[:s])), " "); got != tt.want {
			t.Errorf("splitName(%q) keeps %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestForeignName: the one model of a foreign name, on names as the press
// writes them; Vietnamese names, names of Vietnam's peoples and
// Sino-Vietnamese transliterations are not foreign by their shape.
func TestForeignName(t *testing.T) {
	for _, tt := range []struct {
		name string
		want bool
	}{
		{"Miguel Diaz-Canel", true}, {"Diaz-Canel", true}, {"Raul Castro", true}, {"Dmitry Peskov", true},
		{"Vladimir Putin", true}, {"Joe Biden", true}, {"Sergei Ryabkov", true}, {"Prayut Chan-o-cha", true},
		{"Nguyễn Phú Trọng", false}, {"Tập Cận Bình", false}, {"Y Thanh Hà Niê Kđăm", false}, {"Ksor Phước Hà", false},
		{"Kim Jong-un", false}, {"Trần Tuấn Dương", false},
	} {
		toks := tokenize(clean(tt.name))
		if got := foreignName(toks, 0, len(toks)); got != tt.want {
			t.Errorf("foreignName(%q) = %v, want %v", tt.name, got, tt.want)
		}
	}
}

// TestForeignShortNameAndBodies: a foreign person named in full, then by
// the hyphenated surname, is one person; a body he holds an office in, and
// the Central Committee of a foreign party the sentence names, are not
// Vietnamese bodies (decomposed text too).
func TestForeignShortNameAndBodies(t *testing.T) {
	in := "Đảng Cộng sản Cuba bầu ông Miguel Diaz-Canel, 60 tuổi, làm Bí thư Thứ nhất Ban chấp hành Trung ương Đảng. " +
		"Năm 2012, ông Diaz-Canel được bầu làm Phó Chủ tịch Hội đồng Bộ trưởng. Phát biểu tại Hà Nội, ông Nguyễn Văn Nên, Bí thư Thành ủy, nói."
	for _, v := range []string{in, clean(norm.NFD.String(in))} {
		x := Extract(Article{Title: "Tin", Body: v})
		var got []string
		for _, p := range x.Positions {
			got = append(got, p.Person+"/"+p.Title)
		}
		if !slices.Contains(got, "Miguel Diaz-Canel/Phó Chủ tịch") || slices.Contains(got, "Diaz-Canel/Phó Chủ tịch") {
			t.Errorf("positions %q: want Miguel Diaz-Canel/Phó Chủ tịch", got)
		}
		for _, o := range x.Organisations {
			if !o.Generic && (o.Name == "Hội đồng Bộ trưởng" || o.Name == "Ban Chấp hành Trung ương Đảng") {
				t.Errorf("foreign body %q marked", o.Name)
			}
		}
		if !slices.Contains(got, "Nguyễn Văn Nên/Bí thư") {
			t.Errorf("positions %q: the Vietnamese officer is lost", got)
		}
	}
}

// TestForeignTitledNames: foreign names after a title, as the press writes
// them (NFD too), and product names after a title, which are no person.
func TestForeignTitledNames(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string // person/title
	}{
		{"Chủ tịch Trung Quốc Tập Cận Bình điện đàm với Tổng thống Nga Vladimir Putin.", []string{"Tập Cận Bình/Chủ tịch", "Vladimir Putin/Tổng thống"}},
		{"Người phát ngôn Điện Kremlin Dmitry Peskov cho biết.", []string{"Dmitry Peskov/Phát ngôn viên"}},
		{"Thủ tướng Thái Lan Prayut Chan-o-cha cho biết. Ông Chan-o-cha nói thêm.", []string{"Prayut Chan-o-cha/Thủ tướng"}},
		{"Giám đốc Samsung Galaxy Tab ra mắt tuần này.", nil},
		{"Chủ tịch Sun Group Holdings phát biểu.", nil},
	} {
		for _, v := range []string{tt.in, clean(norm.NFD.String(tt.in))} {
			var got []string
			for _, p := range Extract(Article{Title: "Tin", Body: v}).Positions {
				got = append(got, p.Person+"/"+p.Title)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("%q: got %q, want %q", v, got, tt.want)
			}
		}
	}
}
