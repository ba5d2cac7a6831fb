import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { daprBinary } from './paths.ts';
import { httpOk, startProcess, Supervised, waitFor } from './processes.ts';

export interface ControlPlanePorts {
  sentry: number;
  sentryHealthz: number;
  sentryMetrics: number;
  placement: number;
  placementHealthz: number;
  placementMetrics: number;
  placementRaft: number;
  scheduler: number;
  schedulerHealthz: number;
  schedulerMetrics: number;
  schedulerEtcdClient: number;
  schedulerEtcdPeer: number;
}

/** The fixed ports of `npm start`; tests take free ones instead. */
export const PLATFORM_CONTROL_PLANE: ControlPlanePorts = {
  sentry: 50007,
  sentryHealthz: 50107,
  sentryMetrics: 50207,
  placement: 50005,
  placementHealthz: 50105,
  placementMetrics: 50205,
  placementRaft: 50305,
  scheduler: 50006,
  schedulerHealthz: 50106,
  schedulerMetrics: 50206,
  schedulerEtcdClient: 50306,
  schedulerEtcdPeer: 50406,
};

export interface Mtls {
  sentryAddress: string;
  /** The PEM of the root every sidecar trusts (DAPR_TRUST_ANCHORS). */
  trustAnchors: string;
}

export interface ControlPlane {
  placementAddress: string;
  schedulerAddress: string;
  mtls: Mtls;
  /** Each kept running: restarted after a growing delay when it dies, and said in the log. */
  sentry: Supervised;
  placement: Supervised;
  scheduler: Supervised;
  stop(): Promise<void>;
}

/**
 * Sentry (the certificate authority of mTLS), placement (actors, hence workflows) and
 * scheduler (workflow timers, reminders), on loopback, talking mTLS. Sentry makes a
 * self-signed root on first use and keeps it under <state dir>/sentry, so sidecars of one
 * platform trust each other across restarts.
 */
export async function startControlPlane(ports: ControlPlanePorts, stateDir: string, logDir: string, say: (m: string) => void): Promise<ControlPlane> {
  // Without placement no saga moves, without the scheduler no timer fires, without sentry no
  // sidecar renews its certificate: each is supervised like the apps.
  const supervise = (start: () => ReturnType<typeof startProcess>) => new Supervised(start, say);
  const common = ['--log-level', 'info', '--metrics-listen-address', '127.0.0.1'];
  const sentryDir = path.join(stateDir, 'sentry');
  const creds = path.join(sentryDir, 'creds');
  mkdirSync(creds, { recursive: true });
  const sentryConfig = path.join(sentryDir, 'config.yaml');
  // Sentry exits without a config file; an empty one means the defaults (24h certificates).
  if (!existsSync(sentryConfig)) writeFileSync(sentryConfig, '');
  const sentry = supervise(() => startProcess({
    name: 'sentry',
    command: daprBinary('sentry'),
    args: [
      ...common,
      '--config', sentryConfig,
      '--issuer-credentials', creds,
      '--trust-domain', 'localhost',
      '--port', String(ports.sentry),
      '--listen-address', '127.0.0.1',
      '--healthz-port', String(ports.sentryHealthz),
      '--metrics-port', String(ports.sentryMetrics),
    ],
    logFile: path.join(logDir, 'sentry.log'),
  }));
  const caFile = path.join(creds, 'ca.crt');
  await waitFor('sentry to be healthy with its root certificate', async () => existsSync(caFile) && (await httpOk(`http://127.0.0.1:${ports.sentryHealthz}/healthz`)), { process: sentry.current });
  const sentryAddress = `127.0.0.1:${ports.sentry}`;
  const tls = ['--tls-enabled', '--trust-anchors-file', caFile, '--sentry-address', sentryAddress];

  const placement = supervise(() => startProcess({
    name: 'placement',
    command: daprBinary('placement'),
    args: [
      ...common, ...tls,
      '--listen-address', '127.0.0.1',
      '--port', String(ports.placement),
      '--healthz-port', String(ports.placementHealthz),
      '--metrics-port', String(ports.placementMetrics),
      '--id', 'dapr-placement-0',
      '--initial-cluster', `dapr-placement-0=127.0.0.1:${ports.placementRaft}`,
    ],
    logFile: path.join(logDir, 'placement.log'),
  }));
  const scheduler = supervise(() => startProcess({
    name: 'scheduler',
    command: daprBinary('scheduler'),
    args: [
      ...common, ...tls,
      '--listen-address', '127.0.0.1',
      '--port', String(ports.scheduler),
      '--healthz-port', String(ports.schedulerHealthz),
      '--metrics-port', String(ports.schedulerMetrics),
      '--id', 'dapr-scheduler-server-0',
      '--etcd-data-dir', path.join(stateDir, 'scheduler-etcd'),
      '--etcd-client-port', String(ports.schedulerEtcdClient),
      '--etcd-client-listen-address', '127.0.0.1',
      // With TLS the scheduler's embedded etcd talks https to its peers.
      '--etcd-initial-cluster', `dapr-scheduler-server-0=https://127.0.0.1:${ports.schedulerEtcdPeer}`,
      '--identity-directory-write', path.join(stateDir, 'scheduler-tls'),
    ],
    logFile: path.join(logDir, 'scheduler.log'),
  }));
  say(`sentry (mTLS) on ${sentryAddress}, placement on 127.0.0.1:${ports.placement}, scheduler on 127.0.0.1:${ports.scheduler} (logs in ${logDir})`);
  await Promise.all([
    waitFor('placement to be healthy', () => httpOk(`http://127.0.0.1:${ports.placementHealthz}/healthz`), { process: placement.current }),
    waitFor('scheduler to be healthy', () => httpOk(`http://127.0.0.1:${ports.schedulerHealthz}/healthz`), { process: scheduler.current }),
  ]);
  return {
    placementAddress: `127.0.0.1:${ports.placement}`,
    schedulerAddress: `127.0.0.1:${ports.scheduler}`,
    mtls: { sentryAddress, trustAnchors: readFileSync(caFile, 'utf8') },
    sentry,
    placement,
    scheduler,
    stop: async () => void (await Promise.all([placement.stop(), scheduler.stop()]).then(() => sentry.stop())),
  };
}
