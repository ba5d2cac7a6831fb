// A report as both renderers (CSV and PDF) draw it: a title, facts about it, sections of
// rows, a summary, and notes. Amounts are decimal strings; each renderer formats them.

export type CellKind = 'text' | 'money' | 'price' | 'quantity' | 'date' | 'percent';
export type Cell = string | number | null;

export interface Column {
  key: string;
  label: string;
  kind: CellKind;
  /** Relative width in the PDF's table (1 unless said). */
  width?: number;
}

export interface Section {
  heading: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  /** A totals row under the rows; a key absent stays empty. */
  total?: Record<string, Cell>;
  /** What to print when there are no rows. */
  empty?: string;
}

export interface SummaryLine {
  label: string;
  value: string;
  kind: CellKind;
  /** A line the eye should land on (the closing balance, the tax). */
  strong?: boolean;
}

export interface ReportDocument {
  type: string;
  title: string;
  /** "1 Apr 2026 to 31 Mar 2027", as the header shows it. */
  periodText: string;
  facts: [string, string][];
  summary: SummaryLine[];
  sections: Section[];
  notes: string[];
  /** The machine-readable totals: kept with the report and answered by GET /reports/{id}. */
  totals: Record<string, string | number>;
}
