// `npm run mail`: what the notification service sent on this machine, newest last: the
// mails the local SMTP sink kept, and the SMS and push messages. `npm run mail -- 50` shows
// more; `-- --all` everything. The files themselves are in .tmp/sinks/{mail,sms,push}/.
import path from 'node:path';
import { STATE_DIR } from './paths.ts';
import { keptMail, keptMessages } from './sinks.ts';

const dir = process.env.WINVESTCO_SINKS_DIR ?? path.join(STATE_DIR, 'sinks');
const all = process.argv.includes('--all');
const count = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 10);
const last = <T>(items: T[]) => (all ? items : items.slice(-count));

const mails = keptMail(dir);
console.log(`mail (${mails.length} kept in ${path.relative(process.cwd(), path.join(dir, 'mail'))}/):`);
for (const m of last(mails)) console.log(`  ${m.receivedAt}  to ${m.to.join(', ')}\n    ${m.subject}\n    ${m.text.split('\n').filter(Boolean)[1] ?? ''}\n    ${path.relative(process.cwd(), m.file)}`);
for (const kind of ['sms', 'push'] as const) {
  const messages = keptMessages(dir, kind);
  console.log(`${kind} (${messages.length} kept):`);
  for (const m of last(messages)) console.log(`  ${m.receivedAt}  ${JSON.stringify(m.body)}`);
}
