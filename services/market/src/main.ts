import { loadConfig, main, Router } from '@winvestco/common';

// Scaffolding: the market service's routes, use cases and store come next.
main(() => ({ config: loadConfig('market'), repositories: () => ({}), build: async () => ({ routes: new Router() }) }));
