package graph

import (
	"bytes"
	"net/http/httptest"
	"time"
)

// SetBatchWindow sets the loaders' batch window for the loaders made
// after it (tests that run one at a time); the function it returns puts
// the previous one back.
func SetBatchWindow(d time.Duration) (restore func()) {
	old := batchWindow
	batchWindow = d
	return func() { batchWindow = old }
}

// OperationKey is the key the admission queue learns a POST body's
// operation by (operationKey).
func OperationKey(body []byte) (uint64, bool) {
	return operationKey(httptest.NewRequest("POST", "/graphql", bytes.NewReader(body)), body)
}

// MaxExpected is how many operations an Admission learns at once.
const MaxExpected = maxExpected

// Learnt is how many operations a has learnt the run time of.
func (a *Admission) Learnt() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	return len(a.expect)
}
