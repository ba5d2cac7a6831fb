import { createHash, timingSafeEqual } from 'node:crypto';

// A refresh token is "<row id>.<secret>": the id finds the row, and only a hash of the
// secret is stored, so a copy of the database holds no usable token.

const TOKEN = /^([0-9a-f-]{36})\.([A-Za-z0-9_-]{43})$/;

export function refreshTokenOf(id: string, secret: string): string {
  return `${id}.${secret}`;
}

export function parseRefreshToken(token: string): { id: string; secret: string } | null {
  const match = TOKEN.exec(token);
  return match ? { id: match[1]!, secret: match[2]! } : null;
}

export function hashSecret(secret: string): Buffer {
  return createHash('sha256').update(secret).digest();
}

export function secretMatches(secret: string, hash: Buffer): boolean {
  const candidate = hashSecret(secret);
  return candidate.length === hash.length && timingSafeEqual(candidate, hash);
}
