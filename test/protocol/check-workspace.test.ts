import * as assert from 'assert';
import type { CheckWorkspaceProgress } from '../../server/src/lsp/protocol';
import { portlessDeployment, webService } from './manifests';
import { fileUri, LspClient, removeWorkspace, workspaceWith } from './lsp-client';

describe('language server: Check Workspace', () => {
  let root: string;
  let client: LspClient;

  before(async () => {
    root = workspaceWith({
      'deploy/deployment.yaml': portlessDeployment,
      'deploy/service.yaml': webService,
      'web/Dockerfile': 'FROM python:3.12-slim\nCMD gunicorn app:app\n',
      'README.md': '# not ours\n',
    });
    client = await LspClient.start({ workspace: root, initializationOptions: { debounceMs: 20 } });
  });

  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('publishes diagnostics for files nobody opened, with progress', async () => {
    const deployment = client.nextDiagnostics(fileUri(root, 'deploy/deployment.yaml'));
    const dockerfile = client.nextDiagnostics(fileUri(root, 'web/Dockerfile'));
    const progress: CheckWorkspaceProgress[] = [];
    const result = await client.checkWorkspace(progress);
    assert.deepStrictEqual([result.files, result.cancelled], [3, false]);
    const deploymentCodes = (await deployment).map((diagnostic) => diagnostic.code);
    const dockerfileCodes = (await dockerfile).map((diagnostic) => diagnostic.code);
    assert.ok(deploymentCodes.includes('k8s/prestop-missing'), JSON.stringify(deploymentCodes));
    assert.deepStrictEqual(dockerfileCodes, ['docker/shell-form']);
    assert.strictEqual(result.findings, deploymentCodes.length + dockerfileCodes.length, 'the service.yaml has none');
    assert.deepStrictEqual(progress[progress.length - 1], { done: 3, total: 3 });
  });

  it('stops when cancelled', async () => {
    // Enough files that the cancellation, sent at the first progress notification, arrives mid-way.
    const many = workspaceWith(Object.fromEntries(Array.from({ length: 400 }, (_, index) => [`deploy/app-${index}.yaml`, portlessDeployment.replace(/name: web/g, `name: app-${index}`)])));
    const busy = await LspClient.start({ workspace: many, initializationOptions: { debounceMs: 20 } });
    try {
      const result = await busy.checkWorkspace([], true);
      assert.strictEqual(result.cancelled, true);
      assert.ok(result.files < 400, `checked ${result.files} files`);
    } finally {
      await busy.stop();
      removeWorkspace(many);
    }
  });
});
