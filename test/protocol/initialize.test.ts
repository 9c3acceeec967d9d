import * as assert from 'assert';
import { CodeActionKind, TextDocumentSyncKind, type TextDocumentSyncOptions } from 'vscode-languageserver-protocol';
import { fileUri, LspClient, removeWorkspace, workspaceWith } from './lsp-client';

describe('language server: handshake', () => {
  let workspace: string;
  let client: LspClient;

  before(async () => {
    workspace = workspaceWith();
    client = await LspClient.start({ workspace });
  });

  after(async () => {
    await client.stop();
    removeWorkspace(workspace);
  });

  it('announces incremental sync, hover and both code action kinds', () => {
    const { capabilities } = client.initializeResult;
    const sync = capabilities.textDocumentSync as TextDocumentSyncOptions;
    assert.strictEqual(sync.openClose, true);
    assert.strictEqual(sync.change, TextDocumentSyncKind.Incremental);
    assert.strictEqual(capabilities.hoverProvider, true);
    assert.deepStrictEqual(capabilities.codeActionProvider, { codeActionKinds: [CodeActionKind.QuickFix, 'source.fixAll.kubeGraceful'] });
  });

  it('registers file watchers for manifests, Dockerfiles and scripts', async () => {
    // Analyses wait until the server has registered its watchers and scanned the workspace:
    // once diagnostics arrive, the registration has been received.
    await client.open(fileUri(workspace, 'Dockerfile'), 'dockerfile', 'FROM scratch\n');
    const watchers = (client.registered('workspace/didChangeWatchedFiles') as { watchers: { globPattern: string }[] }[])
      .flatMap((options) => options.watchers.map((watcher) => watcher.globPattern));
    assert.ok(watchers.includes('**/*.{yaml,yml}'), watchers.join(', '));
    assert.ok(watchers.some((glob) => glob.includes('Dockerfile')), watchers.join(', '));
  });

  it('registers for changes to its settings section', () => {
    assert.deepStrictEqual(client.registered('workspace/didChangeConfiguration'), [{ section: 'kubeGraceful' }]);
  });

  it('ends with exit code 0 after shutdown and exit', async () => {
    assert.strictEqual(await client.stop(), 0);
  });
});
