import { main } from '@winvestco/common';
import { buildPaymentService } from './app.ts';
import { readPaymentConfig } from './config.ts';
import { repositories } from './store.ts';

main(() => ({ config: readPaymentConfig(), repositories, build: buildPaymentService }));
