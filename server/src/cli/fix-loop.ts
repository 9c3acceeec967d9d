import * as fs from 'fs';
import { applyEdits, type Analyzer, type Finding, type Position, type Range, type TextEdit } from '../service';
import { fileContent, type LintFile } from './inputs';
import { fixableWithFlag } from './report';
import type { StderrLog } from './log';

/** A fix that keeps producing new safe fixes would otherwise loop forever. */
const MAX_PASSES = 10;

/**
 * Applies the safe fixes in place, in passes: each pass applies the fixes whose edits do not touch
 * one another, writes the files, re-analyses them all (a fix in one file may settle a finding in
 * another) and starts again, until no safe fix is left. Returns how many fixes were applied.
 */
export function applySafeFixes(analyzer: Analyzer, files: LintFile[], log: StderrLog): number {
  const writable = new WritableFiles(files, log);
  let applied = 0;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const findings = files.flatMap((file) => analyzer.analyze(file.uri).findings);
    const { edits, count } = chooseFixes(findings, writable, log);
    let changed = false;
    for (const [uri, fileEdits] of edits) {
      const file = writable.get(uri);
      const text = applyEdits(file.text, fileEdits);
      if (text === file.text || !writable.write(file, text)) continue;
      analyzer.setFile(file.uri, file.text, file.languageHint);
      changed = true;
    }
    if (!changed) break;
    applied += count;
  }
  return applied;
}

/**
 * One fix per finding, all of its edits or none, and no two fixes whose edits overlap or touch:
 * two fixes that insert at one point (both adding terminationGracePeriodSeconds to one pod)
 * would otherwise both land. The ones left out are applied in the next pass, over the new text.
 */
function chooseFixes(findings: Finding[], writable: WritableFiles, log: StderrLog) {
  const edits = new Map<string, TextEdit[]>();
  let count = 0;
  for (const finding of findings) {
    if (!fixableWithFlag(finding)) continue;
    const fixEdits = validEdits(finding, writable, log);
    if (!fixEdits) continue;
    const clashes = fixEdits.some(([uri, list]) =>
      list.some((edit) => (edits.get(uri) ?? []).some((taken) => touches(edit.range, taken.range))));
    if (clashes) continue;
    for (const [uri, list] of fixEdits) edits.set(uri, [...(edits.get(uri) ?? []), ...list]);
    count++;
  }
  return { edits, count };
}

/** The fix's edits by uri, or undefined when it targets a file that cannot be written or is itself broken. */
function validEdits(finding: Finding, writable: WritableFiles, log: StderrLog): [string, TextEdit[]][] | undefined {
  try {
    const entries = Object.entries(finding.fix?.edits() ?? {});
    if (!entries.every(([uri]) => writable.has(uri))) return undefined;
    // applyEdits refuses a fix whose own edits overlap; finding out here keeps the other fixes of the pass.
    for (const [uri, list] of entries) applyEdits(writable.get(uri).text, list);
    return entries;
  } catch (error) {
    log.warn(`fix "${finding.fix?.title}" of rule ${finding.ruleId} failed on ${writable.nameOf(finding.uri)}: `
      + (error instanceof Error ? error.message : String(error)));
    return undefined;
  }
}

function touches(a: Range, b: Range): boolean {
  return !(before(a.end, b.start) || before(b.end, a.start));
}

function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/**
 * The files fixes may write: read from disk, and still holding the bytes they were read with.
 * A file that is not valid UTF-8 would not survive decoding and encoding, and a file changed
 * since it was read would lose the change; both are left alone.
 */
class WritableFiles {
  private readonly files = new Map<string, LintFile>();
  private readonly intact = new Map<string, boolean>();

  constructor(files: LintFile[], private readonly log: StderrLog) {
    for (const file of files) this.files.set(file.uri, file);
  }

  has(uri: string): boolean {
    const file = this.files.get(uri);
    if (!file?.path) return false;
    let intact = this.intact.get(uri);
    if (intact === undefined) {
      intact = this.matchesDisk(file, file.path);
      if (!intact) this.log.warn(`not fixing ${file.name}: it is not valid UTF-8 or changed while being linted`);
      this.intact.set(uri, intact);
    }
    return intact;
  }

  /** Only for uris `has` accepted. */
  get(uri: string): LintFile {
    return this.files.get(uri) as LintFile;
  }

  nameOf(uri: string): string {
    return this.files.get(uri)?.name ?? uri;
  }

  write(file: LintFile, text: string): boolean {
    try {
      fs.writeFileSync(file.path as string, fileContent({ ...file, text }));
    } catch (error) {
      this.log.error(`cannot write ${file.name}: ${(error as Error).message}`);
      this.intact.set(file.uri, false);
      return false;
    }
    file.text = text;
    return true;
  }

  private matchesDisk(file: LintFile, path: string): boolean {
    try {
      return fs.readFileSync(path).equals(Buffer.from(fileContent(file), 'utf8'));
    } catch {
      return false;
    }
  }
}
