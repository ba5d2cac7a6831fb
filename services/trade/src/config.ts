import { loadConfig, type ServiceConfig } from '@winvestco/common';

export interface TradeConfig extends ServiceConfig {
  /** A book not called for this long leaves memory (it is rebuilt from the database on the next call). */
  bookIdleTimeout: string;
}

export function readTradeConfig(): TradeConfig {
  return loadConfig('trade', (reader) => ({
    bookIdleTimeout: reader.string('TRADE_BOOK_IDLE_TIMEOUT', '1h'),
  }));
}
