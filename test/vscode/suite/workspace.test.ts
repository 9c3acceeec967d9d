import * as assert from 'assert';
import * as vscode from 'vscode';
import { diagnosticsWhen, hasRule, workspaceFile } from './helpers';

describe('kube-graceful Check Workspace in VS Code', () => {
  it('puts the findings of files nobody opened into the Problems panel', async () => {
    const dockerfile = workspaceFile('checked/Dockerfile');
    assert.ok(!vscode.workspace.textDocuments.some((document) => document.uri.toString() === dockerfile.toString()), 'the file must not be open');
    const found = diagnosticsWhen(dockerfile, hasRule('docker/shell-form'));
    const result = await vscode.commands.executeCommand<{ files: number; findings: number; cancelled: boolean }>('kubeGraceful.checkWorkspace');
    assert.strictEqual(result?.cancelled, false);
    assert.ok(result.files >= 8, `only ${result.files} files checked`);
    await found;
  });
});
