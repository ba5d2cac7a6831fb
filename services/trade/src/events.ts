// What the trade service consumes: the market's quotes. Each moves its symbol's book (stops
// trigger, resting orders the new quote makes marketable execute against the exchange), as
// one call into that symbol's actor, wherever it lives.
import { subscribe, marketTopic, type DaprSidecar, type Subscription } from '@winvestco/common';
import { BOOK_ACTOR } from './actor.ts';
import type { TradeRepositories } from './store.ts';

export function tradeSubscriptions(dapr: DaprSidecar): Subscription<TradeRepositories>[] {
  return [
    subscribe(marketTopic, {
      'market.quote-updated': async (_t, quote) => {
        const reply = await dapr.invokeActor(BOOK_ACTOR, quote.symbol, 'quote', { last: quote.last, bid: quote.bid, ask: quote.ask });
        if (reply.status !== 200) throw new Error(`the ${quote.symbol} book did not take the quote (${reply.status}): ${JSON.stringify(reply.body).slice(0, 300)}`);
      },
    }),
  ];
}
