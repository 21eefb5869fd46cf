//  Copyright (c) 2026 Couchbase, Inc.
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
	"encoding/binary"

	"github.com/blevesearch/vellum"
)

// Tracuu's fork: fstBuilder writes the FST of sorted keys that vellum's
// Builder writes with vellumBuilderOpts (encoder 1, no registry, so no
// suffix sharing), byte for byte, into a slice of its own: the same
// construction (builder.go: the unfinished nodes of the last key, outputs
// pushed towards the root, a node compiled once no later key can reach
// it) and encoding (encoder_v1.go), without vellum's pool of nodes, its
// registry look-up, an interface call a state and a bufio.Writer a byte.
// Its bytes are valid until the next reset.
type fstBuilder struct {
	buf      []byte
	stack    []fstUnfinished
	last     []byte
	n        int
	lastAddr int
}

// fstUnfinished is a node of the last key's path (vellum's
// builderNodeUnfinished and its builderNode).
type fstUnfinished struct {
	trans       []fstTrans
	finalOutput uint64
	lastOut     uint64
	final       bool
	lastIn      byte
	hasLastT    bool
}

type fstTrans struct {
	out  uint64
	addr int
	in   byte
}

const (
	fstNoneAddr = 1
	fstEmptyTop = 0x3f // vellum's maxNumTrans and maxCommon
)

