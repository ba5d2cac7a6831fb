import { loadConfig, main, Router } from '@winvestco/common';

// Scaffolding: the ledger service's routes, use cases and store come next.
main(() => ({ config: loadConfig('ledger'), repositories: () => ({}), build: async () => ({ routes: new Router() }) }));
