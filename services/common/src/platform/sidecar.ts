import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import YAML from 'yaml';
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
  configFile: string;
  placementAddress: string;
  schedulerAddress: string;
  logFile: string;
  logLevel?: string;
  /** daprd's environment: tokens, DAPR_HOST_IP, and the WINVESTCO_* values the env secret store serves. */
  env: Record<string, string | undefined>;
}

/**
 * Writes a copy of dapr/config.yaml whose sqlite name-resolution database lives in this
 * run's state folder, so a test run never resolves to the sidecars of a running platform.
 */
export function writeRunConfig(template: string, stateDir: string): string {
  const config = YAML.parse(readFileSync(template, 'utf8'));
  config.spec.nameResolution.configuration.connectionString = path.join(stateDir, 'nameresolution.db');
  const file = path.join(stateDir, 'config.yaml');
  writeFileSync(file, YAML.stringify(config));
  return file;
}

export function startSidecar(spec: SidecarSpec): ManagedProcess {
  return startProcess({
    name: `${spec.appId}:daprd`,
    command: daprBinary('daprd'),
    args: [
      '--app-id', spec.appId,
      '--app-port', String(spec.appPort),
      '--app-protocol', 'http',
      '--app-channel-address', '127.0.0.1',
      '--dapr-http-port', String(spec.httpPort),
      '--dapr-grpc-port', String(spec.grpcPort),
      '--dapr-internal-grpc-port', String(spec.internalGrpcPort),
      '--dapr-listen-addresses', '127.0.0.1',
      '--dapr-internal-grpc-listen-address', '127.0.0.1',
      '--metrics-port', String(spec.metricsPort),
      '--metrics-listen-address', '127.0.0.1',
      '--config', spec.configFile,
      ...spec.resourcesPaths.flatMap((p) => ['--resources-path', p]),
      '--placement-host-address', spec.placementAddress,
      '--scheduler-host-address', spec.schedulerAddress,
      '--log-level', spec.logLevel ?? 'info',
      '--dapr-graceful-shutdown-seconds', '3',
    ],
    env: { DAPR_HOST_IP: '127.0.0.1', ...spec.env },
    logFile: spec.logFile,
  });
}
