// The portfolio service's operations. Routes, event handlers and (through the internal
// API) the order saga call these; each change is one transaction: a handler's, or the
// savepoint answerOnce opens under the request's idempotency key. A holding's quantity has
// one writer, the fills (trade.executed, once each); the saga only reserves, adjusts and
// releases shares (docs/domain.md, "Portfolio: holdings").
import { randomUUID } from 'node:crypto';
import { isUniqueViolation, money, problems, type Db, type Logger, type TradeExecuted } from '@winvestco/common';
import { freeQuantity, type Holding, type Portfolio, type Reservation } from './domain/portfolio.ts';
import { applyBuy, applySell, type Fill } from './domain/position.ts';
import * as reservations from './domain/reservation.ts';
import { addUp, isStale, priceOf, valueHolding, type PortfolioValuation, type Price, type Quote, type ValuedHolding } from './domain/valuation.ts';
import type { QuoteSource } from './quotes.ts';
import type { PortfolioRepositories } from './store.ts';

export type PortfolioDb = Db<PortfolioRepositories>;

export interface PortfolioDeps {
  db: PortfolioDb;
  quotes: QuoteSource;
  /** Of new portfolios, and of the prices kept. */
  currency: string;
  log: Logger;
  /** Per symbol, the quote this process last kept and when: see remember(). */
  remembered: Map<string, { quotedAt: number; keptAt: number }>;
}

/** A fallback needs no tick-by-tick history: each symbol's quote is kept at most this often. */
const KEEP_EVERY_MS = 5000;

export interface ReserveInput {
  userId: string;
  symbol: string;
  quantity: number;
  orderId: string;
}


const noPortfolio = (userId: string) => problems.notFound(`User ${userId} has no portfolio yet; it is opened when their registration is processed`);
const noReservation = (orderId: string) => problems.notFound(`Order ${orderId} has no reservation`);
const orderTaken = (orderId: string) => problems.conflict(`Order ${orderId} already has a reservation`);

/** The user's default portfolio; opening it again changes nothing. */
export async function openPortfolio(t: PortfolioDb, userId: string, currency: string): Promise<Portfolio> {
  return t.portfolios.open(randomUUID(), userId, currency);
}

/**
 * Applies one fill (trade.executed) to the user's holding. Returns why it can never be
 * applied (the handler dead-letters it, and the transaction rolls back), or null.
 */
export async function applyFill(t: PortfolioDb, trade: TradeExecuted, currency: string): Promise<string | null> {
  // A fill may arrive before user.registered: the portfolio opens with whichever comes first.
  const portfolio = await openPortfolio(t, trade.userId, currency);
  if (trade.currency !== portfolio.currency) return `the fill is in ${trade.currency} but the portfolio is in ${portfolio.currency}`;
  const buying = trade.side === 'BUY';
  const holding = await t.portfolios.lockHolding(portfolio.id, trade.symbol, buying ? { id: randomUUID(), currency: portfolio.currency } : undefined);
  if (!holding) return `it sells ${trade.quantity} ${trade.symbol} but the user holds none`;
  // The inbox applies each event id once; one execution published under two ids is caught
  // here, after the holding's lock, so two such deliveries cannot both pass.
  if (await t.fills.applied(trade.executionId)) return null;

  const fill: Fill = { quantity: trade.quantity, price: money(trade.price), fees: money(trade.fees) };
  let after: Holding;
  let realised = money(0);
  if (buying) {
    after = { ...holding, ...applyBuy(holding, fill) };
  } else {
    const sold = await sellOut(t, holding, trade, fill);
    if (typeof sold === 'string') return sold;
    after = sold;
    realised = after.realisedPnl.minus(holding.realisedPnl);
  }
  await t.portfolios.saveHolding(after);
  await t.fills.add({
    executionId: trade.executionId, holdingId: holding.id, orderId: trade.orderId, side: trade.side, quantity: trade.quantity,
    price: fill.price, fees: fill.fees, currency: trade.currency, realisedPnl: realised, averageCostAfter: after.averageCost, executedAt: trade.executedAt,
  });
  return null;
}

