import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const DAPR_BIN_DIR = path.join(process.env.DAPR_RUNTIME_PATH ?? os.homedir(), '.dapr', 'bin');
/** Work files of a local platform (secrets, rendered Dapr files, logs, scheduler data); git-ignored. */
export const STATE_DIR = process.env.WINVESTCO_STATE_DIR ?? path.join(REPO_ROOT, '.tmp');

/** The contracts as documents (`npm run contracts` writes them; platform/src/contracts). */
export const CONTRACTS_DIR = path.join(REPO_ROOT, 'docs', 'contracts');

export type DaprBinary = 'daprd' | 'placement' | 'scheduler' | 'sentry';

export function daprBinary(name: DaprBinary): string {
  return path.join(DAPR_BIN_DIR, name);
}
