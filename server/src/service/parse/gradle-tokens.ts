/**
 * A tolerant tokenizer for Gradle build scripts in Groovy (build.gradle) and Kotlin (build.gradle.kts):
 * identifiers, string literals, numbers and single punctuation characters, with comments skipped.
 * Enough to read declarations (`plugins { id 'x' version '1' }`, `"group:artifact:1"`) without
 * executing the script; nothing computed (a `$version` template, a variable) is taken for a value.
 */

export type GradleToken =
  | { kind: 'identifier'; text: string; start: number; end: number }
  /** `value`: the text between the quotes, escapes decoded; `literal`: false when it holds a `$` template, whose value is computed. */
  | { kind: 'string'; value: string; literal: boolean; start: number; end: number; valueStart: number; valueEnd: number }
  | { kind: 'number'; text: string; start: number; end: number }
  | { kind: 'punctuation'; text: string; start: number; end: number };

const identifierStart = /[A-Za-z_$]/;
const identifierPart = /[A-Za-z0-9_$]/;
const escapes: Record<string, string> = { n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', '\\': '\\', "'": "'", '"': '"', $: '$' };

export function tokenizeGradle(text: string): GradleToken[] {
  const tokens: GradleToken[] = [];
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (/\s/.test(char)) { i++; continue; }
    if (text.startsWith('//', i)) { i = lineEnd(text, i); continue; }
    if (text.startsWith('/*', i)) {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 2;
      continue;
    }
    if (char === '"' || char === "'") {
      const token = stringToken(text, i);
      tokens.push(token);
      i = token.end;
      continue;
    }
    if (identifierStart.test(char)) {
      let end = i + 1;
      while (end < text.length && identifierPart.test(text[end])) end++;
      // Kotlin backticked names are rare in build scripts; a `$` alone is not a name worth keeping.
      tokens.push({ kind: 'identifier', text: text.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    if (/[0-9]/.test(char)) {
      let end = i + 1;
      while (end < text.length && /[0-9A-Za-z_.]/.test(text[end])) end++;
      tokens.push({ kind: 'number', text: text.slice(i, end), start: i, end });
      i = end;
      continue;
    }
    tokens.push({ kind: 'punctuation', text: char, start: i, end: i + 1 });
    i++;
  }
  return tokens;
}

function lineEnd(text: string, from: number): number {
  const end = text.indexOf('\n', from);
  return end < 0 ? text.length : end;
}

function stringToken(text: string, start: number): GradleToken {
  const quote = text[start];
  const triple = text.startsWith(quote.repeat(3), start);
  const delimiter = triple ? quote.repeat(3) : quote;
  const valueStart = start + delimiter.length;
  let value = '';
  let literal = true;
  let i = valueStart;
  while (i < text.length && !text.startsWith(delimiter, i)) {
    const char = text[i];
    // A single-line string ends at the line's end when its closing quote is missing.
    if (!triple && char === '\n') break;
    if (char === '\\' && i + 1 < text.length) {
      value += escapes[text[i + 1]] ?? text[i + 1];
      i += 2;
      continue;
    }
    // Groovy GStrings and Kotlin templates: `$name`, `${expression}`; Groovy single-quoted strings have none.
    if (char === '$' && quote === '"' && /[A-Za-z_{]/.test(text[i + 1] ?? '')) literal = false;
    value += char;
    i++;
  }
  const valueEnd = i;
  const end = text.startsWith(delimiter, i) ? i + delimiter.length : i;
  return { kind: 'string', value, literal, start, end, valueStart, valueEnd };
}
