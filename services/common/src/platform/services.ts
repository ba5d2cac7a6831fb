/** The ten services; every one has a database from the first start on. */
export const SERVICES = ['user', 'market', 'portfolio', 'funds', 'ledger', 'order', 'trade', 'payment', 'notification', 'report'] as const;
export type ServiceName = (typeof SERVICES)[number];

export function appIdOf(service: string): string {
  return `${service}-service`;
}

export function serviceOf(appId: string): string {
  return appId.replace(/-service$/, '');
}
