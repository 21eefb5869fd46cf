package main

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestGraphQLClient(t *testing.T) {
	var got struct {
		Query     string         `json:"query"`
		Variables map[string]any `json:"variables"`
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer tok" || r.Header.Get("Content-Type") != "application/json" {
			http.Error(w, "headers", http.StatusBadRequest)
			return
		}
		json.NewDecoder(r.Body).Decode(&got)
		if got.Variables["id"] == "bad" {
			w.Write([]byte(`{"errors":[{"message":"Person 9 not found"}]}`))
			return
		}
		w.Write([]byte(`{"data":{"related":{"__typename":"RelatedConnection"}}}`))
	}))
	defer srv.Close()
	c := &gqlClient{url: srv.URL, token: "tok", http: srv.Client()}
	if err := c.do("query($id: ID!) { related(id: $id) { __typename } }", map[string]any{"id": "UGVyc29uOjE="}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(got.Query, "related(id: $id)") || got.Variables["id"] != "UGVyc29uOjE=" {
		t.Errorf("sent %+v", got)
	}
	if err := c.do("query", map[string]any{"id": "bad"}); err == nil || !strings.Contains(err.Error(), "Person 9 not found") {
		t.Errorf("GraphQL errors must fail the query: %v", err)
	}
	c.url = srv.URL + "/nowhere"
	c.token = ""
	if err := c.do("query", nil); err == nil || !strings.Contains(err.Error(), "HTTP 400") {
		t.Errorf("a non-200 answer must fail: %v", err)
	}
}
