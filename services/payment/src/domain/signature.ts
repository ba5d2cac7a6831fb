import { createHmac, timingSafeEqual } from 'node:crypto';

// Webhooks are signed like a real gateway's: HMAC-SHA256 of the raw body with a shared
// secret, sent as `X-Signature: sha256=<hex>`.

export function signature(secret: string, rawBody: string): string {
  return `sha256=${createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex')}`;
}

/** Whether `header` is the right signature of `rawBody`, compared in constant time. */
export function signatureValid(secret: string, rawBody: string, header: string | undefined): boolean {
  if (!header || !/^sha256=[0-9a-f]{64}$/.test(header)) return false;
  const expected = Buffer.from(signature(secret, rawBody));
  const given = Buffer.from(header);
  return expected.length === given.length && timingSafeEqual(expected, given);
}
