import path from 'node:path';
import { daprBinary } from './paths.ts';
import { httpOk, startProcess, waitFor, type ManagedProcess } from './processes.ts';

export interface ControlPlanePorts {
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

export interface ControlPlane {
  placementAddress: string;
  schedulerAddress: string;
  processes: ManagedProcess[];
}

/** Placement (actors, hence workflows) and scheduler (workflow timers, reminders), loopback only. */
export async function startControlPlane(ports: ControlPlanePorts, stateDir: string, logDir: string, say: (m: string) => void): Promise<ControlPlane> {
  const common = ['--log-level', 'info', '--listen-address', '127.0.0.1', '--healthz-listen-address', '127.0.0.1', '--metrics-listen-address', '127.0.0.1'];
  const placement = startProcess({
    name: 'placement',
    command: daprBinary('placement'),
    args: [
      ...common,
      '--port', String(ports.placement),
      '--healthz-port', String(ports.placementHealthz),
      '--metrics-port', String(ports.placementMetrics),
      '--id', 'dapr-placement-0',
      '--initial-cluster', `dapr-placement-0=127.0.0.1:${ports.placementRaft}`,
    ],
    logFile: path.join(logDir, 'placement.log'),
  });
  const scheduler = startProcess({
    name: 'scheduler',
    command: daprBinary('scheduler'),
    args: [
      ...common,
      '--port', String(ports.scheduler),
      '--healthz-port', String(ports.schedulerHealthz),
      '--metrics-port', String(ports.schedulerMetrics),
      '--id', 'dapr-scheduler-server-0',
      '--etcd-data-dir', path.join(stateDir, 'scheduler-etcd'),
      '--etcd-client-port', String(ports.schedulerEtcdClient),
      '--etcd-client-listen-address', '127.0.0.1',
      '--etcd-initial-cluster', `dapr-scheduler-server-0=http://127.0.0.1:${ports.schedulerEtcdPeer}`,
    ],
    logFile: path.join(logDir, 'scheduler.log'),
  });
  say(`placement on 127.0.0.1:${ports.placement}, scheduler on 127.0.0.1:${ports.scheduler} (logs in ${logDir})`);
  await Promise.all([
    waitFor('placement to be healthy', () => httpOk(`http://127.0.0.1:${ports.placementHealthz}/healthz`), { process: placement }),
    waitFor('scheduler to be healthy', () => httpOk(`http://127.0.0.1:${ports.schedulerHealthz}/healthz`), { process: scheduler }),
  ]);
  return {
    placementAddress: `127.0.0.1:${ports.placement}`,
    schedulerAddress: `127.0.0.1:${ports.scheduler}`,
    processes: [placement, scheduler],
  };
}
