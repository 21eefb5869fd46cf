package models

import (
	"context"
	"fmt"
	"log/slog"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"gorm.io/gorm"
)

// Writing rows by COPY (PostgreSQL).
//
// An import's transaction writes its batch's new articles, their authors
// and mentions, and the batch's changes to the log by COPY, in its binary
// form: the server takes the rows as they come, with no statement to
// parse and plan for each few hundred rows and no parameter to bind, and
// the client sends each value as is. COPY returns no ids: the articles'
// are taken beforehand (takeIDs), in the order a multi-row INSERT would
// take them; the other tables' ids are their sequences', taken in the
// order of the rows.

// copyRows writes rows (values in the order of cols) into table by COPY,
// on the connection of the transaction. A unique or foreign key violation
// comes back as GORM's error, as from a statement run through GORM.
func (s *Store) copyRows(ctx context.Context, table string, cols []string, rows [][]any) error {
	if len(rows) == 0 {
		return nil
	}
	if s.conn == nil {
		return Errorf(EINTERNAL, "copy into %s: outside a PostgreSQL transaction", table)
	}
	s.statements.Add(1)
	if n, ok := ctx.Value(statementCountKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
	if fn := watcher(ctx); fn != nil {
		fn("COPY " + table)
	}
	err := s.conn.Raw(func(dc any) error {
		c, ok := dc.(interface{ Conn() *pgx.Conn })
		if !ok {
			return fmt.Errorf("copy into %s: the driver's connection is a %T, not pgx's", table, dc)
		}
		_, err := c.Conn().CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(rows))
		return err
	})
	if err != nil {
		return s.translate(err)
	}
	return nil
}

// takeIDs takes n ids from the sequence of table's id column, ascending:
// the ids a multi-row INSERT of n rows would have given them, in order.
func (s *Store) takeIDs(ctx context.Context, table string, n int) ([]int64, error) {
	ids, err := s.takeManyIDs(ctx, map[string]int{table: n})
	return ids[table], err
}

// articleTextLZ4 is migration 14's Go step: on PostgreSQL (14 and later,
// built with lz4), the long text columns of articles are compressed with
// lz4, which compresses an article's body several times faster than
// pglz, PostgreSQL's default, and reads it back faster too (pglz's
// compression was 15% of the server's time in an import of 20,000
// articles; docs/scaling.md, "The import's database writer"). Only how
// the values are kept changes, not the values. A server without lz4
// migrates all the same, with a warning, and keeps pglz.
func articleTextLZ4(ctx context.Context, tx *gorm.DB) error {
	if tx.Dialector.Name() != "postgres" {
		return nil
	}
	const sp = "article_text_lz4"
	if err := tx.SavePoint(sp).Error; err != nil {
		return err
	}
	err := tx.WithContext(ctx).Exec("ALTER TABLE articles ALTER COLUMN body SET COMPRESSION lz4, ALTER COLUMN lead SET COMPRESSION lz4, ALTER COLUMN captions SET COMPRESSION lz4").Error
	if err != nil {
		if rb := tx.RollbackTo(sp).Error; rb != nil {
			return rb
		}
		slog.Warn("store: the articles' text stays compressed with pglz: this PostgreSQL has no lz4", "err", err)
	}
	return nil
}
