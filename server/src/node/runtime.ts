import * as fs from 'fs';
import * as path from 'path';
import { initShellParser } from '../service';

/**
 * Loads the shell grammar for a front end running on Node: from beside the bundle (dist/) when
 * installed, from node_modules when run from the TypeScript output during development.
 */
export function initRuntime(): Promise<void> {
  const bundled = fs.existsSync(path.join(__dirname, 'tree-sitter-bash.wasm'));
  return initShellParser(bundled ? { wasmDirectory: __dirname } : {});
}
