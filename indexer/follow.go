package indexer

import (
	"context"

	"tracuu/models"
	"tracuu/search"
)

// Follower applies index jobs in the order of their ids, from a cursor,
// without deleting them as it goes: what an import runs beside its writer,
// so that indexing keeps pace with storing and never competes with the
// writer for the database. Complete deletes the jobs it applied.
type Follower struct {
	Store *models.Store
	Index *search.Index
	// Batch is how many jobs one step takes (default 2000).
	Batch int
	// After is the id of the last job applied.
	After int64
	// Applied counts the jobs applied.
	Applied int

	done []int64
}

// Step applies the jobs after the cursor, up to Batch of them, and
// returns how many it applied.
func (f *Follower) Step(ctx context.Context) (int, error) {
	batch := f.Batch
	if batch <= 0 {
		batch = 2000
	}
	jobs, err := f.Store.JobsAfter(ctx, f.After, batch)
	if err != nil || len(jobs) == 0 {
		return 0, err
	}
	if err := apply(ctx, f.Store, f.Index, jobs); err != nil {
		return 0, err
	}
	for _, j := range jobs {
		f.done = append(f.done, j.ID)
	}
	f.After = jobs[len(jobs)-1].ID
	f.Applied += len(jobs)
	return len(jobs), nil
}

// Complete deletes the jobs applied so far. Only those: a job with a lower
// id committed after the follower passed it stays for the worker.
func (f *Follower) Complete(ctx context.Context) error {
	const chunk = 1000
	for len(f.done) > 0 {
		n := min(chunk, len(f.done))
		if err := f.Store.CompleteJobs(ctx, f.done[:n]); err != nil {
			return err
		}
		f.done = f.done[n:]
	}
	return nil
}
