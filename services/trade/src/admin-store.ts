// What an operator (and the invariant checker) reads across every user: what each user's
// fills add up to per symbol, a page of users at a time.
import type { IBaseProtocol } from 'pg-promise';
import { nextPageKey, sqlFolder, type PageKey } from '@winvestco/common';

const sql = sqlFolder(import.meta.url);
const SQL = {
  positions: sql('admin-positions-page'),
};

/** One user's fills in one symbol, summed: shares bought and sold, their value at the fill prices, the charges. */
export interface FilledPosition {
  symbol: string;
  bought: number;
  sold: number;
  boughtValue: string;
  soldValue: string;
  fees: string;
  fills: number;
  lastExecutedAt: string;
}

interface PositionsRow {
  id: string;
  page_at: string;
  symbols: (Omit<FilledPosition, 'bought' | 'sold'> & { bought: string; sold: string })[];
}

export class TradeAdminStore {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  /** Users in the order of their first fill, after `from` (that order's key: first fill's time, user id). */
  async positions(limit: number, from: PageKey | null): Promise<{ items: { userId: string; symbols: FilledPosition[] }[]; next: PageKey | null }> {
    const rows = await this.q.any<PositionsRow>(SQL.positions, { afterAt: from?.createdAt ?? null, afterId: from?.id ?? null, limit });
    return {
      items: rows.map((r) => ({ userId: r.id, symbols: r.symbols.map((s) => ({ ...s, bought: Number(s.bought), sold: Number(s.sold) })) })),
      next: nextPageKey(rows, limit),
    };
  }
}
