package graph

import (
	"tracuu/graph/model"
	"tracuu/models"
)

// inputErrors collects the invalid parts of a mutation's input before the
// store sees it (IDs that do not parse, times that are not times).
type inputErrors struct{ errs models.ValidationErrors }

func (e *inputErrors) id(field string, gid *string, typ string) *int64 {
	id, err := optIDOf(gid, typ)
	if err != nil {
		e.errs = append(e.errs, &models.Error{Code: models.EINVALID, Field: field, Message: models.UserErrors(err)[0].Message})
	}
	return id
}

func (e *inputErrors) ids(field string, gids []string, typ string) []int64 {
	ids, err := idsOf(gids, typ)
	if err != nil {
		e.errs = append(e.errs, &models.Error{Code: models.EINVALID, Field: field, Message: models.UserErrors(err)[0].Message})
	}
	return ids
}

// finish turns the outcome of a store call into a payload's userErrors, or
// a top-level error when it is not the user's input that is wrong.
func finish(err error) ([]*model.UserError, error) {
	if err == nil {
		return []*model.UserError{}, nil
	}
	if ue, ok := userErrors(err); ok {
		return ue, nil
	}
	return nil, err
}

func deleted(typ string, id int64, err error) (*model.DeletePayload, error) {
	ue, err := finish(err)
	if err != nil {
		return nil, err
	}
	p := &model.DeletePayload{UserErrors: ue}
	if len(ue) == 0 {
		gid := GlobalID(typ, id)
		p.DeletedID = &gid
	}
	return p, nil
}

func set[T any](dst *T, v *T) {
	if v != nil {
		*dst = *v
	}
}
