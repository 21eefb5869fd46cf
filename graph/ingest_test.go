package graph_test

import (
	"testing"

	"tracuu/models"
	"tracuu/models/modelstest"
)

const district = "Huyện ủy Mỏ Cày Bắc sơ kết Chỉ thị 05-CT/TW\r\n\r\n15/07/2020 - 09:30\r\n\r\nBDK - Ngày 14-7, Huyện ủy Mỏ Cày Bắc tổ chức sơ kết 4 năm thực hiện Chỉ thị số 05-CT/TW của Bộ Chính trị.\r\n\r\nBí thư Huyện ủy Mỏ Cày Bắc Nguyễn Văn Phúc chủ trì hội nghị. Toàn huyện có 3.120 đảng viên tham gia học tập, đạt 98,5%.\r\n\r\nBài, ảnh: Hương Thu\r\n"

func TestIngestArticle(t *testing.T) {
	const ingest = `mutation($in: IngestArticleInput!) { ingestArticle(input: $in) { status article { title publishedAt source authors { name } }
		organisations { name } people { name } resolutions { code } positions { title person { name } organisation { name } } userErrors { field message } } }`
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		d := e.query(ingest, map[string]any{"in": map[string]any{"text": district}})
		p := get(d, "ingestArticle")
		if get(p, "status") != "INSERTED" || get(p, "article", "publishedAt") != "2020-07-15T09:30:00+07:00" || get(p, "article", "source") != "Báo Đồng Khởi" {
			t.Fatalf("ingest: %v", p)
		}
		if get(p, "article", "authors", 0, "name") != "Hương Thu" {
			t.Errorf("authors: %v", get(p, "article", "authors"))
		}
		codes := map[any]bool{}
		for _, r := range get(p, "resolutions").([]any) {
			codes[get(r, "code")] = true
		}
		if !codes["05-CT/TW"] {
			t.Errorf("resolutions: %v", get(p, "resolutions"))
		}
		// 05-CT/TW was already known from the sample: one entity per real thing.
		n := e.query(`{ resolutions(filter: {text: "05-CT/TW"}) { totalCount } }`, nil)
		if get(n, "resolutions", "totalCount") != 1.0 {
			t.Errorf("05-CT/TW stored %v times", get(n, "resolutions", "totalCount"))
		}
		found := false
		for _, ps := range get(p, "positions").([]any) {
			if get(ps, "person", "name") == "Nguyễn Văn Phúc" && get(ps, "title") == "Bí thư" {
				found = true
			}
		}
		if !found {
			t.Errorf("positions: %v", get(p, "positions"))
		}
		again := e.query(ingest, map[string]any{"in": map[string]any{"text": district}})
		if get(again, "ingestArticle", "status") != "UNCHANGED" {
			t.Errorf("second ingest: %v", get(again, "ingestArticle", "status"))
		}
		bad := e.query(ingest, map[string]any{"in": map[string]any{"fields": map[string]any{"title": "x", "body": "y", "publishedAt": "hôm qua"}}})
		if get(bad, "ingestArticle", "userErrors", 0, "field", 1) != "fields.publishedAt" || get(bad, "ingestArticle", "article") != nil {
			t.Errorf("bad date: %v", bad)
		}
		none := e.query(ingest, map[string]any{"in": map[string]any{}})
		if get(none, "ingestArticle", "userErrors", 0) == nil {
			t.Errorf("empty input accepted: %v", none)
		}
	})
}

func TestMergeEntities(t *testing.T) {
	const merge = `mutation($keep: ID!, $drop: ID!) { mergeEntities(keep: $keep, drop: $drop) { mergedId node { ... on Person { name aliases positions { totalCount } mentions { totalCount } } } userErrors { field message code } } }`
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		// A name written without its diacritics is another person: names
		// that differ in diacritics are never linked (models.MatchKey).
		e.query(`mutation { ingestArticle(input: {fields: {title: "Đồng chí Tran Ngoc Tam làm việc tại xã Tân Thạch", body: "Phó Bí thư Thường trực Tỉnh ủy Tran Ngoc Tam làm việc với Đảng ủy xã Tân Thạch."}}) { userErrors { message } } }`, nil)
		people := get(e.query(`{ people(filter: {name: "tran ngoc tam"}) { nodes { id name } } }`, nil), "people", "nodes").([]any)
		if len(people) != 2 {
			t.Errorf("people named Trần Ngọc Tam, with and without diacritics: %v, want 2", people)
		}
		var keep, drop any
		p := &models.Person{Name: "Trần N. Tam"}
		if err := s.CreatePerson(t.Context(), p); err != nil {
			t.Fatal(err)
		}
		for _, n := range get(e.query(`{ people(filter: {name: "tam"}) { nodes { id name } } }`, nil), "people", "nodes").([]any) {
			switch get(n, "name") {
			case "Trần Ngọc Tam":
				keep = get(n, "id")
			case "Trần N. Tam":
				drop = get(n, "id")
			}
		}
		d := e.query(merge, map[string]any{"keep": keep, "drop": drop})
		m := get(d, "mergeEntities")
		if get(m, "mergedId") != drop || get(m, "node", "name") != "Trần Ngọc Tam" || get(m, "node", "aliases", 0) != "Trần N. Tam" {
			t.Fatalf("merge: %v", d)
		}
		// The merge survives import: an article naming the dropped spelling links to the kept person.
		e.query(`mutation { ingestArticle(input: {fields: {title: "Tiếp xúc cử tri", body: "Phó Bí thư Thường trực Tỉnh ủy Trần N. Tam tiếp xúc cử tri huyện Châu Thành."}}) { userErrors { message } } }`, nil)
		after := get(e.query(`{ people(filter: {name: "tam"}) { totalCount } }`, nil), "people", "totalCount")
		if after != 2.0 {
			t.Errorf("after re-import: %v people named Tam, want Trần Ngọc Tam and Tran Ngoc Tam", after)
		}
		if c := get(e.query(merge, map[string]any{"keep": keep, "drop": keep}), "mergeEntities", "userErrors", 0, "code"); c != "INVALID" {
			t.Errorf("self merge: %v", c)
		}
		org := get(e.query(`{ organisations(first: 1) { nodes { id } } }`, nil), "organisations", "nodes", 0, "id")
		if f := get(e.query(merge, map[string]any{"keep": keep, "drop": org}), "mergeEntities", "userErrors", 0, "field", 0); f != "drop" {
			t.Errorf("type mismatch: %v", f)
		}
	})
}