/**
 * A SELL fill: its shares leave the holding, out of the order's reservation first (if it
 * has one, which shrinks by them) and the rest out of the free quantity, and the P&L is
 * booked. The fill is the only report of a sale, so its shares leave exactly once.
 */
async function sellOut(t: PortfolioDb, holding: Holding, trade: TradeExecuted, fill: Fill): Promise<Holding | string> {
  const reservation = await t.reservations.lockByOrder(trade.orderId);
  if (reservation && reservation.holdingId !== holding.id) return `order ${trade.orderId} reserved ${reservation.symbol} of user ${reservation.userId}, not this ${trade.symbol}`;
  const outcome = reservation ? reservations.fill(reservation, trade.quantity) : { reservation: null, fromReservation: 0 };
  const fromFree = trade.quantity - outcome.fromReservation;
  if (fromFree > freeQuantity(holding)) {
    return `it sells ${trade.quantity} ${trade.symbol}, ${fromFree} of them beyond any reservation, but only ${freeQuantity(holding)} are free `
      + `(held ${holding.quantity}, reserved for open orders ${holding.reservedQuantity})`;
  }
  const position = applySell(holding, fill);
  if (reservation && outcome.reservation) await t.reservations.save(reservation, outcome.reservation);
  return { ...holding, ...position, reservedQuantity: holding.reservedQuantity - outcome.fromReservation };
}

/** Sets `quantity` shares aside for a SELL order; 409 when fewer are free, and nothing is reserved. */
export async function reserve(t: PortfolioDb, input: ReserveInput): Promise<Reservation> {
  const { userId, symbol, quantity, orderId } = input;
  if (await t.reservations.byOrder(orderId)) throw orderTaken(orderId);
  const portfolio = await t.portfolios.byUser(userId);
  const holding = portfolio && (await t.portfolios.reserve(portfolio.id, symbol, quantity));
  if (!holding) {
    const current = portfolio && (await t.portfolios.holding(portfolio.id, symbol));
    throw problems.conflict(reservations.reserveRefusal(current ? freeQuantity(current) : 0, quantity, symbol) ?? `${symbol} could not be reserved`);
  }
  try {
    return await t.reservations.add(randomUUID(), orderId, holding.id, quantity);
  } catch (error) {
    // Two reservations for one order at once, under different keys: the unique index decides.
    if (isUniqueViolation(error, 'holding_reservations_order_id_key')) throw orderTaken(orderId);
    throw error;
  }
}

/** The order's reservation and its holding, both locked (holding first, as fills lock them). */
async function lockReservation(t: PortfolioDb, orderId: string): Promise<{ holding: Holding; reservation: Reservation }> {
  const found = await t.reservations.byOrder(orderId);
  if (!found) throw noReservation(orderId);
  const holding = await t.portfolios.lockHoldingById(found.holdingId);
  return { holding, reservation: (await t.reservations.lockByOrder(orderId))! };
}

/** Hands back what is still reserved for the order; a second release hands back nothing. */
export async function release(t: PortfolioDb, orderId: string, reason: string | null): Promise<Reservation> {
  const { holding, reservation } = await lockReservation(t, orderId);
  const { reservation: next, freed } = reservations.release(reservation);
  if (freed === 0) return reservation;
  await t.portfolios.saveHolding({ ...holding, reservedQuantity: holding.reservedQuantity - freed });
  return t.reservations.save(reservation, next, reason);
}

/**
 * A modified order's new quantity: the reservation grows out of the free shares (409, and
 * nothing changed, when quantity − reserved is short) or shrinks, never below what its
 * fills sold out of it.
 */
