package indexer

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"tracuu/models"
	"tracuu/search"
)

// Worker applies index jobs to the index in batches, in the order they were
// written. Jobs are deleted only after the index has taken them, so a crash
// at any point leaves them for the next start.
type Worker struct {
	Store *models.Store
	Index *search.Index
	// Batch is how many jobs one round takes (default 500).
	Batch int
	// Every is how long the worker sleeps when there is nothing to do
	// (default 200ms).
	Every time.Duration
}

// Run applies jobs until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	every := w.Every
	if every <= 0 {
		every = 200 * time.Millisecond
	}
	for {
		n, err := w.Drain(ctx)
		if err != nil && ctx.Err() == nil {
			slog.Error("indexer: round failed", "err", err)
		}
		if n > 0 && err == nil {
			continue
		}
		select {
		case <-ctx.Done():
			return
		case <-time.After(every):
		}
	}
}

// Drain applies one batch of jobs and returns how many it applied.
func (w *Worker) Drain(ctx context.Context) (int, error) {
	batch := w.Batch
	if batch <= 0 {
		batch = 500
	}
	jobs, err := w.Store.PendingJobs(ctx, batch)
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
	// The last job of an entity wins: an upsert after a delete re-adds it.
	last := map[string]models.IndexJob{}
	var order []string
	for _, j := range jobs {
		k := models.Ref{Type: j.EntityType, ID: j.EntityID}.String()
		if _, seen := last[k]; !seen {
			order = append(order, k)
		}
		last[k] = j
	}
	byType := map[string][]int64{}
	var deletes []string
	for _, k := range order {
		j := last[k]
		if j.Op == models.OpDelete {
			deletes = append(deletes, k)
		} else {
			byType[j.EntityType] = append(byType[j.EntityType], j.EntityID)
		}
	}
	var upserts []search.Doc
	for typ, ids := range byType {
		docs, err := Docs(ctx, w.Store, typ, ids)
		if err != nil {
			return 0, err
		}
		found := map[string]bool{}
		for _, d := range docs {
			found[d.ID] = true
		}
		for _, id := range ids {
			if k := (models.Ref{Type: typ, ID: id}).String(); !found[k] {
				deletes = append(deletes, k) // gone since the job was written
			}
		}
		upserts = append(upserts, docs...)
	}
	if err := w.Index.Apply(ctx, upserts, deletes); err != nil {
		return 0, fmt.Errorf("indexer: unable to apply batch: %w", err)
	}
	ids := make([]int64, len(jobs))
	for i, j := range jobs {
		ids[i] = j.ID
	}
	return len(jobs), w.Store.CompleteJobs(ctx, ids)
}

// DrainAll applies jobs until none is left.
func (w *Worker) DrainAll(ctx context.Context) (int, error) {
	total := 0
	for {
		n, err := w.Drain(ctx)
		total += n
		if err != nil || n == 0 {
			return total, err
		}
	}
}
