package models_test

import (
	"testing"

	"tracuu/models"
)

func TestParseRef(t *testing.T) {
	person := func(id int64) models.Ref { return models.Ref{Type: models.TypePerson, ID: id} }
	for _, c := range []struct {
		in   string
		want models.Ref
		ok   bool
	}{
		{"Person:12", person(12), true},
		{"Organisation:3", models.Ref{Type: models.TypeOrganisation, ID: 3}, true},
		{"Position:4", models.Ref{Type: models.TypePosition, ID: 4}, true},
		{person(7).String(), person(7), true},
		{"Planet:1", models.Ref{}, false},
		{"Person:x", models.Ref{}, false},
		{"Person:0", models.Ref{}, false},
		{"Person:-3", models.Ref{}, false},
		{"12", models.Ref{}, false},
		{"", models.Ref{}, false},
	} {
		got, err := models.ParseRef(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseRef(%q) = %v, %v", c.in, got, err)
		}
		if err != nil && models.ErrorCode(err) != models.EINVALID {
			t.Errorf("ParseRef(%q): code %s", c.in, models.ErrorCode(err))
		}
	}
}

func TestParseGlobalID(t *testing.T) {
	person := models.Ref{Type: models.TypePerson, ID: 7}
	for _, c := range []struct {
		in   string
		want models.Ref
		ok   bool
	}{
		{person.GlobalID(), person, true},
		{" UGVyc29uOjc= ", person, true},
		{"UGVyc29uOjc", person, true}, // URL encoding without padding
		{"Person:7", models.Ref{}, false},
		{"UGxhbmV0OjE=", models.Ref{}, false}, // Planet:1
		{"!!", models.Ref{}, false},
	} {
		got, err := models.ParseGlobalID(c.in)
		if (err == nil) != c.ok || got != c.want {
			t.Errorf("ParseGlobalID(%q) = %v, %v", c.in, got, err)
		}
	}
}
