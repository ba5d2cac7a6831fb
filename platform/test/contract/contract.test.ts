import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { CONSOLE_APP_ID, FOREIGN_APP_IDS, GATEWAY_APP_ID, PUBLIC_ROUTES, SERVICE_APP_IDS, SERVICES, serviceOf, TOPICS } from '@winvestco/common';
import { expect } from 'chai';
import YAML from 'yaml';
import { BROKERS, fetchRefuses, readPolicy, readRunFile, renderDapr, REPO_ROOT } from '../../src/index.ts';

const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(REPO_ROOT, dir), { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts')).map((f) => path.join(dir, f));
}

function imports(file: string): string[] {
  return [...read(file).matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
}

// Contract: the run file, tye.yaml, the components, the contracts and the code agree.
describe('contract: run file, tye.yaml, components, contracts and code agree', () => {
  const runFile = readRunFile();
  const tye = YAML.parse(read('tye.yaml'));
  const built = readdirSync(path.join(REPO_ROOT, 'services')).filter((d) => d !== 'common' && d !== GATEWAY_APP_ID && d !== CONSOLE_APP_ID);
  const knownApps = [...SERVICE_APP_IDS, GATEWAY_APP_ID, CONSOLE_APP_ID, ...FOREIGN_APP_IDS];
  // The apps at the edge: no database, no topic of their own.
  const edge = (appId: string) => appId === GATEWAY_APP_ID || appId === CONSOLE_APP_ID;

  it('every service folder is one of the ten and is in the run file, and the reverse; the gateway runs too', () => {
    for (const dir of built) expect(SERVICES).to.include(dir);
    const services = runFile.apps.filter((a) => !edge(a.appID));
    expect(services.map((a) => serviceOf(a.appID)).sort()).to.deep.equal([...built].sort());
    expect(runFile.apps.map((a) => a.appID)).to.include(GATEWAY_APP_ID);
  });

  it('service app ids are <name>-service and every service has its own migrations folder', () => {
    for (const app of runFile.apps.filter((a) => !edge(a.appID))) {
      expect(app.appID).to.match(/^[a-z]+-service$/);
      expect(readdirSync(path.join(REPO_ROOT, 'migrations', serviceOf(app.appID)))).not.to.be.empty;
    }
  });

  it('every service has public routes for the gateway, and dapr/policy.yaml names only known apps (or "*", every service)', () => {
    expect(Object.keys(PUBLIC_ROUTES).sort()).to.deep.equal([...SERVICE_APP_IDS, ...FOREIGN_APP_IDS].sort());
    const policy = readPolicy();
    for (const [appId, rules] of Object.entries(policy.apps)) {
      expect(knownApps, 'dapr/policy.yaml').to.include(appId);
      for (const caller of Object.keys(rules.callers ?? {})) expect([...knownApps, '*'], `callers of ${appId}`).to.include(caller);
    }
  });

  it('no two processes share a port, and none takes a Dapr default port', () => {
    const ports = runFile.apps.flatMap((a) => [a.appPort, a.daprHTTPPort, a.daprGRPCPort, a.daprInternalGRPCPort, a.metricsPort]);
    expect(new Set(ports).size).to.equal(ports.length);
    for (const reserved of [3500, 50001, 50005, 50006, 9090]) expect(ports).not.to.include(reserved);
  });

  it('no app or sidecar HTTP port is one that browsers and fetch refuse to call (the payment simulator calls the gateway with fetch)', () => {
    for (const app of runFile.apps) expect([app.appPort, app.daprHTTPPort].filter(fetchRefuses), app.appID).to.deep.equal([]);
  });

  it('the run file loads the files the set-up renders, by paths that do not depend on the working directory', () => {
    expect(runFile.resourcesPaths).to.deep.equal([path.join(REPO_ROOT, '.tmp/dapr/resources')]);
    for (const app of runFile.apps) {
      expect(app.configFilePath).to.equal(path.join(REPO_ROOT, '.tmp/dapr/config', `${app.appID}.yaml`));
      expect(app.command).to.deep.equal(['node', 'dist/main.js']);
    }
  });

  it('tye.yaml runs the same apps on the same ports from the same folders, with the same resources and Configurations', () => {
    const dapr = tye.extensions.find((e: { name: string }) => e.name === 'dapr');
    expect(path.resolve(REPO_ROOT, dapr['components-path'])).to.equal(runFile.resourcesPaths[0]);
    const tyeApps = Object.fromEntries(tye.services.map((s: { name: string }) => [s.name, s]));
    expect(Object.keys(tyeApps).sort()).to.deep.equal(runFile.apps.map((a) => a.appID).sort());
    for (const app of runFile.apps) {
      const service = tyeApps[app.appID];
      expect(service.executable).to.equal('node');
      expect(service.bindings[0]).to.deep.equal({ protocol: 'http', port: app.appPort });
      expect(path.resolve(REPO_ROOT, service.workingDirectory)).to.equal(app.appDirPath);
      expect(`${service.executable} ${service.args}`).to.equal(app.command.join(' '));
      expect(path.resolve(REPO_ROOT, dapr.services[app.appID].config)).to.equal(app.configFilePath);
    }
  });

  it('every component has a short stable name and is scoped to known app ids', () => {
    const dirs = ['components/common', ...BROKERS.map((b) => `components/brokers/${b}`)];
    for (const dir of dirs) {
      for (const file of readdirSync(path.join(REPO_ROOT, dir)).filter((f) => f.endsWith('.yaml'))) {
        const doc = YAML.parse(read(path.join(dir, file)));
        expect(doc.kind, file).to.equal('Component');
        expect(doc.scopes, `${dir}/${file} has scopes`).to.be.an('array').that.is.not.empty;
        for (const scope of doc.scopes) expect(knownApps, `${dir}/${file}`).to.include(scope);
      }
    }
  });

  it('every broker variant defines the same component name, so swapping is YAML only', () => {
    const names = BROKERS.map((b) => YAML.parse(read(`components/brokers/${b}/pubsub.yaml`)).metadata.name);
    expect(new Set(names)).to.deep.equal(new Set(['pubsub']));
  });

  it('the rendered files hold absolute paths and the name resolver never cleans up (its clean-up deletes live rows)', () => {
    const target = mkdtempSync(path.join(os.tmpdir(), 'winvestco-render-'));
    try {
      const rendered = renderDapr({ targetDir: target, broker: 'redis', appIds: ['user-service'], secretsFile: path.join(target, 'secrets.json') });
      const config = YAML.parse(readFileSync(rendered.configFile('user-service'), 'utf8'));
      expect(config.spec.nameResolution.configuration).to.include({ connectionString: path.join(target, 'nameresolution.db'), cleanupInterval: '0' });
      const store = YAML.parse(readFileSync(path.join(rendered.resourcesDir, 'secretstore.yaml'), 'utf8'));
      expect(store.spec.metadata.find((m: { name: string }) => m.name === 'secretsFile').value).to.equal(path.join(target, 'secrets.json'));
      expect(readdirSync(rendered.resourcesDir)).to.include.members(['pubsub.yaml', 'secretstore.yaml', 'resiliency.yaml']);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  it('every topic has one owner among the app ids, and topic names are unique', () => {
    for (const topic of TOPICS) expect(SERVICE_APP_IDS).to.include(topic.owner);
    expect(new Set(TOPICS.map((t) => t.name)).size).to.equal(TOPICS.length);
  });

  it('the kit has no import cycles, so it reads bottom-up', () => {
    const dir = 'services/common/src';
    const graph = new Map(sourceFiles(dir).map((file) => [
      file,
      imports(file).filter((t) => t.startsWith('.')).map((t) => path.join(path.dirname(file), t)),
    ]));
    const cycles: string[] = [];
    const visit = (file: string, stack: string[]) => {
      if (stack.includes(file)) {
        cycles.push([...stack.slice(stack.indexOf(file)), file].map((f) => path.relative(dir, f)).join(' -> '));
        return;
      }
      for (const next of graph.get(file) ?? []) visit(next, [...stack, file]);
    };
    for (const file of graph.keys()) visit(file, []);
    expect([...new Set(cycles)]).to.deep.equal([]);
  });

  it('imports point one way: services -> common, platform -> common; common imports neither, and no service imports another', () => {
    for (const file of sourceFiles('services/common/src')) {
      for (const target of imports(file)) expect(target, file).not.to.match(/^@winvestco\/(?!common)|platform/);
    }
    for (const service of built) {
      for (const file of sourceFiles(`services/${service}/src`)) {
        for (const target of imports(file)) {
          if (target.startsWith('@winvestco/')) expect(target, file).to.equal('@winvestco/common');
          expect(target, file).not.to.match(/^\.\.\/\.\.\//);
        }
      }
    }
  });
});
