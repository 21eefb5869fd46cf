package indexer

import (
	"context"
	"fmt"

	"tracuu/models"
	"tracuu/search"
)

// Reindex builds a fresh index of everything in the database beside the
// live one and swaps it in; searches go on being served meanwhile. The new
// index's position is the head of the change log when the build began (or
// further, when changes were applied during the build), so whoever opens
// it next follows the log from there.
func Reindex(ctx context.Context, s *models.Store, ix *search.Index, progress func(typ string, n int)) error {
	head, err := settledHead(ctx, s)
	if err != nil {
		return fmt.Errorf("indexer: %w", err)
	}
	return ix.Rebuild(ctx, head, allDocs(ctx, s, progress))
}

// allDocs yields the search document of every entity in the database,
// type by type, telling progress how many of the type it has yielded.
func allDocs(ctx context.Context, s *models.Store, progress func(typ string, n int)) func(yield func(search.Doc) error) error {
	return func(yield func(search.Doc) error) error {
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
	}
}
