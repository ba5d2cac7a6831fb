import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'chai';
import { dropDatabases, setUp } from '../../src/index.ts';
import { testPlatform, type TestPlatform } from '../../src/testing/index.ts';

describe('the set-up keeps generated secrets with the data', function () {
  let platform: TestPlatform;
  let prefix: string;

  before(async () => {
    platform = await testPlatform();
    prefix = `${platform.dbPrefix}_setup`;
  });

  after(async () => {
    await dropDatabases(platform.postgres, prefix);
  });

  it('when the state folder is deleted (or a second checkout sets up on the same server), then the signing key and the admin password stay the ones the data was made with', async () => {
    const run = async () => {
      const stateDir = mkdtempSync(path.join(os.tmpdir(), 'winvestco-setup-'));
      const said: string[] = [];
      try {
        const setup = await setUp({ stateDir, postgres: platform.postgres, brokers: platform.brokers, broker: 'redis', appIds: ['user-service'], dbPrefix: prefix, say: (m) => said.push(m) });
        return { secrets: setup.secrets, said: said.join('\n') };
      } finally {
        rmSync(stateDir, { recursive: true, force: true });
      }
    };
    const first = await run();
    expect(first.said).to.match(/generated a signing key pair/);
    const second = await run();
    expect(second.said).to.match(/using the signing key and admin password kept in database/);
    for (const key of ['JWT_PRIVATE_KEY', 'JWT_PUBLIC_KEY', 'ADMIN_EMAIL', 'ADMIN_PASSWORD'] as const) expect(second.secrets[key], key).to.equal(first.secrets[key]);
  });
});
