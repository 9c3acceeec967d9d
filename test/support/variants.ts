import * as assert from 'assert';
import { isMap, isPair, isScalar, isSeq, parseAllDocuments, visit, type Document, type Node, type YAMLMap, type YAMLSeq } from 'yaml';
import { pick, prng, withBom, withCrlf, type Random } from './mutations';

/**
 * Structure-preserving variants of a workspace: the same manifests, images and scripts, written the
 * other ways people write them (indentation, flow style, quoting, key order, comments, extra
 * documents, JSON, lowercase or continued Dockerfile instructions, CRLF, a byte order mark). Each
 * variant still means what the original means, so it gets findings, and its fixes run in contexts
 * the originals never show. Seeded: a variant reproduces from its seed and index.
 */

/** Workspace files by path relative to the workspace root. */
export type WorkspaceFiles = ReadonlyMap<string, string>;

export interface Variant {
  /** What was done to which file, for failure messages. */
  label: string;
  files: Map<string, string>;
}

export function workspaceVariants(files: WorkspaceFiles, seed: number, count: number): Variant[] {
  return Array.from({ length: count }, (_, index) => workspaceVariant(files, prng(seed * 7919 + index)));
}

function workspaceVariant(files: WorkspaceFiles, random: Random): Variant {
  const result = new Map<string, string>();
  const labels: string[] = [];
  for (const [name, text] of files) {
    const changes: string[] = [];
    const variant = fileVariant(name, text, files, random, changes);
    result.set(variant.name, variant.text);
    if (changes.length > 0) labels.push(`${name}${variant.name === name ? '' : ` → ${variant.name}`}: ${changes.join(', ')}`);
  }
  return { label: labels.join('; ') || 'unchanged', files: result };
}

interface FileVariant {
  name: string;
  text: string;
}

