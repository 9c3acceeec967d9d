// Runs the in-editor suite with @vscode/test-electron, which downloads VS Code's desktop build:
// the launcher for machines that can reach it (this project's CI cannot, and uses
// run-in-vscode-server.mjs instead; both run the same suite in out/test/vscode/suite).
import { runTests } from '@vscode/test-electron';
import { cpSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const workspace = join(mkdtempSync(join(tmpdir(), 'kube-graceful-electron-')), 'workspace');
cpSync(join(root, 'test/fixtures/vscode-workspace'), workspace, { recursive: true });
await runTests({
  extensionDevelopmentPath: root,
  extensionTestsPath: join(root, 'out/test/vscode/suite'),
  launchArgs: [workspace, '--disable-extensions'],
  extensionTestsEnv: { KUBE_GRACEFUL_EXPECT_EXTENSION_PATH: root },
});
