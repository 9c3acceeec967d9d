import * as assert from 'assert';
import * as path from 'path';
import { copyOfShop, lint, removeDirs, tempDir, textAt, writeTree, type JsonOutput } from './helpers';

describe('kube-graceful lint --format json', () => {
  const dirs: string[] = [];
  after(() => removeDirs(dirs));

  it('reports the shop example with paths relative to cwd and 0-based ranges, by file then position', async () => {
    const root = copyOfShop();
    dirs.push(root);
    const run = await lint(['--format', 'json', 'shop'], root);
    assert.strictEqual(run.code, 1);
    assert.strictEqual(run.stderr, '');
    const output = JSON.parse(run.stdout) as JsonOutput;
    assert.deepStrictEqual(Object.keys(output), ['findings', 'notices']);
    assert.deepStrictEqual(output.notices, []);
    assert.deepStrictEqual(
      output.findings.map(({ file, rule, severity, range }) => ({ file, rule, severity, range })),
      [
        { file: 'shop/deploy/shop.yaml', rule: 'k8s/prestop-missing', severity: 'warning',
          range: { start: { line: 19, character: 16 }, end: { line: 19, character: 21 } } },
        { file: 'shop/deploy/shop.yaml', rule: 'k8s/grace-period-too-short', severity: 'warning',
          range: { start: { line: 36, character: 25 }, end: { line: 36, character: 49 } } },
        { file: 'shop/php/Dockerfile', rule: 'php-fpm/process-control-timeout', severity: 'warning',
          range: { start: { line: 7, character: 0 }, end: { line: 7, character: 16 } } },
        { file: 'shop/php/Dockerfile', rule: 'docker/shell-form', severity: 'warning',
          range: { start: { line: 13, character: 0 }, end: { line: 13, character: 25 } } },
        { file: 'shop/php/docker-entrypoint.sh', rule: 'shell/missing-exec', severity: 'warning',
          range: { start: { line: 5, character: 0 }, end: { line: 5, character: 4 } } },
      ],
    );
    const [prestop, grace, processControl, shellForm, missingExec] = output.findings;
    assert.deepStrictEqual(Object.keys(prestop), ['file', 'rule', 'severity', 'message', 'range', 'fix', 'suggestions']);
    // The ranges point at what the findings are about, so 0-based positions are read as such.
    assert.strictEqual(textAt(path.join(root, prestop.file), prestop.range), 'nginx');
    assert.strictEqual(textAt(path.join(root, grace.file), grace.range), '["sh", "-c", "sleep 30"]');
    assert.strictEqual(textAt(path.join(root, processControl.file), processControl.range), 'FROM php:8.3-fpm');
    assert.strictEqual(textAt(path.join(root, shellForm.file), shellForm.range), 'CMD php-fpm --nodaemonize');
    assert.strictEqual(textAt(path.join(root, missingExec.file), missingExec.range), '"$@"');
    assert.match(prestop.message, /Container `nginx`.*no preStop hook/);
    // The php-fpm setting cannot be sized by the pod that runs the image: its grace period is too short for its preStop hook.
    assert.strictEqual(processControl.message, 'The image runs php-fpm from `php:8.3-fpm`, which does not set `process_control_timeout`, so it is 0: '
      + 'on SIGQUIT (php-fpm\'s graceful stop, the STOPSIGNAL of the official images) the master sends its children SIGTERM at once, and every '
      + 'request in progress is cut off (FACTS §6, §7). 25s fits the default grace period of 30 s with a 5 s margin (the pod of Deployment '
      + '`shop` (deploy/shop.yaml) has no terminationGracePeriodSeconds (default 30) and a preStop hook of 30 s, so SIGKILL comes 2 s after '
      + 'the stop signal: that grace period needs raising first).');
    assert.strictEqual(missingExec.message, '`"$@"` (the CMD `php-fpm --nodaemonize`) is not run with `exec`. docker-entrypoint.sh is the '
      + 'ENTRYPOINT of php/Dockerfile (line 13), so the shell stays PID 1 with `php-fpm` as its child: it ignores SIGQUIT (the image\'s stop '
      + 'signal, inherited from `php:8.3-fpm`) and does not pass it on, and `php-fpm` is SIGKILLed at the end of the grace period with its '
      + 'requests in flight. Put `exec` before it.');
    assert.deepStrictEqual(prestop.fix, { title: 'Add preStop sleep action (5 s, Kubernetes 1.30+)' });
    assert.deepStrictEqual(prestop.suggestions, [{ title: 'Add preStop exec `sleep 5`' }]);
    assert.deepStrictEqual(grace.fix, { title: 'Set terminationGracePeriodSeconds to 60 (preStop 30 s + drain budget 30 s)' });
    assert.deepStrictEqual(processControl.fix, null);
    assert.deepStrictEqual(processControl.suggestions, [{ title: 'Write process_control_timeout = 25s to php-fpm.d/zz-kube-graceful.conf' }]);
    assert.deepStrictEqual(shellForm.fix, { title: 'Convert to exec form' });
    assert.deepStrictEqual(missingExec.fix, { title: 'Put `exec` before `"$@"`' });
    assert.deepStrictEqual(missingExec.suggestions, []);
  });

  it('names files relative to the working directory, also when the path given is absolute', async () => {
    const root = copyOfShop();
    dirs.push(root);
    const run = await lint(['--format', 'json', path.join(root, 'shop', 'php')], path.join(root, 'shop', 'deploy'));
    const output = JSON.parse(run.stdout) as JsonOutput;
    assert.deepStrictEqual(output.findings.map(({ file, rule }) => ({ file, rule })), [
      { file: '../php/Dockerfile', rule: 'php-fpm/process-control-timeout' },
      { file: '../php/Dockerfile', rule: 'docker/shell-form' },
      { file: '../php/docker-entrypoint.sh', rule: 'shell/missing-exec' },
    ]);
  });

  it('passes --kubernetes-version to the rules: before 1.30 the exec hook is the fix', async () => {
    const root = copyOfShop();
    dirs.push(root);
    const run = await lint(['--format', 'json', '--kubernetes-version', '1.29', 'shop/deploy'], root);
    const prestop = (JSON.parse(run.stdout) as JsonOutput).findings.find((finding) => finding.rule === 'k8s/prestop-missing');
    assert.deepStrictEqual(prestop?.fix, { title: 'Add preStop exec `sleep 5`' });
    assert.deepStrictEqual(prestop?.suggestions, [{ title: 'Add preStop sleep action (5 s, Kubernetes 1.30+)' }]);
  });

  it('passes --max-file-size to the service: larger files get a notice instead of findings', async () => {
    const root = copyOfShop();
    dirs.push(root);
    const run = await lint(['--format', 'json', '--max-file-size', '100', 'shop'], root);
    const output = JSON.parse(run.stdout) as JsonOutput;
    assert.strictEqual(run.code, 0);
    // docker-entrypoint.sh (90 characters) is under the limit; the other three are not. Without the Dockerfile that runs
    // it, only its name says it is an entry script: its missing `exec` is a hint, which does not fail the run.
    assert.deepStrictEqual(output.findings.map(({ file, rule, severity, range, fix, suggestions }) => ({ file, rule, severity, range, fix, suggestions })), [
      { file: 'shop/php/docker-entrypoint.sh', rule: 'shell/missing-exec', severity: 'hint',
        range: { start: { line: 5, character: 0 }, end: { line: 5, character: 4 } }, fix: { title: 'Put `exec` before `"$@"`' }, suggestions: [] },
    ]);
    assert.match(output.findings[0].message, /^`"\$@"` is not run with `exec`\. docker-entrypoint\.sh is named like an entry script .*Put `exec` before it\.$/);
    assert.deepStrictEqual(output.notices.map((notice) => notice.file), ['shop/deploy/jobs.yaml', 'shop/deploy/shop.yaml', 'shop/php/Dockerfile']);
    for (const notice of output.notices) {
      assert.match(notice.message, /^Not analysed: .*more than the limit of 100/);
      assert.deepStrictEqual(notice.range, { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } });
    }
  });

  it('reads a manifest from standard input for the path "-"', async () => {
    const root = tempDir();
    dirs.push(root);
    writeTree(root, { 'php/Dockerfile': 'FROM php:8.3-fpm\nCMD php-fpm\n' });
    const manifest = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: example/web:1\n'
      + '      ports:\n        - containerPort: 8080\n';
    const run = await lint(['--format', 'json', '-', 'php'], root, manifest);
    const output = JSON.parse(run.stdout) as JsonOutput;
    assert.deepStrictEqual(output.findings.map(({ file, rule, range }) => ({ file, rule, line: range.start.line })), [
      { file: '<stdin>', rule: 'k8s/prestop-missing', line: 6 },
      { file: 'php/Dockerfile', rule: 'php-fpm/process-control-timeout', line: 0 },
      { file: 'php/Dockerfile', rule: 'docker/shell-form', line: 1 },
    ]);
  });
});
