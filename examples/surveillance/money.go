package main

import (
	"math/big"
	"regexp"
)

// Amounts are decimal strings with at most four decimals (docs/contracts: the money pattern),
// never floats: they are read into exact rationals and written back with four decimals.
var moneyText = regexp.MustCompile(`^(0|[1-9]\d{0,15})(\.\d{1,4})?$`)

func parseMoney(text string, positive bool) (*big.Rat, bool) {
	if !moneyText.MatchString(text) {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok || (positive && r.Sign() <= 0) {
		return nil, false
	}
	return r, true
}

// formatMoney writes an amount with four decimals; products of four-decimal prices and whole
// quantities need no rounding.
func formatMoney(r *big.Rat) string {
	return r.FloatString(4)
}
