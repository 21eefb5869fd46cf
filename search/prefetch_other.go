//go:build !linux

package search

// prefetchBudget is 0 where the memory available is not read: nothing is
// read ahead.
func prefetchBudget() int64 { return 0 }

func readAhead(path string, size int64) {}
