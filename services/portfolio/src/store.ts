import type { IBaseProtocol } from 'pg-promise';
import { money, sqlFolder, type Money, type Queryable } from '@winvestco/common';
import type { Holding, Portfolio, Reservation } from './domain/portfolio.ts';
import type { ReservationState, ReservationStatus } from './domain/reservation.ts';
import type { Quote } from './domain/valuation.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  openPortfolio: sql('portfolio-open'),
  portfolioByUser: sql('portfolio-by-user'),
  openHolding: sql('holding-open'),
  lockHolding: sql('holding-lock'),
  lockHoldingById: sql('holding-lock-by-id'),
  holdingBySymbol: sql('holding-by-symbol'),
  holdingsOf: sql('holdings-of-portfolio'),
  saveHolding: sql('holding-save'),
  reserve: sql('holding-reserve'),
  insertReservation: sql('reservation-insert'),
  reservationByOrder: sql('reservation-by-order'),
  lockReservation: sql('reservation-lock'),
  saveReservation: sql('reservation-save'),
  activeReservations: sql('reservations-active-of-holding'),
  fillApplied: sql('fill-applied'),
  insertFill: sql('fill-insert'),
  rememberPrices: sql('prices-remember'),
  pricesOf: sql('prices-of'),
};

interface PortfolioRow {
  id: string;
  user_id: string;
  name: string;
  currency: string;
  created_at: Date;
  updated_at: Date;
}

// bigint and numeric arrive as text: whole shares become numbers, amounts decimals.
interface HoldingRow {
  id: string;
  portfolio_id: string;
  symbol: string;
  currency: string;
  quantity: string;
  reserved_quantity: string;
  average_cost: string;
  realised_pnl: string;
  created_at: Date;
  updated_at: Date;
  version: number;
}

interface ReservationRow {
  id: string;
  order_id: string;
  holding_id: string;
  user_id: string;
  symbol: string;
  quantity: string;
  consumed_quantity: string;
  released_quantity: string;
  filled_quantity: string;
  status: ReservationStatus;
  release_reason: string | null;
  created_at: Date;
  updated_at: Date;
  version: number;
}

interface PriceRow {
  symbol: string;
  last: string;
  previous_close: string | null;
  quoted_at: Date;
}

const toPortfolio = (r: PortfolioRow): Portfolio => ({ id: r.id, userId: r.user_id, name: r.name, currency: r.currency.trim(), createdAt: r.created_at, updatedAt: r.updated_at });

function toHolding(r: HoldingRow): Holding {
  return {
    id: r.id, portfolioId: r.portfolio_id, symbol: r.symbol, currency: r.currency.trim(),
    quantity: Number(r.quantity), reservedQuantity: Number(r.reserved_quantity),
    averageCost: money(r.average_cost), realisedPnl: money(r.realised_pnl),
    createdAt: r.created_at, updatedAt: r.updated_at, version: r.version,
  };
}

function toReservation(r: ReservationRow): Reservation {
  return {
    id: r.id, orderId: r.order_id, holdingId: r.holding_id, userId: r.user_id, symbol: r.symbol,
    quantity: Number(r.quantity), consumed: Number(r.consumed_quantity), released: Number(r.released_quantity),
    filled: Number(r.filled_quantity), status: r.status, releaseReason: r.release_reason,
    createdAt: r.created_at, updatedAt: r.updated_at, version: r.version,
  };
}

const toQuote = (r: PriceRow): Quote => ({ symbol: r.symbol, last: money(r.last), previousClose: r.previous_close === null ? null : money(r.previous_close), at: r.quoted_at });

/** Portfolios and their holdings. */
export class PortfoliosRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** The user's portfolio, opened now with `currency` if it did not exist. */
  async open(id: string, userId: string, currency: string): Promise<Portfolio> {
    await this.q.none(SQL.openPortfolio, { id, userId, currency });
    return (await this.byUser(userId))!;
  }

  async byUser(userId: string): Promise<Portfolio | null> {
    const row = await this.q.oneOrNone<PortfolioRow>(SQL.portfolioByUser, { userId });
    return row && toPortfolio(row);
  }

  /** The holding, locked for the rest of the transaction; opened empty first when `open` is given. */
  async lockHolding(portfolioId: string, symbol: string, open?: { id: string; currency: string }): Promise<Holding | null> {
    if (open) await this.q.none(SQL.openHolding, { id: open.id, portfolioId, symbol, currency: open.currency });
    const row = await this.q.oneOrNone<HoldingRow>(SQL.lockHolding, { portfolioId, symbol });
    return row && toHolding(row);
  }

  async lockHoldingById(id: string): Promise<Holding> {
    return toHolding(await this.q.one<HoldingRow>(SQL.lockHoldingById, { id }));
  }

  async holding(portfolioId: string, symbol: string): Promise<Holding | null> {
    const row = await this.q.oneOrNone<HoldingRow>(SQL.holdingBySymbol, { portfolioId, symbol });
    return row && toHolding(row);
  }

  /** Every holding ever opened in the portfolio, those sold down to 0 included, by symbol. */
  async holdings(portfolioId: string): Promise<Holding[]> {
    return (await this.q.any<HoldingRow>(SQL.holdingsOf, { portfolioId })).map(toHolding);
  }

  /** Writes a locked holding back; `holding.version` is the version read. */
  async saveHolding(holding: Holding): Promise<Holding> {
    const row = await this.q.one<HoldingRow>(SQL.saveHolding, {
      id: holding.id, version: holding.version, quantity: holding.quantity, reservedQuantity: holding.reservedQuantity,
      averageCost: holding.averageCost.toFixed(), realisedPnl: holding.realisedPnl.toFixed(),
    });
    return toHolding(row);
  }

  /** Reserves `quantity` if that many are free; null when they are not (or nothing is held). */
  async reserve(portfolioId: string, symbol: string, quantity: number): Promise<Holding | null> {
    const row = await this.q.oneOrNone<HoldingRow>(SQL.reserve, { portfolioId, symbol, quantity });
    return row && toHolding(row);
  }
}

