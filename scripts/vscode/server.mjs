// Starting the real VS Code (the VS Code server that install.sh puts in .cache/vscode-server) and
// building the URL that opens its workbench in a browser: shared by the in-editor test launcher
// and the screenshot script.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const chromiumPath = process.env.CHROMIUM ?? '/usr/bin/chromium';
export const chromiumArgs = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync'];
const vscodeDir = process.env.KUBE_GRACEFUL_VSCODE_DIR ?? join(root, '.cache/vscode-server');
export const serverMain = join(vscodeDir, 'package/lib/vscode/out/server-main.js');

/** Throws with what to run when the VS Code server or Chromium is missing: the caller fails loudly. */
export function checkInstalled() {
  if (!existsSync(serverMain)) throw new Error(`no VS Code server in ${vscodeDir}: run scripts/vscode/install.sh`);
  if (!existsSync(chromiumPath)) throw new Error(`no Chromium at ${chromiumPath}: run scripts/vscode/install.sh`);
}

/** Settings that keep the workbench quiet and predictable: no welcome page, tips or telemetry. */
const quietSettings = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'extensions.ignoreRecommendations': true,
  'security.workspace.trust.enabled': false,
  'update.mode': 'none',
};

/**
 * Starts the server on a free port with its state in `tmp`; resolves once it listens.
 * `onOutput` sees everything it prints (the test launcher watches for the extension host's exit).
 */
export function startServer({ tmp, extensionsDir, env = {}, settings = {}, onOutput = () => undefined }) {
  const serverData = join(tmp, 'server-data');
  mkdirSync(join(serverData, 'data/Machine'), { recursive: true });
  writeFileSync(join(serverData, 'data/Machine/settings.json'), JSON.stringify({ ...quietSettings, ...settings }, null, 2));
  const server = spawn(process.execPath, [serverMain, '--host', '127.0.0.1', '--port', '0', '--without-connection-token',
    '--accept-server-license-terms', '--disable-telemetry', '--server-data-dir', serverData,
    '--user-data-dir', join(tmp, 'user-data'), '--extensions-dir', extensionsDir], {
    stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env },
  });
  let log = '';
  const port = new Promise((resolvePort, reject) => {
    const read = (data) => {
      log += data;
      onOutput(String(data), log);
      const listening = /Extension host agent listening on (\d+)/.exec(log);
      if (listening) resolvePort(Number(listening[1]));
    };
    server.stdout.on('data', read);
    server.stderr.on('data', read);
    server.on('exit', (code) => reject(new Error(`the VS Code server exited (${code}):\n${log.slice(-4000)}`)));
  });
  return { server, port, log: () => log };
}

/** The workbench URL that opens `folder` with the given development extension and tests. */
export function workbenchUrl(port, { folder, developmentPath, testsPath }) {
  const remote = (path) => `vscode-remote://127.0.0.1:${port}${path}`;
  const payload = [];
  if (developmentPath) payload.push(['extensionDevelopmentPath', remote(developmentPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remote(testsPath)]);
  return `http://127.0.0.1:${port}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
