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
	"encoding/binary"
	"fmt"

	"github.com/blevesearch/vellum"
)

// Tracuu's fork: fstWalker visits every key of a vellum (version 1) FST in
// order, reading its states straight from the FST's bytes, for merges. It
// gives the keys and values vellum's FSTIterator gives from
// fst.Iterator(nil, nil), with the same Current after the end (the empty
// key's value if the FST holds the empty key, else nil, 0), without an
// interface call, an fstState or a sum of the path's outputs a key.
//
// The encoding (vellum's encoder_v1.go / decoder_v1.go): a state is read
// backwards from its address (its last byte). A state of one transition
// has the top bit of that byte set: bit 6 says its target is the state
// written just before it (no output), the low 6 bits are the input's code
// in vellum's table of common inputs, or 0 when the input is the byte
// before. Otherwise the byte holds the final flag (bit 6) and the number of
// transitions (0: the byte before holds it, 1 there meaning 256); before
// them the pack sizes (targets' in the high nibble, outputs' in the low),
// the inputs, the targets' deltas and the outputs, each list in reverse,
// and the final output. A target 0 is the final state without transitions
// or output; other targets are written as their distance below the
// state's lowest byte.
type fstWalker struct {
	data  []byte
	stack []fstWalkFrame
	key   []byte

	curKey []byte
	curVal uint64

	rootFinal    bool
	rootFinalOut uint64
	done         bool
}

// fstWalkFrame is a state on the walker's path: where its transitions
// are, which one is next, and the outputs summed on the way to it.
type fstWalkFrame struct {
	// multi-transition state: its inputs at data[transBottom:transBottom+numTrans]
	// (reversed), targets' deltas below, outputs below those
	bottom      int
	transBottom int
	destBottom  int
	outBottom   int
	numTrans    int
	next        int
	transSize   int
	outSize     int
	acc         uint64

	// single-transition state
	single    bool
	sIn       byte
	sAddr     int
	sOut      uint64
	final     bool
	finalOutV uint64
}

const (
	fstHeaderSize = 16
	fstFooterSize = 16
)

// reset points the walker at the first key of the FST held in data.
func (w *fstWalker) reset(data []byte) error {
	w.data = data
	w.stack = w.stack[:0]
	w.key = nil
	w.curKey, w.curVal = nil, 0
	w.done = false
	if len(data) < fstHeaderSize+fstFooterSize {
		return fmt.Errorf("fst of %d bytes", len(data))
	}
	if v := binary.LittleEndian.Uint64(data); v != 1 {
		return fmt.Errorf("fst version %d", v)
	}
	root := int(binary.LittleEndian.Uint64(data[len(data)-8:]))
	var fr fstWalkFrame
	if err := w.state(root, &fr); err != nil {
		return err
	}
	w.stack = append(w.stack, fr)
	w.rootFinal, w.rootFinalOut = fr.final, fr.finalOutV
	if fr.final {
		w.curKey, w.curVal = w.key, fr.finalOutV
		return nil
	}
	return w.Next()
}

// state decodes the state at addr into fr (its path sum left to the caller).
func (w *fstWalker) state(addr int, fr *fstWalkFrame) error {
	data := w.data
	*fr = fstWalkFrame{}
	if addr == 0 { // the final state without transitions or output
		fr.final = true
		return nil
	}
	if addr == 1 { // none
		return nil
	}
	if addr >= len(data) || addr < fstHeaderSize {
		return fmt.Errorf("invalid fst address %d/%d", addr, len(data))
	}
	b := data[addr]
	bottom := addr
	if b&0x80 != 0 {
		fr.single = true
		fr.numTrans = 1
		in := b & 0x3f
		if in == 0 {
			bottom--
			fr.sIn = data[bottom]
		} else {
			fr.sIn = fstCommonInv[in-1]
		}
		if b&0x40 != 0 {
			fr.sAddr = bottom - 1
			return nil
		}
		bottom--
		transSize, outSize := int(data[bottom]>>4), int(data[bottom]&0x0f)
		bottom -= transSize
		delta := fstPacked(data[bottom : bottom+transSize])
		if outSize > 0 {
			bottom -= outSize
			fr.sOut = fstPacked(data[bottom : bottom+outSize])
		}
		if delta != 0 {
			fr.sAddr = bottom - int(delta)
		}
		return nil
	}
	fr.final = b&0x40 != 0
	numTrans := int(b & 0x3f)
	if numTrans == 0 {
		bottom--
		numTrans = int(data[bottom])
		if numTrans == 1 {
			numTrans = 256
		}
	}
	bottom--
	fr.transSize, fr.outSize = int(data[bottom]>>4), int(data[bottom]&0x0f)
	bottom -= numTrans
	fr.transBottom = bottom
	bottom -= numTrans * fr.transSize
	fr.destBottom = bottom
	if fr.outSize > 0 {
		bottom -= numTrans * fr.outSize
		fr.outBottom = bottom
		if fr.final {
			bottom -= fr.outSize
			fr.finalOutV = fstPacked(data[bottom : bottom+fr.outSize])
		}
	}
	fr.bottom = bottom
	fr.numTrans = numTrans
	return nil
}

