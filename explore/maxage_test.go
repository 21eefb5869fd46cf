package explore

import (
	"testing"
	"time"
)

// A graph that is slow to load is checked less often, so that reloading
// it under a stream of writes takes a bounded share of a core.
func TestMaxAgeFollowsLoadCost(t *testing.T) {
	e := &Explorer{}
	if got := e.maxAge(); got != DefaultMaxAge {
		t.Errorf("never loaded: %v, want %v", got, DefaultMaxAge)
	}
	e.loadCost.Store(int64(50 * time.Millisecond))
	if got := e.maxAge(); got != DefaultMaxAge {
		t.Errorf("a 50 ms load: %v, want %v", got, DefaultMaxAge)
	}
	e.loadCost.Store(int64(11 * time.Second))
	if got := e.maxAge(); got != 110*time.Second {
		t.Errorf("an 11 s load: %v, want 1m50s", got)
	}
	e.MaxAge = time.Hour
	if got := e.maxAge(); got != time.Hour {
		t.Errorf("MaxAge an hour: %v", got)
	}
}
