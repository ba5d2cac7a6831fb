import { connectionOptions, databaseNames, SERVICES } from '@winvestco/common';
import { expect } from 'chai';
import pgPromise from 'pg-promise';
import { testPlatform, type TestPlatform } from '../../src/testing/index.ts';

const pgp = pgPromise();

describe('database per service, enforced by PostgreSQL', () => {
  let platform: TestPlatform;
  const names = (service: string) => databaseNames(service, platform.dbPrefix);

  before(async () => {
    platform = await testPlatform();
  });

  async function connectAs(service: string, database: string): Promise<string> {
    const db = pgp(connectionOptions({ host: platform.postgres.host, port: platform.postgres.port, user: names(service).role, database }, { max: 1 }));
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
    for (const service of SERVICES) expect(await connectAs(service, names(service).database)).to.equal('connected');
  });

  it("the user service's role cannot connect to any other service's database", async () => {
    for (const other of SERVICES.filter((s) => s !== 'user')) {
      expect(await connectAs('user', names(other).database)).to.match(/permission denied for database/);
    }
  });

  it('service roles are not superusers and cannot create databases or roles', async () => {
    const roles = await platform.adminDb('user').any('SELECT rolname, rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = ANY($1)', [SERVICES.map((s) => names(s).role)]);
    expect(roles).to.have.length(SERVICES.length);
    for (const role of roles) expect(role).to.include({ rolsuper: false, rolcreatedb: false, rolcreaterole: false });
  });
});