// fstPacked reads a little-endian number of len(b) bytes.
func fstPacked(b []byte) uint64 {
	var v uint64
	for i, c := range b {
		v |= uint64(c) << (8 * uint(i))
	}
	return v
}

// Current returns the current key and value (vellum.Iterator's Current):
// the key is valid until the next call to Next.
func (w *fstWalker) Current() ([]byte, uint64) {
	return w.curKey, w.curVal
}

// Next moves to the next key, or returns vellum.ErrIteratorDone.
func (w *fstWalker) Next() error {
	if w.done {
		return vellum.ErrIteratorDone
	}
	data := w.data
	for {
		top := len(w.stack) - 1
		fr := &w.stack[top]
		if fr.next >= fr.numTrans {
			if top == 0 {
				w.done = true
				w.key = w.key[:0]
				if w.rootFinal {
					w.curKey, w.curVal = w.key, w.rootFinalOut
				} else {
					w.curKey, w.curVal = nil, 0
				}
				return vellum.ErrIteratorDone
			}
			w.stack = w.stack[:top]
			w.key = w.key[:len(w.key)-1]
			continue
		}
		var in byte
		var addr int
		var out uint64
		if fr.single {
			in, addr, out = fr.sIn, fr.sAddr, fr.sOut
		} else {
			pos := fr.numTrans - fr.next - 1
			in = data[fr.transBottom+pos]
			if ts := fr.transSize; ts > 0 {
				delta := int(fstPacked(data[fr.destBottom+pos*ts : fr.destBottom+pos*ts+ts]))
				if delta > 0 {
					addr = fr.bottom - delta
				}
			}
			if os := fr.outSize; os > 0 {
				out = fstPacked(data[fr.outBottom+pos*os : fr.outBottom+pos*os+os])
			}
		}
		fr.next++
		acc := fr.acc + out
		w.stack = append(w.stack, fstWalkFrame{})
		nf := &w.stack[top+1]
		if err := w.state(addr, nf); err != nil {
			return err
		}
		nf.acc = acc
		w.key = append(w.key, in)
		if nf.final {
			w.curKey, w.curVal = w.key, acc+nf.finalOutV
			return nil
		}
	}
}

// Close does nothing (vellum.Iterator's Close).
func (w *fstWalker) Close() error { return nil }

// fstCommonInv is vellum's commonInputsInv (common.go): the input byte of
// each code 1..63 of a one-transition state, less one.
var fstCommonInv [256]byte

// fstCommonCode is vellum's encodeCommon: a byte's code, 0 if not common.
var fstCommonCode [256]byte

func init() {
	// vellum's table: the codes are the bytes' ranks in its table of
	// common inputs, the first 63 of them encoded.
	for i := 0; i < 256; i++ {
		val := byte((int(vellumCommonInputs[i]) + 1) % 256)
		if val > 63 {
			val = 0
		}
		fstCommonCode[i] = val
		if val != 0 {
			fstCommonInv[val-1] = byte(i)
		}
	}
}

