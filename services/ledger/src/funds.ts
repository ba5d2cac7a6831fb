// The funds service's view of a wallet, asked by service invocation for the reconciliation.
import { call, fundsRoutes, money, problems, Transient, type DaprSidecar, type Money } from '@winvestco/common';

export interface Wallet {
  walletId: string;
  currency: string;
  available: Money;
  locked: Money;
  status: string;
}

export interface WalletLookup {
  /** The user's wallet, or null when the funds service has none. */
  walletOf(userId: string): Promise<Wallet | null>;
}

export function fundsWallets(dapr: DaprSidecar): WalletLookup {
  return {
    async walletOf(userId) {
      let answer;
      try {
        answer = await call(dapr, fundsRoutes.wallet, { params: { userId } });
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        throw problems.badGateway(error instanceof Transient ? `The funds service could not be asked for the wallet: ${reason}` : `The funds service's wallet is not in the expected shape: ${reason}`);
      }
      if (!answer.ok && answer.status === 404) return null;
      if (!answer.ok) throw problems.badGateway(`The funds service answered ${answer.status} for the wallet`);
      const value = answer.body;
      if (value.userId.toLowerCase() !== userId.toLowerCase()) throw problems.badGateway('The funds service answered with another user\'s wallet');
      return { walletId: value.walletId, currency: value.currency, available: money(value.available), locked: money(value.locked), status: value.status };
    },
  };
}
