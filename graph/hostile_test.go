package graph_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"

	"tracuu/ingest"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// TestLikeWildcards: a filter's % and _ are the characters, not
// wildcards: no article title holds them, so none is listed.
func TestLikeWildcards(t *testing.T) {
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		e := newEnv(t, s)
		if n := get(e.query(`{ articles { totalCount } }`, nil), "articles", "totalCount"); n == 0.0 {
			t.Fatal("the sample has no article")
		}
		for _, f := range []string{"%", "_", `\`, "%_%"} {
			d := e.query(`query($t: String) { articles(filter: {title: $t}) { totalCount } resolutions(filter: {text: $t}) { totalCount } }`, map[string]any{"t": f})
			if n := get(d, "articles", "totalCount"); n != 0.0 {
				t.Errorf("articles titled %q: %v, want 0", f, n)
			}
			if n := get(d, "resolutions", "totalCount"); n != 0.0 {
				t.Errorf("resolutions with text %q: %v, want 0", f, n)
			}
		}
	})
}

// TestBearerSchemeCase: the scheme of Authorization is case-insensitive.
func TestBearerSchemeCase(t *testing.T) {
	e := newEnv(t, modelstest.Open(t, "sqlite"))
	const m = `mutation { ingestArticle(input: {fields: {title: "Họp", body: "Tỉnh ủy Bến Tre họp."}}) { status } }`
	for _, h := range []string{"bearer " + token, "BEARER " + token, "Bearer  " + token} {
		r := rawPost(t, e, h, []byte(`{"query": `+quote(m)+`}`))
		if len(r.Errors) > 0 || get(r.Data, "ingestArticle", "status") == nil {
			t.Errorf("Authorization: %q: %+v", h, r.Errors)
		}
	}
	for _, h := range []string{"Basic " + token, token, "bearer"} {
		r := rawPost(t, e, h, []byte(`{"query": `+quote(m)+`}`))
		if len(r.Errors) == 0 || r.Errors[0].Extensions.Code != "UNAUTHENTICATED" {
			t.Errorf("Authorization: %q accepted: %+v", h, r)
		}
	}
}

// TestInvalidUTF8Input: bytes that are not UTF-8 in an article are
// reported by field, not dropped.
func TestInvalidUTF8Input(t *testing.T) {
	e := newEnv(t, modelstest.Open(t, "sqlite"))
	const m = `mutation($in: IngestArticleInput!) { ingestArticle(input: $in) { article { id } userErrors { field message } } }`
	for field, body := range map[string]string{
		"fields.body":  strings.ReplaceAll(`{"fields": {"title": "Họp", "body": "Tỉnh ủy BAD họp."}}`, "BAD", "\xff\xfe"),
		"fields.title": strings.ReplaceAll(`{"fields": {"title": "HBADp", "body": "Tỉnh ủy họp."}}`, "BAD", "\xc3"),
		"text":         strings.ReplaceAll(`{"text": "Họp\n\nTỉnh ủy BAD họp."}`, "BAD", "\xe1\x80"),
	} {
		raw := []byte(`{"query": ` + quote(m) + `, "variables": {"in": ` + body + `}}`)
		r := rawPost(t, e, "Bearer "+token, raw)
		if len(r.Errors) > 0 {
			t.Fatalf("%s: %+v", field, r.Errors)
		}
		p := get(r.Data, "ingestArticle")
		if get(p, "article") != nil || get(p, "userErrors", 0, "field", 1) != field || !strings.Contains(get(p, "userErrors", 0, "message").(string), "UTF-8") {
			t.Errorf("%s: %v", field, p)
		}
	}
}

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// rawPost posts body as it is, with the Authorization header auth.
func rawPost(t *testing.T, e *env, auth string, body []byte) response {
	t.Helper()
	req, _ := http.NewRequest("POST", e.srv.URL, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", auth)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var r response
	if err := json.NewDecoder(resp.Body).Decode(&r); err != nil {
		t.Fatalf("decode: %v", err)
	}
	return r
}

// TestArticleSizeLimit: an article longer than the documented limit is
// refused with a userError naming the field and the limit, before any
// extraction.
func TestArticleSizeLimit(t *testing.T) {
	e := newEnv(t, modelstest.Open(t, "sqlite"))
	const m = `mutation($in: IngestArticleInput!) { ingestArticle(input: $in) { article { id } userErrors { field message } } }`
	long := strings.Repeat("Tỉnh ủy họp. ", ingest.MaxTextBytes/len("Tỉnh ủy họp. ")+1)
	for field, in := range map[string]map[string]any{
		"fields.body": {"fields": map[string]any{"title": "Họp", "body": long}},
		"fields.lead": {"fields": map[string]any{"title": "Họp", "body": "Họp.", "lead": long}},
		"text":        {"text": "Họp\n\n" + long},
	} {
		p := get(e.query(m, map[string]any{"in": in}), "ingestArticle")
		msg, _ := get(p, "userErrors", 0, "message").(string)
		if get(p, "article") != nil || get(p, "userErrors", 0, "field", 1) != field || !strings.Contains(msg, fmt.Sprint(ingest.MaxTextBytes)) {
			t.Errorf("%s: %v", field, get(p, "userErrors"))
		}
	}
}
