import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { filesUnder, fixtureRoots, repoRoot } from './fixture-files';
import { workspaceVariants } from './variants';
import { Analyzer, applyEdits, type Finding, type Fix, type Position, type TextEdit } from '../../server/src/service';

/**
 * The fix safety property over one workspace: for every fix and suggestion of every finding, the
 * fixed text still parses, nothing outside the edits' ranges changes (byte for byte, checked
 * independently of applyEdits: no position past a line's end, inside a CRLF pair or before a byte
 * order mark), every edit writes the file's own line breaks, a safe fix's edits lose no comment or
 * blank line, no finding of another rule appears, the preferred safe fix removes its finding, and
 * applying the fix again changes nothing.
 */

/**
 * Violations a fix cannot avoid, by kind (`<rule> makes <other rule> fire`), each with the reason.
 * An entry that no longer happens over the examples and fixtures fails the test, so the list only
 * holds what is still true.
 */
export const knownExceptions: ReadonlyMap<string, string> = new Map([
  ['k8s/prestop-returns-early makes k8s/stop-signal fire', 'The suggestion replaces the hook by a sleep; its title asks the user '
    + 'to make the stop signal SIGQUIT, which it cannot write for an image it does not build, so k8s/stop-signal then says so.'],
]);

/** Each project of examples/ and test/fixtures/ is one workspace: fixes may reach across its files. */
export function fixtureProjects(): string[] {
  return fixtureRoots.flatMap((dir) => fs.readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory()).map((entry) => path.relative(repoRoot, path.join(dir, entry.name))));
}

/** A project's files by path relative to it (the images are not the service's). */
export function projectFiles(project: string): Map<string, string> {
  const root = path.join(repoRoot, project);
  return new Map(filesUnder(root).filter((file) => !file.endsWith('.svg'))
    .map((file) => [path.relative(root, file).split(path.sep).join('/'), fs.readFileSync(file, 'utf8')]));
}

/** The files at the project's own uris, so that messages name real paths. */
const byUri = (project: string, files: ReadonlyMap<string, string>) => new Map([...files].map(([name, text]) => [pathToFileURL(path.join(repoRoot, project, name)).href, text]));

export function checkProject(project: string, files: ReadonlyMap<string, string> = projectFiles(project)): FixSafetyReport {
  return checkFixSafety(byUri(project, files), (uri) => path.relative(repoRoot, new URL(uri).pathname));
}

/** The property over `count` variants of a project; each problem names the variant, which reproduces from the seed. */
export function checkProjectVariants(project: string, seed: number, count: number): { problems: string[]; exceptionsSeen: Set<string> } {
  const original = projectFiles(project);
  const originalFindings = ruleCounts(analyzerOf(byUri(project, original)).findings);
  const problems: string[] = [];
  const exceptionsSeen = new Set<string>();
  for (const [index, variant] of workspaceVariants(original, seed, count).entries()) {
    const report = checkProject(project, variant.files);
    for (const exception of report.exceptionsSeen) exceptionsSeen.add(exception);
    const name = `seed ${seed} variant #${index} (${variant.label})`;
    const changed = [...new Set([...originalFindings.keys(), ...report.findings.keys()])]
      .filter((ruleId) => originalFindings.get(ruleId) !== report.findings.get(ruleId))
      .map((ruleId) => `${ruleId} ${originalFindings.get(ruleId) ?? 0} → ${report.findings.get(ruleId) ?? 0}`);
    // The variant means what the original means, so the rules must say the same about it.
    if (changed.length > 0) problems.push(`${name} changes the findings: ${changed.join(', ')}`);
    problems.push(...report.problems.map((problem) => `${name}: ${problem}`));
  }
  return { problems, exceptionsSeen };
}

export interface FixSafetyReport {
  /** Violations, each naming the rule, the place, the fix and what went wrong. */
  problems: string[];
  /** The known exceptions that did happen. */
  exceptionsSeen: Set<string>;
  /** Findings per rule id. */
  findings: Map<string, number>;
  /** Fixes and suggestions checked. */
  fixes: number;
}

function analyzerOf(files: ReadonlyMap<string, string>): { analyzer: Analyzer; findings: Finding[] } {
  const analyzer = new Analyzer();
  for (const [uri, text] of files) analyzer.setFile(uri, text);
  return { analyzer, findings: [...files.keys()].flatMap((uri) => analyzer.analyze(uri).findings) };
}

