import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { DEFAULT_CURRENCY, PageQuery } from '@winvestco/common';
import { REPORT_TYPES, type ReportType } from './domain/facts.ts';
import type { Report } from './store.ts';

const DATE_TEXT = /^\d{4}-\d{2}-\d{2}$/;

export class ReportRequest {
  @IsIn(REPORT_TYPES, { message: `type must be one of ${REPORT_TYPES.join(', ')}` })
  type!: ReportType;

  @IsOptional() @IsString() @Matches(DATE_TEXT, { message: 'from must be a date written YYYY-MM-DD' })
  from?: string;

  @IsOptional() @IsString() @Matches(DATE_TEXT, { message: 'to must be a date written YYYY-MM-DD' })
  to?: string;
}

export class ReportsQuery extends PageQuery {}

export class DownloadQuery {
  @IsIn(['csv', 'pdf'], { message: 'format must be csv or pdf' })
  format!: 'csv' | 'pdf';
}

export class TotalsQuery {
  @IsOptional() @Matches(/^[A-Z]{3}$/, { message: 'currency must be a three-letter code such as INR' })
  currency: string = DEFAULT_CURRENCY;
}

export class FillsQuery extends PageQuery {}

export function reportView(r: Report, now = new Date()) {
  const expired = r.status === 'EXPIRED' || (r.status === 'COMPLETED' && r.expiresAt !== null && r.expiresAt <= now);
  const status = expired ? 'EXPIRED' : r.status;
  const base = `/reports/${r.id}/download`;
  return {
    id: r.id,
    type: r.type,
    from: r.from,
    to: r.to,
    status,
    attempts: r.attempts,
    error: r.error,
    totals: r.summary,
    rows: r.rows,
    createdAt: r.createdAt.toISOString(),
    startedAt: r.startedAt?.toISOString() ?? null,
    completedAt: r.completedAt?.toISOString() ?? null,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    downloads: status === 'COMPLETED' ? { csv: `${base}?format=csv`, pdf: `${base}?format=pdf`, csvBytes: r.csvBytes, pdfBytes: r.pdfBytes } : null,
  };
}
