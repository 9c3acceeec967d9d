import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { copyOfShop, lint, removeDirs, snapshot, tempDir, writeTree, type JsonOutput } from './helpers';

/** The shop example's files as `--fix` should leave them. */
function expectedShopYaml(original: string): string {
  const lines = original.split('\n');
  const readinessProbeEnd = lines.indexOf('              port: http') + 1;
  const podSpecEnd = lines.indexOf('---');
  return [
    ...lines.slice(0, readinessProbeEnd),
    '          lifecycle:',
    '            preStop:',
    '              sleep:',
    '                seconds: 5',
    ...lines.slice(readinessProbeEnd, podSpecEnd),
    '      terminationGracePeriodSeconds: 60',
    ...lines.slice(podSpecEnd),
  ].join('\n');
}

const webDeployment = (gracePeriod: string, eol = '\n') => [
  'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: web', 'spec:', '  selector:', '    matchLabels:', '      app: web',
  '  template:', '    metadata:', '      labels:', '        app: web', '    spec:', `      terminationGracePeriodSeconds: ${gracePeriod}`,
  '      containers:', '        - name: web', '          image: example/web:1.4', '          ports:', '            - containerPort: 8080',
  '        - name: metrics', '          image: example/metrics:1.0', '          ports:', '            - containerPort: 9090', '',
].join(eol);

describe('kube-graceful lint --fix', () => {
  const dirs: string[] = [];
  after(() => removeDirs(dirs));

  it('fixes the shop example in place, touches no other file and is idempotent', async () => {
    const root = copyOfShop();
    dirs.push(root);
    const before = snapshot(root);
    const fixed = await lint(['--fix', 'shop'], root);
    assert.strictEqual(fixed.stderr, '');
    assert.strictEqual(fixed.code, 0);
    assert.strictEqual(fixed.stdout, 'Applied 3 fixes.\nNo problems found in 4 files.\n');

    const after = snapshot(root);
    const shopYaml = path.join('shop', 'deploy', 'shop.yaml');
    const dockerfile = path.join('shop', 'php', 'Dockerfile');
    assert.strictEqual(after.get(shopYaml)?.toString(), expectedShopYaml(before.get(shopYaml)?.toString() ?? ''));
    assert.strictEqual(after.get(dockerfile)?.toString(),
      before.get(dockerfile)?.toString().replace('CMD php-fpm --nodaemonize', 'CMD ["php-fpm", "--nodaemonize"]'));
    for (const untouched of [path.join('shop', 'deploy', 'jobs.yaml'), path.join('shop', 'php', 'docker-entrypoint.sh')]) {
      assert.ok(after.get(untouched)?.equals(before.get(untouched) as Buffer), `${untouched} changed`);
    }

    const again = await lint(['--format', 'json', 'shop'], root);
    assert.strictEqual(again.code, 0);
    assert.deepStrictEqual((JSON.parse(again.stdout) as JsonOutput).findings, []);
    const fixedAgain = await lint(['--fix', 'shop'], root);
    assert.strictEqual(fixedAgain.stdout, 'No problems found in 4 files.\n');
    assert.deepStrictEqual(snapshot(root), after);
  });

  it('applies fixes that touch one another in later passes', async () => {
    const root = tempDir();
    dirs.push(root);
    // Both preStop fixes raise the grace period of 5 s: one edit per pass, or the key would be written twice.
    writeTree(root, { 'web.yaml': webDeployment('5') });
    const run = await lint(['--fix', '--format', 'json', '.'], root);
    assert.strictEqual(run.code, 0);
    assert.deepStrictEqual((JSON.parse(run.stdout) as JsonOutput).findings, []);
    const text = fs.readFileSync(path.join(root, 'web.yaml'), 'utf8');
    assert.strictEqual(text.match(/terminationGracePeriodSeconds: 8\n/g)?.length, 1);
    assert.strictEqual(text.match(/ {10}lifecycle:\n {12}preStop:\n {14}sleep:\n {16}seconds: 5\n/g)?.length, 2);
  });

  it('keeps CRLF line endings and a byte order mark', async () => {
    const root = tempDir();
    dirs.push(root);
    writeTree(root, {
      'php/Dockerfile': '\uFEFFFROM php:8.3-fpm\r\nWORKDIR /app\r\nCMD php-fpm --nodaemonize\r\n',
      'web.yaml': webDeployment('60', '\r\n'),
    });
    const run = await lint(['--fix', '.'], root);
    assert.strictEqual(run.code, 0, run.stdout);
    assert.deepStrictEqual(fs.readFileSync(path.join(root, 'php', 'Dockerfile')),
      Buffer.from('\uFEFFFROM php:8.3-fpm\r\nWORKDIR /app\r\nCMD ["php-fpm", "--nodaemonize"]\r\n'));
    const yaml = fs.readFileSync(path.join(root, 'web.yaml'), 'utf8');
    assert.match(yaml, /preStop:\r\n {14}sleep:\r\n/);
    assert.doesNotMatch(yaml, /[^\r]\n/);
  });

  it('leaves unsafe and unfixable findings, and their files, as they are', async () => {
    const root = tempDir();
    dirs.push(root);
    writeTree(root, {
      // No fix: a list of commands needs the shell; only an unsafe suggestion.
      'list/Dockerfile': 'FROM php:8.3-fpm\nCMD php-fpm -D && nginx -g "daemon off;"\n',
      // Unsafe fix: an exec-form ENTRYPOINT would receive the CMD as arguments.
      'entrypoint/Dockerfile': 'FROM php:8.3-fpm\nENTRYPOINT docker-entrypoint.sh\nCMD ["php-fpm"]\n',
    });
    const before = snapshot(root);
    const run = await lint(['--fix', '--format', 'json', '.'], root);
    assert.strictEqual(run.code, 1);
    const findings = (JSON.parse(run.stdout) as JsonOutput).findings;
    assert.deepStrictEqual(findings.map(({ file, rule, fix }) => ({ file, rule, fix })), [
      { file: 'entrypoint/Dockerfile', rule: 'docker/shell-form', fix: { title: 'Convert to exec form' } },
      { file: 'list/Dockerfile', rule: 'docker/shell-form', fix: null },
    ]);
    assert.strictEqual(findings[1].suggestions.length, 1);
    assert.deepStrictEqual(snapshot(root), before);
  });

  it('does not rewrite a file that is not valid UTF-8', async () => {
    const root = tempDir();
    dirs.push(root);
    const latin1 = Buffer.concat([Buffer.from('FROM php:8.3-fpm\n# caf'), Buffer.from([0xe9]), Buffer.from('\nCMD php-fpm\n')]);
    writeTree(root, { Dockerfile: latin1 });
    const run = await lint(['--fix', '--format', 'json', '.'], root);
    assert.strictEqual(run.code, 1);
    assert.strictEqual(run.stderr, 'kube-graceful: not fixing Dockerfile: it is not valid UTF-8 or changed while being linted\n');
    assert.deepStrictEqual((JSON.parse(run.stdout) as JsonOutput).findings.map((finding) => finding.rule), ['docker/shell-form']);
    assert.deepStrictEqual(fs.readFileSync(path.join(root, 'Dockerfile')), latin1);
  });
});
