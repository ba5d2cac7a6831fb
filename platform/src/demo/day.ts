// A short trading day for two demo customers, told step by step as it happens: they
// register, deposit, buy from the simulated exchange, trade with each other through the
// INFY book, modify and cancel, let an IOC lapse, withdraw; then their balances, holdings,
// P&L and what they were told. Everything goes through the gateway, as a client's app would.
import { GatewayClient } from '../invariants/client.ts';
import { awayFrom, Person, type Order, type Quote } from './people.ts';
import { charges, fact, heading, inr, stepTitle, table, type FillCharges } from './print.ts';

const SYMBOL = 'INFY';

function outcome(o: Order): string {
  const filled = o.filledQuantity > 0 ? `, ${o.filledQuantity} filled at an average of ${inr(o.averagePrice!)}, charges ${inr(o.fees)}` : '';
  return `${o.status}${filled}${o.reason ? ` (${o.reason})` : ''}`;
}

async function describeFills(p: Person, o: Order): Promise<void> {
  for (const f of await p.fillCharges(o.orderId)) {
    fact(`  fill: ${f.quantity} at ${inr(f.price)} (${f.liquidity === 'MAKER' ? 'maker: the order was resting' : 'taker'}); ${charges(f.charges as unknown as FillCharges)}`);
  }
}

/** One step of the day; when the platform refuses or fails it, the day says so and goes on. */
async function step(title: string, body: () => Promise<void>): Promise<void> {
  stepTitle(title);
  try {
    await body();
  } catch (error) {
    fact(`✗ this step could not finish: ${error instanceof Error ? error.message : String(error)}; the day goes on`);
  }
}

