import { loadConfig, type ServiceConfig } from '@winvestco/common';

export interface OrderConfig extends ServiceConfig {
  /** A MARKET or STOP_LOSS BUY locks at the last price raised by this many percent: it may fill above the last price. */
  marketBufferPercent: string;
  /** The most shares one order may ask for. */
  maxQuantity: number;
  /** The most one order may be worth, in rupees (a fat-finger guard). */
  maxValue: string;
}

export function readOrderConfig(): OrderConfig {
  return loadConfig('order', (reader) => ({
    marketBufferPercent: reader.string('ORDER_MARKET_BUFFER_PERCENT', '2'),
    maxQuantity: reader.integer('ORDER_MAX_QUANTITY', 100_000, 1),
    maxValue: reader.string('ORDER_MAX_VALUE', '10000000.00'),
  }));
}
