// Runs the in-editor suite (out/test/vscode/suite) inside a real VS Code: the VS Code server that
// install.sh puts in .cache/vscode-server, opened in Debian's headless Chromium, the extension
// loaded either from this folder (--mode dev) or installed from the packaged .vsix (--mode vsix).
// This is the launcher for machines that cannot download VS Code's desktop build; run-electron.mjs
// runs the same suite with @vscode/test-electron where they can. It fails loudly, never skips.
//
//   node scripts/vscode/run-in-vscode-server.mjs --mode dev|vsix [--vsix FILE]
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { checkInstalled, chromiumArgs, chromiumPath, root, serverMain, startServer, workbenchUrl } from './server.mjs';

const { values } = parseArgs({ options: { mode: { type: 'string', default: 'dev' }, vsix: { type: 'string' } } });
const mode = values.mode;
if (mode !== 'dev' && mode !== 'vsix') fail(`--mode must be dev or vsix, not ${mode}`);
try { checkInstalled(); } catch (error) { fail(error.message); }
const testsDir = join(root, 'out/test/vscode/suite');
if (!existsSync(join(testsDir, 'index.js'))) fail('the suite is not compiled: run npm run compile');

const tmp = mkdtempSync(join(tmpdir(), 'kube-graceful-vscode-'));
const workspace = join(tmp, 'workspace');
cpSync(join(root, 'test/fixtures/vscode-workspace'), workspace, { recursive: true });
const extensionsDir = join(tmp, 'extensions');
const results = join(tmp, 'results.json');
const timeoutMs = Number(process.env.KUBE_GRACEFUL_VSCODE_TIMEOUT_MS ?? 300_000);
const { developmentPath, expectedExtensionPath } = mode === 'vsix' ? installVsix() : { developmentPath: root, expectedExtensionPath: root };

const started = Date.now();
let browser;
let finished = false;
const timer = setTimeout(() => finish(1, `timed out after ${timeoutMs} ms\n${vscode.log().slice(-4000)}`), timeoutMs);
const vscode = startServer({
  tmp, extensionsDir,
  env: { EXTENSION_TEST_RESULTS: results, KUBE_GRACEFUL_EXPECT_EXTENSION_PATH: expectedExtensionPath },
  onOutput: (data, log) => {
    if (process.env.KUBE_GRACEFUL_VSCODE_VERBOSE) process.stdout.write(data);
    // The suite is over when the extension host exits (with 0 whatever happened: read the results).
    if (/Extension Host Process exited with code/.test(log)) report();
  },
});
vscode.port.then((port) => {
  browser = spawn(chromiumPath, ['--headless', ...chromiumArgs, `--user-data-dir=${join(tmp, 'chromium')}`,
    workbenchUrl(port, { folder: workspace, developmentPath, testsPath: testsDir })], { stdio: 'ignore' });
}, (error) => finish(1, error.message));

/** Installs the packaged extension into the server's extensions folder, as a user would. */
function installVsix() {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  const vsix = resolve(values.vsix ?? join(root, `${manifest.name}-${manifest.version}.vsix`));
  if (!existsSync(vsix)) fail(`no ${vsix}: run npm run package`);
  const install = spawnSync(process.execPath, [serverMain, '--install-extension', vsix, '--extensions-dir', extensionsDir,
    '--accept-server-license-terms'], { encoding: 'utf8' });
  if (install.status !== 0) fail(`installing ${vsix} failed:\n${install.stdout}${install.stderr}`);
  const installed = readdirSync(extensionsDir).find((name) => name.startsWith(`${manifest.publisher}.${manifest.name}-`));
  if (!installed) fail(`the .vsix did not install into ${extensionsDir}: ${readdirSync(extensionsDir).join(', ')}`);
  // The test runner needs a development extension to start; this empty one leaves ours as installed.
  return { developmentPath: join(root, 'test/vscode/host'), expectedExtensionPath: join(extensionsDir, installed) };
}

function report() {
  let outcome;
  try {
    outcome = JSON.parse(readFileSync(results, 'utf8'));
  } catch {
    finish(1, `the suite wrote no results\n${vscode.log().slice(-4000)}`);
    return;
  }
  for (const line of outcome.details ?? []) console.log(line);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  finish(outcome.failed === 0 && outcome.passed > 0 ? 0 : 1,
    `in-editor suite (${mode}): ${outcome.passed} passed, ${outcome.failed} failed in ${seconds} s`);
}

function finish(code, message) {
  if (finished) return;
  finished = true;
  clearTimeout(timer);
  console.log(`[vscode ${mode}] ${message}`);
  browser?.kill('SIGKILL');
  vscode.server.removeAllListeners('exit');
  vscode.server.kill('SIGTERM');
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
