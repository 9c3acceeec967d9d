import * as assert from 'assert';
import { lint, removeDirs, tempDir, writeTree } from './helpers';

/** Two warnings (containers serving traffic without preStop), nothing else. */
const deployment = (name: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  template:
    spec:
      containers:
        - name: web
          image: example/web:1
          ports:
            - containerPort: 8080
`;

describe('kube-graceful lint configuration', () => {
  const dirs: string[] = [];
  const workspace = (files: Record<string, string>) => {
    const root = tempDir();
    dirs.push(root);
    writeTree(root, files);
    return root;
  };
  after(() => removeDirs(dirs));

  it('reads the nearest .kube-graceful.yaml above the linted path', async () => {
    const root = workspace({ '.kube-graceful.yaml': 'rules:\n  k8s/prestop-missing: "off"\n', 'deploy/a.yaml': deployment('a') });
    const run = await lint(['--format', 'json', 'deploy/a.yaml'], root);
    assert.deepStrictEqual(JSON.parse(run.stdout).findings, []);
    assert.strictEqual(run.code, 0);
  });

  it('--config uses the given file instead, whatever its name', async () => {
    const root = workspace({ '.kube-graceful.yaml': 'rules:\n  k8s/prestop-missing: "off"\n', 'ci.yaml': 'rules:\n  k8s/prestop-missing: error\n', 'deploy/a.yaml': deployment('a') });
    const run = await lint(['--format', 'json', '--config', 'ci.yaml', 'deploy'], root);
    assert.deepStrictEqual(JSON.parse(run.stdout).findings.map((finding: { severity: string }) => finding.severity), ['error']);
    assert.strictEqual(run.code, 1);
  });

  it('fails on a mistake in the project file, reported on its line', async () => {
    const root = workspace({ '.kube-graceful.yaml': 'rules:\n  k8s/no-such-rule: error\n', 'a.yaml': deployment('a') });
    const run = await lint(['--rule', 'k8s/prestop-missing=off', '.'], root);
    assert.match(run.stdout, /\.kube-graceful\.yaml\n {2}2:3 +warning +Unknown rule id k8s\/no-such-rule/);
    assert.match(run.stdout, /\n1 mistake in project files: the settings they meant to give are not in force\.\n$/);
    assert.strictEqual(run.code, 1);
  });

  it('--rule wins over the project file and is repeatable; unknown ids and severities are usage errors', async () => {
    const root = workspace({ '.kube-graceful.yaml': 'rules:\n  k8s/prestop-missing: error\n', 'a.yaml': deployment('a') });
    const run = await lint(['--format', 'json', '--rule', 'k8s/prestop-missing=hint', '--rule', 'docker/shell-form=off', '.'], root);
    assert.deepStrictEqual(JSON.parse(run.stdout).findings.map((finding: { severity: string }) => finding.severity), ['hint']);
    assert.strictEqual(run.code, 0);
    assert.strictEqual((await lint(['--rule', 'k8s/nope=off', '.'], root)).code, 2);
    assert.strictEqual((await lint(['--rule', 'k8s/prestop-missing=loud', '.'], root)).code, 2);
  });

  it('--max-warnings N fails only above N warnings', async () => {
    const root = workspace({ 'a.yaml': deployment('a'), 'b.yaml': deployment('b') });
    assert.strictEqual((await lint(['--max-warnings', '2', '.'], root)).code, 0);
    assert.strictEqual((await lint(['--max-warnings', '1', '.'], root)).code, 1);
    assert.strictEqual((await lint(['--max-warnings', 'many', '.'], root)).code, 2);
  });

  it('reads image entries from the project file: the stop signal of an image of our own, mistakes on their line', async () => {
    const nginx = deployment('a').replace('example/web:1', 'registry.example.com/platform/nginx:1.4').replace('8080', '80');
    const entry = (lines: string) => `rules:\n  k8s/prestop-missing: "off"\nimages:\n  - image: registry.example.com/platform/nginx\n${lines}`;
    const quits = await lint(['--format', 'json', '.'], workspace({ '.kube-graceful.yaml': entry('    stopSignal: SIGQUIT\n    runs: nginx\n'), 'a.yaml': nginx }));
    assert.deepStrictEqual(JSON.parse(quits.stdout).findings, []);
    assert.strictEqual(quits.code, 0);
    const terms = await lint(['--format', 'json', '.'], workspace({ '.kube-graceful.yaml': entry('    runs: nginx\n'), 'a.yaml': nginx }));
    const [finding] = JSON.parse(terms.stdout).findings as { rule: string; message: string }[];
    assert.strictEqual(finding.rule, 'k8s/stop-signal');
    assert.match(finding.message, /per \.kube-graceful\.yaml line 4, `registry\.example\.com\/platform\/nginx` images set no STOPSIGNAL/);
    const typo = await lint(['.'], workspace({ '.kube-graceful.yaml': entry('    stopSignal: SIGQUITT\n    runs: ngnix\n'), 'a.yaml': nginx }));
    assert.match(typo.stdout, /5:17 +warning +stopSignal SIGQUITT is not a signal name\. Did you mean SIGQUIT\?/);
    assert.match(typo.stdout, /6:11 +warning +runs ngnix is not a server kube-graceful knows: use one of nginx, php-fpm/);
    assert.strictEqual(typo.code, 1);
  });

  it('honours suppression comments', async () => {
    const root = workspace({ 'a.yaml': deployment('a').replace('        - name: web', '        # kube-graceful-ignore k8s/prestop-missing -- batch\n        - name: web') });
    const run = await lint(['--format', 'json', '.'], root);
    assert.deepStrictEqual(JSON.parse(run.stdout).findings, []);
  });
});
