// What the whole-platform tests share: a clean slate in every service's database, and the
// invariant checker pointed at the apps a test launched, through their gateway.
import { SERVICES } from '@winvestco/common';
import { TEST_ADMIN, type TestApp, type TestPlatform } from '@winvestco/platform/testing';
import { checkInvariants, GatewayClient, type CheckOptions, type InvariantReport } from '../../src/invariants/index.ts';

/**
 * Empties every service's tables (the market's instruments and prices stay: migrations
 * seed them), with no app of them running. The databases of one test run are shared by its
 * files, and the checker judges the whole platform, so a file that asserts the invariants
 * starts from nothing another file left (a fault test's dead letter, a saga it left STUCK).
 * The workflow stores' rows go too, so no earlier order or payment saga resumes here.
 */
export async function freshBooks(platform: TestPlatform): Promise<void> {
  for (const service of SERVICES.filter((s) => s !== 'market')) {
    const db = platform.adminDb(service);
    const tables = await db.map<string>(
      "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename NOT IN ('schemaversion', 'kit_schemaversion', 'dapr_metadata')",
      [], (r: { tablename: string }) => r.tablename,
    );
    if (tables.length > 0) await db.none(`TRUNCATE ${tables.map((t) => `"${t}"`).join(', ')} RESTART IDENTITY CASCADE`);
  }
}

const tokens = new WeakMap<TestApp, Promise<string>>();

/** The run's first admin, logged in through this gateway once (a checker asked in a loop would otherwise log in each time). */
export function adminToken(gateway: TestApp): Promise<string> {
  let token = tokens.get(gateway);
  if (!token) {
    token = new GatewayClient({ url: `http://127.0.0.1:${gateway.app.appPort}` }).login(TEST_ADMIN.email, TEST_ADMIN.password);
    token.catch(() => tokens.delete(gateway));
    tokens.set(gateway, token);
  }
  return token;
}

/** The checker against these apps, through `gateway`, as the run's first admin. */
export async function invariantsOf(gateway: TestApp, apps: readonly TestApp[], options: Partial<CheckOptions> = {}): Promise<InvariantReport> {
  return checkInvariants({
    gatewayUrl: `http://127.0.0.1:${gateway.app.appPort}`, admin: { token: await adminToken(gateway) }, apps: apps.map((a) => a.app.appID),
    appsSource: 'the apps this test launched', settleMs: 30_000, retryEveryMs: 500, ...options,
  });
}

/** Each check's outcome by id, to compare at a glance (and to print when it is not as expected). */
export function outcomes(report: InvariantReport): Record<string, string> {
  return Object.fromEntries(report.checks.map((c) => [c.id, c.outcome]));
}
