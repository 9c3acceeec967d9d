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

/** What `--fix` leaves in the shop example: writing php-fpm's process_control_timeout into the image is only a suggestion. */
const shopLeftOver = 'shop/php/Dockerfile\n'
  + '  8:1  warning  The image runs php-fpm from `php:8.3-fpm`, which does not set `process_control_timeout`, so it is 0: on SIGQUIT '
  + '(php-fpm\'s graceful stop, the STOPSIGNAL of the official images) the master sends its children SIGTERM at once, and every request '
  + 'in progress is cut off (FACTS §6, §7). 25s fits: the pod of Deployment `shop` (deploy/shop.yaml) has terminationGracePeriodSeconds 60 '
  + 'and a preStop hook of 30 s, so SIGKILL comes 30 s after the stop signal.  php-fpm/process-control-timeout\n'
  + '\n';
const shopLeftOverSummary = '1 problem (0 errors, 1 warning, 0 hints)\n';

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
    // Beside the linted folder: an entry script with a safe fix that --fix on `shop` must not touch.
    writeTree(root, { 'elsewhere/docker-entrypoint.sh': '#!/bin/sh\nphp bin/console cache:warmup\n"$@"\n' });
    const before = snapshot(root);
    const fixed = await lint(['--fix', 'shop'], root);
    assert.strictEqual(fixed.stderr, '');
    assert.strictEqual(fixed.code, 1);
    assert.strictEqual(fixed.stdout, `${shopLeftOver}Applied 4 fixes.\n${shopLeftOverSummary}`);

    const after = snapshot(root);
    assert.deepStrictEqual([...after.keys()].sort(), [...before.keys()].sort());
    const shopYaml = path.join('shop', 'deploy', 'shop.yaml');
    const dockerfile = path.join('shop', 'php', 'Dockerfile');
    const entryScript = path.join('shop', 'php', 'docker-entrypoint.sh');
    assert.strictEqual(after.get(shopYaml)?.toString(), expectedShopYaml(before.get(shopYaml)?.toString() ?? ''));
    assert.strictEqual(after.get(dockerfile)?.toString(),
      before.get(dockerfile)?.toString().replace('CMD php-fpm --nodaemonize', 'CMD ["php-fpm", "--nodaemonize"]'));
    assert.strictEqual(after.get(entryScript)?.toString(), before.get(entryScript)?.toString().replace('\n"$@"\n', '\nexec "$@"\n'));
    for (const untouched of [path.join('shop', 'deploy', 'jobs.yaml'), path.join('elsewhere', 'docker-entrypoint.sh')]) {
      assert.ok(after.get(untouched)?.equals(before.get(untouched) as Buffer), `${untouched} changed`);
    }

    const again = await lint(['--format', 'json', 'shop'], root);
    assert.strictEqual(again.code, 1);
    assert.deepStrictEqual((JSON.parse(again.stdout) as JsonOutput).findings.map(({ file, rule, range, fix }) => ({ file, rule, range, fix })), [
      { file: 'shop/php/Dockerfile', rule: 'php-fpm/process-control-timeout',
        range: { start: { line: 7, character: 0 }, end: { line: 7, character: 16 } }, fix: null },
    ]);
    const fixedAgain = await lint(['--fix', 'shop'], root);
    assert.strictEqual(fixedAgain.code, 1);
    assert.strictEqual(fixedAgain.stdout, `${shopLeftOver}${shopLeftOverSummary}`);
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
    const run = await lint(['--fix', '--format', 'json', '.'], root);
    // Left: php-fpm's process_control_timeout, which only a suggestion writes; its range starts after the byte order mark.
    assert.strictEqual(run.code, 1, run.stdout);
    assert.deepStrictEqual((JSON.parse(run.stdout) as JsonOutput).findings.map(({ file, rule, range, fix }) => ({ file, rule, range, fix })), [
      { file: 'php/Dockerfile', rule: 'php-fpm/process-control-timeout',
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 16 } }, fix: null },
    ]);
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
      // No fix: writing the setting adds a file and a layer to the image; only an unsafe suggestion.
      { file: 'entrypoint/Dockerfile', rule: 'php-fpm/process-control-timeout', fix: null },
      { file: 'entrypoint/Dockerfile', rule: 'docker/shell-form', fix: { title: 'Convert to exec form' } },
      { file: 'list/Dockerfile', rule: 'docker/shell-form', fix: null },
    ]);
    assert.deepStrictEqual(findings[0].suggestions, [{ title: 'Write process_control_timeout = 25s to php-fpm.d/zz-kube-graceful.conf' }]);
    assert.strictEqual(findings[2].suggestions.length, 1);
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
    assert.deepStrictEqual((JSON.parse(run.stdout) as JsonOutput).findings.map((finding) => finding.rule),
      ['php-fpm/process-control-timeout', 'docker/shell-form']);
    assert.deepStrictEqual(fs.readFileSync(path.join(root, 'Dockerfile')), latin1);
  });
});
