// Package gctune holds the garbage collector's setting for a process that
// serves GraphQL, so that `tracuu serve` and the handler that
// cmd/reliability serves run with the same one, and for an import.
package gctune

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// ServePercent is the GOGC of a serving process when the environment does
// not set one. A search allocates much and briefly: collecting garbage at
// 400% heap growth instead of Go's default of 100% took a seventh off
// search latency on 100,000 articles (docs/benchmarks.md) and, under 16
// mixed clients, cut the collector's share of the CPU from about a
// quarter to a twentieth (docs/reliability.md), for a bigger heap.
const ServePercent = 400

// ServeMemoryLimit is the soft memory limit of a serving process when the
// environment does not set GOMEMLIMIT. At 400% growth the heap may reach
// five times what is live before a collection: among 1,000,000 articles,
// with about 300 MB live (the explorer's graph, the facet cache), it read
// 760-866 MB after 500 searches. Under the limit the collector runs
// sooner as the heap nears it, so the heap stays under 1 GB (issue 13)
// while a smaller archive keeps the cheap collections of ServePercent.
// Go's limiter keeps the collector under half the CPU if what is live
// grows past the limit (then raise GOMEMLIMIT).
const ServeMemoryLimit = 768 << 20

// Serve sets GOGC to ServePercent unless the environment sets GOGC, and
// the soft memory limit to ServeMemoryLimit unless it sets GOMEMLIMIT:
// the environment wins. It tells whether it set GOGC.
func Serve() bool {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(ServeMemoryLimit)
	}
	if os.Getenv("GOGC") != "" {
		return false
	}
	debug.SetGCPercent(ServePercent)
	return true
}

// ImportPercent is the GOGC of an import when the environment does not
// set one: Go's default. An import allocates about as much as the text it
// indexes, most of it briefly. At 300% growth (until 2 December) the
// collector's own CPU was smaller (the index phase of 20,000 synthetic
// articles took 0.90× the CPU it took at 100%, docs/scaling.md, "Import, 1
// December evening"), but the heap grew into fresh memory the process
// faults in a page at a time, which the kernel charges as system time:
// importing 100,000 articles took 0.95× and 0.71× the process CPU
// (user + system) at 100% in turn with 300%, for a peak resident set of
// 2.4-2.5 GB instead of 3.8-4.0 (docs/scaling.md, "The import's memory,
// 2 December (branch lead)").
const ImportPercent = 100

// ImportMemoryLimit is the soft memory limit of an import when the
// environment does not set GOMEMLIMIT: a quarter of the memory the process
// may use (memTotal: the machine's, or its container's limit), at least 1 GiB; 0 when the total cannot be
// read (no limit). The heap of an import may grow past what is live by
// ImportPercent, and what is live grows with the segments it merges
// (main's import of 1,000,000 articles peaked at 7.3 GB resident at 100%):
// under the limit the collector runs sooner as the heap nears it, so a
// large import on a small machine keeps to its memory, while a small one
// keeps the cheap collections of ImportPercent. Go's limiter keeps the
// collector under half the CPU if what is live grows past the limit.
func ImportMemoryLimit() int64 {
	total := memTotal()
	if total <= 0 {
		return 0
	}
	return max(total/4, 1<<30)
}

// memTotal is the memory this process may use in bytes, or 0: the
// machine's (MemTotal in /proc/meminfo), or the control group's limit
// (cgroup v2 memory.max, as in a container) when that is lower.
func memTotal() int64 {
	total := meminfoTotal()
	if b, err := os.ReadFile("/sys/fs/cgroup/memory.max"); err == nil {
		if limit, err := strconv.ParseInt(strings.TrimSpace(string(b)), 10, 64); err == nil && limit > 0 && (total <= 0 || limit < total) {
			total = limit
		}
	}
	return total
}

// meminfoTotal is MemTotal of /proc/meminfo in bytes, or 0.
func meminfoTotal() int64 {
	b, err := os.ReadFile("/proc/meminfo")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && f[0] == "MemTotal:" && f[2] == "kB" {
			kb, err := strconv.ParseInt(f[1], 10, 64)
			if err != nil {
				return 0
			}
			return kb << 10
		}
	}
	return 0
}

// Import sets GOGC to ImportPercent unless the environment sets GOGC, and
// the soft memory limit to ImportMemoryLimit unless it sets GOMEMLIMIT:
// the environment wins. It tells whether it set GOGC.
func Import() bool {
	if os.Getenv("GOMEMLIMIT") == "" {
		if limit := ImportMemoryLimit(); limit > 0 {
			debug.SetMemoryLimit(limit)
		}
	}
	if os.Getenv("GOGC") != "" {
		return false
	}
	debug.SetGCPercent(ImportPercent)
	return true
}