/** `files` maps uris to texts; `describe` names a uri in messages (a path relative to the repository). */
export function checkFixSafety(files: ReadonlyMap<string, string>, describe: (uri: string) => string): FixSafetyReport {
  const uris = [...files.keys()];
  const { analyzer, findings } = analyzerOf(files);
  const before = ruleCounts(findings);
  const report: FixSafetyReport = { problems: [], exceptionsSeen: new Set(), findings: before, fixes: 0 };
  const problemsBefore = new Map(uris.map((uri) => [uri, parseProblems(analyzer, uri)]));
  for (const finding of findings) {
    const where = `${finding.ruleId} at ${describe(finding.uri)}:${finding.range.start.line + 1}`;
    for (const fix of [finding.fix, ...finding.suggestions]) {
      if (!fix || fix.newFiles) continue;
      report.fixes++;
      const fail = (problem: string, exception?: string) => {
        if (exception && knownExceptions.has(exception)) report.exceptionsSeen.add(exception);
        else report.problems.push(`${where}: "${fix.title}" ${problem}`);
      };
      const edits = fix.edits();
      const fixed = new Map(files);
      for (const [uri, fileEdits] of Object.entries(edits)) {
        const original = files.get(uri);
        if (original === undefined) {
          fail(`edits ${describe(uri)}, which is not in the workspace`);
          continue;
        }
        const spliced = spliceEdits(original, fileEdits);
        if ('problem' in spliced) {
          fail(`in ${describe(uri)}: ${spliced.problem}`);
          continue;
        }
        let result: string;
        try {
          result = applyEdits(original, fileEdits);
        } catch (error) {
          fail(`in ${describe(uri)}: ${String(error)}`);
          continue;
        }
        if (result !== spliced.text) fail(`in ${describe(uri)}: applyEdits changed text outside the edits' ranges`);
        for (const { problem, kind } of spliced.problems) {
          // What an edit replaces is its own business when it is reviewed before it applies: an unsafe
          // fix may drop a comment inside its range (one inside a replaced hook handler is why such a
          // fix is unsafe, fix/prestop-sleep.ts). A safe fix applies unseen: it must keep them.
          if (kind !== 'inside' || fix.safety === 'safe') fail(`in ${describe(uri)}: ${problem}`);
        }
        fixed.set(uri, result);
      }
      withFiles(analyzer, files, fixed, () => {
        for (const uri of Object.keys(edits)) {
          if (parseProblems(analyzer, uri) > (problemsBefore.get(uri) ?? 0)) fail(`leaves ${describe(uri)} unparsable`);
        }
        const after = uris.flatMap((uri) => analyzer.analyze(uri).findings);
        const counts = ruleCounts(after);
        for (const [ruleId, count] of counts) {
          if (ruleId === finding.ruleId || count <= (before.get(ruleId) ?? 0)) continue;
          fail(`makes ${ruleId} fire`, `${finding.ruleId} makes ${ruleId} fire`);
        }
        if (fix === finding.fix && fix.safety === 'safe' && (counts.get(finding.ruleId) ?? 0) >= (before.get(finding.ruleId) ?? 0)) {
          fail('does not remove the finding');
        }
        const again = sameFinding(finding, files.get(finding.uri) ?? '', edits[finding.uri] ?? [], fixed.get(finding.uri) ?? '', after);
        const second = again && [again.fix, ...again.suggestions].find((candidate) => candidate?.title === fix.title);
        if (second && changes(fixed, second)) fail('changes the text again when applied a second time');
      });
    }
  }
  return report;
}

/** Parse problems (notices of the parsed file) of one file. */
function parseProblems(analyzer: Analyzer, uri: string): number {
  return analyzer.workspace.get(uri)?.parsed?.notices.length ?? 0;
}

function ruleCounts(findings: Finding[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const finding of findings) counts.set(finding.ruleId, (counts.get(finding.ruleId) ?? 0) + 1);
  return counts;
}

/** Runs `check` with the workspace holding `fixed`, then puts the original texts back. */
function withFiles(analyzer: Analyzer, original: ReadonlyMap<string, string>, fixed: ReadonlyMap<string, string>, check: () => void): void {
  const changed = [...fixed].filter(([uri, text]) => original.get(uri) !== text);
  for (const [uri, text] of changed) analyzer.setFile(uri, text);
  try {
    check();
  } finally {
    for (const [uri] of changed) analyzer.setFile(uri, original.get(uri) ?? '');
  }
}

function changes(files: ReadonlyMap<string, string>, fix: Fix): boolean {
  return Object.entries(fix.edits()).some(([uri, edits]) => {
    const text = files.get(uri) ?? '';
    return applyEdits(text, edits) !== text;
  });
}

/** The finding of the same rule at the place the edits moved the original finding's start to. */
function sameFinding(finding: Finding, original: string, edits: TextEdit[], fixed: string, after: Finding[]): Finding | undefined {
  const from = new LineTable(original);
  const at = from.offsetAt(finding.range.start);
  if (typeof at === 'string') return undefined;
  let moved = at;
  for (const edit of edits) {
    const start = from.offsetAt(edit.range.start);
    const end = from.offsetAt(edit.range.end);
    if (typeof start === 'string' || typeof end === 'string' || start >= at) continue;
    // A start inside the edited range moves to the edit's start.
    moved += end <= at ? edit.newText.length - (end - start) : start - at;
  }
  const start = new LineTable(fixed).positionAt(moved);
  return after.find((candidate) => candidate.ruleId === finding.ruleId && candidate.uri === finding.uri
    && candidate.range.start.line === start.line && candidate.range.start.character === start.character);
}

