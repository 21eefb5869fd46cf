package model

import (
	"time"

	"tracuu/explore"
	"tracuu/models"
)

// Relation is one entity related to Of, with the date range the relation
// was counted in (for its articles).
type Relation struct {
	explore.Related
	Of       models.Ref
	From, To *time.Time
}
