// Shares set aside for one open SELL order, and how they leave: sold (consumed) or handed
// back (released).
//
// A sale is reported twice: by the order saga (POST .../consume) and by the order's fills
// (trade.executed), in either order. Both are counted, and what the order has sold is the
// larger of the two totals; shares leave the holding when that number grows, so whichever
// report comes first takes them out and the other only catches up. Realised P&L is booked
// by the fill alone, the only report with a price (selling leaves the average cost alone,
// so the P&L is the same whenever the shares left).

export const RESERVATION_STATUSES = ['ACTIVE', 'RELEASED', 'CONSUMED'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

export interface ReservationState {
  /** Reserved at the start. */
  quantity: number;
  /** Left the holding under this reservation. */
  consumed: number;
  /** Handed back to the free quantity. */
  released: number;
  /** The saga's consume calls, added up. */
  requestedConsumed: number;
  /** The order's fills applied here, added up. */
  filled: number;
  status: ReservationStatus;
}

export const newReservation = (quantity: number): ReservationState => ({
  quantity, consumed: 0, released: 0, requestedConsumed: 0, filled: 0, status: 'ACTIVE',
});

/** Shares still set aside. */
export function openQuantity(r: ReservationState): number {
  return r.status === 'ACTIVE' ? r.quantity - r.consumed - r.released : 0;
}

/** Why `quantity` more shares cannot be reserved out of `free`, or null. */
export function reserveRefusal(free: number, quantity: number, symbol: string): string | null {
  return quantity > free ? `Only ${free} ${symbol} ${free === 1 ? 'share is' : 'shares are'} free to reserve; asked for ${quantity}` : null;
}

const sold = (r: Pick<ReservationState, 'requestedConsumed' | 'filled'>) => Math.max(r.requestedConsumed, r.filled);

/** ACTIVE until nothing is set aside any more; then RELEASED if anything went back, else CONSUMED. */
function withStatus(r: ReservationState): ReservationState {
  if (r.status !== 'ACTIVE' || r.consumed + r.released < r.quantity) return r;
  return { ...r, status: r.released > 0 ? 'RELEASED' : 'CONSUMED' };
}

export type ConsumeOutcome =
  | { ok: true; reservation: ReservationState; leaving: number }
  | { ok: false; refusal: string };

/**
 * The saga says `quantity` more of the order's shares are sold. `leaving` shares leave the
 * holding now, all out of the reservation; none when the fills already took them out.
 */
export function consume(r: ReservationState, quantity: number): ConsumeOutcome {
  const next = { ...r, requestedConsumed: r.requestedConsumed + quantity };
  const leaving = sold(next) - sold(r);
  const open = openQuantity(r);
  if (leaving > open) {
    return { ok: false, refusal: `Only ${open} ${open === 1 ? 'share is' : 'shares are'} still reserved for this order (${r.status}); consuming ${quantity} would take out ${leaving}` };
  }
  return { ok: true, reservation: withStatus({ ...next, consumed: r.consumed + leaving }), leaving };
}

export interface FillOutcome {
  reservation: ReservationState;
  /** Shares this fill takes out of the holding (not taken out ahead by a consume call). */
  leaving: number;
  /** Of those, the ones that were reserved; the rest come out of the free quantity. */
  fromReservation: number;
}

/** A fill of `quantity` shares of the order. */
export function fill(r: ReservationState, quantity: number): FillOutcome {
  const next = { ...r, filled: r.filled + quantity };
  const leaving = sold(next) - sold(r);
  const fromReservation = Math.min(leaving, openQuantity(r));
  return { reservation: withStatus({ ...next, consumed: r.consumed + fromReservation }), leaving, fromReservation };
}

/** Hands back whatever is still set aside; nothing when nothing is (released twice, or all sold). */
export function release(r: ReservationState): { reservation: ReservationState; freed: number } {
  const freed = openQuantity(r);
  return { reservation: withStatus({ ...r, released: r.released + freed }), freed };
}
