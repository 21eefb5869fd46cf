// Command tracuu serves, imports and indexes an archive of Vietnamese news
// and the public bodies it reports on.
//
//	tracuu [serve]        start the HTTP server (GraphQL at /graphql, GraphiQL at /)
//	tracuu import PATH... import .txt and .jsonl articles, files or folders
//	tracuu reindex        rebuild the search index from the database
//	tracuu migrate        apply database migrations and exit
package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"runtime/trace"
	"strconv"
	"strings"
	"syscall"
	"time"

	"tracuu/graph"
	"tracuu/indexer"
	"tracuu/internal/gctune"
	"tracuu/models"
	"tracuu/search"
)

// config is read from the environment; flags may override it.
type config struct {
	Addr        string
	DatabaseURL string
	DataDir     string
	Tokens      []string
	PublicRead  bool
	LoadSample  bool
	// ServerID names the server among those that share the database;
	// IndexRetention is how long one may be gone before the change log
	// stops waiting for it.
	ServerID       string
	IndexRetention time.Duration
	// RequestTimeout and SearchTimeout are the time budgets of a GraphQL
	// request and of one search in it; Slots is how many expensive
	// operations run at once (0: one per core).
	RequestTimeout, SearchTimeout time.Duration
	Slots                         int
	// Admit is how many GraphQL requests run at once, the others waiting
	// their turn in arrival order (0: graph.DefaultAdmit); AdmitQueue how many
	// may wait (0: graph.DefaultQueuePerSlot per running one).
	Admit, AdmitQueue int
	// ImportIndexBatch is how many changes of the log an import indexes
	// at a time while it stores (0: defaultImportIndexBatch).
	ImportIndexBatch int
}

func loadConfig(args []string, fs *flag.FlagSet) (config, []string, error) {
	c := config{
		Addr:        envOr("ADDR", ":8080"),
		DatabaseURL: os.Getenv("DATABASE_URL"),
		DataDir:     envOr("DATA_DIR", "./data"),
		PublicRead:  os.Getenv("PUBLIC_READ") != "false",
		LoadSample:  os.Getenv("LOAD_SAMPLE") != "false",
	}
	c.ServerID = os.Getenv("SERVER_ID")
	c.IndexRetention = indexer.DefaultRetention
	if v := os.Getenv("INDEX_RETENTION"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d <= 0 {
			fmt.Fprintf(fs.Output(), "INDEX_RETENTION=%q is not a positive duration such as 168h\n", v)
			return c, nil, fmt.Errorf("bad INDEX_RETENTION %q", v)
		}
		c.IndexRetention = d
	}
	var err error
	if c.RequestTimeout, err = envDuration(fs, "REQUEST_TIMEOUT", graph.DefaultRequestTimeout); err != nil {
		return c, nil, err
	}
	if c.SearchTimeout, err = envDuration(fs, "SEARCH_TIMEOUT", graph.DefaultSearchTimeout); err != nil {
		return c, nil, err
	}
	if c.Slots, err = envCount(fs, "EXPENSIVE_SLOTS", "a number of slots (0: one per core)"); err != nil {
		return c, nil, err
	}
	if c.Admit, err = envCount(fs, "ADMIT", "a number of requests run at once (0: two per core)"); err != nil {
		return c, nil, err
	}
	if c.AdmitQueue, err = envCount(fs, "ADMIT_QUEUE", "a number of requests that may wait (0: 100 per running one)"); err != nil {
		return c, nil, err
	}
	if c.ImportIndexBatch, err = envCount(fs, "IMPORT_INDEX_BATCH", "a number of changes (0: 6000)"); err != nil {
		return c, nil, err
	}
	tokens := os.Getenv("API_TOKENS")
	fs.StringVar(&c.Addr, "addr", c.Addr, "listen address (ADDR)")
	fs.StringVar(&c.DatabaseURL, "database-url", c.DatabaseURL, "postgres:// URL; empty for embedded SQLite (DATABASE_URL)")
	fs.StringVar(&c.DataDir, "data-dir", c.DataDir, "folder of the embedded database and the search index (DATA_DIR)")
	fs.StringVar(&tokens, "api-tokens", tokens, "comma-separated tokens allowed to call mutations (API_TOKENS)")
	fs.BoolVar(&c.PublicRead, "public-read", c.PublicRead, "let anyone run queries (PUBLIC_READ)")
	fs.BoolVar(&c.LoadSample, "load-sample", c.LoadSample, "load the bundled sample into an empty database (LOAD_SAMPLE)")
	fs.StringVar(&c.ServerID, "server-id", c.ServerID, "name of this server among those sharing the database; default: made at first start and kept in DATA_DIR (SERVER_ID)")
	fs.DurationVar(&c.IndexRetention, "index-retention", c.IndexRetention, "how long a server may be gone before the change log stops waiting for it (INDEX_RETENTION)")
	fs.DurationVar(&c.RequestTimeout, "request-timeout", c.RequestTimeout, "time budget of a GraphQL request; past it the request stops with TIMEOUT (REQUEST_TIMEOUT)")
	fs.DurationVar(&c.SearchTimeout, "search-timeout", c.SearchTimeout, "time budget of one search (SEARCH_TIMEOUT)")
	fs.IntVar(&c.Slots, "expensive-slots", c.Slots, "expensive GraphQL operations run at once; 0: one per core (EXPENSIVE_SLOTS)")
	fs.IntVar(&c.Admit, "admit", c.Admit, "GraphQL requests run at once, the others wait their turn by least slack (arrival minus their operation's learnt run time); 0: two per core (ADMIT)")
	fs.IntVar(&c.AdmitQueue, "admit-queue", c.AdmitQueue, "GraphQL requests that may wait for their turn, past which they are refused with OVERLOADED; 0: 100 per running one (ADMIT_QUEUE)")
	fs.IntVar(&c.ImportIndexBatch, "import-index-batch", c.ImportIndexBatch, "import: changes of the log indexed at a time while it stores, one segment of each index part; 0: 6000 (IMPORT_INDEX_BATCH)")
	if err := fs.Parse(args); err != nil {
		return c, nil, err
	}
	for _, f := range []struct {
		name string
		n    int
	}{{"expensive-slots", c.Slots}, {"admit", c.Admit}, {"admit-queue", c.AdmitQueue}, {"import-index-batch", c.ImportIndexBatch}} {
		if f.n < 0 {
			fmt.Fprintf(fs.Output(), "-%s=%d is not a count (0 or more; 0: the default)\n", f.name, f.n)
			return c, nil, fmt.Errorf("bad -%s %d", f.name, f.n)
		}
	}
	for _, t := range strings.Split(tokens, ",") {
		if t = strings.TrimSpace(t); t != "" {
			c.Tokens = append(c.Tokens, t)
		}
	}
	return c, fs.Args(), nil
}

