/**
 * A reader of INI text in the two dialects kube-graceful meets, keeping every key's and value's
 * offsets for findings and fixes:
 *
 * - `php`: as PHP's own parser reads php-fpm.conf and its pool files (the normal INI scanner):
 *   `[section]` headers, `key = value` lines, `;` comments (also right after a value), values
 *   optionally in double or single quotes.
 * - `python`: as Python's configparser reads supervisord.conf (supervisor options.py
 *   UnhosedConfigParser: a RawConfigParser with `inline_comment_prefixes=(';', '#')`, strict off).
 *   `#` and `;` start a comment line; after a value they start a comment only when white space
 *   precedes them (`command=a;b` keeps `;b`); `=` or `:` separates key and value; quotes are
 *   part of the value; a line indented deeper than its key continues the value (configparser docs,
 *   "Supported INI File Structure", https://docs.python.org/3/library/configparser.html).
 */

export type IniDialect = 'php' | 'python';

export interface IniEntry {
  /** The section the entry is in; undefined before the first header. */
  section?: string;
  key: string;
  /** The value; continuation lines (python dialect) joined with a newline. */
  value: string;
  keyStart: number;
  keyEnd: number;
  /** Offsets [start, end) of the value as written, quotes and continuation lines included, without a trailing comment. */
  valueStart: number;
  valueEnd: number;
}

export interface IniSection {
  name: string;
  /** Offsets [start, end) of the `[name]` header. */
  headerStart: number;
  headerEnd: number;
  /** Offset of the end of the section's last non-blank, non-comment line (the header when empty). */
  lastLineEnd: number;
}

export interface IniText {
  sections: IniSection[];
  entries: IniEntry[];
}

interface Line {
  start: number;
  /** The line without its line break. */
  text: string;
}

function lines(text: string): Line[] {
  const result: Line[] = [];
  const pattern = /[^\r\n]*(\r\n|\r|\n|$)/g;
  for (let match = pattern.exec(text); match && match[0] !== ''; match = pattern.exec(text)) {
    result.push({ start: match.index, text: match[0].replace(/[\r\n]+$/, '') });
  }
  return result;
}

export function parseIni(text: string, dialect: IniDialect = 'php'): IniText {
  return dialect === 'php' ? parsePhpIni(text) : parsePythonIni(text);
}

function parsePhpIni(text: string): IniText {
  const result: IniText = { sections: [], entries: [] };
  let section: IniSection | undefined;
  for (const { start: lineStart, text: line } of lines(text)) {
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    if (content === '' || content.startsWith(';')) continue;
    const header = /^\[([^\]]*)\]/.exec(content);
    if (header) {
      section = startSection(result, header[1].trim(), lineStart + indent, lineStart + indent + header[0].length);
      continue;
    }
    const equals = line.indexOf('=');
    if (equals < 0) continue;
    const key = line.slice(0, equals).trim();
    if (key === '') continue;
    const keyStart = lineStart + line.indexOf(key);
    const rawValue = phpValueText(line.slice(equals + 1));
    const valueOffset = equals + 1 + (line.slice(equals + 1).length - line.slice(equals + 1).trimStart().length);
    result.entries.push({
      section: section?.name,
      key,
      value: unquote(rawValue),
      keyStart,
      keyEnd: keyStart + key.length,
      valueStart: lineStart + valueOffset,
      valueEnd: lineStart + valueOffset + rawValue.length,
    });
    if (section) section.lastLineEnd = lineStart + line.length;
  }
  return result;
}

function startSection(result: IniText, name: string, headerStart: number, headerEnd: number): IniSection {
  const section = { name, headerStart, headerEnd, lastLineEnd: headerEnd };
  result.sections.push(section);
  return section;
}

/** The value as written: up to a `;` comment outside quotes, without surrounding white space. */
function phpValueText(afterEquals: string): string {
  let quote: string | undefined;
  let end = afterEquals.length;
  for (let i = 0; i < afterEquals.length; i++) {
    const char = afterEquals[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === ';') {
      end = i;
      break;
    }
  }
  return afterEquals.slice(0, end).trim();
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  return quoted ? quoted[2] : value;
}

/** Where a configparser inline comment starts: the first `;` or `#` that white space precedes. */
function pythonCommentStart(line: string): number {
  for (let i = 1; i < line.length; i++) {
    if ((line[i] === ';' || line[i] === '#') && /\s/.test(line[i - 1])) return i;
  }
  return line.length;
}

function parsePythonIni(text: string): IniText {
  const result: IniText = { sections: [], entries: [] };
  let section: IniSection | undefined;
  let entry: IniEntry | undefined;
  // The indentation of the line that opened the current entry; a deeper line continues its value.
  let indentLevel = Infinity;
  for (const { start: lineStart, text: line } of lines(text)) {
    const trimmed = line.trim();
    // A comment line or a blank one does not end a value (empty_lines_in_values): a deeper line after it still continues it.
    if (trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const content = line.slice(0, pythonCommentStart(line));
    const value = content.trim();
    if (value === '') continue;
    const indent = line.length - line.trimStart().length;
    const valueStart = lineStart + content.indexOf(value);
    if (entry && indent > indentLevel) {
      entry.value = `${entry.value}\n${value}`;
      if (entry.valueEnd === entry.valueStart) entry.valueStart = valueStart;
      entry.valueEnd = valueStart + value.length;
      if (section) section.lastLineEnd = lineStart + line.length;
      continue;
    }
    indentLevel = indent;
    entry = undefined;
    const header = /^\[(.+)\]/.exec(value);
    if (header) {
      section = startSection(result, header[1], valueStart, valueStart + header[0].length);
      continue;
    }
    const option = /^(.*?)\s*[=:]\s*/.exec(value);
    const key = option?.[1];
    // configparser rejects a line without `=`/`:` and an empty key; supervisord then does not start. Nothing to read.
    if (!option || !key) continue;
    const keyStart = valueStart;
    const start = valueStart + option[0].length;
    entry = { section: section?.name, key, value: value.slice(option[0].length), keyStart, keyEnd: keyStart + key.length, valueStart: start, valueEnd: valueStart + value.length };
    result.entries.push(entry);
    if (section) section.lastLineEnd = lineStart + line.length;
  }
  return result;
}
