package graph

import (
	"encoding/base64"
	"strconv"
	"strings"

	"tracuu/models"
)

// GlobalID is the opaque ID of an entity: base64 of "Type:id".
func GlobalID(typ string, id int64) string {
	return base64.StdEncoding.EncodeToString([]byte(typ + ":" + strconv.FormatInt(id, 10)))
}

// ParseGlobalID splits a global ID into its type and table id. A string
// that is not one of ours is EINVALID.
func ParseGlobalID(gid string) (string, int64, error) {
	raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(gid))
	if err != nil {
		raw, err = base64.RawURLEncoding.DecodeString(strings.TrimSpace(gid))
	}
	if err != nil {
		return "", 0, models.Errorf(models.EINVALID, "%q is not a Tracuu ID", gid)
	}
	typ, num, ok := strings.Cut(string(raw), ":")
	id, perr := strconv.ParseInt(num, 10, 64)
	if !ok || perr != nil || id <= 0 || !knownType(typ) {
		return "", 0, models.Errorf(models.EINVALID, "%q is not a Tracuu ID", gid)
	}
	return typ, id, nil
}

func knownType(t string) bool {
	switch t {
	case models.TypeArticle, models.TypeOrganisation, models.TypePerson, models.TypeResolution, models.TypeReport, "Position", "Mention":
		return true
	}
	return false
}

// idOf parses a global ID that must be of type want.
func idOf(gid, want string) (int64, error) {
	typ, id, err := ParseGlobalID(gid)
	if err != nil {
		return 0, err
	}
	if typ != want {
		return 0, models.Errorf(models.EINVALID, "ID %q is a %s, not a %s", gid, typ, want)
	}
	return id, nil
}

// idsOf parses a list of global IDs of one type.
func idsOf(gids []string, want string) ([]int64, error) {
	out := make([]int64, 0, len(gids))
	for _, g := range gids {
		id, err := idOf(g, want)
		if err != nil {
			return nil, err
		}
		out = append(out, id)
	}
	return out, nil
}

// optIDOf parses an optional global ID.
func optIDOf(gid *string, want string) (*int64, error) {
	if gid == nil || *gid == "" {
		return nil, nil
	}
	id, err := idOf(*gid, want)
	return &id, err
}
