package graph

import (
	"context"
	"errors"
	"log/slog"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"tracuu/graph/model"
	"tracuu/models"
)

// Error codes on the wire (extensions.code).
const (
	CodeBadUserInput    = "BAD_USER_INPUT"
	CodeNotFound        = "NOT_FOUND"
	CodeUnauthenticated = "UNAUTHENTICATED"
	CodeForbidden       = "FORBIDDEN"
	CodeTooComplex      = "QUERY_TOO_COMPLEX"
	CodeInternal        = "INTERNAL"
	// CodeTimeout: the request ran out of its time budget (or waited
	// that long for a slot for expensive work) and was stopped.
	CodeTimeout = "TIMEOUT"
)

// ErrorPresenter maps domain errors to GraphQL errors with extensions.code.
// Internal errors are logged and shown as "internal error" only.
func ErrorPresenter(ctx context.Context, err error) *gqlerror.Error {
	var gerr *gqlerror.Error
	if errors.As(err, &gerr) && gerr.Err == nil {
		if gerr.Extensions == nil || gerr.Extensions["code"] == nil {
			if gerr.Extensions == nil {
				gerr.Extensions = map[string]any{}
			}
			gerr.Extensions["code"] = CodeBadUserInput
		}
		return gerr
	}
	out := graphql.DefaultErrorPresenter(ctx, err)
	if out.Extensions == nil {
		out.Extensions = map[string]any{}
	}
	if te := deadlineError(ctx, err); te != nil {
		out.Message = te.Error()
		out.Extensions["code"] = CodeTimeout
		return out
	}
	switch models.ErrorCode(err) {
	case models.EINVALID, models.ECONFLICT:
		out.Extensions["code"] = CodeBadUserInput
		out.Message = userMessage(err)
	case models.ENOTFOUND:
		out.Extensions["code"] = CodeNotFound
		out.Message = userMessage(err)
	case models.EUNAUTHORIZED:
		out.Extensions["code"] = CodeUnauthenticated
		out.Message = userMessage(err)
	default:
		if code, ok := out.Extensions["code"]; ok && code != "" {
			return out // already coded by gqlgen (parse and validation errors)
		}
		if errors.Is(err, context.Canceled) && ctx.Err() != nil {
			// The client went away (a typeahead cancels its last search):
			// nobody reads the answer and nothing went wrong here.
			slog.InfoContext(ctx, "graphql request cancelled by the client", "path", out.Path.String())
			out.Message = "request cancelled"
			out.Extensions["code"] = CodeInternal
			return out
		}
		slog.ErrorContext(ctx, "graphql internal error", "path", out.Path.String(), "err", err)
		out.Message = "internal error"
		out.Extensions["code"] = CodeInternal
	}
	return out
}

func userMessage(err error) string {
	var e *models.Error
	if errors.As(err, &e) {
		return e.Error()
	}
	return err.Error()
}

// userErrors turns the invalid input carried by err into userErrors for a
// payload; ok is false when err is something else, which the resolver then
// returns as a top-level error.
func userErrors(err error) ([]*model.UserError, bool) {
	ue := models.UserErrors(err)
	if len(ue) == 0 {
		return nil, false
	}
	out := make([]*model.UserError, len(ue))
	for i, e := range ue {
		u := &model.UserError{Message: e.Message, Code: model.UserErrorCodeInvalid}
		switch e.Code {
		case models.ENOTFOUND:
			u.Code = model.UserErrorCodeNotFound
		case models.ECONFLICT:
			u.Code = model.UserErrorCodeConflict
		}
		if e.Field != "" {
			u.Field = []string{"input", e.Field}
		}
		out[i] = u
	}
	return out, true
}

// NotFoundIsNil turns ENOTFOUND into a nil result, as GraphQL lookups by
// id do for things that do not exist.
func notFoundIsNil[T any](v *T, err error) (*T, error) {
	if models.ErrorCode(err) == models.ENOTFOUND {
		return nil, nil
	}
	return v, err
}
