import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

/**
 * The TextMate injection grammar that highlights suppression directives, run by the tokenizer VS
 * Code runs (vscode-textmate and vscode-oniguruma) over VS Code's own YAML, Dockerfile and shell
 * grammars: all taken from the VS Code server that scripts/vscode/install.sh puts in .cache.
 */
const root = path.resolve(__dirname, '..', '..', '..');
const vscodeDir = path.join(process.env.KUBE_GRACEFUL_VSCODE_DIR ?? path.join(root, '.cache', 'vscode-server'), 'package', 'lib', 'vscode');

interface Token { startIndex: number; endIndex: number; scopes: string[] }
interface Grammar { tokenizeLine(line: string, state: unknown): { tokens: Token[]; ruleStack: unknown } }
interface Registry { loadGrammar(scopeName: string): Promise<Grammar | null> }
interface TextMate {
  Registry: new (options: {
    onigLib: Promise<unknown>;
    loadGrammar(scopeName: string): Promise<unknown>;
    getInjections(scopeName: string): string[] | undefined;
  }) => Registry;
  INITIAL: unknown;
  parseRawGrammar(content: string, filePath: string): unknown;
}
interface Oniguruma {
  loadWASM(data: ArrayBuffer): Promise<void>;
  createOnigScanner(patterns: string[]): unknown;
  createOnigString(text: string): unknown;
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  contributes: { grammars: { scopeName: string; path: string; injectTo: string[] }[] };
};
const injections = manifest.contributes.grammars;

/** Every grammar VS Code ships, by scope name, and ours. */
function grammarFiles(): Map<string, string> {
  const files = new Map<string, string>(injections.map((injection) => [injection.scopeName, path.join(root, injection.path)]));
  const extensions = path.join(vscodeDir, 'extensions');
  for (const extension of fs.readdirSync(extensions)) {
    const syntaxes = path.join(extensions, extension, 'syntaxes');
    if (!fs.existsSync(syntaxes)) continue;
    for (const file of fs.readdirSync(syntaxes).filter((name) => name.endsWith('.json'))) {
      const { scopeName } = JSON.parse(fs.readFileSync(path.join(syntaxes, file), 'utf8')) as { scopeName?: string };
      if (scopeName) files.set(scopeName, path.join(syntaxes, file));
    }
  }
  return files;
}

