package cpu

import "testing"

// TestUsedGrows: spinning for a while adds CPU time.
func TestUsedGrows(t *testing.T) {
	before := Used()
	if before <= 0 {
		t.Fatalf("Used() = %v before any work, want > 0", before)
	}
	x := 0
	for Used()-before < 5e6 { // 5 ms
		for i := range 100000 {
			x += i
		}
	}
	if x == 0 || Used() <= before {
		t.Fatalf("Used() did not grow")
	}
}
