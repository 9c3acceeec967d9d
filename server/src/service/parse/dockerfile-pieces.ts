import { readInstructions, readSingleLine, shiftRecord, type InstructionRecord } from './dockerfile-instructions';

/**
 * Reads a Dockerfile one piece at a time, reusing the pieces of the previous version of the file
 * whose text has not changed: typing in one stage of a 150-stage Dockerfile re-parses that stage.
 * dockerfile-ast also takes longer per line on a long text, so even a first read goes by pieces.
 *
 * The text is cut before the lines that start with FROM (and around very long command lines). Such
 * a line is an instruction unless the text before it is still inside one (an escaped line break, a
 * here-document): each piece is parsed with a `FROM` line after it, and when that line does not come
 * out as an instruction of its own, the piece is joined to the next one. A piece parsed alone reads
 * a leading `# escape=` comment as a parser directive: any piece that does (only the first one rightly
 * can) makes the whole text be parsed at once, as do line breaks that JavaScript and LSP count
 * differently and a byte order mark after the start.
 */

/** A piece's instructions with ranges counted from `line`, the line it starts at in its file. */
interface Piece {
  records: InstructionRecord[];
  line: number;
  escapeChar: string;
  /** Known when it was parsed with a FROM line after it: whether that line stayed an instruction of its own. */
  endsCleanly?: boolean;
}

/** The pieces of one version of a file, by their text: what the next version may reuse. */
export type PieceCache = Map<string, Piece>;

export interface ReadDockerfile {
  records: InstructionRecord[];
  escapeChar: string;
  cache: PieceCache;
}

const defaultEscape = '\\';
const sentinel = 'FROM scratch\n';

export function readDockerfile(text: string, previous?: PieceCache): ReadDockerfile {
  const cuts = /\r(?!\n)|[\u2028\u2029]|(?!^)\ufeff/.test(text) ? undefined : cutLines(text);
  if (!cuts) return wholeText(text);
  const cache: PieceCache = new Map();
  const records: InstructionRecord[] = [];
  for (let i = 0; i < cuts.length; i++) {
    const start = cuts[i];
    for (let end = i + 1; ; end++) {
      const last = end === cuts.length;
      const pieceText = text.slice(start.offset, last ? text.length : cuts[end].offset);
      const piece = readPiece(pieceText, start.line, last, cache.has(pieceText) ? undefined : previous?.get(pieceText));
      // A directive can only be in the first piece; a comment like one that starts a later piece is no directive.
      if (piece.escapeChar !== defaultEscape) return wholeText(text);
      if (!last && !piece.endsCleanly) continue;
      if (!cache.has(pieceText)) cache.set(pieceText, piece);
      records.push(...piece.records);
      i = end - 1;
      break;
    }
  }
  return { records, escapeChar: defaultEscape, cache };
}

function wholeText(text: string): ReadDockerfile {
  return { ...readInstructions(text), cache: new Map() };
}

/** A command line long enough for dockerfile-ast to take long over it (see readSingleLine). */
const longCommandLine = /^[ \t]*(?:CMD|ENTRYPOINT|RUN)[ \t][^\n]{4000}/gim;

/**
 * Offsets and lines of where pieces start: the text's first line, every line that starts with FROM,
 * and every long CMD, ENTRYPOINT or RUN line and the line after it (a piece of its own).
 */
function cutLines(text: string): { offset: number; line: number }[] {
  const offsets = new Set([0]);
  for (const match of text.matchAll(/^[ \t]*FROM[ \t]/gim)) offsets.add(match.index);
  for (const match of text.matchAll(longCommandLine)) {
    offsets.add(match.index);
    const next = text.indexOf('\n', match.index) + 1;
    if (next > 0 && next < text.length) offsets.add(next);
  }
  let line = 0;
  let counted = 0;
  return [...offsets].sort((a, b) => a - b).map((offset) => {
    line += countLineBreaks(text, counted, offset);
    counted = offset;
    return { offset, line };
  });
}

function countLineBreaks(text: string, from: number, to: number): number {
  let count = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) count++;
  return count;
}

/**
 * The piece `text` starting at `line`: `reused` when it says enough (moved to `line`), else parsed.
 * A piece followed by more text is parsed with a FROM line after it, to learn whether it ends cleanly.
 */
function readPiece(text: string, line: number, last: boolean, reused: Piece | undefined): Piece {
  if (reused && (last || reused.endsCleanly !== undefined)) {
    if (reused.line === line) return reused;
    // Copies, not moved in place: the previous version's findings may still point at these ranges.
    return { ...reused, line, records: reused.records.map((record) => shiftRecord(record, line - reused.line)) };
  }
  const single = readSingleLine(text);
  if (single) return { records: shifted([single], line), line, escapeChar: defaultEscape, endsCleanly: true };
  if (last) {
    const read = readInstructions(text);
    return { records: shifted(read.records, line), line, escapeChar: read.escapeChar };
  }
  const read = readInstructions(text + sentinel);
  const after = read.records.pop();
  const endsCleanly = after?.kind === 'from' && after.range.start.line === countLineBreaks(text, 0, text.length) && after.range.start.character === 0;
  return { records: shifted(read.records, line), line, escapeChar: read.escapeChar, endsCleanly };
}

function shifted(records: InstructionRecord[], delta: number): InstructionRecord[] {
  return delta === 0 ? records : records.map((record) => shiftRecord(record, delta));
}
