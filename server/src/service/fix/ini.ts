import type { SourceText } from '../source';
import type { Range, TextEdit } from '../types';
import { insertLinesAfter } from './lines';

/** A `key = value` line of an INI file, as the models keep it (php-fpm directives, supervisord settings). */
export interface IniLine {
  keyRange: Range;
  valueRange: Range;
}

/**
 * A new `key = value` line written like its neighbours: their indentation, the spacing around `=`
 * (or `:`), and, where the section aligns its values in a column, that column. `fallback` is the
 * separator when the section has no line to copy (`=` for supervisord, ` = ` for php-fpm).
 */
export function iniLine(source: SourceText, neighbours: IniLine[], key: string, value: string, fallback: string): string {
  const example = neighbours[neighbours.length - 1];
  if (!example) return `${key}${fallback}${value}`;
  const indent = source.lineText(example.keyRange.start.line).slice(0, example.keyRange.start.character);
  const between = source.text.slice(source.offsetAt(example.keyRange.end), source.offsetAt(example.valueRange.start));
  const delimiter = /[=:]/.exec(between);
  if (!delimiter) return `${indent}${key}${fallback}${value}`;
  const before = between.slice(0, delimiter.index);
  const after = between.slice(delimiter.index + 1);
  const column = (line: IniLine) => {
    const text = source.text.slice(source.offsetAt(line.keyRange.end), source.offsetAt(line.valueRange.start));
    return line.keyRange.end.character + (/[=:]/.exec(text)?.index ?? 0);
  };
  const keyLength = (line: IniLine) => line.keyRange.end.character - line.keyRange.start.character;
  // `command      = …` / `stopsignal   = …`: the delimiters stand in one column although the keys differ in length.
  const aligned = neighbours.length > 1 && neighbours.every((line) => column(line) === column(example))
    && neighbours.some((line) => keyLength(line) !== keyLength(example));
  const padding = aligned ? ' '.repeat(Math.max(column(example) - indent.length - key.length, before.length > 0 ? 1 : 0)) : before;
  return `${indent}${key}${padding}${delimiter[0]}${after}${value}`;
}

/** Adds a line at the end of a section: after its last line (`lastLineEnd`), or after its header when it has none. */
export function appendToSection(source: SourceText, lastLineEnd: number, line: string): TextEdit {
  return insertLinesAfter(source, lastLineEnd, [line]);
}
