import type { Analyzer, Finding, Notice, Position, Severity } from '../service';
import type { LintFile } from './inputs';

export interface FileReport {
  file: LintFile;
  /** In order of position. */
  findings: Finding[];
  notices: Notice[];
}

export interface LintReport {
  /** In order of file name, so every format lists findings by file, then position. */
  files: FileReport[];
  /** Fixes `--fix` applied before the files were analysed for this report. */
  fixesApplied: number;
}

export function buildReport(analyzer: Analyzer, files: LintFile[], fixesApplied: number): LintReport {
  const reports = [...files]
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
    .map((file) => {
      const { findings, notices } = analyzer.analyze(file.uri);
      return { file, findings, notices: [...notices].sort((a, b) => comparePositions(a.range.start, b.range.start)) };
    });
  return { files: reports, fixesApplied };
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** Warnings and errors fail the run; info and hints only inform. */
export function failsRun(severity: Severity): boolean {
  return severity === 'error' || severity === 'warning';
}

/** What `--fix` would apply: unsafe fixes and suggestions are only offered in the editor. */
export function fixableWithFlag(finding: Finding): boolean {
  return finding.fix?.safety === 'safe';
}
