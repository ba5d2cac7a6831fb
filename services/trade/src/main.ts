import { main } from '@winvestco/common';
import { buildTradeService } from './app.ts';
import { readTradeConfig } from './config.ts';
import { repositories } from './store.ts';

main(() => ({ config: readTradeConfig(), repositories, build: buildTradeService }));
