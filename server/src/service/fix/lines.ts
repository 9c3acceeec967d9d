import type { SourceText } from '../source';
import type { TextEdit } from '../types';

/**
 * Whole-line inserts for line-based formats (INI, .properties): the new lines go after the line
 * that holds `offset`, in the file's own line endings, whether or not that line ends the file.
 */
export function insertLinesAfter(source: SourceText, offset: number, lines: string[]): TextEdit {
  const line = source.positionAt(offset).line;
  const next = line + 1 < source.lineCount ? source.offsetAt({ line: line + 1, character: 0 }) : source.text.length;
  const position = source.positionAt(next);
  const text = lines.map((item) => item + source.eol).join('');
  // The last line has no line break (or the file is empty past it): break it first, and end the insert without one.
  const endsOpen = next === source.text.length && !/[\r\n]$/.test(source.text) && source.text.length > 0;
  return { range: { start: position, end: position }, newText: endsOpen ? source.eol + text.slice(0, -source.eol.length) : text };
}

/** Lines inserted before the line that holds `offset`. */
export function insertLinesBefore(source: SourceText, offset: number, lines: string[]): TextEdit {
  const position = { line: source.positionAt(offset).line, character: 0 };
  return { range: { start: position, end: position }, newText: lines.map((item) => item + source.eol).join('') };
}
