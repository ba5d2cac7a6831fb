// A report as a PDF a client would recognise from a broker: the firm's band, the title and
// period, the client's facts beside the summary, then each section as a table (header
// repeated on every page, numbers right-aligned in Indian grouping), notes, and a footer
// with page numbers. DejaVu Sans is embedded for the ₹ sign.
import PDFDocument from 'pdfkit';
import { formatInr, groupIndian } from '@winvestco/common';
import { longDate } from '../domain/reports.ts';
import type { Cell, CellKind, Column, ReportDocument, Section, SummaryLine } from '../domain/document.ts';
import type { FontFiles } from './fonts.ts';

const INK = '#1f2933';
const NAVY = '#12355b';
const MUTED = '#5f6b7a';
const RULE = '#c9d2dc';
const SHADE = '#eef2f6';
const STRIPE = '#f8fafc';
const MARGIN = 36;
const FOOTER = 28;

function text(kind: CellKind, value: Cell, withSymbol = false): string {
  if (value === null || value === '') return kind === 'money' ? '—' : '';
  const v = String(value);
  switch (kind) {
    case 'money':
    case 'price':
      return formatInr(v, { symbol: withSymbol });
    case 'quantity':
      return /^-?\d+$/.test(v) ? (v.startsWith('-') ? `-${groupIndian(v.slice(1))}` : groupIndian(v)) : v;
    case 'percent':
      return `${v} %`;
    case 'date':
      return /^\d{4}-\d{2}-\d{2}$/.test(v) ? longDate(v) : v;
    default:
      return v;
  }
}

const numeric = (kind: CellKind) => kind === 'money' || kind === 'price' || kind === 'quantity' || kind === 'percent';

