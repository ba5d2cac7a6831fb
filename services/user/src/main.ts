import { main } from '@winvestco/common';
import { buildUserService } from './app.ts';
import { readUserConfig } from './config.ts';
import { repositories } from './store.ts';

main(() => ({ config: readUserConfig(), repositories, build: buildUserService }));
