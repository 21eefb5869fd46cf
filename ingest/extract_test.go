package ingest

import (
	"encoding/json"
	"fmt"
	"golang.org/x/text/unicode/norm"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"tracuu/vntext"
)

// extractBody extracts from a one-sentence article in a paper of province
// (empty: a national paper).
func extractBody(province, body string) Extraction {
	return Extract(Article{Title: "Tin", Body: body, Province: province, PublishedAt: time.Date(2021, 6, 1, 0, 0, 0, 0, vntext.Vietnam)})
}

func TestExtractResolutions(t *testing.T) {
	tests := []struct {
		province, in string
		want         []string // key, kind, issuer
	}{
		{"Bến Tre", "Thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.", []string{"05-CT/TW chi_thi Bộ Chính trị"}},
		{"Bến Tre", "Nghị quyết số 02-NQ/TU của Tỉnh ủy. Sau đó, Nghị quyết số 02 của Tỉnh ủy.", []string{"02-NQ/TU nghi_quyet Tỉnh ủy Bến Tre"}},
		{"Bến Tre", "Thực hiện Nghị quyết số 18, 19 của Trung ương.", []string{"18-NQ/TW nghi_quyet Ban Chấp hành Trung ương Đảng", "19-NQ/TW nghi_quyet Ban Chấp hành Trung ương Đảng"}},
		{"", "Lãnh đạo thực hiện Nghị quyết Trung ương 4, khóa XI, XII.", []string{"NQTW4-XI nghi_quyet Ban Chấp hành Trung ương Đảng", "NQTW4-XII nghi_quyet Ban Chấp hành Trung ương Đảng"}},
		{"", "Quán triệt Nghị quyết Hội nghị Trung ương 8 (khóa XII).", []string{"NQTW8-XII nghi_quyet Ban Chấp hành Trung ương Đảng"}},
		{"Bến Tre", "Triển khai Nghị quyết Tỉnh ủy năm 2020.", []string{"NQ-2020/tinh uy ben tre nghi_quyet Tỉnh ủy Bến Tre"}},
		{"Bến Tre", "Học tập Nghị quyết ĐH XI Đảng bộ tỉnh.", []string{"NQĐH-XI/dang bo tinh ben tre nghi_quyet Đảng bộ tỉnh Bến Tre"}},
		{"", "Thực hiện Nghị quyết Đại hội XIII của Đảng.", []string{"NQĐH-XIII/dang cong san viet nam nghi_quyet Đảng Cộng sản Việt Nam"}},
		{"", "Theo Nghị định 30/2020/NĐ-CP về công tác văn thư.", []string{"30/2020/NĐ-CP nghi_dinh Chính phủ"}},
		{"", "Theo Nghị định số 116/2020/NĐ - CP và Thông tư 02/2021/TT – BYT.", []string{"02/2021/TT-BYT thong_tu Bộ Y tế", "116/2020/NĐ-CP nghi_dinh Chính phủ"}},
		{"", "Theo Nghị định số 131/2018 ngày 29/9/2018 của Chính phủ.", []string{"131/2018/NĐ-CP nghi_dinh Chính phủ"}},
		{"", "Quyết định số 123/QĐ-TTg của Thủ tướng Chính phủ.", []string{"123/QĐ-TTg quyet_dinh Thủ tướng Chính phủ"}},
		{"", "Theo Chỉ thị 16 của Thủ tướng Chính phủ và Chỉ thị 15.", []string{"15/CT-TTg chi_thi Thủ tướng Chính phủ", "16/CT-TTg chi_thi Thủ tướng Chính phủ"}},
		{"", "Nghị quyết số 41 ngày 09/4/2020 của Chính phủ.", []string{"41/NQ-CP nghi_quyet Chính phủ"}},
		// Only the Government issues decrees: a ministry named after a
		// decree's number is another document's (the guidance's), and the
		// number is the decree cited before.
		{"", "Theo Nghị định 116/2020/NĐ-CP. Hướng dẫn thực hiện Nghị định 116 của Bộ GD&ĐT chưa rõ.", []string{"116/2020/NĐ-CP nghi_dinh Chính phủ"}},
		{"", "Theo Nghị định 116/2020/NĐ-CP. Hướng dẫn thực hiện Nghi\u0323 đi\u0323nh 116 của Bộ Giáo dục và Đào tạo chưa rõ.", []string{"116/2020/NĐ-CP nghi_dinh Chính phủ"}},
		{"", "Nghị quyết số 08 năm 2017 của Bộ Chính trị.", []string{"08-NQ/TW nghi_quyet Bộ Chính trị"}},
		{"", "Thông tư số 01/2021/TT-BNV của Bộ Nội vụ và Kết luận số 01-KL/TW.", []string{"01-KL/TW ket_luan Ban Chấp hành Trung ương Đảng", "01/2021/TT-BNV thong_tu Bộ Nội vụ"}},
		{"", "Quy định số 37-QĐ/TW và Hướng dẫn số 05-HD/BTCTW.", []string{"05-HD/BTCTW huong_dan Ban Tổ chức Trung ương", "37-QĐ/TW quy_dinh Ban Chấp hành Trung ương Đảng"}},
		{"", "Nghị định số 15/2020/NĐ-CP và 91/2020/NĐ-CP.", []string{"15/2020/NĐ-CP nghi_dinh Chính phủ", "91/2020/NĐ-CP nghi_dinh Chính phủ"}},
		{"", "Công văn số 2502/UBND-THKH và văn bản số 6386/BNV- CCVC.", []string{"2502/UBND-THKH other ", "6386/BNV-CCVC other "}},
		{"", "Công văn số 1017 ngày 29/4.", []string{"VB-1017/? other "}},
		{"", "Kế hoạch 5 năm và quyết định thành lập 2 đoàn.", nil},
		// Spellings of the Party and state press.
		{"", "Thực hiện Chỉ thị 05-CT/TƯ của Bộ Chính trị.", []string{"05-CT/TW chi_thi Bộ Chính trị"}},
		{"", "Thực hiện Chỉ thị số 05- CT/TW.", []string{"05-CT/TW chi_thi Ban Chấp hành Trung ương Đảng"}},
		{"", "Theo Quyết định số 439 – QĐNS/TW.", []string{"439-QĐNS/TW quyet_dinh Ban Chấp hành Trung ương Đảng"}},
		{"", "Theo Nghị quyết 30a/2008/NQ-CP của Chính phủ.", []string{"30a/2008/NQ-CP nghi_quyet Chính phủ"}},
		{"", "Thực hiện Quyết định 68/QĐ-TW.", []string{"68-QĐ/TW quy_dinh Ban Chấp hành Trung ương Đảng"}},
		{"", "Thực hiện Chỉ thị 07-CT/T.Ư và 08-CT/T.W.", []string{"07-CT/TW chi_thi Ban Chấp hành Trung ương Đảng", "08-CT/TW chi_thi Ban Chấp hành Trung ương Đảng"}},
		{"", "Theo Quyết định số 217, số 218 của Bộ Chính trị.", []string{"217-QĐ/TW quyet_dinh Bộ Chính trị", "218-QĐ/TW quyet_dinh Bộ Chính trị"}},
		{"", "Bộ Y tế có văn bản khẩn số 2978/BYT-BMTE gửi Sở Y tế.", []string{"2978/BYT-BMTE other "}},
		{"", "Nghị quyết số 559 ngày 27/4/2021 của Hội đồng bầu cử Quốc gia.", []string{"559/NQ-HĐBCQG nghi_quyet Hội đồng bầu cử quốc gia"}},
		// Document words whose code type the word fixes beyond the kind
		// (data/documents.tsv): a công điện of the Prime Minister, a Party
		// thông báo and thông báo kết luận; a công văn's code is not fixed.
		{"", "Thủ tướng đã có công điện số 541 yêu cầu các địa phương siết chặt phòng dịch.", []string{"541/CĐ-TTg other Thủ tướng Chính phủ"}},
		{"", "Thực hiện Công điện số 15 của Thủ tướng Chính phủ về phòng, chống dịch.", []string{"15/CĐ-TTg other Thủ tướng Chính phủ"}},
		{"", "Thủ tướng Chính phủ vừa ra công điện số 2 về ứng phó bão.", []string{"2/CĐ-TTg other Thủ tướng Chính phủ"}},
		{"", "Theo Thông báo kết luận số 12 của Bộ Chính trị.", []string{"12-TB/TW ket_luan Bộ Chính trị"}},
		{"", "Theo Kết luận số 12 của Bộ Chính trị.", []string{"12-KL/TW ket_luan Bộ Chính trị"}},
		{"Bến Tre", "Thực hiện Thông báo số 203 của Tỉnh ủy Bến Tre.", []string{"203-TB/TU other Tỉnh ủy Bến Tre"}},
		{"Bến Tre", "Thực hiện Kế hoạch số 15 của Tỉnh ủy Bến Tre.", []string{"15-KH/TU ke_hoach Tỉnh ủy Bến Tre"}},
		{"", "Bộ Y tế có công văn số 1017 gửi các tỉnh.", []string{"VB-1017/? other "}},
		{"", "Thủ tướng có công văn số 99 gửi các tỉnh.", []string{"VB-99/? other "}},
		{"", "Công điện số 541/CĐ-TTg của Thủ tướng và công điện số 541.", []string{"541/CĐ-TTg other Thủ tướng Chính phủ"}},
		{"", "Thực hiện Hướng dẫn số 05 của Ban Tổ chức Trung ương.", []string{"05-HD/BTCTW huong_dan Ban Tổ chức Trung ương"}},
		{"", "Theo Thông báo kết luận số 264 của Văn phòng Chính phủ.", []string{"264/TB-VPCP ket_luan Văn phòng Chính phủ"}},
		{"", "Thủ tướng Chính phủ Phạm Minh Chính đã ký Công điện số 1099 về phòng, chống dịch.", []string{"1099/CĐ-TTg other Thủ tướng Chính phủ"}},
		{"", "Phó Thủ tướng Vũ Đức Đam đã ký Quyết định số 12 về việc thành lập.", []string{"QĐ-12/? quyet_dinh "}},
		{"", "Bộ Y tế đã ban hành Hướng dẫn số 10 về cách ly. Bộ Y tế có Công điện số 12 gửi các tỉnh.", []string{"10/HD-BYT huong_dan Bộ Y tế", "12/CĐ-BYT other Bộ Y tế"}},
		// A plenum as the issuer, with or without "của"; an issuer given
		// with the last of a list of triggers.
		{"", "Thực hiện Nghị quyết số 20 và 21 của Hội nghị Trung ương 6 khóa XII.", []string{"20-NQ/TW nghi_quyet Ban Chấp hành Trung ương Đảng", "21-NQ/TW nghi_quyet Ban Chấp hành Trung ương Đảng"}},
		{"", "Triển khai Nghị quyết số 21, ngày 16/6/2022, Hội nghị Trung ương 5 (khóa XIII) về tổ chức cơ sở đảng.", []string{"21-NQ/TW nghi_quyet Ban Chấp hành Trung ương Đảng"}},
		{"", "Quán triệt Nghị quyết số 27 ngày 9/11/2022 Hội nghị lần thứ sáu Ban Chấp hành Trung ương Đảng khóa XIII.", []string{"27-NQ/TW nghi_quyet Ban Chấp hành Trung ương Đảng"}},
		{"", "Sơ kết Nghị quyết 18 và Nghị quyết 19 của Hội nghị Trung ương 6 (khóa XII).", []string{"18-NQ/TW nghi_quyet Ban Chấp hành Trung ương Đảng", "19-NQ/TW nghi_quyet Ban Chấp hành Trung ương Đảng"}},
		{"", "Chỉ thị số 15 và Chỉ thị số 16 của Thủ tướng Chính phủ.", []string{"15/CT-TTg chi_thi Thủ tướng Chính phủ", "16/CT-TTg chi_thi Thủ tướng Chính phủ"}},
		{"", "Theo Quyết định số 1552 ngày 10/12/2020 của UBND tỉnh và Hội nghị Trung ương 4.", []string{"QĐ-1552/? quyet_dinh "}},
		// Conventions that need the date: decrees carry their year; the
		// Prime Minister's normative decisions (fewer than the days of the
		// year so far) too; a Government decision is the Prime Minister's;
		// the agent of a citing verb is the issuer.
		{"", "Theo Quyết định số 09 ngày 19/1/2007 của Thủ tướng Chính phủ về sắp xếp nhà, đất.", []string{"09/2007/QĐ-TTg quyet_dinh Thủ tướng Chính phủ"}},
		{"", "Theo Quyết định số 1211 ngày 5/7/2016 của Thủ tướng Chính phủ.", []string{"1211/QĐ-TTg quyet_dinh Thủ tướng Chính phủ"}},
		{"", "Nghị định số 15 ngày 3 tháng 2 năm 2020 của Chính phủ quy định xử phạt; Nghị định 86 của Chính phủ.", []string{"15/2020/NĐ-CP nghi_dinh Chính phủ", "NĐ-86/? nghi_dinh "}},
		{"", "Quy hoạch đã được Chính phủ phê duyệt tại Quyết định số 649 năm 2014.", []string{"649/QĐ-TTg quyet_dinh Chính phủ"}},
		{"Bến Tre", "Ban Thường vụ Tỉnh ủy đã ban hành Chỉ thị số 12 về tăng cường công tác cán bộ.", []string{"12-CT/TU chi_thi Ban Thường vụ Tỉnh ủy Bến Tre"}},
		{"", "Thủ tướng Chính phủ vừa ký Quyết định số 1847 phê duyệt đề án.", []string{"1847/QĐ-TTg quyet_dinh Thủ tướng Chính phủ"}},
		{"Bến Tre", "UBND tỉnh ban hành Quyết định số 1552 về việc thành lập ban chỉ đạo.", []string{"QĐ-1552/? quyet_dinh "}},
		// A number before a code of the list takes its type and issuer; an
		// agent after "được".
		{"", "Thực hiện Quyết định số 217 và 218-QĐ/TW của Bộ Chính trị.", []string{"217-QĐ/TW quy_dinh Bộ Chính trị", "218-QĐ/TW quy_dinh Bộ Chính trị"}},
		{"", "Nghị định số 15 và 16/2020/NĐ-CP của Chính phủ.", []string{"15/2020/NĐ-CP nghi_dinh Chính phủ", "16/2020/NĐ-CP nghi_dinh Chính phủ"}},
		{"", "Nghị quyết số 21 được Ban Chấp hành Trung ương Đảng khóa XIII ban hành năm 2022.", []string{"21-NQ/TW nghi_quyet Ban Chấp hành Trung ương Đảng"}},
		{"", "Nghị quyết 26-NQ/TƯ, Kết luận 01-KL/TƯ và Nghị quyết 04-NQ/TW, ngày 30/10/2016 của Hội nghị lần thứ tư Ban Chấp hành Trung ương Đảng (khóa XII).", []string{"01-KL/TW ket_luan Ban Chấp hành Trung ương Đảng", "04-NQ/TW nghi_quyet Ban Chấp hành Trung ương Đảng", "26-NQ/TW nghi_quyet Ban Chấp hành Trung ương Đảng"}},
		{"Bến Tre", "Quy chế số 01-QC/TU, Tờ trình số 12-TTr/TU và Tờ trình số 88/TTr-UBND.", []string{"01-QC/TU other Tỉnh ủy Bến Tre", "12-TTr/TU other Tỉnh ủy Bến Tre", "88/TTr-UBND other "}},
		{"", "Kỷ niệm 130 năm Ngày sinh, nhiệm kỳ 2020 - 2025, tháng 8-2020, Covid-19.", nil},
	}
	for _, tt := range tests {
		x := extractBody(tt.province, tt.in)
		var got []string
		for _, r := range x.Resolutions {
			got = append(got, r.Key+" "+r.Kind+" "+r.Issuer)
		}
		sort.Strings(got)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestExtractCongDienSpellings: the Prime Minister's công điện read from
// decomposed (NFD) text and with the old tone placement of the urgency
// word before the number ("hoả tốc" for "hỏa tốc").
func TestExtractCongDienSpellings(t *testing.T) {
	for _, in := range []string{
		"Thủ tướng đã có công điện hỏa tốc số 541 yêu cầu các địa phương.",
		"Thủ tướng đã có công điện hoả tốc số 541 yêu cầu các địa phương.",
	} {
		for _, v := range []string{in, norm.NFD.String(in)} {
			x := extractBody("", clean(v)) // as the readers give it
			if len(x.Resolutions) != 1 || x.Resolutions[0].Key != "541/CĐ-TTg" {
				t.Errorf("%q: got %+v, want 541/CĐ-TTg", v, x.Resolutions)
			}
		}
	}
}

func TestExtractOrganisations(t *testing.T) {
	tests := []struct {
		province, in string
		want         []string // name/kind/level/parent
	}{
		{"Bến Tre", "Đại hội Đảng bộ xã Tân Thạch, huyện Châu Thành.", []string{"Đảng bộ xã Tân Thạch/party_organisation/commune/Đảng bộ huyện Châu Thành"}},
		// "BCH Trung ương" before another organisation is that one's
		// committee, not the Party's; a foreign party's, in its sentence,
		// is no Vietnamese body (draw d).
		{"", "Hội nghị BCH Trung ương Hội Khuyến học Việt Nam lần thứ 5 diễn ra hôm qua.", []string{"Hội Khuyến học Việt Nam/mass_organisation/central/Mặt trận Tổ quốc Việt Nam"}},
		{"", "Hội nghị Ban Chấp hành Trung ương lần thứ 4 khóa XIII bế mạc.", []string{"Ban Chấp hành Trung ương Đảng/party_committee/central/Đảng Cộng sản Việt Nam"}},
		// One body named with and without its number: one entry, the fuller name.
		{"Cà Mau", "Cán bộ Đồn Biên phòng 700 Hòn Khoai tuần tra. Sau đó, Đồn Biên phòng Hòn Khoai tổ chức lễ.", []string{"Đồn Biên phòng 700 Hòn Khoai/other/other/"}},
		{"", "Đảng Cộng sản Cuba bầu ông Miguel Diaz-Canel, 60 tuổi, làm Bí thư Thứ nhất Ban chấp hành Trung ương Đảng.", nil},
		{"Bến Tre", "Đảng bộ huyện Mỏ Cày Bắc đã tổ chức thành công ĐH.", []string{"Đảng bộ huyện Mỏ Cày Bắc/party_organisation/district/Đảng bộ tỉnh Bến Tre"}},
		{"Bến Tre", "Ban Thường vụ Tỉnh ủy định hướng.", []string{"Ban Thường vụ Tỉnh ủy Bến Tre/standing_committee/province/Tỉnh ủy Bến Tre"}},
		{"Bến Tre", "Nhân sự Ban Châp hành Đảng bộ tỉnh khóa XI.", []string{"Ban Chấp hành Đảng bộ tỉnh Bến Tre/party_committee/province/Đảng bộ tỉnh Bến Tre"}},
		{"", "Ý kiến của Bộ Chính trị và Ban Bí thư.", []string{"Ban Bí thư/standing_committee/central/Ban Chấp hành Trung ương Đảng", "Bộ Chính trị/standing_committee/central/Ban Chấp hành Trung ương Đảng"}},
		{"", "UBND tỉnh Hà Nam và UBND TP.HCM phối hợp.", []string{"Ủy ban nhân dân thành phố Hồ Chí Minh/government/province/", "Ủy ban nhân dân tỉnh Hà Nam/government/province/"}},
		{"", "Sở Y tế Hà Nội và Sở GD&ĐT TP Cần Thơ.", []string{"Sở Giáo dục và Đào tạo thành phố Cần Thơ/government/province/Ủy ban nhân dân thành phố Cần Thơ", "Sở Y tế thành phố Hà Nội/government/province/Ủy ban nhân dân thành phố Hà Nội"}},
		{"", "Bộ GD&ĐT và Bộ LĐ-TB&XH thống nhất.", []string{"Bộ Giáo dục và Đào tạo/government/central/Chính phủ", "Bộ Lao động - Thương binh và Xã hội/government/central/Chính phủ"}},
		{"", "Thành ủy Hà Nội và Thành ủy TPHCM.", []string{"Thành ủy Hà Nội/party_committee/province/", "Thành ủy Thành phố Hồ Chí Minh/party_committee/province/"}},
		{"", "Khối MTTQ và Ủy ban MTTQ Việt Nam tỉnh Long An.", []string{"Mặt trận Tổ quốc Việt Nam/front/central/", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Long An/front/province/"}},
		{"", "Cục Xuất nhập khẩu, Vụ Tổ chức cán bộ và Phòng Y tế huyện Đông Anh.", []string{"Cục Xuất nhập khẩu/government/central/", "Phòng Y tế huyện Đông Anh/government/district/", "Vụ Tổ chức cán bộ/government/central/"}},
		{"", "Ban chỉ đạo phòng, chống dịch Covid-19 huyện Lý Nhân họp.", []string{"Ban Chỉ đạo phòng, chống dịch Covid-19 huyện Lý Nhân/other/district/"}},
		{"", "Công an tỉnh Hà Nam và Bộ Chỉ huy Quân sự tỉnh Hà Nam.", []string{"Bộ Chỉ huy Quân sự tỉnh Hà Nam/other/province/", "Công an tỉnh Hà Nam/government/province/"}},
		{"", "Hội Nông dân tỉnh Đồng Tháp và Liên đoàn Lao động tỉnh Đồng Tháp.", []string{"Hội Nông dân tỉnh Đồng Tháp/mass_organisation/province/", "Liên đoàn Lao động tỉnh Đồng Tháp/mass_organisation/province/"}},
		{"", "Đảng ủy Bộ Lao động - Thương binh và Xã hội tổ chức hội nghị.", []string{"Đảng ủy Bộ Lao động - Thương binh và Xã hội/party_committee/central/"}},
		{"", "Vũ Đức Bảo trình bày, vụ việc được làm rõ.", nil},
		{"", "Bộ Ngoại giao Mỹ, Quốc hội Hàn Quốc và Chính phủ Anh lên tiếng.", nil},
		// Long proper names; a body starting inside a title is its body.
		{"", "Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới phẫu thuật.", []string{"Bệnh viện Hữu nghị Việt Nam - Cu Ba Đồng Hới/other/other/"}},
		{"", "Con của nguyên Trưởng Ban Tổ chức Tỉnh ủy Quảng Ngãi.", []string{"Ban Tổ chức Tỉnh ủy Quảng Ngãi/party_organisation/province/Tỉnh ủy Quảng Ngãi"}},
		// A name's first words in lower case before a place or a capital;
		// not a kind of hospital.
		{"", "Tiêm tại Bệnh viện đa khoa TP. Đồng Hới; các bệnh viện đa khoa tuyến tỉnh.", []string{"Bệnh viện Đa khoa thành phố Đồng Hới/other/district/"}},
		{"", "Thầy Phan Đức, Hiệu trưởng Trường THPT chuyên Nguyễn Tất Thành cho biết.", []string{"Trường Trung học phổ thông Chuyên Nguyễn Tất Thành/other/other/"}},
		// A school named by its commune.
		{"", "Học sinh Trường Tiểu học xã Yên Hồ và Trường mầm non xã Quang Hưng.", []string{"Trường Mầm non xã Quang Hưng/other/commune/", "Trường Tiểu học xã Yên Hồ/other/commune/"}},
		// A body of another, its head in lower case.
		{"Hà Nam", "Ngày 27/4, thường trực Tỉnh ủy đã họp; văn phòng UBND tỉnh báo cáo.", []string{"Thường trực Tỉnh ủy Hà Nam/standing_committee/province/Tỉnh ủy Hà Nam", "Văn phòng Ủy ban nhân dân tỉnh Hà Nam/government/province/Ủy ban nhân dân tỉnh Hà Nam"}},
		// International bodies are read, not marked.
		{"", "Tổ chức Y tế Thế giới (WHO) và Liên hợp quốc khuyến cáo.", nil},
		// An agency's acronym alone on a line is a source line.
		{"", "Bộ Y tế họp.\nTTXVN", []string{"Bộ Y tế/government/central/Chính phủ"}},
		// An election names the body it fills, not the body.
		{"", "Công tác bầu cử Quốc hội khóa XV và Hội đồng nhân dân các cấp; ứng cử đại biểu Quốc hội. Quốc hội họp.", []string{"Quốc hội/other/central/"}},
		// A country's word inside a name of syllables is a syllable: the
		// university named after Tôn Đức Thắng; "trường ĐH" is the school.
		{"", "Sinh viên trường ĐH Tôn Đức Thắng và Bộ Ngoại giao Đức.", []string{"Trường Đại học Tôn Đức Thắng/other/other/"}},
		{"", "Phó Giám đốc ĐH Quốc gia Hà Nội cho biết.", []string{"Đại học Quốc gia Hà Nội/other/central/Chính phủ"}},
	}
	for _, tt := range tests {
		x := extractBody(tt.province, tt.in)
		var got []string
		for _, o := range x.Organisations {
			if !o.Generic && len(o.Mentions) > 0 {
				got = append(got, o.Name+"/"+o.Kind+"/"+o.Level+"/"+o.Parent)
			}
		}
		sort.Strings(got)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestExtractOwnPaper: the paper naming itself is no mention; another
// paper is.
func TestExtractOwnPaper(t *testing.T) {
	x := Extract(Article{Title: "Tin", Body: "Báo Dân trí đưa tin, Báo Nhân Dân cũng đưa tin.", Source: "Dân trí"})
	var got []string
	for _, o := range x.Organisations {
		if len(o.Mentions) > 0 {
			got = append(got, o.Name)
		}
	}
	if strings.Join(got, "|") != "Báo Nhân Dân" {
		t.Errorf("organisations %q, want only Báo Nhân Dân", got)
	}
}

func TestExtractGeneric(t *testing.T) {
	x := extractBody("Bến Tre", "Ủy ban Kiểm tra các cấp và UBND huyện phối hợp.")
	for _, o := range x.Organisations {
		if !o.Generic {
			t.Errorf("%s should be generic", o.Name)
		}
	}
	if len(x.Organisations) != 2 {
		t.Errorf("organisations = %+v", x.Organisations)
	}
}

func TestExtractPeople(t *testing.T) {
	tests := []struct {
		province, in string
		want         []string // person/title/organisation
	}{
		{"Bến Tre", "Theo Phó bí thư Thường trực Tỉnh ủy Trần Ngọc Tam, toàn tỉnh sẽ tập trung.", []string{"Trần Ngọc Tam/Phó Bí thư Thường trực/Tỉnh ủy Bến Tre"}},
		{"", "Dự có đồng chí Nguyễn Hữu Hiếu, Ủy viên Ban Thường vụ Tỉnh ủy Quảng Nam, Trưởng ban Tổ chức Tỉnh ủy; Phó Chủ tịch UBND tỉnh Trần Thị Mai Anh và Giám đốc Sở Nội vụ Lê Minh Quang.",
			[]string{"Lê Minh Quang/Giám đốc/Sở Nội vụ tỉnh Quảng Nam", "Nguyễn Hữu Hiếu/Trưởng ban/Ban Tổ chức Tỉnh ủy Quảng Nam", "Nguyễn Hữu Hiếu/Ủy viên Ban Thường vụ/Tỉnh ủy Quảng Nam", "Trần Thị Mai Anh/Phó Chủ tịch/Ủy ban nhân dân tỉnh Quảng Nam"}},
		{"", "Ông Nguyễn Thành Phong - Chủ tịch UBND TPHCM khẳng định.", []string{"Nguyễn Thành Phong/Chủ tịch/Ủy ban nhân dân thành phố Hồ Chí Minh"}},
		{"", "Tổng Bí thư, Chủ tịch nước Nguyễn Phú Trọng chủ trì.", []string{"Nguyễn Phú Trọng/Chủ tịch nước/Nhà nước", "Nguyễn Phú Trọng/Tổng Bí thư/Ban Chấp hành Trung ương Đảng"}},
		{"", "Thủ tướng Chính phủ Nguyễn Xuân Phúc và Bộ trưởng Bộ Y tế Nguyễn Thanh Long.", []string{"Nguyễn Thanh Long/Bộ trưởng/Bộ Y tế", "Nguyễn Xuân Phúc/Thủ tướng/Chính phủ"}},
		{"", "Chủ tịch Ủy ban nhân dân tỉnh Hưng Yên - Đỗ Quốc Văn đã ký.", []string{"Đỗ Quốc Văn/Chủ tịch/Ủy ban nhân dân tỉnh Hưng Yên"}},
		{"", "Thanh tra Bộ có ông Nguyễn Đức Cường là Chánh Thanh tra và 2 Phó Chánh thanh tra là ông Ngô Minh Hưng và ông Đỗ Anh Dũng.",
			[]string{"Nguyễn Đức Cường/Chánh Thanh tra/", "Ngô Minh Hưng/Phó Chánh Thanh tra/", "Đỗ Anh Dũng/Phó Chánh Thanh tra/"}},
		{"", "Nhân kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh, học tập Bác Hồ.", nil},
		{"", "Bí thư, Chủ tịch UBND cấp xã không phải là người địa phương.", nil},
	}
	for _, tt := range tests {
		x := extractBody(tt.province, tt.in)
		var got []string
		for _, p := range x.Positions {
			got = append(got, p.Person+"/"+p.Title+"/"+p.Organisation)
		}
		sort.Strings(got)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
	x := extractBody("", "Nhân kỷ niệm Ngày sinh Chủ tịch Hồ Chí Minh, học tập Bác Hồ.")
	if len(x.People) != 1 || x.People[0].Name != "Hồ Chí Minh" || len(x.People[0].Mentions) != 2 {
		t.Errorf("honorifics = %+v", x.People)
	}
}

func TestExtractFigures(t *testing.T) {
	f := func(v float64) *float64 { return &v }
	tests := []struct {
		in   string
		want []Figure
	}{
		{"với 49.356 ĐV dự học, chiếm 97,73%.", []Figure{{Label: "đảng viên dự học", Value: 49356, Unit: "đảng viên", Percent: f(97.73)}}},
		{"đã có 621/638 TCĐ cơ sở đã tiến hành ĐH, đạt 97,34%.", []Figure{{Label: "tổ chức đảng cơ sở đã tiến hành đại hội", Value: 621, Unit: "tổ chức đảng", Total: f(638), Percent: f(97.34)}}},
		{"giảm biên chế 119 trường hợp.", []Figure{{Label: "trường hợp giảm biên chế", Value: 119, Unit: "trường hợp"}}},
		{"thu ngân sách đạt 12,5 tỷ đồng.", []Figure{{Label: "thu ngân sách", Value: 12.5e9, Unit: "đồng"}}},
		{"hỗ trợ 3 triệu người.", []Figure{{Label: "người hỗ trợ", Value: 3e6, Unit: "người"}}},
		{"có hơn 200 doanh nghiệp.", []Figure{{Label: "doanh nghiệp", Value: 200, Unit: "doanh nghiệp", Qualifier: "hơn"}}},
		{"thu 1.234.567 triệu đồng.", []Figure{{Label: "thu", Value: 1234567e6, Unit: "đồng"}}},
		{"tăng 12,5%.", []Figure{{Label: "tăng", Value: 12.5, Unit: "%", Percent: f(12.5)}}},
		{"năng suất 7,1 tấn/ha.", []Figure{{Label: "năng suất", Value: 7.1, Unit: "tấn/ha"}}},
		{"nhiệm kỳ 2020 - 2025, tháng 8-2020, lần thứ 6, Covid-19, ngày 29/6, 130 năm.", nil},
	}
	for _, tt := range tests {
		x := extractBody("", tt.in)
		got := fmtFigures(x.Figures)
		if got != fmtFigures(tt.want) {
			t.Errorf("%q\n got %s\nwant %s", tt.in, got, fmtFigures(tt.want))
		}
	}
}

func fmtFigures(fs []Figure) string {
	var out []string
	p := func(v *float64) string {
		if v == nil {
			return "-"
		}
		return fmt.Sprint(*v)
	}
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%q %v %q total=%s pct=%s %q", f.Label, f.Value, f.Unit, p(f.Total), p(f.Percent), f.Qualifier))
	}
	return strings.Join(out, "; ")
}

func TestFindPeriod(t *testing.T) {
	tests := []struct{ in, text, from, to string }{
		{"Trong 6 tháng đầu năm 2020, việc triển khai", "6 tháng đầu năm 2020", "2020-01-01", "2020-06-30"},
		{"thực hiện 6 tháng cuối năm", "6 tháng cuối năm", "2021-07-01", "2021-12-31"},
		{"kết quả 9 tháng năm 2021", "9 tháng năm 2021", "2021-01-01", "2021-09-30"},
		{"trong quý I/2020", "quý I/2020", "2020-01-01", "2020-03-31"},
		{"quý II năm 2020", "quý II năm 2020", "2020-04-01", "2020-06-30"},
	}
	for _, tt := range tests {
		p, ok := findPeriod(tt.in, 2021)
		if !ok || p.text != tt.text || p.start.Format("2006-01-02") != tt.from || p.end.Format("2006-01-02") != tt.to {
			t.Errorf("findPeriod(%q) = %q %s %s %v", tt.in, p.text, p.start.Format("2006-01-02"), p.end.Format("2006-01-02"), ok)
		}
	}
	if p, ok := yearPeriod("Kết quả năm 2020", nil); !ok || p.start.Format("2006-01-02") != "2020-01-01" || p.end.Format("2006-01-02") != "2020-12-31" {
		t.Errorf("yearPeriod = %+v %v", p, ok)
	}
}

func TestExtractEmpty(t *testing.T) {
	x := Extract(Article{})
	if len(x.Resolutions)+len(x.Organisations)+len(x.People)+len(x.Figures)+len(x.Reports)+len(x.Mentions) != 0 {
		t.Errorf("empty article gave %+v", x)
	}
}

// TestExtractConcurrent runs Extract from several goroutines (run with
// -race) and expects what a single goroutine gets.
func TestExtractConcurrent(t *testing.T) {
	var arts []Article
	var want []string
	for _, p := range fixtures(t) {
		a := readFixture(t, p)
		arts = append(arts, a)
		want = append(want, jsonString(t, Extract(a)))
	}
	var wg sync.WaitGroup
	errs := make(chan string, 8*len(arts))
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func(g int) {
			defer wg.Done()
			for i := range arts {
				k := (i + g) % len(arts)
				if got := jsonString(t, Extract(arts[k])); got != want[k] {
					errs <- fmt.Sprintf("goroutine %d, article %d differs", g, k)
				}
			}
		}(g)
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// jsonString is x as JSON: figures hold pointers, which %+v would print as
// addresses.
func jsonString(t *testing.T, x Extraction) string {
	b, err := json.Marshal(x)
	if err != nil {
		t.Error(err)
	}
	return string(b)
}

// TestExtractPartyPressBodies: bodies of the Party and state press at every
// level, in sentences written for this test (names only: the body's
// canonical name, for every named, non-generic body).
func TestExtractPartyPressBodies(t *testing.T) {
	tests := []struct {
		province, in string
		want         []string
	}{
		// Party committees of the armed forces and police; a Party
		// organisation of another body.
		{"Bến Tre", "Đảng ủy Quân sự tỉnh lãnh đạo Bộ CHQS tỉnh hoàn thành nhiệm vụ.", []string{"Bộ Chỉ huy Quân sự tỉnh Bến Tre", "Đảng ủy Quân sự tỉnh Bến Tre"}},
		{"Cà Mau", "Ủy ban Kiểm tra Đảng ủy Quân sự tỉnh kiểm tra Đảng bộ Quân sự huyện Năm Căn.", []string{"Đảng bộ Quân sự huyện Năm Căn", "Ủy ban Kiểm tra Đảng ủy Quân sự tỉnh Cà Mau"}},
		// The Front with "Việt Nam" before its place; the unions.
		{"", "Ủy ban MTTQ Việt Nam huyện Bình Đại và Mặt trận Tổ quốc Việt Nam tỉnh Bến Tre phối hợp.", []string{"Ủy ban Mặt trận Tổ quốc Việt Nam huyện Bình Đại", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bến Tre"}},
		{"", "Mặt trận Tổ quốc Việt Nam và các đoàn thể giám sát.", []string{"Mặt trận Tổ quốc Việt Nam"}},
		{"Long An", "Hội Liên hiệp Thanh niên Việt Nam tỉnh và Hội Sinh viên Việt Nam tỉnh Long An tổ chức.", []string{"Hội Liên hiệp Thanh niên Việt Nam tỉnh Long An", "Hội Sinh viên tỉnh Long An"}},
		// Political schools, religious and ethnic boards, inspection.
		{"", "Trung tâm Chính trị huyện Châu Thành phối hợp Trung tâm Bồi dưỡng chính trị huyện Chợ Lách.", []string{"Trung tâm Bồi dưỡng chính trị huyện Chợ Lách", "Trung tâm Chính trị huyện Châu Thành"}},
		{"Bến Tre", "Ban Tôn giáo tỉnh, Ban Dân tộc tỉnh và Thanh tra tỉnh Bến Tre dự họp.", []string{"Ban Dân tộc tỉnh Bến Tre", "Ban Tôn giáo tỉnh Bến Tre", "Thanh tra tỉnh Bến Tre"}},
		{"Bến Tre", "Chi cục Kiểm lâm tỉnh và Hạt Kiểm lâm huyện Thạnh Phú tuần tra.", []string{"Chi cục Kiểm lâm tỉnh Bến Tre", "Hạt Kiểm lâm huyện Thạnh Phú"}},
		{"Bến Tre", "Văn phòng Đoàn ĐBQH và HĐND tỉnh tổng hợp ý kiến cử tri.", []string{"Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh Bến Tre"}},
		// A bare "tỉnh" after a named body is the paper's province.
		{"Bến Tre", "Bệnh viện Y học cổ truyền tỉnh và Đảng ủy Khối Doanh nghiệp tỉnh ký kết.", []string{"Bệnh viện Y học cổ truyền tỉnh Bến Tre", "Đảng ủy Khối Doanh nghiệp tỉnh Bến Tre"}},
		// Central bodies by their whole name.
		{"", "Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, tiêu cực và Ban Chỉ đạo Tây Nam Bộ.", []string{"Ban Chỉ đạo Trung ương về phòng, chống tham nhũng, tiêu cực", "Ban Chỉ đạo Tây Nam Bộ"}},
		{"", "Học viện Chính trị khu vực IV và Tòa án nhân dân cấp cao tại TP.HCM.", []string{"Học viện Chính trị khu vực IV", "Tòa án nhân dân cấp cao tại Thành phố Hồ Chí Minh"}},
		{"", "Ủy ban Văn hóa, Giáo dục của Quốc hội và Ủy ban Pháp luật và Tư pháp thẩm tra.", []string{"Ủy ban Pháp luật và Tư pháp của Quốc hội", "Ủy ban Văn hóa, Giáo dục của Quốc hội"}},
		// A body inside another named body; "trường" alone is the school
		// the article last named.
		{"Bến Tre", "Chi bộ Trường THCS Phú Lễ và Đảng bộ Công an tỉnh học tập nghị quyết.", []string{"Chi bộ Trường Trung học cơ sở Phú Lễ", "Đảng bộ Công an tỉnh Bến Tre"}},
		{"", "Hội đồng trường ĐH Mở Hà Nội họp. Đảng ủy trường và Công đoàn Trường thống nhất.", []string{"Công đoàn Trường Đại học Mở Hà Nội", "Hội đồng trường Trường Đại học Mở Hà Nội", "Đảng ủy Trường Đại học Mở Hà Nội"}},
		{"", "Trường THPT Phan Thanh Giản khai giảng; Đoàn Thanh niên trường ra quân.", []string{"Trường Trung học phổ thông Phan Thanh Giản", "Đoàn Thanh niên Cộng sản Hồ Chí Minh Trường Trung học phổ thông Phan Thanh Giản"}},
		{"", "Đảng ủy trường và Hội đồng trường chưa được kiện toàn.", nil},
		// Bodies listed before the place they share; the district and
		// commune the article is about; an acronym between head and place.
		{"Bến Tre", "Lãnh đạo Tỉnh ủy, HĐND, UBND, Ủy ban MTTQ Việt Nam tỉnh dự hội nghị.", []string{"Hội đồng nhân dân tỉnh Bến Tre", "Tỉnh ủy Bến Tre", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bến Tre", "Ủy ban nhân dân tỉnh Bến Tre"}},
		{"", "Văn phòng HĐND - UBND huyện Đông Anh thông báo.", []string{"Văn phòng Hội đồng nhân dân - Ủy ban nhân dân huyện Đông Anh"}},
		{"", "UBND huyện Ba Tri họp. Trung tâm Y tế huyện và Trạm Y tế xã An Đức phối hợp.", []string{"Trung tâm Y tế huyện Ba Tri", "Trạm Y tế xã An Đức", "Ủy ban nhân dân huyện Ba Tri"}},
		{"", "Trung tâm Kiểm soát bệnh tật (CDC) Hà Nam và Hải quan Quảng Bình.", []string{"Cục Hải quan tỉnh Quảng Bình", "Trung tâm Kiểm soát bệnh tật tỉnh Hà Nam"}},
		{"", "UBND, HĐND các cấp và các Sở, ngành.", nil},
		// A centre is a public body only with a place, a ministry or
		// "Việt Nam" after its name.
		{"", "Trung tâm Công tác xã hội tỉnh Phú Yên và Trung tâm Đáp ứng sự kiện y tế công cộng Bộ Y tế.", []string{"Trung tâm Công tác xã hội tỉnh Phú Yên", "Trung tâm Đáp ứng sự kiện y tế công cộng Bộ Y tế"}},
		{"", "Trung tâm Lưu ký Chứng khoán Việt Nam và Trung tâm Phục vụ hành chính công tỉnh Hậu Giang.", []string{"Trung tâm Lưu ký Chứng khoán Việt Nam", "Trung tâm Phục vụ hành chính công tỉnh Hậu Giang"}},
		{"", "Trung tâm Thương mại Vincom, Trung tâm Anh ngữ Apollo và Trung tâm Quốc gia.", nil},
		{"", "Theo Trung tâm lưu ký chứng khoán Việt Nam (VSD) và Trung tâm dịch vụ bán đấu giá tài sản tỉnh Đồng Nai.", []string{"Trung tâm Dịch vụ bán đấu giá tài sản tỉnh Đồng Nai", "Trung tâm Lưu ký chứng khoán Việt Nam"}},
		{"", "Phòng khám tại Trung tâm thương mại ở tỉnh Đồng Nai.", nil},
		// Schools listed by their names after their kind in the plural;
		// bodies after "các" are a kind of body, but for ministries listed
		// by their portfolios.
		{"", "Đề án triển khai ở 4 trường THCS của quận, gồm Chu Văn An, Nghĩa Tân, Thanh Xuân và Trưng Vương.", []string{"Trường Trung học cơ sở Chu Văn An", "Trường Trung học cơ sở Nghĩa Tân", "Trường Trung học cơ sở Thanh Xuân", "Trường Trung học cơ sở Trưng Vương"}},
		{"", "Các trường tiểu học: An Hiệp, Phú Túc và Tân Thạch đạt chuẩn quốc gia.", []string{"Trường Tiểu học An Hiệp", "Trường Tiểu học Phú Túc", "Trường Tiểu học Tân Thạch"}},
		{"Bến Tre", "Sở Nội vụ làm việc với các Phòng Nội vụ và các Sở Y tế.", []string{"Sở Nội vụ tỉnh Bến Tre"}},
		{"", "Thủ tướng yêu cầu các Bộ Ngoại giao, Công an, Y tế và Quốc phòng phối hợp.", []string{"Bộ Công an", "Bộ Ngoại giao", "Bộ Quốc phòng", "Bộ Y tế"}},
		{"", "Thầy Quế, Trường PTDTBT THCS và THPT Bát Xát, dạy chương trình THCS Việt Nam.", []string{"Trường Phổ thông Dân tộc bán trú THCS và THPT Bát Xát"}},
		// A department of another body: a Phòng with no place, an
		// institute of the university the article is about; a Phòng named
		// with the body it belongs to; the district's Phòng by its
		// portfolio in an article about one district.
		{"", "Trường ĐH Tôn Đức Thắng có Phòng Đào tạo và Viện Hợp tác quốc tế.", []string{"Trường Đại học Tôn Đức Thắng"}},
		{"", "Bà Hằng (Viện trưởng Viện Báo chí, Học viện Báo chí và Tuyên truyền) trình bày.", []string{"Học viện Báo chí và Tuyên truyền"}},
		{"", "Phòng Cảnh sát hình sự Công an tỉnh Nghệ An bắt giữ đối tượng.", []string{"Phòng Cảnh sát hình sự Công an tỉnh Nghệ An"}},
		{"", "Phòng Cảnh sát kinh tế (PC03) Công an tỉnh Nghệ An vào cuộc.", []string{"Phòng Cảnh sát kinh tế Công an tỉnh Nghệ An"}},
		{"", "Chủ tịch UBND thị xã Bỉm Sơn cho biết Phòng Nội vụ sẽ trả lời.", []string{"Phòng Nội vụ thị xã Bỉm Sơn", "Ủy ban nhân dân thị xã Bỉm Sơn"}},
		{"", "Phòng GD&ĐT Quận Cầu Giấy, Phòng nội vụ huyện Ba Tri; yêu cầu của Thường trực Ban Bí thư; Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam.", []string{"Phòng Giáo dục và Đào tạo quận Cầu Giấy", "Phòng Nội vụ huyện Ba Tri", "Thường trực Ban Bí thư", "Đoàn Chủ tịch Tổng Liên đoàn Lao động Việt Nam"}},
		// Army commands and their departments; Party committees of the
		// provinces' blocs; state bodies known by a whole name, with a place.
		{"", "Bộ Tư lệnh Quân khu 7, Bộ Tư lệnh Bộ đội Biên phòng, Cục Chính trị Quân khu 9 và Đồn Biên phòng Thạnh Phú.", []string{"Bộ Tư lệnh Bộ đội Biên phòng", "Bộ Tư lệnh Quân khu 7", "Cục Chính trị Quân khu 9", "Đồn Biên phòng Thạnh Phú"}},
		{"Bến Tre", "Ủy ban Kiểm tra Đảng ủy Khối các cơ quan tỉnh và Hội đồng Thi đua - Khen thưởng tỉnh họp.", []string{"Hội đồng Thi đua - Khen thưởng tỉnh Bến Tre", "Ủy ban Kiểm tra Đảng ủy Khối các cơ quan tỉnh Bến Tre"}},
		{"", "Học viện Chính trị Công an nhân dân, Tạp chí Cộng sản và Ngân hàng Chính sách xã hội huyện Ba Tri.", []string{"Học viện Chính trị Công an nhân dân", "Ngân hàng Chính sách xã hội huyện Ba Tri", "Tạp chí Cộng sản"}},
		// Vietnam's missions abroad, in the country the text gives or the
		// one the article last named.
		{"", "Đại sứ quán Việt Nam tại Hoa Kỳ và Tổng Lãnh sự quán Việt Nam tại Thượng Hải hỗ trợ công dân.", []string{"Tổng Lãnh sự quán Việt Nam tại Thượng Hải", "Đại sứ quán Việt Nam tại Hoa Kỳ"}},
		{"", "Dịch bệnh ở Ấn Độ phức tạp. Đại sứ quán Việt Nam đã tìm được giường bệnh.", []string{"Đại sứ quán Việt Nam tại Ấn Độ"}},
		{"", "Đại sứ quán Việt Nam đã tìm được giường bệnh.", nil},
		// Provincial political schools named after a person or their
		// province; boards of industrial zones and of emulation.
		{"Bến Tre", "Trường Chính trị Nguyễn Văn Cừ tỉnh Quảng Ninh, Trường Chính trị Bến Tre và Trường Chính trị tỉnh.", []string{"Trường Chính trị Nguyễn Văn Cừ tỉnh Quảng Ninh", "Trường Chính trị tỉnh Bến Tre"}},
		{"", "Ban Quản lý các khu công nghiệp Bình Dương và Ban Thi đua - Khen thưởng tỉnh Nghệ An.", []string{"Ban Quản lý các khu công nghiệp tỉnh Bình Dương", "Ban Thi đua - Khen thưởng tỉnh Nghệ An"}},
		// "Đảng ủy xã" is the one commune the article names, else a kind.
		{"Bến Tre", "Đảng bộ xã Phú Lễ, huyện Ba Tri tổ chức đại hội. Đảng ủy xã đã lãnh đạo hoàn thành chỉ tiêu.", []string{"Đảng bộ xã Phú Lễ", "Đảng ủy xã Phú Lễ"}},
		{"Bến Tre", "Đảng ủy xã đã lãnh đạo hoàn thành chỉ tiêu.", nil},
		{"", "Ban Chỉ đạo phòng, chống tham nhũng, tiêu cực tỉnh Nghệ An, Liên hiệp các Hội Văn học nghệ thuật tỉnh Nghệ An, Tòa án quân sự Quân khu 7 và Kho bạc Nhà nước.", []string{"Ban Chỉ đạo phòng, chống tham nhũng, tiêu cực tỉnh Nghệ An", "Kho bạc Nhà nước", "Liên hiệp các Hội Văn học nghệ thuật tỉnh Nghệ An", "Tòa án quân sự Quân khu 7"}},
		// The head of an office (Chánh Văn phòng) names the office of the
		// body after it, but a department's office, which is no body.
		{"", "Sáng 26/4, Chánh Văn phòng UBND tỉnh Đắk Lắk cho biết.", []string{"Văn phòng Ủy ban nhân dân tỉnh Đắk Lắk"}},
		{"", "Đồng chí Nguyễn Văn An, Chánh Văn phòng Tỉnh ủy Bến Tre phát biểu; bà Nguyễn Thị Huỳnh Mai, Chánh văn phòng Sở Y tế TPHCM.", []string{"Sở Y tế thành phố Hồ Chí Minh", "Văn phòng Tỉnh ủy Bến Tre"}},
		// Abbreviated heads of the provincial press.
		{"Bến Tre", "MTTQ tỉnh, Hội ND tỉnh, UBKT Tỉnh ủy, VKSND tỉnh, TAND huyện Ba Tri, CA tỉnh và BCHQS tỉnh.", []string{"Bộ Chỉ huy Quân sự tỉnh Bến Tre", "Công an tỉnh Bến Tre", "Hội Nông dân tỉnh Bến Tre", "Tòa án nhân dân huyện Ba Tri", "Viện kiểm sát nhân dân tỉnh Bến Tre", "Ủy ban Kiểm tra Tỉnh ủy Bến Tre", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bến Tre"}},
		// A hospital named by its specialty alone is that of the province
		// after a comma; a proper name keeps the place out.
		{"", "Cô gái vừa được Bệnh viện Da Liễu, TPHCM tiếp nhận; Bệnh viện Bạch Mai, Hà Nội cũng vậy.", []string{"Bệnh viện Bạch Mai", "Bệnh viện Da Liễu thành phố Hồ Chí Minh"}},
		// The Youth Union's own bodies; the Front's standing board.
		{"Bến Tre", "Ban Bí thư Trung ương Đoàn, Đoàn Thanh niên Cộng sản Hồ Chí Minh và Ban Thường trực Ủy ban MTTQ Việt Nam tỉnh.", []string{"Ban Bí thư Trung ương Đoàn", "Ban Thường trực Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Bến Tre", "Đoàn Thanh niên Cộng sản Hồ Chí Minh"}},
		// One kind of body of several places in a list.
		{"Bến Tre", "UBND các xã An Thủy, An Hiệp và Bảo Thạnh phối hợp; Đảng ủy các phường 7, 8 họp; UBND các xã, thị trấn triển khai.", []string{"Đảng ủy phường 7", "Đảng ủy phường 8", "Ủy ban nhân dân xã An Hiệp", "Ủy ban nhân dân xã An Thủy", "Ủy ban nhân dân xã Bảo Thạnh"}},
		// The people's councils' committees.
		{"Bến Tre", "Ban Kinh tế - Ngân sách HĐND tỉnh, Ban Pháp chế HĐND tỉnh, Ban Văn hóa - Xã hội HĐND tỉnh và Ban Dân tộc HĐND tỉnh thẩm tra.", []string{"Ban Dân tộc Hội đồng nhân dân tỉnh Bến Tre", "Ban Kinh tế - Ngân sách Hội đồng nhân dân tỉnh Bến Tre", "Ban Pháp chế Hội đồng nhân dân tỉnh Bến Tre", "Ban Văn hóa - Xã hội Hội đồng nhân dân tỉnh Bến Tre"}},
		// Project management boards.
		{"Bến Tre", "EVN giao Ban Quản lý dự án Điện 2; Ban QLDA đầu tư xây dựng tỉnh và Ban Quản lý dự án đầu tư xây dựng huyện Ba Tri.", []string{"Ban Quản lý dự án Điện 2", "Ban Quản lý dự án đầu tư xây dựng huyện Ba Tri", "Ban Quản lý dự án đầu tư xây dựng tỉnh Bến Tre", "Tập đoàn Điện lực Việt Nam"}},
		// One university with and without its "Trường".
		{"", "Ông Danh, nguyên Hiệu trưởng đại học Tôn Đức Thắng, kiện; Trường ĐH Tôn Đức Thắng trả lời.", []string{"Trường Đại học Tôn Đức Thắng"}},
		// A foreign body: "của <country>", or a list of a nation's bodies.
		{"", "Ủy ban Đối ngoại của Hàn Quốc đề nghị; Đảng, Chính phủ và nhân dân Trung Quốc đạt thành tựu.", nil},
		// Names with a list of fields, and "kinh tế - xã hội".
		{"", "Trường Trung cấp Văn hóa, Nghệ thuật và Du lịch Quảng Nam sáp nhập; Bệnh viện Bạch Mai, Chợ Rẫy quá tải.", []string{"Bệnh viện Bạch Mai", "Trường Trung cấp Văn hóa, Nghệ thuật và Du lịch Quảng Nam"}},
		{"", "Viện Nghiên cứu phát triển kinh tế - xã hội Hà Nội công bố.", []string{"Viện Nghiên cứu phát triển kinh tế - xã hội Hà Nội"}},
		{"", "Giám đốc bệnh viện Bạch Mai Nguyễn Quang Tuấn - đại biểu Quốc hội khóa XIV.", []string{"Bệnh viện Bạch Mai"}},
		// Two bodies joined by "và" are two.
		{"", "Học viện Quốc phòng và Trường Sĩ quan Chính trị ký kết.", []string{"Học viện Quốc phòng", "Trường Sĩ quan Chính trị"}},
	}
	checkNamedOrgs(t, tests)
}

// TestExtractStateBodiesRound4: state bodies the press names in lower case,
// with a place or a parent after them, branches, police teams, historic
// bodies (organisations round 4 in README.md). Sentences in the manner of
// the press; names only, as TestExtractPartyPressBodies.
func TestExtractStateBodiesRound4(t *testing.T) {
	tests := []struct {
		province, in string
		want         []string
	}{
		// A unit's name in lower case, ended by its place, a region or,
		// after a comma, the central body it belongs to.
		{"", "Ông Bùi Mạnh Khoa, Bí thư Đảng ủy, Cục trưởng Cục thi hành án dân sự tỉnh Thanh Hóa.", []string{"Cục Thi hành án dân sự tỉnh Thanh Hóa"}},
		{"", "Ông Lê Thanh Hoàn, Phó vụ trưởng Vụ pháp luật, Văn phòng Quốc hội.", []string{"Văn phòng Quốc hội", "Vụ Pháp luật"}},
		{"", "Phối hợp với Cục Cạnh tranh và bảo vệ người tiêu dùng, Tổng cục Quản lý thị trường.", []string{"Cục Cạnh tranh và bảo vệ người tiêu dùng", "Tổng cục Quản lý thị trường"}},
		{"", "Các tổ công tác của Trung tâm quản lý và hỗ trợ khách du lịch TP Vũng Tàu tuần tra.", []string{"Trung tâm Quản lý và hỗ trợ khách du lịch thành phố Vũng Tàu"}},
		{"", "Tháng 9/2020, Ủy ban Kiểm tra Đảng ủy khối đại học, cao đẳng TP.HCM thông báo kỷ luật.", []string{"Ủy ban Kiểm tra Đảng ủy Khối Đại học, cao đẳng thành phố Hồ Chí Minh"}},
		{"", "Hà Nội đề nghị Cảng vụ hàng không miền Bắc mua máy đo; Trung tâm Xúc tiến đầu tư phía Bắc triển khai.", []string{"Cảng vụ Hàng không miền Bắc", "Trung tâm Xúc tiến đầu tư phía Bắc"}},
		// No place, no parent, or a head opening the sentence: no body.
		{"", "Vụ tai nạn giao thông tỉnh Bắc Giang làm 3 người chết.", nil},
		{"", "Ban Quản lý khu kinh tế, Sở TN&MT Hà Tĩnh kiểm tra.", []string{"Sở Tài nguyên và Môi trường tỉnh Hà Tĩnh"}},
		{"", "Cục quản lý đề nghị các đơn vị báo cáo.", nil},
		// Heads written in lower case in running text, spelt as the head
		// is, named by a place or a proper name ("học viên" is a student).
		{"", "Giám đốc sở Nội vụ TP Hà Nội cho biết; lực lượng chức năng cùng trung tâm y tế huyện Đông Anh lập chốt.", []string{"Sở Nội vụ thành phố Hà Nội", "Trung tâm Y tế huyện Đông Anh"}},
		{"", "Bệnh nhân được chuyển đến bệnh viện Bạch Mai; học sinh trường THPT Chu Văn An đạt giải.", []string{"Bệnh viện Bạch Mai", "Trường Trung học phổ thông Chu Văn An"}},
		{"", "Các cơ sở Y tế tỉnh Nam Định; học viên Học viện Múa; một tập đoàn Thành Công; bệnh viện Trung ương quá tải.", []string{"Học viện Múa"}},
		{"Bến Tre", "Đã bố trí 184 đồng chí công an chính quy đảm nhiệm chức danh trưởng công an xã.", nil},
		{"", "Bí thư đảng ủy xã Tân Thạch dự; hồ sơ chuyển tòa án nhân dân huyện Gia Lâm; các đảng ủy xã họp.", []string{"Tòa án nhân dân huyện Gia Lâm", "Đảng ủy xã Tân Thạch"}},
		// NFD and the old tone placement read the same.
		{"", clean("Lực lượng công an huye\u0323\u0302n Chương Mỹ và so\u031b\u0309 Y tế tỉnh Hòa Bình phối hợp."), []string{"Công an huyện Chương Mỹ", "Sở Y tế tỉnh Hòa Bình"}},
		{"", "Cán bộ sở Y tế tỉnh Hoà Bình và Bệnh viện đa khoa huyện Lạc Thuỷ.", []string{"Bệnh viện Đa khoa huyện Lạc Thủy", "Sở Y tế tỉnh Hòa Bình"}},
		// Police teams and departments, with their police; a Sở's
		// department after a comma; "phòng, chống" inside a name.
		{"", "Trong ngày 30/4, Đội cảnh sát giao thông, trật tự Công an huyện Đông Anh tuần tra; Phòng Cảnh sát giao thông Công an TP Hà Nội xử phạt.", []string{"Phòng Cảnh sát giao thông Công an thành phố Hà Nội", "Đội Cảnh sát Giao thông, trật tự Công an huyện Đông Anh"}},
		{"", "Liên hệ cán bộ Đội Cảnh sát Hình sự Trần Việt Anh, số điện thoại 0965257688.", nil},
		{"", "Bà Trịnh Thị Minh Hường, Trưởng phòng Phòng, chống tệ nạn xã hội, Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa; ông Nguyễn Văn An, Trưởng phòng Quản lý giá, Sở Tài chính tỉnh Nghệ An.", []string{"Phòng Phòng, chống tệ nạn xã hội", "Phòng Quản lý giá", "Sở Lao động - Thương binh và Xã hội tỉnh Thanh Hóa", "Sở Tài chính tỉnh Nghệ An"}},
		// The Party organisation of a place its people share.
		{"", "Ông bày tỏ sự cảm ơn Đảng bộ, chính quyền và nhân dân TPHCM; Đảng bộ, chính quyền, quân và dân các dân tộc tỉnh Điện Biên.", []string{"Đảng bộ thành phố Hồ Chí Minh", "Đảng bộ tỉnh Điện Biên"}},
		{"", "Đảng bộ, chính quyền các cấp đã vào cuộc.", nil},
		// State enterprises by brand; their branches; a team is no company.
		// Vinaphone is VNPT's network, read as VNPT (orgs.tsv, people4 round).
		{"", "Ba nhà mạng Viettel, Vinaphone và Mobifone được cấp phép; Giám đốc Viettel Hậu Giang, ông Giang, cho biết.", []string{"Tập đoàn Bưu chính Viễn thông Việt Nam", "Tập đoàn Công nghiệp - Viễn thông Quân đội", "Tổng công ty Viễn thông MobiFone", "Viettel Hậu Giang"}},
		{"", "Hơn đội xếp thứ 2 là CLB Viettel 5 điểm.", nil},
		{"", "Ngân hàng Nhà nước chi nhánh tỉnh Hòa Bình, Công ty Điện lực Hà Tĩnh và Trung tâm Không gian mạng Viettel.", []string{"Công ty Điện lực Hà Tĩnh", "Ngân hàng Nhà nước Việt Nam chi nhánh tỉnh Hòa Bình", "Trung tâm Không gian mạng Viettel"}},
		// "tỉnh, thành phố trực thuộc trung ương": every province's body.
		{"", "Tỉnh Quảng Ngãi báo cáo. Nghị quyết của Hội đồng nhân dân tỉnh, thành phố trực thuộc trung ương; UBND tỉnh, thành phố chỉ đạo.", nil},
		// Bloc Party organisations under their 2020 names; a women's union
		// of a ministry.
		{"", "Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh Thanh Hóa và Đảng bộ Khối cơ quan và doanh nghiệp tỉnh Bắc Giang; Hội Liên hiệp Phụ nữ Bộ Quốc phòng.", []string{"Hội Liên hiệp Phụ nữ Bộ Quốc phòng", "Đảng bộ Khối Cơ quan và doanh nghiệp tỉnh Bắc Giang", "Đảng ủy Khối Cơ quan và Doanh nghiệp tỉnh Thanh Hóa"}},
		// Regional units of a state body.
		{"", "Kiểm toán Nhà nước khu vực IV và Chi cục Thuế khu vực Thanh Xuân - Hoàng Mai; UBND tỉnh khu vực miền núi.", []string{"Chi cục Thuế khu vực Thanh Xuân - Hoàng Mai", "Kiểm toán Nhà nước khu vực IV"}},
		// A district named without its kind after a commune is the one
		// an unnamed "huyện" refers to.
		{"", "Hai ca bệnh ở thôn Lỗ Giao (xã Việt Hùng, Đông Anh, Hà Nội). Lực lượng chức năng cùng trung tâm Y tế huyện đã phong tỏa.", []string{"Trung tâm Y tế huyện Đông Anh"}},
		// The districts' departments by their portfolios.
		{"", "Bà Nguyễn Thị Bình, Trưởng phòng Tài chính - Kế hoạch huyện Sóc Sơn; Phòng Kinh tế - Hạ tầng thị xã Sơn Tây và phòng Văn hóa - Thông tin huyện Lý Sơn.", []string{"Phòng Kinh tế - Hạ tầng thị xã Sơn Tây", "Phòng Tài chính - Kế hoạch huyện Sóc Sơn", "Phòng Văn hóa và Thông tin huyện Lý Sơn"}},
		// Forest boards, provinces' project boards and funds; a fund
		// named "Việt Nam" is as often a charity's.
		{"", "Ban quản lý rừng phòng hộ Tân Phú, Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh Cao Bằng và Quỹ Bảo vệ và Phát triển rừng tỉnh Lâm Đồng.", []string{"Ban Quản lý dự án đầu tư xây dựng các công trình giao thông tỉnh Cao Bằng", "Ban Quản lý rừng phòng hộ Tân Phú", "Quỹ Bảo vệ và Phát triển rừng tỉnh Lâm Đồng"}},
		{"", "Quỹ Khuyến học Việt Nam trao học bổng; Quỹ Tấm lòng vàng ủng hộ.", nil},
		// A brand before a product's name is the product; a unit known by
		// a Latin name is in orgs.tsv.
		{"", "Sản phẩm Viettel eKYC và ví VNPT Money; ông Nguyễn Thành Nhương, Phó Tổng giám đốc Viettel Telecom; Tập đoàn Viettel.", []string{"Tập đoàn Công nghiệp - Viễn thông Quân đội", "Tổng Công ty Viễn thông Viettel"}},
		// A foreign party's bodies, and the body of an office a foreign
		// holder has, are foreign.
		{"", "Đảng Cộng sản Cuba bầu ông Miguel Diaz-Canel làm Bí thư Thứ nhất Ban chấp hành Trung ương Đảng. Ông Diaz-Canel từng làm Phó Chủ tịch Hội đồng Bộ trưởng.", nil},
		{"", "Tổng Bí thư Nguyễn Phú Trọng tiếp Đoàn đại biểu Đảng Nhân dân Cách mạng Lào; Bộ Chính trị Đảng ta họp.", []string{"Bộ Chính trị", "Đảng Cộng sản Việt Nam"}},
		// A private group's company, its name's words in lower case; a
		// school before a person with two family names.
		{"", "Ông Dương là Tổng Giám đốc Tổng Công ty Gang thép Hòa Phát, chịu trách nhiệm; Tổng công ty Sông Đà cũng vậy.", []string{"Tổng công ty Sông Đà"}},
		{"", "Thủ khoa đầu ra trường ĐH Kinh tế quốc dân Phạm Nguyễn Minh Ngọc chia sẻ.", []string{"Trường Đại học Kinh tế quốc dân"}},
		// Historic bodies under their names of the time.
		{"", "Ông từng là Bí thư Thành ủy Sài Gòn - Gia Định, Ủy viên Đoàn Mặt trận Dân tộc giải phóng miền Nam Việt Nam, Phó Chủ tịch Hội đồng Bộ trưởng.", []string{"Hội đồng Bộ trưởng", "Thành ủy Sài Gòn - Gia Định", "Đoàn Mặt trận Dân tộc giải phóng miền Nam Việt Nam"}},
		{"", "Ông từng là Phó Chủ nhiệm Ủy ban Văn hóa xã hội của Quốc hội khóa VI.", []string{"Ủy ban Văn hóa xã hội của Quốc hội"}},
		// An acronym glued to the next word; a front pointed at is a noun.
		{"", "Ủy ban MTTQViệt Nam TPHCM triển khai. \"Mặt trận này không phải của riêng ai\".", []string{"Ủy ban Mặt trận Tổ quốc Việt Nam thành phố Hồ Chí Minh"}},
	}
	checkNamedOrgs(t, tests)
}

// checkNamedOrgs extracts each body and compares the organisations named
// in it (not generic, mentioned) with want, sorted.
func checkNamedOrgs(t *testing.T, tests []struct {
	province, in string
	want         []string
}) {
	t.Helper()
	for _, tt := range tests {
		x := extractBody(tt.province, tt.in)
		var got []string
		for _, o := range x.Organisations {
			if !o.Generic && len(o.Mentions) > 0 {
				got = append(got, o.Name)
			}
		}
		sort.Strings(got)
		if strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%q\n got %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// TestExtractRound4Bodies: a body after a photo credit is the credit (the
// rules mark no credit), VNPT's network named alone is VNPT, a province's
// bar association is read but is no public body; in NFC, NFD and the
// other tone placement.
func TestExtractRound4Bodies(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want []string // organisations with mentions, not generic
	}{
		{"Lãnh đạo tỉnh Khánh Hòa dự lễ khánh thành. Ảnh: Báo Khánh Hòa", nil},
		{"116 doanh nghiệp tiêu biểu được vinh danh tại Giải thưởng Chất lượng Quốc gia sáng ngày 25/4. Ảnh: Báo Chính phủ", nil},
		{"Các đối tượng di chuyển qua biên giới (Ảnh: Công an huyện Ea Súp). Công an huyện Ea Súp đã lập biên bản.", []string{"Công an huyện Ea Súp"}},
		{"Đối tác cung cấp dịch vụ DATA 4G cho dòng máy mới là nhà mạng VinaPhone.", []string{"Tập đoàn Bưu chính Viễn thông Việt Nam"}},
		{"Ba nhà mạng gồm Viettel, Vinaphone và Mobifone đã được cấp phép thử nghiệm 5G tại Khánh Hòa.", []string{"Tập đoàn Công nghiệp - Viễn thông Quân đội", "Tập đoàn Bưu chính Viễn thông Việt Nam", "Tổng công ty Viễn thông MobiFone"}},
		{"Luật sư Nguyễn Văn Hậu, Phó Chủ nhiệm Đoàn Luật sư thành phố Hồ Chí Minh, cho biết. Chủ nhiệm Đoàn luật sư tỉnh Khánh Hòa Lê Văn Thủy phát biểu.", nil},
	} {
		var want []string
		for _, v := range []string{tt.in, norm.NFD.String(tt.in), oldTonePlacement(tt.in)} {
			var got []string
			for _, o := range extractBody("", clean(v)).Organisations {
				if len(o.Mentions) > 0 && !o.Generic {
					got = append(got, o.Name)
				}
			}
			if v == tt.in {
				want = got
				if strings.Join(got, "|") != strings.Join(tt.want, "|") {
					t.Errorf("%q\n got %q\nwant %q", tt.in, got, tt.want)
				}
			} else if strings.Join(got, "|") != strings.Join(want, "|") {
				t.Errorf("%q: got %q, want %q", v, got, want)
			}
		}
	}
}
