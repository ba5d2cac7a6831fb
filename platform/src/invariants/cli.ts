// `npm run check:invariants`: every invariant of the platform `npm start` runs, asked through
// its gateway with the first admin's token (never a database), printed as a table; the exit
// code is 1 when any is violated or could not be asked. Options:
//   --gateway <url>   another gateway (default: dapr/dapr.yaml's, shifted by WINVESTCO_PORT_OFFSET)
//   --settle <s>      how long failing checks are asked again while events settle (default 20)
//   --json            the findings as JSON instead of the table
import { checkInvariants } from './checker.ts';
import { flag, localPlatform } from './local.ts';
import { formatReport } from './table.ts';

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const local = localPlatform(argv);
  const settle = Number(flag(argv, 'settle') ?? 20);
  if (!Number.isFinite(settle) || settle < 0) throw new Error('--settle must be a number of seconds');
  if (!argv.includes('--json')) console.log(`Checking the invariants of the platform behind ${local.gatewayUrl} (as ${local.admin.email}) ...\n`);
  const report = await checkInvariants({ gatewayUrl: local.gatewayUrl, admin: local.admin, apps: local.apps, appsSource: local.appsSource, settleMs: settle * 1000 });
  console.log(argv.includes('--json') ? JSON.stringify(report, null, 2) : formatReport(report));
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`check:invariants: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 2;
});
