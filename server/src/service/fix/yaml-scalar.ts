import { parseAllDocuments, visit, type Scalar } from 'yaml';
import { nodeSpan } from '../parse/yaml-nodes';
import type { SourceText } from '../source';
import type { TextEdit } from '../types';
import { applyEdits } from './apply';

/** One edit of a scalar's text, and whether it touches nothing but the inserted characters. */
interface ScalarEdit {
  edit: TextEdit;
  exact: boolean;
}

/** Edits that change a YAML string scalar's value, and whether they touch nothing but that change. */
export interface ScalarEdits {
  edits: TextEdit[];
  /**
   * True when only the inserted characters change in the file. False when the scalar had to be
   * written again in another form (a multi-line or escaped scalar becomes one double-quoted line)
   * or sits in a block scalar: the value is right, but the text deserves a look, so offer it only.
   */
  exact: boolean;
}

/** Text to insert at an offset of a scalar's value. */
export interface ValueInsertion {
  offset: number;
  text: string;
}

/**
 * Inserts text at offsets of a string scalar's value (an `sh -c` script held in a YAML item),
 * keeping its quoting style where the value can be re-written exactly. Every edit is checked by
 * parsing the edited file again: undefined when the value would not come out as meant.
 */
export function insertIntoScalar(source: SourceText, node: Scalar, insertions: ValueInsertion[]): ScalarEdits | undefined {
  if (typeof node.value !== 'string') return undefined;
  const value = node.value;
  const ordered = [...insertions].sort((a, b) => a.offset - b.offset);
  if (ordered.some(({ offset }) => offset < 0 || offset > value.length)) return undefined;
  let wanted = '';
  let cursor = 0;
  for (const { offset, text } of ordered) {
    wanted += value.slice(cursor, offset) + text;
    cursor = offset;
  }
  wanted += value.slice(cursor);
  const [start, end] = nodeSpan(node);
  const written = source.text.slice(start, end);
  const replace = (text: string, exact: boolean): ScalarEdit[] => [{ edit: { range: source.rangeOf(start, end), newText: text }, exact }];

  let candidate: ScalarEdit[] | undefined;
  if (node.type === 'PLAIN' && written === value) candidate = replace(wanted, true);
  else if (node.type === 'QUOTE_SINGLE' && written === singleQuoted(value)) candidate = replace(singleQuoted(wanted), true);
  else if (node.type === 'QUOTE_DOUBLE' && written === JSON.stringify(value)) candidate = replace(JSON.stringify(wanted), true);
  else if (node.type === 'BLOCK_LITERAL') candidate = insertIntoLiteralBlock(source, start, value, ordered);
  else if (node.type === 'PLAIN' || node.type === 'QUOTE_SINGLE' || node.type === 'QUOTE_DOUBLE') candidate = replace(JSON.stringify(wanted), false);
  if (!candidate || candidate.length === 0 || valueAfter(source, candidate.map(({ edit }) => edit), start) !== wanted) return undefined;
  return { edits: candidate.map(({ edit }) => edit), exact: candidate.every(({ exact }) => exact) };
}

function singleQuoted(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** In a `|` block each line of the value is a line of the file, indented: insert at the same places. */
function insertIntoLiteralBlock(source: SourceText, start: number, value: string, insertions: ValueInsertion[]): ScalarEdit[] | undefined {
  if (insertions.some(({ text }) => text.includes('\n'))) return undefined;
  const headerLine = source.positionAt(start).line;
  const firstContent = source.lineText(headerLine + 1);
  const indent = firstContent.length - firstContent.trimStart().length;
  return insertions.map(({ offset, text }) => {
    const before = value.slice(0, offset);
    const valueLine = before.split('\n').length - 1;
    const column = offset - (before.lastIndexOf('\n') + 1);
    const position = source.positionAt(source.offsetAt({ line: headerLine + 1 + valueLine, character: indent + column }));
    return { edit: { range: { start: position, end: position }, newText: text }, exact: false };
  });
}

/** The value of the scalar that starts at `start` once the edits are applied; undefined when the file no longer parses there. */
function valueAfter(source: SourceText, edits: TextEdit[], start: number): string | undefined {
  const text = applyEdits(source.text, edits);
  let found: string | undefined;
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) continue;
    visit(document, {
      Scalar(_key, scalar) {
        if (scalar.range?.[0] === start && typeof scalar.value === 'string') {
          found = scalar.value;
          return visit.BREAK;
        }
        return undefined;
      },
    });
  }
  return found;
}
