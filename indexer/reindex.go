package indexer

import (
	"context"
	"fmt"

	"tracuu/models"
	"tracuu/search"
)

// Reindex builds a fresh index of everything in the database beside the
// live one and swaps it in; searches go on being served meanwhile. Jobs
// written before the rebuild started are then complete; later ones are left
// for the worker.
func Reindex(ctx context.Context, s *models.Store, ix *search.Index, progress func(typ string, n int)) error {
	maxJob, err := s.LastJobID(ctx)
	if err != nil {
		return fmt.Errorf("indexer: %w", err)
	}
	err = ix.Rebuild(ctx, func(yield func(search.Doc) error) error {
		for _, typ := range []string{models.TypeOrganisation, models.TypePerson, models.TypeResolution, models.TypeReport, models.TypeArticle} {
			var after int64
			n := 0
			for {
				ids, err := s.EntityIDs(ctx, typ, after, 500)
				if err != nil {
					return fmt.Errorf("indexer: %w", err)
				}
				if len(ids) == 0 {
					break
				}
				after = ids[len(ids)-1]
				docs, err := Docs(ctx, s, typ, ids)
				if err != nil {
					return err
				}
				for _, d := range docs {
					if err := yield(d); err != nil {
						return err
					}
				}
				n += len(docs)
				if progress != nil {
					progress(typ, n)
				}
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	return s.CompleteJobsThrough(ctx, maxJob)
}
