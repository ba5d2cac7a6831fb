// How the demo talks: numbered steps, indented facts, rupees as Indians write them.
import { formatInr, type ChargesView } from '@winvestco/common';

let step = 0;

export const inr = (amount: string | number) => formatInr(String(amount));

export function heading(text: string): void {
  console.log(`\n${text}\n${'='.repeat(text.length)}`);
}

export function stepTitle(text: string): void {
  step += 1;
  console.log(`\n${step}. ${text}`);
}

export function fact(text: string): void {
  console.log(`   ${text}`);
}

export function table(rows: readonly (readonly string[])[], indent = '   '): void {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  for (const row of rows) console.log(indent + row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('   ').trimEnd());
}

/** A fill's charges as the trade service reports them (the contract's view, turnover aside). */
export type FillCharges = Omit<ChargesView, 'turnover'>;

export function charges(c: FillCharges): string {
  return `brokerage ${inr(c.brokerage)}, STT ${inr(c.stt)}, exchange ${inr(c.exchangeCharge)}, SEBI ${inr(c.sebiFee)}, stamp duty ${inr(c.stampDuty)}, GST ${inr(c.gst)} = ${inr(c.total)}`;
}
