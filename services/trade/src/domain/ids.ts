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

/** The value of each lowercase hex digit by character code, -1 for any other character. */
const DIGIT = new Int8Array(128).fill(-1);
for (let c = 0; c < 16; c += 1) DIGIT[c.toString(16).charCodeAt(0)] = c;

/**
 * Whether `id` is a UUID in lowercase, as PostgreSQL and randomUUID write them (execution ids
 * are derived from the text). A loop over a table: a RegExp cost a tenth of a place.
 */
export function isUuid(id: string): boolean {
  if (id.length !== 36) return false;
  for (let i = 0; i < 36; i += 1) {
    const c = id.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (c > 127 || DIGIT[c]! < 0) return false;
  }
  return true;
}

/** The 32-bit number written by the hex digits of `id` at `positions`. */
function word(id: string, from: number, to: number, skip = -1): number {
  let value = 0;
  for (let i = from; i < to; i += 1) if (i !== skip) value = (value << 4) | DIGIT[id.charCodeAt(i)]!;
  return value;
}

/** Two 32-bit words per ordinal, index 2n and 2n + 1. */
const masks: number[] = [];

function maskOf(ordinal: number): void {
  for (let n = masks.length / 2; n <= ordinal; n += 1) {
    const digest = createHash('sha256').update(`winvestco/execution/${n}`).digest();
    masks.push(digest.readUInt32BE(0), digest.readUInt32BE(4));
  }
}

/** Two hex digits per byte value: Number#toString(16) of a word above 2^31 takes V8's slow path. */
const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
const hex4 = (word: number) => HEX[(word >>> 8) & 0xff]! + HEX[word & 0xff]!;
const hex8 = (word: number) => hex4(word >>> 16) + hex4(word);

/** What every execution id of one order shares: worked out once per order. */
export interface IdBase {
  /** The first 64 bits as text, version 8: "xxxxxxxx-xxxx-8xxx-". */
  prefix: string;
  high: number;
  low: number;
}

/** The parts of order `orderId` (a UUID as `isUuid` has it) that its execution ids are made of. */
export function idBase(orderId: string): IdBase {
  // xxxxxxxx-xxxx-Vxxx-HHHH-HHHHLLLLLLLL: keep the first 64 bits (version set to 8), mask the rest.
  return {
    prefix: `${orderId.slice(0, 14)}8${orderId.slice(15, 19)}`,
    high: word(orderId, 19, 28, 23),
    low: word(orderId, 28, 36),
  };
}

/** The `ordinal`-th execution id of the order whose base this is. */
export function derivedId(base: IdBase, ordinal: number): string {
  if (2 * ordinal + 1 >= masks.length) maskOf(ordinal);
  const high = ((base.high ^ masks[2 * ordinal]!) & 0x3fffffff) | 0x80000000;
  return `${base.prefix}${hex4(high >>> 16)}-${hex4(high)}${hex8(base.low ^ masks[2 * ordinal + 1]!)}`;
}

/** The id of the `ordinal`-th (1, 2, …) execution of order `orderId` (a lowercase UUID). */
export function executionId(orderId: string, ordinal: number): string {
  return derivedId(idBase(orderId), ordinal);
}
