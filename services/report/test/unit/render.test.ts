import { expect } from 'chai';
import { parse } from 'csv-parse/sync';
import { money } from '@winvestco/common';
import { contractNote } from '../../src/domain/reports.ts';
import { renderCsv } from '../../src/render/csv.ts';
import { findFonts } from '../../src/render/fonts.ts';
import { renderPdf } from '../../src/render/pdf.ts';
import { fill } from './world.ts';

const owner = { userId: '11111111-1111-4111-8111-111111111111', reportId: '22222222-2222-4222-8222-222222222222', generatedAt: new Date('2026-12-03T10:00:00Z') };

describe('rendering: CSV through csv-stringify, PDF through pdfkit with an embedded font that has ₹', () => {
  const fills = Array.from({ length: 120 }, (_, i) => fill(i % 3 ? 'BUY' : 'SELL', 1 + (i % 7), 'INFY', '1500.5', `2026-12-03T0${i % 6}:00:00Z`, '1.25', { brokerage: '1.25' }));
  const doc = contractNote(owner, { from: '2026-12-03', to: '2026-12-03' }, fills);

  it('when a contract note is written as CSV, then a CSV parser reads back every fill and the exact totals, with ₹ intact', () => {
    const text = renderCsv(doc).toString('utf8').replace(/^\uFEFF/, '');
    const rows = parse(text, { relaxColumnCount: true });
    expect(rows[0]).to.deep.equal(['Contract Note']);
    const header = rows.findIndex((r) => r[0] === 'Time');
    expect(rows[header]).to.include('Brokerage');
    const total = rows.find((r) => r[0] === 'Day total')!;
    expect(total[rows[header]!.indexOf('Charges')]).to.equal(doc.totals.charges);
    expect(rows.filter((r, i) => i > header && /^\d{2}:\d{2}:\d{2}$/.test(r[0]!))).to.have.length(120);
    expect(text).to.contain('Total charges');
  });

  it('when it is written as PDF, then it is a PDF of several pages embedding DejaVu Sans', async () => {
    const pdf = await renderPdf(doc, findFonts());
    expect(pdf.subarray(0, 5).toString()).to.equal('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).to.match(/DejaVuSans/);
    expect((raw.match(/\/Type \/Page\b/g) ?? []).length).to.be.greaterThan(1);
    expect(money(doc.totals.charges as string).toFixed(4)).to.equal('150.0000');
  });
});
