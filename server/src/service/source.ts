import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Position, Range } from './types';

/**
 * One version of one file's text, with the offset/position arithmetic every parser and fix needs.
 * LSP positions count UTF-16 code units, as JavaScript strings do, so offsets are string indices.
 */
export class SourceText {
  private readonly document: TextDocument;

  constructor(readonly uri: string, readonly text: string) {
    this.document = TextDocument.create(uri, 'plaintext', 0, text);
  }

  positionAt(offset: number): Position {
    return this.document.positionAt(offset);
  }

  offsetAt(position: Position): number {
    return this.document.offsetAt(position);
  }

  rangeOf(start: number, end: number): Range {
    return { start: this.positionAt(start), end: this.positionAt(end) };
  }

  get lineCount(): number {
    return this.document.lineCount;
  }

  /** The text of a 0-based line, without its line break. */
  lineText(line: number): string {
    const start = this.document.offsetAt({ line, character: 0 });
    const end = this.document.offsetAt({ line: line + 1, character: 0 });
    return this.text.slice(start, end).replace(/\r?\n$/, '');
  }

  /** The line break the file already uses, so inserted lines match it. */
  get eol(): string {
    // Fixes ask once per finding: search a large text once.
    this.eolValue ??= this.text.includes('\r\n') ? '\r\n' : '\n';
    return this.eolValue;
  }

  private eolValue: string | undefined;
}

export function containsPosition(range: Range, position: Position): boolean {
  const after = (a: Position, b: Position) => a.line > b.line || (a.line === b.line && a.character >= b.character);
  return after(position, range.start) && after(range.end, position);
}