/** Offsets and positions of a text, without the clamping an editor does: a position off its line is an error. */
class LineTable {
  private readonly starts = [0];
  private readonly ends: number[] = [];

  constructor(text: string) {
    for (const match of text.matchAll(/\r\n|\r|\n/g)) {
      this.ends.push(match.index);
      this.starts.push(match.index + match[0].length);
    }
    this.ends.push(text.length);
  }

  offsetAt(position: Position): number | string {
    const where = `position ${position.line + 1}:${position.character + 1}`;
    if (position.line < 0 || position.line >= this.starts.length) return `${where} is past the last line`;
    const offset = this.starts[position.line] + position.character;
    if (position.character < 0 || offset > this.ends[position.line]) return `${where} is past the end of its line`;
    return offset;
  }

  positionAt(offset: number): Position {
    let line = 0;
    while (line + 1 < this.starts.length && this.starts[line + 1] <= offset) line++;
    return { line, character: offset - this.starts[line] };
  }
}

interface Spliced {
  text: string;
  /** What the edits do wrong; `kind: 'inside'` for what they replace within their own ranges. */
  problems: { problem: string; kind?: 'inside' }[];
}

/**
 * The edits applied by plain string splicing, without the clamping an editor does: a position past
 * the end of its line, one that splits a CRLF pair, one before a byte order mark, or overlapping
 * ranges are a fix bug in themselves.
 */
function spliceEdits(text: string, edits: TextEdit[]): Spliced | { problem: string } {
  const lines = new LineTable(text);
  const resolved: { start: number; end: number; newText: string; order: number }[] = [];
  for (const [order, edit] of edits.entries()) {
    const start = lines.offsetAt(edit.range.start);
    const end = lines.offsetAt(edit.range.end);
    if (typeof start === 'string') return { problem: start };
    if (typeof end === 'string') return { problem: end };
    if (end < start) return { problem: `an edit ends before it starts (${JSON.stringify(edit.range)})` };
    resolved.push({ start, end, newText: edit.newText, order });
  }
  resolved.sort((a, b) => a.start - b.start || a.end - b.end || a.order - b.order);
  const problems: Spliced['problems'] = [];
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  let result = '';
  let cursor = 0;
  for (const edit of resolved) {
    if (edit.start < cursor) return { problem: `edits overlap at offset ${edit.start}` };
    if (edit.start === 0 && text.startsWith('\ufeff') && edit.newText !== '') problems.push({ problem: 'inserts before the byte order mark' });
    problems.push(...editProblems(text.slice(edit.start, edit.end), edit.newText, eol));
    result += text.slice(cursor, edit.start) + edit.newText;
    cursor = edit.end;
  }
  return { text: result + text.slice(cursor), problems };
}

/**
 * Inside one edit: the part it really replaces (the replaced and the new text without their common
 * start and end) must keep every comment and blank line, and new line breaks must be the file's.
 */
function editProblems(replaced: string, newText: string, eol: string): Spliced['problems'] {
  const problems: Spliced['problems'] = [];
  const foreignBreak = eol === '\r\n' ? /(^|[^\r])\n/ : /\r/;
  if (foreignBreak.test(newText)) problems.push({ problem: `writes ${eol === '\r\n' ? 'LF' : 'CR'} line breaks into a ${eol === '\r\n' ? 'CRLF' : 'LF'} file: ${JSON.stringify(newText)}` });
  let head = 0;
  while (head < replaced.length && head < newText.length && replaced[head] === newText[head]) head++;
  let tail = 0;
  while (tail < replaced.length - head && tail < newText.length - head && replaced[replaced.length - 1 - tail] === newText[newText.length - 1 - tail]) tail++;
  const removed = replaced.slice(head, replaced.length - tail);
  const lost = lostLines(removed, newText.slice(head, newText.length - tail));
  if (lost.length > 0) problems.push({ problem: `removes comments or blank lines ${JSON.stringify(lost)}`, kind: 'inside' });
  return problems;
}

/** Comments and blank lines of `removed` that `added` lacks. */
function lostLines(removed: string, added: string): string[] {
  const marks = (text: string) => [
    ...text.split(/\r?\n/).slice(1, -1).filter((line) => line.trim() === '').map(() => '(blank line)'),
    ...[...text.matchAll(/(?:^|\s)(#.*?)\r?$/gm)].map((match) => match[1].trim()),
  ];
  const remaining = marks(added);
  return marks(removed).filter((mark) => {
    const at = remaining.indexOf(mark);
    if (at >= 0) remaining.splice(at, 1);
    return at < 0;
  });
}
