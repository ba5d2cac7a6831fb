import { main } from '@winvestco/common';
import { buildReportService } from './app.ts';
import { readReportConfig } from './config.ts';
import { repositories } from './store.ts';

main(() => ({ config: readReportConfig(), repositories, build: buildReportService }));
