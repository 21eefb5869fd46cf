package ingest

import "testing"

// TestHeldBefore: offices held before are read as former wherever the text
// gives them: right after "từng là", as an item of a chain after "từng",
// in a career list far from the name, and after a pronoun that opens the
// next sentence.
func TestHeldBefore(t *testing.T) {
	cases := []struct {
		body, person, title, qualifier string
	}{
		{"Ông Nguyễn Văn An, Thượng tướng, từng là Bộ trưởng Bộ Công an.", "Nguyễn Văn An", "Bộ trưởng", QualifierFormer},
		{"Năm 2007, PGS.TS Trần Văn Bình trở về nước công tác, đồng thời giữ nhiều chức vụ quan trọng tại Trường ĐH Khoa học Tự nhiên như: Phó Hiệu trưởng Trường ĐH Khoa học Tự nhiên, Phó Giám đốc ĐHQG TP.HCM.", "Trần Văn Bình", "Phó Hiệu trưởng", QualifierFormer},
		{"Ông Lê Văn Cường, Giám đốc Sở Y tế tỉnh Nghệ An, phát biểu. Ông từng giữ chức Phó Chủ tịch UBND huyện Nam Đàn.", "Lê Văn Cường", "Phó Chủ tịch", QualifierFormer},
		{"Ông Lê Văn Cường, Giám đốc Sở Y tế tỉnh Nghệ An, phát biểu. Ông từng giữ chức Phó Chủ tịch UBND huyện Nam Đàn.", "Lê Văn Cường", "Giám đốc", ""},
	}
	for _, c := range cases {
		x := Extract(Article{Title: "t", Body: c.body})
		found := false
		for _, p := range x.Positions {
			if p.Person == c.person && p.Title == c.title {
				found = true
				if p.Qualifier != c.qualifier {
					t.Errorf("%q: %s, %s marked %q, want %q", c.body, c.person, c.title, p.Qualifier, c.qualifier)
				}
			}
		}
		if !found {
			t.Errorf("%q: no position %s, %s; got %+v", c.body, c.person, c.title, x.Positions)
		}
	}
}
