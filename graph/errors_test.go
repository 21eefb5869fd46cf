package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"
)

// TestCancelledByClientIsNoError: a request whose client went away is
// logged as a cancellation at INFO, not as an internal error, while a real
// failure still is one.
func TestCancelledByClientIsNoError(t *testing.T) {
	var logs bytes.Buffer
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})))
	t.Cleanup(func() { slog.SetDefault(old) })

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	out := ErrorPresenter(ctx, fmt.Errorf("search: %w", context.Canceled))
	if out.Message != "request cancelled" || strings.Contains(logs.String(), "level=ERROR") {
		t.Fatalf("cancelled request: message %q, log %s", out.Message, logs.String())
	}
	logs.Reset()
	out = ErrorPresenter(context.Background(), errors.New("disk on fire"))
	if out.Message != "internal error" || !strings.Contains(logs.String(), "level=ERROR") {
		t.Fatalf("internal error: message %q, log %s", out.Message, logs.String())
	}
}
