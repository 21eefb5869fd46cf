package ingest

import (
	"strings"
	"testing"
	"time"

	"tracuu/vntext"
)

func TestTokenize(t *testing.T) {
	tests := []struct {
		in   string
		want []string // text/key, or text alone when the key is the text
	}{
		{"Chỉ thị số 05-CT/TW", []string{"Chỉ/chi", "thị/thi", "số/so", "05-CT/TW/05-ct/tw"}},
		{"49.356 ĐV, chiếm 97,73%.", []string{"49.356", "ĐV/dv", ",", "chiếm/chiem", "97,73", "%", "."}},
		{"621/638 TCĐ", []string{"621/638", "TCĐ/tcd"}},
		{"Nghị định 30/2020/NĐ-CP", []string{"Nghị/nghi", "định/dinh", "30/2020/NĐ-CP/30/2020/nd-cp"}},
		{"năm 2020.", []string{"năm/nam", "2020", "."}},
		{"Covid-19 và KT-XH", []string{"Covid-19/covid-19", "và/va", "KT-XH/kt-xh"}},
		{"Thành ủy-HĐND", []string{"Thành/thanh", "ủy/uy", "-", "HĐND/hdnd"}},
		{"05–CT/TW", []string{"05-CT/TW/05-ct/tw"}},
		{"“Bứt phá”", []string{"“", "Bứt/but", "phá/pha", "”"}},
		// Two syllables the source glued together are split; brand names,
		// foreign words and family names that are no syllable are not.
		{"Đảng ủyviên, Trưởngphòng, thường trựcĐảng ủy, Nguyễn DanhNguyên",
			[]string{"Đảng/dang", "ủy/uy", "viên/vien", ",", "Trưởng/truong", "phòng/phong", ",", "thường/thuong", "trực/truc", "Đảng/dang", "ủy/uy", ",", "Nguyễn/nguyen", "Danh/danh", "Nguyên/nguyen"}},
		// An acronym of the lexicons glued to a capitalised syllable; a
		// brand or a code stays whole.
		{"Ủy ban MTTQViệt Nam, UBNDTỉnh, FLCHoldings, QĐ-UBND", []string{"Ủy/uy", "ban", "MTTQ/mttq", "Việt/viet", "Nam/nam", ",", "UBND/ubnd", "Tỉnh/tinh", ",", "FLCHoldings/flcholdings", ",", "QĐ-UBND/qd-ubnd"}},
		// A capital inside the glued word starts the second one: "tưCông"
		// is "tư Công", though "tưC" and "ông" are syllables too.
		{"Giám đốc đầu tưCông ty, huyệnCần Giuộc", []string{"Giám/giam", "đốc/doc", "đầu/dau", "tư/tu", "Công/cong", "ty", ",", "huyện/huyen", "Cần/can", "Giuộc/giuoc"}},
		{"Samsung Vinmec Olivier Véran Êban Êđê", []string{"Samsung/samsung", "Vinmec/vinmec", "Olivier/olivier", "Véran/veran", "Êban/eban", "Êđê/ede"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range tokenize(tt.in) {
			if tk.key == tk.text {
				got = append(got, tk.text)
			} else {
				got = append(got, tk.text+"/"+tk.key)
			}
		}
		if strings.Join(got, " ") != strings.Join(tt.want, " ") {
			t.Errorf("tokenize(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokenizeOffsets(t *testing.T) {
	in := "Ủy ban\nnhân dân “tỉnh” 12,5% Trưởngphòng ủyviên"
	rs := []rune(in)
	for _, tk := range tokenize(in) {
		if string(rs[tk.start:tk.end]) != strings.ReplaceAll(tk.text, "–", "-") || in[tk.bs:tk.be] != tk.text {
			t.Errorf("token %q at runes %d..%d, bytes %d..%d", tk.text, tk.start, tk.end, tk.bs, tk.be)
		}
	}
}

func TestSentences(t *testing.T) {
	in := "Đến nay, đã có 621/638 TCĐ. Các huyện hoàn thành ĐH; TP. Hồ Chí Minh cũng vậy.\nVề ĐH cấp tỉnh"
	var got []string
	for _, s := range sentences(tokenize(in)) {
		got = append(got, in[s.bs:s.be])
	}
	want := []string{"Đến nay, đã có 621/638 TCĐ.", "Các huyện hoàn thành ĐH; TP. Hồ Chí Minh cũng vậy.", "Về ĐH cấp tỉnh"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("sentences = %q, want %q", got, want)
	}
}

func TestPairQuotes(t *testing.T) {
	tests := []struct{ in, want string }{
		{"tinh thần “Bứt phá về đích’, Đảng bộ", "tinh thần “Bứt phá về đích”, Đảng bộ"},
		{"chủ đề ‘Bứt phá về đích” và", "chủ đề “Bứt phá về đích” và"},
		{"“Đúng” và ‘đúng’", "“Đúng” và ‘đúng’"},
		{"Vietnam’s Strongest", "Vietnam’s Strongest"},
		{"không có ngoặc", "không có ngoặc"},
	}
	for _, tt := range tests {
		if got := pairQuotes(tt.in); got != tt.want {
			t.Errorf("pairQuotes(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestCleanMatchesVntext holds clean, which skips work on text already
// clean, equal to vntext.Clean.
func TestCleanMatchesVntext(t *testing.T) {
	for _, s := range []string{
		"Chỉ thị số 05-CT/TW", "Ti\u0309nh u\u0309y", "a\u00A0b", "x\r\ny", "\uFEFFBOM", "zero\u200Bwidth", "soft\u00ADhyphen",
		"“quotes” – dash … ellipsis", "Ω Å K", "tab\there", "ctrl\x01char", "invalid \xff byte", "", "Đảng ủy Khối",
	} {
		if got, want := clean(s), vntext.Clean(s); got != want {
			t.Errorf("clean(%q) = %q, vntext.Clean = %q", s, got, want)
		}
	}
}

func TestContentHash(t *testing.T) {
	a := ContentHash("Tỉnh ủy", "Đoạn một.\n\nĐoạn  hai.")
	for _, b := range []string{
		ContentHash("Ti\u0309nh u\u0309y", "Đoạn một.\r\n\r\nĐoạn hai."),
		ContentHash("Tỉnh\u00A0ủy", " Đoạn một.\nĐoạn hai. "),
		hashClean("Tỉnh ủy", "Đoạn một. Đoạn hai."),
	} {
		if a != b {
			t.Errorf("hash %s != %s", b, a)
		}
	}
	if a == ContentHash("Tỉnh ủy", "Đoạn một. Đoạn ba.") {
		t.Error("different bodies hash the same")
	}
	if !strings.HasPrefix(a, "sha256:") || len(a) != 7+64 {
		t.Errorf("hash %q", a)
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		ok   bool
	}{
		{"49.356", 49356, true}, {"1.234.567", 1234567, true}, {"97,73", 97.73, true}, {"12,5", 12.5, true},
		{"1.234,5", 1234.5, true}, {"2.5", 2.5, true}, {"1,234,567", 1234567, true}, {"200", 200, true},
		{"", 0, false}, {"1.2.3", 0, false}, {"12a", 0, false},
	}
	for _, tt := range tests {
		got, ok := ParseNumber(tt.in)
		if ok != tt.ok || ok && got != tt.want {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v, %v", tt.in, got, ok, tt.want, tt.ok)
		}
	}
}

func TestParseTime(t *testing.T) {
	tests := []struct{ in, want string }{
		{"2020-06-29T06:52:00+07:00", "2020-06-29T06:52:00+07:00"},
		{"2020-06-28T23:52:00Z", "2020-06-28T23:52:00Z"},
		{"29/06/2020 - 06:52", "2020-06-29T06:52:00+07:00"},
		{"29/06/2020 06:52", "2020-06-29T06:52:00+07:00"},
		{"2020-06-29", "2020-06-29T00:00:00+07:00"},
		{"09/08/2020 - 08:09", "2020-08-09T08:09:00+07:00"}, // not octal
	}
	for _, tt := range tests {
		got, err := ParseTime(tt.in)
		if err != nil || got.Format(time.RFC3339) != tt.want {
			t.Errorf("ParseTime(%q) = %s, %v; want %s", tt.in, got.Format(time.RFC3339), err, tt.want)
		}
	}
	for _, bad := range []string{"abc", "31/02/2020 - 10:00", "2020-13-01", "29/06/2020 - 25:00"} {
		if _, err := ParseTime(bad); err == nil || !strings.Contains(err.Error(), "not a date") {
			t.Errorf("ParseTime(%q) error = %v", bad, err)
		}
	}
}

func TestParseCode(t *testing.T) {
	tests := []struct{ in, want string }{
		{"05-CT/TW", "05-CT/TW"}, {"05 CT/TW", "05-CT/TW"}, {"Chỉ thị số 05-CT/TW", "05-CT/TW"}, {"05-ct/tw", "05-CT/TW"},
		{"30/2020/NĐ-CP", "30/2020/NĐ-CP"}, {"123/QĐ-TTg", "123/QĐ-TTg"}, {"123/qđ-ttg", "123/QĐ-TTg"},
		{"02-NQ/TU", "02-NQ/TU"}, {"54/2017/QH14", "54/2017/QH14"}, {"03-CTr/TU", "03-CTr/TU"},
		{"01/2021/TT-BNV", "01/2021/TT-BNV"}, {"36-HD/BTCTW", "36-HD/BTCTW"},
		// An office's own numbering, which the extractor reads after a
		// document's name (FuzzBodies found "Quyết định 8/Đt-W" read as a
		// code ParseCode did not read back).
		{"8/ĐT-W", "8/ĐT-W"}, {"Quyết định 8/Đt-W", "8/ĐT-W"}, {"15/2019/KH-UBND-VX", "15/2019/KH-UBND-VX"},
	}
	for _, tt := range tests {
		if got, ok := ParseCode(tt.in); !ok || got != tt.want {
			t.Errorf("ParseCode(%q) = %q, %v; want %q", tt.in, got, ok, tt.want)
		}
	}
	for _, bad := range []string{"621/638", "8-2020", "Covid-19", "2020 - 2025", "Nghị quyết Tỉnh ủy", "29/06/2020"} {
		if got, ok := ParseCode(bad); ok {
			t.Errorf("ParseCode(%q) = %q, want none", bad, got)
		}
	}
}

// TestHashArticle holds the readers' hash equal to ContentHash on every
// fixture and on text cleanText produces.
func TestHashArticle(t *testing.T) {
	for _, path := range fixtures(t) {
		a := readFixture(t, path)
		if a.ContentHash != ContentHash(a.Title, a.Body) {
			t.Errorf("%s: reader hash %s, ContentHash %s", path, a.ContentHash, ContentHash(a.Title, a.Body))
		}
	}
	for _, s := range []string{"a  b\n\n\nc\t d ", "\n x \n", "", "“a’ b", "một\u00A0hai"} {
		c := cleanText(s)
		if hashArticle("t", c) != ContentHash("t", c) {
			t.Errorf("cleanText(%q): hashes differ", s)
		}
	}
}
