import { loadConfig, main, Router } from '@winvestco/common';

// Scaffolding: the funds service's routes, use cases and store come next.
main(() => ({ config: loadConfig('funds'), repositories: () => ({}), build: async () => ({ routes: new Router() }) }));
