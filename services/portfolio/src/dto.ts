import { formatMoney, type Money, type ReservationView } from '@winvestco/common';
import { freeQuantity, type Reservation } from './domain/portfolio.ts';
import { openQuantity } from './domain/reservation.ts';
import { isStale, type PortfolioValuation, type PriceSource, type Valuation, type ValuedHolding } from './domain/valuation.ts';

export { SYMBOL_MESSAGE } from '@winvestco/common';

// The internal routes' bodies and answers are declared in the kit (contracts/routes/portfolio.ts).
export function reservationView(r: Reservation): ReservationView {
  return {
    orderId: r.orderId, userId: r.userId, symbol: r.symbol, quantity: r.quantity, openQuantity: openQuantity(r),
    consumedQuantity: r.consumed, releasedQuantity: r.released, filledQuantity: r.filled, status: r.status, releaseReason: r.releaseReason,
    createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

interface ValueView {
  invested: string;
  currentValue: string;
  unrealisedPnl: string;
  dayChange: string;
}

const valueView = (v: Valuation): ValueView => ({
  invested: formatMoney(v.invested), currentValue: formatMoney(v.currentValue), unrealisedPnl: formatMoney(v.unrealisedPnl), dayChange: formatMoney(v.dayChange),
});

export interface HoldingView extends ValueView {
  symbol: string;
  currency: string;
  quantity: number;
  reservedQuantity: number;
  availableQuantity: number;
  /** Per share, buy fees included (kept to 8 decimals, shown with 4). */
  averageCost: string;
  lastPrice: string;
  previousClose: string | null;
  priceSource: PriceSource;
  priceStale: boolean;
  /** The market's time of the price; null when it is the average cost. */
  priceAt: string | null;
  realisedPnl: string;
  updatedAt: string;
}

export function holdingView({ holding, price, value }: ValuedHolding): HoldingView {
  return {
    symbol: holding.symbol,
    currency: holding.currency,
    quantity: holding.quantity,
    reservedQuantity: holding.reservedQuantity,
    availableQuantity: freeQuantity(holding),
    averageCost: formatMoney(holding.averageCost),
    lastPrice: formatMoney(price.last),
    previousClose: price.previousClose ? formatMoney(price.previousClose) : null,
    priceSource: price.source,
    priceStale: isStale(price),
    priceAt: price.at?.toISOString() ?? null,
    ...valueView(value),
    realisedPnl: formatMoney(holding.realisedPnl),
    updatedAt: holding.updatedAt.toISOString(),
  };
}

export function holdingDetailView(valued: ValuedHolding, reserved: Reservation[]) {
  return {
    ...holdingView(valued),
    reservations: reserved.map((r) => ({ orderId: r.orderId, quantity: r.quantity, openQuantity: openQuantity(r), createdAt: r.createdAt.toISOString() })),
  };
}

export function portfolioView(v: PortfolioValuation) {
  return {
    portfolioId: v.portfolio.id,
    name: v.portfolio.name,
    currency: v.portfolio.currency,
    holdings: v.holdings.map(holdingView),
    totals: { ...valueView(v.total), realisedPnl: formatMoney(v.realisedPnl) },
    pricesStale: v.stale,
    asOf: v.asOf.toISOString(),
  };
}

const totalPnl = (v: PortfolioValuation): Money => v.realisedPnl.plus(v.total.unrealisedPnl);

export function performanceView(v: PortfolioValuation) {
  return {
    portfolioId: v.portfolio.id,
    currency: v.portfolio.currency,
    holdings: v.holdings.length,
    ...valueView(v.total),
    realisedPnl: formatMoney(v.realisedPnl),
    totalPnl: formatMoney(totalPnl(v)),
    pricesStale: v.stale,
    asOf: v.asOf.toISOString(),
  };
}
