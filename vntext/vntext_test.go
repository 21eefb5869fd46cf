package vntext

import "testing"

func TestPlaceTones(t *testing.T) {
	tests := []struct{ in, want string }{
		{"hòa", "hoà"},
		{"hoà", "hoà"},
		{"Thủy", "Thuỷ"},
		{"ủy ban", "uỷ ban"},
		{"Tỉnh ủy", "Tỉnh uỷ"},
		{"khỏe", "khoẻ"},
		{"quý", "quý"},
		{"giữa", "giữa"},
		{"người", "người"},
		{"mùa mưa", "mùa mưa"},
		{"ngoài", "ngoài"},
		{"khuỷu", "khuỷu"},
		{"hoàng", "hoàng"},
		{"tuyển", "tuyển"},
		{"Nghị quyết", "Nghị quyết"},
		{"Chủ tịch", "Chủ tịch"},
		{"thuở", "thuở"},
		{"05-CT/TW", "05-CT/TW"},
		{"ho\u0300a", "hoà"},               // NFD, old placement
		{"Ti\u0309nh u\u0309y", "Tỉnh uỷ"}, // NFD
		{"Đảng bộ xã Tân Thạch", "Đảng bộ xã Tân Thạch"},
	}
	for _, tt := range tests {
		if got := PlaceTones(tt.in); got != tt.want {
			t.Errorf("PlaceTones(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestClean(t *testing.T) {
	in := "\uFEFFChỉ\u00A0thị\r\nsố 05\u200B-CT/TW của Tỉnh u\u0309y\r"
	want := "Chỉ thị\nsố 05-CT/TW của Tỉnh ủy\n"
	if got := Clean(in); got != want {
		t.Errorf("Clean = %q, want %q", got, want)
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Đảng ủy", "Dang uy"},
		{"Nghị quyết Tỉnh ủy", "Nghi quyet Tinh uy"},
		{"ươ ỡ Ữ", "uo o U"},
		{"abc 123", "abc 123"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKey(t *testing.T) {
	same := [][]string{
		{"Tỉnh ủy Bến Tre", "TỈNH UỶ  BẾN TRE", "tinh uy ben tre", "Ti\u0309nh u\u0309y Bê\u0301n Tre", "Tỉnh\u00A0ủy, Bến Tre"},
		{"Trần Ngọc Tam", "tran ngoc tam", "TRẦN NGỌC TAM"},
		{"05-CT/TW", "05-ct/tw", "05-CT/TW."},
	}
	for _, group := range same {
		want := Key(group[0])
		for _, s := range group[1:] {
			if got := Key(s); got != want {
				t.Errorf("Key(%q) = %q, want %q (as %q)", s, got, want, group[0])
			}
		}
	}
	if got := Key("49.356 đảng viên, 97,73%"); got != "49.356 dang vien 97,73" {
		t.Errorf("Key numbers = %q", got)
	}
}
