import { SourceText } from '../source';
import type { TextEdit } from '../types';

/**
 * Applies LSP text edits to a text, as an editor would: all ranges refer to the original text;
 * inserts at the same position keep their order. Overlapping edits are a bug in a fix: refuse them.
 */
export function applyEdits(text: string, edits: TextEdit[]): string {
  const source = new SourceText('memory:', text);
  const resolved = edits
    .map((edit, order) => ({ start: source.offsetAt(edit.range.start), end: source.offsetAt(edit.range.end), text: edit.newText, order }))
    .sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  let result = '';
  let cursor = 0;
  for (const edit of resolved) {
    if (edit.start < cursor) throw new Error(`overlapping edits at offset ${edit.start}`);
    result += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return result + text.slice(cursor);
}
