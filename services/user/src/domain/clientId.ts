// Client ids are what people read out on the phone: no 0/O, 1/I/L, U (Crockford base32).
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'.replace(/[01]/g, '');
export const CLIENT_ID_PATTERN = /^WV[2-9A-HJKMNP-TV-Z]{6}$/;

/** "WV" and six characters; `randomByte` is injected so the rule is testable. */
export function newClientId(randomByte: () => number): string {
  let code = 'WV';
  for (let i = 0; i < 6; i += 1) code += ALPHABET[randomByte() % ALPHABET.length];
  return code;
}
