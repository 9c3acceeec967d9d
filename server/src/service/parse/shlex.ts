/**
 * Splits a command line into words as Python's `shlex.split` does (POSIX mode, no comments), which
 * is how supervisord turns a program's `command` into the argv it executes (supervisor
 * process.py `get_execv_args`: `shlex.split(self.config.command)`; Python docs, "shlex — Parsing
 * Rules", https://docs.python.org/3/library/shlex.html#parsing-rules). No shell is involved:
 * `$VAR`, `&&` and `|` are ordinary characters.
 */

export interface SplitWord {
  text: string;
  /** Offsets [start, end) of the word as written, quotes included. */
  start: number;
  end: number;
  /** For each character of `text`, the offset it was written at. */
  offsets: number[];
  /** For each character of `text`, whether it stood inside quotes (where an edit may add a space). */
  quoted: boolean[];
}

const whiteSpace = new Set([' ', '\t', '\r', '\n']);

/** The words of `input`, offsets counted from `base`; undefined for an unclosed quote or a trailing backslash (shlex raises). */
export function shlexSplit(input: string, base = 0): SplitWord[] | undefined {
  const words: SplitWord[] = [];
  let word: SplitWord | undefined;
  const add = (char: string, at: number, quoted: boolean) => {
    word ??= { text: '', start: base + at, end: base + at, offsets: [], quoted: [] };
    word.text += char;
    word.offsets.push(base + at);
    word.quoted.push(quoted);
  };
  const open = (at: number) => { word ??= { text: '', start: base + at, end: base + at, offsets: [], quoted: [] }; };
  for (let i = 0; i < input.length; i++) {
    const char = input[i];
    if (whiteSpace.has(char)) {
      if (word) { word.end = base + i; words.push(word); word = undefined; }
      continue;
    }
    if (char === '\\') {
      if (i + 1 >= input.length) return undefined;
      add(input[++i], i, false);
      continue;
    }
    if (char === "'" || char === '"') {
      // `''` alone is an empty word in POSIX mode.
      open(i);
      const quote = char;
      let j = i + 1;
      for (; j < input.length && input[j] !== quote; j++) {
        // Inside double quotes a backslash escapes only `"` and `\`; elsewhere it is kept.
        if (quote === '"' && input[j] === '\\' && (input[j + 1] === '"' || input[j + 1] === '\\')) j++;
        add(input[j], j, true);
      }
      if (j >= input.length) return undefined;
      i = j;
      continue;
    }
    add(char, i, false);
  }
  if (word) { (word as SplitWord).end = base + input.length; words.push(word); }
  return words;
}
