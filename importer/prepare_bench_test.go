package importer

import (
	"bytes"
	"io"
	"os"
	"strconv"
	"testing"
	"time"

	"tracuu/ingest"
	"tracuu/internal/cpu"
)

// benchJSONL is the file the Prepare benchmarks read: TRACUU_BENCH_JSONL,
// else the dev corpus; TRACUU_BENCH_N caps the records (default 5000).
func benchJSONL(b *testing.B) []byte {
	path := os.Getenv("TRACUU_BENCH_JSONL")
	if path == "" {
		path = "../../shared/corpus/dantri-2019-2021.jsonl"
		if p := os.Getenv("TRACUU_CORPUS"); p != "" {
			path = p
		}
	}
	data, err := os.ReadFile(path)
	if err != nil {
		b.Skipf("no benchmark file: %v", err)
	}
	n := 5000
	if s := os.Getenv("TRACUU_BENCH_N"); s != "" {
		if n, err = strconv.Atoi(s); err != nil {
			b.Fatal(err)
		}
	}
	end := 0
	for i := 0; i < n && end < len(data); i++ {
		j := bytes.IndexByte(data[end:], '\n')
		if j < 0 {
			end = len(data)
			break
		}
		end += j + 1
	}
	return data[:end]
}

func readAll(b *testing.B, data []byte) []ingest.Article {
	var arts []ingest.Article
	r := ingest.NewJSONLReader(bytes.NewReader(data))
	for {
		a, _, err := r.Next()
		if err == io.EOF {
			return arts
		}
		if err != nil {
			b.Fatal(err)
		}
		arts = append(arts, a)
	}
}

func reportCPU(b *testing.B, n int, cpu0 time.Duration) {
	if c := cpu.Used() - cpu0; c > 0 && n > 0 {
		b.ReportMetric(float64(c.Microseconds())/float64(n), "cpu-µs/article")
	}
}

// BenchmarkPrepare measures, per article, what the import's reader and
// extraction workers do before the writer: reading the JSON Lines
// (Read), ingest.Extract (Extract), both as a worker does them
// (ExtractModel: Extract and ToModelExtracted) and ToModel (ToModel),
// on TRACUU_BENCH_JSONL (e.g. the head of /work/bench/synth100k.jsonl).
func BenchmarkPrepare(b *testing.B) {
	data := benchJSONL(b)
	arts := readAll(b, data)
	b.Run("Read", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		cpu0, n := cpu.Used(), 0
		for b.Loop() {
			n += len(readAll(b, data))
		}
		reportCPU(b, n, cpu0)
	})
	b.Run("Extract", func(b *testing.B) {
		cpu0, n := cpu.Used(), 0
		for b.Loop() {
			for _, a := range arts {
				ingest.Extract(a)
			}
			n += len(arts)
		}
		reportCPU(b, n, cpu0)
	})
	b.Run("ExtractModel", func(b *testing.B) {
		// What an import's extraction worker does: Extract, then the model
		// with the extraction's content hash.
		cpu0, n := cpu.Used(), 0
		for b.Loop() {
			for _, a := range arts {
				x := ingest.Extract(a)
				ToModelExtracted(a, &x)
			}
			n += len(arts)
		}
		reportCPU(b, n, cpu0)
	})
	b.Run("ToModel", func(b *testing.B) {
		cpu0, n := cpu.Used(), 0
		for b.Loop() {
			for _, a := range arts {
				ToModel(a)
			}
			n += len(arts)
		}
		reportCPU(b, n, cpu0)
	})
}
