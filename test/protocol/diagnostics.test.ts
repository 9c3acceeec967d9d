import * as assert from 'assert';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-protocol';
import { binaryText, brokenYaml, servingDeployment, shellFormDockerfile } from './manifests';
import { fileUri, LspClient, messageText, positionOf, removeWorkspace, workspaceWith } from './lsp-client';

function withCode(diagnostics: Diagnostic[], code: string): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === code);
}

describe('language server: diagnostics', () => {
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

  it('reports a serving container without preStop, with its rule, docs link and lookup data', async () => {
    const uri = fileUri(workspace, 'deployment.yaml');
    const [diagnostic, ...others] = withCode(await client.open(uri, 'yaml', servingDeployment), 'k8s/prestop-missing');
    assert.strictEqual(others.length, 0);
    assert.strictEqual(diagnostic.source, 'kube-graceful');
    assert.strictEqual(diagnostic.severity, DiagnosticSeverity.Warning);
    assert.strictEqual(diagnostic.codeDescription?.href, 'https://github.com/kube-graceful/kube-graceful/blob/main/docs/rules/k8s/prestop-missing.md');
    assert.match(messageText(diagnostic), /`web`.*no preStop hook/);
    assert.strictEqual(diagnostic.range.start.line, positionOf(servingDeployment, '- name: web').line);
    assert.strictEqual(typeof (diagnostic.data as { key: unknown }).key, 'string');
  });

  it('clears the diagnostics of a closed document', async () => {
    assert.deepStrictEqual(await client.close(fileUri(workspace, 'deployment.yaml')), []);
  });

  it('reports a shell-form CMD in a Dockerfile', async () => {
    const diagnostics = await client.open(fileUri(workspace, 'Dockerfile'), 'dockerfile', shellFormDockerfile);
    const [diagnostic] = withCode(diagnostics, 'docker/shell-form');
    assert.ok(diagnostic, JSON.stringify(diagnostics));
    assert.strictEqual(diagnostic.range.start.line, 2);
  });

  it('takes the editor\'s language id for a Dockerfile its name does not reveal', async () => {
    const diagnostics = await client.open(fileUri(workspace, 'web.build'), 'dockerfile', shellFormDockerfile);
    assert.strictEqual(withCode(diagnostics, 'docker/shell-form').length, 1, JSON.stringify(diagnostics));
  });

  it('says why broken YAML is not analysed, and keeps answering', async () => {
    const uri = fileUri(workspace, 'broken.yaml');
    const diagnostics = await client.open(uri, 'yaml', brokenYaml);
    const notices = withCode(diagnostics, 'kube-graceful/not-analysed');
    assert.ok(notices.length > 0, JSON.stringify(diagnostics));
    assert.ok(notices.every((notice) => notice.severity === DiagnosticSeverity.Information && notice.source === 'kube-graceful' && notice.data === undefined));
    assert.strictEqual(await client.hover(uri, { line: 3, character: 3 }), null);
  });

  it('skips binary content with one notice, and keeps analysing other documents', async () => {
    const diagnostics = await client.open(fileUri(workspace, 'Dockerfile.binary'), 'dockerfile', binaryText);
    assert.strictEqual(diagnostics.length, 1, JSON.stringify(diagnostics));
    assert.strictEqual(diagnostics[0].code, 'kube-graceful/not-analysed');
    assert.match(messageText(diagnostics[0]), /binary/);
    const next = await client.open(fileUri(workspace, 'after-binary.yaml'), 'yaml', servingDeployment);
    assert.strictEqual(withCode(next, 'k8s/prestop-missing').length, 1);
  });

  it('publishes nothing for YAML that is not a Kubernetes manifest', async () => {
    assert.deepStrictEqual(await client.open(fileUri(workspace, 'values.yaml'), 'yaml', 'replicas: 2\nimage: web\n'), []);
  });

  it('logs a handler that throws and answers it with an empty result', async () => {
    const uri = fileUri(workspace, 'malformed-request.yaml');
    const [diagnostic] = withCode(await client.open(uri, 'yaml', servingDeployment), 'k8s/prestop-missing');
    // A code action request without context.diagnostics: the handler trips over it.
    const malformed = await client.codeActions(uri, diagnostic.range, undefined as unknown as Diagnostic[]);
    assert.deepStrictEqual(malformed, []);
    assert.ok(client.logs.some((line) => line.startsWith('codeAction failed: TypeError')), client.logs.join('\n'));
    assert.strictEqual(withCode(await client.open(fileUri(workspace, 'after-error.yaml'), 'yaml', servingDeployment), 'k8s/prestop-missing').length, 1);
  });

  it('answers requests for documents it does not know with null', async () => {
    assert.strictEqual(await client.hover(fileUri(workspace, 'never-opened.yaml'), { line: 0, character: 0 }), null);
    assert.strictEqual(await client.explain({ uri: fileUri(workspace, 'never-opened.yaml'), position: { line: 0, character: 0 } }), null);
  });
});
