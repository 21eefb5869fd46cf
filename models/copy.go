package models

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
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
		return copyEncoded(ctx, c.Conn(), table, cols, rows)
	})
	if err != nil {
		return s.translate(err)
	}
	return nil
}

// copyBufs holds the buffers of copyEncoded between COPYs.
var copyBufs = sync.Pool{New: func() any { return new([]byte) }}

// copyEncoded is pgx's Conn.CopyFrom of rows, binary, but with the rows
// encoded first, by the calling goroutine, into one buffer that pgconn then
// sends: pgx's CopyFrom encodes in a goroutine of its own and hands the
// data, 64 KiB at a time, through an io.Pipe to a second one that sends
// it, and in an import, with every core busy, each hand-off waited for the
// Go scheduler (a batch's 1 MB of articles is 16 of them), while the
// server waited for the data (docs/scaling.md, "The PostgreSQL import's
// writer"). The bytes sent are pgx's: each value encoded by the
// connection's type map for the column's type, as pgx's encodeCopyValue
// does.
func copyEncoded(ctx context.Context, c *pgx.Conn, table string, cols []string, rows [][]any) error {
	quoted := make([]string, len(cols))
	for i, col := range cols {
		quoted[i] = pgx.Identifier{col}.Sanitize()
	}
	list := strings.Join(quoted, ", ")
	name := pgx.Identifier{table}.Sanitize()
	// The columns' types, described once a connection (pgx keeps the
	// statement by its name).
	desc := fmt.Sprintf("select %s from %s", list, name)
	sd, err := c.Prepare(ctx, desc, desc)
	if err != nil {
		return fmt.Errorf("copy into %s: describe the columns: %w", table, err)
	}
	if len(sd.Fields) != len(cols) {
		return fmt.Errorf("copy into %s: %d columns described of %d", table, len(sd.Fields), len(cols))
	}
	bp := copyBufs.Get().(*[]byte)
	defer copyBufs.Put(bp)
	buf := append((*bp)[:0], "PGCOPY\n\377\r\n\000"...)
	buf = binary.BigEndian.AppendUint32(buf, 0) // flags
	buf = binary.BigEndian.AppendUint32(buf, 0) // header extension
	m := c.TypeMap()
	for _, row := range rows {
		if len(row) != len(cols) {
			return fmt.Errorf("copy into %s: expected %d values, got %d values", table, len(cols), len(row))
		}
		buf = binary.BigEndian.AppendUint16(buf, uint16(len(cols)))
		for i, v := range row {
			if buf, err = encodeCopyValue(m, buf, sd.Fields[i].DataTypeOID, v); err != nil {
				return err
			}
		}
	}
	buf = binary.BigEndian.AppendUint16(buf, 0xffff) // the trailer: -1
	*bp = buf
	_, err = c.PgConn().CopyFrom(ctx, bytes.NewReader(buf), fmt.Sprintf("copy %s ( %s ) from stdin binary;", name, list))
	return err
}

// encodeCopyValue appends arg's binary form as a COPY field (its length,
// -1 for NULL, then its bytes): pgx's own (values.go), which is not
// exported.
func encodeCopyValue(m *pgtype.Map, buf []byte, oid uint32, arg any) ([]byte, error) {
	sp := len(buf)
	buf = binary.BigEndian.AppendUint32(buf, 0xffffffff)
	argBuf, err := m.Encode(oid, pgtype.BinaryFormatCode, arg, buf)
	if err != nil {
		argBuf2, err2 := encodeCopyString(m, buf, oid, arg)
		if err2 != nil {
			return nil, err
		}
		argBuf = argBuf2
	}
	if argBuf != nil {
		buf = argBuf
		binary.BigEndian.PutUint32(buf[sp:], uint32(len(buf[sp:])-4))
	}
	return buf, nil
}

// encodeCopyString is pgx's fallback for a value its type map cannot
// encode for the column as it is: through its text form.
func encodeCopyString(m *pgtype.Map, buf []byte, oid uint32, arg any) ([]byte, error) {
	s, ok := arg.(string)
	if !ok {
		textBuf, err := m.Encode(oid, pgtype.TextFormatCode, arg, nil)
		if err != nil {
			return nil, errors.New("not a string and cannot be encoded as text")
		}
		s = string(textBuf)
	}
	var v any
	if err := m.Scan(oid, pgtype.TextFormatCode, []byte(s), &v); err != nil {
		return nil, err
	}
	return m.Encode(oid, pgtype.BinaryFormatCode, v, buf)
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

// inList is the condition that col is one of vals (strings or int64s) and
// its one argument. In a batch's transaction on PostgreSQL (BatchTx):
// col = ANY(array), one statement text for any number of values, which
// pgx prepares once a connection (no round trip to parse it again) and
// PostgreSQL, once it plans it generically, looks up through the B-tree
// index of col; "col IN (?, ?, …)" was a new statement for each length,
// parsed and described (a round trip more) and planned anew, and a chunk
// of 500 keys, planned generically, compared every row of the type with
// each of the 500 parameters (35 ms). Elsewhere, IN as before.
func (s *Store) inList(col string, vals any) (string, any) {
	if !s.batch {
		return col + " IN ?", vals
	}
	switch v := vals.(type) {
	case []string:
		return col + " = ANY(?)", array(v)
	case []int64:
		return col + " = ANY(?)", array(v)
	}
	return col + " IN ?", vals
}

// array is v as a one-dimensional PostgreSQL array.
func array[T any](v []T) pgtype.Array[T] {
	return pgtype.Array[T]{Elements: v, Dims: []pgtype.ArrayDimension{{Length: int32(len(v)), LowerBound: 1}}, Valid: true}
}
