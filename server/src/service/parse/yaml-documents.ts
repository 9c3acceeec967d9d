import { isNode, parseAllDocuments, visit, type Document } from 'yaml';

/**
 * Parses a multi-document YAML stream one document at a time, reusing the documents of the
 * previous version of the file whose text has not changed: typing in one document of a 2 MB
 * manifest re-parses that document only.
 *
 * The stream is cut at its `---` lines (at column 0). YAML forbids that line inside any scalar
 * or collection (c-forbidden), so these are exactly where yaml's own parser starts a document.
 * Each piece is parsed alone and its nodes' offsets shifted by where it starts, so every range is
 * the one a parse of the whole text gives. Streams with `...` end markers or `%` directives, and
 * any piece with a syntax error, take the whole-text parse: its errors and their messages stay
 * exactly yaml's.
 */

const options = { keepSourceTokens: false, uniqueKeys: false } as const;

/** The documents parsed from one piece of text, and the offset their ranges currently start from. */
interface Piece {
  documents: Document.Parsed[];
  base: number;
}

/** The pieces of one version of a file, by their text: what the next version may reuse. */
export type DocumentCache = Map<string, Piece>;

export interface ParsedDocuments {
  documents: Document.Parsed[];
  cache: DocumentCache;
}

export function parseYamlDocuments(text: string, previous?: DocumentCache): ParsedDocuments {
  const starts = pieceStarts(text);
  const cache: DocumentCache = new Map();
  if (!starts) return { documents: parseStream(text), cache };
  if (!previous) return firstParse(text, starts);
  const documents: Document.Parsed[] = [];
  for (let i = 0; i < starts.length; i++) {
    const base = starts[i];
    const pieceText = text.slice(base, starts[i + 1] ?? text.length);
    // A piece is reused once: two equal documents in one file must not share their nodes.
    const reused = cache.has(pieceText) ? undefined : previous?.get(pieceText);
    const piece = reused ?? { documents: parseStream(pieceText), base: 0 };
    if (piece.documents.some((document) => document.errors.length > 0)) return { documents: parseStream(text), cache: new Map() };
    // Reused nodes move: the previous version's file is never analysed again once replaced.
    shift(piece.documents, base - piece.base);
    piece.base = base;
    if (!cache.has(pieceText)) cache.set(pieceText, piece);
    documents.push(...piece.documents);
  }
  return { documents, cache };
}

/**
 * With nothing to reuse, one parse of the whole text is fastest (no per-piece overhead, no shift);
 * its documents are then filed under the piece they start in, for the next version.
 */
function firstParse(text: string, starts: number[]): ParsedDocuments {
  const documents = parseStream(text);
  const cache: DocumentCache = new Map();
  if (documents.some((document) => document.errors.length > 0)) return { documents, cache };
  let next = 0;
  for (let i = 0; i < starts.length; i++) {
    const end = starts[i + 1] ?? text.length;
    const piece: Piece = { documents: [], base: starts[i] };
    while (next < documents.length && (i === starts.length - 1 || documents[next].range[0] < end)) piece.documents.push(documents[next++]);
    const pieceText = text.slice(starts[i], end);
    if (!cache.has(pieceText)) cache.set(pieceText, piece);
  }
  return { documents, cache };
}

function parseStream(text: string): Document.Parsed[] {
  const documents = parseAllDocuments(text, options);
  return Array.isArray(documents) ? documents : [];
}

/** Where each document starts, or undefined when the stream needs the whole-text parse. */
function pieceStarts(text: string): number[] | undefined {
  if (/^%/m.test(text)) return undefined;
  const starts = [0];
  for (const marker of text.matchAll(/^(?:---|\.\.\.)(?=[ \t\r\n]|$)/gm)) {
    if (marker[0] === '...') return undefined;
    const offset = marker.index;
    // Comments before the first `---` belong to its document, as in yaml's own parse.
    if (starts.length === 1 && onlyComments(text.slice(0, offset))) continue;
    starts.push(offset);
  }
  return starts;
}

function onlyComments(text: string): boolean {
  return text.split(/\r?\n/).every((line) => /^\s*(#.*)?$/.test(line));
}

function shift(documents: Document.Parsed[], delta: number): void {
  if (delta === 0) return;
  for (const document of documents) {
    shiftRange(document.range, delta);
    for (const warning of document.warnings) warning.pos = [warning.pos[0] + delta, warning.pos[1] + delta];
    visit(document, (_key, node) => {
      if (isNode(node) && node.range) shiftRange(node.range, delta);
    });
  }
}

function shiftRange(range: [number, number, number], delta: number): void {
  range[0] += delta;
  range[1] += delta;
  range[2] += delta;
}
