package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"tracuu/search/relevance"
	"tracuu/vntext"
)

// evalPlanted scores the server at url, whose index holds the development
// articles among the articles of planted.
func evalPlanted(url, planted string, dev []relevance.Article, qs []relevance.Query) error {
	if planted == "" {
		return fmt.Errorf("-url needs -planted, the articles the development ones were planted among")
	}
	others, err := relevance.LoadArticles(planted)
	if err != nil {
		return err
	}
	kept, dropped := uniqueQueries(qs, others)
	// The last article stands for hits that are not articles (entities):
	// they keep their rank and never count.
	arts := append(append(append([]relevance.Article(nil), dev...), others...), relevance.Article{URL: "\x00none"})
	none := len(arts) - 1
	byURL := make(map[string]int, len(arts))
	for i, a := range arts {
		byURL[a.URL] = i
	}
	client := &http.Client{Timeout: time.Minute}
	missing := 0
	start := time.Now()
	got := map[string][]string{} // each query's hits, sent once
	rows, err := relevance.Score(arts, kept, func(q string) ([]int, error) {
		urls, err := searchURLs(client, url, q)
		if err != nil {
			return nil, err
		}
		got[q] = urls
		var out []int
		for _, u := range urls {
			i, ok := byURL[u]
			if !ok {
				if u != "" {
					missing++
				}
				i = none
			}
			out = append(out, i)
		}
		return out, nil
	})
	if err != nil {
		return err
	}
	title := fmt.Sprintf("server %s: %d development articles planted among %d; %d queries (%d known-item queries dropped: their phrase occurs among the others), in %v",
		url, len(dev), len(others), len(kept), dropped, time.Since(start).Round(time.Millisecond))
	if missing > 0 {
		title += fmt.Sprintf("; %d hits of unknown url ignored", missing)
	}
	fmt.Print(relevance.Table(title, rows))
	// The known items not first, to look at.
	for _, q := range kept {
		if q.Target == nil {
			continue
		}
		if urls := got[q.Query]; len(urls) == 0 || urls[0] != *q.Target {
			fmt.Printf("not first: %s %q: rank %d\n", q.Kind, q.Query, slices.Index(urls, *q.Target)+1)
		}
	}
	// The accent probes with half or less of their top 10 in the exact form.
	for _, q := range kept {
		if q.Target != nil {
			continue
		}
		urls := got[q.Query]
		form := strings.ToLower(vntext.NFC(q.Query))
		hit, entities := 0, 0
		for _, u := range urls {
			i, ok := byURL[u]
			if !ok {
				entities++
				continue
			}
			if strings.Contains(strings.ToLower(vntext.NFC(arts[i].Title+"\n"+arts[i].Body)), form) {
				hit++
			}
		}
		if hit <= 5 {
			fmt.Printf("accent probe %q: %d of 10 with the exact form (%d hits not articles)\n", q.Query, hit, entities)
		}
	}
	return nil
}

// uniqueQueries keeps the accent probes and the known-item queries whose
// phrase (base, compared by vntext.Key: folded, lower case, punctuation
// as space) occurs in none of others, and returns how many it dropped.
func uniqueQueries(qs []relevance.Query, others []relevance.Article) ([]relevance.Query, int) {
	phrases := map[string]bool{}
	lengths := map[int]bool{}
	for _, q := range qs {
		if q.Target != nil {
			k := vntext.Key(q.Base)
			phrases[k] = false
			lengths[strings.Count(k, " ")+1] = true
		}
	}
	for _, a := range others {
		for _, text := range []string{a.Title, a.Lead, a.Body} {
			k := vntext.Key(text)
			var starts []int // start of each word, then the end
			for i := 0; i < len(k); i++ {
				if i == 0 || k[i-1] == ' ' {
					starts = append(starts, i)
				}
			}
			starts = append(starts, len(k)+1)
			for i := range len(starts) - 1 {
				for n := range lengths {
					if i+n < len(starts) {
						w := k[starts[i] : starts[i+n]-1]
						if seen, ok := phrases[w]; ok && !seen {
							phrases[w] = true
						}
					}
				}
			}
		}
	}
	var kept []relevance.Query
	dropped := 0
	for _, q := range qs {
		if q.Target != nil && phrases[vntext.Key(q.Base)] {
			dropped++
			continue
		}
		kept = append(kept, q)
	}
	return kept, dropped
}

const plantedQuery = `query($q: String!) { search(query: $q, first: 10) { edges { node { ... on Article { url } } } } }`

// searchURLs returns the urls of the first 10 hits of q (entities: "").
func searchURLs(client *http.Client, url, q string) ([]string, error) {
	body, _ := json.Marshal(map[string]any{"query": plantedQuery, "variables": map[string]any{"q": q}})
	resp, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	var out struct {
		Data struct {
			Search struct {
				Edges []struct {
					Node struct {
						URL *string `json:"url"`
					} `json:"node"`
				} `json:"edges"`
			} `json:"search"`
		} `json:"data"`
		Errors []struct{ Message string } `json:"errors"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return nil, fmt.Errorf("%s: %w", b, err)
	}
	if len(out.Errors) > 0 {
		return nil, fmt.Errorf("%s", out.Errors[0].Message)
	}
	var urls []string
	for _, e := range out.Data.Search.Edges {
		if e.Node.URL != nil {
			urls = append(urls, *e.Node.URL)
		} else {
			urls = append(urls, "")
		}
	}
	return urls, nil
}
