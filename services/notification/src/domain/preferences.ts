// Who hears what, where: a user's preferences over the platform's defaults, and how often a
// failed delivery is tried again. Pure.
import { EXTERNAL_CHANNELS, type ExternalChannel, type NotificationType, type Priority } from './notifications.ts';

export interface Preferences {
  muteAll: boolean;
  mutedTypes: NotificationType[];
  /** Per type, the external channels it goes to; a type not listed has its defaults. */
  channels: Partial<Record<NotificationType, ExternalChannel[]>>;
  updatedAt: Date | null;
}

export const DEFAULT_PREFERENCES: Preferences = { muteAll: false, mutedTypes: [], channels: {}, updatedAt: null };

/**
 * Where a type goes when the user has not said: money that moved and orders that ended by
 * email; what a person must act on (a failure, a change to their account) by SMS too; fills
 * by push. Everything is in the app and on the live stream.
 */
export const DEFAULT_CHANNELS: Record<NotificationType, ExternalChannel[]> = {
  WELCOME: ['EMAIL'],
  ACCOUNT_STATUS_CHANGED: ['EMAIL', 'SMS'],
  PASSWORD_CHANGED: ['EMAIL', 'SMS'],
  DEPOSIT_SUCCEEDED: ['EMAIL', 'PUSH'],
  DEPOSIT_FAILED: ['EMAIL', 'SMS'],
  WITHDRAWAL_REQUESTED: ['EMAIL'],
  WITHDRAWAL_COMPLETED: ['EMAIL', 'SMS'],
  WITHDRAWAL_FAILED: ['EMAIL', 'SMS'],
  ORDER_OPEN: [],
  ORDER_MODIFIED: [],
  TRADE_EXECUTED: ['PUSH'],
  ORDER_FILLED: ['EMAIL', 'PUSH'],
  ORDER_CANCELLED: ['EMAIL'],
  ORDER_REJECTED: ['EMAIL', 'PUSH'],
  ORDER_EXPIRED: ['EMAIL'],
  ORDER_FAILED: ['EMAIL', 'SMS'],
  SALE_PROCEEDS_CREDITED: [],
};

/** Muted notifications are kept in the history but sent nowhere, not even on the live stream. */
export function isMuted(preferences: Preferences, type: NotificationType): boolean {
  return preferences.muteAll || preferences.mutedTypes.includes(type);
}

/** The external channels a notification of `type` goes to, in a fixed order. */
export function channelsFor(preferences: Preferences, type: NotificationType, _priority: Priority): ExternalChannel[] {
  if (isMuted(preferences, type)) return [];
  const chosen = preferences.channels[type] ?? DEFAULT_CHANNELS[type];
  return EXTERNAL_CHANNELS.filter((c) => chosen.includes(c));
}

export interface RetryPolicy {
  /** Attempts in all; the last failure makes the delivery DEAD_LETTER. */
  maxAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** After the `attempts`-th failure: wait base·2^(attempts−1), at most maxDelayMs; null: give up. */
export function nextRetryDelay(policy: RetryPolicy, attempts: number): number | null {
  if (attempts >= policy.maxAttempts) return null;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempts - 1));
}
