package models_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"tracuu/models"
	"tracuu/models/modelstest"
)

// BenchmarkCommitOrder measures what ordering the change log costs writers
// on PostgreSQL: 16 small write transactions at once (as many clients
// sending ingestArticle), each appending a change and committing: with no
// lock; with the shared lock the store takes, alone and while three
// servers settle the log ten times a second each (the most they do); and
// with an exclusive lock held to the commit (the simple design not taken).
//
//	go test -run '^$' -bench CommitOrder -benchtime 3s ./models/
func BenchmarkCommitOrder(b *testing.B) {
	ctx := context.Background()
	s := modelstest.Open(b, "postgres")
	db, err := modelstest.DB(b, s).DB()
	if err != nil {
		b.Fatal(err)
	}
	db.SetMaxOpenConns(32)
	for _, mode := range []string{"none", "shared", "shared+settling", "exclusive"} {
		b.Run(mode, func(b *testing.B) {
			stop := make(chan struct{})
			var wg sync.WaitGroup
			var mu sync.Mutex
			var settles []time.Duration
			busy := 0
			if mode == "shared+settling" {
				for range 3 {
					wg.Add(1)
					go func() {
						defer wg.Done()
						for {
							select {
							case <-stop:
								return
							case <-time.After(100 * time.Millisecond):
							}
							start := time.Now()
							_, err := s.SettledHead(ctx)
							mu.Lock()
							settles = append(settles, time.Since(start))
							if err != nil {
								busy++
							}
							mu.Unlock()
						}
					}()
				}
			}
			b.SetParallelism(8) // 16 writers on 2 cores
			b.RunParallel(func(pb *testing.PB) {
				for pb.Next() {
					tx, err := db.BeginTx(ctx, nil)
					if err != nil {
						b.Fatal(err)
					}
					lock := map[string]string{"shared": "SELECT pg_advisory_xact_lock_shared($1)", "shared+settling": "SELECT pg_advisory_xact_lock_shared($1)",
						"exclusive": "SELECT pg_advisory_xact_lock($1)"}[mode]
					if lock != "" {
						if _, err := tx.Exec(lock, models.ChangeLogLock); err != nil {
							b.Fatal(err)
						}
					}
					if _, err := tx.Exec("INSERT INTO changes (entity_type, entity_id, op, created_at) VALUES ('Article', 1, 'upsert', now())"); err != nil {
						b.Fatal(err)
					}
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
				}
			})
			close(stop)
			wg.Wait()
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "commits/s")
			if len(settles) > 0 {
				slices.Sort(settles)
				b.ReportMetric(float64(settles[len(settles)/2].Microseconds())/1000, "settle-p50-ms")
				b.ReportMetric(float64(busy)/float64(len(settles)), "settles-busy")
			}
		})
	}
}
