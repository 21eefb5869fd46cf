// Package gctune holds the garbage collector's setting for a process that
// serves GraphQL, so that `tracuu serve` and the handler that
// cmd/reliability serves run with the same one.
package gctune

import (
	"os"
	"runtime/debug"
)

// ServePercent is the GOGC of a serving process when the environment does
// not set one. A search allocates much and briefly: collecting garbage at
// 400% heap growth instead of Go's default of 100% took a seventh off
// search latency on 100,000 articles (docs/benchmarks.md) and, under 16
// mixed clients, cut the collector's share of the CPU from about a
// quarter to a twentieth (docs/reliability.md), for a bigger heap.
const ServePercent = 400

// Serve sets GOGC to ServePercent unless the environment sets GOGC, which
// wins; it tells whether it set it.
func Serve() bool {
	if os.Getenv("GOGC") != "" {
		return false
	}
	debug.SetGCPercent(ServePercent)
	return true
}
