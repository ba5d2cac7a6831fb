// The portfolio service's internal routes, for the order saga: shares set aside for an open
// SELL order. Fills are not reported through them: the portfolio applies each fill once from
// trade.executed (its only writer of a holding's quantity), and a reservation shrinks as the
// order's fills consume it. Every change needs an Idempotency-Key; a repeat gets the first answer.
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { defineRoute } from '../../calls.ts';
import { SYMBOL, SYMBOL_MESSAGE } from '../market.ts';

// Far above any order, far below where whole shares stop being exact JavaScript numbers.
const MAX_SHARES = 1_000_000_000;

export const RESERVATION_STATUSES = ['ACTIVE', 'RELEASED', 'CONSUMED'] as const;
export type ReservationStatus = (typeof RESERVATION_STATUSES)[number];

/** Sets `quantity` shares aside for a SELL order; refused (409) when quantity − reserved is short. */
export class ReserveRequest {
  @IsUUID() userId!: string;
  @Matches(SYMBOL, { message: SYMBOL_MESSAGE }) symbol!: string;
  @IsInt({ message: 'quantity must be a whole number of shares' }) @Min(1) @Max(MAX_SHARES) quantity!: number;
  @IsUUID() orderId!: string;
}

/** No body, or one saying why the order let go of its shares. */
export class ReservationReleaseRequest {
  @IsOptional() @IsString() @Length(1, 200) reason?: string;
}

/** The order's new quantity (a modified order): the reservation grows out of the free shares, or shrinks, but never below what its fills sold. */
export class ReservationAdjustRequest {
  @IsInt({ message: 'quantity must be a whole number of shares' }) @Min(1) @Max(MAX_SHARES) quantity!: number;
}

export class ReservationView {
  @IsUUID() orderId!: string;
  @IsUUID() userId!: string;
  @Matches(SYMBOL) symbol!: string;
  /** The order's quantity, as reserved (or adjusted since). */
  @IsInt() @Min(1) quantity!: number;
  /** Still set aside: quantity − consumed − released while ACTIVE, else 0. */
  @IsInt() @Min(0) openQuantity!: number;
  /** Sold by the order's fills out of the reservation. */
  @IsInt() @Min(0) consumedQuantity!: number;
  /** Handed back. */
  @IsInt() @Min(0) releasedQuantity!: number;
  /** Every share the order's fills sold, those beyond the reservation too. */
  @IsInt() @Min(0) filledQuantity!: number;
  @IsIn(RESERVATION_STATUSES) status!: ReservationStatus;
  @IsOptional() @IsString() releaseReason!: string | null;
  @IsISO8601() createdAt!: string;
  @IsISO8601() updatedAt!: string;
}

const PORTFOLIO = 'portfolio-service';

export const portfolioRoutes = {
  reserve: defineRoute<ReserveRequest, ReservationView>({ app: PORTFOLIO, method: 'POST', path: '/internal/holdings/reservations', request: ReserveRequest, answer: ReservationView }),
  reservation: defineRoute<undefined, ReservationView>({ app: PORTFOLIO, method: 'GET', path: '/internal/holdings/reservations/:orderId', answer: ReservationView }),
  release: defineRoute<ReservationReleaseRequest, ReservationView>({
    app: PORTFOLIO, method: 'POST', path: '/internal/holdings/reservations/:orderId/release', request: ReservationReleaseRequest, answer: ReservationView,
  }),
  adjust: defineRoute<ReservationAdjustRequest, ReservationView>({
    app: PORTFOLIO, method: 'POST', path: '/internal/holdings/reservations/:orderId/adjustments', request: ReservationAdjustRequest, answer: ReservationView,
  }),
};
