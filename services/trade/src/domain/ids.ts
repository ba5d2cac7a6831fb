// Execution ids are derived, not drawn: the n-th execution of an order always has the same
// id, so a book rebuilt after a crash that replays an order produces the ids already stored
// and the store's primary key turns the repeat into a no-op.
//
// A hash per execution (UUID v5) cost ~1 µs, more than the whole match, so the id is instead
// the order's UUID with its last 64 bits XORed with a pseudo-random mask of the ordinal
// (SHA-256 of the ordinal, computed once per ordinal and kept) and marked version 8 ("custom",
// RFC 9562). For one order, distinct ordinals give distinct ids (the masks differ; a unit
// test checks the first 100,000). Two orders' executions could only meet if the orders'
// random UUIDs agreed on their first 60 bits and their last 62 bits differed by exactly
// the XOR of two masks: about 2^-122, a UUID v4's own odds. An execution id is never an order
// id (version 8, not 4), and its first half names its order, which helps a reader of the logs.
import { createHash } from 'node:crypto';

/** Lowercase, as PostgreSQL and randomUUID write them (the ids are derived from the text). */
export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Two 32-bit words per ordinal, index 2n and 2n + 1. */
const masks: number[] = [];

function maskOf(ordinal: number): void {
  for (let n = masks.length / 2; n <= ordinal; n += 1) {
    const digest = createHash('sha256').update(`winvestco/execution/${n}`).digest();
    masks.push(digest.readUInt32BE(0), digest.readUInt32BE(4));
  }
}

const hex8 = (word: number) => (word >>> 0).toString(16).padStart(8, '0');

/** What every execution id of one order shares: worked out once per order. */
export interface IdBase {
  /** The first 64 bits as text, version 8: "xxxxxxxx-xxxx-8xxx-". */
  prefix: string;
  high: number;
  low: number;
}

/** The parts of order `orderId` (a lowercase UUID) that its execution ids are made of. */
export function idBase(orderId: string): IdBase {
  // xxxxxxxx-xxxx-Vxxx-HHHH-HHHHLLLLLLLL: keep the first 64 bits (version set to 8), mask the rest.
  return {
    prefix: `${orderId.slice(0, 14)}8${orderId.slice(15, 19)}`,
    high: parseInt(orderId.slice(19, 23) + orderId.slice(24, 28), 16),
    low: parseInt(orderId.slice(28, 36), 16),
  };
}

/** The `ordinal`-th execution id of the order whose base this is. */
export function derivedId(base: IdBase, ordinal: number): string {
  if (2 * ordinal + 1 >= masks.length) maskOf(ordinal);
  const high = hex8((((base.high ^ masks[2 * ordinal]!) & 0x3fffffff) | 0x80000000) >>> 0);
  return `${base.prefix}${high.slice(0, 4)}-${high.slice(4)}${hex8(base.low ^ masks[2 * ordinal + 1]!)}`;
}

/** The id of the `ordinal`-th (1, 2, …) execution of order `orderId` (a lowercase UUID). */
export function executionId(orderId: string, ordinal: number): string {
  return derivedId(idBase(orderId), ordinal);
}
