// Bundles the extension client and the CLI (which also runs the language server) with esbuild,
// so the shipped extension and the `kube-graceful` bin carry no node_modules. The shell grammar is
// WebAssembly and is copied beside the bundle.
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const { version } = JSON.parse(readFileSync('package.json', 'utf8'));
const production = process.argv.includes('--production');
// web-tree-sitter's ESM build reads import.meta.url, which a CommonJS bundle does not have: use its CJS build.
const cjsWebTreeSitter = {
  name: 'cjs-web-tree-sitter',
  setup(build) {
    build.onResolve({ filter: /^web-tree-sitter$/ }, () => ({ path: require.resolve('web-tree-sitter') }));
  },
};
// The .wasm files are copied beside the bundle, which loads them from there; the node_modules
// lookup (for running from the TypeScript output) is never taken in the bundle.
const wasmInNodeModules = ['web-tree-sitter/tree-sitter.wasm', 'tree-sitter-bash/tree-sitter-bash.wasm'];
const common = { plugins: [cjsWebTreeSitter], external: wasmInNodeModules, bundle: true, platform: 'node', target: 'node20', format: 'cjs', sourcemap: !production, minify: production, logLevel: 'warning' };

mkdirSync('dist', { recursive: true });
await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode', ...wasmInNodeModules] }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/bin.ts'], outfile: 'dist/cli.js', define: { KUBE_GRACEFUL_VERSION: JSON.stringify(version) }, banner: { js: '#!/usr/bin/env node' } }),
]);
chmodSync('dist/cli.js', 0o755);
copyFileSync(require.resolve('web-tree-sitter/tree-sitter.wasm'), 'dist/tree-sitter.wasm');
copyFileSync(require.resolve('tree-sitter-bash/tree-sitter-bash.wasm'), 'dist/tree-sitter-bash.wasm');