/** Reservations of shares for open SELL orders, one per order. */
export class ReservationsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** Unique per order: a second one for the order fails with 23505 (holding_reservations_order_id_key). */
  async add(id: string, orderId: string, holdingId: string, quantity: number): Promise<Reservation> {
    await this.q.none(SQL.insertReservation, { id, orderId, holdingId, quantity });
    return (await this.byOrder(orderId))!;
  }

  async byOrder(orderId: string): Promise<Reservation | null> {
    const row = await this.q.oneOrNone<ReservationRow>(SQL.reservationByOrder, { orderId });
    return row && toReservation(row);
  }

  /** Locked for the rest of the transaction; take the holding's lock first. */
  async lockByOrder(orderId: string): Promise<Reservation | null> {
    const row = await this.q.oneOrNone<ReservationRow>(SQL.lockReservation, { orderId });
    return row && toReservation(row);
  }

  async save(reservation: Reservation, state: ReservationState, releaseReason: string | null = reservation.releaseReason): Promise<Reservation> {
    await this.q.one(SQL.saveReservation, { ...state, releaseReason, id: reservation.id, version: reservation.version });
    return (await this.byOrder(reservation.orderId))!;
  }

  async activeOf(holdingId: string): Promise<Reservation[]> {
    return (await this.q.any<ReservationRow>(SQL.activeReservations, { holdingId })).map(toReservation);
  }
}

export interface AppliedFill {
  executionId: string;
  holdingId: string;
  orderId: string;
  side: 'BUY' | 'SELL';
  quantity: number;
  price: Money;
  fees: Money;
  currency: string;
  realisedPnl: Money;
  averageCostAfter: Money;
  executedAt: string;
}

/** The fills applied, one row per execution. */
export class FillsRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async applied(executionId: string): Promise<boolean> {
    return (await this.q.one<{ applied: boolean }>(SQL.fillApplied, { executionId })).applied;
  }

  async add(fill: AppliedFill): Promise<void> {
    await this.q.none(SQL.insertFill, {
      ...fill, price: fill.price.toFixed(), fees: fill.fees.toFixed(), realisedPnl: fill.realisedPnl.toFixed(), averageCostAfter: fill.averageCostAfter.toFixed(),
    });
  }
}

/** The last quote seen per symbol. */
export class PricesRepository {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async remember(quotes: readonly Quote[], currency: string): Promise<void> {
    if (quotes.length === 0) return;
    const rows = [...quotes].sort((a, b) => (a.symbol < b.symbol ? -1 : a.symbol > b.symbol ? 1 : 0)).map((quote) => ({
      symbol: quote.symbol, currency, last: quote.last.toFixed(), previous_close: quote.previousClose?.toFixed() ?? null, quoted_at: quote.at.toISOString(),
    }));
    await this.q.none(SQL.rememberPrices, { quotes: JSON.stringify(rows) });
  }

  async of(symbols: readonly string[]): Promise<Map<string, Quote>> {
    if (symbols.length === 0) return new Map();
    const rows = await this.q.any<PriceRow>(SQL.pricesOf, { symbols });
    return new Map(rows.map((r) => [r.symbol, toQuote(r)]));
  }
}

export interface PortfolioRepositories {
  portfolios: PortfoliosRepository;
  reservations: ReservationsRepository;
  fills: FillsRepository;
  prices: PricesRepository;
}

export const repositories = (q: Queryable): PortfolioRepositories => ({
  portfolios: new PortfoliosRepository(q),
  reservations: new ReservationsRepository(q),
  fills: new FillsRepository(q),
  prices: new PricesRepository(q),
});
