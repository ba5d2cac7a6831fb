// Shares set aside for one open SELL order, and how they leave (docs/domain.md, "Portfolio:
// holdings"). A holding has one writer of its quantity: the order's fills, applied from
// trade.executed once each. A fill takes its shares out of the holding, out of the order's
// reservation first (which so only shrinks as fills consume it) and the rest out of the
// free quantity; the saga only reserves, adjusts (a modified order) and releases.

import { RESERVATION_STATUSES, type ReservationStatus } from '@winvestco/common';

export { RESERVATION_STATUSES, type ReservationStatus };

export interface ReservationState {
  /** The order's quantity, as reserved (or adjusted since). */
  quantity: number;
  /** Sold by the order's fills out of the reservation. */
  consumed: number;
  /** Handed back to the free quantity. */
  released: number;
  /** Every share the order's fills sold, those beyond the reservation too. */
  filled: number;
  status: ReservationStatus;
}

export const newReservation = (quantity: number): ReservationState => ({ quantity, consumed: 0, released: 0, filled: 0, status: 'ACTIVE' });

/** Shares still set aside. */
export function openQuantity(r: ReservationState): number {
  return r.status === 'ACTIVE' ? r.quantity - r.consumed - r.released : 0;
}

const shares = (n: number) => `${n} ${n === 1 ? 'share' : 'shares'}`;

/** Why `quantity` more shares cannot be reserved out of `free` (quantity − reserved), or null. */
export function reserveRefusal(free: number, quantity: number, symbol: string): string | null {
  return quantity > free ? `Only ${free} ${symbol} ${free === 1 ? 'share is' : 'shares are'} free to reserve; asked for ${quantity}` : null;
}

/** ACTIVE until nothing is set aside any more; then RELEASED if anything went back, else CONSUMED. */
function withStatus(r: ReservationState): ReservationState {
  if (r.status !== 'ACTIVE' || r.consumed + r.released < r.quantity) return r;
  return { ...r, status: r.released > 0 ? 'RELEASED' : 'CONSUMED' };
}

export interface FillOutcome {
  reservation: ReservationState;
  /** Of the fill's shares, those that were reserved; the rest come out of the free quantity. */
  fromReservation: number;
}

/** A fill of `quantity` shares of the order: the reservation shrinks by what it still held of them. */
export function fill(r: ReservationState, quantity: number): FillOutcome {
  const fromReservation = Math.min(quantity, openQuantity(r));
  return { reservation: withStatus({ ...r, filled: r.filled + quantity, consumed: r.consumed + fromReservation }), fromReservation };
}

/** Hands back whatever is still set aside; nothing when nothing is (released twice, or all sold). */
export function release(r: ReservationState): { reservation: ReservationState; freed: number } {
  const freed = openQuantity(r);
  return { reservation: withStatus({ ...r, released: r.released + freed }), freed };
}

export type AdjustOutcome = { ok: true; reservation: ReservationState; reservedChange: number } | { ok: false; refusal: string };

/**
 * The order's new quantity (a modified order): the reservation grows by the difference out
 * of the `free` shares (refused when they are short), or shrinks, never below what its fills
 * already sold out of it. Only an ACTIVE reservation is adjusted.
 */
export function adjust(r: ReservationState, quantity: number, free: number, symbol: string): AdjustOutcome {
  if (r.status !== 'ACTIVE') return { ok: false, refusal: `The reservation is ${r.status}; only an ACTIVE one is adjusted` };
  const change = quantity - r.quantity;
  if (change > 0) {
    const refusal = reserveRefusal(free, change, symbol);
    if (refusal) return { ok: false, refusal };
  }
  if (quantity < r.consumed + r.released) {
    return { ok: false, refusal: `The order's fills already sold ${shares(r.consumed)} of this reservation; it cannot shrink to ${quantity}` };
  }
  return { ok: true, reservation: withStatus({ ...r, quantity }), reservedChange: change };
}
