package modelstest

import (
	"fmt"
	"os/exec"
	"testing"
	"time"
)

// TestWhenGone: the watchdog that stops a throwaway cluster runs its
// command once the watched process has exited, and not before.
func TestWhenGone(t *testing.T) {
	server := exec.Command("sleep", "60")
	if err := server.Start(); err != nil {
		t.Fatal(err)
	}
	stopped := make(chan error, 1)
	go func() { stopped <- server.Wait() }()
	parent := exec.Command("sleep", "2")
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	if err := whenGone(parent.Process.Pid, fmt.Sprintf("kill %d", server.Process.Pid)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-stopped:
		t.Fatal("stopped while the watched process runs")
	case <-time.After(time.Second):
	}
	parent.Wait()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		server.Process.Kill()
		t.Fatal("still running 10 s after the watched process ended")
	}
}
