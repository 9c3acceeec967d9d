/** Seeded random edits of source text, for property tests and the fuzzer: failures reproduce from the seed. */

export type Random = () => number;

/** mulberry32: small, fast, and the same sequence on every machine. */
export function prng(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];

const tokens = ['a', ' ', '\n', '---\n', '# c', ': ', '- ', '"', "'", '|\n', '{', '[', '&x ', '*x', '\t', '\r\n', '...\n', '0'];

/** One edit a person typing (or a broken tool) might make: change a digit, duplicate/delete a line, insert a token. */
export function randomEdit(text: string, random: Random): string {
  const kind = random();
  const lines = text.split('\n');
  const line = Math.floor(random() * lines.length);
  if (kind < 0.45) {
    const digits = [...text.matchAll(/\d/g)];
    if (digits.length > 0) {
      const at = pick(random, digits).index;
      return text.slice(0, at) + String(Math.floor(random() * 10)) + text.slice(at + 1);
    }
  }
  if (kind < 0.65) return [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n');
  if (kind < 0.8) return [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n');
  const at = Math.floor(random() * (text.length + 1));
  return text.slice(0, at) + pick(random, tokens) + text.slice(at);
}

/** The same text with Windows line breaks. */
export const withCrlf = (text: string): string => text.replace(/\r?\n/g, '\r\n');

/** The same text after a byte order mark, as some Windows editors save it. */
export const withBom = (text: string): string => `\ufeff${text}`;
