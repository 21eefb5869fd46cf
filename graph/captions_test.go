package graph_test

import (
	"strings"
	"testing"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestCaptions: an article shows its photo captions, and a search for
// words only a caption holds finds the article with the caption
// highlighted.
func TestCaptions(t *testing.T) {
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		d := e.query(`{ search(query: "Tân Thạch", filter: {types: [ARTICLE]}) { edges { highlights { field fragments } node { ... on Article { title captions } } } } }`, nil)
		edge := get(d, "search", "edges", 0)
		caps, _ := get(edge, "node", "captions").([]any)
		if len(caps) != 1 || !strings.Contains(caps[0].(string), "Tân Thạch") {
			t.Fatalf("captions %v", get(edge, "node"))
		}
		found := false
		for _, h := range get(edge, "highlights").([]any) {
			if get(h, "field") == "captions" && strings.Contains(get(h, "fragments", 0).(string), "<mark>Tân</mark> <mark>Thạch</mark>") {
				found = true
			}
		}
		if !found {
			t.Errorf("no caption highlight: %v", get(edge, "highlights"))
		}
	})
}

// TestCaptionMentionsNameTheirCaption: a mention in a photo caption says
// which caption holds it, and its offsets point at the name in that
// caption; mentions in the body name none.
func TestCaptionMentionsNameTheirCaption(t *testing.T) {
	const text = "Huyện ủy Chợ Lách sơ kết 6 tháng đầu năm 2021\r\n\r\n15/07/2021 - 08:10\r\n\r\n" +
		"BDK - Ngày 14/7, Ban Thường vụ Huyện ủy Chợ Lách tổ chức hội nghị sơ kết công tác 6 tháng đầu năm 2021.\r\n\r\n" +
		"Quang cảnh hội nghị tại hội trường. Đồng chí Đoàn Văn Hiếu, Bí thư Huyện ủy Chợ Lách phát biểu chỉ đạo. Ảnh: CTV\r\n\r\n" +
		"Hội nghị thông qua báo cáo của Ban Thường vụ Huyện ủy Chợ Lách. Nguyên Bí thư Huyện ủy Chợ Lách Trần Văn Lâm dự hội nghị.\r\n\r\n" +
		"Quyền Chủ tịch UBND huyện Chợ Lách Lê Văn Bé phát biểu. Ảnh: Hữu Hiệp\r\n\r\nThanh Tâm"
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		r := e.do(token, `mutation($in: IngestArticleInput!) { ingestArticle(input: $in) { article { id } userErrors { field message } } }`,
			map[string]any{"in": map[string]any{"text": text}})
		id, _ := get(r.Data, "ingestArticle", "article", "id").(string)
		if id == "" {
			t.Fatalf("ingest: %+v %v", r.Errors, r.Data)
		}
		d := e.query(`query($id: ID!) { node(id: $id) { ... on Article { captions mentions(first: 100) { nodes { field caption start end entity { ... on Person { name } } } } } } }`, map[string]any{"id": id})
		caps, _ := get(d, "node", "captions").([]any)
		if len(caps) != 2 {
			t.Fatalf("captions %v", caps)
		}
		seen := map[string]float64{}
		for _, m := range get(d, "node", "mentions", "nodes").([]any) {
			name, _ := get(m, "entity", "name").(string)
			c := get(m, "caption")
			if get(m, "field") != "caption" {
				if c != nil {
					t.Errorf("%s in the %s names caption %v", name, get(m, "field"), c)
				}
				continue
			}
			k, ok := c.(float64)
			if !ok || int(k) >= len(caps) {
				t.Fatalf("caption mention of %q: caption %v", name, c)
			}
			runes := []rune(caps[int(k)].(string))
			start, end := int(get(m, "start").(float64)), int(get(m, "end").(float64))
			if name != "" {
				if end > len(runes) || string(runes[start:end]) != name {
					t.Errorf("%s: caption %d [%d:%d] does not hold the name", name, int(k), start, end)
				}
				seen[name] = k
			}
		}
		if k, ok := seen["Đoàn Văn Hiếu"]; !ok || k != 0 {
			t.Errorf("Đoàn Văn Hiếu in caption %v (%v), want 0", k, ok)
		}
		if k, ok := seen["Lê Văn Bé"]; !ok || k != 1 {
			t.Errorf("Lê Văn Bé in caption %v (%v), want 1", k, ok)
		}
	})
}
