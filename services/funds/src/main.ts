import { loadConfig, main } from '@winvestco/common';
import { buildFundsService } from './app.ts';
import { repositories } from './store.ts';

main(() => ({ config: loadConfig('funds'), repositories, build: buildFundsService }));
