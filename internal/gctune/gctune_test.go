package gctune

import (
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
