import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { findFiles, projectFilesAbove } from '../node/files';
import type { Language } from '../service';
import { STDIN_PATH } from './options';

export interface LintFile {
  uri: string;
  /** Where fixes are written; undefined for standard input. */
  path?: string;
  /** How every output format names the file: relative to the working directory, with forward slashes. */
  name: string;
  /** Without its byte order mark, as editors show it, so columns on the first line match theirs. */
  text: string;
  /** Restored when a fix is written, so the file keeps its exact bytes outside the edits. */
  bom: boolean;
  /** undefined for a project file (.kube-graceful.yaml). */
  languageHint?: Language;
}

export interface Inputs {
  files: LintFile[];
  /** Files or folders under the given paths that could not be read, as messages. */
  unreadable: string[];
}

const BOM = '\uFEFF';
const STDIN_NAME = '<stdin>';

/** The given paths that do not exist: a usage error, reported before anything is read. */
export function missingPaths(paths: string[], cwd: string): string[] {
  return paths.filter((given) => given !== STDIN_PATH && !fs.existsSync(path.resolve(cwd, given)));
}

/** `stdin` is only called for the path "-": merely touching process.stdin sets it up. */
export async function loadInputs(paths: string[], cwd: string, stdin: () => NodeJS.ReadableStream, config?: string): Promise<Inputs> {
  const given = paths.filter((entry) => entry !== STDIN_PATH).map((entry) => path.resolve(cwd, entry));
  // The project files that govern the inputs: `--config`, else the nearest above each path (and those found inside folders).
  const projectFiles = config ? [] : given.flatMap((entry) => projectFilesAbove(fs.statSync(entry).isDirectory() ? entry : path.dirname(entry)));
  const walked = findFiles([...new Set([...projectFiles, ...given])]);
  if (config) walked.files.push({ path: path.resolve(cwd, config), text: fs.readFileSync(path.resolve(cwd, config), 'utf8') });
  const files: LintFile[] = walked.files.map(({ path: absolute, text, language }) => ({
    uri: pathToFileURL(absolute).href,
    path: absolute,
    name: displayName(cwd, absolute),
    ...withoutBom(text),
    languageHint: language,
  }));
  if (paths.includes(STDIN_PATH)) {
    files.push({ uri: 'stdin:', path: undefined, name: STDIN_NAME, ...withoutBom(await readAll(stdin())), languageHint: 'kubernetes' });
  }
  const unreadable = walked.errors.map((error) => `cannot read ${displayName(cwd, error.path)}: ${error.message}`);
  return { files, unreadable };
}

/** The text as it goes back to disk. */
export function fileContent(file: LintFile): string {
  return file.bom ? BOM + file.text : file.text;
}

function displayName(cwd: string, file: string): string {
  return path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/');
}

function withoutBom(text: string): { text: string; bom: boolean } {
  return text.startsWith(BOM) ? { text: text.slice(BOM.length), bom: true } : { text, bom: false };
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}
