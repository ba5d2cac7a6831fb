// The funds service's view of wallets, asked by service invocation (the declared routes of
// contracts/routes/funds.ts) for the reconciliation; never its database.
import { call, fundsRoutes, money, problems, Transient, type DaprSidecar, type Money, type WalletView } from '@winvestco/common';

export interface Wallet {
  walletId: string;
  userId: string;
  currency: string;
  available: Money;
  locked: Money;
  status: string;
}

export interface WalletLookup {
  /** The user's wallet, or null when the funds service has none. */
  walletOf(userId: string): Promise<Wallet | null>;
  /** The wallets of a currency in user id order, after the user `after`; `nextAfter` null on the last page. */
  page(currency: string, after: string | null, limit: number): Promise<{ wallets: Wallet[]; nextAfter: string | null }>;
}

const toWallet = (value: WalletView): Wallet => ({
  walletId: value.walletId, userId: value.userId.toLowerCase(), currency: value.currency, available: money(value.available), locked: money(value.locked), status: value.status,
});

/** A 502 saying why the funds service could not answer (down, or an answer its contract does not allow). */
function unreachable(error: unknown, what: string) {
  const reason = error instanceof Error ? error.message : String(error);
  return problems.badGateway(error instanceof Transient ? `The funds service could not be asked for ${what}: ${reason}` : `The funds service's answer for ${what} is not in the expected shape: ${reason}`);
}

export function fundsWallets(dapr: DaprSidecar): WalletLookup {
  return {
    async walletOf(userId) {
      let answer;
      try {
        answer = await call(dapr, fundsRoutes.wallet, { params: { userId } });
      } catch (error) {
        throw unreachable(error, 'the wallet');
      }
      if (!answer.ok && answer.status === 404) return null;
      if (!answer.ok) throw problems.badGateway(`The funds service answered ${answer.status} for the wallet`);
      if (answer.body.userId.toLowerCase() !== userId.toLowerCase()) throw problems.badGateway('The funds service answered with another user\'s wallet');
      return toWallet(answer.body);
    },

    async page(currency, after, limit) {
      let answer;
      try {
        answer = await call(dapr, fundsRoutes.wallets, { query: { currency, after: after ?? undefined, limit: String(limit) }, timeoutMs: 30_000 });
      } catch (error) {
        throw unreachable(error, 'the wallets');
      }
      if (!answer.ok) throw problems.badGateway(`The funds service answered ${answer.status} for the wallets`);
      return { wallets: answer.body.items.map(toWallet), nextAfter: answer.body.nextAfter };
    },
  };
}
