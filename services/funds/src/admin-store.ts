// What an operator (and the invariant checker) reads across every user: wallets and locks,
// page by page in (created_at, id) order, so a scan keeps its place while rows are added.
import type { IBaseProtocol } from 'pg-promise';
import { nextPageKey, pageAfter, sqlFolder, type Page, type PageKey } from '@winvestco/common';
import type { FundLock, LockStatus, Wallet } from './domain/wallet.ts';
import { toLock, toWallet } from './store.ts';

const sql = sqlFolder(import.meta.url);
const SQL = {
  wallets: sql('admin-wallets-page'),
  locks: sql('admin-locks-page'),
};

type Row = Record<string, unknown> & { id: string; page_at: string };

export class FundsAdminStore {
  constructor(private readonly q: IBaseProtocol<unknown>) {}

  async wallets(filter: { currency: string | null }, limit: number, from: PageKey | null): Promise<Page<Wallet>> {
    const rows = await this.q.any<Row>(SQL.wallets, { ...filter, ...pageAfter(from), limit });
    return { items: rows.map(toWallet), next: nextPageKey(rows, limit) };
  }

  async locks(filter: { status: LockStatus | null; purpose: string | null }, limit: number, from: PageKey | null): Promise<Page<FundLock & { userId: string }>> {
    const rows = await this.q.any<Row>(SQL.locks, { ...filter, ...pageAfter(from), limit });
    return { items: rows.map((r) => ({ ...toLock(r), userId: r.user_id as string })), next: nextPageKey(rows, limit) };
  }
}
