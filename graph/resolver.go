// Package graph is the GraphQL API: the schema in schema/, thin resolvers
// that parse arguments, call models or search, and map the result.
package graph

import (
	"time"

	"tracuu/explore"
	"tracuu/models"
	"tracuu/search"
)

// Resolver holds what resolvers need.
type Resolver struct {
	Store *models.Store
	Index *search.Index
	// Explore answers relationship queries.
	Explore *explore.Explorer
	// SearchTimeout bounds one search (0: only the request's budget).
	SearchTimeout time.Duration
}
