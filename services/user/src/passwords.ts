import { hash, verify } from '@node-rs/argon2';

export interface Passwords {
  hash(password: string): Promise<string>;
  verify(passwordHash: string, password: string): Promise<boolean>;
}

// argon2id with the library's defaults (19 MiB, 2 passes): the OWASP baseline.
export const argon2Passwords: Passwords = {
  hash: (password) => hash(password),
  verify: (passwordHash, password) => verify(passwordHash, password).catch(() => false),
};
