package main

import (
	"bufio"
	"container/heap"
	"encoding/csv"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"slices"
	"strconv"
	"time"
)

// The ideal closed system, for a bound on the ratio of the p99s (-simulate):
// clients that send again the moment they are answered, each cycling
// through the mixed kinds as the mixed clients do, served by a few servers
// (the cores) that run one request at a time, with nothing else on them (no
// indexing, no merges, no collector, no other process). A request's service
// time is drawn from one client's measured latencies of its kind, which
// already hold everything a request costs on its own; under 16 clients
// only the waiting is added. Two orders of the queue: first in, first out,
// and least slack (the request whose arrival minus the expected service
// time of its kind is earliest goes first, so that an expensive request
// waits less than a cheap one and all finish about as long after they
// arrived).

// simOrder is how the simulated queue picks the next request.
type simOrder int

const (
	simFIFO  simOrder = iota // by arrival
	simSlack                 // by arrival minus the kind's mean service time
)

func (o simOrder) String() string {
	if o == simSlack {
		return "least slack"
	}
	return "FIFO"
}

// simConfig is one simulated run.
type simConfig struct {
	clients, servers int
	order            simOrder
	// requests is how many answers are counted, after warmup ones.
	requests, warmup int
	seed             uint64
	// background is the share of each server's time taken by work beside
	// the requests (indexing the written articles, merges, the
	// collector), 0 to below 1: a request's service time is stretched by
	// 1/(1-background), as if that work ran evenly beside it. Work that
	// comes in bursts (an indexing round every 200 ms) stretches some
	// requests more and others not at all, a wider spread: so this is a
	// bound, not a model of it.
	background float64
}

// simResult is a simulated run's latencies (all kinds, and per kind) and
// its length in simulated time.
type simResult struct {
	all    []time.Duration // sorted
	byKind map[string][]time.Duration
	span   time.Duration
}

type simReq struct {
	client int
	kind   string
	arrive time.Duration
	key    time.Duration // the queue's order: the smallest first
	seq    int
	finish time.Duration
}

// simHeap is a heap of requests, the smallest by(r) first, then by
// arrival order: the queue by key, the requests being served by finish.
type simHeap struct {
	reqs []*simReq
	by   func(r *simReq) time.Duration
}

func (q *simHeap) Len() int { return len(q.reqs) }
func (q *simHeap) Less(i, j int) bool {
	if a, b := q.by(q.reqs[i]), q.by(q.reqs[j]); a != b {
		return a < b
	}
	return q.reqs[i].seq < q.reqs[j].seq
}
func (q *simHeap) Swap(i, j int) { q.reqs[i], q.reqs[j] = q.reqs[j], q.reqs[i] }
func (q *simHeap) Push(x any)    { q.reqs = append(q.reqs, x.(*simReq)) }
func (q *simHeap) Pop() any {
	x := q.reqs[len(q.reqs)-1]
	q.reqs = q.reqs[:len(q.reqs)-1]
	return x
}

// simulate runs the closed system of cfg over service times drawn from
// samples (per kind; every kind of mixKinds present in samples is sent,
// client c's i-th request being of kind (c+i) mod the kinds, as mixedRun's).
func simulate(samples map[string][]time.Duration, cfg simConfig) simResult {
	var kinds []string
	mean := map[string]time.Duration{}
	for _, k := range mixKinds {
		if l := samples[k]; len(l) > 0 {
			kinds = append(kinds, k)
			var s time.Duration
			for _, d := range l {
				s += d
			}
			mean[k] = s / time.Duration(len(l))
		}
	}
	res := simResult{byKind: map[string][]time.Duration{}}
	if len(kinds) == 0 || cfg.clients <= 0 || cfg.servers <= 0 {
		return res
	}
	stretch := 1.0
	if cfg.background > 0 && cfg.background < 1 {
		stretch = 1 / (1 - cfg.background)
	}
	rng := rand.New(rand.NewPCG(cfg.seed, 2))
	sent := make([]int, cfg.clients)
	seq := 0
	queue := simHeap{by: func(r *simReq) time.Duration { return r.key }}
	running := simHeap{by: func(r *simReq) time.Duration { return r.finish }}
	send := func(c int, now time.Duration) {
		k := kinds[(c+sent[c])%len(kinds)]
		sent[c]++
		r := &simReq{client: c, kind: k, arrive: now, key: now, seq: seq}
		seq++
		if cfg.order == simSlack {
			r.key = now - mean[k]
		}
		heap.Push(&queue, r)
	}
	for c := range cfg.clients {
		send(c, 0)
	}
	var now, start time.Duration
	done := 0
	for done < cfg.warmup+cfg.requests {
		for running.Len() < cfg.servers && queue.Len() > 0 {
			r := heap.Pop(&queue).(*simReq)
			l := samples[r.kind]
			r.finish = now + time.Duration(float64(l[rng.IntN(len(l))])*stretch)
			heap.Push(&running, r)
		}
		r := heap.Pop(&running).(*simReq)
		now = r.finish
		done++
		if done == cfg.warmup {
			start = now
		}
		if done > cfg.warmup {
			lat := r.finish - r.arrive
			res.all = append(res.all, lat)
			res.byKind[r.kind] = append(res.byKind[r.kind], lat)
		}
		send(r.client, now)
	}
	res.span = now - start
	slices.Sort(res.all)
	for _, l := range res.byKind {
		slices.Sort(l)
	}
	return res
}

