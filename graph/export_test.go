package graph

import "time"

// SetBatchWindow sets the loaders' batch window for the loaders made
// after it (tests that run one at a time); the function it returns puts
// the previous one back.
func SetBatchWindow(d time.Duration) (restore func()) {
	old := batchWindow
	batchWindow = d
	return func() { batchWindow = old }
}
