// Command explorebench measures relationship exploration on a large
// generated archive in PostgreSQL: it creates (or reuses) a scratch
// database, bulk loads a synthetic graph with a Zipf degree distribution
// through COPY, then times Related, Network (depth 2, limit 200) and Path
// (4 hops) over random entities, a share of them hubs, directly through
// explore.Explorer and, with -graphql, through a GraphQL endpoint.
//
//	go run ./cmd/explorebench                      # generate once, measure
//	go run ./cmd/explorebench -graphql http://localhost:8080/graphql
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"

	"tracuu/explore"
	"tracuu/explore/exploretest"
	"tracuu/models"
)

func main() {
	var (
		admin   = flag.String("db", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "PostgreSQL server URL (any database on it)")
		name    = flag.String("name", "tracuu_explorebench", "scratch database, created if missing")
		size    = flag.String("size", "large", "graph size: large (100k+ entities, 1.2M mentions) or small")
		regen   = flag.Bool("regen", false, "regenerate the graph even if the database holds one")
		n       = flag.Int("n", 1000, "queries per operation")
		hubs    = flag.Float64("hubs", 0.1, "share of inputs drawn from the 100 most mentioned entities")
		seed    = flag.Uint64("seed", 1, "seed of the random inputs")
		gqlURL  = flag.String("graphql", "", "also send the equivalent GraphQL queries to this endpoint")
		token   = flag.String("token", "", "bearer token for -graphql")
		qRel    = flag.String("q-related", `query($id: ID!) { related(id: $id, first: 20) { __typename } }`, "GraphQL query for related")
		qNet    = flag.String("q-network", `query($ids: [ID!]!) { network(ids: $ids, depth: 2, limit: 200) { __typename } }`, "GraphQL query for network")
		qPath   = flag.String("q-path", `query($from: ID!, $to: ID!) { path(from: $from, to: $to, maxHops: 4) { __typename } }`, "GraphQL query for path")
		noLocal = flag.Bool("skip-direct", false, "skip the direct measurements (with -graphql)")
		only    = flag.String("only", "", "measure only the operations whose name starts with this (related, network, path)")
		cpuprof = flag.String("cpuprofile", "", "write a CPU profile of the direct measurements to this file")
		example = flag.Bool("example", false, "print, as JSON, the answers for the biggest hub and exit")
		conc    = flag.Int("concurrency", 1, "queries in flight at once")
	)
	flag.Parse()
	log.SetFlags(0)
	ctx := context.Background()

	cfg := exploretest.Large
	if *size == "small" {
		cfg = exploretest.Small
	}
	dbURL, err := ensureDatabase(ctx, *admin, *name)
	if err != nil {
		log.Fatal(err)
	}
	s, err := models.Open(ctx, dbURL, "")
	if err != nil {
		log.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Migrate(ctx); err != nil {
		log.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		log.Fatal(err)
	}
	defer conn.Close(ctx)
	var have int64
	if err := conn.QueryRow(ctx, "SELECT COUNT(*) FROM mentions").Scan(&have); err != nil {
		log.Fatal(err)
	}
	if *regen || have == 0 {
		if err := generate(ctx, conn, cfg); err != nil {
			log.Fatal(err)
		}
	}

	ents, err := degrees(ctx, conn)
	if err != nil {
		log.Fatal(err)
	}
	e := explore.New(s)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	if err := e.Refresh(ctx); err != nil {
		log.Fatal(err)
	}
	loadTime := time.Since(start)
	runtime.GC()
	runtime.ReadMemStats(&after)
	start = time.Now()
	if err := e.Refresh(ctx); err != nil { // unchanged: only the change check runs
		log.Fatal(err)
	}
	checkTime := time.Since(start)
	fmt.Printf("database %s on %s\n", *name, redact(*admin))
	printGraphStats(ctx, conn, ents)
	fmt.Printf("in-memory graph loaded in %s, %d MiB of heap; change check %s\n\n", loadTime.Round(time.Millisecond), (int64(after.HeapAlloc)-int64(before.HeapAlloc))>>20, checkTime.Round(time.Millisecond))

	if *example {
		hub, other := ents[0].Ref, ents[len(ents)/3].Ref
		rel, err := e.Related(ctx, hub, explore.RelatedOptions{First: 3})
		show("related", rel, err)
		g, err := e.Network(ctx, explore.NetworkOptions{IDs: []models.Ref{hub}, Depth: 2, Limit: 200})
		if err == nil {
			kinds := map[string]int{}
			for _, x := range g.Edges {
				kinds[x.Kind]++
			}
			fmt.Printf("network of %v: %d nodes, edges by kind %v; first edge: ", hub, len(g.Nodes), kinds)
			show("", g.Edges[0], nil)
		}
		p, err := e.Path(ctx, other, hub, 4, 2)
		show(fmt.Sprintf("paths %v → %v", other, hub), p, err)
		return
	}
	r := rand.New(rand.NewPCG(*seed, 42))
	top := ents[:min(100, len(ents))]
	pick := func() (models.Ref, bool) {
		if r.Float64() < *hubs {
			return top[r.IntN(len(top))].Ref, true
		}
		return ents[r.IntN(len(ents))].Ref, false
	}
	inputs := make([]input, *n)
	for i := range inputs {
		in := &inputs[i]
		in.a, in.hubA = pick()
		in.b, in.hb = pick()
	}

	ops := []struct {
		name   string
		direct func(in input) (bool, error)
		gql    func(c *gqlClient, in input) error
	}{
		{"related (first 20)", func(in input) (bool, error) {
			p, err := e.Related(ctx, in.a, explore.RelatedOptions{First: 20})
			return p.Total > 0, err
		}, func(c *gqlClient, in input) error {
			return c.do(*qRel, map[string]any{"id": in.a.GlobalID()})
		}},
		{"network (depth 2, limit 200)", func(in input) (bool, error) {
			g, err := e.Network(ctx, explore.NetworkOptions{IDs: []models.Ref{in.a}, Depth: 2, Limit: 200})
			return g != nil && len(g.Nodes) > 1, err
		}, func(c *gqlClient, in input) error {
			return c.do(*qNet, map[string]any{"ids": []string{in.a.GlobalID()}})
		}},
		{"path (max 4 hops)", func(in input) (bool, error) {
			p, err := e.Path(ctx, in.a, in.b, 4, 1)
			return len(p) > 0, err
		}, func(c *gqlClient, in input) error {
			return c.do(*qPath, map[string]any{"from": in.a.GlobalID(), "to": in.b.GlobalID()})
		}},
		{"path (max 4 hops, 5 alternatives)", func(in input) (bool, error) {
			p, err := e.Path(ctx, in.a, in.b, 4, 5)
			return len(p) > 0, err
		}, nil},
		{"timeline (first 20)", func(in input) (bool, error) {
			p, err := e.Timeline(ctx, in.a, explore.TimelineOptions{First: 20})
			return p.Total > 0, err
		}, nil},
	}
	hubOf := func(op string, in input) bool {
		if strings.HasPrefix(op, "path") {
			return in.hubA || in.hb
		}
		return in.hubA
	}

	if !*noLocal {
		fmt.Printf("Direct (explore.Explorer), %d random inputs per operation, %.0f%% drawn from the 100 biggest hubs, %d in flight:\n\n", *n, *hubs*100, *conc)
		if *cpuprof != "" {
			f, err := os.Create(*cpuprof)
			if err != nil {
				log.Fatal(err)
			}
			pprof.StartCPUProfile(f)
			defer pprof.StopCPUProfile()
		}
		header()
		for _, op := range ops {
			if !strings.HasPrefix(op.name, *only) {
				continue
			}
			for _, in := range inputs[:min(20, len(inputs))] { // warm up
				op.direct(in)
			}
			all, hub, found := measure(inputs, *conc, func(in input) (bool, error) { return op.direct(in) }, func(in input) bool { return hubOf(op.name, in) })
			row(op.name, all, fmt.Sprintf("%d%% non-empty", found*100/len(inputs)))
			row("  inputs with a hub", hub, "")
		}
		fmt.Println()
	}
	if *gqlURL != "" {
		c := &gqlClient{url: *gqlURL, token: *token, http: &http.Client{Timeout: 30 * time.Second}}
		fmt.Printf("HTTP GraphQL (%s), same inputs, %d in flight:\n\n", *gqlURL, *conc)
		header()
		for _, op := range ops {
			if !strings.HasPrefix(op.name, *only) || op.gql == nil {
				continue
			}
			for _, in := range inputs[:min(20, len(inputs))] {
				if err := op.gql(c, in); err != nil {
					log.Fatalf("%s: %v", op.name, err)
				}
			}
			all, hub, _ := measure(inputs, *conc, func(in input) (bool, error) { return true, op.gql(c, in) }, func(in input) bool { return hubOf(op.name, in) })
			row(op.name, all, "")
			row("  inputs with a hub", hub, "")
		}
		fmt.Println()
	}
}

type input struct {
	a, b     models.Ref
	hubA, hb bool
}

// measure runs fn over the inputs from conc goroutines and returns every
// latency, those of the inputs isHub selects, and how many answers were
// non-empty. An error ends the program.
func measure(inputs []input, conc int, fn func(input) (bool, error), isHub func(input) bool) (all, hub []time.Duration, found int) {
	var mu sync.Mutex
	var wg sync.WaitGroup
	next := make(chan input)
	for w := 0; w < max(conc, 1); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for in := range next {
				t0 := time.Now()
				ok, err := fn(in)
				d := time.Since(t0)
				if err != nil {
					log.Fatalf("%v %v: %v", in.a, in.b, err)
				}
				mu.Lock()
				all = append(all, d)
				if isHub(in) {
					hub = append(hub, d)
				}
				if ok {
					found++
				}
				mu.Unlock()
			}
		}()
	}
	for _, in := range inputs {
		next <- in
	}
	close(next)
	wg.Wait()
	return all, hub, found
}

