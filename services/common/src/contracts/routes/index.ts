// Internal routes, declared once for their callee and their callers (see calls.ts).
export * from './funds.ts';
export * from './portfolio.ts';
export * from './market.ts';
export * from './trade.ts';
export * from './sessions.ts';
