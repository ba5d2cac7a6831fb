// Topic `funds`: published by the funds service, one event per money movement, each in the
// same transaction as the movement. The ledger posts exactly one journal entry per event,
// keyed by the movement's own id (a lock has many movements: its lock, growths, shrinks,
// settlements and the release of its rest). `movementId` is optional only for events
// written before movements had ids; those name one movement per kind and lock.
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

/** Sale proceeds (one fill, `executionId`): available grows by `amount` − `fee`; `fee` is the platform's. */
export class FundsCredited extends WalletEvent {
  @IsUUID() transactionId!: string;
  @IsOptional() @IsUUID() executionId?: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsMoney() fee!: string;
  @IsString() reference!: string;
}

/** Available moved to locked for an order or a withdrawal: the lock made, or grown. */
export class FundsLocked extends WalletEvent {
  @IsOptional() @IsUUID() movementId?: string;
  @IsUUID() lockId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsString() reference!: string;
  @IsIn(LOCK_PURPOSES) purpose!: LockPurpose;
}

/** Locked moved back to available: a cancel, a failure, a shrink, or the rest at the end. */
export class FundsReleased extends WalletEvent {
  @IsOptional() @IsUUID() movementId?: string;
  @IsUUID() lockId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsString() reference!: string;
  @IsIn(LOCK_PURPOSES) purpose!: LockPurpose;
  @IsOptional() @IsString() reason?: string;
}

/**
 * Locked money spent on an order, one settlement (a fill, `executionId`): `amount` left the
 * wallet, `fee` of it is the platform's.
 */
export class FundsSettled extends WalletEvent {
  /** The settlement's id. */
  @IsOptional() @IsUUID() movementId?: string;
  /** The fill it pays for; absent for a lock settled whole in one step. */
  @IsOptional() @IsUUID() executionId?: string;
  @IsUUID() lockId!: string;
  @IsUUID() transactionId!: string;
  @IsMoney({ positive: true }) amount!: string;
  @IsMoney() fee!: string;
  @IsString() reference!: string;
}

/** Locked money paid out to the user's bank (a withdrawal): it left the platform. */
export class FundsWithdrawn extends WalletEvent {
  @IsOptional() @IsUUID() movementId?: string;
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
