// What the funds service publishes (topic `funds`): one event per money movement.
import { fundsTopic } from '@winvestco/common';
import type { FundLock, Wallet } from './domain/wallet.ts';

export { fundsTopic };

export function walletPart(wallet: Wallet) {
  return { walletId: wallet.id, userId: wallet.userId, currency: wallet.currency };
}

export function lockPart(wallet: Wallet, lock: FundLock) {
  return { ...walletPart(wallet), lockId: lock.id, reference: lock.reference };
}
