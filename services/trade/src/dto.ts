import type { Execution } from './store.ts';

/** An execution as its owner sees it: no other user's id, not even the counterparty's order. */
export function executionView(e: Execution) {
  return {
    executionId: e.id, orderId: e.orderId, symbol: e.symbol, side: e.side, quantity: e.quantity, price: e.price, fees: e.fees, charges: e.charges,
    liquidity: e.liquidity, executedAt: e.executedAt.toISOString(),
  };
}
