// The order saga's steps, by name and types: what the workflow calls (sagas.ts) and the
// activities implement (activities.ts). Few and coarse on purpose: each activity costs the
// engine as much as a whole empty workflow, so a MARKET order that fills at once runs three
// (accept, submit, settle). Each returns what the saga needs to decide, a refusal as a value
// ({ refused }), and throws only when it may work later.
import { activityName, type BookState, type OrderStatus, type Refused } from '@winvestco/common';

export interface StepInput {
  orderId: string;
}

/** Where the order stands in its symbol's book. */
export interface BookOutcome {
  state: BookState;
  filledQuantity: number;
  openQuantity: number;
  reason: string | null;
}

export type Ending = { status: 'CANCELLED' | 'EXPIRED'; reason: string };

export interface Settled {
  status: OrderStatus;
  filledQuantity: number;
  quantity: number;
}

/** Validate against the market, then set aside what the order needs: the BUY's money, the SELL's shares. REJECTED when they are not there. */
export const acceptOrder = activityName<StepInput, { accepted: boolean; status: OrderStatus }>('acceptOrder');
/** Hand the order to its symbol's book; what filled at once comes back in the answer. */
export const submitOrder = activityName<StepInput, BookOutcome | Refused>('submitOrder');
/** Take the order's rest out of the book (a cancel, the validity's end); the answer has every fill it had. */
export const cancelInBook = activityName<StepInput & { reason: string; expired?: boolean }, BookOutcome | Refused>('cancelInBook');
/**
 * Move the money of every fill not settled yet (each once, keyed by its execution); with an
 * ending, or once all has filled, give back what is left and end the order.
 */
export const settleOrder = activityName<StepInput & { ending: Ending | null }, Settled | Refused>('settleOrder');
/** Nothing reached the book: give back what was set aside and end the order (REJECTED or FAILED) with the reason. */
export const abandonOrder = activityName<StepInput & { status: 'REJECTED' | 'FAILED'; reason: string }, Settled | Refused>('abandonOrder');
