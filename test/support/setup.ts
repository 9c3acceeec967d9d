import { initShellParser } from '../../server/src/service';

/** Mocha root hooks: the shell grammar loads once, asynchronously, before any test analyses a file. */
export const mochaHooks = {
  async beforeAll(): Promise<void> {
    await initShellParser();
  },
};
