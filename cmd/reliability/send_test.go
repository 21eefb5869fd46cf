package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestSendOutcomes: sendTagged counts an answer as the mixed clients do,
// now that it decodes only answers that may hold errors: data is ok,
// top-level errors and userErrors are errors with their code or message,
// and an answer that is not JSON is an error.
func TestSendOutcomes(t *testing.T) {
	for _, c := range []struct{ answer, want string }{
		{`{"data":{"search":{"totalCount":3,"edges":[{"node":{"title":"errors and \"errors\""}}]}}}`, "ok"},
		{`{"data":{"ingestArticle":{"status":"CREATED","userErrors":[]}}}`, "ok"},
		{`{"errors":[{"message":"over budget","extensions":{"code":"TIMEOUT"}}],"data":null}`, "TIMEOUT: over budget"},
		{`{"data":{"ingestArticle":{"status":"REJECTED","userErrors":[{"field":["url"],"message":"bad url"}]}}}`, "userError: bad url"},
		{`{"data":{"search":`, "HTTP 200: "},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte(c.answer)) }))
		got := sendTagged(srv.Client(), srv.URL, "{ x }", nil, "")
		srv.Close()
		if !strings.HasPrefix(got, c.want) {
			t.Errorf("%s: %q, want %q", c.answer, got, c.want)
		}
	}
}
