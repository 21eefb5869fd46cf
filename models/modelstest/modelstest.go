// Package modelstest opens real, empty, migrated databases for tests:
// embedded SQLite in a temporary folder, and a fresh PostgreSQL database per
// test. PostgreSQL comes from TEST_DATABASE_URL, else from the local server on
// 127.0.0.1:5432, else from a throwaway cluster started with the local
// initdb and pg_ctl. When none can be had the PostgreSQL half of a test is
// skipped, except with CI=true, where it fails.
package modelstest

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/glebarez/sqlite"
	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver for the admin connection
	"gorm.io/driver/postgres"
	"gorm.io/gorm"
	"gorm.io/gorm/logger"

	"tracuu/models"
)

// Dialects are the databases every store test runs against.
var Dialects = []string{"sqlite", "postgres"}

// ForEach runs fn as a subtest against a fresh migrated store of each dialect.
func ForEach(t *testing.T, fn func(t *testing.T, s *models.Store)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run(d, func(t *testing.T) {
			fn(t, Open(t, d))
		})
	}
}

// Open returns a fresh, migrated store of the given dialect, closed and
// dropped when the test ends.
func Open(t testing.TB, dialect string) *models.Store {
	t.Helper()
	s := OpenEmpty(t, dialect)
	if _, err := s.Migrate(context.Background()); err != nil {
		t.Fatalf("migrate %s: %v", dialect, err)
	}
	return s
}

// OpenEmpty returns a fresh store with no schema at all.
func OpenEmpty(t testing.TB, dialect string) *models.Store {
	t.Helper()
	ctx := context.Background()
	var dbURL string
	dataDir := t.TempDir()
	if dialect == "postgres" {
		dbURL = FreshPostgres(t)
	}
	s, err := models.Open(ctx, dbURL, dataDir)
	if err != nil {
		t.Fatalf("open %s: %v", dialect, err)
	}
	where.Store(s, location{dbURL, dataDir})
	t.Cleanup(func() {
		s.Close()
		where.Delete(s)
	})
	return s
}

// Reopen opens a second store on the database of s, a store opened by this
// package, as a second server would; it is closed when the test ends.
func Reopen(t testing.TB, s *models.Store) *models.Store {
	t.Helper()
	loc := locate(t, s)
	s2, err := models.Open(context.Background(), loc.dbURL, loc.dataDir)
	if err != nil {
		t.Fatalf("reopen: %v", err)
	}
	where.Store(s2, loc)
	t.Cleanup(func() {
		s2.Close()
		where.Delete(s2)
	})
	return s2
}

// location is where a store opened here keeps its database.
type location struct{ dbURL, dataDir string }

var where sync.Map // *models.Store → location

// DB opens a second connection to the database of s, a store opened by this
// package, for tests that read or write rows behind the store's back (an
// old schema to upgrade, a bulk load, an independent check). It is closed
// when the test ends.
func DB(t testing.TB, s *models.Store) *gorm.DB {
	t.Helper()
	loc := locate(t, s)
	dialector := sqlite.Open(models.SQLiteDSN(loc.dataDir))
	if loc.dbURL != "" {
		dialector = postgres.Open(loc.dbURL)
	}
	db, err := gorm.Open(dialector, &gorm.Config{Logger: logger.Discard})
	if err != nil {
		t.Fatalf("modelstest.DB: %v", err)
	}
	t.Cleanup(func() {
		if sqlDB, err := db.DB(); err == nil {
			sqlDB.Close()
		}
	})
	return db
}

var (
	adminOnce sync.Once
	adminURL  string
	adminErr  error
	counter   atomic.Int64
)

func locate(t testing.TB, s *models.Store) location {
	t.Helper()
	v, ok := where.Load(s)
	if !ok {
		t.Fatal("modelstest: the store was not opened by modelstest")
	}
	return v.(location)
}

