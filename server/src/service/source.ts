import type { Position, Range } from './types';

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

/**
 * One version of one file's text, with the offset/position arithmetic every parser and fix needs.
 * LSP positions count UTF-16 code units, as JavaScript strings do, so offsets are string indices.
 * Lines end at \n, \r\n or a lone \r, as in vscode-languageserver-textdocument, whose
 * positions these are; its table is built one character at a time, this one a line at a time,
 * which matters on every edit of a large manifest.
 */
export class SourceText {
  private lineStartsValue: number[] | undefined;

  constructor(readonly uri: string, readonly text: string) {}

  positionAt(offset: number): Position {
    const clamped = Math.max(Math.min(offset, this.text.length), 0);
    const starts = this.lineStarts;
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (starts[middle] > clamped) high = middle;
      else low = middle + 1;
    }
    const line = low - 1;
    return { line, character: this.beforeLineBreak(clamped, starts[line]) - starts[line] };
  }

  offsetAt(position: Position): number {
    const starts = this.lineStarts;
    if (position.line >= starts.length) return this.text.length;
    if (position.line < 0) return 0;
    const lineStart = starts[position.line];
    if (position.character <= 0) return lineStart;
    const nextLineStart = position.line + 1 < starts.length ? starts[position.line + 1] : this.text.length;
    return this.beforeLineBreak(Math.min(lineStart + position.character, nextLineStart), lineStart);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** The text of a 0-based line, without its line break. */
  lineText(line: number): string {
    const start = this.offsetAt({ line, character: 0 });
    const end = this.offsetAt({ line: line + 1, character: 0 });
    return this.text.slice(start, end).replace(/(\r\n|\r|\n)$/, '');
  }

  /** The line break the file already uses, so inserted lines match it. */
  get eol(): string {
    // Fixes ask once per finding: search a large text once.
    this.eolValue ??= this.text.includes('\r\n') ? '\r\n' : '\n';
    return this.eolValue;
  }

  private eolValue: string | undefined;

  private get lineStarts(): number[] {
    this.lineStartsValue ??= lineStartsOf(this.text);
    return this.lineStartsValue;
  }

  /** An offset inside a line break moves to the line's end. */
  private beforeLineBreak(offset: number, lineStart: number): number {
    let result = offset;
    while (result > lineStart && isLineBreak(this.text.charCodeAt(result - 1))) result--;
    return result;
  }
}

function isLineBreak(code: number): boolean {
  return code === LINE_FEED || code === CARRIAGE_RETURN;
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) starts.push(index + 1);
    return starts;
  }
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (!isLineBreak(code)) continue;
    if (code === CARRIAGE_RETURN && text.charCodeAt(index + 1) === LINE_FEED) index++;
    starts.push(index + 1);
  }
  return starts;
}

export function containsPosition(range: Range, position: Position): boolean {
  const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(position, range.start) && after(range.end, position);
}
