package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"tracuu/indexer"
	"tracuu/models"
	"tracuu/search"
)

// reindex rebuilds the search indexes from the database, each beside its
// live index, with no downtime:
//
//   - every running server (registered in the database, reporting within
//     indexer.LiveWindow) is asked, through the database, to rebuild its
//     own index; reindex follows them and returns once each has swapped
//     its new index in;
//   - the index in DATA_DIR, when no running server has it open, is
//     rebuilt here (also when no server runs at all: a first index).
//
// It never waits on what cannot move: an index held by a process that is
// not a running server (an import indexing) fails at once, a server that
// stops reporting is given up on after indexer.LiveWindow, and a signal
// stops the wait (the servers go on rebuilding) or the local rebuild (the
// live index is left as it was).
func reindex(ctx context.Context, cfg config, m *metrics, stdout io.Writer) error {
	s, err := open(ctx, cfg, m, "reindex")
	if err != nil {
		return err
	}
	defer s.Close()
	live, err := liveServers(ctx, s)
	if err != nil {
		return err
	}
	var request int64
	if len(live) > 0 {
		if request, err = s.RequestReindex(ctx); err != nil {
			return err
		}
		names := make([]string, len(live))
		for i, srv := range live {
			names[i] = srv.ID + " (" + srv.Addr + ")"
		}
		fmt.Fprintf(stdout, "asked %d running server(s) to rebuild their index beside the live one (request %d): %s\n", len(live), request, strings.Join(names, ", "))
	}
	if err := reindexLocal(ctx, cfg, s, live, m, stdout); err != nil {
		return err
	}
	if len(live) == 0 {
		return nil
	}
	return followReindex(ctx, s, request, live, stdout)
}

// reindexLocal rebuilds the index in DATA_DIR unless a running server has
// it open (that server was asked to rebuild it) or there is none and
// servers run elsewhere.
func reindexLocal(ctx context.Context, cfg config, s *models.Store, live []models.IndexServer, m *metrics, stdout io.Writer) error {
	dir := indexDir(cfg)
	if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) && len(live) > 0 {
		return nil
	}
	// A running server's own index: it was asked to rebuild it, and may
	// be swapping directories right now, so it is not even opened here.
	id, _ := os.ReadFile(filepath.Join(cfg.DataDir, "server-id"))
	for _, srv := range live {
		if srv.ID == strings.TrimSpace(string(id)) || srv.ID == cfg.ServerID {
			return nil
		}
	}
	ix, err := search.Open(dir)
	if errors.Is(err, search.ErrLocked) {
		return fmt.Errorf("the index in %s is open in another process that is not a running server (an import indexing, or a server that stopped reporting): run reindex again when it has finished", dir)
	}
	if err != nil {
		return err
	}
	defer ix.Close()
	counts := map[string]int{}
	done := m.phase("reindex", "rebuild")
	err = indexer.Reindex(ctx, s, ix, func(typ string, n int) { counts[typ] = n })
	done()
	if err != nil {
		if ctx.Err() != nil {
			return fmt.Errorf("interrupted: the index in %s is left as it was", dir)
		}
		return err
	}
	for _, typ := range models.EntityTypes {
		fmt.Fprintf(stdout, "%-13s %d\n", typ, counts[typ])
	}
	n, _ := ix.DocCount()
	fmt.Fprintf(stdout, "reindexed: %d documents in %s\n", n, dir)
	return nil
}

// followReindex waits until every server asked has carried out request,
// printing their progress, and gives up on a server that stops reporting.
func followReindex(ctx context.Context, s *models.Store, request int64, asked []models.IndexServer, stdout io.Writer) error {
	waiting := map[string]bool{}
	for _, srv := range asked {
		waiting[srv.ID] = true
	}
	var gone []string
	shown := map[string]string{}
	tick := time.NewTicker(500 * time.Millisecond)
	defer tick.Stop()
	for len(waiting) > 0 {
		select {
		case <-ctx.Done():
			return fmt.Errorf("interrupted: the servers go on rebuilding (request %d); /readyz shows how far each is", request)
		case <-tick.C:
		}
		servers, err := s.IndexServers(ctx)
		if err != nil {
			if ctx.Err() != nil {
				continue // reported above at the next turn
			}
			return err
		}
		now := time.Now()
		seen := map[string]bool{}
		for _, srv := range servers {
			if !waiting[srv.ID] {
				continue
			}
			seen[srv.ID] = true
			switch {
			case srv.ReindexDone >= request:
				fmt.Fprintf(stdout, "%s: rebuilt and swapped in (position %d)\n", srv.ID, srv.Position)
				delete(waiting, srv.ID)
			case srv.State == models.ServerStopped:
				fmt.Fprintf(stdout, "%s: shut down before it had finished; it rebuilds its index when it starts again\n", srv.ID)
				gone = append(gone, srv.ID)
				delete(waiting, srv.ID)
			case !srv.Live(now, indexer.LiveWindow):
				fmt.Fprintf(stdout, "%s: stopped reporting (last seen %s ago); it rebuilds its index when it is back\n", srv.ID, now.Sub(srv.SeenAt).Round(time.Second))
				gone = append(gone, srv.ID)
				delete(waiting, srv.ID)
			default:
				line := srv.State
				if srv.Total > 0 {
					line = fmt.Sprintf("%s %d/%d documents (%.0f%%)", srv.State, srv.Built, srv.Total, 100*float64(srv.Built)/float64(srv.Total))
				}
				if line != shown[srv.ID] {
					fmt.Fprintf(stdout, "%s: %s\n", srv.ID, line)
					shown[srv.ID] = line
				}
			}
		}
		for id := range waiting {
			if !seen[id] {
				fmt.Fprintf(stdout, "%s: no longer registered; it rebuilds its index when it is back\n", id)
				gone = append(gone, id)
				delete(waiting, id)
			}
		}
	}
	if len(gone) > 0 {
		return fmt.Errorf("%d of %d server(s) did not finish: %s", len(gone), len(asked), strings.Join(gone, ", "))
	}
	fmt.Fprintf(stdout, "reindexed: %d server(s) rebuilt their index\n", len(asked))
	return nil
}

// liveServers returns the servers that have reported within
// indexer.LiveWindow.
func liveServers(ctx context.Context, s *models.Store) ([]models.IndexServer, error) {
	servers, err := s.IndexServers(ctx)
	if err != nil {
		return nil, err
	}
	now := time.Now()
	var live []models.IndexServer
	for _, srv := range servers {
		if srv.Live(now, indexer.LiveWindow) {
			live = append(live, srv)
		}
	}
	return live, nil
}
