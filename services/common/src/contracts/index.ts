import { fundsTopic } from './funds.ts';
import { ledgerTopic } from './ledger.ts';
import { marketTopic } from './market.ts';
import { ordersTopic } from './orders.ts';
import { paymentsTopic } from './payments.ts';
import type { Topic } from './topic.ts';
import { tradesTopic } from './trades.ts';
import { usersTopic } from './users.ts';

export * from './topic.ts';
export * from './users.ts';
export * from './funds.ts';
export * from './ledger.ts';
export * from './payments.ts';
export * from './market.ts';
export * from './trades.ts';
export * from './orders.ts';
export * from './routes/index.ts';

/** Every topic of the platform: the source of the brokers' publishing scopes. */
export const TOPICS: readonly Topic[] = [usersTopic, fundsTopic, ledgerTopic, paymentsTopic, marketTopic, ordersTopic, tradesTopic];
