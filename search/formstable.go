package search

import (
	"encoding/binary"
	"math/bits"
	"unsafe"
)

// formsTable is a published snapshot of the forms cache (formsCache.snap):
// an open-addressing table of the words as written, never changed once
// published. A word's first 16 bytes are kept in its slot as two 64-bit
// numbers (zero-padded: no word holds a zero byte), so a look-up of a
// word of up to 16 bytes (nearly every Vietnamese syllable, at most 8 or
// 9 bytes) reads one slot and compares two numbers: a Go map of strings
// hashed the word, then read the slot's key header, the key's bytes
// elsewhere in memory and compared them (the forms cache's look-ups were
// a fifth of the analysis, mostly waiting for memory). The slots hold no
// pointer (the collector does not scan them); a slot gives its word's
// forms by their index in forms. A longer word is hashed in full too
// (wordHash), and compared in full with the word its forms keep
// (termForms.raw).
type formsTable struct {
	slots []formSlot
	forms []*termForms
	mask  uint64
}

// formSlot is a word's slot: k0, k1 its first 16 bytes, little-endian;
// n its length (0: empty slot); at forms[i].
type formSlot struct {
	k0, k1 uint64
	n      uint32
	i      uint32
}

// wordKey returns the first 16 bytes of raw as two little-endian numbers,
// zero-padded.
func wordKey(raw []byte) (k0, k1 uint64) {
	if len(raw) >= 16 {
		return binary.LittleEndian.Uint64(raw), binary.LittleEndian.Uint64(raw[8:])
	}
	var b [16]byte
	copy(b[:], raw)
	return binary.LittleEndian.Uint64(b[:]), binary.LittleEndian.Uint64(b[8:])
}

// wordKeyIn is wordKey of text[start:end], read in place when the text
// holds 16 bytes from start.
func wordKeyIn(text string, start, end int) (k0, k1 uint64) {
	n := end - start
	if n > 16 || start+16 > len(text) {
		return wordKey([]byte(text[start:end]))
	}
	b := unsafe.Slice(unsafe.StringData(text[start:]), 16)
	k0, k1 = binary.LittleEndian.Uint64(b), binary.LittleEndian.Uint64(b[8:])
	if n < 8 {
		k0 &= 1<<(8*n) - 1
		k1 = 0
	} else if n < 16 {
		k1 &= 1<<(8*(n-8)) - 1
	}
	return k0, k1
}

// wordHash hashes a word's key and length, and the bytes past its first
// 16 of a longer word: words sharing their first 16 bytes and their
// length (long numbers, codes, words run together) would otherwise have
// one home slot, and linear probing would make them one run of slots
// that every look-up landing in it walks (TestFormsTableLongWordsSpread).
func wordHash(k0, k1 uint64, raw []byte) uint64 {
	n := len(raw)
	if n > 16 {
		k1 ^= termHash(raw[16:])
	}
	hi, lo := bits.Mul64(k0^0x9e3779b97f4a7c15, k1^0xc2b2ae3d27d4eb4f^uint64(n)<<32)
	return hi ^ lo
}

// newFormsTable makes a table of the words of forms (their raw forms).
func newFormsTable(forms []*termForms) *formsTable {
	size := 64
	for size < 2*len(forms) {
		size *= 2
	}
	t := &formsTable{slots: make([]formSlot, size), forms: forms, mask: uint64(size - 1)}
	for i, f := range forms {
		k0, k1 := wordKey(f.raw)
		j := wordHash(k0, k1, f.raw) & t.mask
		for t.slots[j].n != 0 {
			j = (j + 1) & t.mask
		}
		t.slots[j] = formSlot{k0: k0, k1: k1, n: uint32(len(f.raw)), i: uint32(i)}
	}
	return t
}

// get returns the forms of raw, nil if the table does not hold it.
func (t *formsTable) get(raw []byte) *termForms {
	k0, k1 := wordKey(raw)
	return t.find(k0, k1, raw)
}

// find returns the forms of the word raw of key k0, k1, nil if the table
// does not hold it.
func (t *formsTable) find(k0, k1 uint64, raw []byte) *termForms {
	n := uint32(len(raw))
	for j := wordHash(k0, k1, raw) & t.mask; ; j = (j + 1) & t.mask {
		s := &t.slots[j]
		if s.n == n && s.k0 == k0 && s.k1 == k1 {
			f := t.forms[s.i]
			if n <= 16 || string(f.raw) == string(raw) {
				return f
			}
		} else if s.n == 0 {
			return nil
		}
	}
}

// len is the number of words in the table.
func (t *formsTable) len() int { return len(t.forms) }
