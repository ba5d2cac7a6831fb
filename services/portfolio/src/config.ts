import { DEFAULT_CURRENCY, loadConfig, type EnvReader, type ServiceConfig } from '@winvestco/common';

export interface PortfolioConfig extends ServiceConfig {
  /** Of every new portfolio (and so of its holdings). */
  currency: string;
  /** Where prices come from, by service invocation. */
  marketAppId: string;
  /** How long GET /portfolio waits for quotes before it answers with stale prices. */
  marketTimeoutMs: number;
  /** After the market failed to answer, how long to use stale prices without asking again. */
  marketPauseMs: number;
}

function currencyOf(reader: EnvReader): string {
  const currency = reader.string('PORTFOLIO_CURRENCY', DEFAULT_CURRENCY);
  if (!/^[A-Z]{3}$/.test(currency)) reader.problems.push(`PORTFOLIO_CURRENCY must be an ISO 4217 code such as INR, got "${currency}"`);
  return currency;
}

export function readPortfolioConfig(): PortfolioConfig {
  return loadConfig('portfolio', (reader) => ({
    currency: currencyOf(reader),
    marketAppId: reader.string('MARKET_APP_ID', 'market-service'),
    marketTimeoutMs: reader.integer('MARKET_TIMEOUT_MS', 1000, 50),
    marketPauseMs: reader.integer('MARKET_PAUSE_MS', 5000, 0),
  }));
}
