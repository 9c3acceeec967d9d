import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { lint, removeDirs, repoRoot, tempDir, writeTree, type JsonOutput } from './helpers';

const fixtures = path.join(repoRoot, 'test', 'fixtures');

describe('kube-graceful lint formats', () => {
  const dirs: string[] = [];
  after(() => removeDirs(dirs));

  it('lints a Helm chart: no template syntax errors, only the literal worker without preStop', async () => {
    const run = await lint(['--format', 'json', 'helm-chart'], fixtures);
    const output = JSON.parse(run.stdout) as JsonOutput;
    assert.deepStrictEqual(output.notices, []);
    assert.deepStrictEqual(output.findings.map((finding) => [finding.file, finding.rule]), [['helm-chart/templates/worker.yaml', 'k8s/prestop-missing']]);
  });

  it('lints a kustomize base and overlay without reporting what the patches leave to the base', async () => {
    const run = await lint(['--format', 'json', 'kustomize'], fixtures);
    assert.strictEqual(run.code, 0, run.stdout);
    assert.deepStrictEqual((JSON.parse(run.stdout) as JsonOutput).findings, []);
  });

  it('lints and fixes a JSON manifest in JSON style', async () => {
    const root = tempDir();
    dirs.push(root);
    writeTree(root, {
      'pod.json': '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "web"},\n'
        + ' "spec": {"containers": [{"name": "web", "image": "nginx:1.27", "ports": [{"containerPort": 80}]}]}}\n',
      'package.json': '{"name": "not-a-manifest"}\n',
    });
    const before = JSON.parse((await lint(['--format', 'json', '.'], root)).stdout) as JsonOutput;
    assert.deepStrictEqual(before.findings.map((finding) => [finding.file, finding.rule]), [['pod.json', 'k8s/prestop-missing']]);
    await lint(['--fix', '.'], root);
    const after = await lint(['.'], root);
    assert.strictEqual(after.code, 0, after.stdout);
    const fixed = JSON.parse(fs.readFileSync(path.join(root, 'pod.json'), 'utf8'));
    assert.deepStrictEqual(fixed.spec.containers[0].lifecycle, { preStop: { sleep: { seconds: 5 } } });
  });
});
