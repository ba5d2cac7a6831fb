// The portfolio service's internal routes, for the order saga: a SELL's shares set aside
// while it is open, and given back when it ends. Each needs an Idempotency-Key.
import { IsInt, IsOptional, IsString, IsUUID, Length, Matches, Min } from 'class-validator';
import { defineRoute } from '../../calls.ts';
import { SYMBOL } from '../market.ts';

export class ReserveSharesRequest {
  @IsUUID() userId!: string;
  @Matches(SYMBOL) symbol!: string;
  @IsInt() @Min(1) quantity!: number;
  @IsUUID() orderId!: string;
}

export class ReleaseSharesRequest {
  @IsOptional() @IsString() @Length(1, 200) reason?: string;
}

export class ReservationAnswer {
  @IsUUID() orderId!: string;
  @Matches(SYMBOL) symbol!: string;
  @IsInt() @Min(1) quantity!: number;
  @IsInt() @Min(0) openQuantity!: number;
  @IsString() status!: string;
}

const PORTFOLIO = 'portfolio-service';

export const portfolioRoutes = {
  reserve: defineRoute<ReserveSharesRequest, ReservationAnswer>({ app: PORTFOLIO, method: 'POST', path: '/internal/holdings/reservations', request: ReserveSharesRequest, answer: ReservationAnswer }),
  release: defineRoute<ReleaseSharesRequest, ReservationAnswer>({ app: PORTFOLIO, method: 'POST', path: '/internal/holdings/reservations/:orderId/release', request: ReleaseSharesRequest, answer: ReservationAnswer }),
};
