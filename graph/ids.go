package graph

import (
	"tracuu/models"
)

// GlobalID is the opaque ID of an entity, position or mention: base64 of
// "Type:id" (models.Ref.GlobalID).
func GlobalID(typ string, id int64) string { return models.Ref{Type: typ, ID: id}.GlobalID() }

// ParseGlobalID reads a global ID. A string that is not one of ours is
// EINVALID.
func ParseGlobalID(gid string) (models.Ref, error) {
	r, err := models.ParseGlobalID(gid)
	if err != nil {
		return r, models.Errorf(models.EINVALID, "%q is not a Tracuu ID", gid)
	}
	return r, nil
}

// idOf parses a global ID that must be of type want.
func idOf(gid, want string) (int64, error) {
	r, err := ParseGlobalID(gid)
	if err != nil {
		return 0, err
	}
	if r.Type != want {
		return 0, models.Errorf(models.EINVALID, "ID %q is a %s, not a %s", gid, r.Type, want)
	}
	return r.ID, nil
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
