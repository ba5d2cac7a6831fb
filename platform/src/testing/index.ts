export * from './client.ts';
export * from './harness.ts';
export * from './sse.ts';
