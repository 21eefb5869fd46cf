package graph

import (
	"context"

	"tracuu/explore"
	"tracuu/graph/model"
	"tracuu/models"
)

func (r *Resolver) explorer() *explore.Explorer { return r.Explore }

// refOf parses the global ID of an entity.
func refOf(gid string) (models.Ref, error) {
	r, err := ParseGlobalID(gid)
	if err != nil {
		return r, err
	}
	if !r.IsEntity() {
		return models.Ref{}, models.Errorf(models.EINVALID, "ID %q is a %s, not an entity", gid, r.Type)
	}
	return r, nil
}

func typeNames(types []model.EntityType) []string {
	var out []string
	for _, t := range types {
		out = append(out, typeName(t))
	}
	return out
}

func (r *Resolver) position(ctx context.Context, id *int64) (*models.Position, error) {
	if id == nil {
		return nil, nil
	}
	m, err := models.ByIDs[models.Position](ctx, r.Store, []int64{*id})
	return m[*id], err
}

func optString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
