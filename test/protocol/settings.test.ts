import * as assert from 'assert';
import { DiagnosticSeverity, type CodeAction, type Diagnostic } from 'vscode-languageserver-protocol';
import { servingDeployment } from './manifests';
import { fileUri, LspClient, removeWorkspace, workspaceWith } from './lsp-client';

function prestopMissing(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === 'k8s/prestop-missing');
}

describe('language server: settings pulled with workspace/configuration', () => {
  let workspace: string;
  let client: LspClient;

  before(async () => {
    workspace = workspaceWith();
    client = await LspClient.start({ workspace, configuration: { rules: { 'k8s/prestop-missing': 'off' } }, initializationOptions: { debounceMs: 20 } });
  });

  after(async () => {
    await client.stop();
    removeWorkspace(workspace);
  });

  it('applies the editor\'s settings from the first analysis', async () => {
    assert.deepStrictEqual(prestopMissing(await client.open(fileUri(workspace, 'deployment.yaml'), 'yaml', servingDeployment)), []);
  });

  it('pulls them again on didChangeConfiguration and re-validates the open documents', async () => {
    client.configuration = { rules: { 'k8s/prestop-missing': 'error' } };
    const published = client.nextDiagnostics(fileUri(workspace, 'deployment.yaml'));
    await client.configurationChanged();
    const [diagnostic] = prestopMissing(await published);
    assert.strictEqual(diagnostic?.severity, DiagnosticSeverity.Error);
  });
});

describe('language server: settings from initializationOptions', () => {
  let workspace: string;
  let client: LspClient;

  before(async () => {
    workspace = workspaceWith();
    client = await LspClient.start({ workspace, initializationOptions: { kubernetesVersion: '1.29', rules: { 'k8s/prestop-missing': 'hint' } } });
  });

  after(async () => {
    await client.stop();
    removeWorkspace(workspace);
  });

  it('uses them when the editor cannot be asked', async () => {
    const uri = fileUri(workspace, 'deployment.yaml');
    const [diagnostic] = prestopMissing(await client.open(uri, 'yaml', servingDeployment));
    assert.strictEqual(diagnostic?.severity, DiagnosticSeverity.Hint);
    const actions = await client.codeActions(uri, diagnostic.range, [diagnostic]) as CodeAction[];
    // Before Kubernetes 1.30 the native sleep action does not exist: the exec form is the fix.
    assert.match(actions.find((action) => action.isPreferred)?.title ?? '', /exec/);
  });

  it('takes settings pushed with didChangeConfiguration over them', async () => {
    client.configuration = { rules: { 'k8s/prestop-missing': 'error' } };
    const published = client.nextDiagnostics(fileUri(workspace, 'deployment.yaml'));
    await client.configurationChanged();
    assert.strictEqual(prestopMissing(await published)[0]?.severity, DiagnosticSeverity.Error);
  });
});
