// Part of `npm run build`: the compiler emits JavaScript only, and each store reads its
// queries from the sql/ folder beside it, so src/**/sql/*.sql is copied to dist/ alike.
import { cpSync, existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const services = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'services');
let copied = 0;
for (const service of readdirSync(services)) {
  const src = path.join(services, service, 'src');
  if (!existsSync(src)) continue;
  cpSync(src, path.join(services, service, 'dist'), {
    recursive: true,
    filter: (from) => {
      const isSql = from.endsWith('.sql');
      if (isSql) copied += 1;
      return isSql || !path.extname(from);
    },
  });
}
console.log(`[build] copied ${copied} SQL files to dist/`);
