package models

import (
	"context"

	"gorm.io/gorm"
)

// Index job operations.
const (
	OpUpsert = "upsert"
	OpDelete = "delete"
)

func (s *Store) enqueue(ctx context.Context, typ string, id int64, op string) error {
	return s.Enqueue(ctx, typ, op, id)
}

// jobBuffer collects the changes of one transaction, written to the change
// log at commit: one statement per batch of an import instead of several
// per article, and, as the last statements of the transaction, in commit
// order (see changes.go).
type jobBuffer struct {
	jobs  []Change
	marks map[string]int // savepoint name -> len(jobs) when it was set
	// afterCommit are the functions to call once the transaction has
	// committed (AfterCommit), with written, the changes written to the
	// log with their ids.
	afterCommit []func([]Change)
	written     []Change
}

// reset empties b for a transaction's (first or next) run.
func (b *jobBuffer) reset() { *b = jobBuffer{} }

func (b *jobBuffer) mark(name string) {
	if b == nil {
		return
	}
	if b.marks == nil {
		b.marks = map[string]int{}
	}
	b.marks[name] = len(b.jobs)
}

func (b *jobBuffer) rollbackTo(name string) {
	if b == nil {
		return
	}
	if n, ok := b.marks[name]; ok {
		b.jobs = b.jobs[:n]
	}
}

// writeJobs appends the changes the transaction collected to the log, one
// per entity: the last operation on an entity is what the index must
// apply. (The indexer merges changes the same way when it reads them;
// merging here writes fewer rows.)
func (s *Store) writeJobs(ctx context.Context) error {
	b := s.jobs
	type entity struct {
		typ string
		id  int64
	}
	last := make(map[entity]int, len(b.jobs))
	for i, j := range b.jobs {
		last[entity{j.EntityType, j.EntityID}] = i
	}
	jobs := make([]Change, 0, len(last))
	for i, j := range b.jobs {
		if last[entity{j.EntityType, j.EntityID}] == i {
			jobs = append(jobs, j)
		}
	}
	b.jobs, b.marks = nil, nil
	if len(jobs) == 0 {
		return nil
	}
	// With a function to call after the commit the changes' ids are
	// wanted: on PostgreSQL they are then taken before the COPY.
	withIDs := len(b.afterCommit) > 0
	if err := appendChanges(ctx, s.db, jobs, s, withIDs); err != nil {
		return err
	}
	if withIDs {
		for _, j := range jobs {
			if j.ID == 0 {
				return Errorf(EINTERNAL, "record changes: no id for %s %d", j.EntityType, j.EntityID)
			}
		}
		b.written = jobs
	}
	return nil
}

// Enqueue records changes to the given entities of one type: inside a
// transaction they join the changes written at commit, else they are
// written at once.
func (s *Store) Enqueue(ctx context.Context, typ string, op string, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	jobs := make([]Change, len(ids))
	for i, id := range ids {
		jobs[i] = Change{EntityType: typ, EntityID: id, Op: op}
	}
	if s.jobs != nil {
		s.jobs.jobs = append(s.jobs.jobs, jobs...)
		return nil
	}
	return wrap("record changes", s.write(ctx).Transaction(func(tx *gorm.DB) error {
		return appendChanges(ctx, tx, jobs, nil, false)
	}))
}

// EntityIDs returns the ids of up to limit entities of type typ after the
// id after, ascending: a page of a walk over every entity.
func (s *Store) EntityIDs(ctx context.Context, typ string, after int64, limit int) ([]int64, error) {
	table, ok := tables[typ]
	if !ok {
		return nil, Errorf(EINVALID, "%s is not an entity type", typ)
	}
	var ids []int64
	err := s.db.WithContext(ctx).Table(table).Where("id > ?", after).Order("id").Limit(limit).Pluck("id", &ids).Error
	return ids, wrap("list "+table, err)
}