func show(what string, v any, err error) {
	if err != nil {
		log.Fatalf("%s: %v", what, err)
	}
	b, _ := json.MarshalIndent(v, "", "  ")
	if what != "" {
		fmt.Printf("%s:\n", what)
	}
	fmt.Printf("%s\n", b)
}

func header() {
	fmt.Printf("| %-34s | %5s | %9s | %9s | %9s | %9s | %s\n", "operation", "n", "p50", "p90", "p99", "max", "")
	fmt.Printf("|%s|%s|%s|%s|%s|%s|\n", strings.Repeat("-", 36), strings.Repeat("-", 7), strings.Repeat("-", 11), strings.Repeat("-", 11), strings.Repeat("-", 11), strings.Repeat("-", 11))
}

func row(name string, ds []time.Duration, note string) {
	if len(ds) == 0 {
		return
	}
	slices.Sort(ds)
	q := func(p float64) string {
		i := int(p*float64(len(ds))+0.999999) - 1
		return fmtDur(ds[max(0, min(i, len(ds)-1))])
	}
	fmt.Printf("| %-34s | %5d | %9s | %9s | %9s | %9s | %s\n", name, len(ds), q(0.5), q(0.9), q(0.99), fmtDur(ds[len(ds)-1]), note)
}

func fmtDur(d time.Duration) string { return fmt.Sprintf("%.2f ms", float64(d.Microseconds())/1000) }

