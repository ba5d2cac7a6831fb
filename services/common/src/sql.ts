import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pgPromise from 'pg-promise';

const { QueryFile } = pgPromise;
export type SqlFile = InstanceType<typeof QueryFile>;

/**
 * The queries of one store, each a `.sql` file in the folder beside it (named parameters
 * `$(name)` or `$1`). Files load once, when the store module loads, so a missing or
 * broken file stops the service at start-up rather than on the first request.
 */
export function sqlFolder(moduleUrl: string, folder = 'sql'): (name: string) => SqlFile {
  const dir = path.join(path.dirname(fileURLToPath(moduleUrl)), folder);
  return (name) => {
    const file = new QueryFile(path.join(dir, `${name}.sql`), { minify: true, noWarnings: true });
    if (file.error) throw new Error(`SQL file ${folder}/${name}.sql: ${file.error.message}`);
    return file;
  };
}
