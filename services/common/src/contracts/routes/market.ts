// The market service's routes that other services call: an instrument's trading rules, its
// quote, and the session (public routes, declared here so callers check what they get).
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Min } from 'class-validator';
import { defineRoute } from '../../calls.ts';
import { IsMoney } from '../../money.ts';
import { SYMBOL } from '../market.ts';

export class InstrumentView {
  @Matches(SYMBOL) symbol!: string;
  @IsString() name!: string;
  @IsString() exchange!: string;
  @IsMoney({ positive: true }) tickSize!: string;
  @IsInt() @Min(1) lotSize!: number;
  @IsIn(['ACTIVE', 'SUSPENDED', 'DELISTED']) status!: string;
  @IsString() currency!: string;
}

export class QuoteView {
  @Matches(SYMBOL) symbol!: string;
  @IsMoney({ positive: true }) last!: string;
  @IsMoney({ positive: true }) bid!: string;
  @IsMoney({ positive: true }) ask!: string;
  @IsISO8601() updatedAt!: string;
}

export class MarketStatusView {
  @IsBoolean() open!: boolean;
  @IsOptional() @IsISO8601() sessionCloses?: string;
  @IsOptional() @IsISO8601() nextOpen?: string;
  @IsBoolean() alwaysOpen!: boolean;
}

const MARKET = 'market-service';

export const marketRoutes = {
  instrument: defineRoute<undefined, InstrumentView>({ app: MARKET, method: 'GET', path: '/instruments/:symbol', answer: InstrumentView }),
  quote: defineRoute<undefined, QuoteView>({ app: MARKET, method: 'GET', path: '/quotes/:symbol', answer: QuoteView }),
  status: defineRoute<undefined, MarketStatusView>({ app: MARKET, method: 'GET', path: '/market/status', answer: MarketStatusView }),
};
