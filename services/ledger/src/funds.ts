// The funds service's view of a wallet, asked by service invocation for the reconciliation.
import { IsString, IsUUID, Length } from 'class-validator';
import { fieldErrors, IsMoney, money, problems, type DaprSidecar, type Money } from '@winvestco/common';

/** What GET /internal/wallets/{userId} of the funds service answers. */
class WalletReply {
  @IsUUID() walletId!: string;
  @IsUUID() userId!: string;
  @IsString() @Length(3, 3) currency!: string;
  @IsMoney() available!: string;
  @IsMoney() locked!: string;
  @IsString() status!: string;
}

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

export function fundsWallets(dapr: DaprSidecar, fundsAppId: string): WalletLookup {
  return {
    async walletOf(userId) {
      let reply;
      try {
        reply = await dapr.invoke<unknown>(fundsAppId, `internal/wallets/${encodeURIComponent(userId)}`, { timeoutMs: 10_000 });
      } catch (error) {
        throw problems.badGateway(`The funds service could not be asked for the wallet: ${error instanceof Error ? error.message : String(error)}`);
      }
      if (reply.status === 404) return null;
      if (reply.status !== 200) throw problems.badGateway(`The funds service answered ${reply.status} for the wallet`);
      const { value, errors } = await fieldErrors(WalletReply, reply.body, false);
      if (errors.length > 0) throw problems.badGateway(`The funds service's wallet is not in the expected shape: ${errors.map((e) => e.message).join('; ')}`);
      if (value.userId.toLowerCase() !== userId.toLowerCase()) throw problems.badGateway('The funds service answered with another user\'s wallet');
      return { walletId: value.walletId, currency: value.currency, available: money(value.available), locked: money(value.locked), status: value.status };
    },
  };
}
