import { fileURLToPath } from 'node:url';
import { loadConfig, type ServiceConfig } from '@winvestco/common';

export const MARKET_SOURCES = ['simulator', 'csv'] as const;
export type MarketSource = (typeof MARKET_SOURCES)[number];

export interface MarketConfig extends ServiceConfig {
  source: MarketSource;
  /** The simulator's seed: the same seed gives the same price series. */
  seed: number;
  /** How often every instrument ticks; 0 stops the feed (prices move only by the test control). */
  tickMs: number;
  csvFile: string;
  /** At most one market.quote-updated per symbol per this period. */
  quoteEventMs: number;
  /** How often changed quotes and candles are written (one transaction each time). */
  flushMs: number;
  alwaysOpen: boolean;
  /** The internal routes that set prices and the clock: tests only. */
  testControls: boolean;
}

// Beside the package, whether this runs from src/ or dist/.
const SAMPLE_CSV = fileURLToPath(new URL('../data/sample-candles.csv', import.meta.url));

export function readMarketConfig(): MarketConfig {
  return loadConfig('market', (reader) => {
    const source = reader.string('MARKET_SOURCE', 'simulator');
    if (!(MARKET_SOURCES as readonly string[]).includes(source)) reader.problems.push(`MARKET_SOURCE must be one of ${MARKET_SOURCES.join(', ')}, got "${source}"`);
    return {
      source: source as MarketSource,
      seed: reader.integer('MARKET_SEED', 42),
      tickMs: reader.integer('MARKET_TICK_MS', 1000),
      csvFile: reader.string('MARKET_CSV_FILE', SAMPLE_CSV),
      quoteEventMs: reader.integer('MARKET_QUOTE_EVENT_MS', 1000),
      flushMs: reader.integer('MARKET_FLUSH_MS', 250, 10),
      alwaysOpen: reader.boolean('MARKET_ALWAYS_OPEN', true),
      testControls: reader.boolean('MARKET_TEST_CONTROLS', false),
    };
  });
}
