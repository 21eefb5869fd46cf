// Package model holds the GraphQL types that are not domain structs:
// connections, inputs, payloads (generated) and the scalars.
package model

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"tracuu/vntext"
)

// DateTime is an instant shown in Asia/Ho_Chi_Minh, RFC 3339.
type DateTime time.Time

// MarshalGQLContext implements graphql.ContextMarshaler.
func (d DateTime) MarshalGQLContext(_ context.Context, w io.Writer) error {
	_, err := io.WriteString(w, strconv.Quote(time.Time(d).In(vntext.Vietnam).Format(time.RFC3339)))
	return err
}

// UnmarshalGQLContext implements graphql.ContextUnmarshaler. It accepts
// RFC 3339, "29/06/2020 - 06:52" and a date alone, in Asia/Ho_Chi_Minh when
// no offset is given.
func (d *DateTime) UnmarshalGQLContext(_ context.Context, v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("DateTime must be a string such as 2020-06-29T06:52:00+07:00")
	}
	t, err := ParseTime(s)
	if err != nil {
		return err
	}
	*d = DateTime(t)
	return nil
}

// ParseTime reads a timestamp as users write one: RFC 3339, "2006-01-02
// 15:04", "29/06/2020 - 06:52", "29/06/2020" or "2020-06-29", the last four
// in Asia/Ho_Chi_Minh.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	for _, layout := range []string{"02/01/2006 - 15:04", "02/01/2006 15:04", "2006-01-02 15:04", "2006-01-02T15:04:05", "2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.ParseInLocation(layout, s, vntext.Vietnam); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("%q is not a date and time (want RFC 3339, dd/mm/yyyy - hh:mm, or yyyy-mm-dd)", s)
}

// Date is a calendar date, YYYY-MM-DD.
type Date time.Time

// MarshalGQLContext implements graphql.ContextMarshaler.
func (d Date) MarshalGQLContext(_ context.Context, w io.Writer) error {
	_, err := io.WriteString(w, strconv.Quote(time.Time(d).Format(time.DateOnly)))
	return err
}

// UnmarshalGQLContext implements graphql.ContextUnmarshaler.
func (d *Date) UnmarshalGQLContext(_ context.Context, v any) error {
	s, ok := v.(string)
	if !ok {
		return fmt.Errorf("Date must be a string such as 2020-06-29")
	}
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return fmt.Errorf("%q is not a date (want yyyy-mm-dd)", s)
	}
	*d = Date(t)
	return nil
}
