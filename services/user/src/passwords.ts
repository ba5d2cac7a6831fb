import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

export interface Passwords {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
  /** As slow as verify, for an unknown email, so the answer does not tell which emails exist. */
  verifyUnknown(password: string): Promise<false>;
}

/** argon2id with the library's defaults (19 MiB, 2 passes): the OWASP baseline. */
export function argon2Passwords(): Passwords {
  const dummy = hash(randomBytes(16).toString('hex'));
  const check = (passwordHash: string, password: string) => verify(passwordHash, password).catch(() => false);
  return {
    hash: (password) => hash(password),
    verify: check,
    verifyUnknown: async (password) => {
      await check(await dummy, password);
      return false;
    },
  };
}
