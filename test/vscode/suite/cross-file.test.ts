import * as assert from 'assert';
import * as vscode from 'vscode';
import { diagnosticsWhen, hasRule, lacksRule, open, quickFixesWhen, revertAll, ruleOf, workspaceFile } from './helpers';

/** Findings whose other half lives in another file, and fixes that edit or create other files. */
describe('kube-graceful across files in VS Code', () => {
  afterEach(revertAll);

  it('shows a finding on an entry script that a Dockerfile of the workspace runs', async () => {
    const script = workspaceFile('gateway/entrypoint.sh');
    await open('gateway/entrypoint.sh');
    const [diagnostic] = (await diagnosticsWhen(script, hasRule('shell/background-without-trap'))).filter((d) => ruleOf(d) === 'shell/background-without-trap');
    assert.match(diagnostic.message, /entrypoint\.sh is the ENTRYPOINT of gateway\/Dockerfile \(line 5\)/);
  });

  it('adds STOPSIGNAL to the Dockerfile that builds the image, from the manifest', async () => {
    const manifest = workspaceFile('deploy/proxy.yaml');
    const dockerfile = workspaceFile('proxy/Dockerfile');
    await open('deploy/proxy.yaml');
    const title = 'Add STOPSIGNAL SIGQUIT in proxy/Dockerfile';
    const fix = (await quickFixesWhen(manifest, 'k8s/stop-signal', (actions) => actions.some((action) => action.title === title))).find((action) => action.title === title);
    assert.ok(fix?.edit, 'no cross-file fix');
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    const edited = await vscode.workspace.openTextDocument(dockerfile);
    assert.strictEqual(edited.getText(), 'FROM debian:12\nRUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*\n'
      + 'STOPSIGNAL SIGQUIT\nCMD ["nginx", "-g", "daemon off;"]\n');
    await diagnosticsWhen(manifest, lacksRule('k8s/stop-signal'));
  });

  it('writes a new trap-based entry script and points the Dockerfile at it', async () => {
    const script = workspaceFile('gateway/entrypoint.sh');
    await open('gateway/entrypoint.sh');
    const creates = (action: vscode.CodeAction) => action.title.startsWith('Write a trap-based entrypoint-graceful.sh');
    const create = (await quickFixesWhen(script, 'shell/background-without-trap', (actions) => actions.some(creates))).find(creates);
    assert.ok(create?.edit, 'no fix that creates the script');
    assert.ok(await vscode.workspace.applyEdit(create.edit));
    const created = await vscode.workspace.openTextDocument(workspaceFile('gateway/entrypoint-graceful.sh'));
    assert.match(created.getText(), /^#!\/bin\/sh\n/);
    assert.match(created.getText(), /trap .* TERM/);
    const dockerfile = await vscode.workspace.openTextDocument(workspaceFile('gateway/Dockerfile'));
    assert.match(dockerfile.getText(), /entrypoint-graceful\.sh/);
    await vscode.workspace.fs.delete(workspaceFile('gateway/entrypoint-graceful.sh'));
  });
});
