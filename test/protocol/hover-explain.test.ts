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
    assert.match(contents.value, /\| 45 s \| {2}\| SIGKILL \|/);
  });

  it('names the rule of a finding under the cursor', async () => {
    const hover = await client.hover(uri, positionOf(servingDeployment, '- name: web', 9));
    assert.match((hover?.contents as MarkupContent).value, /k8s\/prestop-missing/);
  });

  it('has nothing to say on an unrelated key', async () => {
    assert.strictEqual(await client.hover(uri, positionOf(servingDeployment, 'apiVersion')), null);
  });

  it('answers kubeGraceful/explainPodShutdown with the workload\'s timeline: picture, rows and Markdown', async () => {
    const result = await client.explain({ uri, position: positionOf(servingDeployment, 'image:'), nonce: 'n0nce' });
    assert.strictEqual(result?.title, 'Deployment web');
    assert.match(result.markdown, /Shutdown of Deployment `web`/);
    assert.match(result.svg, /^<svg [^>]*class="kg"/);
    assert.match(result.svg, /<style nonce="n0nce">/, 'the picture\'s style carries the view\'s CSP nonce');
    const kill = result.rows.find((row) => row.text.startsWith('SIGKILL'));
    assert.deepStrictEqual([kill?.time, kill?.location?.uri], ['45 s', uri], 'rows link back to the manifest, in the editor\'s uri');
    assert.ok(result.rows.some((row) => row.danger), 'a container without preStop gets its signal while requests are still routed');
  });

  it('puts a code lens above each workload', async () => {
    const lenses = await client.codeLenses(uri);
    assert.deepStrictEqual(lenses.map((lens) => [lens.range.start.line, lens.command?.command, lens.command?.arguments?.[0]]),
      [[positionOf(servingDeployment, 'kind: Deployment').line, 'kubeGraceful.explainPodShutdown', uri]]);
  });

  it('answers a malformed explain request with null', async () => {
    assert.strictEqual(await client.explain({ uri } as never), null);
  });
});
