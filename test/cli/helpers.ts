import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { Readable, Writable } from 'stream';
import { runLint } from '../../server/src/cli/lint';

/** The repository root, from out/test/cli. */
export const repoRoot = path.resolve(__dirname, '..', '..', '..');
/** A frozen copy of the first shop example: the CLI tests check its exact findings while examples/ grows. */
export const shopExample = path.join(repoRoot, 'test', 'fixtures', 'shop');
export const bundledCli = path.join(repoRoot, 'dist', 'cli.js');

export interface LintRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `kube-graceful lint` in this process, with `cwd` as the working directory. */
export async function lint(args: string[], cwd: string, stdin = ''): Promise<LintRun> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void) => new Writable({
    write(chunk, _encoding, done) {
      append(String(chunk));
      done();
    },
  });
  const code = await runLint(args, {
    stdout: sink((text) => { stdout += text; }),
    stderr: sink((text) => { stderr += text; }),
    cwd,
    stdin: Readable.from([stdin]),
  });
  return { code, stdout, stderr };
}

/** Runs the bundle as users do; `npm run build` must have produced it. */
export function lintWithBundle(args: string[], cwd: string): LintRun {
  if (!fs.existsSync(bundledCli)) throw new Error(`${bundledCli} is missing: run "npm run build" first`);
  const run = spawnSync(process.execPath, [bundledCli, ...args], { cwd, encoding: 'utf8' });
  return { code: run.status ?? -1, stdout: run.stdout, stderr: run.stderr };
}

/** A fresh directory under the system's temp folder, outside any repository and its .gitignore. */
export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'kube-graceful-cli-'));
}

/** Writes files (relative path → content) under `root`, creating folders. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [name, content] of Object.entries(files)) {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, content);
  }
}

/** A temp directory holding a copy of the shop fixture as `shop/`. */
export function copyOfShop(): string {
  const root = tempDir();
  fs.cpSync(shopExample, path.join(root, 'shop'), { recursive: true });
  return root;
}

/** Every file under a directory with its bytes, to compare before and after. */
export function snapshot(root: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const visit = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) visit(full);
      else files.set(path.relative(root, full), fs.readFileSync(full));
    }
  };
  visit(root);
  return files;
}

export function removeDirs(directories: string[]): void {
  for (const directory of directories.splice(0)) fs.rmSync(directory, { recursive: true, force: true });
}

export interface JsonPosition {
  line: number;
  character: number;
}

export interface JsonRange {
  start: JsonPosition;
  end: JsonPosition;
}

export interface JsonOutput {
  findings: {
    file: string;
    rule: string;
    severity: string;
    message: string;
    range: JsonRange;
    fix: { title: string } | null;
    suggestions: { title: string }[];
  }[];
  notices: { file: string; message: string; range: JsonRange }[];
}

/** The text a 0-based range covers in a file. */
export function textAt(file: string, range: JsonRange): string {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (range.start.line !== range.end.line) throw new Error('textAt reads single-line ranges only');
  return lines[range.start.line].slice(range.start.character, range.end.character);
}
