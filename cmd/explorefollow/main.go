// Command explorefollow measures what keeping the explorer's graph fresh
// costs under a stream of writes, on an existing database.
//
// apply, in process: loads the graph whole (what every refresh cost before
// the graph followed the change log), then, for each N, stores N articles
// as an import does (with mentions of existing entities and authors) and
// times the refresh that brings the graph up to date. The explorer's debug
// log says whether a refresh loaded the graph or followed the log.
//
//	explorefollow apply -data-dir DIR -n 1,10,100,1000
//
// stale, against a running server: sends ingestArticle mutations one after
// another and, after each, asks for the new article's network until the
// explorer knows it: the time from the mutation's answer to then is how
// stale explorer answers are.
//
//	explorefollow stale -url http://127.0.0.1:18401/graphql -token T -n 30
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime/pprof"
	"slices"
	"strconv"
	"strings"
	"time"

	"tracuu/explore"
	"tracuu/models"
)

func main() {
	log.SetFlags(0)
	if len(os.Args) < 2 {
		log.Fatal("usage: explorefollow apply|stale [flags]")
	}
	switch os.Args[1] {
	case "apply":
		apply(os.Args[2:])
	case "stale":
		stale(os.Args[2:])
	default:
		log.Fatalf("unknown mode %q: apply or stale", os.Args[1])
	}
}

func apply(args []string) {
	fs := flag.NewFlagSet("apply", flag.ExitOnError)
	dataDir := fs.String("data-dir", "", "DATA_DIR of an SQLite database")
	dbURL := fs.String("database-url", "", "postgres:// URL instead")
	ns := fs.String("n", "1,10,100,1000", "articles written before each refresh")
	loads := fs.Int("loads", 2, "whole loads timed")
	rounds := fs.Int("rounds", 1, "times the list of -n is gone through")
	cpuprofile := fs.String("cpuprofile", "", "write a CPU profile of the writes and refreshes to this file")
	fs.Parse(args)
	ctx := context.Background()
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelDebug})))
	s, err := models.Open(ctx, *dbURL, *dataDir)
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	for i := range *loads {
		start := time.Now()
		if err := explore.New(s).Refresh(ctx); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("whole load %d: %s\n", i+1, time.Since(start).Round(time.Millisecond))
	}
	e := explore.New(s)
	if err := e.Refresh(ctx); err != nil {
		log.Fatal(err)
	}
	ids := map[string][]int64{}
	for _, typ := range []string{models.TypeOrganisation, models.TypePerson, models.TypeResolution} {
		err := s.EachEntityID(ctx, typ, func(id int64) error { ids[typ] = append(ids[typ], id); return nil })
		if err != nil {
			log.Fatal(err)
		}
	}
	r := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	if *cpuprofile != "" {
		// Writes and refreshes: read it with -focus 'Explorer..Refresh'.
		f, err := os.Create(*cpuprofile)
		if err != nil {
			log.Fatal(err)
		}
		if err := pprof.StartCPUProfile(f); err != nil {
			log.Fatal(err)
		}
		defer pprof.StopCPUProfile()
	}
	for _, f := range slices.Repeat(strings.Split(*ns, ","), *rounds) {
		n, err := strconv.Atoi(f)
		if err != nil {
			log.Fatal(err)
		}
		start := time.Now()
		for range n {
			writeArticle(ctx, s, r, ids)
		}
		wrote := time.Since(start)
		start = time.Now()
		if err := e.Refresh(ctx); err != nil {
			log.Fatal(err)
		}
		fmt.Printf("%d articles written in %s; refresh %s\n", n, wrote.Round(time.Millisecond), time.Since(start).Round(time.Millisecond))
	}
}

// writeArticle stores a new article dated now, mentioning a few existing
// entities, with an author: the writes ingestArticle makes to the tables
// the graph is built from.
func writeArticle(ctx context.Context, s *models.Store, r *rand.Rand, ids map[string][]int64) {
	now := time.Now().UTC()
	u := fmt.Sprintf("https://example.vn/follow/%d-%d", now.UnixNano(), r.Int())
	a := &models.Article{URL: &u, Title: "Bài viết thử " + u, Body: "Nội dung thử.", PublishedAt: &now}
	people := ids[models.TypePerson]
	if _, err := s.SaveArticle(ctx, a, []int64{people[r.IntN(len(people))]}); err != nil {
		log.Fatal(err)
	}
	var ms []models.Mention
	for range 2 + r.IntN(6) {
		typ := []string{models.TypeOrganisation, models.TypePerson, models.TypeResolution}[r.IntN(3)]
		l := ids[typ]
		ms = append(ms, models.Mention{EntityType: typ, EntityID: l[r.IntN(len(l))], Sentence: "Câu thử."})
	}
	if err := s.ReplaceMentions(ctx, a.ID, ms); err != nil {
		log.Fatal(err)
	}
}

