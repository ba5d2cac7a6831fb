// Topic `market`: published by the market service.
import { IsIn, IsInt, IsISO8601, IsString, Matches, Min } from 'class-validator';
import { IsMoney } from '../money.ts';
import { defineTopic } from './topic.ts';

export const CANDLE_INTERVALS = ['1m', '5m', '15m', '1h', '1d'] as const;
export type CandleInterval = (typeof CANDLE_INTERVALS)[number];
export const SYMBOL = /^[A-Z0-9&-]{1,20}$/;
export const SYMBOL_MESSAGE = 'symbol must be 1 to 20 capital letters, digits, & or -, such as INFY';

/** The latest quote of a symbol; sent at most once per symbol per throttle period. */
export class QuoteUpdated {
  @Matches(SYMBOL) symbol!: string;
  @IsMoney({ positive: true }) last!: string;
  @IsMoney({ positive: true }) bid!: string;
  @IsMoney({ positive: true }) ask!: string;
  @IsMoney({ positive: true }) open!: string;
  @IsMoney({ positive: true }) high!: string;
  @IsMoney({ positive: true }) low!: string;
  /** The previous session's close. */
  @IsMoney({ positive: true }) close!: string;
  @IsInt() @Min(0) volume!: number;
  @IsISO8601() at!: string;
}

export class CandleClosed {
  @Matches(SYMBOL) symbol!: string;
  @IsIn(CANDLE_INTERVALS) interval!: CandleInterval;
  @IsISO8601() start!: string;
  @IsMoney({ positive: true }) open!: string;
  @IsMoney({ positive: true }) high!: string;
  @IsMoney({ positive: true }) low!: string;
  @IsMoney({ positive: true }) close!: string;
  @IsInt() @Min(0) volume!: number;
  @IsString() currency!: string;
}

export const marketTopic = defineTopic('market', 'market-service', {
  'market.quote-updated': QuoteUpdated,
  'market.candle-closed': CandleClosed,
});
