// Package cpu reads the CPU time a process has used, for benchmarks that
// report CPU seconds: on a shared machine the wall time says more about
// the other work on it than about the code measured.
package cpu

import (
	"syscall"
	"time"
)

// Used is the user and system CPU time of the whole process (every
// goroutine, background work such as Bleve's merges included); 0 if the
// system cannot say.
func Used() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