// FreshPostgres creates an empty PostgreSQL database for this test and
// returns its URL; the database is dropped when the test ends.
func FreshPostgres(t testing.TB) string {
	t.Helper()
	adminOnce.Do(func() { adminURL, adminErr = findPostgres() })
	if adminErr != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("PostgreSQL is required in CI: %v", adminErr)
		}
		t.Skipf("no PostgreSQL available (set TEST_DATABASE_URL): %v", adminErr)
	}
	admin, err := sql.Open("pgx", adminURL)
	if err != nil {
		t.Fatalf("postgres admin: %v", err)
	}
	defer admin.Close()
	name := fmt.Sprintf("tracuu_test_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e6, counter.Add(1))
	if _, err := admin.Exec("CREATE DATABASE " + name + " TEMPLATE template0 ENCODING 'UTF8'"); err != nil {
		t.Fatalf("create database %s: %v", name, err)
	}
	t.Cleanup(func() {
		admin, err := sql.Open("pgx", adminURL)
		if err != nil {
			return
		}
		defer admin.Close()
		admin.Exec("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)")
	})
	u, _ := url.Parse(adminURL)
	u.Path = "/" + name
	return u.String()
}

func reachable(dsn string) error {
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	return db.PingContext(ctx)
}

func findPostgres() (string, error) {
	if u := os.Getenv("TEST_DATABASE_URL"); u != "" {
		if err := reachable(u); err != nil {
			return "", fmt.Errorf("TEST_DATABASE_URL %s: %w", redact(u), err)
		}
		return u, nil
	}
	local := "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"
	errLocal := reachable(local)
	if errLocal == nil {
		return local, nil
	}
	u, err := throwawayCluster()
	if err != nil {
		return "", fmt.Errorf("local server: %v; throwaway cluster: %w", errLocal, err)
	}
	return u, nil
}

func redact(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "(unparsable url)"
	}
	return p.Redacted()
}

// throwawayCluster starts a private PostgreSQL from the local binaries in a
// temporary folder, for the life of the test process: a watchdog stops it
// and removes the folder once the process is gone, however it ends. initdb
// refuses to run as root, so as root this needs TEST_DATABASE_URL or a
// running server.
func throwawayCluster() (string, error) {
	if os.Geteuid() == 0 {
		return "", fmt.Errorf("initdb cannot run as root")
	}
	bin := ""
	if p, err := exec.LookPath("initdb"); err == nil {
		bin = filepath.Dir(p)
	} else if m, _ := filepath.Glob("/usr/lib/postgresql/*/bin/initdb"); len(m) > 0 {
		bin = filepath.Dir(m[len(m)-1])
	} else {
		return "", fmt.Errorf("initdb not found")
	}
	dir, err := os.MkdirTemp("", "tracuu-pg-")
	if err != nil {
		return "", err
	}
	data := filepath.Join(dir, "data")
	if out, err := exec.Command(filepath.Join(bin, "initdb"), "-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8").CombinedOutput(); err != nil {
		return "", fmt.Errorf("initdb: %v: %s", err, strings.TrimSpace(string(out)))
	}
	port := 54000 + os.Getpid()%1000
	opts := fmt.Sprintf("-k %s -p %d -c listen_addresses=127.0.0.1 -c fsync=off", dir, port)
	pgCtl := filepath.Join(bin, "pg_ctl")
	if out, err := exec.Command(pgCtl, "-D", data, "-o", opts, "-w", "-l", filepath.Join(dir, "log"), "start").CombinedOutput(); err != nil {
		os.RemoveAll(dir)
		return "", fmt.Errorf("pg_ctl start: %v: %s", err, strings.TrimSpace(string(out)))
	}
	stop := fmt.Sprintf("%s -D %s stop -m immediate; rm -rf %s", shellQuote(pgCtl), shellQuote(data), shellQuote(dir))
	if err := whenGone(os.Getpid(), stop); err != nil {
		exec.Command("sh", "-c", stop).Run()
		return "", fmt.Errorf("watchdog: %w", err)
	}
	u := fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", port)
	return u, reachable(u)
}

// whenGone starts a detached watchdog that runs the shell command cmd once
// process pid has exited.
func whenGone(pid int, cmd string) error {
	script := fmt.Sprintf("while kill -0 %d 2>/dev/null; do sleep 1; done; %s", pid, cmd)
	w := exec.Command("sh", "-c", script)
	w.SysProcAttr = &syscall.SysProcAttr{Setsid: true} // not killed with the test's process group
	if err := w.Start(); err != nil {
		return err
	}
	return w.Process.Release()
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }
