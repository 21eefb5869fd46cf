package explore

import (
	"bytes"
	"encoding/csv"
	"encoding/xml"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"time"

	"tracuu/models"
	"tracuu/vntext"
)

// GraphML document, as Gephi, yEd, Cytoscape and networkx read it.
type graphML struct {
	XMLName xml.Name     `xml:"graphml"`
	XMLNS   string       `xml:"xmlns,attr"`
	Keys    []graphMLKey `xml:"key"`
	Graph   graphMLGraph `xml:"graph"`
}

type graphMLKey struct {
	ID   string `xml:"id,attr"`
	For  string `xml:"for,attr"`
	Name string `xml:"attr.name,attr"`
	Type string `xml:"attr.type,attr"`
}

type graphMLGraph struct {
	ID          string        `xml:"id,attr"`
	EdgeDefault string        `xml:"edgedefault,attr"`
	Nodes       []graphMLNode `xml:"node"`
	Edges       []graphMLEdge `xml:"edge"`
}

type graphMLNode struct {
	ID   string        `xml:"id,attr"`
	Data []graphMLData `xml:"data"`
}

type graphMLEdge struct {
	ID       string        `xml:"id,attr"`
	Source   string        `xml:"source,attr"`
	Target   string        `xml:"target,attr"`
	Directed bool          `xml:"directed,attr"`
	Data     []graphMLData `xml:"data"`
}

type graphMLData struct {
	Key   string `xml:"key,attr"`
	Value string `xml:",chardata"`
}

// WriteGraphML writes g as GraphML. Nodes are identified "Type:id" and carry
// label, type, entity_id and degree; edges carry kind, weight, and their
// evidence as articles (space-separated ids), positions and sentence (the
// first sentence). mentioned_together edges are undirected, the others
// directed.
func WriteGraphML(w io.Writer, g *Graph) error {
	doc := graphML{
		XMLNS: "http://graphml.graphdrawing.org/xmlns",
		Keys: []graphMLKey{
			{"label", "node", "label", "string"},
			{"type", "node", "type", "string"},
			{"entity_id", "node", "entity_id", "long"},
			{"degree", "node", "degree", "int"},
			{"kind", "edge", "kind", "string"},
			{"weight", "edge", "weight", "double"},
			{"articles", "edge", "articles", "string"},
			{"positions", "edge", "positions", "string"},
			{"sentence", "edge", "sentence", "string"},
		},
		Graph: graphMLGraph{ID: "tracuu", EdgeDefault: "directed"},
	}
	for _, n := range g.Nodes {
		doc.Graph.Nodes = append(doc.Graph.Nodes, graphMLNode{ID: n.Ref.String(), Data: []graphMLData{
			{"label", n.Label},
			{"type", n.Type},
			{"entity_id", strconv.FormatInt(n.ID, 10)},
			{"degree", strconv.Itoa(n.Degree)},
		}})
	}
	for i, e := range g.Edges {
		articles, positions, sentence := evidenceColumns(e.Evidence)
		doc.Graph.Edges = append(doc.Graph.Edges, graphMLEdge{
			ID: "e" + strconv.Itoa(i), Source: e.From.String(), Target: e.To.String(),
			Directed: e.Kind != KindMentionedTogether,
			Data: []graphMLData{
				{"kind", e.Kind},
				{"weight", strconv.Itoa(e.Weight)},
				{"articles", articles},
				{"positions", positions},
				{"sentence", sentence},
			},
		})
	}
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return errorf("unable to write GraphML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}

func evidenceColumns(ev []Evidence) (articles, positions, sentence string) {
	var a, p []string
	for _, e := range ev {
		if e.ArticleID != nil {
			a = append(a, strconv.FormatInt(*e.ArticleID, 10))
		}
		if e.PositionID != nil {
			p = append(p, strconv.FormatInt(*e.PositionID, 10))
		}
		if sentence == "" {
			sentence = e.Sentence
		}
	}
	return strings.Join(a, " "), strings.Join(p, " "), sentence
}

// WriteCSV writes g as two CSV files in the form Gephi's spreadsheet import
// reads: nodes (Id, Label, EntityType, EntityID, Degree) and edges (Source,
// Target, Type [Directed or Undirected], Kind, Weight, Articles, Positions,
// Sentence). Each starts with its header row, then one row per node or edge.
func WriteCSV(nodes, edges io.Writer, g *Graph) error {
	nw := csv.NewWriter(nodes)
	nw.Write([]string{"Id", "Label", "EntityType", "EntityID", "Degree"})
	for _, n := range g.Nodes {
		nw.Write([]string{n.Ref.String(), n.Label, n.Type, strconv.FormatInt(n.ID, 10), strconv.Itoa(n.Degree)})
	}
	nw.Flush()
	if err := nw.Error(); err != nil {
		return errorf("unable to write nodes CSV: %w", err)
	}
	ew := csv.NewWriter(edges)
	ew.Write([]string{"Source", "Target", "Type", "Kind", "Weight", "Articles", "Positions", "Sentence"})
	for _, e := range g.Edges {
		dir := "Directed"
		if e.Kind == KindMentionedTogether {
			dir = "Undirected"
		}
		articles, positions, sentence := evidenceColumns(e.Evidence)
		ew.Write([]string{e.From.String(), e.To.String(), dir, e.Kind, strconv.Itoa(e.Weight), articles, positions, sentence})
	}
	ew.Flush()
	if err := ew.Error(); err != nil {
		return errorf("unable to write edges CSV: %w", err)
	}
	return nil
}

// ExportHandler serves the network of NetworkOptions as a file:
//
//	GET ?ids=Person:1,Organisation:2&depth=2&limit=200&maxEdges=800&types=Person,Organisation&from=2020-01-01&to=2020-12-31&format=graphml
//
// ids are "Type:id" or GraphQL global ids; format is graphml (the default),
// nodes.csv or edges.csv; from and to are dates (Asia/Ho_Chi_Minh) or
// RFC 3339 times. Invalid parameters get 400 and a message naming them, an
// unknown id 404.
func (e *Explorer) ExportHandler() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "method not allowed: use GET", http.StatusMethodNotAllowed)
			return
		}
		opt, format, err := exportOptions(r)
		if err != nil {
			writeError(w, err)
			return
		}
		g, err := e.Network(r.Context(), opt)
		if err != nil {
			writeError(w, err)
			return
		}
		var buf bytes.Buffer
		var ctype, name string
		switch format {
		case "graphml":
			ctype, name = "application/graphml+xml; charset=utf-8", "network.graphml"
			err = WriteGraphML(&buf, g)
		case "nodes.csv":
			ctype, name = "text/csv; charset=utf-8", "nodes.csv"
			err = WriteCSV(&buf, io.Discard, g)
		case "edges.csv":
			ctype, name = "text/csv; charset=utf-8", "edges.csv"
			err = WriteCSV(io.Discard, &buf, g)
		}
		if err != nil {
			writeError(w, err)
			return
		}
		w.Header().Set("Content-Type", ctype)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Write(buf.Bytes())
	})
}

