import { main } from '@winvestco/common';
import { buildNotificationService } from './app.ts';
import { readNotificationConfig } from './config.ts';
import { repositories } from './store.ts';

main(() => ({ config: readNotificationConfig(), repositories, build: buildNotificationService }));
