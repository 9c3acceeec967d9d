import * as assert from 'assert';
import { allRules, ruleById, type AnyRule } from '../../server/src/service';
import { lint, removeDirs, tempDir, writeTree, type JsonOutput } from './helpers';

async function lintJson(files: Record<string, string | Buffer>, args: string[] = ['.']) {
  const root = tempDir();
  writeTree(root, files);
  const run = await lint(['--format', 'json', ...args], root);
  return { root, run, output: JSON.parse(run.stdout) as JsonOutput };
}

describe('kube-graceful lint inputs', () => {
  const dirs: string[] = [];
  after(() => removeDirs(dirs));

  it('gives broken YAML a notice and still analyses the file\'s other documents', async () => {
    const { root, run, output } = await lintJson({
      'deploy.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [oops\n---\n'
        + 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: web:1\n'
        + '      ports:\n        - containerPort: 80\n',
    });
    dirs.push(root);
    assert.strictEqual(run.code, 1);
    assert.deepStrictEqual(output.findings.map((finding) => finding.rule), ['k8s/prestop-missing']);
    assert.strictEqual(output.notices.length, 1);
    assert.match(output.notices[0].message, /^YAML document 1 was not analysed: /);
  });

  it('gives a Helm template it cannot follow (a define) a notice', async () => {
    const { root, run, output } = await lintJson({
      'chart/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- define "labels" }}\n{{- end }}\n',
    });
    dirs.push(root);
    assert.strictEqual(run.code, 0);
    assert.deepStrictEqual(output.findings, []);
    assert.deepStrictEqual(output.notices.map((notice) => notice.file), ['chart/templates/deployment.yaml']);
    assert.match(output.notices[0].message, /Helm or Go template/);
  });

  it('gives a binary file named Dockerfile a notice, and takes empty files in its stride', async () => {
    const { root, run, output } = await lintJson({
      'bin/Dockerfile': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff, 0xfe]),
      'empty/Dockerfile': '',
      'empty/start.sh': '',
      'empty/deploy.yaml': '',
    });
    dirs.push(root);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.strictEqual(run.stderr, '');
    assert.deepStrictEqual(output.findings, []);
    assert.deepStrictEqual(output.notices.map(({ file, message }) => ({ file, message })), [
      { file: 'bin/Dockerfile', message: 'Not analysed: the file holds binary data (a NUL byte).' },
    ]);
  });

  it('skips what .gitignore ignores, but lints an ignored file given by name', async () => {
    const shellForm = 'FROM php:8.3-fpm\nCMD php-fpm\n';
    const { root, output } = await lintJson({
      '.gitignore': 'build/\n',
      'app/.gitignore': 'Dockerfile.local\n',
      'build/Dockerfile': shellForm,
      'app/Dockerfile': shellForm,
      'app/Dockerfile.local': shellForm,
    });
    dirs.push(root);
    const rules = ['php-fpm/process-control-timeout', 'docker/shell-form'];
    assert.deepStrictEqual(output.findings.map(({ file, rule }) => ({ file, rule })), rules.map((rule) => ({ file: 'app/Dockerfile', rule })));
    const named = await lint(['--format', 'json', 'build/Dockerfile'], root);
    assert.deepStrictEqual((JSON.parse(named.stdout) as JsonOutput).findings.map(({ file, rule }) => ({ file, rule })),
      rules.map((rule) => ({ file: 'build/Dockerfile', rule })));
  });

  it('reads columns after a byte order mark as editors do', async () => {
    const { root, output } = await lintJson({ Dockerfile: '\uFEFFCMD php-fpm\nFROM php:8.3-fpm\nCMD php-fpm\n' });
    dirs.push(root);
    assert.deepStrictEqual(output.findings.map(({ rule, range }) => ({ rule, start: range.start })), [
      { rule: 'php-fpm/process-control-timeout', start: { line: 1, character: 0 } },
      { rule: 'docker/shell-form', start: { line: 2, character: 0 } },
    ]);
  });

  it('prints a rule\'s exception on stderr and goes on with the other rules', async () => {
    const failing = {
      meta: { ...ruleById('docker/shell-form')!.meta, id: 'docker/test-failing' },
      check: () => {
        throw new Error('boom');
      },
    } as AnyRule;
    allRules.push(failing);
    try {
      const { root, run, output } = await lintJson({ 'php/Dockerfile': 'FROM php:8.3-fpm\nCMD php-fpm\n' });
      dirs.push(root);
      assert.strictEqual(run.stderr, 'kube-graceful: rule docker/test-failing failed on php/Dockerfile: boom\n');
      assert.strictEqual(run.code, 1);
      assert.deepStrictEqual(output.findings.map((finding) => finding.rule), ['php-fpm/process-control-timeout', 'docker/shell-form']);
    } finally {
      allRules.splice(allRules.indexOf(failing), 1);
    }
  });
});

describe('kube-graceful lint --format text', () => {
  const dirs: string[] = [];
  after(() => removeDirs(dirs));

  it('groups problems by file with 1-based positions, notices as info, and sums up', async () => {
    const root = tempDir();
    dirs.push(root);
    writeTree(root, {
      'a/Dockerfile': 'FROM gcr.io/distroless/static\nCMD server --port 80\n',
      'b/Dockerfile': 'FROM php:8.3-fpm-alpine\n\nCMD php-fpm\n',
      'chart/deploy.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n{{- define "labels" }}\n{{- end }}\n',
    });
    const run = await lint(['.'], root);
    assert.strictEqual(run.code, 1);
    const lines = run.stdout.split('\n').map((line) => line.replace(/ {2}(error|warning|hint|info)( {2,}).*? {2}(\S+)$/, '  $1$2…  $3'));
    assert.deepStrictEqual(lines, [
      'a/Dockerfile',
      '  2:1  error  …  docker/shell-form',
      '',
      'b/Dockerfile',
      '  1:1  warning  …  php-fpm/process-control-timeout',
      '  3:1  hint     …  docker/shell-form',
      '',
      'chart/deploy.yaml',
      '  1:1  info  …  not-analysed',
      '',
      '3 problems (1 error, 1 warning, 1 hint), 2 fixable with --fix',
      '1 file or part of a file not analysed (see "not-analysed").',
      '',
    ]);
  });

  it('says when nothing was found to lint', async () => {
    const root = tempDir();
    dirs.push(root);
    writeTree(root, { 'README.md': '# nothing\n' });
    const run = await lint(['.'], root);
    assert.deepStrictEqual(run, { code: 0, stdout: 'No Kubernetes manifests, Dockerfiles or shell scripts found.\n', stderr: '' });
  });
});
