import * as fs from 'fs';
import * as path from 'path';
import Mocha from 'mocha';

/**
 * Entry point VS Code calls in the extension host (the contract of @vscode/test-electron and of
 * extensionTestsPath). The VS Code server's extension host exits 0 whatever happened, so the
 * counts also go to the file named by EXTENSION_TEST_RESULTS for the harness to read.
 */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  for (const file of fs.readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));
  const details: string[] = [];
  const counts = await new Promise<{ passed: number; failed: number }>((resolve) => {
    let passed = 0;
    let failed = 0;
    mocha.run()
      .on('pass', (test) => { passed++; details.push(`  ✔ ${test.fullTitle()} (${test.duration ?? 0} ms)`); })
      .on('fail', (test, error: Error) => { failed++; details.push(`  ✖ ${test.fullTitle()}\n      ${error.stack ?? error.message}`); })
      .on('end', () => resolve({ passed, failed }));
  });
  const results = process.env.EXTENSION_TEST_RESULTS;
  if (results) fs.writeFileSync(results, JSON.stringify({ ...counts, details }));
  for (const line of details) console.log(line);
  if (counts.failed > 0) throw new Error(`${counts.failed} in-editor test(s) failed`);
}