// reset starts a new FST (vellum's Builder.Reset): its header written,
// the root unfinished.
func (b *fstBuilder) reset() {
	b.buf = append(b.buf[:0], 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
	b.stack = b.stack[:0]
	b.push(false)
	b.last = b.last[:0]
	b.n = 0
	b.lastAddr = fstNoneAddr
}

func (b *fstBuilder) push(final bool) *fstUnfinished {
	if len(b.stack) < cap(b.stack) {
		b.stack = b.stack[:len(b.stack)+1]
	} else {
		b.stack = append(b.stack, fstUnfinished{})
	}
	u := &b.stack[len(b.stack)-1]
	u.trans = u.trans[:0]
	u.finalOutput, u.lastOut, u.lastIn, u.hasLastT = 0, 0, 0, false
	u.final = final
	return u
}

// insert adds key with its value; keys must come in order.
func (b *fstBuilder) insert(key []byte, val uint64) error {
	if bytes.Compare(key, b.last) < 0 {
		return vellum.ErrOutOfOrder
	}
	if len(key) == 0 {
		b.n = 1
		b.stack[0].final = true
		b.stack[0].finalOutput = val
		return nil
	}
	// findCommonPrefixAndSetOutput
	out := val
	i := 0
	for i < len(key) && i < len(b.stack) {
		u := &b.stack[i]
		if !u.hasLastT || u.lastIn != key[i] {
			break
		}
		commonPre := min(u.lastOut, out)
		addPrefix := u.lastOut - commonPre
		out -= commonPre
		u.lastOut = commonPre
		i++
		if addPrefix != 0 {
			n := &b.stack[i]
			if n.final {
				n.finalOutput += addPrefix
			}
			for t := range n.trans {
				n.trans[t].out += addPrefix
			}
			if n.hasLastT {
				n.lastOut += addPrefix
			}
		}
	}
	b.n++
	b.compileFrom(i)
	b.last = append(b.last[:0], key...)
	// addSuffix
	suffix := key[i:]
	if len(suffix) == 0 {
		return nil
	}
	u := &b.stack[len(b.stack)-1]
	u.hasLastT, u.lastIn, u.lastOut = true, suffix[0], out
	for _, c := range suffix[1:] {
		u = b.push(false)
		u.hasLastT, u.lastIn = true, c
	}
	b.push(true)
	return nil
}

// compileFrom compiles the nodes past depth iState, the deepest first,
// each becoming its parent's last transition's target.
func (b *fstBuilder) compileFrom(iState int) {
	addr := fstNoneAddr
	for iState+1 < len(b.stack) {
		top := len(b.stack) - 1
		u := &b.stack[top]
		if addr != fstNoneAddr {
			u.lastCompiled(addr)
		}
		addr = b.compile(u)
		b.stack = b.stack[:top]
	}
	b.stack[len(b.stack)-1].lastCompiled(addr)
}

func (u *fstUnfinished) lastCompiled(addr int) {
	if u.hasLastT {
		u.trans = append(u.trans, fstTrans{in: u.lastIn, out: u.lastOut, addr: addr})
		u.hasLastT = false
		u.lastOut = 0
	}
}

// compile writes the node and returns its address (vellum's
// Builder.compile with no registry, and encoderV1.encodeState).
func (b *fstBuilder) compile(u *fstUnfinished) int {
	if u.final && len(u.trans) == 0 && u.finalOutput == 0 {
		return 0
	}
	var addr int
	if len(u.trans) != 1 || u.final {
		addr = b.encodeMany(u)
	} else if t := u.trans[0]; t.out == 0 && t.addr == b.lastAddr {
		addr = b.encodeOneFinish(t.in, 0x40)
	} else {
		addr = b.encodeOne(t)
	}
	b.lastAddr = addr
	return addr
}

func fstPackedSize(v uint64) int {
	switch {
	case v < 1<<8:
		return 1
	case v < 1<<16:
		return 2
	case v < 1<<24:
		return 3
	case v < 1<<32:
		return 4
	case v < 1<<40:
		return 5
	case v < 1<<48:
		return 6
	case v < 1<<56:
		return 7
	}
	return 8
}

func (b *fstBuilder) packed(v uint64, n int) {
	b.buf = binary.LittleEndian.AppendUint64(b.buf, v)[:len(b.buf)+n]
}

func fstDelta(base uint64, addr int) uint64 {
	if addr == 0 {
		return 0
	}
	return base - uint64(addr)
}

func (b *fstBuilder) encodeOne(t fstTrans) int {
	start := uint64(len(b.buf))
	outSize := 0
	if t.out != 0 {
		outSize = fstPackedSize(t.out)
		b.packed(t.out, outSize)
	}
	delta := fstDelta(start, t.addr)
	transSize := fstPackedSize(delta)
	b.packed(delta, transSize)
	b.buf = append(b.buf, byte(transSize<<4)|byte(outSize))
	return b.encodeOneFinish(t.in, 0)
}

func (b *fstBuilder) encodeOneFinish(in byte, next byte) int {
	enc := fstCommonCode[in]
	if enc == 0 {
		b.buf = append(b.buf, in)
	}
	b.buf = append(b.buf, 0x80|next|enc)
	return len(b.buf) - 1
}

func (b *fstBuilder) encodeMany(u *fstUnfinished) int {
	start := uint64(len(b.buf))
	transSize := 0
	outSize := fstPackedSize(u.finalOutput)
	anyOutputs := u.finalOutput != 0
	for _, t := range u.trans {
		if s := fstPackedSize(fstDelta(start, t.addr)); s > transSize {
			transSize = s
		}
		if s := fstPackedSize(t.out); s > outSize {
			outSize = s
		}
		anyOutputs = anyOutputs || t.out != 0
	}
	if !anyOutputs {
		outSize = 0
	}
	if anyOutputs {
		if u.final {
			b.packed(u.finalOutput, outSize)
		}
		for j := len(u.trans) - 1; j >= 0; j-- {
			b.packed(u.trans[j].out, outSize)
		}
	}
	for j := len(u.trans) - 1; j >= 0; j-- {
		b.packed(fstDelta(start, u.trans[j].addr), transSize)
	}
	for j := len(u.trans) - 1; j >= 0; j-- {
		b.buf = append(b.buf, u.trans[j].in)
	}
	b.buf = append(b.buf, byte(transSize<<4)|byte(outSize))
	numTrans := byte(0)
	if len(u.trans) <= fstEmptyTop {
		numTrans = byte(len(u.trans))
	}
	if numTrans == 0 {
		if len(u.trans) == 256 {
			b.buf = append(b.buf, 1)
		} else {
			b.buf = append(b.buf, byte(len(u.trans)))
		}
	}
	if u.final {
		numTrans |= 0x40
	}
	b.buf = append(b.buf, numTrans)
	return len(b.buf) - 1
}

// close finishes the FST (vellum's Builder.Close) and returns its bytes.
func (b *fstBuilder) close() []byte {
	b.compileFrom(0)
	root := &b.stack[0]
	rootAddr := b.compile(root)
	b.stack = b.stack[:0]
	b.buf = binary.LittleEndian.AppendUint64(b.buf, uint64(b.n))
	b.buf = binary.LittleEndian.AppendUint64(b.buf, uint64(rootAddr))
	return b.buf
}
