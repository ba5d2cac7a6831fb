package main

import (
	"math/big"
	"testing"
)

func bigInt(n int64) *big.Rat { return new(big.Rat).SetInt64(n) }

func TestAmountsAreTheContractsDecimalStrings(t *testing.T) {
	for text, want := range map[string]bool{"1500.1000": true, "0.0001": true, "1": true, "0": false, "0.0000": false, "1e3": false, "1500.10001": false, "01.5": false, "-1": false, "": false} {
		if _, ok := parseMoney(text, true); ok != want {
			t.Errorf("parseMoney(%q, positive) = %v, want %v", text, ok, want)
		}
	}
}

func TestANotionalIsExact(t *testing.T) {
	price, _ := parseMoney("1500.1000", true)
	threshold, _ := parseMoney("150010.0000", false)
	notional := price.Mul(price, bigInt(100))
	if got := formatMoney(notional); got != "150010.0000" {
		t.Fatalf("100 × 1500.1000 = %s", got)
	}
	if notional.Cmp(threshold) != 0 {
		t.Fatalf("an exact product compares equal to the same amount")
	}
}
