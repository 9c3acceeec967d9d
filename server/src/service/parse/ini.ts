/**
 * A reader of INI text as PHP's own parser reads php-fpm.conf and its pool files (the normal INI
 * scanner): `[section]` headers, `key = value` lines, `;` comments (also after a value), values
 * optionally in double or single quotes. Every key and value keeps its offsets for findings and fixes.
 */

export interface IniEntry {
  /** The section the entry is in; undefined before the first header. */
  section?: string;
  key: string;
  value: string;
  keyStart: number;
  keyEnd: number;
  /** Offsets [start, end) of the value as written, quotes included, without a trailing comment. */
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

export function parseIni(text: string): IniText {
  const result: IniText = { sections: [], entries: [] };
  let section: IniSection | undefined;
  const pattern = /[^\r\n]*(\r\n|\r|\n|$)/g;
  for (let match = pattern.exec(text); match && match[0] !== ''; match = pattern.exec(text)) {
    const lineStart = match.index;
    const line = match[0].replace(/[\r\n]+$/, '');
    const indent = line.length - line.trimStart().length;
    const content = line.trim();
    if (content === '' || content.startsWith(';')) continue;
    const header = /^\[([^\]]*)\]/.exec(content);
    if (header) {
      section = { name: header[1].trim(), headerStart: lineStart + indent, headerEnd: lineStart + indent + header[0].length, lastLineEnd: 0 };
      section.lastLineEnd = section.headerEnd;
      result.sections.push(section);
      continue;
    }
    const equals = line.indexOf('=');
    if (equals < 0) continue;
    const key = line.slice(0, equals).trim();
    if (key === '') continue;
    const keyStart = lineStart + line.indexOf(key);
    const rawValue = valueText(line.slice(equals + 1));
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

/** The value as written: up to a `;` comment outside quotes, without surrounding white space. */
function valueText(afterEquals: string): string {
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
