// Mocha root hooks: the shared test platform is stopped once, after every test file ran.
import { stopTestPlatform } from './harness.ts';

export const mochaHooks = {
  async afterAll(this: { timeout(ms: number): void }) {
    this.timeout(60_000);
    await stopTestPlatform();
  },
};
