import { loadConfig, main, Router } from '@winvestco/common';

// Scaffolding: the portfolio service's routes, use cases and store come next.
main(() => ({ config: loadConfig('portfolio'), repositories: () => ({}), build: async () => ({ routes: new Router() }) }));
