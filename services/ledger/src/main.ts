import { main } from '@winvestco/common';
import { buildLedgerService } from './app.ts';
import { readLedgerConfig } from './config.ts';
import { repositories } from './store.ts';

main(() => ({ config: readLedgerConfig(), repositories, build: buildLedgerService }));
