package models

import (
	"context"
	"time"
)

// Entity types, as used in index jobs, mentions, entity keys and global ids.
const (
	TypeArticle      = "Article"
	TypeOrganisation = "Organisation"
	TypePerson       = "Person"
	TypeResolution   = "Resolution"
	TypeReport       = "Report"
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
	return s.db.WithContext(ctx).Create(&IndexJob{EntityType: typ, EntityID: id, Op: op}).Error
}

// Enqueue records index jobs for the given entities of one type.
func (s *Store) Enqueue(ctx context.Context, typ string, op string, ids ...int64) error {
	if len(ids) == 0 {
		return nil
	}
	jobs := make([]IndexJob, len(ids))
	for i, id := range ids {
		jobs[i] = IndexJob{EntityType: typ, EntityID: id, Op: op}
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
