import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  diagnosticsWhen, EXTENSION_ID, hasRule, lacksRule, open, positionOf, quickFixesWhen, revertAll, ruleOf, tabWhen, workspaceFile,
} from './helpers';

/** The extension as users get it, driven through the real `vscode` API on a fixture workspace. */
describe('kube-graceful in VS Code', () => {
  const deployment = workspaceFile('deploy/web.yaml');
  const dockerfile = workspaceFile('web/Dockerfile');

  before(async () => {
    await open('deploy/web.yaml');
    await diagnosticsWhen(deployment, hasRule('k8s/prestop-missing'));
  });

  afterEach(revertAll);

  it('is activated by the YAML it serves, from where the test expects it', () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    assert.ok(extension.isActive);
    const expected = process.env.KUBE_GRACEFUL_EXPECT_EXTENSION_PATH;
    if (expected) assert.strictEqual(extension.extensionUri.path, vscode.Uri.file(expected).path);
  });

  it('shows a finding on a Deployment with code, source and docs link', async () => {
    const [diagnostic] = (await diagnosticsWhen(deployment, hasRule('k8s/prestop-missing'))).filter((d) => ruleOf(d) === 'k8s/prestop-missing');
    assert.strictEqual(diagnostic.source, 'kube-graceful');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Warning);
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.strictEqual(code.target.toString(true), 'https://github.com/kube-graceful/kube-graceful/blob/main/docs/rules/k8s/prestop-missing.md');
    assert.match(diagnostic.message, /Service `web`/, 'the Service in another file of the workspace is seen');
    assert.deepStrictEqual([diagnostic.range.start.line, diagnostic.range.start.character], [16, 16]);
  });

  it('shows a finding on a Dockerfile', async () => {
    await open('web/Dockerfile');
    const diagnostics = await diagnosticsWhen(dockerfile, hasRule('docker/shell-form'));
    assert.match(diagnostics[0].message, /Debian's dash/);
  });

  it('fixes a finding with its preferred quick fix, and the finding goes away', async () => {
    const editor = await open('deploy/web.yaml');
    const actions = await quickFixesWhen(deployment, 'k8s/prestop-missing', (candidates) => candidates.length > 0);
    assert.deepStrictEqual(actions.map((action) => [action.title, action.isPreferred ?? false]), [
      ['Add preStop sleep action (5 s, Kubernetes 1.30+)', true],
      ['Add preStop exec `sleep 5`', false],
      ['Ignore k8s/prestop-missing for this line', false],
    ]);
    assert.ok(await vscode.workspace.applyEdit(actions[0].edit!));
    assert.ok(editor.document.getText().endsWith('          lifecycle:\n            preStop:\n              sleep:\n                seconds: 5\n'), editor.document.getText());
    await diagnosticsWhen(deployment, lacksRule('k8s/prestop-missing'));
  });

  it('ignores a finding with the "Ignore <rule-id> for this line" quick fix', async () => {
    const editor = await open('deploy/web.yaml');
    const title = 'Ignore k8s/prestop-missing for this line';
    const ignore = (await quickFixesWhen(deployment, 'k8s/prestop-missing', (actions) => actions.some((action) => action.title === title))).find((action) => action.title === title);
    assert.ok(ignore?.edit);
    assert.ok(await vscode.workspace.applyEdit(ignore.edit));
    assert.match(editor.document.getText(), /^ *# kube-graceful-ignore k8s\/prestop-missing\n/m);
    await diagnosticsWhen(deployment, lacksRule('k8s/prestop-missing'));
  });

  it('shows the shutdown timeline on hover with the manifest\'s numbers', async () => {
    const editor = await open('deploy/web.yaml');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', deployment,
      positionOf(editor.document, 'terminationGracePeriodSeconds').translate(0, 3));
    const text = hovers.flatMap((hover) => hover.contents.map((content) => (typeof content === 'string' ? content : content.value))).join('\n');
    assert.match(text, /Shutdown of Deployment `web`\*\* — terminationGracePeriodSeconds 45/);
    assert.match(text, /\| 45 s \| {2}\| SIGKILL \|/);
    assert.match(text, /\| 0 s \| `web` \| SIGTERM\? → a shell, not the server \|/, 'the Dockerfile\'s shell-form CMD leaves dash as PID 1');
  });

  it('opens the Explain Pod Shutdown view for the workload under the cursor', async () => {
    const editor = await open('deploy/web.yaml');
    editor.selection = new vscode.Selection(positionOf(editor.document, 'containers'), positionOf(editor.document, 'containers'));
    const shown = await vscode.commands.executeCommand<boolean>('kubeGraceful.explainPodShutdown');
    assert.strictEqual(shown, true);
    const tab = await tabWhen((candidate) => candidate.input instanceof vscode.TabInputWebview && candidate.input.viewType.endsWith('kubeGraceful.explain'));
    assert.strictEqual(tab.label, 'Deployment web');
    // The view reveals itself after opening: close it through the tab as it is now.
    await vscode.window.tabGroups.close(await tabWhen((candidate) => candidate.label === 'Deployment web'));
  });

  it('puts an Explain pod shutdown lens above each workload', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', deployment);
    assert.deepStrictEqual(lenses.map((lens) => [lens.range.start.line, lens.command?.title, lens.command?.command]),
      [[2, 'Explain pod shutdown', 'kubeGraceful.explainPodShutdown']]);
  });

  it('offers the exec fix first when the cluster is older than 1.30', async () => {
    await open('deploy/web.yaml');
    const settings = vscode.workspace.getConfiguration('kubeGraceful');
    await settings.update('kubernetesVersion', '1.29', vscode.ConfigurationTarget.Workspace);
    try {
      const actions = await quickFixesWhen(deployment, 'k8s/prestop-missing', (candidates) => candidates[0]?.title === 'Add preStop exec `sleep 5`');
      assert.deepStrictEqual(actions.map((action) => [action.title, action.isPreferred ?? false]), [
        ['Add preStop exec `sleep 5`', true],
        ['Add preStop sleep action (5 s, Kubernetes 1.30+)', false],
        ['Ignore k8s/prestop-missing for this line', false],
      ]);
    } finally {
      await settings.update('kubernetesVersion', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  it('clears its diagnostics when switched off with kubeGraceful.enable, and analyses again when switched on', async () => {
    await open('deploy/web.yaml');
    const settings = vscode.workspace.getConfiguration('kubeGraceful');
    await settings.update('enable', false, vscode.ConfigurationTarget.Workspace);
    try {
      await diagnosticsWhen(deployment, (diagnostics) => diagnostics.length === 0);
      assert.strictEqual(await vscode.commands.executeCommand<boolean>('kubeGraceful.explainPodShutdown'), false, 'no view while switched off');
    } finally {
      await settings.update('enable', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await diagnosticsWhen(deployment, hasRule('k8s/prestop-missing'));
  });
});
