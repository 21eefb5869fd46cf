package explore_test

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"tracuu/explore"
	"tracuu/explore/exploretest"
	"tracuu/models"
	"tracuu/models/modelstest"
)

// parsedGraphML is what a GraphML reader sees.
type parsedGraphML struct {
	Keys []struct {
		ID   string `xml:"id,attr"`
		For  string `xml:"for,attr"`
		Name string `xml:"attr.name,attr"`
	} `xml:"key"`
	Graph struct {
		EdgeDefault string `xml:"edgedefault,attr"`
		Nodes       []struct {
			ID   string `xml:"id,attr"`
			Data []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"node"`
		Edges []struct {
			Source   string `xml:"source,attr"`
			Target   string `xml:"target,attr"`
			Directed string `xml:"directed,attr"`
			Data     []struct {
				Key   string `xml:"key,attr"`
				Value string `xml:",chardata"`
			} `xml:"data"`
		} `xml:"edge"`
	} `xml:"graph"`
}

func TestExport(t *testing.T) {
	ctx := context.Background()
	modelstest.ForEach(t, func(t *testing.T, s *models.Store) {
		sd := exploretest.SeedGraph(t, s)
		e := explore.New(s)
		g, err := e.Network(ctx, explore.NetworkOptions{IDs: []models.Ref{person(sd.TranNgocTam)}, Depth: 2})
		if err != nil {
			t.Fatal(err)
		}

		t.Run("GraphMLParsesBack", func(t *testing.T) {
			var buf bytes.Buffer
			if err := explore.WriteGraphML(&buf, g); err != nil {
				t.Fatal(err)
			}
			var doc parsedGraphML
			if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
				t.Fatalf("GraphML does not parse: %v\n%s", err, buf.String())
			}
			if len(doc.Graph.Nodes) != len(g.Nodes) || len(doc.Graph.Edges) != len(g.Edges) {
				t.Fatalf("parsed %d nodes, %d edges; want %d, %d", len(doc.Graph.Nodes), len(doc.Graph.Edges), len(g.Nodes), len(g.Edges))
			}
			keys := map[string]bool{}
			for _, k := range doc.Keys {
				keys[k.ID] = true
			}
			ids := map[string]string{}
			for _, n := range doc.Graph.Nodes {
				for _, d := range n.Data {
					if !keys[d.Key] {
						t.Errorf("node data uses undeclared key %q", d.Key)
					}
					if d.Key == "label" {
						ids[n.ID] = d.Value
					}
				}
			}
			if ids[person(sd.TranNgocTam).String()] != "Trần Ngọc Tam" || ids[org(sd.TanThach).String()] != "Đảng bộ xã Tân Thạch" {
				t.Errorf("labels %v", ids)
			}
			var position bool
			for _, x := range doc.Graph.Edges {
				if _, ok := ids[x.Source]; !ok {
					t.Errorf("edge from unknown node %q", x.Source)
				}
				if _, ok := ids[x.Target]; !ok {
					t.Errorf("edge to unknown node %q", x.Target)
				}
				data := map[string]string{}
				for _, d := range x.Data {
					data[d.Key] = d.Value
				}
				if data["kind"] == explore.KindPosition && x.Source == person(sd.TranNgocTam).String() {
					position = x.Directed == "true" && data["positions"] != "" && strings.Contains(data["sentence"], "Trần Ngọc Tam")
				}
				if data["kind"] == explore.KindMentionedTogether && x.Directed != "false" {
					t.Errorf("co-mention edge should be undirected: %+v", x)
				}
			}
			if !position {
				t.Error("no directed position edge with its evidence in the GraphML")
			}
		})

		t.Run("CSVRowPerNodeAndEdge", func(t *testing.T) {
			var nodes, edges bytes.Buffer
			if err := explore.WriteCSV(&nodes, &edges, g); err != nil {
				t.Fatal(err)
			}
			nrows, err := csv.NewReader(&nodes).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			erows, err := csv.NewReader(&edges).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if strings.Join(nrows[0], ",") != "Id,Label,EntityType,EntityID,Degree" || len(nrows) != len(g.Nodes)+1 {
				t.Errorf("nodes CSV: header %v, %d rows for %d nodes", nrows[0], len(nrows), len(g.Nodes))
			}
			if strings.Join(erows[0], ",") != "Source,Target,Type,Kind,Weight,Articles,Positions,Sentence" || len(erows) != len(g.Edges)+1 {
				t.Errorf("edges CSV: header %v, %d rows for %d edges", erows[0], len(erows), len(g.Edges))
			}
			if nrows[1][0] != person(sd.TranNgocTam).String() || nrows[1][1] != "Trần Ngọc Tam" {
				t.Errorf("first node row %v", nrows[1])
			}
		})

		t.Run("Handler", func(t *testing.T) {
			srv := httptest.NewServer(e.ExportHandler())
			defer srv.Close()
			get := func(q url.Values) (*http.Response, string) {
				t.Helper()
				resp, err := http.Get(srv.URL + "?" + q.Encode())
				if err != nil {
					t.Fatal(err)
				}
				defer resp.Body.Close()
				var b bytes.Buffer
				b.ReadFrom(resp.Body)
				return resp, b.String()
			}
			ids := person(sd.TranNgocTam).String() + "," + org(sd.TinhUy).GlobalID()
			resp, body := get(url.Values{"ids": {ids}, "depth": {"2"}, "limit": {"200"}})
			if resp.StatusCode != 200 || !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/graphml+xml") {
				t.Fatalf("graphml: %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
			}
			var doc parsedGraphML
			if err := xml.Unmarshal([]byte(body), &doc); err != nil || len(doc.Graph.Nodes) == 0 {
				t.Errorf("served GraphML: %v", err)
			}
			resp, body = get(url.Values{"ids": {ids}, "format": {"edges.csv"}})
			if resp.StatusCode != 200 || !strings.HasPrefix(body, "Source,Target,") {
				t.Errorf("edges.csv: %d %q", resp.StatusCode, body)
			}
			resp, body = get(url.Values{"ids": {ids}, "format": {"nodes.csv"}, "from": {"2020-06-29"}, "to": {"2020-06-29"}})
			if resp.StatusCode != 200 || !strings.HasPrefix(body, "Id,Label,") || !strings.Contains(body, "Đảng bộ xã Tân Thạch") {
				t.Errorf("nodes.csv on the day: %d %q", resp.StatusCode, body)
			}
			for _, c := range []struct {
				q      url.Values
				status int
				msg    string
			}{
				{url.Values{}, 400, "ids is required"},
				{url.Values{"ids": {"Person:abc"}}, 400, "not a positive number"},
				{url.Values{"ids": {ids}, "depth": {"9"}}, 400, "depth 9"},
				{url.Values{"ids": {ids}, "limit": {"many"}}, 400, "limit"},
				{url.Values{"ids": {ids}, "format": {"pdf"}}, 400, "format"},
				{url.Values{"ids": {ids}, "from": {"yesterday"}}, 400, "from"},
				{url.Values{"ids": {"Person:987654"}}, 404, "Person 987654 not found"},
			} {
				resp, body := get(c.q)
				if resp.StatusCode != c.status || !strings.Contains(body, c.msg) {
					t.Errorf("%v: %d %q, want %d with %q", c.q, resp.StatusCode, body, c.status, c.msg)
				}
			}
		})
	})
}
