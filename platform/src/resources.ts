// Renders the Dapr files sidecars load from the checked-in sources: components/,
// dapr/resiliency/ and dapr/config.yaml. daprd resolves relative paths in components and
// Configurations against its working directory, which the Dapr CLI sets to each app's
// folder, so every path here is made absolute; and tye, the CLI, the launcher and the test
// harness all load the one rendered folder, so they cannot drift apart.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
import type { Broker } from './brokers.ts';
import { REPO_ROOT } from './paths.ts';

export const CONFIG_SOURCE = path.join(REPO_ROOT, 'dapr', 'config.yaml');

export function resourceSources(broker: Broker): string[] {
  return [
    path.join(REPO_ROOT, 'components', 'common'),
    path.join(REPO_ROOT, 'components', 'brokers', broker),
    path.join(REPO_ROOT, 'dapr', 'resiliency'),
  ];
}

interface Metadata {
  name: string;
  value?: string;
  secretKeyRef?: { name: string; key: string };
}

interface Resource {
  kind: string;
  metadata: { name: string };
  spec?: { type?: string; metadata?: Metadata[] };
  scopes?: string[];
}

export interface RenderOptions {
  /** Where the rendered files go (`<state dir>/dapr`). */
  targetDir: string;
  broker: Broker;
  /** Every app that gets a sidecar: one Configuration each. */
  appIds: readonly string[];
  /** The local file secret store's file. */
  secretsFile: string;
  /** Test-only apps, added to every component's scopes. */
  extraApps?: readonly string[];
  /** A test run's own broker client ids and consumer groups: `{appID}` becomes `{appID}-<suffix>`. */
  consumerSuffix?: string;
  /** Test runs: queues and sessions that vanish when the run's apps stop. */
  ephemeralBroker?: boolean;
}

export interface RenderedDapr {
  resourcesDir: string;
  configFile(appId: string): string;
  nameResolutionDb: string;
}

function setMetadata(resource: Resource, name: string, value: string): void {
  const items = (resource.spec!.metadata ??= []);
  const item = items.find((m) => m.name === name);
  if (item) {
    delete item.secretKeyRef;
    item.value = value;
  } else {
    items.push({ name, value });
  }
}

function renderResource(resource: Resource, options: RenderOptions): Resource {
  if (resource.kind !== 'Component') return resource;
  if (options.extraApps?.length && resource.scopes) resource.scopes = [...resource.scopes, ...options.extraApps];
  const type = resource.spec?.type ?? '';
  if (type === 'secretstores.local.file') setMetadata(resource, 'secretsFile', options.secretsFile);
  if (type.startsWith('pubsub.')) {
    for (const item of resource.spec?.metadata ?? []) {
      if (options.consumerSuffix && item.value?.includes('{appID}')) item.value = item.value.replace('{appID}', `{appID}-${options.consumerSuffix}`);
    }
    if (options.ephemeralBroker) {
      if (type === 'pubsub.rabbitmq') {
        setMetadata(resource, 'durable', 'false');
        setMetadata(resource, 'deletedWhenUnused', 'true');
      }
      if (type === 'pubsub.mqtt3') setMetadata(resource, 'cleanSession', 'true');
    }
  }
  return resource;
}

/** Writes `<target>/resources/*.yaml` and `<target>/config/<app id>.yaml`. */
export function renderDapr(options: RenderOptions): RenderedDapr {
  const resourcesDir = path.join(options.targetDir, 'resources');
  const configDir = path.join(options.targetDir, 'config');
  rmSync(resourcesDir, { recursive: true, force: true });
  rmSync(configDir, { recursive: true, force: true });
  mkdirSync(resourcesDir, { recursive: true });
  mkdirSync(configDir, { recursive: true });

  const names = new Map<string, string>();
  for (const source of resourceSources(options.broker)) {
    for (const file of readdirSync(source).filter((f) => f.endsWith('.yaml')).sort()) {
      const docs = YAML.parseAllDocuments(readFileSync(path.join(source, file), 'utf8')).map((d) => d.toJSON() as Resource);
      for (const doc of docs) {
        const key = `${doc.kind}/${doc.metadata.name}`;
        if (names.has(key)) throw new Error(`${key} is defined twice: ${names.get(key)} and ${path.join(source, file)}`);
        names.set(key, path.join(source, file));
      }
      const header = `# Rendered by the platform set-up from ${path.relative(REPO_ROOT, path.join(source, file))}; edit that file, not this one.\n`;
      writeFileSync(path.join(resourcesDir, file), header + docs.map((d) => YAML.stringify(renderResource(d, options))).join('---\n'));
    }
  }

  const nameResolutionDb = path.join(options.targetDir, 'nameresolution.db');
  for (const appId of options.appIds) {
    const config = YAML.parse(readFileSync(CONFIG_SOURCE, 'utf8')) as { spec: { nameResolution: { configuration: Record<string, string> } } };
    config.spec.nameResolution.configuration.connectionString = nameResolutionDb;
    const header = `# Rendered by the platform set-up from dapr/config.yaml for ${appId}; edit that file, not this one.\n`;
    writeFileSync(path.join(configDir, `${appId}.yaml`), header + YAML.stringify(config));
  }
  return { resourcesDir, nameResolutionDb, configFile: (appId) => path.join(configDir, `${appId}.yaml`) };
}
