import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

/** The .vsix carries every file the manifest points at, and nothing of the sources, tests or node_modules. */
const root = path.resolve(__dirname, '..', '..', '..');

describe('packaging', function () {
  this.timeout(60_000);

  it('ships every file package.json names, and only the bundle', () => {
    const vsce = require.resolve('@vscode/vsce/vsce');
    const listed = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
      .split('\n').map((line) => line.trim()).filter((line) => line !== '');
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    const named = [
      manifest.main, manifest.icon,
      ...(manifest.contributes.grammars ?? []).map((grammar: { path: string }) => grammar.path),
      ...(manifest.contributes.yamlValidation ?? []).map((validation: { url: string }) => validation.url),
    ].map((file: string) => path.posix.normalize(file));
    for (const file of named) assert.ok(listed.includes(file), `${file} is named in package.json but not packaged`);
    assert.ok(listed.includes('dist/cli.js') && listed.includes('dist/tree-sitter-bash.wasm'), 'the server bundle and its grammar');
    assert.deepStrictEqual(listed.filter((file) => /^(server|client|test|scripts|node_modules|out)\//.test(file) || file.endsWith('.ts') || file.endsWith('.map')), []);
  });
});