export async function adjustReservation(t: PortfolioDb, orderId: string, quantity: number): Promise<Reservation> {
  const { holding, reservation } = await lockReservation(t, orderId);
  const outcome = reservations.adjust(reservation, quantity, freeQuantity(holding), reservation.symbol);
  if (!outcome.ok) throw problems.conflict(outcome.refusal);
  if (outcome.reservedChange === 0) return reservation;
  await t.portfolios.saveHolding({ ...holding, reservedQuantity: holding.reservedQuantity + outcome.reservedChange });
  return t.reservations.save(reservation, outcome.reservation);
}

export async function reservation(db: PortfolioDb, orderId: string): Promise<Reservation> {
  const found = await db.reservations.byOrder(orderId);
  if (!found) throw noReservation(orderId);
  return found;
}

/**
 * Keeps the quotes for when the market does not answer: a symbol's first quote at once, then
 * a newer one at most every few seconds, so a busy read path rarely writes.
 */
async function remember(deps: PortfolioDeps, quotes: Quote[], now = Date.now()): Promise<void> {
  const due = quotes.filter((q) => {
    const kept = deps.remembered.get(q.symbol);
    return !kept || (q.at.getTime() > kept.quotedAt && now - kept.keptAt >= KEEP_EVERY_MS);
  });
  if (due.length === 0) return;
  try {
    await deps.db.prices.remember(due, deps.currency);
    for (const q of due) deps.remembered.set(q.symbol, { quotedAt: q.at.getTime(), keptAt: now });
  } catch (error) {
    // Only a fallback for later; this read still has its fresh prices.
    deps.log.warn({ err: error }, 'keeping the latest quotes failed');
  }
}

/** Fresh quotes where the market gives them; the last ones kept, or the average cost, elsewhere. */
async function pricesOf(deps: PortfolioDeps, holdings: readonly Holding[]): Promise<Map<string, Price>> {
  const symbols = holdings.map((h) => h.symbol);
  const fresh = (await deps.quotes.quotes(symbols)) ?? new Map<string, Quote>();
  await remember(deps, [...fresh.values()]);
  const known = await deps.db.prices.of(symbols.filter((s) => !fresh.has(s)));
  return new Map(holdings.map((h) => [h.symbol, priceOf(h.averageCost, fresh.get(h.symbol), known.get(h.symbol))]));
}

async function valued(deps: PortfolioDeps, holdings: readonly Holding[]): Promise<ValuedHolding[]> {
  const prices = await pricesOf(deps, holdings);
  return holdings.map((holding) => {
    const price = prices.get(holding.symbol)!;
    return { holding, price, value: valueHolding(holding.quantity, holding.averageCost, price) };
  });
}

async function portfolioOf(db: PortfolioDb, userId: string): Promise<Portfolio> {
  const portfolio = await db.portfolios.byUser(userId);
  if (!portfolio) throw noPortfolio(userId);
  return portfolio;
}

/** The user's holdings with shares, valued at current prices, and the totals. */
export async function valuePortfolio(deps: PortfolioDeps, userId: string): Promise<PortfolioValuation> {
  const portfolio = await portfolioOf(deps.db, userId);
  const all = await deps.db.portfolios.holdings(portfolio.id);
  const holdings = await valued(deps, all.filter((h) => h.quantity > 0));
  return {
    portfolio,
    holdings,
    total: addUp(holdings.map((h) => h.value)),
    realisedPnl: all.reduce((sum, h) => sum.plus(h.realisedPnl), money(0)),
    stale: holdings.some((h) => isStale(h.price)),
    asOf: new Date(),
  };
}

/** One holding of the user (also one sold down to 0), valued, with its open reservations. */
export async function holdingOf(deps: PortfolioDeps, userId: string, symbol: string): Promise<{ valued: ValuedHolding; reserved: Reservation[] }> {
  const portfolio = await portfolioOf(deps.db, userId);
  const holding = await deps.db.portfolios.holding(portfolio.id, symbol);
  if (!holding) throw problems.notFound(`No holding of ${symbol} in your portfolio`);
  const [one] = await valued(deps, [holding]);
  return { valued: one!, reserved: await deps.db.reservations.activeOf(holding.id) };
}
