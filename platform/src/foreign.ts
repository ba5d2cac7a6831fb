// Apps in another language (FOREIGN_APPS in services/common/src/names.ts): the platform
// builds them with their own toolchain and runs them like any app, with their own sidecar.
// A build is kept outside the work tree, under ~/.cache/winvestco, named by a hash of
// everything it is built from, so an unchanged app is never built twice and a changed one
// always is.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { FOREIGN_APPS } from '@winvestco/common';
import { REPO_ROOT } from './paths.ts';

const run = promisify(execFile);

export const BUILD_CACHE = process.env.WINVESTCO_BUILD_CACHE ?? path.join(os.homedir(), '.cache', 'winvestco');

const GO_SOURCES = /(\.go|\.sql|^go\.mod|^go\.sum)$/;

/** The files a Go build reads (code, module files, embedded SQL), relative to the app's folder, sorted. */
function sources(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile() && GO_SOURCES.test(d.name))
    .map((d) => path.relative(dir, path.join(d.parentPath, d.name)))
    .filter((f) => !f.split(path.sep).some((part) => part.startsWith('.')))
    .sort();
}

async function goBuild(appId: string, dir: string): Promise<string> {
  const { stdout: goVersion } = await run('go', ['version']);
  const hash = createHash('sha256').update(goVersion);
  for (const file of sources(dir)) hash.update(`${file}\0`).update(readFileSync(path.join(dir, file))).update('\0');
  const binary = path.join(BUILD_CACHE, 'go', `${appId}-${hash.digest('hex').slice(0, 16)}`, appId);
  if (existsSync(binary)) return binary;
  mkdirSync(path.dirname(binary), { recursive: true });
  // Built beside its final name and renamed: two runs building at once never run half a binary.
  const partial = `${binary}.${process.pid}.partial`;
  try {
    await run('go', ['build', '-trimpath', '-o', partial, '.'], { cwd: dir, env: { ...process.env, CGO_ENABLED: '0' }, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const e = error as { stderr?: string; message: string };
    throw new Error(`building ${appId} (go build in ${path.relative(REPO_ROOT, dir)}) failed: ${e.stderr || e.message}`, { cause: error });
  }
  renameSync(partial, binary);
  return binary;
}

/** The command and folder that run a foreign app, built first when its sources changed. */
export async function foreignApp(appId: string): Promise<{ command: string[]; cwd: string }> {
  const app = FOREIGN_APPS[appId];
  if (!app) throw new Error(`${appId} is not a foreign app (FOREIGN_APPS in services/common/src/names.ts)`);
  const dir = path.join(REPO_ROOT, app.dir);
  if (app.build === 'go') return { command: [await goBuild(appId, dir)], cwd: dir };
  throw new Error(`${appId}: no way to build "${String(app.build)}" apps`);
}
