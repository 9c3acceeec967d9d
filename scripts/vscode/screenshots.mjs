// Opens the fixture workspace in the real VS Code (the VS Code server in Debian's Chromium, driven
// by playwright-core) with the extension from this folder, and saves what a person sees into
// docs/images/: the Problems panel, a hover, the quick-fix menu and the Explain Pod Shutdown view
// (explain-dark.png, or explain-light.png with THEME="Light Modern").
//
//   npm run screenshots      (builds first; THEME="Light Modern" for the light theme)
/* global document, getComputedStyle -- used inside page.waitForFunction, which runs in the browser */
import { chromium } from 'playwright-core';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkInstalled, chromiumArgs, chromiumPath, root, startServer, workbenchUrl } from './server.mjs';

checkInstalled();
const output = join(root, 'docs/images');
mkdirSync(output, { recursive: true });
const tmp = mkdtempSync(join(tmpdir(), 'kube-graceful-screens-'));
const workspace = join(tmp, 'shop');
cpSync(join(root, 'test/fixtures/vscode-workspace'), workspace, { recursive: true });

const theme = process.env.THEME ?? 'Dark Modern';
const themeSlug = theme.toLowerCase().includes('light') ? 'light' : 'dark';
const vscode = startServer({ tmp, extensionsDir: join(tmp, 'extensions') });
const browser = await chromium.launch({ executablePath: chromiumPath, args: chromiumArgs });
try {
  const port = await vscode.port;
  const page = await browser.newPage({ viewport: { width: 1440, height: 860 } });
  await page.goto(workbenchUrl(port, { folder: workspace, developmentPath: root }));
  await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
  const key = (keys) => page.keyboard.press(keys);
  const command = async (title) => {
    await key('F1');
    await page.keyboard.type(title);
    // Click the exact entry: Enter would take whichever row is focused (a recently used command).
    await page.locator('.quick-input-list .monaco-list-row .label-name').getByText(title, { exact: true }).first().click();
  };
  const goTo = async (line, column) => {
    await key('Control+G');
    await page.keyboard.type(`${line}:${column}`);
    await key('Enter');
  };

  // A fresh browser profile asks about workspace trust and shows the walkthrough: answer as a person would.
  await page.getByRole('button', { name: 'Yes, I trust the authors' }).click({ timeout: 60_000 });
  await command('View: Close All Editors');
  await command('Preferences: Color Theme');
  await page.locator('.quick-input-list .monaco-list-row .label-name', { hasText: new RegExp(`^${theme}$`) }).first().click();

  await command('Go to File');
  await page.keyboard.type('web.yaml');
  await page.locator('.quick-input-list .monaco-list-row', { hasText: 'web.yaml' }).first().waitFor();
  await key('Enter');
  await page.locator('.squiggly-warning').first().waitFor({ timeout: 60_000 });

  // The light run adds only the explain view; the editor pictures come from the dark run.
  if (themeSlug === 'dark') {
    await command('View: Focus Problems');
    await page.locator('.markers-panel .monaco-list-row').first().waitFor();
    await page.screenshot({ path: join(output, 'problems.png') });

    await command('View: Hide Panel');
    await goTo(15, 10);
    await command('Show or Focus Hover');
    await page.locator('.monaco-hover-content').first().waitFor();
    // The hover fades in: shoot once it is fully drawn.
    await page.waitForFunction(() => [...document.querySelectorAll('.monaco-hover')].some((hover) => getComputedStyle(hover).opacity === '1'
      && hover.getAnimations().every((animation) => animation.playState === 'finished')));
    await page.screenshot({ path: join(output, 'hover.png') });
    await key('Escape');

    await goTo(17, 18);
    await key('Control+.');
    await page.locator('.action-widget').first().waitFor();
    await page.screenshot({ path: join(output, 'quick-fix.png') });
    await key('Escape');
  }

  await goTo(17, 10);
  await command('Kube Graceful: Explain Pod Shutdown');
  // The view is a webview: an iframe whose own iframe holds the page.
  await page.frameLocator('iframe.webview').frameLocator('iframe').locator('svg.kg').waitFor({ timeout: 30_000 });
  await page.screenshot({ path: join(output, `explain-${themeSlug}.png`) });

  console.log(`screenshots written to ${output}`);
} catch (error) {
  const page = browser.contexts()[0]?.pages()[0];
  if (page) await page.screenshot({ path: join(tmpdir(), 'kube-graceful-screenshot-failure.png') });
  throw error;
} finally {
  await browser.close();
  vscode.server.kill('SIGTERM');
  rmSync(tmp, { recursive: true, force: true });
}