function fileVariant(name: string, text: string, files: WorkspaceFiles, random: Random, changes: string[]): FileVariant {
  const chance = (probability: number, change: string) => {
    const yes = random() < probability;
    if (yes) changes.push(change);
    return yes;
  };
  let result: FileVariant = { name, text };
  if (/\.ya?ml$/.test(name) && !text.includes('{{')) result = yamlVariant(name, text, files, random, chance);
  else if (/(^|\/)([\w.-]+\.)?Dockerfile$/.test(name)) result.text = dockerfileVariant(text, random, chance);
  else if (/\.sh$/.test(name) && chance(0.3, 'comment after the shebang')) result.text = text.replace(/^(#!.*\n)/, '$1# a variant comment\n');
  if (/\.(ya?ml|json)$|Dockerfile$/.test(result.name) && chance(0.15, 'bom')) result.text = withBom(result.text);
  if (chance(0.3, 'crlf')) result.text = withCrlf(result.text);
  return result;
}

type Chance = (probability: number, change: string) => boolean;

// --- YAML -------------------------------------------------------------------------------------

const extraDocuments = {
  before: ['# a document the variant adds before', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: variant-before', 'data:', '  key: value', ''].join('\n'),
  after: ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: variant-after', 'data:', '  other: "1"', ''].join('\n'),
};

function yamlVariant(name: string, text: string, files: WorkspaceFiles, random: Random, chance: Chance): FileVariant {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.some((document) => document.errors.length > 0)) return { name, text };
  const meaning = documents.map((document) => document.toJS());
  const manifest = meaning.some((value) => isObject(value) && 'apiVersion' in value && 'kind' in value);
  const base = name.split('/').pop() ?? name;
  const referenced = [...files].some(([other, otherText]) => other !== name && otherText.includes(base));
  const kustomization = /(^|\/)kustomization\.ya?ml$/.test(name);
  const indent = chance(0.5, 'indent 4') ? 4 : 2;
  // A JSON manifest is a .json file of one object (the service does not look for JSON in a .yaml file).
  if (manifest && !kustomization && meaning.length === 1 && !referenced && chance(0.2, 'json')) {
    return { name: name.replace(/\.ya?ml$/, '.json'), text: `${JSON.stringify(meaning[0], null, indent)}\n` };
  }
  const indentSeq = !chance(0.5, 'sequences at the parent key column');
  const flow = chance(0.4, 'flow collections');
  const quote = chance(0.4, 'quoted strings');
  const shuffle = chance(0.4, 'shuffled keys');
  const comments = chance(0.4, 'comments');
  for (const document of documents) {
    if (shuffle) shuffleMaps(document, random);
    if (quote) quoteStrings(document, random);
    if (comments) addComments(document, random);
    if (flow) makeFlow(document, random);
  }
  let written = documents.map((document) => document.toString({ indent, indentSeq, lineWidth: 0 }).replace(/^---\n/, '')).join('---\n');
  assert.deepStrictEqual(parseAllDocuments(written).map((document) => (document as Document).toJS()), meaning, `the variant of ${name} changed its meaning`);
  if (manifest && !kustomization && !referenced) {
    if (chance(0.3, 'a document before')) written = `${extraDocuments.before}---\n${written}`;
    if (chance(0.3, 'a document after')) written = `${written}---\n${extraDocuments.after}`;
  }
  return { name, text: written };
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function shuffleMaps(document: Document, random: Random): void {
  visit(document, {
    Map: (_, map) => {
      if (random() < 0.5) return;
      for (let i = map.items.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [map.items[i], map.items[j]] = [map.items[j], map.items[i]];
      }
    },
  });
}

/**
 * Plain strings in single or double quotes, keys included; numbers and booleans stay plain, or they
 * would turn into strings. `apiVersion` and `kind` keys stay plain: the service recognises a
 * manifest in a .yaml file by them (detect.ts).
 */
function quoteStrings(document: Document, random: Random): void {
  visit(document, {
    Scalar: (role, scalar) => {
      if (role === 'key' && (scalar.value === 'apiVersion' || scalar.value === 'kind')) return;
      if (typeof scalar.value !== 'string' || (scalar.type !== 'PLAIN' && scalar.type !== undefined) || random() < 0.7) return;
      scalar.type = pick(random, ['QUOTE_DOUBLE', 'QUOTE_SINGLE'] as const);
    },
  });
}

/** Comments between keys and at the end of scalar lines of block maps. */
function addComments(document: Document, random: Random): void {
  let count = 0;
  visit(document, {
    Pair: (_, pair, path) => {
      const parent = path[path.length - 1];
      if (!isMap(parent) || parent.flow || random() < 0.8) return;
      const key = pair.key as Node | null;
      if (random() < 0.5 && isScalar(key) && !key.commentBefore) key.commentBefore = ` a variant comment ${++count}`;
      else if (isScalar(pair.value) && !pair.value.comment && !/BLOCK/.test(pair.value.type ?? '')) pair.value.comment = ` a variant comment ${++count}`;
    },
  });
}

/** Small collections without comments or multi-line strings, written `{…}` or `[…]`. */
function makeFlow(document: Document, random: Random): void {
  visit(document, {
    Map: (_, map) => flowIfSmall(map, random),
    Seq: (_, seq) => flowIfSmall(seq, random),
  });
}

function flowIfSmall(collection: YAMLMap | YAMLSeq, random: Random): symbol | undefined {
  if (collection.flow || !fitsOnALine(collection) || random() < 0.6) return undefined;
  collection.flow = true;
  return visit.SKIP;
}

function fitsOnALine(node: unknown, budget = { nodes: 8 }): boolean {
  if (--budget.nodes < 0) return false;
  if (isPair(node)) return fitsOnALine(node.key, budget) && fitsOnALine(node.value, budget);
  if (isMap(node) || isSeq(node)) return !node.comment && !node.commentBefore && node.items.every((item) => fitsOnALine(item, budget));
  if (isScalar(node)) return !node.comment && !node.commentBefore && !/BLOCK/.test(node.type ?? '') && !String(node.value).includes('\n');
  return node === null || node === undefined;
}

// --- Dockerfile -------------------------------------------------------------------------------

const continuable = /^(RUN|CMD|ENTRYPOINT|ENV|EXPOSE|LABEL)\s/i;

/** Lowercase instructions, arguments continued on the next line, and comment lines between instructions. */
function dockerfileVariant(text: string, random: Random, chance: Chance): string {
  const lowercase = chance(0.4, 'lowercase instructions');
  const continued = chance(0.4, 'line continuations');
  const comments = chance(0.3, 'comment lines');
  const lines = text.split('\n');
  const result: string[] = [];
  let inContinuation = false;
  for (let line of lines) {
    const startsInstruction = !inContinuation && /^\s*[A-Za-z]+\s/.test(line);
    // Comment lines inside a continued instruction do not end it.
    if (!/^\s*#/.test(line)) inContinuation = /\\\s*$/.test(line);
    if (startsInstruction) {
      if (comments && random() < 0.3) result.push('# a variant comment');
      if (lowercase && random() < 0.6) line = line.replace(/^(\s*)([A-Za-z]+)/, (_, indent: string, keyword: string) => indent + keyword.toLowerCase());
      if (continued && !inContinuation && continuable.test(line.trim()) && random() < 0.6) line = continueLine(line, random);
    }
    result.push(line);
  }
  return result.join('\n');
}

/** Breaks an instruction at a space outside quotes after its first argument: `RUN a \`, `    b`. */
function continueLine(line: string, random: Random): string {
  const spaces: number[] = [];
  let quote = '';
  let words = 0;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = '';
    } else if (char === '"' || char === "'") quote = char;
    else if (char === ' ' && line[i - 1] !== ' ' && ++words > 1 && i + 1 < line.length) spaces.push(i);
  }
  if (spaces.length === 0) return line;
  const at = pick(random, spaces);
  return `${line.slice(0, at)} \\\n    ${line.slice(at + 1).trimStart()}`;
}
