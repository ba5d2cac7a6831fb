// The five reports, each a pure function from projection rows to a ReportDocument.
import { formatInr, formatMoney, money, sumMoney, type Money } from '@winvestco/common';
import { financialYearOf, istDate, istDateTime, istMonth, istTime, within, type FinancialYear } from './dates.ts';
import type { Column, ReportDocument, Section } from './document.ts';
import { CHARGE_KINDS, chronological, type Fill, type LedgerEntry, type OrderFact, type Price, type ReportType, type WalletFact } from './facts.ts';
import { matchFifo, type MatchedLot } from './lots.ts';
import { replayPositions, valuePosition } from './positions.ts';
import { capitalGainsTax, LTCG_EXEMPTION } from './tax.ts';

export interface Period {
  /** Null: from the first event on. */
  from: string | null;
  to: string;
}

export interface Owner {
  userId: string;
  generatedAt: Date;
  reportId: string;
}

const m = (value: Money) => formatMoney(value);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "3 Dec 2026". */
export function longDate(date: string): string {
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[mo - 1]} ${y}`;
}

export function periodText(period: Period): string {
  return period.from ? `${longDate(period.from)} to ${longDate(period.to)}` : `Up to ${longDate(period.to)}`;
}

/**
 * The period a request without dates means: the financial year of today for TAX, today's
 * session for CONTRACT_NOTE, everything so far otherwise. `today` is India's date.
 */
export function defaultPeriod(type: ReportType, today: string, from: string | null, to: string | null): Period {
  if (from !== null || to !== null) {
    if (type === 'TAX') {
      const year = financialYearOf(from ?? to!);
      return { from: year.from, to: year.to };
    }
    return { from, to: to ?? today };
  }
  if (type === 'TAX') {
    const year = financialYearOf(today);
    return { from: year.from, to: year.to };
  }
  if (type === 'CONTRACT_NOTE') return { from: today, to: today };
  return { from: null, to: today };
}

function facts(owner: Owner, period: Period, extra: [string, string][] = []): [string, string][] {
  return [['Client', owner.userId], ['Period', periodText(period)], ...extra, ['Generated', istDateTime(owner.generatedAt)], ['Report', owner.reportId]];
}

// ---- TRANSACTION_HISTORY: every movement of the client's money, from the ledger's entries.

const DESCRIPTIONS: Record<string, string> = {
  DEPOSIT: 'Deposit received', WITHDRAWAL: 'Withdrawal paid out', SETTLE: 'Purchase settled', TRADE_CREDIT: 'Sale proceeds credited',
  LOCK: 'Funds blocked', RELEASE: 'Funds released', REVERSAL: 'Reversal', CHARGES: 'Charges',
};

/** What an entry does to the user's money: Σ credit − debit on their cash and blocked cash (liabilities). */
export function userEffect(entry: LedgerEntry, userId: string): { available: Money; locked: Money } {
  const cash = `cash:${userId.toLowerCase()}`;
  const locked = `cash-locked:${userId.toLowerCase()}`;
  const on = (account: string) => sumMoney(entry.postings.filter((p) => p.account === account).map((p) => p.credit.minus(p.debit)));
  return { available: on(cash), locked: on(locked) };
}

export interface StatementFacts {
  entries: readonly LedgerEntry[];
  orders: readonly OrderFact[];
  /** The wallet as the funds events left it (null before any). */
  wallet: WalletFact | null;
  currency: string;
}

const ORDER_COLUMNS: Column[] = [
  { key: 'date', label: 'Placed', kind: 'date' }, { key: 'order', label: 'Order', kind: 'text', width: 0.9 }, { key: 'symbol', label: 'Symbol', kind: 'text', width: 0.8 },
  { key: 'side', label: 'Side', kind: 'text', width: 0.6 }, { key: 'type', label: 'Type', kind: 'text', width: 0.9 }, { key: 'quantity', label: 'Qty', kind: 'quantity', width: 0.6 },
  { key: 'limitPrice', label: 'Limit', kind: 'price' }, { key: 'filled', label: 'Filled', kind: 'quantity', width: 0.6 }, { key: 'averagePrice', label: 'Avg price', kind: 'price' },
  { key: 'fees', label: 'Charges', kind: 'money' }, { key: 'status', label: 'Status', kind: 'text' }, { key: 'reason', label: 'Reason', kind: 'text', width: 2.2 },
];

export function transactionHistory(owner: Owner, period: Period, statement: StatementFacts): ReportDocument {
  const { entries, currency } = statement;
  let opening = money(0);
  let available = money(0);
  let locked = money(0);
  let credits = money(0);
  let debits = money(0);
  const rows: Section['rows'] = [];
  let balance = money(0);
  const sorted = [...entries].sort((a, b) => a.postedAt.getTime() - b.postedAt.getTime() || a.entryId.localeCompare(b.entryId));
  for (const entry of sorted) {
    const date = istDate(entry.postedAt);
    if (date > period.to) break;
    const effect = userEffect(entry, owner.userId);
    const net = effect.available.plus(effect.locked);
    available = available.plus(effect.available);
    locked = locked.plus(effect.locked);
    if (period.from !== null && date < period.from) {
      opening = opening.plus(net);
      balance = opening;
      continue;
    }
    // Blocking and releasing move money inside the client's balance, not in or out of it.
    if (net.isZero()) continue;
    balance = balance.plus(net);
    if (net.isPositive()) credits = credits.plus(net);
    else debits = debits.plus(net.abs());
    rows.push({
      date, time: istTime(entry.postedAt), description: DESCRIPTIONS[entry.kind] ?? entry.kind, reference: entry.referenceId,
      debit: net.isNegative() ? m(net.abs()) : null, credit: net.isPositive() ? m(net) : null, balance: m(balance),
    });
  }
  const closing = opening.plus(credits).minus(debits);
  const orders = [...statement.orders].filter((o) => within(istDate(o.placedAt), period.from, period.to)).sort((a, b) => a.placedAt.getTime() - b.placedAt.getTime());
  const wallet = statement.wallet;
  const columns: Column[] = [
    { key: 'date', label: 'Date', kind: 'date' }, { key: 'time', label: 'Time (IST)', kind: 'text', width: 0.8 },
    { key: 'description', label: 'Description', kind: 'text', width: 1.6 }, { key: 'reference', label: 'Reference', kind: 'text', width: 2.4 },
    { key: 'debit', label: `Debit (${currency})`, kind: 'money' }, { key: 'credit', label: `Credit (${currency})`, kind: 'money' },
    { key: 'balance', label: `Balance (${currency})`, kind: 'money' },
  ];
  return {
    type: 'TRANSACTION_HISTORY', title: 'Statement of Account', periodText: periodText(period),
    facts: facts(owner, period, [['Currency', currency], ...(wallet ? [['Wallet now', `${formatInr(wallet.available)} available, ${formatInr(wallet.locked)} blocked`] as [string, string]] : [])]),
    summary: [
      { label: 'Opening balance', value: m(opening), kind: 'money' }, { label: 'Money in', value: m(credits), kind: 'money' },
      { label: 'Money out', value: m(debits), kind: 'money' }, { label: 'Closing balance', value: m(closing), kind: 'money', strong: true },
      { label: 'of which available', value: m(available), kind: 'money' }, { label: 'of which blocked for open orders and withdrawals', value: m(locked), kind: 'money' },
    ],
    sections: [
      {
        heading: 'Transactions', columns, rows, empty: 'No money moved in this period.',
        total: { description: 'Total', debit: m(debits), credit: m(credits), balance: m(closing) },
      },
      {
        heading: 'Orders placed in the period', columns: ORDER_COLUMNS, empty: 'No orders in this period.',
        rows: orders.map((o) => ({
          date: istDate(o.placedAt), order: o.orderId.slice(0, 8), symbol: o.symbol, side: o.side, type: o.type, quantity: o.quantity,
          limitPrice: o.limitPrice ? m(o.limitPrice) : null, filled: o.filledQuantity, averagePrice: o.averagePrice ? m(o.averagePrice) : null,
          fees: m(o.fees), status: o.status, reason: o.reason,
        })),
      },
    ],
    notes: ['Amounts are as the ledger posted them. Funds blocked for an order or a withdrawal stay in your balance until they are spent or paid out.'],
    totals: {
      openingBalance: m(opening), credits: m(credits), debits: m(debits), closingBalance: m(closing), available: m(available), locked: m(locked), rows: rows.length, orders: orders.length,
      ...(wallet ? { walletAvailable: m(wallet.available), walletLocked: m(wallet.locked) } : {}),
    },
  };
}

// ---- PNL: realised (average cost, as the portfolio books it) by symbol and month; unrealised at the end.

export function profitAndLoss(owner: Owner, period: Period, fills: readonly Fill[], prices: ReadonlyMap<string, Price>): ReportDocument {
  const upTo = fills.filter((f) => istDate(f.executedAt) <= period.to);
  const book = replayPositions(upTo);
  const months = new Map<string, { month: string; symbol: string; quantity: number; proceeds: Money; cost: Money; charges: Money; realised: Money }>();
  for (const r of book.realisations) {
    if (!within(istDate(r.fill.executedAt), period.from, period.to)) continue;
    const key = `${istMonth(r.fill.executedAt)} ${r.fill.symbol}`;
    const row = months.get(key) ?? { month: istMonth(r.fill.executedAt), symbol: r.fill.symbol, quantity: 0, proceeds: money(0), cost: money(0), charges: money(0), realised: money(0) };
    row.quantity += r.fill.quantity;
    row.proceeds = row.proceeds.plus(r.proceeds);
    row.cost = row.cost.plus(r.cost);
    row.charges = row.charges.plus(r.fill.fees);
    row.realised = row.realised.plus(r.realised);
    months.set(key, row);
  }
  const realisedRows = [...months.values()].sort((a, b) => a.month.localeCompare(b.month) || a.symbol.localeCompare(b.symbol));
  const realised = sumMoney(realisedRows.map((r) => r.realised));
  const held = [...book.positions.values()].filter((p) => p.quantity > 0).sort((a, b) => a.symbol.localeCompare(b.symbol));
  const valued = held.map((p) => ({ p, v: valuePosition(p, prices.get(p.symbol)) }));
  const unrealised = sumMoney(valued.map(({ v }) => v.unrealisedPnl));
  const charges = sumMoney(upTo.filter((f) => within(istDate(f.executedAt), period.from, period.to)).map((f) => f.fees));
  return {
    type: 'PNL', title: 'Profit and Loss Statement', periodText: periodText(period), facts: facts(owner, period, [['Method', 'Average cost, buy charges in the cost']]),
    summary: [
      { label: 'Realised profit/loss', value: m(realised), kind: 'money', strong: true }, { label: 'Unrealised profit/loss on holdings', value: m(unrealised), kind: 'money' },
      { label: 'Total', value: m(realised.plus(unrealised)), kind: 'money', strong: true }, { label: 'Charges paid in the period', value: m(charges), kind: 'money' },
    ],
    sections: [
      {
        heading: 'Realised, by month and symbol',
        columns: [
          { key: 'month', label: 'Month', kind: 'text' }, { key: 'symbol', label: 'Symbol', kind: 'text' }, { key: 'quantity', label: 'Qty sold', kind: 'quantity' },
          { key: 'proceeds', label: 'Sale value', kind: 'money' }, { key: 'cost', label: 'Cost (avg)', kind: 'money' }, { key: 'charges', label: 'Sale charges', kind: 'money' },
          { key: 'realised', label: 'Realised P&L', kind: 'money' },
        ],
        rows: realisedRows.map((r) => ({ month: r.month, symbol: r.symbol, quantity: r.quantity, proceeds: m(r.proceeds), cost: m(r.cost), charges: m(r.charges), realised: m(r.realised) })),
        total: { month: 'Total', realised: m(realised) }, empty: 'Nothing was sold in this period.',
      },
      {
        heading: `Unrealised, holdings at ${longDate(period.to)}`,
        columns: [
          { key: 'symbol', label: 'Symbol', kind: 'text' }, { key: 'quantity', label: 'Qty', kind: 'quantity' }, { key: 'averageCost', label: 'Avg cost', kind: 'price' },
          { key: 'price', label: 'Last price', kind: 'price' }, { key: 'invested', label: 'Invested', kind: 'money' }, { key: 'value', label: 'Value', kind: 'money' },
          { key: 'unrealised', label: 'Unrealised P&L', kind: 'money' },
        ],
        rows: valued.map(({ p, v }) => ({
          symbol: p.symbol, quantity: p.quantity, averageCost: m(p.averageCost), price: m(v.price), invested: m(v.invested), value: m(v.currentValue), unrealised: m(v.unrealisedPnl),
        })),
        total: { symbol: 'Total', unrealised: m(unrealised) }, empty: 'No holdings.',
      },
    ],
    notes: ['Realised P&L is booked by average cost, as your portfolio shows it; the tax statement uses FIFO lots instead.', 'Unrealised P&L uses the last price seen; a holding without one is valued at its cost.'],
    totals: { realised: m(realised), unrealised: m(unrealised), charges: m(charges) },
  };
}

// ---- HOLDINGS_SUMMARY

export function holdingsSummary(owner: Owner, period: Period, fills: readonly Fill[], prices: ReadonlyMap<string, Price>): ReportDocument {
  const book = replayPositions(fills.filter((f) => istDate(f.executedAt) <= period.to));
  const held = [...book.positions.values()].filter((p) => p.quantity > 0).sort((a, b) => a.symbol.localeCompare(b.symbol));
  const valued = held.map((p) => ({ p, v: valuePosition(p, prices.get(p.symbol)) }));
  const invested = sumMoney(valued.map(({ v }) => v.invested));
  const value = sumMoney(valued.map(({ v }) => v.currentValue));
  const unrealised = value.minus(invested);
  const realised = sumMoney([...book.positions.values()].map((p) => p.realisedPnl));
  const weight = (v: Money) => (value.isZero() ? '0.00' : v.times(100).dividedBy(value).toFixed(2));
  return {
    type: 'HOLDINGS_SUMMARY', title: 'Holdings Statement', periodText: `As at ${longDate(period.to)}`, facts: facts(owner, { from: null, to: period.to }),
    summary: [
      { label: 'Invested (cost, charges included)', value: m(invested), kind: 'money' }, { label: 'Current value', value: m(value), kind: 'money', strong: true },
      { label: 'Unrealised profit/loss', value: m(unrealised), kind: 'money' }, { label: 'Realised profit/loss to date', value: m(realised), kind: 'money' },
    ],
    sections: [{
      heading: 'Holdings',
      columns: [
        { key: 'symbol', label: 'Symbol', kind: 'text' }, { key: 'quantity', label: 'Qty', kind: 'quantity' }, { key: 'averageCost', label: 'Avg cost', kind: 'price' },
        { key: 'invested', label: 'Invested', kind: 'money' }, { key: 'price', label: 'Last price', kind: 'price' }, { key: 'value', label: 'Value', kind: 'money' },
        { key: 'unrealised', label: 'Unrealised P&L', kind: 'money' }, { key: 'realised', label: 'Realised P&L', kind: 'money' }, { key: 'weight', label: 'Weight %', kind: 'percent', width: 0.7 },
      ],
      rows: valued.map(({ p, v }) => ({
        symbol: p.symbol, quantity: p.quantity, averageCost: m(p.averageCost), invested: m(v.invested), price: m(v.price), value: m(v.currentValue),
        unrealised: m(v.unrealisedPnl), realised: m(p.realisedPnl), weight: weight(v.currentValue),
      })),
      total: { symbol: 'Total', invested: m(invested), value: m(value), unrealised: m(unrealised), realised: m(realised) }, empty: 'No holdings.',
    }],
    notes: ['Average cost includes buy charges, as your portfolio shows it. Values use the last price seen.'],
    totals: {
      invested: m(invested), currentValue: m(value), unrealised: m(unrealised), realised: m(realised),
      ...Object.fromEntries(held.map((p) => [`quantity:${p.symbol}`, p.quantity])),
    },
  };
}

// ---- CONTRACT_NOTE: per trading day, each fill with its charges as the trade service computed them.

const CHARGE_LABELS: Record<(typeof CHARGE_KINDS)[number], string> = {
  brokerage: 'Brokerage', stt: 'STT', exchangeCharge: 'Exch. txn', sebiFee: 'SEBI fee', stampDuty: 'Stamp duty', gst: 'GST',
};

export function contractNote(owner: Owner, period: Period, fills: readonly Fill[]): ReportDocument {
  const inPeriod = chronological(fills).filter((f) => within(istDate(f.executedAt), period.from, period.to));
  const days = new Map<string, Fill[]>();
  for (const f of inPeriod) {
    const day = istDate(f.executedAt);
    const list = days.get(day) ?? [];
    list.push(f);
    days.set(day, list);
  }
  const columns: Column[] = [
    { key: 'time', label: 'Time', kind: 'text', width: 0.8 }, { key: 'order', label: 'Order', kind: 'text', width: 0.9 }, { key: 'symbol', label: 'Symbol', kind: 'text', width: 0.8 },
    { key: 'side', label: 'B/S', kind: 'text', width: 0.5 }, { key: 'quantity', label: 'Qty', kind: 'quantity', width: 0.6 }, { key: 'price', label: 'Price', kind: 'price' },
    { key: 'value', label: 'Value', kind: 'money', width: 1.2 },
    ...CHARGE_KINDS.map((k) => ({ key: k, label: CHARGE_LABELS[k], kind: 'money' as const, width: 0.9 })),
    { key: 'fees', label: 'Charges', kind: 'money' }, { key: 'net', label: 'Net (+recv/-pay)', kind: 'money', width: 1.3 },
  ];
  const totalOf = (list: readonly Fill[]) => {
    const byKind = Object.fromEntries(CHARGE_KINDS.map((k) => [k, sumMoney(list.map((f) => f.charges?.[k] ?? money(0)))])) as Record<(typeof CHARGE_KINDS)[number], Money>;
    const buy = sumMoney(list.filter((f) => f.side === 'BUY').map((f) => f.price.times(f.quantity)));
    const sell = sumMoney(list.filter((f) => f.side === 'SELL').map((f) => f.price.times(f.quantity)));
    const fees = sumMoney(list.map((f) => f.fees));
    return { byKind, buy, sell, fees, net: sell.minus(buy).minus(fees) };
  };
  const sections: Section[] = [...days.entries()].map(([day, list]) => {
    const t = totalOf(list);
    return {
      heading: `Trading day ${longDate(day)}`, columns,
      rows: list.map((f) => {
        const value = f.price.times(f.quantity);
        return {
          time: istTime(f.executedAt), order: f.orderId.slice(0, 8), symbol: f.symbol, side: f.side === 'BUY' ? 'B' : 'S', quantity: f.quantity, price: m(f.price), value: m(value),
          ...Object.fromEntries(CHARGE_KINDS.map((k) => [k, f.charges ? m(f.charges[k]) : null])),
          fees: m(f.fees), net: m(f.side === 'BUY' ? value.plus(f.fees).negated() : value.minus(f.fees)),
        };
      }),
      total: { time: 'Day total', ...Object.fromEntries(CHARGE_KINDS.map((k) => [k, m(t.byKind[k])])), fees: m(t.fees), net: m(t.net) },
    };
  });
  const t = totalOf(inPeriod);
  return {
    type: 'CONTRACT_NOTE', title: 'Contract Note', periodText: periodText(period), facts: facts(owner, period, [['Segment', 'Equity, cash (delivery)']]),
    summary: [
      { label: 'Fills', value: String(inPeriod.length), kind: 'quantity' }, { label: 'Bought (value)', value: m(t.buy), kind: 'money' }, { label: 'Sold (value)', value: m(t.sell), kind: 'money' },
      ...CHARGE_KINDS.map((k) => ({ label: CHARGE_LABELS[k], value: m(t.byKind[k]), kind: 'money' as const })),
      { label: 'Total charges', value: m(t.fees), kind: 'money', strong: true },
      { label: t.net.isNegative() ? 'Net payable by you' : 'Net receivable by you', value: m(t.net.abs()), kind: 'money', strong: true },
    ],
    sections: sections.length ? sections : [{ heading: 'Trades', columns, rows: [], empty: 'No trades in this period.' }],
    notes: [
      'Charges are as the trade service computed them for each fill: brokerage, securities transaction tax (STT), exchange transaction charge, SEBI turnover fee, stamp duty and GST.',
      'A fill whose charges were not itemised when it was made shows its total only.',
    ],
    totals: { fills: inPeriod.length, buyValue: m(t.buy), sellValue: m(t.sell), charges: m(t.fees), net: m(t.net), ...Object.fromEntries(CHARGE_KINDS.map((k) => [k, m(t.byKind[k])])) },
  };
}

// ---- TAX: capital gains for one financial year by FIFO lots, with the lots behind each figure.

function lotRows(matches: readonly MatchedLot[]) {
  return matches.map((x) => ({
    symbol: x.symbol, quantity: x.quantity, acquiredOn: x.acquiredOn, soldOn: x.soldOn, daysHeld: x.daysHeld, cost: m(x.cost), proceeds: m(x.proceeds), gain: m(x.gain),
    buy: x.buyExecutionId.slice(0, 8), sell: x.sellExecutionId.slice(0, 8),
  }));
}

export function taxStatement(owner: Owner, year: FinancialYear, fills: readonly Fill[]): ReportDocument {
  const fifo = matchFifo(fills.filter((f) => istDate(f.executedAt) <= year.to));
  const tax = capitalGainsTax(fifo.matches, year);
  const columns: Column[] = [
    { key: 'symbol', label: 'Symbol', kind: 'text' }, { key: 'quantity', label: 'Qty', kind: 'quantity', width: 0.6 }, { key: 'acquiredOn', label: 'Bought on', kind: 'date' },
    { key: 'soldOn', label: 'Sold on', kind: 'date' }, { key: 'daysHeld', label: 'Days held', kind: 'quantity', width: 0.7 }, { key: 'cost', label: 'Cost (incl. charges)', kind: 'money', width: 1.3 },
    { key: 'proceeds', label: 'Proceeds (net)', kind: 'money', width: 1.3 }, { key: 'gain', label: 'Gain / loss', kind: 'money' },
    { key: 'buy', label: 'Buy fill', kind: 'text', width: 0.8 }, { key: 'sell', label: 'Sell fill', kind: 'text', width: 0.8 },
  ];
  return {
    type: 'TAX', title: 'Capital Gains Statement', periodText: `${year.label} (${longDate(year.from)} to ${longDate(year.to)})`,
    facts: facts(owner, { from: year.from, to: year.to }, [['Financial year', year.label], ['Method', 'FIFO lots; cost and proceeds include charges']]),
    summary: [
      { label: 'Short-term gain (held ≤ 12 months)', value: m(tax.shortTermGain), kind: 'money' },
      { label: 'Long-term gain (held > 12 months)', value: m(tax.longTermGain), kind: 'money' },
      { label: 'Short-term loss set off against long-term gain', value: m(tax.setOff), kind: 'money' },
      { label: `Long-term exemption (up to ₹1,25,000)`, value: m(tax.exemption), kind: 'money' },
      { label: 'Taxable short-term gain', value: m(tax.taxableShortTerm), kind: 'money' },
      { label: 'Taxable long-term gain', value: m(tax.taxableLongTerm), kind: 'money' },
      { label: 'Tax on short-term gain at 20 %', value: m(tax.shortTermTax), kind: 'money' },
      { label: 'Tax on long-term gain at 12.5 %', value: m(tax.longTermTax), kind: 'money' },
      { label: 'Estimated tax', value: m(tax.totalTax), kind: 'money', strong: true },
      ...(tax.longTermLossCarriedForward.isZero() ? [] : [{ label: 'Long-term loss carried forward', value: m(tax.longTermLossCarriedForward), kind: 'money' as const }]),
    ],
    sections: [
      { heading: 'Short-term capital gains: the lots', columns, rows: lotRows(tax.shortTerm), total: { symbol: 'Total', gain: m(tax.shortTermGain) }, empty: 'No short-term sales in this year.' },
      { heading: 'Long-term capital gains: the lots', columns, rows: lotRows(tax.longTerm), total: { symbol: 'Total', gain: m(tax.longTermGain) }, empty: 'No long-term sales in this year.' },
    ],
    notes: [
      'Listed equity shares on which STT was paid. Short-term: held 12 months or less, taxed at 20 %. Long-term: held more than 12 months, taxed at 12.5 % on the year\'s long-term gains above ₹1,25,000.',
      'Lots are matched first in, first out; a purchase\'s charges are in its cost, a sale\'s charges reduce its proceeds. Surcharge and cess are not included. This statement helps you file; it is not tax advice.',
    ],
    totals: {
      financialYear: year.label, shortTermGain: m(tax.shortTermGain), longTermGain: m(tax.longTermGain), setOff: m(tax.setOff), exemption: m(tax.exemption),
      taxableShortTerm: m(tax.taxableShortTerm), taxableLongTerm: m(tax.taxableLongTerm), shortTermTax: m(tax.shortTermTax), longTermTax: m(tax.longTermTax),
      totalTax: m(tax.totalTax), lots: tax.shortTerm.length + tax.longTerm.length, exemptionLimit: m(LTCG_EXEMPTION),
    },
  };
}