describe('suppression directive highlighting in VS Code\'s grammars', () => {
  let registry: Registry;
  let textmate: TextMate;

  before(async function () {
    if (!fs.existsSync(vscodeDir)) throw new Error(`${vscodeDir} is missing: run scripts/vscode/install.sh first`);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    textmate = require(path.join(vscodeDir, 'node_modules', 'vscode-textmate')) as TextMate;
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const oniguruma = require(path.join(vscodeDir, 'node_modules', 'vscode-oniguruma')) as Oniguruma;
    const wasm = fs.readFileSync(path.join(vscodeDir, 'node_modules', 'vscode-oniguruma', 'release', 'onig.wasm'));
    await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
    const files = grammarFiles();
    registry = new textmate.Registry({
      onigLib: Promise.resolve({ createOnigScanner: oniguruma.createOnigScanner, createOnigString: oniguruma.createOnigString }),
      loadGrammar: async (scopeName) => {
        const file = files.get(scopeName);
        return file ? textmate.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
      },
      // As VS Code reads package.json's `injectTo`.
      getInjections: (scopeName) => injections.filter((injection) => injection.injectTo.includes(scopeName)).map((injection) => injection.scopeName),
    });
  });

  /** The pieces of the last line of `text` with their scopes. */
  async function lastLineTokens(scopeName: string, text: string): Promise<{ text: string; scopes: string[] }[]> {
    const grammar = await registry.loadGrammar(scopeName);
    assert.ok(grammar, `no grammar ${scopeName}`);
    let state = textmate.INITIAL;
    let last: { line: string; tokens: Token[] } = { line: '', tokens: [] };
    for (const line of text.split('\n')) {
      const result = grammar.tokenizeLine(line, state);
      state = result.ruleStack;
      last = { line, tokens: result.tokens };
    }
    return last.tokens.map((token) => ({ text: last.line.slice(token.startIndex, token.endIndex), scopes: token.scopes }));
  }

  /** Each piece as `text: innermost scope`. */
  async function tokens(scopeName: string, text: string): Promise<string[]> {
    return (await lastLineTokens(scopeName, text)).map((token) => `${token.text}: ${token.scopes[token.scopes.length - 1]}`);
  }

  const directiveScopes = (reason: string) => [
    'kube-graceful-ignore: keyword.control.directive.kube-graceful',
    'k8s/prestop-missing: entity.name.tag.rule-id.kube-graceful',
    'docker/shell-form: entity.name.tag.rule-id.kube-graceful',
    '--: punctuation.separator.reason.kube-graceful',
    `${reason}: string.unquoted.reason.kube-graceful`,
  ];

  const cases: { language: string; scopeName: string; text: string }[] = [
    { language: 'YAML, a comment line', scopeName: 'source.yaml', text: 'spec:\n  # kube-graceful-ignore k8s/prestop-missing, docker/shell-form -- drained by the mesh' },
    { language: 'YAML, after a value', scopeName: 'source.yaml', text: 'kind: Deployment # kube-graceful-ignore k8s/prestop-missing, docker/shell-form -- drained by the mesh' },
    { language: 'a Dockerfile', scopeName: 'source.dockerfile', text: 'FROM nginx:1.27\n# kube-graceful-ignore k8s/prestop-missing, docker/shell-form -- drained by the mesh' },
    { language: 'a shell script', scopeName: 'source.shell', text: '#!/bin/sh\nexec nginx # kube-graceful-ignore k8s/prestop-missing, docker/shell-form -- drained by the mesh' },
    { language: 'a shell script, on its own line', scopeName: 'source.shell', text: '#!/bin/sh\n  # kube-graceful-ignore k8s/prestop-missing, docker/shell-form -- drained by the mesh' },
  ];

  for (const { language, scopeName, text } of cases) {
    it(`highlights the directive, its rule ids and its reason in ${language}`, async () => {
      const scopes = await tokens(scopeName, text);
      for (const expected of directiveScopes('drained by the mesh')) assert.ok(scopes.includes(expected), `${expected} not in ${JSON.stringify(scopes)}`);
    });
  }

  const notComments: { where: string; scopeName: string; text: string }[] = [
    { where: 'a YAML string', scopeName: 'source.yaml', text: 'note: "# kube-graceful-ignore k8s/prestop-missing"' },
    { where: 'a Dockerfile instruction', scopeName: 'source.dockerfile', text: 'LABEL note="# kube-graceful-ignore k8s/prestop-missing"' },
    { where: 'a shell string', scopeName: 'source.shell', text: 'echo "# kube-graceful-ignore k8s/prestop-missing"' },
    { where: 'a shell word', scopeName: 'source.shell', text: 'echo a#kube-graceful-ignore' },
  ];
  for (const { where, scopeName, text } of notComments) {
    it(`leaves the words alone outside comments: ${where}`, async () => {
      const pieces = await lastLineTokens(scopeName, text);
      assert.ok(!pieces.some((piece) => piece.scopes.some((scope) => scope.endsWith('.kube-graceful'))), JSON.stringify(pieces));
    });
  }

  it('keeps a directive comment a comment for themes', async () => {
    for (const { scopeName, text } of cases) {
      const directive = (await lastLineTokens(scopeName, text)).find((piece) => piece.text === 'kube-graceful-ignore');
      assert.ok(directive?.scopes.some((scope) => scope.startsWith('comment.line.number-sign')), `${scopeName}: ${JSON.stringify(directive)}`);
    }
  });
});
