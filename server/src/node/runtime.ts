import * as fs from 'fs';
import * as path from 'path';
import { initShellParser } from '../service';

/**
 * Loads the shell grammar for a front end running on Node: from beside the bundle (dist/) when
 * installed, from node_modules when run from the TypeScript output during development and tests.
 */
export function initRuntime(): Promise<void> {
  const bundled = path.join(__dirname, 'tree-sitter-bash.wasm');
  return initShellParser(fs.existsSync(bundled)
    ? { runtimeWasm: path.join(__dirname, 'tree-sitter.wasm'), grammarWasm: bundled }
    : { runtimeWasm: require.resolve('web-tree-sitter/tree-sitter.wasm'), grammarWasm: require.resolve('tree-sitter-bash/tree-sitter-bash.wasm') });
}