type entity struct {
	models.Ref
	articles int
}

// degrees returns every mentioned entity with its number of articles, most first.
func degrees(ctx context.Context, conn *pgx.Conn) ([]entity, error) {
	rows, err := conn.Query(ctx, "SELECT entity_type, entity_id, COUNT(DISTINCT article_id) AS n FROM mentions GROUP BY entity_type, entity_id ORDER BY n DESC, entity_type, entity_id")
	if err != nil {
		return nil, fmt.Errorf("count degrees: %w", err)
	}
	var out []entity
	for rows.Next() {
		var e entity
		if err := rows.Scan(&e.Type, &e.ID, &e.articles); err != nil {
			return nil, fmt.Errorf("count degrees: %w", err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("count degrees: %w", err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no mentions in the database")
	}
	return out, nil
}

func printGraphStats(ctx context.Context, conn *pgx.Conn, ents []entity) {
	count := func(table string) int64 {
		var n int64
		conn.QueryRow(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n)
		return n
	}
	entities := count("organisations") + count("people") + count("resolutions") + count("reports")
	fmt.Printf("graph: %d entities (organisations, people, resolutions, reports) + %d articles; %d mentions; %d positions, %d report links, %d authorships\n",
		entities, count("articles"), count("mentions"), count("positions"), count("report_resolutions"), count("article_authors"))
	over := func(k int) int {
		return len(ents) - len(slices.DeleteFunc(slices.Clone(ents), func(e entity) bool { return e.articles >= k }))
	}
	median := ents[len(ents)/2].articles
	fmt.Printf("articles per mentioned entity: max %d (%v), 10th %d, 100th %d, median %d; %d entities in >= 10,000 articles, %d in >= 1,000\n",
		ents[0].articles, ents[0].Ref, ents[min(9, len(ents)-1)].articles, ents[min(99, len(ents)-1)].articles, median, over(10000), over(1000))
}

// ensureDatabase creates the scratch database if needed and returns its URL.
func ensureDatabase(ctx context.Context, admin, name string) (string, error) {
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return "", fmt.Errorf("connect to %s: %w", redact(admin), err)
	}
	defer conn.Close(ctx)
	var exists bool
	if err := conn.QueryRow(ctx, "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)", name).Scan(&exists); err != nil {
		return "", err
	}
	if !exists {
		if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{name}.Sanitize()+" TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
			return "", fmt.Errorf("create database %s: %w", name, err)
		}
	}
	u, err := url.Parse(admin)
	if err != nil {
		return "", err
	}
	u.Path = "/" + name
	return u.String(), nil
}

// generate empties the tables and bulk loads a synthetic graph with COPY.
func generate(ctx context.Context, conn *pgx.Conn, cfg exploretest.Config) error {
	t0 := time.Now()
	syn := exploretest.Generate(cfg)
	log.Printf("generated %d articles, %d mentionable entities in %s", cfg.Articles, len(syn.Ranked), time.Since(t0).Round(time.Millisecond))
	tables := syn.Tables()
	var names []string
	for _, t := range tables {
		names = append(names, t.Name)
	}
	if _, err := conn.Exec(ctx, "TRUNCATE "+strings.Join(append(names, "changes", "entity_keys", "figures", "resolution_links"), ", ")+" CASCADE"); err != nil {
		return fmt.Errorf("truncate: %w", err)
	}
	for _, t := range tables {
		t1 := time.Now()
		i := 0
		n, err := conn.CopyFrom(ctx, pgx.Identifier{t.Name}, t.Columns, pgx.CopyFromFunc(func() ([]any, error) {
			if i == t.Len {
				return nil, nil
			}
			i++
			return t.Row(i - 1), nil
		}))
		if err != nil {
			return fmt.Errorf("copy %s: %w", t.Name, err)
		}
		log.Printf("copied %d rows into %s in %s", n, t.Name, time.Since(t1).Round(time.Millisecond))
	}
	for _, q := range exploretest.ResetSequences {
		if _, err := conn.Exec(ctx, q); err != nil {
			return fmt.Errorf("reset sequences: %w", err)
		}
	}
	if _, err := conn.Exec(ctx, "ANALYZE"); err != nil {
		return err
	}
	log.Printf("loaded in %s", time.Since(t0).Round(time.Millisecond))
	return nil
}

func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable url)"
	}
	return p.Redacted()
}

type gqlClient struct {
	url, token string
	http       *http.Client
}

// do posts one query and fails on a transport error, a non-200 status or
// GraphQL errors.
func (c *gqlClient) do(query string, vars map[string]any) error {
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, err := http.NewRequest(http.MethodPost, c.url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d: %s", resp.StatusCode, firstBytes(b))
	}
	var out struct {
		Errors []struct{ Message string } `json:"errors"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return fmt.Errorf("bad response %q: %w", firstBytes(b), err)
	}
	if len(out.Errors) > 0 {
		return fmt.Errorf("GraphQL error: %s", out.Errors[0].Message)
	}
	return nil
}

func firstBytes(b []byte) string {
	if len(b) > 300 {
		b = b[:300]
	}
	return string(b)
}

func init() {
	flag.Usage = func() {
		fmt.Fprintf(os.Stderr, "usage: explorebench [flags]\n\n")
		flag.PrintDefaults()
	}
}
