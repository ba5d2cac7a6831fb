// Repeated failed logins (5 in 15 minutes) lock login for that email for 15 minutes.

export const MAX_FAILURES = 5;
export const WINDOW_MS = 15 * 60_000;
export const LOCK_MS = 15 * 60_000;

/**
 * When login for an email is locked, the time the lock ends; otherwise null.
 * `failures` are the times of failed attempts since the last successful login, any order.
 */
export function loginLockedUntil(failures: readonly Date[], now: Date): Date | null {
  if (failures.length < MAX_FAILURES) return null;
  const newestFirst = [...failures].sort((a, b) => b.getTime() - a.getTime());
  const newest = newestFirst[0]!;
  const fifthNewest = newestFirst[MAX_FAILURES - 1]!;
  if (newest.getTime() - fifthNewest.getTime() > WINDOW_MS) return null;
  const until = new Date(newest.getTime() + LOCK_MS);
  return until > now ? until : null;
}