export function renderPdf(doc: ReportDocument, fonts: FontFiles): Promise<Buffer> {
  const pdf = new PDFDocument({
    size: 'A4', layout: 'landscape', margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN }, bufferPages: true,
    info: { Title: `${doc.title}, ${doc.periodText}`, Author: 'Winvestco', Subject: doc.type, Creator: 'Winvestco report service' },
  });
  const chunks: Buffer[] = [];
  pdf.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
  pdf.registerFont('Body', fonts.regular);
  pdf.registerFont('Bold', fonts.bold);

  const width = pdf.page.width - 2 * MARGIN;
  const bottom = () => pdf.page.height - MARGIN - FOOTER;
  let y = MARGIN;

  // The firm's band and the title.
  pdf.rect(0, 0, pdf.page.width, 62).fill(NAVY);
  pdf.fillColor('#ffffff').font('Bold').fontSize(17).text('WINVESTCO', MARGIN, 18, { lineBreak: false });
  pdf.font('Body').fontSize(8.5).text('Winvestco Securities · Equity broking', MARGIN, 40, { lineBreak: false });
  pdf.fontSize(8.5).text('support@winvestco.example · winvestco.example', MARGIN, 26, { width, align: 'right', lineBreak: false });
  pdf.text('A demonstration platform: not a registered broker', MARGIN, 40, { width, align: 'right', lineBreak: false });
  y = 78;
  pdf.fillColor(NAVY).font('Bold').fontSize(18).text(doc.title, MARGIN, y, { lineBreak: false });
  pdf.fillColor(MUTED).font('Body').fontSize(10).text(doc.periodText, MARGIN, y + 4, { width, align: 'right', lineBreak: false });
  y += 28;
  pdf.moveTo(MARGIN, y).lineTo(MARGIN + width, y).lineWidth(1).strokeColor(NAVY).stroke();
  y += 10;

  // The client's facts (left) and the summary (right).
  const half = (width - 16) / 2;
  const factsHeight = drawPairs(doc.facts.map(([k, v]) => ({ label: k, value: v, kind: 'text' as const })), MARGIN, y, half, 'Account details');
  const summaryHeight = drawPairs(doc.summary, MARGIN + half + 16, y, half, 'Summary');
  y += Math.max(factsHeight, summaryHeight) + 16;

  for (const section of doc.sections) drawSection(section);

  // Notes.
  if (doc.notes.length) {
    ensure(14 + doc.notes.length * 24);
    pdf.fillColor(NAVY).font('Bold').fontSize(9).text('Notes', MARGIN, y);
    y = pdf.y + 3;
    for (const note of doc.notes) {
      pdf.fillColor(MUTED).font('Body').fontSize(7.5).text(`• ${note}`, MARGIN, y, { width });
      y = pdf.y + 2;
    }
  }

  // The footer on every page, once the page count is known.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i += 1) {
    pdf.switchToPage(i);
    const fy = pdf.page.height - MARGIN - 12;
    pdf.moveTo(MARGIN, fy - 6).lineTo(MARGIN + width, fy - 6).lineWidth(0.5).strokeColor(RULE).stroke();
    pdf.fillColor(MUTED).font('Body').fontSize(7)
      .text(`${doc.title} · ${doc.periodText} · built from the platform's events; amounts in ₹`, MARGIN, fy, { width: width * 0.8, lineBreak: false });
    pdf.text(`Page ${i - range.start + 1} of ${range.count}`, MARGIN, fy, { width, align: 'right', lineBreak: false });
  }
  pdf.end();
  return done;

  function ensure(height: number): boolean {
    if (y + height <= bottom()) return false;
    pdf.addPage();
    y = MARGIN;
    return true;
  }

  function drawPairs(lines: SummaryLine[], x: number, top: number, w: number, heading: string): number {
    const lineHeight = 13;
    const height = 20 + lines.length * lineHeight + 6;
    pdf.rect(x, top, w, height).fill(SHADE);
    pdf.fillColor(NAVY).font('Bold').fontSize(9).text(heading.toUpperCase(), x + 8, top + 7, { lineBreak: false });
    let ly = top + 22;
    for (const line of lines) {
      pdf.fillColor(line.strong ? INK : MUTED).font(line.strong ? 'Bold' : 'Body').fontSize(8.5)
        .text(line.label, x + 8, ly, { width: w * 0.58, lineBreak: false, ellipsis: true, height: lineHeight });
      pdf.fillColor(INK).font(line.strong ? 'Bold' : 'Body')
        .text(text(line.kind, line.value, line.kind === 'money'), x + 8, ly, { width: w - 16, align: 'right', lineBreak: false });
      ly += lineHeight;
    }
    return height;
  }

  function drawSection(section: Section): void {
    const small = section.columns.length > 11;
    const size = small ? 6.6 : 8;
    const rowHeight = small ? 12 : 14;
    const weights = section.columns.map((c) => c.width ?? 1);
    const unit = width / weights.reduce((a, b) => a + b, 0);
    const xs: number[] = [];
    for (let i = 0, x = MARGIN; i < weights.length; x += weights[i]! * unit, i += 1) xs.push(x);
    const widthOf = (i: number) => weights[i]! * unit;

    const header = () => {
      pdf.rect(MARGIN, y, width, rowHeight + 4).fill(NAVY);
      section.columns.forEach((c: Column, i) => {
        pdf.fillColor('#ffffff').font('Bold').fontSize(size)
          .text(c.label, xs[i]! + 3, y + 4, { width: widthOf(i) - 6, align: numeric(c.kind) ? 'right' : 'left', lineBreak: false, ellipsis: true, height: rowHeight });
      });
      y += rowHeight + 4;
    };
    const row = (cells: Record<string, Cell>, index: number, bold: boolean) => {
      if (ensure(rowHeight)) header();
      if (bold) {
        pdf.moveTo(MARGIN, y).lineTo(MARGIN + width, y).lineWidth(0.8).strokeColor(NAVY).stroke();
      } else if (index % 2 === 1) {
        pdf.rect(MARGIN, y, width, rowHeight).fill(STRIPE);
      }
      section.columns.forEach((c, i) => {
        const value = cells[c.key] ?? null;
        const shown = bold && value === null ? '' : text(c.kind, value);
        pdf.fillColor(shown.startsWith('-') && c.kind === 'money' ? '#9b1c1c' : INK).font(bold ? 'Bold' : 'Body').fontSize(size)
          .text(shown, xs[i]! + 3, y + 3, { width: widthOf(i) - 6, align: numeric(c.kind) ? 'right' : 'left', lineBreak: false, ellipsis: true, height: rowHeight });
      });
      y += rowHeight;
    };

    ensure(22 + 3 * rowHeight);
    pdf.fillColor(NAVY).font('Bold').fontSize(10.5).text(section.heading, MARGIN, y, { lineBreak: false });
    y += 16;
    header();
    if (!section.rows.length) {
      pdf.fillColor(MUTED).font('Body').fontSize(8).text(section.empty ?? 'Nothing to show.', MARGIN + 3, y + 4, { lineBreak: false });
      y += rowHeight + 4;
    }
    section.rows.forEach((r, i) => row(r, i, false));
    if (section.total && section.rows.length) row(section.total, 0, true);
    pdf.moveTo(MARGIN, y).lineTo(MARGIN + width, y).lineWidth(0.5).strokeColor(RULE).stroke();
    y += 14;
  }
}