// readSingleLatencies reads a -diag CSV file and returns, per database
// name (sqlite, postgres), the latencies of one client's requests by kind,
// as the client saw them.
func readSingleLatencies(r io.Reader) (map[string]map[string][]time.Duration, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = -1
	out := map[string]map[string][]time.Duration{}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		// name, clients, "req", kind, start, latency, ... (diagReport)
		if len(rec) < 6 || rec[1] != "1" || rec[2] != "req" {
			continue
		}
		lat, err := strconv.ParseFloat(rec[5], 64)
		if err != nil {
			return nil, fmt.Errorf("diag line %v: %v", rec, err)
		}
		if out[rec[0]] == nil {
			out[rec[0]] = map[string][]time.Duration{}
		}
		out[rec[0]][rec[3]] = append(out[rec[0]][rec[3]], time.Duration(lat*float64(time.Millisecond)))
	}
}

// simulateFile prints the bound for each database of a -diag file: one
// client's measured p99, and the ideal closed system's 16 clients' p50,
// p99 and ratio under each order.
func simulateFile(path string, clients, servers int, background float64) error {
	if clients < 1 || servers < 1 || background < 0 || background >= 1 {
		return fmt.Errorf("-mixed %d, -sim-servers %d, -sim-background %v: want at least a client and a server and a share from 0 to below 1", clients, servers, background)
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	dbs, err := readSingleLatencies(f)
	if err != nil {
		return err
	}
	for _, name := range []string{"sqlite", "postgres"} {
		samples := dbs[name]
		if len(samples) == 0 {
			continue
		}
		var one []time.Duration
		for _, l := range samples {
			one = append(one, l...)
		}
		slices.Sort(one)
		var sum time.Duration
		for _, d := range one {
			sum += d
		}
		fmt.Printf("%-8s simulate: one client measured: %d requests, mean %.2f ms, p50 %.1f ms, p99 %.1f ms\n",
			name, len(one), ms(sum/time.Duration(len(one))), ms(pct(one, 50)), ms(pct(one, 99)))
		for _, k := range mixKinds {
			l := slices.Sorted(slices.Values(samples[k]))
			fmt.Printf("%-8s simulate:   %-14s %5d, p50 %6.1f ms, p99 %6.1f ms\n", name, k, len(l), ms(pct(l, 50)), ms(pct(l, 99)))
		}
		for _, order := range []simOrder{simFIFO, simSlack} {
			r := simulate(samples, simConfig{clients: clients, servers: servers, order: order, requests: 200_000, warmup: 1_000, seed: 1, background: background})
			fmt.Printf("%-8s simulate: %d clients, %d servers, background %.0f%%, %-11s: %.0f requests/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms; ratio to one client's p99 %.2f\n",
				name, clients, servers, 100*background, order, float64(len(r.all))/r.span.Seconds(), ms(pct(r.all, 50)), ms(pct(r.all, 99)), ms(pct(r.all, 100)), float64(pct(r.all, 99))/float64(pct(one, 99)))
			for _, k := range mixKinds {
				l := r.byKind[k]
				fmt.Printf("%-8s simulate:   %-14s p50 %6.1f ms, p99 %6.1f ms\n", name, k, ms(pct(l, 50)), ms(pct(l, 99)))
			}
		}
	}
	return nil
}
