import * as assert from 'assert';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { applyEdits } from '../../server/src/service';
import { servingDeployment } from './manifests';
import { fileUri, isCodeAction, LspClient, removeWorkspace, workspaceWith } from './lsp-client';

const PRESTOP_MISSING = 'k8s/prestop-missing';

describe('language server: project file and suppression', () => {
  let workspace: string;
  let client: LspClient;

  before(async () => {
    workspace = workspaceWith({ '.kube-graceful.yaml': 'rules:\n  k8s/prestop-missing: info\n' });
    // The editor setting says error; the project file says info and wins.
    client = await LspClient.start({ workspace, initializationOptions: { debounceMs: 20 }, configuration: { rules: { [PRESTOP_MISSING]: 'error' } } });
  });

  after(async () => {
    await client.stop();
    removeWorkspace(workspace);
  });

  it('takes the severity from the project file over the editor settings, and the hover says so', async () => {
    const uri = fileUri(workspace, 'deploy.yaml');
    const [diagnostic] = (await client.open(uri, 'yaml', servingDeployment)).filter((candidate) => candidate.code === PRESTOP_MISSING);
    assert.strictEqual(diagnostic.severity, 3);
    const hover = await client.hover(uri, diagnostic.range.start);
    assert.match(JSON.stringify(hover?.contents), /Severity info, from \.kube-graceful\.yaml line 2/);
  });

  it('offers "Ignore <rule-id> for this line", whose comment silences the finding', async () => {
    const uri = fileUri(workspace, 'ignore.yaml');
    const [diagnostic] = (await client.open(uri, 'yaml', servingDeployment)).filter((candidate) => candidate.code === PRESTOP_MISSING);
    const actions = (await client.codeActions(uri, diagnostic.range, [diagnostic])) ?? [];
    const ignore = actions.filter(isCodeAction).find((action: CodeAction) => action.title === `Ignore ${PRESTOP_MISSING} for this line`);
    assert.ok(ignore, JSON.stringify(actions.map((action) => action.title)));
    assert.strictEqual(ignore.isPreferred, false);
    const text = applyEdits(servingDeployment, ignore.edit!.changes![uri]);
    assert.match(text, /^ *# kube-graceful-ignore k8s\/prestop-missing\n/m);
    const { diagnostics: after } = await client.change(uri, text);
    assert.deepStrictEqual(after.filter((candidate) => candidate.code === PRESTOP_MISSING), []);
  });

  it('reports mistakes in the project file on the file itself', async () => {
    const uri = fileUri(workspace, '.kube-graceful.yaml');
    const diagnostics = await client.open(uri, 'yaml', 'rules:\n  k8s/prestop-missing: loud\n');
    assert.deepStrictEqual(diagnostics.map((diagnostic) => [diagnostic.code, diagnostic.severity, diagnostic.range.start.line]), [['kube-graceful/config', 2, 1]]);
  });
});