func exportOptions(r *http.Request) (NetworkOptions, string, error) {
	q := r.URL.Query()
	var opt NetworkOptions
	format := q.Get("format")
	switch format {
	case "":
		format = "graphml"
	case "graphml", "nodes.csv", "edges.csv":
	default:
		return opt, "", models.Invalid("format", "format %q is not one of graphml, nodes.csv, edges.csv", format)
	}
	ids := strings.Split(q.Get("ids"), ",")
	for _, s := range ids {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		ref, err := parseID(s)
		if err != nil {
			return opt, "", err
		}
		opt.IDs = append(opt.IDs, ref)
	}
	if len(opt.IDs) == 0 {
		return opt, "", models.Invalid("ids", "ids is required: a comma-separated list such as Person:1,Organisation:2")
	}
	for _, p := range []struct {
		name string
		dst  *int
	}{{"depth", &opt.Depth}, {"limit", &opt.Limit}, {"maxEdges", &opt.MaxEdges}} {
		if v := q.Get(p.name); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil {
				return opt, "", models.Invalid(p.name, "%s %q is not a number", p.name, v)
			}
			*p.dst = n
		}
	}
	if v := q.Get("types"); v != "" {
		opt.Types = strings.Split(v, ",")
	}
	for _, p := range []struct {
		name string
		dst  **time.Time
		end  bool
	}{{"from", &opt.From, false}, {"to", &opt.To, true}} {
		if v := q.Get(p.name); v != "" {
			t, err := parseTime(v, p.end)
			if err != nil {
				return opt, "", models.Invalid(p.name, "%s %q is not a date (2020-06-29) or an RFC 3339 time", p.name, v)
			}
			*p.dst = &t
		}
	}
	return opt, format, nil
}

// parseTime reads an RFC 3339 time or a date in Asia/Ho_Chi_Minh; a date
// as an upper bound means the end of that day.
func parseTime(s string, end bool) (time.Time, error) {
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, s, vntext.Vietnam)
	if err != nil {
		return t, err
	}
	if end {
		t = t.AddDate(0, 0, 1).Add(-time.Second)
	}
	return t, nil
}

func writeError(w http.ResponseWriter, err error) {
	switch models.ErrorCode(err) {
	case models.EINVALID:
		http.Error(w, err.Error(), http.StatusBadRequest)
	case models.ENOTFOUND:
		http.Error(w, err.Error(), http.StatusNotFound)
	default:
		slog.Error("explore: export failed", "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
	}
}
