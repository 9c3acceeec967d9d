import type { Node, YAMLMap } from 'yaml';
import { nodeSpan } from '../parse/yaml-nodes';
import type { SourceText } from '../source';
import type { TextEdit } from '../types';

/**
 * Edits to YAML text that keep everything the author wrote: comments, blank lines, key order,
 * quoting. They only ever insert whole lines or replace one scalar.
 */

/** The indentation step the file uses (2, 4, …), read from how nested keys sit under their parents. */
export function indentUnit(source: SourceText): number {
  const counts = new Map<number, number>();
  const lines = source.text.split(/\r?\n/);
  for (let i = 0; i < lines.length - 1; i++) {
    const parent = /^(\s*)(- +)?[^\s#][^#]*:\s*(#.*)?$/.exec(lines[i]);
    if (!parent) continue;
    const child = lines.slice(i + 1).find((line) => line.trim() !== '' && !line.trim().startsWith('#'));
    if (!child) continue;
    const parentColumn = parent[1].length + (parent[2]?.length ?? 0);
    const step = child.length - child.trimStart().length - parentColumn;
    if (step > 0 && step <= 8) counts.set(step, (counts.get(step) ?? 0) + 1);
  }
  let best = 2;
  let bestCount = 0;
  for (const [step, count] of counts) if (count > bestCount || (count === bestCount && step < best)) { best = step; bestCount = count; }
  return best;
}

/** Block lines nested by `unit` spaces per level, from a compact description: `['a:', ['b: 1']]`. */
export type BlockLines = Array<string | BlockLines>;

export function renderBlock(lines: BlockLines, unit: number, depth = 0): string[] {
  return lines.flatMap((line) => (typeof line === 'string' ? [' '.repeat(unit * depth) + line] : renderBlock(line, unit, depth + 1)));
}

/**
 * Inserts keys at the end of a block map, at the column of its existing keys. Undefined for a flow
 * map (`{a: 1}`) or an empty one, which would need rewriting rather than inserting.
 */
export function appendToMap(source: SourceText, map: YAMLMap, lines: BlockLines): TextEdit | undefined {
  if (map.flow || map.items.length === 0) return undefined;
  const firstKey = map.items[0].key as Node | null;
  const lastItem = map.items[map.items.length - 1];
  const lastNode = (lastItem.value ?? lastItem.key) as Node | null;
  if (!firstKey?.range || !lastNode?.range) return undefined;
  const column = source.positionAt(firstKey.range[0]).character;
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
