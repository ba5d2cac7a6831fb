// `npm run demo`: a short trading day for two demo customers against the platform `npm
// start` runs (in another terminal), printed step by step, ending with the invariant table.
// Exit code 1 when an invariant does not hold. --gateway <url> for another gateway.
import { checkInvariants } from '../invariants/checker.ts';
import { localPlatform } from '../invariants/local.ts';
import { formatReport } from '../invariants/table.ts';
import { tradingDay } from './day.ts';
import { stepTitle } from './print.ts';

async function main(): Promise<void> {
  const local = localPlatform();
  const people = await tradingDay(local.gatewayUrl);
  for (const p of people) p.stream.close();
  stepTitle('The invariants, checked through the gateway as the admin (npm run check:invariants does the same)');
  const report = await checkInvariants({ gatewayUrl: local.gatewayUrl, admin: local.admin, apps: local.apps, appsSource: local.appsSource });
  console.log(formatReport(report));
  process.exitCode = report.ok ? 0 : 1;
}

main().catch((error: unknown) => {
  console.error(`\ndemo: ${error instanceof Error ? error.message : String(error)}`);
  console.error('Is the platform running? Start it with `npm start` in another terminal, wait for "platform up", then run `npm run demo`.');
  process.exitCode = 2;
});
