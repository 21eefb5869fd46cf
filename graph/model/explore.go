package model

import (
	"time"

	"tracuu/explore"
)

// Relation is one entity related to Of, with the date range the relation
// was counted in (for its articles).
type Relation struct {
	explore.Related
	Of       explore.Ref
	From, To *time.Time
}