// envCount reads the count (0 or more) in the environment variable key,
// 0 when unset.
func envCount(fs *flag.FlagSet, key, what string) (int, error) {
	v := os.Getenv(key)
	if v == "" {
		return 0, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		fmt.Fprintf(fs.Output(), "%s=%q is not %s\n", key, v, what)
		return 0, fmt.Errorf("bad %s %q", key, v)
	}
	return n, nil
}

// envDuration reads the duration in the environment variable key, def
// when unset.
func envDuration(fs *flag.FlagSet, key string, def time.Duration) (time.Duration, error) {
	v := os.Getenv(key)
	if v == "" {
		return def, nil
	}
	d, err := time.ParseDuration(v)
	if err != nil || d <= 0 {
		fmt.Fprintf(fs.Output(), "%s=%q is not a positive duration such as 10s\n", key, v)
		return def, fmt.Errorf("bad %s %q", key, v)
	}
	return d, nil
}

func envOr(key, def string) string {
	if v := os.Getenv(key); v != "" {
		return v
	}
	return def
}

func main() {
	slog.SetDefault(slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo})))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// record starts the recording (a CPU profile, an execution trace) into
// the file the environment variable env names, if it names one, and
// returns what stops it and closes the file. A file it cannot create or a
// recording that cannot start is said on stderr; the command runs anyway.
func record(stderr io.Writer, env string, start func(io.Writer) error, stop func()) func() {
	path := os.Getenv(env)
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		if err = start(f); err != nil {
			f.Close()
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "tracuu: %s not recorded: %v\n", env, err)
		return func() {}
	}
	return func() {
		stop()
		f.Close()
	}
}

