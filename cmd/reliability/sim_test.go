package main

import (
	"os"
	"strings"
	"testing"
	"time"
)

// TestSimulateConstant: with every request taking the same time, each
// waits for the others in turn whatever the order: 16 clients on 2
// servers answer each 8 service times after it was sent.
func TestSimulateConstant(t *testing.T) {
	samples := map[string][]time.Duration{}
	for _, k := range mixKinds {
		samples[k] = []time.Duration{time.Millisecond}
	}
	for _, order := range []simOrder{simFIFO, simSlack} {
		r := simulate(samples, simConfig{clients: 16, servers: 2, order: order, requests: 1000, warmup: 100, seed: 1})
		if len(r.all) != 1000 {
			t.Fatalf("%s: %d latencies, want 1000", order, len(r.all))
		}
		if r.all[0] != 8*time.Millisecond || r.all[len(r.all)-1] != 8*time.Millisecond {
			t.Errorf("%s: latencies %v to %v, want 8ms", order, r.all[0], r.all[len(r.all)-1])
		}
	}
}

// TestSimulateBackground: work beside the requests taking half of each
// server stretches every request to twice its time: 16 clients on 2
// servers of 1 ms requests wait 16 ms.
func TestSimulateBackground(t *testing.T) {
	samples := map[string][]time.Duration{}
	for _, k := range mixKinds {
		samples[k] = []time.Duration{time.Millisecond}
	}
	r := simulate(samples, simConfig{clients: 16, servers: 2, requests: 1000, warmup: 100, seed: 1, background: 0.5})
	if r.all[0] != 16*time.Millisecond || r.all[len(r.all)-1] != 16*time.Millisecond {
		t.Errorf("latencies %v to %v, want 16ms", r.all[0], r.all[len(r.all)-1])
	}
}

// TestSimulateLittle: the clients' mean latency is their number over the
// throughput (Little's law), and least slack serves the expensive kind
// sooner than first in, first out does, the cheap ones later.
func TestSimulateLittle(t *testing.T) {
	samples := map[string][]time.Duration{}
	for _, k := range mixKinds {
		samples[k] = []time.Duration{time.Millisecond, 2 * time.Millisecond}
	}
	samples["search"] = []time.Duration{8 * time.Millisecond, 12 * time.Millisecond}
	mean := map[simOrder]map[string]time.Duration{}
	for _, order := range []simOrder{simFIFO, simSlack} {
		r := simulate(samples, simConfig{clients: 16, servers: 2, order: order, requests: 60_000, warmup: 1000, seed: 3})
		var sum time.Duration
		for _, d := range r.all {
			sum += d
		}
		got := sum.Seconds() / float64(len(r.all))
		want := 16 / (float64(len(r.all)) / r.span.Seconds())
		if got < 0.99*want || got > 1.01*want {
			t.Errorf("%s: mean %.3f ms, Little's law %.3f ms", order, 1000*got, 1000*want)
		}
		mean[order] = map[string]time.Duration{}
		for k, l := range r.byKind {
			var s time.Duration
			for _, d := range l {
				s += d
			}
			mean[order][k] = s / time.Duration(len(l))
		}
	}
	if mean[simSlack]["search"] >= mean[simFIFO]["search"] || mean[simSlack]["suggest"] <= mean[simFIFO]["suggest"] {
		t.Errorf("least slack: search %v, suggest %v; FIFO: search %v, suggest %v", mean[simSlack]["search"], mean[simSlack]["suggest"], mean[simFIFO]["search"], mean[simFIFO]["suggest"])
	}
}

// TestReadSingleLatencies reads the one-client requests of a -diag file.
func TestReadSingleLatencies(t *testing.T) {
	in := "sqlite,1,req,search,0.5,12.250,0.6,12.0,0.010\n" +
		"sqlite,16,req,search,0.5,40.000,0.6,12.0,0.010\n" +
		"sqlite,1,index,3,10.0,5.0,,,\n" +
		"postgres,1,req,suggest,1.0,2.000,1.1,2.9,0.0\n"
	got, err := readSingleLatencies(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if l := got["sqlite"]["search"]; len(l) != 1 || l[0] != 12250*time.Microsecond {
		t.Errorf("sqlite search: %v", l)
	}
	if l := got["postgres"]["suggest"]; len(l) != 1 || l[0] != 2*time.Millisecond {
		t.Errorf("postgres suggest: %v", l)
	}
	if len(got["sqlite"]) != 1 {
		t.Errorf("sqlite kinds: %v", got["sqlite"])
	}
}

// TestSimulateFileArguments: -simulate refuses what it cannot simulate
// (no client, no server, a background share outside 0 to below 1) before
// reading its file, instead of ignoring the share or failing midway.
func TestSimulateFileArguments(t *testing.T) {
	for _, c := range []struct {
		clients, servers int
		background       float64
	}{{0, 2, 0}, {16, 0, 0}, {16, 2, 1}, {16, 2, 1.5}, {16, 2, -0.1}} {
		err := simulateFile("/nonexistent/diag.csv", c.clients, c.servers, c.background)
		if err == nil || os.IsNotExist(err) {
			t.Errorf("clients %d, servers %d, background %v: %v, want the arguments refused", c.clients, c.servers, c.background, err)
		}
	}
}
