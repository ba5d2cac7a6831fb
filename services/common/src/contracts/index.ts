import type { Topic } from './topic.ts';
import { usersTopic } from './users.ts';

export * from './topic.ts';
export * from './users.ts';

/** Every topic of the platform: the source of the brokers' publishing scopes. */
export const TOPICS: readonly Topic[] = [usersTopic];
