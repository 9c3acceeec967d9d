/**
 * A reader of the simple TOML that Gradle version catalogs (gradle/libs.versions.toml) are written
 * in: `[table]` headers, `key = "string"` and one-line inline tables `key = { id = "…", version.ref = "…" }`
 * (nested inline tables flattened to dotted keys: `version = { ref = "x" }` → `version.ref`).
 * Gradle docs, "Version Catalogs": https://docs.gradle.org/current/userguide/version_catalogs.html.
 * Anything else (arrays, multi-line strings, sub-tables) is skipped.
 */

export interface CatalogString {
  value: string;
  /** Offsets [start, end) of the string's content, without quotes. */
  start: number;
  end: number;
}

export interface CatalogEntry {
  key: string;
  string?: CatalogString;
  table?: Map<string, CatalogString>;
}

/** The entries of each top-level table, by table name. */
export function parseVersionCatalog(text: string): Map<string, CatalogEntry[]> {
  const tables = new Map<string, CatalogEntry[]>();
  let current: CatalogEntry[] | undefined;
  const pattern = /[^\r\n]*(\r\n|\r|\n|$)/g;
  for (let match = pattern.exec(text); match && match[0] !== ''; match = pattern.exec(text)) {
    const reader = new LineReader(match[0].replace(/[\r\n]+$/, ''), match.index);
    reader.space();
    if (reader.done() || reader.peek() === '#') continue;
    if (reader.peek() === '[') {
      const header = /^\[\s*([A-Za-z0-9_-]+)\s*\]\s*(#.*)?$/.exec(reader.rest());
      current = header ? tables.get(header[1]) ?? [] : undefined;
      if (header && current) tables.set(header[1], current);
      continue;
    }
    const key = reader.key();
    if (!current || key === undefined || !reader.expect('=')) continue;
    const value = reader.value();
    if (value === undefined) continue;
    current.push(value instanceof Map ? { key, table: value } : { key, string: value });
  }
  return tables;
}

class LineReader {
  private position = 0;

  constructor(private readonly line: string, private readonly offset: number) {}

  done(): boolean { return this.position >= this.line.length; }
  peek(): string { return this.line[this.position]; }
  rest(): string { return this.line.slice(this.position); }

  space(): void {
    while (!this.done() && /[ \t]/.test(this.peek())) this.position++;
  }

  expect(char: string): boolean {
    this.space();
    if (this.peek() !== char) return false;
    this.position++;
    this.space();
    return true;
  }

  /** A bare or quoted key, dotted parts joined with `.`. */
  key(): string | undefined {
    const parts: string[] = [];
    for (;;) {
      this.space();
      const quoted = this.peek() === '"' || this.peek() === "'" ? this.string() : undefined;
      const bare = quoted ? undefined : /^[A-Za-z0-9_-]+/.exec(this.rest())?.[0];
      if (quoted) parts.push(quoted.value);
      else if (bare) { parts.push(bare); this.position += bare.length; } else return undefined;
      this.space();
      if (this.peek() !== '.') return parts.join('.');
      this.position++;
    }
  }

  string(): CatalogString | undefined {
    const quote = this.peek();
    if (quote !== '"' && quote !== "'") return undefined;
    const start = this.position + 1;
    let value = '';
    let i = start;
    for (; i < this.line.length && this.line[i] !== quote; i++) {
      // Basic strings have escapes; literal ('…') strings do not.
      if (quote === '"' && this.line[i] === '\\' && i + 1 < this.line.length) value += this.line[++i];
      else value += this.line[i];
    }
    if (i >= this.line.length) return undefined;
    this.position = i + 1;
    return { value, start: this.offset + start, end: this.offset + i };
  }

  /** A string or an inline table (flattened); undefined for anything else. */
  value(): CatalogString | Map<string, CatalogString> | undefined {
    this.space();
    if (this.peek() !== '{') return this.string();
    this.position++;
    const table = new Map<string, CatalogString>();
    for (;;) {
      this.space();
      if (this.peek() === '}') { this.position++; return table; }
      const key = this.key();
      if (key === undefined || !this.expect('=')) return undefined;
      const value = this.value();
      if (value === undefined) return undefined;
      if (value instanceof Map) for (const [inner, text] of value) table.set(`${key}.${inner}`, text);
      else table.set(key, value);
      this.space();
      if (this.peek() === ',') this.position++;
    }
  }
}