func stale(args []string) {
	fs := flag.NewFlagSet("stale", flag.ExitOnError)
	url := fs.String("url", "http://127.0.0.1:8080/graphql", "GraphQL endpoint")
	token := fs.String("token", "", "bearer token for the mutations")
	n := fs.Int("n", 30, "articles ingested, one after the other")
	poll := fs.Duration("poll", 100*time.Millisecond, "interval of the network queries")
	limit := fs.Duration("limit", 5*time.Minute, "give up on an article after this long")
	fs.Parse(args)
	c := &client{url: *url, token: *token}
	// A first query makes the server load its graph.
	c.do(`{ network(ids: ["T3JnYW5pc2F0aW9uOjE="], depth: 1, limit: 5) { nodes { id } } }`, nil)
	var lags []time.Duration
	for i := range *n {
		now := time.Now().UTC()
		in := map[string]any{"fields": map[string]any{
			"title":       fmt.Sprintf("Ủy ban nhân dân tỉnh Bến Tre họp phiên thường kỳ %d", now.UnixNano()),
			"body":        "Ủy ban nhân dân tỉnh Bến Tre và Sở Tài chính tỉnh Bến Tre bàn về Nghị quyết 05-NQ/TU. Ông Trần Ngọc Tam, Phó Bí thư Thường trực Tỉnh ủy Bến Tre, dự họp.",
			"url":         fmt.Sprintf("https://example.vn/stale/%d", now.UnixNano()),
			"publishedAt": now.Format(time.RFC3339),
		}}
		var out struct {
			IngestArticle struct {
				Article    struct{ ID string }
				UserErrors []struct{ Message string }
			}
		}
		c.do(`mutation($in: IngestArticleInput!) { ingestArticle(input: $in) { article { id } userErrors { message } } }`, map[string]any{"in": in}, &out)
		if len(out.IngestArticle.UserErrors) > 0 || out.IngestArticle.Article.ID == "" {
			log.Fatalf("ingestArticle: %+v", out.IngestArticle)
		}
		stored := time.Now()
		id := out.IngestArticle.Article.ID
		for {
			if ok := c.try(`query($ids: [ID!]!) { network(ids: $ids, depth: 1, limit: 5) { nodes { id } } }`, map[string]any{"ids": []string{id}}); ok {
				break
			}
			if time.Since(stored) > *limit {
				log.Fatalf("article %s: not in the explorer after %s", id, *limit)
			}
			time.Sleep(*poll)
		}
		lag := time.Since(stored)
		lags = append(lags, lag)
		fmt.Printf("article %d: in the explorer %s after it was stored\n", i+1, lag.Round(time.Millisecond))
	}
	slices.Sort(lags)
	var sum time.Duration
	for _, l := range lags {
		sum += l
	}
	fmt.Printf("staleness over %d articles: min %s, median %s, mean %s, max %s\n", len(lags), lags[0].Round(time.Millisecond),
		lags[len(lags)/2].Round(time.Millisecond), (sum / time.Duration(len(lags))).Round(time.Millisecond), lags[len(lags)-1].Round(time.Millisecond))
}

type client struct {
	url, token string
}

type response struct {
	Data   json.RawMessage
	Errors []struct{ Message string }
}

func (c *client) post(query string, vars map[string]any) response {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest("POST", c.url, bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		log.Fatal(err)
	}
	defer res.Body.Close()
	var out response
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil {
		log.Fatalf("%s: %v", res.Status, err)
	}
	return out
}

// do runs a query that must succeed and decodes its data into out.
func (c *client) do(query string, vars map[string]any, out ...any) {
	r := c.post(query, vars)
	if len(r.Errors) > 0 {
		log.Fatalf("%s: %s", firstLine(query), r.Errors[0].Message)
	}
	if len(out) > 0 {
		if err := json.Unmarshal(r.Data, out[0]); err != nil {
			log.Fatal(err)
		}
	}
}

// try runs a query and reports whether it answered without errors.
func (c *client) try(query string, vars map[string]any) bool {
	return len(c.post(query, vars).Errors) == 0
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }
