// Opaque keyset cursors: (created_at, id) of the last row of the previous page.
import { problems } from './problem.ts';

export interface PageKey {
  createdAt: string;
  id: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i;
// What encodeCursor writes: a UTC timestamp to the microsecond, years 1970-9999.
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?Z$/;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}

/** A real calendar instant PostgreSQL accepts: no 31 February, no hour 25. */
export function isUtcTimestamp(value: string): boolean {
  const parts = TIMESTAMP.exec(value);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  if (year < 1970 || year > 9999) return false;
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
    && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
}

export function encodeCursor(key: PageKey): string {
  return Buffer.from(JSON.stringify([key.createdAt, key.id])).toString('base64url');
}

/** The key a cursor carries, or null when it is not one this service could have issued. */
export function decodeCursor(cursor: string): PageKey | null {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (!Array.isArray(value) || value.length !== 2) return null;
    const [createdAt, id] = value as unknown[];
    if (typeof createdAt !== 'string' || typeof id !== 'string') return null;
    if (!isUtcTimestamp(createdAt) || !isUuid(id)) return null;
    return { createdAt, id };
  } catch {
    return null;
  }
}

/**
 * The key of the next page, from the rows of this one (each with its id and `page_at`, its
 * created_at to the microsecond); null when this page was not full, so none can follow.
 */
export function nextPageKey(rows: readonly { id: string; page_at: string }[], limit: number): PageKey | null {
  const last = rows[rows.length - 1];
  return rows.length === limit && last ? { createdAt: last.page_at, id: last.id } : null;
}

/** One page of a keyset-paged read, with the key of the next (null: the last page). */
export interface Page<T> {
  items: T[];
  next: PageKey | null;
}

/** The parameters a page query takes for "after this key" (`$(afterAt)`, `$(afterId)`; both null: from the start). */
export function pageAfter(key: PageKey | null): { afterAt: string | null; afterId: string | null } {
  return { afterAt: key?.createdAt ?? null, afterId: key?.id ?? null };
}

/** A path parameter that must be a UUID, or a 400 naming it (it would otherwise reach PostgreSQL). */
export function uuidParam(ctx: { params: Record<string, string | undefined> }, name: string): string {
  const value = ctx.params[name] ?? '';
  if (!isUuid(value)) throw problems.validation([{ field: name, message: `${name} must be a UUID` }]);
  return value;
}
