import type { SourceText } from '../source';
import type { Position, TextEdit } from '../types';

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
  const position = lineStart(source, source.positionAt(offset).line);
  return { range: { start: position, end: position }, newText: lines.map((item) => item + source.eol).join('') };
}

/**
 * A byte order mark is the first character of the text but no part of the first line: text
 * inserted at the start of that line goes after it, and it takes no column of indentation.
 */
const bomLength = (source: SourceText, line: number) => (line === 0 && source.text.startsWith('\ufeff') ? 1 : 0);

/** Where text inserted at the start of a line goes. */
export function lineStart(source: SourceText, line: number): Position {
  return { line, character: bomLength(source, line) };
}

/** The column of an offset, counted as indentation: from the start of its line, after a byte order mark. */
export function columnAt(source: SourceText, offset: number): number {
  const { line, character } = source.positionAt(offset);
  return character - bomLength(source, line);
}
