// Runs the in-editor suite (out/test/vscode/suite) inside a real VS Code: the VS Code server that
// install.sh puts in .cache/vscode-server, opened in Debian's headless Chromium, the extension
// loaded either from this folder (--mode dev) or installed from the packaged .vsix (--mode vsix).
// This is the launcher for machines that cannot download VS Code's desktop build; run-electron.mjs
// runs the same suite with @vscode/test-electron where they can. It fails loudly, never skips.
//
//   node scripts/vscode/run-in-vscode-server.mjs --mode dev|vsix [--vsix FILE]
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const { values } = parseArgs({ options: { mode: { type: 'string', default: 'dev' }, vsix: { type: 'string' } } });
const mode = values.mode;
if (mode !== 'dev' && mode !== 'vsix') fail(`--mode must be dev or vsix, not ${mode}`);

const vscodeDir = process.env.KUBE_GRACEFUL_VSCODE_DIR ?? join(root, '.cache/vscode-server');
const serverMain = join(vscodeDir, 'package/lib/vscode/out/server-main.js');
if (!existsSync(serverMain)) fail(`no VS Code server in ${vscodeDir}: run scripts/vscode/install.sh`);
const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(chromium)) fail(`no Chromium at ${chromium}: run scripts/vscode/install.sh`);
const testsDir = join(root, 'out/test/vscode/suite');
if (!existsSync(join(testsDir, 'index.js'))) fail('the suite is not compiled: run npm run compile');

const tmp = mkdtempSync(join(tmpdir(), 'kube-graceful-vscode-'));
const workspace = join(tmp, 'workspace');
cpSync(join(root, 'test/fixtures/vscode-workspace'), workspace, { recursive: true });
const extensionsDir = join(tmp, 'extensions');
const results = join(tmp, 'results.json');
const timeoutMs = Number(process.env.KUBE_GRACEFUL_VSCODE_TIMEOUT_MS ?? 300_000);
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

let developmentPath = root;
let expectedExtensionPath = root;
if (mode === 'vsix') {
  const vsix = resolve(values.vsix ?? join(root, `${manifest.name}-${manifest.version}.vsix`));
  if (!existsSync(vsix)) fail(`no ${vsix}: run npm run package`);
  const install = spawnSync(process.execPath, [serverMain, '--install-extension', vsix, '--extensions-dir', extensionsDir,
    '--accept-server-license-terms'], { encoding: 'utf8' });
  if (install.status !== 0) fail(`installing ${vsix} failed:\n${install.stdout}${install.stderr}`);
  const installed = readdirSync(extensionsDir).find((name) => name.startsWith(`${manifest.publisher}.${manifest.name}-`));
  if (!installed) fail(`the .vsix did not install into ${extensionsDir}: ${readdirSync(extensionsDir).join(', ')}`);
  expectedExtensionPath = join(extensionsDir, installed);
  // The test runner needs a development extension to start; this empty one leaves ours as installed.
  developmentPath = join(root, 'test/vscode/host');
}

const server = spawn(process.execPath, [serverMain, '--host', '127.0.0.1', '--port', '0', '--without-connection-token',
  '--accept-server-license-terms', '--disable-telemetry', '--server-data-dir', join(tmp, 'server-data'),
  '--user-data-dir', join(tmp, 'user-data'), '--extensions-dir', extensionsDir], {
  stdio: ['ignore', 'pipe', 'pipe'],
  env: { ...process.env, EXTENSION_TEST_RESULTS: results, KUBE_GRACEFUL_EXPECT_EXTENSION_PATH: expectedExtensionPath },
});
let browser;
let log = '';
const started = Date.now();
const timer = setTimeout(() => finish(1, `timed out after ${timeoutMs} ms\n${log.slice(-4000)}`), timeoutMs);

server.stderr.on('data', (data) => { log += data; });
server.stdout.on('data', (data) => {
  log += data;
  if (process.env.KUBE_GRACEFUL_VSCODE_VERBOSE) process.stdout.write(data);
  const listening = /Extension host agent listening on (\d+)/.exec(log);
  if (!browser && listening) openWorkbench(listening[1]);
  if (/Extension Host Process exited with code/.test(log)) report();
});
server.on('exit', (code) => finish(1, `the VS Code server exited early (${code})\n${log.slice(-4000)}`));

function openWorkbench(port) {
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = encodeURIComponent(JSON.stringify([
    ['extensionDevelopmentPath', remote(developmentPath)], ['extensionTestsPath', remote(testsDir)]]));
  browser = spawn(chromium, ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync', `--user-data-dir=${join(tmp, 'chromium')}`,
    `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}&payload=${payload}`], { stdio: 'ignore' });
}

function report() {
  let outcome;
  try {
    outcome = JSON.parse(readFileSync(results, 'utf8'));
  } catch {
    finish(1, `the suite wrote no results\n${log.slice(-4000)}`);
    return;
  }
  for (const line of outcome.details ?? []) console.log(line);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  finish(outcome.failed === 0 && outcome.passed > 0 ? 0 : 1,
    `in-editor suite (${mode}): ${outcome.passed} passed, ${outcome.failed} failed in ${seconds} s`);
}

function finish(code, message) {
  clearTimeout(timer);
  server.removeAllListeners('exit');
  console.log(`[vscode ${mode}] ${message}`);
  browser?.kill('SIGKILL');
  server.kill('SIGTERM');
  // Chromium may still be flushing its profile: give it a moment; never fail on cleanup.
  setTimeout(() => {
    try { rmSync(tmp, { recursive: true, force: true }); } catch { /* left in the temp folder */ }
    process.exit(code);
  }, 500);
}

function fail(message) {
  console.error(`run-in-vscode-server: ${message}`);
  process.exit(1);
}
