import * as fs from 'fs';
import * as path from 'path';
import ignore, { type Ignore } from 'ignore';
import { detectLanguage, isDockerfileName, PROJECT_CONFIG_NAMES, type Language } from '../service';

/** Folders that never hold a project's own manifests, and are huge. */
const alwaysSkipped = new Set(['.git', 'node_modules']);

/** Names worth reading to find out whether they are ours; everything else is never opened. */
function candidateName(name: string): boolean {
  return isDockerfileName(name) || /\.(ya?ml|json|sh|bash|ash|dash|ksh|properties|conf|ini|gradle|kts|toml)$/i.test(name) || name === 'pom.xml'
    || !name.includes('.');
}

export interface FoundFile {
  path: string;
  text: string;
  /** undefined for a project file (.kube-graceful.yaml). */
  language?: Language;
}

export interface WalkResult {
  files: FoundFile[];
  /** Paths that could not be read, and why. */
  errors: { path: string; message: string }[];
}

/**
 * The files kube-graceful analyses under the given paths: directories are walked (skipping .git,
 * node_modules and what .gitignore files ignore), files are recognised by name and content. A path
 * given explicitly is read even if ignored. Size limits are the service's to apply, with a notice.
 */
export function findFiles(paths: string[]): WalkResult {
  const result: WalkResult = { files: [], errors: [] };
  const seen = new Set<string>();
  const visitFile = (file: string, explicit: boolean) => {
    const absolute = path.resolve(file);
    if (seen.has(absolute)) return;
    seen.add(absolute);
    if (!explicit && !candidateName(path.basename(file))) return;
    let text: string;
    try {
      text = fs.readFileSync(absolute, 'utf8');
    } catch (error) {
      result.errors.push({ path: file, message: (error as Error).message });
      return;
    }
    const language = detectLanguage(absolute, text);
    if (language || PROJECT_CONFIG_NAMES.includes(path.basename(absolute))) result.files.push({ path: absolute, text, language });
  };
  const visitDirectory = (directory: string, rules: { base: string; matcher: Ignore }[]) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(directory, { withFileTypes: true });
    } catch (error) {
      result.errors.push({ path: directory, message: (error as Error).message });
      return;
    }
    const own = readGitignore(directory);
    const active = own ? [...rules, { base: directory, matcher: own }] : rules;
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (alwaysSkipped.has(entry.name)) continue;
      const full = path.join(directory, entry.name);
      if (isIgnored(active, full, entry.isDirectory())) continue;
      if (entry.isDirectory()) visitDirectory(full, active);
      else if (entry.isFile()) visitFile(full, false);
    }
  };
  for (const given of paths) {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(given);
    } catch (error) {
      result.errors.push({ path: given, message: (error as Error).message });
      continue;
    }
    if (stat.isDirectory()) visitDirectory(path.resolve(given), ancestorsGitignores(path.resolve(given)));
    else visitFile(given, true);
  }
  return result;
}

/**
 * The project files (.kube-graceful.yaml) in the folders above `start`, nearest last, up to the
 * repository root (a folder holding .git) or the file system's root.
 */
export function projectFilesAbove(start: string): string[] {
  const found: string[] = [];
  for (let directory = start; ; directory = path.dirname(directory)) {
    for (const name of PROJECT_CONFIG_NAMES) if (fs.existsSync(path.join(directory, name))) found.unshift(path.join(directory, name));
    if (fs.existsSync(path.join(directory, '.git')) || path.dirname(directory) === directory) return found;
  }
}

function readGitignore(directory: string): Ignore | undefined {
  try {
    return ignore().add(fs.readFileSync(path.join(directory, '.gitignore'), 'utf8'));
  } catch {
    return undefined;
  }
}

/** .gitignore files above a starting directory, up to the repository root, apply below it too. */
function ancestorsGitignores(start: string): { base: string; matcher: Ignore }[] {
  const rules: { base: string; matcher: Ignore }[] = [];
  for (let directory = path.dirname(start); ; directory = path.dirname(directory)) {
    const own = readGitignore(directory);
    if (own) rules.unshift({ base: directory, matcher: own });
    if (fs.existsSync(path.join(directory, '.git')) || path.dirname(directory) === directory) break;
  }
  return rules;
}

function isIgnored(rules: { base: string; matcher: Ignore }[], full: string, directory: boolean): boolean {
  return rules.some(({ base, matcher }) => {
    const relative = path.relative(base, full).split(path.sep).join('/');
    return relative !== '' && !relative.startsWith('..') && matcher.ignores(directory ? `${relative}/` : relative);
  });
}
