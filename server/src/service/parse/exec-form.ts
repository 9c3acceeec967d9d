/**
 * What a CMD or ENTRYPOINT was meant to be when its author wrote exec form that Docker does not
 * read as such: `['node','app.js']`, `["node", "app.js",]`, `[node, app.js]`. Docker takes exec form
 * only when the text is a JSON array of strings and silently runs anything else in shell form
 * (FACTS §8); this reads such text the way its author did, item by item, to say what went wrong
 * and to write the JSON array they meant. Text that is shell syntax (`[ -f /app ] && exec app`) is
 * not read as exec form.
 */

/** Why Docker does not take the text as a JSON array of strings. */
export type ExecFormMistake =
  | 'single-quotes'
  | 'typographic-quotes'
  | 'unquoted'
  | 'not-a-string'
  | 'invalid-escape'
  | 'missing-comma'
  | 'extra-comma'
  | 'missing-bracket';

export interface MeantExecForm {
  /** The argv as the author wrote it, item by item. */
  argv: string[];
  /** What keeps Docker from reading it, each kind once, in the order found. */
  mistakes: ExecFormMistake[];
  /** An item holds `$`: exec form expands no variables, which its author may not have known. */
  expansions: boolean;
}

/** For messages: what each mistake is, in the author's terms. */
export const mistakeDescriptions: Record<ExecFormMistake, string> = {
  'single-quotes': 'single quotes, where JSON takes double quotes',
  'typographic-quotes': 'typographic quotes “…” instead of plain double quotes',
  unquoted: 'an item without quotes',
  'not-a-string': 'a number or boolean where JSON needs a string',
  'invalid-escape': 'a lone backslash, which JSON only accepts doubled',
  'missing-comma': 'items without a comma between them',
  'extra-comma': 'a comma with no item after it',
  'missing-bracket': 'no closing `]`',
};

interface Quote {
  /** Characters that end the item. */
  closers: string;
  mistake?: ExecFormMistake;
  /** Backslash escapes as JSON reads them (double quotes) or only before the quote and itself. */
  json: boolean;
}

const quotes: Record<string, Quote> = {
  '"': { closers: '"', json: true },
  "'": { closers: "'", mistake: 'single-quotes', json: false },
  '\u201c': { closers: '\u201d\u201c', mistake: 'typographic-quotes', json: false },
  '\u201d': { closers: '\u201d\u201c', mistake: 'typographic-quotes', json: false },
  '\u2018': { closers: '\u2019\u2018', mistake: 'typographic-quotes', json: false },
  '\u2019': { closers: '\u2019\u2018', mistake: 'typographic-quotes', json: false },
};

const space = /\s/;
/** Characters that end an unquoted item. */
const bareEnd = /[\s,[\]"'\u201c\u201d\u2018\u2019]/;

interface Item {
  value: string;
  quoted: boolean;
  mistake?: ExecFormMistake;
}

/** Reads one quoted item starting at `start`; undefined when the quote is never closed (still being typed). */
function quotedItem(text: string, start: number): { item: Item; end: number } | undefined {
  const quote = quotes[text[start]];
  let index = start + 1;
  let value = '';
  while (index < text.length && !quote.closers.includes(text[index])) {
    if (text[index] === '\\' && index + 1 < text.length && !quote.json && (text[index + 1] === '\\' || quote.closers.includes(text[index + 1]))) {
      value += text[index + 1];
      index += 2;
      continue;
    }
    if (text[index] === '\\' && quote.json) {
      index += 2;
      continue;
    }
    value += text[index];
    index++;
  }
  if (index >= text.length) return undefined;
  const end = index + 1;
  if (!quote.json) return { item: { value, quoted: true, mistake: quote.mistake }, end };
  const raw = text.slice(start, end);
  try {
    return { item: { value: JSON.parse(raw) as string, quoted: true }, end };
  } catch {
    // Backslashes JSON rejects (`"C:\app"`): the author meant them literally, as in a Windows path.
    const inner = raw.slice(1, -1);
    if (!/\\(?!["\\/bfnrtu])/.test(inner)) return undefined;
    return { item: { value: inner.replace(/\\(["\\])/g, '$1'), quoted: true, mistake: 'invalid-escape' }, end };
  }
}

/**
 * The exec form a shell-form CMD/ENTRYPOINT was meant to be; undefined when the text does not
 * read as an attempt at one: no leading `[`, text after the closing `]`, no item, an unclosed
 * quote, command substitution, or items neither separated by commas nor all quoted (which is
 * how the shell's `[ … ]` test reads).
 */
export function readMeantExecForm(text: string): MeantExecForm | undefined {
  let index = text.search(/\S/);
  if (index < 0 || text[index] !== '[') return undefined;
  index++;
  const items: Item[] = [];
  const mistakes = new Set<ExecFormMistake>();
  let commas = 0;
  let afterItem = false;
  let lastWasComma = false;
  let closed = false;
  while (index < text.length) {
    const char = text[index];
    if (space.test(char)) {
      index++;
    } else if (char === ']') {
      if (lastWasComma) mistakes.add('extra-comma');
      closed = true;
      index++;
      break;
    } else if (char === ',') {
      if (!afterItem) mistakes.add('extra-comma');
      commas++;
      afterItem = false;
      lastWasComma = true;
      index++;
    } else {
      if (afterItem) mistakes.add('missing-comma');
      let read: { item: Item; end: number } | undefined;
      if (char in quotes) {
        read = quotedItem(text, index);
        if (!read) return undefined;
      } else {
        let end = index;
        while (end < text.length && !bareEnd.test(text[end])) end++;
        if (end === index) return undefined;
        const value = text.slice(index, end);
        read = { item: { value, quoted: false, mistake: /^(-?\d+(\.\d+)?|true|false|null)$/.test(value) ? 'not-a-string' : 'unquoted' }, end };
      }
      items.push(read.item);
      if (read.item.mistake) mistakes.add(read.item.mistake);
      index = read.end;
      afterItem = true;
      lastWasComma = false;
    }
  }
  // `[ -f /app ] && exec app` is shell syntax; `["node",` is still being typed.
  if (text.slice(index).trim() !== '' || items.length === 0 || (!closed && lastWasComma)) return undefined;
  if (!closed) mistakes.add('missing-bracket');
  if (commas === 0 && !items.every((item) => item.quoted)) return undefined;
  // `[ "$(start)" ]` runs a program through command substitution: not an exec form gone wrong.
  if (items.some((item) => /\$\(|`/.test(item.value))) return undefined;
  if (mistakes.size === 0) return undefined;
  return { argv: items.map((item) => item.value), mistakes: [...mistakes], expansions: items.some((item) => item.value.includes('$')) };
}
