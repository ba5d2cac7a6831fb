// The price source MARKET_SOURCE names, built over the instruments the feed prices.
import { readFileSync } from 'node:fs';
import type { Logger, Money } from '@winvestco/common';
import type { MarketConfig } from './config.ts';
import type { Instrument } from './domain/instrument.ts';
import { CandleReplay, parseCandleCsv } from './domain/replay.ts';
import { Simulator } from './domain/simulator.ts';
import type { PriceSource } from './domain/source.ts';

/**
 * `instruments` are the ones to price (the ACTIVE ones); `lastPrice` is where each stands,
 * so a restarted simulator carries on from the last quote rather than jumping back.
 */
export function createSource(config: MarketConfig, instruments: readonly Instrument[], lastPrice: (symbol: string) => Money, log: Logger): PriceSource {
  if (config.source === 'csv') {
    let rows;
    try {
      rows = parseCandleCsv(readFileSync(config.csvFile, 'utf8'));
    } catch (error) {
      throw new Error(`MARKET_CSV_FILE ${config.csvFile}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    const replay = new CandleReplay(rows, new Map(instruments.map((i) => [i.symbol, i.tickSize])));
    if (replay.unknownSymbols.length > 0) log.warn({ symbols: replay.unknownSymbols }, 'the candle file has symbols that are not ACTIVE instruments; they are not replayed');
    log.info({ file: config.csvFile, candles: rows.length }, 'replaying historical candles');
    return replay;
  }
  log.info({ seed: config.seed, tickMs: config.tickMs, instruments: instruments.length }, 'simulating prices');
  return new Simulator(
    instruments.map((i) => ({ symbol: i.symbol, tickSize: i.tickSize, lotSize: i.lotSize, volatility: i.volatility, start: lastPrice(i.symbol) })),
    config.seed,
  );
}
