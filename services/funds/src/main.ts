import { main } from '@winvestco/common';
import { buildFundsService } from './app.ts';
import { readFundsConfig } from './config.ts';
import { repositories } from './store.ts';

main(() => ({ config: readFundsConfig(), repositories, build: buildFundsService }));
