import { isMap, isScalar, isSeq, parseDocument, type Node } from 'yaml';
import { entryServerProblem, entrySignalProblem, imagePatternProblem, type ImageEntry } from './knowledge/image-signals';
import type { ServerId } from './knowledge/servers';
import { parseKubernetesVersion } from './settings';
import type { SourceText } from './source';
import type { Notice, Range, SeverityOption } from './types';

/** The project file: read by the editor and the CLI alike, found by walking up from a file. */
export const PROJECT_CONFIG_NAMES = ['.kube-graceful.yaml', '.kube-graceful.yml'];

/** Diagnostic code of every problem in a project file: they belong to no rule. */
export const CONFIG_PROBLEM_CODE = 'kube-graceful/config';

const severityOptions: readonly SeverityOption[] = ['off', 'error', 'warning', 'info', 'hint'];
const settingNames = ['rules', 'kubernetesVersion', 'drainBudgetSeconds', 'include', 'exclude', 'images'];
const imageEntryKeys = ['image', 'stopSignal', 'runs'];

/** "a, b or c", for messages. */
function orList(words: string[]): string {
  return `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

export interface ConfiguredSeverity {
  severity: SeverityOption;
  /** The rule id key, where an unknown id is reported. */
  range: Range;
}

export interface ProjectConfig {
  uri: string;
  /** The uri of the folder the file applies to, ending in '/'. */
  folder: string;
  rules: Record<string, ConfiguredSeverity>;
  kubernetesVersion?: string;
  drainBudgetSeconds?: number;
  /** Globs relative to `folder`: when given, only matching files are analysed. */
  include?: RegExp[];
  /** Globs relative to `folder` of files never analysed. */
  exclude?: RegExp[];
  /** The valid entries of `images`, in their order: they win over the editor setting's and the official-image table. */
  images: ImageEntry[];
  /** Syntax and type mistakes; unknown rule ids are the analyzer's to report (it knows the rules). */
  problems: Notice[];
}

export function isProjectConfigUri(uri: string): boolean {
  return PROJECT_CONFIG_NAMES.includes(uri.slice(uri.lastIndexOf('/') + 1));
}

export function parseProjectConfig(source: SourceText): ProjectConfig {
  const config: ProjectConfig = { uri: source.uri, folder: source.uri.slice(0, source.uri.lastIndexOf('/') + 1), rules: {}, images: [], problems: [] };
  const problem = (node: Node | undefined, message: string) => {
    const range = node?.range ? source.rangeOf(node.range[0], node.range[1]) : source.rangeOf(0, 0);
    config.problems.push({ uri: source.uri, range, message, code: CONFIG_PROBLEM_CODE, severity: 'warning' });
  };
  const document = parseDocument(source.text, { prettyErrors: false });
  for (const error of document.errors) {
    config.problems.push({ uri: source.uri, range: source.rangeOf(error.pos[0], error.pos[1]), message: `Invalid YAML: ${error.message}`, code: CONFIG_PROBLEM_CODE, severity: 'error' });
  }
  if (document.errors.length > 0 || document.contents === null) return config;
  if (!isMap(document.contents)) {
    problem(document.contents, `A kube-graceful project file is a map: ${settingNames.join(', ')}.`);
    return config;
  }
  for (const pair of document.contents.items) {
    const key = isScalar(pair.key) ? pair.key : undefined;
    const value = pair.value as Node | null;
    switch (key?.value) {
      case 'rules':
        readRules(value, config, source, problem);
        break;
      case 'kubernetesVersion': {
        // The text as written: YAML reads 1.30 as the number 1.3.
        const text = isScalar(value) && value.range ? source.text.slice(value.range[0], value.range[1]).replace(/^["']|["']$/g, '') : undefined;
        if (text !== undefined && parseKubernetesVersion(text)) config.kubernetesVersion = text.trim();
        else problem(value ?? key, 'kubernetesVersion must be a version like "1.30".');
        break;
      }
      case 'drainBudgetSeconds':
        if (isScalar(value) && typeof value.value === 'number' && Number.isFinite(value.value) && value.value >= 0) config.drainBudgetSeconds = value.value;
        else problem(value ?? key, 'drainBudgetSeconds must be a number of seconds, 0 or more.');
        break;
      case 'include':
      case 'exclude': {
        const globs = isSeq(value) ? value.items.map((item) => (isScalar(item) && typeof item.value === 'string' ? item.value : undefined)) : [];
        if (!isSeq(value) || globs.includes(undefined)) problem(value ?? key, `${key.value} must be a list of glob patterns ("deploy/**/*.yaml").`);
        else config[key.value] = (globs as string[]).map(globToRegExp);
        break;
      }
      case 'images':
        readImages(value, config, source, problem);
        break;
      default:
        problem(key ?? (pair.key as Node), `Unknown setting ${JSON.stringify(key?.value ?? null)}: use ${orList(settingNames)}.`);
    }
  }
  return config;
}

function readRules(value: Node | null, config: ProjectConfig, source: SourceText, problem: (node: Node | undefined, message: string) => void): void {
  if (!isMap(value)) {
    problem(value ?? undefined, 'rules must map rule ids to off, error, warning, info or hint.');
    return;
  }
  for (const pair of value.items) {
    const key = pair.key as Node;
    const id = isScalar(key) && typeof key.value === 'string' ? key.value : undefined;
    const severity = isScalar(pair.value) ? pair.value.value : undefined;
    if (id === undefined || !key.range) {
      problem(key, 'A rule id is a string such as k8s/prestop-missing.');
    } else if (!severityOptions.includes(severity as SeverityOption)) {
      problem((pair.value as Node | null) ?? key, `The severity of ${id} must be one of ${severityOptions.join(', ')}.`);
    } else {
      config.rules[id] = { severity: severity as SeverityOption, range: source.rangeOf(key.range[0], key.range[1]) };
    }
  }
}

/**
 * `images`: a list of maps `{image, stopSignal?, runs?}` (knowledge/image-signals.ts). An entry with
 * a mistake is reported and left out whole: half of it would state something the user did not.
 */
function readImages(value: Node | null, config: ProjectConfig, source: SourceText, problem: (node: Node | undefined, message: string) => void): void {
  const example = 'images must be a list of entries such as {image: registry.example.com/platform/nginx, stopSignal: SIGQUIT, runs: nginx}.';
  if (!isSeq(value)) {
    problem(value ?? undefined, example);
    return;
  }
  const name = config.uri.slice(config.uri.lastIndexOf('/') + 1);
  for (const item of value.items as (Node | null)[]) {
    if (!isMap(item)) {
      problem(item ?? value, example);
      continue;
    }
    const fields: Partial<Record<string, { text: string; node: Node }>> = {};
    let valid = true;
    const invalid = (node: Node, message: string) => {
      problem(node, message);
      valid = false;
    };
    for (const pair of item.items) {
      const key = pair.key as Node;
      const field = isScalar(key) ? String(key.value) : '';
      const node = (pair.value as Node | null) ?? key;
      if (!imageEntryKeys.includes(field)) invalid(key, `Unknown key ${JSON.stringify(field)} in an image entry: use ${orList(imageEntryKeys)}.`);
      else if (!isScalar(pair.value) || pair.value.value === null || typeof pair.value.value === 'object') invalid(node, `${field} must be a single value.`);
      else fields[field] = { text: String(pair.value.value), node };
    }
    const { image, stopSignal, runs } = fields;
    if (!image) invalid(item, 'An image entry needs `image`: the repository it describes (registry.example.com/platform/nginx).');
    const checks: [typeof image, (text: string) => string | undefined][] = [[image, imagePatternProblem], [stopSignal, entrySignalProblem], [runs, entryServerProblem]];
    for (const [field, check] of checks) {
      const message = field && check(field.text);
      if (field && message) invalid(field.node, message);
    }
    if (!valid || !image) continue;
    config.images.push({
      image: image.text, ...(stopSignal && { stopSignal: stopSignal.text }), ...(runs && { runs: runs.text as ServerId }),
      origin: `${name} line ${source.positionAt(image.node.range![0]).line + 1}`,
    });
  }
}

/** Whether the project file lets kube-graceful analyse the file at `uri` (a file below its folder). */
export function configIncludes(config: ProjectConfig, uri: string): boolean {
  if (!uri.startsWith(config.folder)) return true;
  const relative = decodeURIComponent(uri.slice(config.folder.length));
  if (config.exclude?.some((glob) => glob.test(relative))) return false;
  return !config.include || config.include.some((glob) => glob.test(relative));
}

/**
 * gitignore-like globs: `**` crosses folders, `*` and `?` stay within one, `{a,b}` alternates; a
 * pattern without a slash matches a name in any folder.
 */
export function globToRegExp(glob: string): RegExp {
  let pattern = '';
  for (let index = 0; index < glob.length; index++) {
    const char = glob[index];
    if (char === '*' && glob[index + 1] === '*') {
      const slash = glob[index + 2] === '/';
      pattern += slash ? '(?:.*/)?' : '.*';
      index += slash ? 2 : 1;
    } else if (char === '*') pattern += '[^/]*';
    else if (char === '?') pattern += '[^/]';
    else if (char === '{') pattern += '(?:';
    else if (char === '}') pattern += ')';
    else if (char === ',' && pattern.includes('(?:')) pattern += '|';
    else pattern += char.replace(/[.+^$()|[\]\\]/g, '\\$&');
  }
  const anywhere = !glob.replace(/\/$/, '').includes('/');
  return new RegExp(`^${anywhere ? '(?:.*/)?' : ''}${pattern.replace(/^\//, '')}(?:/.*)?$`);
}
