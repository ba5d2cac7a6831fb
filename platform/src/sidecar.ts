import { daprBinary } from './paths.ts';
import { startProcess, type ManagedProcess } from './processes.ts';

export interface SidecarSpec {
  appId: string;
  appPort: number;
  httpPort: number;
  grpcPort: number;
  internalGrpcPort: number;
  metricsPort: number;
  resourcesPaths: string[];
  configFiles: string[];
  /** Absent: no actors, workflows or jobs (a sidecar outside the platform's trust cannot reach them). */
  controlPlane?: { placementAddress: string; schedulerAddress: string };
  /** Sentry's address and the trust anchors; absent: no mTLS (the development profile). */
  mtls?: { sentryAddress: string; trustAnchors: string };
  /** daprd runs in the app's folder, as under `dapr run -f`. */
  cwd: string;
  logFile: string;
  logLevel?: string;
  /** daprd's environment: tokens and DAPR_HOST_IP. */
  env: Record<string, string | undefined>;
}

/** daprd on loopback only: HTTP, gRPC, internal gRPC and metrics all bound to 127.0.0.1. */
export function startSidecar(spec: SidecarSpec): ManagedProcess {
  return startProcess({
    name: `${spec.appId}:daprd`,
    command: daprBinary('daprd'),
    args: [
      '--app-id', spec.appId,
      '--app-port', String(spec.appPort),
      '--app-protocol', 'http',
      '--app-channel-address', '127.0.0.1',
      // An app that is not ready (its database or its workflow worker gone) gets no events and
      // no calls until it is again: the broker keeps its messages instead of Dapr's retries
      // running out into the dead-letter topic.
      '--enable-app-health-check', '--app-health-check-path', '/readyz',
      '--app-health-probe-interval', '2', '--app-health-probe-timeout', '1500', '--app-health-threshold', '2',
      '--dapr-http-port', String(spec.httpPort),
      '--dapr-grpc-port', String(spec.grpcPort),
      '--dapr-internal-grpc-port', String(spec.internalGrpcPort),
      '--dapr-listen-addresses', '127.0.0.1',
      '--dapr-internal-grpc-listen-address', '127.0.0.1',
      '--metrics-port', String(spec.metricsPort),
      '--metrics-listen-address', '127.0.0.1',
      ...spec.configFiles.flatMap((file) => ['--config', file]),
      ...spec.resourcesPaths.flatMap((p) => ['--resources-path', p]),
      ...(spec.controlPlane ? ['--placement-host-address', spec.controlPlane.placementAddress, '--scheduler-host-address', spec.controlPlane.schedulerAddress] : []),
      '--log-level', spec.logLevel ?? 'info',
      '--dapr-graceful-shutdown-seconds', '3',
      // daprd ignores spec.mtls in its Configuration: the flags and the variable below are what count.
      ...(spec.mtls ? ['--enable-mtls', '--sentry-address', spec.mtls.sentryAddress] : []),
    ],
    cwd: spec.cwd,
    env: { DAPR_HOST_IP: '127.0.0.1', ...(spec.mtls ? { DAPR_TRUST_ANCHORS: spec.mtls.trustAnchors } : {}), ...spec.env },
    logFile: spec.logFile,
  });
}
