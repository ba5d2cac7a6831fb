// The market service's routes other services call: the portfolio prices holdings with them,
// the order service checks an order's terms and locks at the quote.
// Market data is public: no token, no idempotency key.
import { IsArray, IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, Matches, Min } from 'class-validator';
import { defineRoute } from '../../calls.ts';
import { IsMoney } from '../../money.ts';
import { SYMBOL } from '../market.ts';

/** An instrument's trading rules. */
export class InstrumentView {
  @Matches(SYMBOL) symbol!: string;
  @IsString() name!: string;
  /** Its ISIN, such as INE009A01021. */
  @Matches(/^[A-Z]{2}[A-Z0-9]{9}[0-9]$/) isin!: string;
  @IsString() exchange!: string;
  @IsMoney({ positive: true }) tickSize!: string;
  @IsInt() @Min(1) lotSize!: number;
  @IsIn(['ACTIVE', 'SUSPENDED']) status!: string;
  @IsString() currency!: string;
}

/** Whether the market is open, and when its session closes. */
export class MarketStatusView {
  /** The market's clock: a session's close is read against it (a test may have moved it on). */
  @IsISO8601() now!: string;
  @IsBoolean() open!: boolean;
  @IsOptional() @IsISO8601() sessionCloses?: string;
  @IsOptional() @IsISO8601() nextOpen?: string;
  @IsBoolean() alwaysOpen!: boolean;
}

/** One quote as the market answers it. */
export class QuoteView {
  @Matches(SYMBOL) symbol!: string;
  @IsMoney({ positive: true }) last!: string;
  @IsMoney({ positive: true }) bid!: string;
  @IsMoney({ positive: true }) ask!: string;
  @IsMoney({ positive: true }) open!: string;
  @IsMoney({ positive: true }) high!: string;
  @IsMoney({ positive: true }) low!: string;
  @IsMoney({ positive: true }) previousClose!: string;
  @IsInt() @Min(0) volume!: number;
  @IsISO8601() updatedAt!: string;
}

/**
 * The quotes of the symbols the market knows, and those it does not. The list itself is the
 * contract; each quote is read on its own by the caller (QuoteView), so one malformed quote
 * costs that symbol's price, not every price.
 */
export class QuotesAnswer {
  @IsArray() quotes!: unknown[];
  @IsArray() @IsString({ each: true }) unknown!: string[];
}

const MARKET = 'market-service';

export const marketRoutes = {
  /** `?symbols=INFY,TCS` */
  quotes: defineRoute<undefined, QuotesAnswer>({ app: MARKET, method: 'GET', path: '/quotes', answer: QuotesAnswer }),
  quote: defineRoute<undefined, QuoteView>({ app: MARKET, method: 'GET', path: '/quotes/:symbol', answer: QuoteView }),
  /** 404 (problem+json) for a symbol the market does not list. */
  instrument: defineRoute<undefined, InstrumentView>({ app: MARKET, method: 'GET', path: '/instruments/:symbol', answer: InstrumentView }),
  status: defineRoute<undefined, MarketStatusView>({ app: MARKET, method: 'GET', path: '/market/status', answer: MarketStatusView }),
};
