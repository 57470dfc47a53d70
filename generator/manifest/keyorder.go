package manifest

import (
	"slices"
	"unicode"
)

// sortKeys sorts lock paths in keyLess order. Each path is decoded to
// runes once, not at every comparison: with the lock of a large project
// the conversions, not the comparisons, were the cost of sorting.
func sortKeys(paths []string) {
	type key struct {
		path  string
		runes []rune
	}
	keys := make([]key, len(paths))
	for i, p := range paths {
		keys[i] = key{p, []rune(p)}
	}
	slices.SortFunc(keys, func(a, b key) int {
		switch {
		case keyLess(a.runes, b.runes):
			return -1
		case keyLess(b.runes, a.runes):
			return 1
		}
		return 0
	})
	for i := range keys {
		paths[i] = keys[i].path
	}
}

// keyLess orders lock paths the way the YAML encoder orders map keys, so
// the hand-written lock comes out in the encoder's order: runs of digits
// compare as numbers ("v9" before "v10"), and where one key has a letter
// and the other does not, the one without comes first, except right after
// a digit, where the letter does.
func keyLess(ar, br []rune) bool {
	afterDigit := false
	for i := 0; i < len(ar) && i < len(br); i++ {
		x, y := ar[i], br[i]
		if x == y {
			afterDigit = unicode.IsDigit(x)
			continue
		}
		xl, yl := unicode.IsLetter(x), unicode.IsLetter(y)
		switch {
		case xl && yl:
			return x < y
		case xl || yl:
			if afterDigit {
				return xl
			}
			return yl
		}
		// Neither is a letter: compare the digit runs starting here as
		// numbers. A run continuing a number with a non-zero digit before
		// it counts its zeros.
		var xn, yn int64
		if x == '0' || y == '0' {
			for j := i - 1; j >= 0 && unicode.IsDigit(ar[j]); j-- {
				if ar[j] != '0' {
					xn, yn = 1, 1
					break
				}
			}
		}
		xe, ye := i, i
		for ; xe < len(ar) && unicode.IsDigit(ar[xe]); xe++ {
			xn = xn*10 + int64(ar[xe]-'0')
		}
		for ; ye < len(br) && unicode.IsDigit(br[ye]); ye++ {
			yn = yn*10 + int64(br[ye]-'0')
		}
		if xn != yn {
			return xn < yn
		}
		if xe != ye {
			return xe < ye
		}
		return x < y
	}
	return len(ar) < len(br)
}
