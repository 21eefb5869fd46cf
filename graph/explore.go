package graph

import (
	"context"

	"github.com/99designs/gqlgen/graphql"

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

// networkFieldsUnasked reports whether the network field of ctx asks for
// no label of its nodes and no evidence of its edges (under any alias
// or fragment), which explore.Network then leaves out.
func networkFieldsUnasked(ctx context.Context) (noLabels, noEvidence bool) {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || !graphql.HasOperationContext(ctx) {
		return false, false
	}
	oc := graphql.GetOperationContext(ctx)
	noLabels, noEvidence = true, true
	for _, f := range graphql.CollectFields(oc, fc.Field.Selections, []string{"Network"}) {
		var wanted string
		switch f.Name {
		case "nodes":
			wanted = "label"
		case "edges":
			wanted = "evidence"
		default:
			continue
		}
		for _, g := range graphql.CollectFields(oc, f.Selections, nil) {
			if g.Name == wanted {
				if wanted == "label" {
					noLabels = false
				} else {
					noEvidence = false
				}
			}
		}
	}
	return noLabels, noEvidence
}
