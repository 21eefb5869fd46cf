package models

import (
	"encoding/base64"
	"slices"
	"strconv"
	"strings"
)

// Record types: the entities (mentioned in articles, searched, explored)
// and the two records that have a global id of their own. They name the
// type in index jobs, mentions, entity keys, search documents and global
// ids.
const (
	TypeArticle      = "Article"
	TypeOrganisation = "Organisation"
	TypePerson       = "Person"
	TypeResolution   = "Resolution"
	TypeReport       = "Report"

	TypePosition = "Position"
	TypeMention  = "Mention"
)

// EntityTypes lists the entity types in a stable order.
var EntityTypes = []string{TypeArticle, TypeOrganisation, TypePerson, TypeResolution, TypeReport}

// Ref names one record by its type and table id.
type Ref struct {
	Type string
	ID   int64
}

// String is "Type:id" (Person:12), the form ParseRef reads: the id of the
// entity's search document, and the text of its global id.
func (r Ref) String() string { return r.Type + ":" + strconv.FormatInt(r.ID, 10) }

// GlobalID is the opaque GraphQL id of r: base64 (standard encoding) of
// its String.
func (r Ref) GlobalID() string { return base64.StdEncoding.EncodeToString([]byte(r.String())) }

// IsEntity reports whether r names an entity (one of EntityTypes) rather
// than a position or a mention.
func (r Ref) IsEntity() bool { return slices.Contains(EntityTypes, r.Type) }

// ParseRef reads "Type:id", the form Ref.String writes, for an entity, a
// position or a mention. Returns an EINVALID error on the field "id" that
// names what is wrong.
func ParseRef(s string) (Ref, error) {
	typ, id, ok := strings.Cut(s, ":")
	if !ok {
		return Ref{}, Invalid("id", "%q is not an entity id such as Person:12", s)
	}
	if !slices.Contains(EntityTypes, typ) && typ != TypePosition && typ != TypeMention {
		return Ref{}, Invalid("id", "%q: type %q is not one of %s", s, typ, strings.Join(EntityTypes, ", "))
	}
	n, err := strconv.ParseInt(id, 10, 64)
	if err != nil || n <= 0 {
		return Ref{}, Invalid("id", "%q: %q is not a positive number", s, id)
	}
	return Ref{Type: typ, ID: n}, nil
}

// ParseGlobalID reads a global id: base64 of "Type:id", in the standard
// encoding or the URL one without padding. Returns EINVALID as ParseRef.
func ParseGlobalID(s string) (Ref, error) {
	s = strings.TrimSpace(s)
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		b, err = base64.RawURLEncoding.DecodeString(s)
	}
	if err != nil {
		return Ref{}, Invalid("id", "%q is not an entity id such as Person:12", s)
	}
	return ParseRef(string(b))
}
