// `npm run contracts`: writes docs/contracts/ from the typed contracts (documents.ts) and
// removes the schema of any event type that no longer exists. The contract test fails while
// the committed documents differ from what this writes.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { contractDocuments, CONTRACTS_DIR, coverage } from './documents.ts';

async function main(): Promise<void> {
  const files = await contractDocuments();
  mkdirSync(path.join(CONTRACTS_DIR, 'schemas'), { recursive: true });
  for (const stale of readdirSync(path.join(CONTRACTS_DIR, 'schemas')).filter((f) => !files.has(`schemas/${f}`))) rmSync(path.join(CONTRACTS_DIR, 'schemas', stale));
  for (const [file, text] of files) writeFileSync(path.join(CONTRACTS_DIR, file), text);
  const { topics, eventTypes, routes } = coverage();
  console.log(`[contracts] ${path.relative(process.cwd(), CONTRACTS_DIR)}/: ${topics} topics, ${eventTypes} event types (asyncapi.json, schemas/), ${routes} routes (routes.openapi.json)`);
}

main().catch((error: unknown) => {
  console.error(`[contracts] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
