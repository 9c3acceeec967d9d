import * as assert from 'assert';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { DiagnosticSeverity } from 'vscode-languageserver-protocol';
import { binaryText, servingDeployment } from './manifests';
import { fileUri, LspClient, messageText, removeWorkspace, workspaceWith } from './lsp-client';

/** What a buggy or hurried client sends: the server answers clearly and keeps answering. */
describe('language server: client misuse', () => {
  let workspace: string;
  let client: LspClient;

  before(async () => {
    workspace = workspaceWith();
    client = await LspClient.start({ workspace, configuration: { maxFileSizeBytes: 4096 }, initializationOptions: { debounceMs: 0 } });
  });

  after(async () => {
    await client.stop();
    removeWorkspace(workspace);
  });

  /** The server still analyses a fresh document: nothing it was sent before broke it. */
  async function stillAnswers(name: string): Promise<void> {
    const diagnostics = await client.open(fileUri(workspace, name), 'yaml', servingDeployment);
    assert.ok(diagnostics.some((diagnostic) => diagnostic.code === 'k8s/prestop-missing'));
    await client.close(fileUri(workspace, name));
  }

  it('takes versions that go backwards, and keeps the text of the last change', async () => {
    const uri = fileUri(workspace, 'versions.yaml');
    await client.open(uri, 'yaml', 'kind: ConfigMap\n');
    const published = client.nextDiagnostics(uri, 3);
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 5 }, contentChanges: [{ text: 'a: 1\n' }] });
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: servingDeployment }] });
    assert.ok((await published).some((diagnostic) => diagnostic.code === 'k8s/prestop-missing'));
    await client.close(uri);
    await stillAnswers('after-versions.yaml');
  });

  it('ignores changes to a document that was never opened', async () => {
    const uri = fileUri(workspace, 'never-opened.yaml');
    await client.notify('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }, text: 'x' }] });
    await client.notify('textDocument/didClose', { textDocument: { uri } });
    await stillAnswers('after-unopened.yaml');
  });

  it('answers requests for a closed document with empty results', async () => {
    const uri = fileUri(workspace, 'closed.yaml');
    await client.open(uri, 'yaml', servingDeployment);
    await client.close(uri);
    assert.strictEqual(await client.hover(uri, { line: 5, character: 4 }), null);
    assert.deepStrictEqual(await client.codeActions(uri, { start: { line: 0, character: 0 }, end: { line: 1, character: 0 } }, []) ?? [], []);
    assert.deepStrictEqual(await client.codeLenses(uri), []);
  });

  it('takes cancelled requests and keeps answering', async () => {
    const uri = fileUri(workspace, 'cancel.yaml');
    await client.open(uri, 'yaml', servingDeployment);
    const requests = Array.from({ length: 10 }, () => {
      const source = new CancellationTokenSource();
      const answer = client.send('textDocument/hover', { textDocument: { uri }, position: { line: 5, character: 4 } }, source.token).then(() => 'answered', () => 'cancelled');
      source.cancel();
      return answer;
    });
    for (const outcome of await Promise.all(requests)) assert.ok(outcome === 'answered' || outcome === 'cancelled');
    assert.ok(await client.hover(uri, { line: 5, character: 4 }) !== undefined);
    await client.close(uri);
    await stillAnswers('after-cancel.yaml');
  });

  it('skips a file above the size limit with one information diagnostic that says how to raise it', async () => {
    const uri = fileUri(workspace, 'large.yaml');
    const large = `${servingDeployment}${'# padding\n'.repeat(500)}`;
    const diagnostics = await client.open(uri, 'yaml', large);
    assert.strictEqual(diagnostics.length, 1);
    assert.strictEqual(diagnostics[0].severity, DiagnosticSeverity.Information);
    assert.match(messageText(diagnostics[0]), /kubeGraceful\.maxFileSizeBytes/);
    await client.close(uri);
  });

  it('skips binary text opened as YAML, then analyses the document once it holds YAML', async () => {
    const uri = fileUri(workspace, 'binary.yaml');
    const diagnostics = await client.open(uri, 'yaml', binaryText);
    assert.strictEqual(diagnostics.length, 1);
    assert.match(messageText(diagnostics[0]), /binary/);
    const { diagnostics: analysed } = await client.change(uri, servingDeployment);
    assert.ok(analysed.some((diagnostic) => diagnostic.code === 'k8s/prestop-missing'));
    await client.close(uri);
  });
});
