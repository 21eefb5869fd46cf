package models

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
)

// Error codes. The GraphQL edge maps them to extensions.code.
const (
	ENOTFOUND     = "not_found"
	EINVALID      = "invalid"
	ECONFLICT     = "conflict"
	EUNAUTHORIZED = "unauthorized"
	EINTERNAL     = "internal"
)

// Error is a domain error that is safe to show to a user: its Message names
// what was wrong, Field names the input field at fault when there is one.
type Error struct {
	Code    string
	Field   string
	Message string
	cause   error // what errors.Is finds beneath, such as ErrKeyTaken
}

// Unwrap returns the sentinel beneath e, if any.
func (e *Error) Unwrap() error { return e.cause }

// ErrKeyTaken is beneath the ECONFLICT of a find-or-create (CreatePersonFor,
// CreateOrganisationFor) whose name's key another writer's transaction took
// since the caller looked it up and found none: running the caller's
// transaction again finds the other's entity.
var ErrKeyTaken = errors.New("the name's key was taken by another writer meanwhile")

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with the given code and message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// Invalid returns an EINVALID error for one input field.
func Invalid(field, format string, args ...any) *Error {
	return &Error{Code: EINVALID, Field: field, Message: fmt.Sprintf(format, args...)}
}

// NotFound returns an ENOTFOUND error for a kind of thing and its id.
func NotFound(kind string, id int64) *Error {
	return &Error{Code: ENOTFOUND, Message: fmt.Sprintf("%s %d not found", kind, id)}
}

// ErrorCode returns the code of err when it is or wraps an *Error, EINTERNAL
// for any other non-nil error, and "" for nil.
func ErrorCode(err error) string {
	var e *Error
	var v ValidationErrors
	switch {
	case err == nil:
		return ""
	case errors.As(err, &v):
		return EINVALID
	case errors.As(err, &e):
		return e.Code
	}
	return EINTERNAL
}

// ValidationErrors collects every invalid field of one input so that a user
// sees all of them at once.
type ValidationErrors []*Error

func (v ValidationErrors) Error() string {
	if len(v) == 0 {
		return "no errors"
	}
	msg := v[0].Error()
	if len(v) > 1 {
		msg += fmt.Sprintf(" (and %d more)", len(v)-1)
	}
	return msg
}

// Err returns v as an error, or nil when v is empty.
func (v ValidationErrors) Err() error {
	if len(v) == 0 {
		return nil
	}
	return v
}

// Add appends an invalid-field error.
func (v *ValidationErrors) Add(field, format string, args ...any) {
	*v = append(*v, Invalid(field, format, args...))
}

// UserErrors returns the user-facing errors carried by err: the fields of a
// ValidationErrors, or one *Error. Other errors give nil.
func UserErrors(err error) []*Error {
	var v ValidationErrors
	if errors.As(err, &v) {
		return v
	}
	var e *Error
	if errors.As(err, &e) && e.Code != EINTERNAL {
		return []*Error{e}
	}
	return nil
}

// Retryable reports whether err is contention between concurrent writers
// that the same transaction, run again, gets past: a unique key taken by a
// transaction that committed meanwhile (ECONFLICT), a deadlock or a
// serialization failure on PostgreSQL.
func Retryable(err error) bool {
	return ErrorCode(err) == ECONFLICT || Raced(err)
}

// Raced reports whether err is another writer's doing that the same work,
// run again, gets past, whatever the input: a deadlock (40P01) or a
// serialization failure (40001) on PostgreSQL, or ErrKeyTaken. (An
// ECONFLICT may as well be the input's own fault, such as two articles
// with one URL.)
func Raced(err error) bool {
	var pg *pgconn.PgError
	return errors.Is(err, ErrKeyTaken) || errors.As(err, &pg) && (pg.Code == "40P01" || pg.Code == "40001")
}
