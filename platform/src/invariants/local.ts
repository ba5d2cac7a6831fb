// The platform `npm start` runs on this machine, as the checker and the demo reach it: the
// gateway's address from dapr/dapr.yaml (shifted by WINVESTCO_PORT_OFFSET, as npm start
// shifts it), the first admin's login from the secret store the set-up wrote, and the run's
// app ids. Each can be given instead: --gateway or WINVESTCO_GATEWAY_URL,
// WINVESTCO_ADMIN_EMAIL and WINVESTCO_ADMIN_PASSWORD (after the admin changed the password).
import path from 'node:path';
import { STATE_DIR } from '../paths.ts';
import { readRunFile } from '../runFile.ts';
import { readSecretStore } from '../secrets.ts';

export interface LocalPlatform {
  gatewayUrl: string;
  admin: { email: string; password: string };
  apps: string[];
  appsSource: string;
}

/** The value after `--name` (or in `--name=value`), if given. */
export function flag(argv: readonly string[], name: string): string | undefined {
  const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  const arg = argv[i]!;
  return arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[i + 1];
}

export function localPlatform(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): LocalPlatform {
  const runFile = readRunFile();
  const offset = Number(env.WINVESTCO_PORT_OFFSET ?? 0);
  const gateway = runFile.apps.find((a) => a.appID === 'gateway');
  const gatewayUrl = flag(argv, 'gateway') ?? env.WINVESTCO_GATEWAY_URL ?? `http://127.0.0.1:${(gateway?.appPort ?? 8080) + offset}`;
  const secretsFile = path.join(STATE_DIR, 'dapr', 'secrets.json');
  const secrets = readSecretStore(secretsFile);
  const email = env.WINVESTCO_ADMIN_EMAIL ?? secrets.ADMIN_EMAIL;
  const password = env.WINVESTCO_ADMIN_PASSWORD ?? secrets.ADMIN_PASSWORD;
  if (!email || !password) {
    throw new Error(`no admin login: ${path.relative(process.cwd(), secretsFile)} has none (has npm start run here?); set WINVESTCO_ADMIN_EMAIL and WINVESTCO_ADMIN_PASSWORD`);
  }
  return { gatewayUrl, admin: { email, password }, apps: runFile.apps.map((a) => a.appID), appsSource: 'dapr/dapr.yaml' };
}