export async function tradingDay(gatewayUrl: string): Promise<Person[]> {
  const gateway = new GatewayClient({ url: gatewayUrl });
  const run = new Date().toISOString().slice(5, 16).replace(/[-:T]/g, '');
  const quote = async () => (await gateway.get<{ quotes: Quote[] }>('market-service', 'quotes', { symbols: SYMBOL })).quotes[0]!;
  const { tickSize } = await gateway.get<{ tickSize: string }>('market-service', `instruments/${SYMBOL}`);

  heading(`A trading day on Winvestco (gateway ${gatewayUrl})`);

  stepTitle('Ann and Bea register and log in; each opens the live notification stream');
  const [ann, bea] = await Promise.all([Person.register(gateway, 'Ann', 'Rao', run), Person.register(gateway, 'Bea', 'Shah', run)]);
  for (const p of [ann, bea]) fact(`${p.name} <${p.email}>, user ${p.id}`);

  stepTitle('They deposit by UPI (the simulated provider confirms in about half a second)');
  const deposits = await Promise.all([ann.pay('deposits', { amount: '100000.00', method: 'UPI' }), bea.pay('deposits', { amount: '50000.00', method: 'UPI' })]);
  for (const [p, d] of [[ann, deposits[0]], [bea, deposits[1]]] as const) {
    const w = await p.wallet();
    fact(`${p.first}: deposit ${d.status}; wallet ${inr(w.available)} available`);
  }

  const q = await quote();
  stepTitle(`${SYMBOL} now: last ${inr(q.last)}, bid ${inr(q.bid)}, ask ${inr(q.ask)} (the market simulator moves it)`);

  await step(`Ann buys 10 ${SYMBOL} at market: the simulated exchange sells at the ask`, async () => {
    const annBuy = await ann.until((await ann.place({ side: 'BUY', type: 'MARKET', quantity: 10 })).orderId);
    fact(`order ${outcome(annBuy)}`);
    await describeFills(ann, annBuy);
  });

  await step(`Bea buys 5 at market, then offers 3 at the ask as a LIMIT sell that rests in the ${SYMBOL} book`, async () => {
    const beaBuy = await bea.until((await bea.place({ side: 'BUY', type: 'MARKET', quantity: 5 })).orderId);
    fact(`her buy: ${outcome(beaBuy)}`);
    const offer = (await quote()).ask;
    const beaSell = await bea.until((await bea.place({ side: 'SELL', type: 'LIMIT', quantity: 3, limitPrice: offer, validity: 'GTC' })).orderId, ['OPEN', 'FILLED', 'CANCELLED', 'REJECTED']);
    fact(`her sell of 3 at ${inr(offer)}: ${beaSell.status}`);
    const depth = await gateway.get<{ asks?: { price: string; quantity: number }[] }>('trade-service', `orderbook/${SYMBOL}`).catch(() => ({ asks: [] }));
    if (depth.asks?.length) fact(`the book's best offers: ${depth.asks.slice(0, 3).map((a) => `${a.quantity} at ${inr(a.price)}`).join(', ')} (no names: depth shows no users)`);

    stepTitle(`Ann bids for 3 at up to ${inr(offer)}, immediate-or-cancel: Bea's resting offer is first in line`);
    const annFromBea = await ann.until((await ann.place({ side: 'BUY', type: 'LIMIT', quantity: 3, limitPrice: offer, validity: 'IOC' })).orderId);
    fact(`Ann's buy: ${outcome(annFromBea)}`);
    await describeFills(ann, annFromBea);
    const beaSold = await bea.until(beaSell.orderId, undefined, beaSell.status === 'OPEN' ? 10_000 : 1000);
    fact(`Bea's sell: ${outcome(beaSold)}`);
    const annPrice = annFromBea.fills?.[0]?.price;
    if (beaSell.status === 'OPEN' && beaSold.status === 'FILLED' && annFromBea.status === 'FILLED' && annPrice && beaSold.averagePrice && Number(annPrice) === Number(beaSold.averagePrice)) {
      fact(`Bea's offer was resting in the book when Ann's bid arrived: they traded with each other at ${inr(annPrice)} (Bea the maker, Ann the taker)`);
    }
    if (beaSold.status === 'OPEN') {
      await bea.call('DELETE', 'order-service', `orders/${beaSold.orderId}`);
      fact(`the market moved away from it; Bea cancels: ${outcome(await bea.until(beaSold.orderId))}`);
    }
  });

  const low = awayFrom((await quote()).last, tickSize, -5);
  await step(`Ann bids for 5 at ${inr(low)} (below the market, GTC), raises it to 8, then cancels`, async () => {
    const bid = await ann.until((await ann.place({ side: 'BUY', type: 'LIMIT', quantity: 5, limitPrice: low, validity: 'GTC' })).orderId, ['OPEN', 'FILLED', 'REJECTED']);
    fact(`resting ${bid.status}; ${inr(bid.lockedAmount ?? '0')} locked for it (price and charges)`);
    if (bid.status !== 'OPEN') return;
    const modified = await ann.call<Order>('PATCH', 'order-service', `orders/${bid.orderId}`, { quantity: 8 });
    fact(`modified to ${modified.quantity}: ${inr(modified.lockedAmount ?? '0')} locked now (the lock follows the order)`);
    await ann.call('DELETE', 'order-service', `orders/${bid.orderId}`);
    const cancelled = await ann.until(bid.orderId);
    fact(`cancelled: ${outcome(cancelled)}; Ann's wallet has ${inr((await ann.wallet()).locked)} locked`);
  });

  const high = awayFrom((await quote()).last, tickSize, 5);
  await step(`Bea offers 1 at ${inr(high)}, immediate-or-cancel: nobody buys that high, so it lapses`, async () => {
    const ioc = await bea.until((await bea.place({ side: 'SELL', type: 'LIMIT', quantity: 1, limitPrice: high, validity: 'IOC' })).orderId);
    fact(`her IOC: ${outcome(ioc)}`);
  });

  await step('Ann withdraws ₹5,000 to her bank', async () => {
    const withdrawal = await ann.pay('withdrawals', { amount: '5000.00', payerHandle: 'success@sim' });
    fact(`withdrawal ${withdrawal.status}`);
  });

  stepTitle('Where they stand: wallets, holdings and P&L at the last price');
  for (const p of [ann, bea]) {
    const [w, folio] = await Promise.all([p.wallet(), p.portfolio()]);
    fact(`${p.first}: ${inr(w.available)} available, ${inr(w.locked)} locked`);
    const rows = folio.holdings.filter((h) => h.quantity > 0 || Number(h.realisedPnl) !== 0).map((h) => [
      `  ${h.symbol}`, String(h.quantity), inr(h.averageCost), inr(h.lastPrice), inr(h.currentValue), inr(h.unrealisedPnl), inr(h.realisedPnl),
    ]);
    if (rows.length) table([['  symbol', 'qty', 'avg cost', 'last', 'value', 'unrealised', 'realised'], ...rows]);
    fact(`  P&L: unrealised ${inr(folio.totals.unrealisedPnl)}, realised ${inr(folio.totals.realisedPnl)}`);
  }

  stepTitle('What they were told, live on their streams (email and push went to the local sinks: npm run mail)');
  // The last notifications (a payout's completion) may still be on their way.
  await Promise.all([ann, bea].map((p) => p.stream.until('the withdrawal', (s) => (p !== ann || s.json<{ type: string }>().some((n) => n.type === 'WITHDRAWAL_COMPLETED') ? true : undefined), 10_000).catch(() => undefined)));
  for (const p of [ann, bea]) {
    fact(`${p.first}:`);
    for (const n of p.heard()) fact(`  ${n.title}`);
  }
  return [ann, bea];
}
