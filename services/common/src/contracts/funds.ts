// Topic `funds`: published by the funds service, one event per money movement, each in the
// same transaction as the movement. The ledger posts exactly one journal entry per event.
import { IsIn, IsOptional, IsString, IsUUID, Length } from 'class-validator';
import { IsMoney } from '../money.ts';
import { defineTopic } from './topic.ts';

export const LOCK_PURPOSES = ['ORDER', 'WITHDRAWAL'] as const;
export type LockPurpose = (typeof LOCK_PURPOSES)[number];

class WalletEvent {
  @IsUUID() walletId!: string;
  @IsUUID() userId!: string;
  @IsString() @Length(3, 3) currency!: string;
}

export class WalletCreated extends WalletEvent {}

/** Money came in from outside (a deposit): available grows by `amount`. */
export class FundsDeposited extends WalletEvent {
  @IsUUID() transactionId!: string;
  @IsMoney({ positive: true }) amount!: string;
  /** The business id behind it (the payment id). */
  @IsString() reference!: string;
}

/** Sale proceeds: available grows by `amount` − `fee`; `fee` is the platform's. */
export class FundsCredited extends WalletEvent {
  @IsUUID() transactionId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsMoney() fee!: string;
  @IsString() reference!: string;
}

/** Available moved to locked for an order or a withdrawal. */
export class FundsLocked extends WalletEvent {
  @IsUUID() lockId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsString() reference!: string;
  @IsIn(LOCK_PURPOSES) purpose!: LockPurpose;
}

/** Locked moved back to available: a cancel, a failure, or what a settlement did not spend. */
export class FundsReleased extends WalletEvent {
  @IsUUID() lockId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsString() reference!: string;
  @IsIn(LOCK_PURPOSES) purpose!: LockPurpose;
  @IsOptional() @IsString() reason?: string;
}

/** Locked money spent on an order: `amount` left the wallet, `fee` of it is the platform's. */
export class FundsSettled extends WalletEvent {
  @IsUUID() lockId!: string;
  @IsUUID() transactionId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsMoney() fee!: string;
  @IsString() reference!: string;
}

/** Locked money paid out to the user's bank (a withdrawal): it left the platform. */
export class FundsWithdrawn extends WalletEvent {
  @IsOptional() @IsUUID() lockId?: string;
  @IsUUID() transactionId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsString() reference!: string;
}

export const fundsTopic = defineTopic('funds', 'funds-service', {
  'wallet.created': WalletCreated,
  'funds.deposited': FundsDeposited,
  'funds.credited': FundsCredited,
  'funds.locked': FundsLocked,
  'funds.released': FundsReleased,
  'funds.settled': FundsSettled,
  'funds.withdrawn': FundsWithdrawn,
});
