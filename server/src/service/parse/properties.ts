/**
 * A reader of Java `.properties` text as `java.util.Properties.load` reads it, keeping where each
 * key and value sits so findings can point at them and fixes can replace a value in place.
 *
 * The format (Properties.load javadoc): a logical line is one or more natural lines joined where a
 * line ends in an odd number of backslashes (the continuation line's leading white space is
 * dropped); a line whose first non-white character is `#` or `!` is a comment; the key runs to the
 * first unescaped `=`, `:` or white space; then white space, at most one `=` or `:`, white space;
 * the rest is the value. Escapes: `\t \n \r \f`, `\uXXXX`, and `\x` for any other x. Spring Boot
 * (2.4+) also splits a file into documents at a `#---` or `!---` line.
 */

export interface PropertyEntry {
  key: string;
  value: string;
  /** Offsets [start, end) of the key and of the value as written (escapes, continuations included). */
  keyStart: number;
  keyEnd: number;
  valueStart: number;
  valueEnd: number;
  /** 0-based index of the `#---` document the entry belongs to. */
  document: number;
}

const whiteSpace = new Set([' ', '\t', '\f']);

/** One logical line: its characters and the offset in the text each came from. */
interface LogicalLine {
  chars: string[];
  offsets: number[];
}

export function parseProperties(text: string): PropertyEntry[] {
  const entries: PropertyEntry[] = [];
  const lines = naturalLines(text);
  let document = 0;
  for (let i = 0; i < lines.length; i++) {
    const { start, content } = lines[i];
    const trimmed = content.replace(/^[ \t\f]+/, '');
    if (trimmed === '') continue;
    if (trimmed[0] === '#' || trimmed[0] === '!') {
      if (/^[#!]---\s*$/.test(content)) document++;
      continue;
    }
    const logical: LogicalLine = { chars: [], offsets: [] };
    let lineIndex = i;
    let from = content.length - trimmed.length;
    for (;;) {
      const line = lines[lineIndex];
      for (let c = from; c < line.content.length; c++) {
        logical.chars.push(line.content[c]);
        logical.offsets.push(line.start + c);
      }
      if (!endsWithContinuation(line.content) || lineIndex + 1 >= lines.length) break;
      // Drop the continuation backslash and join the next line without its leading white space.
      logical.chars.pop();
      logical.offsets.pop();
      lineIndex++;
      from = lines[lineIndex].content.length - lines[lineIndex].content.replace(/^[ \t\f]+/, '').length;
    }
    i = lineIndex;
    entries.push(entry(logical, start, document));
  }
  return entries;
}

function naturalLines(text: string): { start: number; content: string }[] {
  const result: { start: number; content: string }[] = [];
  const pattern = /\r\n|\r|\n/g;
  let start = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    result.push({ start, content: text.slice(start, match.index) });
    start = match.index + match[0].length;
  }
  if (start < text.length) result.push({ start, content: text.slice(start) });
  return result;
}

function endsWithContinuation(line: string): boolean {
  let backslashes = 0;
  for (let i = line.length - 1; i >= 0 && line[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function entry(line: LogicalLine, lineStart: number, document: number): PropertyEntry {
  const { chars, offsets } = line;
  let keyEnd = 0;
  while (keyEnd < chars.length) {
    const char = chars[keyEnd];
    if (char === '\\') { keyEnd += 2; continue; }
    if (char === '=' || char === ':' || whiteSpace.has(char)) break;
    keyEnd++;
  }
  keyEnd = Math.min(keyEnd, chars.length);
  let valueStart = keyEnd;
  while (valueStart < chars.length && whiteSpace.has(chars[valueStart])) valueStart++;
  if (valueStart < chars.length && (chars[valueStart] === '=' || chars[valueStart] === ':')) valueStart++;
  while (valueStart < chars.length && whiteSpace.has(chars[valueStart])) valueStart++;
  const end = offsets.length > 0 ? offsets[offsets.length - 1] + 1 : lineStart;
  const offsetOf = (index: number) => (index < offsets.length ? offsets[index] : end);
  return {
    key: unescape(chars.slice(0, keyEnd)),
    value: unescape(chars.slice(valueStart)),
    keyStart: offsetOf(0),
    keyEnd: keyEnd > 0 ? offsets[keyEnd - 1] + 1 : offsetOf(0),
    valueStart: offsetOf(valueStart),
    valueEnd: valueStart < chars.length ? end : offsetOf(valueStart),
    document,
  };
}

const simpleEscapes: Record<string, string> = { t: '\t', n: '\n', r: '\r', f: '\f' };

function unescape(chars: string[]): string {
  let result = '';
  for (let i = 0; i < chars.length; i++) {
    const char = chars[i];
    if (char !== '\\' || i + 1 >= chars.length) { result += char; continue; }
    const next = chars[++i];
    if (next === 'u') {
      const hex = chars.slice(i + 1, i + 5).join('');
      if (/^[0-9a-fA-F]{4}$/.test(hex)) {
        result += String.fromCharCode(parseInt(hex, 16));
        i += 4;
        continue;
      }
    }
    result += simpleEscapes[next] ?? next;
  }
  return result;
}
