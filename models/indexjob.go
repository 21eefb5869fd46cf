package models

import (
	"context"
	"time"

	"gorm.io/gorm"
)

// Index job operations.
const (
	OpUpsert = "upsert"
	OpDelete = "delete"
)

// IndexJob asks the search indexer to (re)index or delete one entity. Jobs
// are written in the same transaction as the change they describe, so the
// index can always catch up with the database, even after a crash.
type IndexJob struct {
	ID         int64
	EntityType string
	EntityID   int64
	Op         string
	CreatedAt  time.Time
}

func (s *Store) enqueue(ctx context.Context, typ string, id int64, op string) error {
	return s.Enqueue(ctx, typ, op, id)
}

// jobBuffer collects the index jobs of one transaction, so that an import
// writes one statement of jobs per batch instead of several per article.
type jobBuffer struct {
	jobs  []IndexJob
	marks map[string]int // savepoint name -> len(jobs) when it was set
}

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

// write stores the collected jobs, one per entity: the last operation on an
// entity is what the index must apply. (The worker merges jobs the same way
// when it reads them; merging here writes fewer rows.)
func (b *jobBuffer) write(ctx context.Context, db *gorm.DB) error {
	type entity struct {
		typ string
		id  int64
	}
	last := make(map[entity]int, len(b.jobs))
	for i, j := range b.jobs {
		last[entity{j.EntityType, j.EntityID}] = i
	}
	jobs := make([]IndexJob, 0, len(last))
	for i, j := range b.jobs {
		if last[entity{j.EntityType, j.EntityID}] == i {
			jobs = append(jobs, j)
		}
	}
	b.jobs, b.marks = nil, nil
	if len(jobs) == 0 {
		return nil
	}
	return db.WithContext(ctx).CreateInBatches(jobs, 500).Error
}

// Enqueue records index jobs for the given entities of one type: inside a
// transaction they join the jobs written at commit, else they are written
// at once.
func (s *Store) Enqueue(ctx context.Context, typ string, op string, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	jobs := make([]IndexJob, len(ids))
	for i, id := range ids {
		jobs[i] = IndexJob{EntityType: typ, EntityID: id, Op: op}
	}
	if s.jobs != nil {
		s.jobs.jobs = append(s.jobs.jobs, jobs...)
		return nil
	}
	return wrap("enqueue index jobs", s.db.WithContext(ctx).CreateInBatches(jobs, 500).Error)
}

// PendingJobs returns up to limit index jobs in the order they were written.
func (s *Store) PendingJobs(ctx context.Context, limit int) ([]IndexJob, error) {
	var jobs []IndexJob
	err := s.db.WithContext(ctx).Order("id").Limit(limit).Find(&jobs).Error
	return jobs, wrap("read index jobs", err)
}

// CompleteJobs deletes index jobs up to and including id maxID among ids.
func (s *Store) CompleteJobs(ctx context.Context, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return wrap("complete index jobs", s.db.WithContext(ctx).Where("id IN ?", ids).Delete(&IndexJob{}).Error)
}

// LastJobID returns the id of the newest index job, 0 when there is none.
func (s *Store) LastJobID(ctx context.Context) (int64, error) {
	var id int64
	err := s.db.WithContext(ctx).Model(&IndexJob{}).Select("COALESCE(MAX(id), 0)").Scan(&id).Error
	return id, wrap("read index jobs", err)
}

// CompleteJobsThrough deletes the index jobs up to and including id maxID.
func (s *Store) CompleteJobsThrough(ctx context.Context, maxID int64) error {
	return wrap("complete index jobs", s.db.WithContext(ctx).Where("id <= ?", maxID).Delete(&IndexJob{}).Error)
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

// IndexLag returns how many index jobs wait and the age of the oldest.
func (s *Store) IndexLag(ctx context.Context) (n int64, oldest time.Duration, err error) {
	db := s.db.WithContext(ctx)
	if err = db.Model(&IndexJob{}).Count(&n).Error; err != nil || n == 0 {
		return n, 0, wrap("count index jobs", err)
	}
	var j IndexJob
	if err = db.Order("id").First(&j).Error; err != nil {
		return n, 0, wrap("read index jobs", err)
	}
	return n, time.Since(j.CreatedAt), nil
}
