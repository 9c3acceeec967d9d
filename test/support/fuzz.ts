import * as fs from 'fs';
import * as path from 'path';
import { Analyzer } from '../../server/src/service';
import { filesUnder, fixtureRoots, repoRoot } from './fixture-files';
import { pick, prng, randomEdit, withBom, withCrlf, type Random } from './mutations';

/**
 * A structure-aware fuzzer: mutates the bundled examples and the test fixtures the way broken
 * editors, tools and people do, and drives the analysis service with every variant. Any exception,
 * any rule that throws and any file that takes longer than the bound is a failure.
 */

export interface Seed {
  /** The file name decides the language, as in a workspace. */
  name: string;
  text: string;
}

export interface FuzzOptions {
  seed: number;
  /** Variants per seed file. */
  variants: number;
  /** Per analysed file, in milliseconds. */
  timeBoundMs: number;
  /** The mutations to pick from (default: all). */
  only?: string[];
}

export interface FuzzFailure {
  seed: number;
  file: string;
  mutation: string;
  problem: string;
}

export interface FuzzReport {
  files: number;
  maxMs: number;
  slowest: string;
  failures: FuzzFailure[];
}

/** Every text file under examples/ and test/fixtures/ that the service reads. */
export function seedFiles(): Seed[] {
  return fixtureRoots.flatMap(filesUnder)
    .filter((file) => fs.statSync(file).size < 200_000)
    .map((file) => ({ name: path.relative(repoRoot, file), text: fs.readFileSync(file, 'utf8') }));
}

type Mutation = (text: string, random: Random) => string;

const aliasBomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]', ...Array.from({ length: 9 }, (_, i) => {
  const name = String.fromCharCode(98 + i);
  const previous = String.fromCharCode(97 + i);
  return `${name}: &${name} [*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous},*${previous}]`;
})].join('\n');

/** Named, so a failure says what was done to the file. */
export const mutations: Record<string, Mutation> = {
  truncate: (text, random) => text.slice(0, Math.floor(random() * text.length)),
  edits: (text, random) => {
    let result = text;
    for (let i = 1 + Math.floor(random() * 5); i > 0; i--) result = randomEdit(result, random);
    return result;
  },
  randomBytes: (text, random) => {
    const at = Math.floor(random() * (text.length + 1));
    const bytes = Array.from({ length: 1 + Math.floor(random() * 16) }, () => String.fromCharCode(Math.floor(random() * 0x3000)));
    return text.slice(0, at) + bytes.join('') + text.slice(at);
  },
  deepNesting: (text, random) => {
    const depth = 500 + Math.floor(random() * 3000);
    const nested = random() < 0.5 ? `${'['.repeat(depth)}${']'.repeat(depth)}` : Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k${i}:`).join('\n');
    return `${text}\n---\nkey: ${nested}\n`;
  },
  hugeScalar: (text, random) => {
    const lines = text.split('\n');
    const line = Math.floor(random() * lines.length);
    lines[line] += 'x'.repeat(100_000 + Math.floor(random() * 150_000));
    return lines.join('\n');
  },
  aliasBomb: (text) => `${text}\n---\n${aliasBomb}\n`,
  tabs: (text) => text.replace(/^( {2})+/gm, (spaces) => '\t'.repeat(spaces.length / 2)),
  crlf: withCrlf,
  bom: withBom,
  nonUtf8: (text) => Buffer.from(text, 'utf8').toString('latin1').replace(/[\u0080-\u00ff]/, '\ufffd'),
  nul: (text, random) => {
    const at = Math.floor(random() * (text.length + 1));
    return `${text.slice(0, at)}\u0000${text.slice(at)}`;
  },
  lonelySurrogate: (text, random) => {
    const at = Math.floor(random() * (text.length + 1));
    return `${text.slice(0, at)}\ud800${text.slice(at)}`;
  },
};

/** Analyses one text as a fresh workspace would, plus hovers and fix edits; throws what the service threw. */
export function analyseOnce(name: string, text: string, ruleErrors: string[]): void {
  const uri = `file:///fuzz/${name}`;
  const analyzer = new Analyzer({ onRuleError: (ruleId, _uri, error) => ruleErrors.push(`${ruleId}: ${String((error as Error)?.stack ?? error)}`) });
  analyzer.setFile(uri, text);
  const result = analyzer.analyze(uri);
  for (const finding of result.findings) {
    for (const fix of [finding.fix, ...finding.suggestions, finding.ignore]) {
      fix?.edits();
      fix?.newFiles?.();
    }
  }
  const lines = text.split('\n').length;
  for (const line of [0, Math.floor(lines / 2), lines - 1]) analyzer.hover(uri, { line, character: 2 });
}

export function fuzz(options: FuzzOptions, seeds: Seed[] = seedFiles()): FuzzReport {
  const random = prng(options.seed);
  const report: FuzzReport = { files: 0, maxMs: 0, slowest: '', failures: [] };
  const names = options.only ?? Object.keys(mutations);
  for (const seed of seeds) {
    for (let i = 0; i < options.variants; i++) {
      const mutation = pick(random, names);
      const text = mutations[mutation](seed.text, random);
      const ruleErrors: string[] = [];
      const fail = (problem: string) => report.failures.push({ seed: options.seed, file: seed.name, mutation: `${mutation} #${i}`, problem });
      const start = performance.now();
      try {
        analyseOnce(seed.name, text, ruleErrors);
      } catch (error) {
        fail(`threw ${String((error as Error)?.stack ?? error)}`);
      }
      const ms = performance.now() - start;
      report.files++;
      if (ms > report.maxMs) {
        report.maxMs = ms;
        report.slowest = `${seed.name} (${mutation})`;
      }
      if (ms > options.timeBoundMs) fail(`took ${ms.toFixed(0)} ms, more than ${options.timeBoundMs} ms`);
      for (const ruleError of ruleErrors) fail(`rule threw: ${ruleError}`);
    }
  }
  return report;
}
