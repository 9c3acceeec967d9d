import * as assert from 'assert';
import { Writable } from 'stream';
import { runExplain } from '../../server/src/cli/explain';
import { scenarioTimeline, timelineScenarios } from '../support/timeline-scenarios';
import { lintWithBundle, removeDirs, tempDir, writeTree } from './helpers';

async function explain(args: string[], cwd: string, color = false) {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) => new Writable({ write(chunk, _encoding, done) { append(String(chunk)); done(); } });
  const code = await runExplain(args, { stdout: sink((text) => { stdout += text; }), stderr: sink((text) => { stderr += text; }), cwd, color });
  return { code, stdout, stderr };
}

/** Locations in the model name files by uri: drop them to compare the CLI's model with the editor's. */
function withoutLocations(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value), (key, item) => (key === 'location' || key === 'where' ? undefined : item));
}

describe('kube-graceful explain', () => {
  const spring = timelineScenarios.find((scenario) => scenario.name === 'spring-30s-prestop-60s-grace')!;
  let workspace: string;

  before(() => {
    workspace = tempDir();
    writeTree(workspace, spring.files);
  });

  it('prints the timeline as aligned text, reading the Dockerfile and Spring settings of the workspace', async () => {
    const run = await explain([`${spring.manifest}:${spring.line}`], workspace);
    assert.strictEqual(run.code, 0, run.stderr);
    const lines = run.stdout.split('\n');
    assert.strictEqual(lines[0], 'Shutdown of Deployment orders: terminationGracePeriodSeconds 60');
    assert.ok(lines.includes('   0 s – 30 s  orders   preStop hook: exec sh -c "sleep 30"; the process keeps serving.'), run.stdout);
    assert.ok(lines.some((line) => /^ {2}30 s – 60 s {2}orders {3}The app needs up to 30 s after the stop signal \(Spring timeout-per-shutdown-phase\); it gets 30 s before SIGKILL\.$/.test(line)), run.stdout);
    assert.ok(lines.includes('         60 s           SIGKILL to every process still running (terminationGracePeriodSeconds 60).'), run.stdout);
    assert.ok(!run.stdout.includes('\u001b['), 'no colour when not a terminal');
  });

  it('gives the same model as the editor, as JSON', async () => {
    const run = await explain([spring.manifest, '--format', 'json'], workspace);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.deepStrictEqual(withoutLocations(JSON.parse(run.stdout)), withoutLocations(scenarioTimeline(spring)));
  });

  it('writes the picture as SVG, and colours the windows where requests fail on a terminal', async () => {
    const svg = await explain([spring.manifest, '--format', 'svg'], workspace);
    assert.match(svg.stdout, /^<svg xmlns="http:\/\/www.w3.org\/2000\/svg" class="kg"/);
    const distroless = timelineScenarios.find((scenario) => scenario.name === 'distroless-exec-sleep')!;
    const other = tempDir();
    writeTree(other, distroless.files);
    const colored = await explain([distroless.manifest], other, true);
    const failing = colored.stdout.split('\n').find((line) => line.includes('REQUESTS FAIL: api gets its stop signal at 0 s'));
    assert.ok(failing?.startsWith('\u001b[31m') && failing.endsWith('\u001b[39m'), `not red: ${JSON.stringify(failing)}`);
  });

  it('takes the stop signal of an image of our own from the project file, and says so', async () => {
    const root = tempDir();
    writeTree(root, {
      '.kube-graceful.yaml': 'images:\n  - image: registry.example.com/platform/nginx\n    stopSignal: SIGQUIT\n    runs: nginx\n',
      'web.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: registry.example.com/platform/nginx:1.4\n',
    });
    const run = await explain(['web.yaml'], root);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(run.stdout, /Stop signal: SIGQUIT \(registry\.example\.com\/platform\/nginx:1\.4: per \.kube-graceful\.yaml line 2, registry\.example\.com\/platform\/nginx images set STOPSIGNAL SIGQUIT\)/);
    assert.doesNotMatch(run.stdout, /REQUESTS FAIL: nginx/);
    writeTree(root, { '.kube-graceful.yaml': 'images:\n  - image: registry.example.com/platform/nginx\n    runs: nginx\n' });
    assert.match((await explain(['web.yaml'], root)).stdout, /REQUESTS FAIL: nginx takes SIGTERM as fast shutdown/);
    removeDirs([root]);
  });

  it('says so when no workload is there, and refuses bad arguments', async () => {
    assert.strictEqual((await explain([`${spring.manifest}:1`, '--workspace', '.'], workspace)).code, 0, 'line 1 is in the only workload');
    writeTree(workspace, { 'deploy/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n' });
    const none = await explain(['deploy/config.yaml'], workspace);
    assert.deepStrictEqual([none.code, none.stderr], [1, 'kube-graceful explain: no workload with a pod template alone in deploy/config.yaml\n']);
    assert.strictEqual((await explain(['missing.yaml'], workspace)).code, 2);
    assert.strictEqual((await explain([spring.manifest, '--format', 'png'], workspace)).code, 2);
    assert.strictEqual((await explain([], workspace)).code, 2);
  });

  it('runs from the bundle', () => {
    const run = lintWithBundle(['explain', spring.manifest], workspace);
    assert.strictEqual(run.code, 0, run.stderr);
    assert.match(run.stdout, /^Shutdown of Deployment orders/);
  });
});
