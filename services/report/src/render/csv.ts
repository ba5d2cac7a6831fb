// A report as CSV (csv-stringify does the quoting): the title and facts, then each section
// as a table with its header and totals row, then the summary. Amounts stay exact decimal
// strings, so a spreadsheet's sums equal the ledger's.
import { stringify } from 'csv-stringify/sync';
import type { Cell, ReportDocument } from '../domain/document.ts';

export function renderCsv(doc: ReportDocument): Buffer {
  const rows: Cell[][] = [[doc.title], ['Period', doc.periodText], ...doc.facts, []];
  for (const section of doc.sections) {
    rows.push([section.heading]);
    rows.push(section.columns.map((c) => c.label));
    for (const row of section.rows) rows.push(section.columns.map((c) => row[c.key] ?? ''));
    if (section.total && section.rows.length) rows.push(section.columns.map((c) => section.total![c.key] ?? ''));
    if (!section.rows.length && section.empty) rows.push([section.empty]);
    rows.push([]);
  }
  rows.push(['Summary']);
  for (const line of doc.summary) rows.push([line.label, line.value]);
  rows.push([]);
  for (const note of doc.notes) rows.push([note]);
  // A UTF-8 byte order mark, so a spreadsheet reads ₹ and ≤ as written.
  return Buffer.concat([Buffer.from('\uFEFF'), Buffer.from(stringify(rows.map((r) => r.map((c) => (c === null ? '' : String(c))))), 'utf8')]);
}
