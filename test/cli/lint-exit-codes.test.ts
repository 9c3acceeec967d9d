import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { copyOfShop, lint, lintWithBundle, removeDirs, repoRoot, tempDir, writeTree, type LintRun } from './helpers';

/** The official php-fpm images leave process_control_timeout at 0: an image without a finding writes it itself. */
const writesProcessControlTimeout = "RUN printf '[global]\\nprocess_control_timeout = 25s\\n' > /usr/local/etc/php-fpm.d/zz-kube-graceful.conf\n";
const clean = { 'app/Dockerfile': `FROM php:8.3-fpm\n${writesProcessControlTimeout}CMD ["php-fpm"]\n`, 'README.md': '# not ours\n' };
/** A hint only: it informs but does not fail the run. */
const hintOnly = { Dockerfile: `FROM php:8.3-fpm-alpine\n${writesProcessControlTimeout}CMD php-fpm\n` };

function assertUsageError(run: LintRun, message: RegExp): void {
  assert.strictEqual(run.code, 2);
  assert.strictEqual(run.stdout, '');
  assert.match(run.stderr, message);
}

describe('kube-graceful lint exit codes', () => {
  const dirs: string[] = [];
  let shop: string;
  let cleanDir: string;
  before(() => {
    shop = copyOfShop();
    cleanDir = tempDir();
    dirs.push(shop, cleanDir);
    writeTree(cleanDir, clean);
  });
  after(() => removeDirs(dirs));

  describe('in process', () => {
    it('0 for a clean folder', async () => {
      const run = await lint(['.'], cleanDir);
      assert.deepStrictEqual(run, { code: 0, stdout: 'No problems found in 1 file.\n', stderr: '' });
    });

    it('0 when only hints are found', async () => {
      const root = tempDir();
      dirs.push(root);
      writeTree(root, hintOnly);
      const run = await lint(['.'], root);
      assert.strictEqual(run.code, 0);
      assert.match(run.stdout, /1 problem \(0 errors, 0 warnings, 1 hint\), 1 fixable with --fix\n$/);
    });

    it('1 for warnings, 0 with --exit-zero', async () => {
      assert.strictEqual((await lint(['shop'], shop)).code, 1);
      const run = await lint(['--exit-zero', 'shop'], shop);
      assert.strictEqual(run.code, 0);
      assert.match(run.stdout, /\n5 problems \(0 errors, 5 warnings, 0 hints\), 4 fixable with --fix\n$/);
    });

    it('2 for an unknown option, with the usage', async () => {
      assertUsageError(await lint(['--bogus', 'shop'], shop), /Unknown option '--bogus'[\s\S]*Usage: kube-graceful lint/);
    });

    it('2 for a path that does not exist, even with --exit-zero', async () => {
      assertUsageError(await lint(['--exit-zero', 'shop', 'nope'], shop), /^kube-graceful lint: no such file or directory: nope\n$/);
    });

    it('2 for an invalid Kubernetes version', async () => {
      assertUsageError(await lint(['--kubernetes-version', 'latest', 'shop'], shop), /invalid Kubernetes version "latest": expected a version like 1\.30/);
      assertUsageError(await lint(['--kubernetes-version=1', 'shop'], shop), /invalid Kubernetes version "1"/);
    });

    it('2 for an unknown format, a bad size, a missing value or no path', async () => {
      assertUsageError(await lint(['--format', 'xml', 'shop'], shop), /unknown format "xml": use text, json, sarif/);
      assertUsageError(await lint(['--max-file-size', '1MB', 'shop'], shop), /invalid file size "1MB"/);
      assertUsageError(await lint(['shop', '--format'], shop), /--format/);
      assertUsageError(await lint(['--fix'], shop), /no paths given/);
    });

    it('2 for --fix on standard input', async () => {
      assertUsageError(await lint(['--fix', '-'], shop), /--fix cannot write fixes back to standard input/);
    });

    it('0 for --help, with the usage on stdout', async () => {
      const run = await lint(['--help'], shop);
      assert.strictEqual(run.code, 0);
      assert.match(run.stdout, /^Usage: kube-graceful lint \[options\] PATH\.\.\.\n[\s\S]*--kubernetes-version X\.Y/);
    });
  });

  describe('through the bundle', () => {
    it('exits 1 on findings and 0 with --exit-zero', () => {
      const run = lintWithBundle(['lint', 'shop'], shop);
      assert.strictEqual(run.code, 1, run.stderr);
      assert.match(run.stdout, /^shop\/deploy\/shop\.yaml\n {2}20:17 {2}warning {2}Container `nginx`/);
      assert.strictEqual(lintWithBundle(['lint', '--exit-zero', 'shop'], shop).code, 0);
    });

    it('exits 0 on a clean folder', () => {
      assert.deepStrictEqual(lintWithBundle(['lint', '.'], cleanDir), { code: 0, stdout: 'No problems found in 1 file.\n', stderr: '' });
    });

    it('exits 2 on usage errors', () => {
      assertUsageError(lintWithBundle(['lint', '--bogus', '.'], cleanDir), /^kube-graceful lint: Unknown option '--bogus'/);
      assertUsageError(lintWithBundle(['lint', 'missing'], cleanDir), /^kube-graceful lint: no such file or directory: missing\n$/);
      assertUsageError(lintWithBundle(['lint', '--kubernetes-version', 'x', '.'], cleanDir), /^kube-graceful lint: invalid Kubernetes version "x"/);
    });

    it('reports the package version in SARIF and loads the shell grammar beside the bundle', () => {
      const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
      const run = lintWithBundle(['lint', '--format', 'sarif', '--exit-zero', 'shop'], shop);
      assert.strictEqual(run.code, 0, run.stderr);
      const log = JSON.parse(run.stdout) as { runs: { tool: { driver: { version: string } }; results: unknown[] }[] };
      assert.strictEqual(log.runs[0].tool.driver.version, version);
      assert.strictEqual(log.runs[0].results.length, 5);
    });
  });
});
