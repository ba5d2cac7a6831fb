// The invariant checker as a library: `checkInvariants` answers the findings (for tests,
// the chaos tests among them); `formatReport` prints them as a table.
export * from './checker.ts';
export * from './client.ts';
export * from './compare.ts';
export * from './table.ts';
export * from './types.ts';
