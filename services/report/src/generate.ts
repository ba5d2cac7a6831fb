// One report from the projections: the document its type makes, rendered to CSV and PDF.
import { DEFAULT_CURRENCY, money, type Db } from '@winvestco/common';
import { financialYearOf } from './domain/dates.ts';
import type { ReportDocument } from './domain/document.ts';
import { contractNote, holdingsSummary, profitAndLoss, taxStatement, transactionHistory, type Owner } from './domain/reports.ts';
import { renderCsv } from './render/csv.ts';
import type { FontFiles } from './render/fonts.ts';
import { renderPdf } from './render/pdf.ts';
import type { ClaimedReport, ReportRepositories } from './store.ts';

export async function documentFor(db: Db<ReportRepositories>, claim: Pick<ClaimedReport, 'id' | 'userId' | 'type' | 'from' | 'to'>, generatedAt = new Date()): Promise<ReportDocument> {
  const owner: Owner = { userId: claim.userId, reportId: claim.id, generatedAt };
  const period = { from: claim.from, to: claim.to };
  switch (claim.type) {
    case 'TRANSACTION_HISTORY': {
      const [entries, orders, wallet] = await Promise.all([
        db.projections.entriesOf(claim.userId, DEFAULT_CURRENCY), db.projections.ordersOf(claim.userId), db.projections.walletOf(claim.userId, DEFAULT_CURRENCY),
      ]);
      return transactionHistory(owner, period, { entries, orders, wallet: wallet && { available: money(wallet.available), locked: money(wallet.locked) }, currency: DEFAULT_CURRENCY });
    }
    case 'PNL':
      return profitAndLoss(owner, period, await db.projections.fillsOf(claim.userId), await db.projections.prices());
    case 'HOLDINGS_SUMMARY':
      return holdingsSummary(owner, period, await db.projections.fillsOf(claim.userId), await db.projections.prices());
    case 'CONTRACT_NOTE':
      return contractNote(owner, period, await db.projections.fillsOf(claim.userId));
    case 'TAX':
      return taxStatement(owner, financialYearOf(claim.to), await db.projections.fillsOf(claim.userId));
  }
}

export interface Rendered {
  csv: Buffer;
  pdf: Buffer;
  summary: ReportDocument['totals'];
  rows: number;
}

export async function render(doc: ReportDocument, fonts: FontFiles): Promise<Rendered> {
  return { csv: renderCsv(doc), pdf: await renderPdf(doc, fonts), summary: doc.totals, rows: doc.sections.reduce((n, s) => n + s.rows.length, 0) };
}