// vellumCommonInputs is vellum's commonInputs (common.go): each byte's rank
// among the inputs vellum deems common.
var vellumCommonInputs = [256]byte{
	84,  // '\x00'
	85,  // '\x01'
	86,  // '\x02'
	87,  // '\x03'
	88,  // '\x04'
	89,  // '\x05'
	90,  // '\x06'
	91,  // '\x07'
	92,  // '\x08'
	93,  // '\t'
	94,  // '\n'
	95,  // '\x0b'
	96,  // '\x0c'
	97,  // '\r'
	98,  // '\x0e'
	99,  // '\x0f'
	100, // '\x10'
	101, // '\x11'
	102, // '\x12'
	103, // '\x13'
	104, // '\x14'
	105, // '\x15'
	106, // '\x16'
	107, // '\x17'
	108, // '\x18'
	109, // '\x19'
	110, // '\x1a'
	111, // '\x1b'
	112, // '\x1c'
	113, // '\x1d'
	114, // '\x1e'
	115, // '\x1f'
	116, // ' '
	80,  // '!'
	117, // '"'
	118, // '#'
	79,  // '$'
	39,  // '%'
	30,  // '&'
	81,  // "'"
	75,  // '('
	74,  // ')'
	82,  // '*'
	57,  // '+'
	66,  // ','
	16,  // '-'
	12,  // '.'
	2,   // '/'
	19,  // '0'
	20,  // '1'
	21,  // '2'
	27,  // '3'
	32,  // '4'
	29,  // '5'
	35,  // '6'
	36,  // '7'
	37,  // '8'
	34,  // '9'
	24,  // ':'
	73,  // ';'
	119, // '<'
	23,  // '='
	120, // '>'
	40,  // '?'
	83,  // '@'
	44,  // 'A'
	48,  // 'B'
	42,  // 'C'
	43,  // 'D'
	49,  // 'E'
	46,  // 'F'
	62,  // 'G'
	61,  // 'H'
	47,  // 'I'
	69,  // 'J'
	68,  // 'K'
	58,  // 'L'
	56,  // 'M'
	55,  // 'N'
	59,  // 'O'
	51,  // 'P'
	72,  // 'Q'
	54,  // 'R'
	45,  // 'S'
	52,  // 'T'
	64,  // 'U'
	65,  // 'V'
	63,  // 'W'
	71,  // 'X'
	67,  // 'Y'
	70,  // 'Z'
	77,  // '['
	121, // '\\'
	78,  // ']'
	122, // '^'
	31,  // '_'
	123, // '`'
	4,   // 'a'
	25,  // 'b'
	9,   // 'c'
	17,  // 'd'
	1,   // 'e'
	26,  // 'f'
	22,  // 'g'
	13,  // 'h'
	7,   // 'i'
	50,  // 'j'
	38,  // 'k'
	14,  // 'l'
	15,  // 'm'
	10,  // 'n'
	3,   // 'o'
	8,   // 'p'
	60,  // 'q'
	6,   // 'r'
	5,   // 's'
	0,   // 't'
	18,  // 'u'
	33,  // 'v'
	11,  // 'w'
	41,  // 'x'
	28,  // 'y'
	53,  // 'z'
	124, // '{'
	125, // '|'
	126, // '}'
	76,  // '~'
	127, // '\x7f'
	128, // '\x80'
	129, // '\x81'
	130, // '\x82'
	131, // '\x83'
	132, // '\x84'
	133, // '\x85'
	134, // '\x86'
	135, // '\x87'
	136, // '\x88'
	137, // '\x89'
	138, // '\x8a'
	139, // '\x8b'
	140, // '\x8c'
	141, // '\x8d'
	142, // '\x8e'
	143, // '\x8f'
	144, // '\x90'
	145, // '\x91'
	146, // '\x92'
	147, // '\x93'
	148, // '\x94'
	149, // '\x95'
	150, // '\x96'
	151, // '\x97'
	152, // '\x98'
	153, // '\x99'
	154, // '\x9a'
	155, // '\x9b'
	156, // '\x9c'
	157, // '\x9d'
	158, // '\x9e'
	159, // '\x9f'
	160, // '\xa0'
	161, // '¡'
	162, // '¢'
	163, // '£'
	164, // '¤'
	165, // '¥'
	166, // '¦'
	167, // '§'
	168, // '¨'
	169, // '©'
	170, // 'ª'
	171, // '«'
	172, // '¬'
	173, // '\xad'
	174, // '®'
	175, // '¯'
	176, // '°'
	177, // '±'
	178, // '²'
	179, // '³'
	180, // '´'
	181, // 'µ'
	182, // '¶'
	183, // '·'
	184, // '¸'
	185, // '¹'
	186, // 'º'
	187, // '»'
	188, // '¼'
	189, // '½'
	190, // '¾'
	191, // '¿'
	192, // 'À'
	193, // 'Á'
	194, // 'Â'
	195, // 'Ã'
	196, // 'Ä'
	197, // 'Å'
	198, // 'Æ'
	199, // 'Ç'
	200, // 'È'
	201, // 'É'
	202, // 'Ê'
	203, // 'Ë'
	204, // 'Ì'
	205, // 'Í'
	206, // 'Î'
	207, // 'Ï'
	208, // 'Ð'
	209, // 'Ñ'
	210, // 'Ò'
	211, // 'Ó'
	212, // 'Ô'
	213, // 'Õ'
	214, // 'Ö'
	215, // '×'
	216, // 'Ø'
	217, // 'Ù'
	218, // 'Ú'
	219, // 'Û'
	220, // 'Ü'
	221, // 'Ý'
	222, // 'Þ'
	223, // 'ß'
	224, // 'à'
	225, // 'á'
	226, // 'â'
	227, // 'ã'
	228, // 'ä'
	229, // 'å'
	230, // 'æ'
	231, // 'ç'
	232, // 'è'
	233, // 'é'
	234, // 'ê'
	235, // 'ë'
	236, // 'ì'
	237, // 'í'
	238, // 'î'
	239, // 'ï'
	240, // 'ð'
	241, // 'ñ'
	242, // 'ò'
	243, // 'ó'
	244, // 'ô'
	245, // 'õ'
	246, // 'ö'
	247, // '÷'
	248, // 'ø'
	249, // 'ù'
	250, // 'ú'
	251, // 'û'
	252, // 'ü'
	253, // 'ý'
	254, // 'þ'
	255, // 'ÿ'
}
