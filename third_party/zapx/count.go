//  Copyright (c) 2017 Couchbase, Inc.
//
// Licensed under the Apache License, Version 2.0 (the "License");
// you may not use this file except in compliance with the License.
// You may obtain a copy of the License at
//
// 		http://www.apache.org/licenses/LICENSE-2.0
//
// Unless required by applicable law or agreed to in writing, software
// distributed under the License is distributed on an "AS IS" BASIS,
// WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
// See the License for the specific language governing permissions and
// limitations under the License.

package zap

import (
	"bytes"
	"hash/crc32"
	"io"

	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// CountHashWriter is a wrapper around a Writer which counts the number of
// bytes which have been written and computes a crc32 hash
type CountHashWriter struct {
	w   io.Writer
	crc uint32
	n   int
	s   segment.StatsReporter
	// buf: the bytes written, when w is this buffer (a new segment's):
	// the CRC is computed once over them (Sum32) instead of a small
	// update for every write (Tracuu's fork: most writes are a few
	// bytes, where crc32's table loop and call cost more than the bytes)
	buf   *bytes.Buffer
	start int // buf's length when this writer was made
}

// newBufferCountHashWriter returns a CountHashWriter that writes to buf,
// which no one else writes to, and hashes its bytes when asked (Sum32).
func newBufferCountHashWriter(buf *bytes.Buffer) *CountHashWriter {
	return &CountHashWriter{w: buf, buf: buf, start: buf.Len()}
}

// NewCountHashWriter returns a CountHashWriter which wraps the provided Writer
func NewCountHashWriter(w io.Writer) *CountHashWriter {
	return &CountHashWriter{w: w}
}

func NewCountHashWriterWithStatsReporter(w io.Writer, s segment.StatsReporter) *CountHashWriter {
	return &CountHashWriter{w: w, s: s}
}

// Write writes the provided bytes to the wrapped writer and counts the bytes
func (c *CountHashWriter) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	if c.buf == nil {
		c.crc = crc32.Update(c.crc, crc32.IEEETable, b[:n])
	}
	c.n += n
	if c.s != nil {
		c.s.ReportBytesWritten(uint64(n))
	}
	return n, err
}

// Count returns the number of bytes written
func (c *CountHashWriter) Count() int {
	return c.n
}

// Sum32 returns the CRC-32 hash of the content written to this writer
func (c *CountHashWriter) Sum32() uint32 {
	if c.buf != nil {
		return crc32.ChecksumIEEE(c.buf.Bytes()[c.start:])
	}
	return c.crc
}
