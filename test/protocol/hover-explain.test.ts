import * as assert from 'assert';
import { MarkupKind, type MarkupContent } from 'vscode-languageserver-protocol';
import { servingDeployment } from './manifests';
import { fileUri, LspClient, positionOf, removeWorkspace, workspaceWith } from './lsp-client';

describe('language server: hover and explain', () => {
  let workspace: string;
  let client: LspClient;
  let uri: string;

  before(async () => {
    workspace = workspaceWith();
    client = await LspClient.start({ workspace });
    uri = fileUri(workspace, 'deployment.yaml');
    await client.open(uri, 'yaml', servingDeployment);
  });

  after(async () => {
    await client.stop();
    removeWorkspace(workspace);
  });

  it('explains the shutdown sequence on terminationGracePeriodSeconds, with the manifest\'s numbers', async () => {
    const hover = await client.hover(uri, positionOf(servingDeployment, 'terminationGracePeriodSeconds', 4));
    const contents = hover?.contents as MarkupContent | undefined;
    assert.strictEqual(contents?.kind, MarkupKind.Markdown);
    assert.match(contents.value, /Deployment `web`/);
    assert.match(contents.value, /terminationGracePeriodSeconds 45/);
    assert.match(contents.value, /\| 45 s \| SIGKILL/);
  });

  it('names the rule of a finding under the cursor', async () => {
    const hover = await client.hover(uri, positionOf(servingDeployment, '- name: web', 9));
    assert.match((hover?.contents as MarkupContent).value, /k8s\/prestop-missing/);
  });

  it('has nothing to say on an unrelated key', async () => {
    assert.strictEqual(await client.hover(uri, positionOf(servingDeployment, 'apiVersion')), null);
  });

  it('answers kubeGraceful/explainPodShutdown with the workload\'s timeline', async () => {
    const result = await client.explain({ uri, position: positionOf(servingDeployment, 'image:') });
    assert.match(result?.markdown ?? '', /Shutdown of Deployment `web`/);
    assert.match(result?.markdown ?? '', /`web`: stop signal/);
  });

  it('answers a malformed explain request with null', async () => {
    assert.strictEqual(await client.explain({ uri } as never), null);
  });
});
