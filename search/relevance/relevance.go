// Package relevance scores a search engine on the development corpus
// (../shared/corpus) the way its README describes: success@1, success@10
// and MRR@10 of the target per known-item kind, and for accent probes the
// share of the top 10 whose title or body holds the query's exact form.
package relevance

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"tracuu/models"
	"tracuu/search"
	"tracuu/vntext"
)

// Article is one line of the JSON Lines corpus.
type Article struct {
	Title       string   `json:"title"`
	Body        string   `json:"body"`
	Lead        string   `json:"lead"`
	PublishedAt string   `json:"publishedAt"`
	Source      string   `json:"source"`
	URL         string   `json:"url"`
	Authors     []string `json:"authors"`
	Section     string   `json:"section"`
}

// Query is one entry of dev-queries.json.
type Query struct {
	Kind   string  `json:"kind"`
	Query  string  `json:"query"`
	Target *string `json:"target"`
	Base   string  `json:"base"`
}

// CorpusFile and QueriesFile are the file names in the corpus folder.
const (
	CorpusFile  = "dantri-2019-2021.jsonl"
	QueriesFile = "dev-queries.json"
)

// LoadArticles reads the JSON Lines corpus.
func LoadArticles(path string) ([]Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Article
	r := bufio.NewReaderSize(f, 1<<20)
	for n := 1; ; n++ {
		line, err := r.ReadBytes('\n')
		if len(strings.TrimSpace(string(line))) > 0 {
			var a Article
			if err := json.Unmarshal(line, &a); err != nil {
				return nil, fmt.Errorf("%s:%d: %w", path, n, err)
			}
			out = append(out, a)
		}
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
	}
}

// LoadQueries reads dev-queries.json.
func LoadQueries(path string) ([]Query, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var qs []Query
	return qs, json.Unmarshal(b, &qs)
}

// Load reads both files from the corpus folder dir.
func Load(dir string) ([]Article, []Query, error) {
	arts, err := LoadArticles(filepath.Join(dir, CorpusFile))
	if err != nil {
		return nil, nil, err
	}
	qs, err := LoadQueries(filepath.Join(dir, QueriesFile))
	return arts, qs, err
}

// Doc returns article i as a search document, "Article:i".
func (a Article) Doc(i int) search.Doc {
	d := search.Doc{
		ID:      models.Ref{Type: models.TypeArticle, ID: int64(i)}.String(),
		Type:    models.TypeArticle,
		Title:   a.Title,
		Lead:    a.Lead,
		Body:    a.Body,
		Source:  a.Source,
		Section: a.Section,
		Authors: a.Authors,
	}
	if t, err := time.Parse("2006-01-02", a.PublishedAt); err == nil {
		d.PublishedAt = t
	} else if t, err := time.Parse(time.RFC3339, a.PublishedAt); err == nil {
		d.PublishedAt = t
	}
	return d
}

// Ranker returns the indexes (into the article list) of the top 10 results
// for a query.
type Ranker func(query string) ([]int, error)

// Row is the score of one kind of query.
type Row struct {
	Kind                string
	N                   int
	Success1, Success10 float64
	MRR10               float64
	AccentShare         float64 // accent probes only
	Accent              bool
}

// Score runs every query through rank and scores it.
func Score(arts []Article, qs []Query, rank Ranker) ([]Row, error) {
	byURL := make(map[string]int, len(arts))
	for i, a := range arts {
		byURL[a.URL] = i
	}
	// Exact-form texts for accent probes, as the README defines them.
	texts := make([]string, len(arts))
	rows := map[string]*Row{}
	var order []string
	for _, q := range qs {
		r := rows[q.Kind]
		if r == nil {
			r = &Row{Kind: q.Kind, Accent: q.Target == nil}
			rows[q.Kind] = r
			order = append(order, q.Kind)
		}
		top, err := rank(q.Query)
		if err != nil {
			return nil, fmt.Errorf("%s %q: %w", q.Kind, q.Query, err)
		}
		if len(top) > 10 {
			top = top[:10]
		}
		r.N++
		if q.Target == nil {
			form := strings.ToLower(vntext.NFC(q.Query))
			hit := 0
			for _, i := range top {
				if texts[i] == "" {
					texts[i] = strings.ToLower(vntext.NFC(arts[i].Title + "\n" + arts[i].Body))
				}
				if strings.Contains(texts[i], form) {
					hit++
				}
			}
			r.AccentShare += float64(hit) / 10
			continue
		}
		target, ok := byURL[*q.Target]
		if !ok {
			return nil, fmt.Errorf("target %s not in corpus", *q.Target)
		}
		for k, i := range top {
			if i == target {
				if k == 0 {
					r.Success1++
				}
				r.Success10++
				r.MRR10 += 1 / float64(k+1)
				break
			}
		}
	}
	out := make([]Row, 0, len(order))
	for _, k := range order {
		r := rows[k]
		n := float64(r.N)
		r.Success1 /= n
		r.Success10 /= n
		r.MRR10 /= n
		r.AccentShare /= n
		out = append(out, *r)
	}
	sort.SliceStable(out, func(i, j int) bool { return !out[i].Accent && out[j].Accent })
	return out, nil
}

// Table formats rows for a terminal.
func Table(title string, rows []Row) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n", title)
	fmt.Fprintf(&b, "%-13s %5s %10s %10s %8s\n", "kind", "n", "success@1", "success@10", "MRR@10")
	for _, r := range rows {
		if r.Accent {
			fmt.Fprintf(&b, "%-13s %5d %32s %.3f\n", r.Kind, r.N, "share of top 10 with exact form:", r.AccentShare)
			continue
		}
		fmt.Fprintf(&b, "%-13s %5d %10.3f %10.3f %8.3f\n", r.Kind, r.N, r.Success1, r.Success10, r.MRR10)
	}
	return b.String()
}
