import { loadConfig, main, Router } from '@winvestco/common';

// Scaffolding: the payment service's routes, use cases and store come next.
main(() => ({ config: loadConfig('payment'), repositories: () => ({}), build: async () => ({ routes: new Router() }) }));
