export * from './client.ts';
export * from './harness.ts';
