// The reconciliation rule (docs/domain.md, "Ledger: the book of record"): for every user,
// wallet available = credit balance of cash:u and wallet locked = credit balance of
// cash-locked:u. And how a difference becomes a reported mismatch: the ledger follows the
// wallet by an event's delay, so a difference may be events in flight; one that stays the
// same for the grace period, while money may go on moving on both sides, is a posting lost
// (a dead letter, most likely) or one too many.
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

export type MismatchStatus = 'SUSPECT' | 'MISMATCH';

/** What was recorded of a user's difference at the checks before. */
export interface Seen {
  status: MismatchStatus;
  differences: CashSide;
  /** Since when this very difference has been seen. */
  firstSeenAt: Date;
}

export interface Timing {
  /** How long a difference must stay the same before it is reported. */
  graceMs: number;
  /** How often a reported mismatch is checked again, so it clears itself once resolved. */
  recheckMs: number;
}

export type Verdict =
  /** Equal: forget any difference; `wasReported` when a reported mismatch is now resolved. */
  | { kind: 'resolved'; wasReported: boolean }
  /** A difference not (yet) lasting: check again at `recheckAt`. */
  | { kind: 'suspect'; firstSeenAt: Date; recheckAt: Date }
  /** A lasting difference: reported; `newly` the first time. */
  | { kind: 'mismatch'; firstSeenAt: Date; newly: boolean; recheckAt: Date };

const sameDifferences = (a: CashSide, b: CashSide) => a.available.eq(b.available) && a.locked.eq(b.locked);

/** What a check that compared `comparison` at `now` makes of the user's record `seen`. */
export function verdict(seen: Seen | null, comparison: Comparison, now: Date, timing: Timing): Verdict {
  if (comparison.matched) return { kind: 'resolved', wasReported: seen?.status === 'MISMATCH' };
  // Once reported it stays reported, whatever else moves, until wallet and ledger are equal.
  if (seen?.status === 'MISMATCH') return { kind: 'mismatch', firstSeenAt: seen.firstSeenAt, newly: false, recheckAt: new Date(now.getTime() + timing.recheckMs) };
  // A new difference, or another one than before (money moved meanwhile): the clock starts again.
  const firstSeenAt = seen && sameDifferences(seen.differences, comparison.differences) ? seen.firstSeenAt : now;
  const lasted = now.getTime() - firstSeenAt.getTime();
  if (lasted < timing.graceMs) return { kind: 'suspect', firstSeenAt, recheckAt: new Date(firstSeenAt.getTime() + timing.graceMs) };
  return { kind: 'mismatch', firstSeenAt, newly: true, recheckAt: new Date(now.getTime() + timing.recheckMs) };
}
