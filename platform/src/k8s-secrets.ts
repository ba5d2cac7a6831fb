// The Secrets a cluster needs that must never be in the repository, made fresh:
// `npm run --silent k8s -- secrets | kubectl apply -f -`. The platform's signing key pair,
// the first admin's login and the webhook key (as `npm start` makes them), each app's Dapr
// API token and app token (what `dapr.io/api-token-secret` and `dapr.io/app-token-secret`
// name), and the notification channels' addresses (placeholders until given).
import { randomBytes } from 'node:crypto';
import { TOPOLOGY } from '@winvestco/common';
import YAML from 'yaml';
import { CHANNELS_SECRET, NAMESPACE, objectNames, PLATFORM_SECRET } from './k8s.ts';
import { generateSecrets } from './secrets.ts';
import { runningApps, type Topology } from './topology-files.ts';

const secret = (name: string, stringData: Record<string, string>) => ({
  apiVersion: 'v1', kind: 'Secret', metadata: { name, namespace: NAMESPACE, labels: { 'app.kubernetes.io/part-of': 'winvestco' } }, type: 'Opaque', stringData,
});

export function clusterSecrets(topology: Topology = TOPOLOGY, env: Record<string, string | undefined> = process.env): object[] {
  const generated = generateSecrets();
  const tokens = runningApps(topology).flatMap((app) => {
    const n = objectNames(app);
    return [secret(n.apiToken, { token: randomBytes(24).toString('hex') }), secret(n.appToken, { token: randomBytes(24).toString('hex') })];
  });
  return [
    secret(PLATFORM_SECRET, { ...generated, ADMIN_EMAIL: env.ADMIN_EMAIL ?? generated.ADMIN_EMAIL }),
    secret(CHANNELS_SECRET, {
      SMTP_HOST: env.SMTP_HOST ?? 'smtp.invalid', SMTP_PORT: env.SMTP_PORT ?? '587',
      SMS_SINK_URL: env.SMS_URL ?? 'https://sms.invalid/send', PUSH_SINK_URL: env.PUSH_URL ?? 'https://push.invalid/send',
    }),
    ...tokens,
  ];
}

export function clusterSecretsYaml(topology: Topology = TOPOLOGY): string {
  return clusterSecrets(topology).map((s) => YAML.stringify(s, { lineWidth: 0 })).join('---\n');
}
