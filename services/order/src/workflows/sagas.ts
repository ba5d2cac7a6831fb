// The order saga, written with the kit's Saga (docs/architecture.md, "How a saga is
// written"): accept (validate, lock or reserve) → submit to the book → settle each fill →
// end. After the money is set aside, every path ends in settleOrder or abandonOrder, which
// must complete: tried for a day, then STUCK for an operator, never FAILED with money held.
import { defineWorkflow, isRefused, Saga, StepFailed, type SagaContext, type Task, type Workflow } from '@winvestco/common';
import { abandonOrder, acceptOrder, cancelInBook, settleOrder, submitOrder, type BookOutcome, type Ending } from './steps.ts';

/** Raised by the order service when the trade service reports a fill of a resting order. */
export const FILL = 'fill';
/** Raised when the book ended the order's rest on its own (an IOC remainder after a stop triggered, say). */
export const BOOK_ENDED = 'book-ended';
/** Raised by DELETE /orders/{id}. */
export const CANCEL = 'cancel';

export interface OrderInput {
  orderId: string;
  /** When a DAY order's session closes (ISO time); null for GTC, and for IOC, which the book ends itself. */
  expiresAt: string | null;
}

export const order = defineWorkflow('order', async function* (ctx: SagaContext, input: OrderInput): Workflow<string> {
  const saga = new Saga(ctx);
  const s = { orderId: input.orderId };
  const abandon = async function* (status: 'REJECTED' | 'FAILED', reason: string) {
    return (yield* saga.finish(abandonOrder, { ...s, status, reason }))?.status ?? status;
  };

  let accepted;
  try {
    accepted = yield* saga.step(acceptOrder, s);
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    return yield* abandon('FAILED', `the order could not be accepted: ${error.lastError}`);
  }
  if (!accepted.accepted) return accepted.status;

  let book: BookOutcome;
  try {
    const submitted = yield* saga.step(submitOrder, s);
    if (isRefused(submitted)) return yield* abandon('REJECTED', submitted.refused);
    book = submitted;
  } catch (error) {
    if (!(error instanceof StepFailed)) throw error;
    // The order may have reached the book: take it out there first, which tells what filled.
    const taken = yield* saga.finish(cancelInBook, { ...s, reason: `the order could not be submitted: ${error.lastError}` });
    // Nothing filled: give back what was set aside. Something did: settle it, end the rest.
    if (!taken || taken.filledQuantity === 0) return yield* abandon('FAILED', `the order could not be submitted: ${error.lastError}`);
    book = { ...taken, reason: `the order could not be submitted: ${error.lastError}` };
  }

  // Done in the book at once: filled (settleOrder sees it all filled), or ended there with a reason (an IOC's rest).
  let ending: Ending | null = book.state === 'DONE' ? { status: 'CANCELLED', reason: book.reason ?? 'the book ended the order' } : null;
  while (book.state !== 'DONE') {
    const fill = saga.event(FILL);
    const ended = saga.event(BOOK_ENDED);
    const cancel = saga.event(CANCEL);
    const waits: Task<unknown>[] = [fill, ended, cancel];
    const deadline = input.expiresAt ? ctx.createTimer(new Date(input.expiresAt)) : null;
    if (deadline) waits.push(deadline);
    const first = (yield ctx.whenAny(waits)) as Task<unknown>;

    if (first === fill) {
      const settled = yield* saga.finish(settleOrder, { ...s, ending: null });
      if (!settled || settled.filledQuantity >= settled.quantity) return settled?.status ?? 'FILLED';
      continue;
    }
    const reason = first === cancel ? 'cancelled by the client' : first === ended ? String((ended.getResult() as { reason?: string } | null)?.reason ?? 'the book ended the order') : 'the order\'s validity ended';
    const taken = yield* saga.finish(cancelInBook, { ...s, reason, expired: first === deadline });
    if (taken && !isRefused(taken)) book = taken;
    else book = { ...book, state: 'DONE' };
    ending = { status: first === deadline ? 'EXPIRED' : 'CANCELLED', reason };
  }
  return (yield* saga.finish(settleOrder, { ...s, ending }))?.status ?? 'FILLED';
});
