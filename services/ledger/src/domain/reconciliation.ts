// The reconciliation rule (DOMAIN.md): for every user, wallet available = credit balance of
// cash:u and wallet locked = credit balance of cash-locked:u.
import { money, type Money } from '@winvestco/common';

export interface CashSide {
  available: Money;
  locked: Money;
}

export interface Comparison {
  /** Wallet minus ledger; a missing wallet counts as zero on both. */
  differences: CashSide;
  matched: boolean;
}

export function compareWithWallet(ledger: CashSide, wallet: CashSide | null): Comparison {
  const differences = {
    available: (wallet?.available ?? money(0)).minus(ledger.available),
    locked: (wallet?.locked ?? money(0)).minus(ledger.locked),
  };
  return { differences, matched: wallet !== null && differences.available.isZero() && differences.locked.isZero() };
}
