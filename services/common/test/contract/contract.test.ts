import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'chai';
import YAML from 'yaml';
import { REPO_ROOT, readRunFile, SERVICES, serviceOf } from '../../src/platform/index.ts';

// Contract: the run file, tye.yaml, the components and the services on disk agree.
describe('contract: run file, tye.yaml, components and services agree', () => {
  const runFile = readRunFile();
  const tye = YAML.parse(readFileSync(path.join(REPO_ROOT, 'tye.yaml'), 'utf8'));
  const built = readdirSync(path.join(REPO_ROOT, 'services')).filter((d) => d !== 'common');

  it('every service folder is one of the ten and is in the run file, and the reverse', () => {
    for (const dir of built) expect(SERVICES as readonly string[]).to.include(dir);
    expect(runFile.apps.map((a) => serviceOf(a.appID)).sort()).to.deep.equal([...built].sort());
  });

  it('app ids are <name>-service and every app has its own migrations folder', () => {
    for (const app of runFile.apps) {
      expect(app.appID).to.match(/^[a-z]+-service$/);
      expect(readdirSync(path.join(REPO_ROOT, 'migrations', serviceOf(app.appID)))).not.to.be.empty;
    }
  });

  it('no two processes share a port, and none takes a Dapr default port', () => {
    const ports = runFile.apps.flatMap((a) => [a.appPort, a.daprHTTPPort, a.daprGRPCPort, a.daprInternalGRPCPort, a.metricsPort]);
    expect(new Set(ports).size).to.equal(ports.length);
    for (const reserved of [3500, 50001, 50005, 50006, 9090]) expect(ports).not.to.include(reserved);
  });

  it('tye.yaml runs the same apps on the same ports from the same folders', () => {
    expect(tye.extensions.map((e: { name: string }) => e.name)).to.include('dapr');
    const tyeApps = Object.fromEntries(tye.services.map((s: any) => [s.name, s]));
    expect(Object.keys(tyeApps).sort()).to.deep.equal(runFile.apps.map((a) => a.appID).sort());
    for (const app of runFile.apps) {
      const service = tyeApps[app.appID];
      expect(service.executable).to.equal('node');
      expect(service.bindings[0]).to.deep.equal({ protocol: 'http', port: app.appPort });
      expect(path.resolve(REPO_ROOT, service.workingDirectory)).to.equal(app.appDirPath);
      expect(`${service.executable} ${service.args}`).to.equal(app.command.join(' '));
    }
  });

  it('every component has a short stable name and is scoped to known app ids', () => {
    const dirs = ['components/common', ...readdirSync(path.join(REPO_ROOT, 'components/brokers')).map((b) => `components/brokers/${b}`)];
    const appIds = SERVICES.map((s) => `${s}-service`);
    for (const dir of dirs) {
      for (const file of readdirSync(path.join(REPO_ROOT, dir)).filter((f) => f.endsWith('.yaml'))) {
        const doc = YAML.parse(readFileSync(path.join(REPO_ROOT, dir, file), 'utf8'));
        expect(doc.kind, file).to.equal('Component');
        expect(doc.scopes, `${dir}/${file} has scopes`).to.be.an('array').that.is.not.empty;
        for (const scope of doc.scopes) expect(appIds, `${dir}/${file}`).to.include(scope);
      }
    }
  });

  it('every broker variant defines the same component name, so swapping is YAML only', () => {
    const names = readdirSync(path.join(REPO_ROOT, 'components/brokers')).map(
      (b) => YAML.parse(readFileSync(path.join(REPO_ROOT, 'components/brokers', b, 'pubsub.yaml'), 'utf8')).metadata.name,
    );
    expect(new Set(names)).to.deep.equal(new Set(['pubsub']));
  });
});
