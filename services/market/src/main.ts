import { main } from '@winvestco/common';
import { buildMarketService } from './app.ts';
import { readMarketConfig } from './config.ts';
import { repositories } from './store.ts';

main(() => ({ config: readMarketConfig(), repositories, build: buildMarketService }));
