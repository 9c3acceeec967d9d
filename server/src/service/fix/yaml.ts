import { isScalar, type Node, type YAMLMap } from 'yaml';
import { nodeSpan } from '../parse/yaml-nodes';
import type { SourceText } from '../source';
import type { TextEdit } from '../types';
import { columnAt } from './lines';

/**
 * Edits to YAML text that keep everything the author wrote: comments, blank lines, key order,
 * quoting. They only ever insert whole lines or replace one scalar.
 */

/** The indentation step the file uses (2, 4, …), read from how nested keys sit under their parents. */
export function indentUnit(source: SourceText): number {
  // Every fix of a file asks: read the text once per SourceText, not once per finding.
  let unit = indentUnits.get(source);
  if (unit === undefined) {
    unit = mostCommonStep(source);
    indentUnits.set(source, unit);
  }
  return unit;
}

const indentUnits = new WeakMap<SourceText, number>();

/**
 * Counted per YAML document, and remembered by document text for the file's next version: after a
 * one-line edit of a large manifest only the edited document is read again. No parent/child pair
 * spans a `---`. Only the last version's documents are kept: their texts are slices of it.
 */
function mostCommonStep(source: SourceText): number {
  const counts = new Map<number, number>();
  const previous = stepCountsByFile.get(source.uri);
  const current = new Map<string, Map<number, number>>();
  for (const documentText of source.text.split(/\n(?=---)/)) {
    const documentCounts = current.get(documentText) ?? previous?.get(documentText) ?? stepCounts(documentText);
    current.set(documentText, documentCounts);
    for (const [step, count] of documentCounts) counts.set(step, (counts.get(step) ?? 0) + count);
  }
  if (stepCountsByFile.size >= MAX_REMEMBERED_FILES) stepCountsByFile.clear();
  stepCountsByFile.set(source.uri, current);
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of counts) if (count > bestCount || (count === bestCount && step < best)) { best = step; bestCount = count; }
  return best;
}

const stepCountsByFile = new Map<string, Map<string, Map<number, number>>>();
/** A bound on memory for a workspace whose files come and go, not a tuned figure. */
const MAX_REMEMBERED_FILES = 1_000;

/** How often each indentation step (1–8 columns) separates a `key:` line from the line nested under it. */
function stepCounts(text: string): Map<number, number> {
  const counts = new Map<number, number>();
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length - 1; i++) {
    const parent = /^(\s*)(- +)?[^\s#][^#]*:\s*(#.*)?$/.exec(lines[i]);
    if (!parent) continue;
    const child = nextContentLine(lines, i + 1);
    if (child === undefined) continue;
    const parentColumn = parent[1].length + (parent[2]?.length ?? 0);
    const step = child.length - child.trimStart().length - parentColumn;
    if (step > 0 && step <= 8) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  return counts;
}

/** The first line from `from` on that is neither blank nor a comment. */
function nextContentLine(lines: string[], from: number): string | undefined {
  for (let i = from; i < lines.length; i++) {
    const trimmed = lines[i].trim();
    if (trimmed !== '' && !trimmed.startsWith('#')) return lines[i];
  }
  return undefined;
}

/** Block lines nested by `unit` spaces per level, from a compact description: `['a:', ['b: 1']]`. */
export type BlockLines = Array<string | BlockLines>;

export function renderBlock(lines: BlockLines, unit: number, depth = 0): string[] {
  return lines.flatMap((line) => (typeof line === 'string' ? [' '.repeat(unit * depth) + line] : renderBlock(line, unit, depth + 1)));
}

/**
 * Inserts keys at the end of a block map, at the column of its existing keys; into a flow map
 * (`{a: 1}`, a JSON object) as flow entries after its last one. Undefined for an empty map, which
 * would need rewriting rather than inserting.
 */
export function appendToMap(source: SourceText, map: YAMLMap, lines: BlockLines): TextEdit | undefined {
  if (map.items.length === 0) return undefined;
  if (map.flow) return appendToFlowMap(source, map, lines);
  const firstKey = map.items[0].key as Node | null;
  const lastItem = map.items[map.items.length - 1];
  const lastNode = (lastItem.value ?? lastItem.key) as Node | null;
  if (!firstKey?.range || !lastNode?.range) return undefined;
  const column = columnAt(source, firstKey.range[0]);
  const [, valueEnd] = nodeSpan(lastNode);
  // Insert at the start of the line after the last value: after its trailing comment, before
  // any comment or blank line that introduces what follows.
  const lastLine = source.positionAt(Math.max(valueEnd - 1, 0)).line;
  let offset = source.offsetAt({ line: lastLine + 1, character: 0 });
  let prefix = '';
  if (offset >= source.text.length && !source.text.endsWith('\n')) {
    offset = source.text.length;
    prefix = source.eol;
  }
  const text = renderBlock(lines, indentUnit(source)).map((line) => ' '.repeat(column) + line + source.eol).join('');
  const position = source.positionAt(offset);
  return { range: { start: position, end: position }, newText: prefix + text };
}

/** Replaces a scalar's text, keeping anything around it (a trailing comment). */
export function replaceScalar(source: SourceText, node: Node, text: string): TextEdit {
  const [start, end] = nodeSpan(node);
  return { range: source.rangeOf(start, end), newText: text };
}

/**
 * Flow entries (`, "lifecycle": {"preStop": {"sleep": {"seconds": 5}}}`) after a flow map's last
 * value, quoting keys as its first key is quoted (JSON) or not (flow YAML). Undefined when the
 * lines hold something other than `key: value` and `key:` with nested lines (a sequence item).
 */
function appendToFlowMap(source: SourceText, map: YAMLMap, lines: BlockLines): TextEdit | undefined {
  const firstKey = map.items[0].key;
  const lastItem = map.items[map.items.length - 1];
  const lastNode = (lastItem.value ?? lastItem.key) as Node | null;
  if (!lastNode?.range) return undefined;
  const quoteKeys = isScalar(firstKey) && firstKey.type === 'QUOTE_DOUBLE';
  const entries = flowEntries(lines, quoteKeys);
  if (!entries) return undefined;
  const position = source.positionAt(nodeSpan(lastNode)[1]);
  return { range: { start: position, end: position }, newText: `, ${entries}` };
}

function flowEntries(lines: BlockLines, quoteKeys: boolean): string | undefined {
  const entries: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (typeof line !== 'string') return undefined;
    const match = /^([\w./-]+):(?:\s+(.+))?$/.exec(line);
    if (!match) return undefined;
    const key = quoteKeys ? JSON.stringify(match[1]) : match[1];
    const nested = lines[i + 1];
    if (match[2] === undefined) {
      if (typeof nested === 'string' || nested === undefined) return undefined;
      const inner = flowEntries(nested, quoteKeys);
      if (inner === undefined) return undefined;
      entries.push(`${key}: {${inner}}`);
      i++;
    } else {
      entries.push(`${key}: ${flowScalar(match[2], quoteKeys)}`);
    }
  }
  return entries.join(', ');
}

/**
 * A value as the flow map writes it: numbers, booleans, double-quoted strings and flow sequences as
 * they are; other strings quoted in JSON, and in flow YAML when they hold a flow indicator.
 */
function flowScalar(value: string, json: boolean): string {
  if (/^(-?\d+(\.\d+)?|true|false|null|".*"|\[.*\])$/.test(value)) return value;
  if (!json && !/[,[\]{}#]/.test(value)) return value;
  return JSON.stringify(value.replace(/^'(.*)'$/, '$1'));
}
