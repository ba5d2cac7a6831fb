// The chart of accounts (docs/domain.md, "Ledger: the book of record"). Each user has two
// liabilities, what the platform owes them: cash:<user> (available) and cash-locked:<user>
// (reserved). The platform's own accounts are fixed.
import { money, type Money } from '@winvestco/common';

export const ACCOUNT_TYPES = ['ASSET', 'LIABILITY', 'INCOME'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

/** Which side a balance normally sits on: assets are debit balances, the rest credit balances. */
export type Side = 'DEBIT' | 'CREDIT';

export const PAYMENT_GATEWAY = 'payment-gateway';
export const EXCHANGE_SETTLEMENT = 'exchange-settlement';
export const FEES_REVENUE = 'fees-revenue';
export const HOLDINGS_CLEARING = 'holdings-clearing';
/** What the platform collects in a trade's charges for others: liabilities until paid over. */
export const PAYABLES = {
  stt: 'stt-payable', stampDuty: 'stamp-duty-payable', exchangeCharge: 'exchange-charges-payable', sebiFee: 'sebi-fees-payable', gst: 'gst-payable',
} as const;

/**
 * The platform's own accounts. holdings-clearing is in the chart but no money rule posts
 * to it (shares are not money); it is a clearing asset like exchange-settlement.
 */
export const SYSTEM_ACCOUNTS: Readonly<Record<string, AccountType>> = {
  [PAYMENT_GATEWAY]: 'ASSET',
  [EXCHANGE_SETTLEMENT]: 'ASSET',
  [HOLDINGS_CLEARING]: 'ASSET',
  [FEES_REVENUE]: 'INCOME',
  ...Object.fromEntries(Object.values(PAYABLES).map((code) => [code, 'LIABILITY' as const])),
};

export interface Account {
  code: string;
  type: AccountType;
  /** The user a per-user account belongs to; null for the platform's accounts. */
  userId: string | null;
}

const USER_ACCOUNT = /^(cash|cash-locked):([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function cashAccount(userId: string): string {
  return `cash:${userId.toLowerCase()}`;
}

export function lockedAccount(userId: string): string {
  return `cash-locked:${userId.toLowerCase()}`;
}

/** The account `code` names, or null when it is not in the chart. User ids are matched in any letter case. */
export function accountOf(code: string): Account | null {
  const system = Object.hasOwn(SYSTEM_ACCOUNTS, code) ? SYSTEM_ACCOUNTS[code] : undefined;
  if (system) return { code, type: system, userId: null };
  const match = USER_ACCOUNT.exec(code.toLowerCase());
  if (!match) return null;
  return { code: `${match[1]}:${match[2]}`, type: 'LIABILITY', userId: match[2]! };
}

export function normalSide(type: AccountType): Side {
  return type === 'ASSET' ? 'DEBIT' : 'CREDIT';
}

/** The balance on the account's normal side: debits − credits for an asset, credits − debits otherwise. */
export function balanceOf(type: AccountType, debits: Money | string, credits: Money | string): Money {
  return normalSide(type) === 'DEBIT' ? money(debits).minus(credits) : money(credits).minus(debits);
}

/** A user may read their own accounts only; the platform's accounts are for admins. */
export function ownsAccount(userId: string, account: Account): boolean {
  return account.userId !== null && account.userId === userId.toLowerCase();
}
