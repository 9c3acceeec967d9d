import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { FileChangeType, type Diagnostic } from 'vscode-languageserver-protocol';
import { portlessDeployment, webService } from './manifests';
import { fileUri, LspClient, messageText, removeWorkspace, workspaceWith, writeFile } from './lsp-client';

function prestopMissing(diagnostics: Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((diagnostic) => diagnostic.code === 'k8s/prestop-missing');
}

describe('language server: files of the workspace', () => {
  let root: string;
  /** An `@` in the folder name: VS Code spells it %40 in uris, Node's file URLs keep it. */
  let folder: string;
  let client: LspClient;
  let deploymentUri: string;
  let serviceUri: string;

  before(async () => {
    root = workspaceWith();
    folder = path.join(root, 'team@web');
    writeFile(folder, 'service.yaml', webService);
    writeFile(folder, 'ignored/service.yaml', webService.replace('name: web', 'name: ignored'));
    writeFile(folder, '.gitignore', 'ignored/\n');
    client = await LspClient.start({ workspace: folder, initializationOptions: { debounceMs: 20 } });
    deploymentUri = fileUri(folder, 'deployment.yaml');
    serviceUri = fileUri(folder, 'service.yaml');
  });

  after(async () => {
    await client.stop();
    removeWorkspace(root);
  });

  it('flags a container without ports that a Service in another file on disk selects', async () => {
    const [diagnostic, ...others] = prestopMissing(await client.open(deploymentUri, 'yaml', portlessDeployment));
    assert.ok(diagnostic, 'the Service on disk makes the container serve traffic');
    assert.strictEqual(others.length, 0, 'the Service in a git-ignored folder is not read');
    assert.match(messageText(diagnostic), /Service/);
  });

  it('re-validates the open dependant when the Service is deleted on disk, and when it comes back', async () => {
    const servicePath = path.join(folder, 'service.yaml');
    fs.rmSync(servicePath);
    let published = client.nextDiagnostics(deploymentUri);
    await client.fileChanged(serviceUri, FileChangeType.Deleted);
    assert.deepStrictEqual(prestopMissing(await published), []);

    writeFile(folder, 'service.yaml', webService);
    published = client.nextDiagnostics(deploymentUri);
    await client.fileChanged(serviceUri, FileChangeType.Created);
    assert.strictEqual(prestopMissing(await published).length, 1);
  });

  it('lets the open Service\'s unsaved text win over its disk copy, however the editor spells its uri', async () => {
    const editorUri = serviceUri.replace('team@web', 'team%40web');
    assert.notStrictEqual(editorUri, serviceUri);
    let published = client.nextDiagnostics(deploymentUri);
    await client.open(editorUri, 'yaml', webService.replace('app: web', 'app: other'));
    assert.deepStrictEqual(prestopMissing(await published), [], 'the disk copy no longer selects the pod');

    published = client.nextDiagnostics(deploymentUri);
    assert.deepStrictEqual(await client.close(editorUri), []);
    assert.strictEqual(prestopMissing(await published).length, 1, 'closed without saving: the disk copy counts again');
  });

  it('forgets a closed document that is not in the workspace folders', async () => {
    const outsideUri = fileUri(root, 'elsewhere/service.yaml');
    writeFile(root, 'elsewhere/service.yaml', webService);
    const serviceUnselecting = client.nextDiagnostics(deploymentUri);
    fs.rmSync(path.join(folder, 'service.yaml'));
    await client.fileChanged(serviceUri, FileChangeType.Deleted);
    assert.deepStrictEqual(prestopMissing(await serviceUnselecting), []);

    // Open a Service from outside the folder that selects the pod: it counts while open...
    let published = client.nextDiagnostics(deploymentUri);
    await client.open(outsideUri, 'yaml', webService);
    assert.strictEqual(prestopMissing(await published).length, 1);
    // ...and no longer once closed, although its file on disk selects the pod too.
    published = client.nextDiagnostics(deploymentUri);
    await client.close(outsideUri);
    assert.deepStrictEqual(prestopMissing(await published), []);
  });
});
