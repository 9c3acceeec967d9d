import { initRuntime } from '../../server/src/node/runtime';

/** Mocha root hooks: the shell grammar loads once, asynchronously, before any test analyses a file. */
export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await initRuntime();
  },
};
