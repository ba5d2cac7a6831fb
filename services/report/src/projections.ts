// How each event changes the projections: one function per event type, used alike by the
// live handlers (inside the inbox's transaction) and by a rebuild replaying the archive.
// Every write is keyed by the business id the event carries (execution, entry, order) or
// is a delta applied once because the archive takes each event id once.
import { formatMoney, money, sumMoney, type Tx } from '@winvestco/common';
import type { ProjectionName, ReportRepositories } from './store.ts';

export type ReportTx = Tx<ReportRepositories>;
export interface EventMeta {
  id: string;
  type: string;
  /** The CloudEvent's time: when the producer recorded it. */
  time: string;
}

type Data = Record<string, unknown>;
type Projector = (t: ReportTx, data: Data, meta: EventMeta) => Promise<void>;

const str = (v: unknown) => (typeof v === 'string' ? v : null);
const USER_ACCOUNT = /^(?:cash|cash-locked):([0-9a-f-]{36})$/i;

function order(t: ReportTx, d: Data, meta: EventMeta) {
  return t.projections.order({
    orderId: d.orderId as string, userId: d.userId as string, symbol: d.symbol as string, side: d.side as string, type: d.type as string,
    quantity: d.quantity as number, limitPrice: str(d.limitPrice), filledQuantity: d.filledQuantity as number, averagePrice: str(d.averagePrice),
    fees: d.fees as string, status: d.status as string, reason: str(d.reason), time: meta.time,
  });
}

function fill(t: ReportTx, d: Data) {
  return t.projections.fill({
    executionId: d.executionId as string, orderId: d.orderId as string, userId: d.userId as string, symbol: d.symbol as string, side: d.side as string,
    quantity: d.quantity as number, price: d.price as string, fees: d.fees as string,
    charges: (d.charges as Record<'brokerage' | 'stt' | 'exchangeCharge' | 'sebiFee' | 'stampDuty' | 'gst', string> | undefined) ?? null,
    currency: d.currency as string, liquidity: d.liquidity as string, executedAt: d.executedAt as string,
  });
}

function entry(t: ReportTx, d: Data, meta: EventMeta) {
  const postings = d.postings as { account: string; debit: string; credit: string }[];
  // Entries published before userId was in the contract name the user in their accounts.
  const fromAccounts = postings.map((p) => USER_ACCOUNT.exec(p.account)?.[1]).find(Boolean)?.toLowerCase() ?? null;
  return t.projections.entry({
    entryId: d.entryId as string, kind: d.kind as string, referenceType: d.referenceType as string, referenceId: d.referenceId as string,
    currency: d.currency as string, userId: str(d.userId) ?? fromAccounts, postedAt: str(d.postedAt) ?? meta.time,
    debits: formatMoney(sumMoney(postings.map((p) => p.debit))), credits: formatMoney(sumMoney(postings.map((p) => p.credit))), postings,
  });
}

/** A funds movement as a change of available and locked. */
function wallet(available: (d: Data) => string, locked: (d: Data) => string, counted = 1): Projector {
  return (t, d, meta) => t.projections.moveWallet({
    userId: d.userId as string, currency: d.currency as string, walletId: d.walletId as string, available: available(d), locked: locked(d), counted, time: meta.time,
  });
}
const none = () => '0';
const plus = (d: Data) => d.amount as string;
const minus = (d: Data) => money(d.amount as string).negated().toFixed();

const PROJECTORS: Record<string, { projection: ProjectionName; apply: Projector }> = {
  'trades/trade.executed': { projection: 'fills', apply: (t, d) => fill(t, d) },
  'ledger/ledger.entry-posted': { projection: 'ledger', apply: entry },
  'funds/wallet.created': { projection: 'wallets', apply: wallet(none, none, 0) },
  'funds/funds.deposited': { projection: 'wallets', apply: wallet(plus, none) },
  'funds/funds.credited': { projection: 'wallets', apply: wallet((d) => money(d.amount as string).minus(d.fee as string).toFixed(), none) },
  'funds/funds.locked': { projection: 'wallets', apply: wallet(minus, plus) },
  'funds/funds.released': { projection: 'wallets', apply: wallet(plus, minus) },
  'funds/funds.settled': { projection: 'wallets', apply: wallet(none, minus) },
  'funds/funds.withdrawn': { projection: 'wallets', apply: wallet(none, minus) },
  'market/market.quote-updated': { projection: 'prices', apply: (t, d) => t.projections.price({ symbol: d.symbol as string, last: d.last as string, at: d.at as string }) },
};

/** The event types each topic's subscription takes, by topic. */
export function projectedTypes(topic: string): string[] {
  if (topic === 'orders') return [];
  return Object.keys(PROJECTORS).filter((k) => k.startsWith(`${topic}/`)).map((k) => k.slice(topic.length + 1));
}

/** Applies one event to its projection; null when no projection takes this type. */
export async function project(t: ReportTx, topic: string, data: unknown, meta: EventMeta): Promise<ProjectionName | null> {
  if (topic === 'orders') {
    await order(t, data as Data, meta);
    return 'orders';
  }
  const projector = PROJECTORS[`${topic}/${meta.type}`];
  if (!projector) return null;
  await projector.apply(t, data as Data, meta);
  return projector.projection;
}
