import { expect } from 'chai';
import pgPromise from 'pg-promise';
import { SERVICES, TEST_NAMING } from '../../src/platform/index.ts';
import { testPlatform, type TestPlatform } from '../../src/testing/index.ts';

const pgp = pgPromise();

describe('database per service, enforced by PostgreSQL', () => {
  let platform: TestPlatform;

  before(async () => {
    platform = await testPlatform();
  });

  async function connectAs(service: string, database: string): Promise<string> {
    const db = pgp({ host: platform.postgres.host, port: platform.postgres.port, user: TEST_NAMING.role(service), database, max: 1 });
    try {
      await db.one('SELECT 1');
      return 'connected';
    } catch (error) {
      return (error as Error).message;
    } finally {
      await db.$pool.end();
    }
  }

  it("each service's role connects to its own database", async () => {
    for (const service of SERVICES) expect(await connectAs(service, TEST_NAMING.database(service))).to.equal('connected');
  });

  it("the user service's role cannot connect to any other service's database", async () => {
    for (const other of SERVICES.filter((s) => s !== 'user')) {
      expect(await connectAs('user', TEST_NAMING.database(other))).to.match(/permission denied for database/);
    }
  });

  it('service roles are not superusers and cannot create databases or roles', async () => {
    const roles = await platform.adminDb('user').any('SELECT rolname, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = ANY($1)', [SERVICES.map(TEST_NAMING.role)]);
    expect(roles).to.have.length(SERVICES.length);
    for (const role of roles) expect(role).to.include({ rolsuper: false, rolcreatedb: false, rolcreaterole: false });
  });
});