// run executes one subcommand and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	cmd := "serve"
	if len(args) > 0 && !strings.HasPrefix(args[0], "-") {
		cmd, args = args[0], args[1:]
	}
	// For measuring a command: TRACUU_CPUPROFILE=cpu.out tracuu import ...
	defer record(stderr, "TRACUU_CPUPROFILE", pprof.StartCPUProfile, pprof.StopCPUProfile)()
	defer record(stderr, "TRACUU_TRACE", trace.Start, trace.Stop)()
	m := newMetrics()
	if path := os.Getenv("METRICS_FILE"); path != "" && cmd != "serve" {
		defer func() {
			if err := m.writeFile(path); err != nil {
				fmt.Fprintf(stderr, "tracuu %s: unable to write metrics: %v\n", cmd, err)
			}
		}()
	}
	fs := flag.NewFlagSet("tracuu "+cmd, flag.ContinueOnError)
	fs.SetOutput(stderr)
	cfg, rest, err := loadConfig(args, fs)
	if err != nil {
		return 2
	}
	switch cmd {
	case "serve":
		gctune.Serve() // GOGC 400 unless the environment sets it
		err = serve(ctx, cfg, m, stdout)
	case "import":
		gctune.Import() // GOGC 300 and a memory limit, unless the environment sets them
		return runImport(ctx, cfg, m, rest, stdout, stderr)
	case "reindex":
		err = reindex(ctx, cfg, m, stdout)
	case "migrate":
		err = migrate(ctx, cfg, m, stdout)
	case "help", "-h", "--help":
		fmt.Fprintln(stdout, "usage: tracuu [serve|import PATH...|reindex|migrate] [flags]")
		return 0
	default:
		fmt.Fprintf(stderr, "tracuu: unknown command %q (want serve, import, reindex or migrate)\n", cmd)
		return 2
	}
	if err != nil && !errors.Is(err, context.Canceled) {
		fmt.Fprintf(stderr, "tracuu %s: %v\n", cmd, err)
		return 1
	}
	return 0
}

// open connects to the database and applies pending migrations, timed as
// the migrate phase of command.
func open(ctx context.Context, cfg config, m *metrics, command string) (*models.Store, error) {
	s, err := models.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return nil, err
	}
	done := m.phase(command, "migrate")
	applied, err := s.Migrate(ctx)
	done()
	if err != nil {
		s.Close()
		return nil, err
	}
	if len(applied) > 0 {
		slog.Info("database migrated", "dialect", s.Dialect(), "applied", applied)
	}
	return s, nil
}

func indexDir(cfg config) string { return filepath.Join(cfg.DataDir, "index") }

// openAll opens the migrated database and the search index; close closes both.
func openAll(ctx context.Context, cfg config, m *metrics, command string) (s *models.Store, ix *search.Index, close func(), err error) {
	if s, err = open(ctx, cfg, m, command); err != nil {
		return nil, nil, nil, err
	}
	if ix, err = search.Open(indexDir(cfg)); err != nil {
		s.Close()
		return nil, nil, nil, err
	}
	return s, ix, func() { ix.Close(); s.Close() }, nil
}

func migrate(ctx context.Context, cfg config, m *metrics, stdout io.Writer) error {
	s, err := models.Open(ctx, cfg.DatabaseURL, cfg.DataDir)
	if err != nil {
		return err
	}
	defer s.Close()
	done := m.phase("migrate", "migrate")
	applied, err := s.Migrate(ctx)
	done()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s database at schema version %d (applied %v)\n", s.Dialect(), models.LatestVersion(), applied)
	return nil
}

// apiTokens returns the configured tokens or, when none is configured, the
// token kept in DATA_DIR, made at first start and printed once.
func apiTokens(cfg config, stdout io.Writer) ([]string, error) {
	if len(cfg.Tokens) > 0 {
		return cfg.Tokens, nil
	}
	path := filepath.Join(cfg.DataDir, "api-token")
	if b, err := os.ReadFile(path); err == nil && strings.TrimSpace(string(b)) != "" {
		return []string{strings.TrimSpace(string(b))}, nil
	}
	buf := make([]byte, 24)
	if _, err := rand.Read(buf); err != nil {
		return nil, err
	}
	tok := hex.EncodeToString(buf)
	if err := os.MkdirAll(cfg.DataDir, 0o755); err != nil {
		return nil, err
	}
	if err := os.WriteFile(path, []byte(tok+"\n"), 0o600); err != nil {
		return nil, fmt.Errorf("unable to keep the API token: %w", err)
	}
	fmt.Fprintf(stdout, "API token for mutations (shown once, kept in %s):\n  Authorization: Bearer %s\n", path, tok)
	return []string{tok}, nil
}
