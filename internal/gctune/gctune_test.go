package gctune

import (
	"math"
	"runtime/debug"
	"testing"
)

// TestServe: without GOGC in the environment the collector runs at
// ServePercent; with it, the environment's value stays.
func TestServe(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	if !Serve() {
		t.Fatal("Serve did not set GOGC without it in the environment")
	}
	if got := debug.SetGCPercent(100); got != ServePercent {
		t.Fatalf("GOGC after Serve: %d, want %d", got, ServePercent)
	}
	t.Setenv("GOGC", "150")
	debug.SetGCPercent(150)
	if Serve() {
		t.Fatal("Serve set GOGC although the environment sets it")
	}
	if got := debug.SetGCPercent(150); got != 150 {
		t.Fatalf("GOGC with GOGC=150 in the environment: %d", got)
	}
}

func TestServeMemoryLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOMEMLIMIT", "")
	debug.SetMemoryLimit(math.MaxInt64)
	Serve()
	if got := debug.SetMemoryLimit(-1); got != ServeMemoryLimit {
		t.Fatalf("memory limit after Serve: %d, want %d", got, ServeMemoryLimit)
	}
	t.Setenv("GOMEMLIMIT", "2GiB")
	debug.SetMemoryLimit(2 << 30)
	Serve()
	if got := debug.SetMemoryLimit(-1); got != 2<<30 {
		t.Fatalf("memory limit with GOMEMLIMIT=2GiB: %d", got)
	}
}

// TestImport: without GOGC in the environment an import's collector runs
// at ImportPercent; with it, the environment's value stays.
func TestImport(t *testing.T) {
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	t.Setenv("GOGC", "")
	debug.SetGCPercent(37) // not ImportPercent, so that Import must set it
	if !Import() {
		t.Fatal("Import did not set GOGC without it in the environment")
	}
	if got := debug.SetGCPercent(100); got != ImportPercent {
		t.Fatalf("GOGC after Import: %d, want %d", got, ImportPercent)
	}
	t.Setenv("GOGC", "150")
	debug.SetGCPercent(150)
	if Import() {
		t.Fatal("Import set GOGC although the environment sets it")
	}
	if got := debug.SetGCPercent(150); got != 150 {
		t.Fatalf("GOGC with GOGC=150 in the environment: %d", got)
	}
}

func TestImportMemoryLimit(t *testing.T) {
	defer debug.SetMemoryLimit(debug.SetMemoryLimit(-1))
	defer debug.SetGCPercent(debug.SetGCPercent(100))
	total := memTotal()
	if total <= 0 {
		t.Fatal("memTotal read no MemTotal from /proc/meminfo")
	}
	want := max(total/4, 1<<30)
	t.Setenv("GOMEMLIMIT", "")
	debug.SetMemoryLimit(math.MaxInt64)
	Import()
	if got := debug.SetMemoryLimit(-1); got != want {
		t.Fatalf("memory limit after Import: %d, want a quarter of %d: %d", got, total, want)
	}
	t.Setenv("GOMEMLIMIT", "3GiB")
	debug.SetMemoryLimit(3 << 30)
	Import()
	if got := debug.SetMemoryLimit(-1); got != 3<<30 {
		t.Fatalf("memory limit with GOMEMLIMIT=3GiB: %d", got)
	}
}
