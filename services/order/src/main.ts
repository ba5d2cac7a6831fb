import { main } from '@winvestco/common';
import { buildOrderService } from './app.ts';
import { readOrderConfig } from './config.ts';
import { repositories } from './store.ts';

main(() => ({ config: readOrderConfig(), repositories, build: buildOrderService }));
