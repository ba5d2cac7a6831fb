// What the portfolio service consumes: user.registered opens the user's portfolio,
// trade.executed (one per fill) moves a holding. It publishes nothing (there is no
// portfolio topic in the contracts).
import { PoisonEvent, subscribe, tradesTopic, usersTopic, type Subscription } from '@winvestco/common';
import type { PortfolioRepositories } from './store.ts';
import { applyFill, openPortfolio } from './usecases.ts';

export function portfolioSubscriptions(currency: string): Subscription<PortfolioRepositories>[] {
  return [
    subscribe(usersTopic, {
      'user.registered': async (t, user) => {
        await openPortfolio(t, user.userId, currency);
      },
    }),
    subscribe(tradesTopic, {
      'trade.executed': async (t, trade) => {
        const refusal = await applyFill(t, trade, currency);
        // Never applicable, however often it comes: to the dead-letter topic, with the reason.
        if (refusal) throw new PoisonEvent(`trade.executed ${trade.executionId} (order ${trade.orderId}): ${refusal}`);
      },
    }),
  ];
}
