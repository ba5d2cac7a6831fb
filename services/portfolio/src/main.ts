import { main } from '@winvestco/common';
import { buildPortfolioService } from './app.ts';
import { readPortfolioConfig } from './config.ts';
import { repositories } from './store.ts';

main(() => ({ config: readPortfolioConfig(), repositories, build: buildPortfolioService }));
