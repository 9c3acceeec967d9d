import {
  CodeActionKind, CreateFile, TextDocumentEdit, type CodeAction, type Diagnostic, type WorkspaceEdit,
} from 'vscode-languageserver/node';
import type { AnalysisResult, FileEdits, Finding, Fix, NewFile, Position, Range } from '../service';
import { DIAGNOSTIC_SOURCE, isFindingReference, type FindingReference } from './diagnostics';

/** Editors run it on save (`editor.codeActionsOnSave`): only safe fixes, never a suggestion. */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.kubeGraceful`;
export const CODE_ACTION_KINDS = [CodeActionKind.QuickFix, FIX_ALL_KIND];

/**
 * Whether a request restricted to `only` asks for actions of `kind`: kinds are hierarchical
 * ("source" covers "source.fixAll.kubeGraceful"). Without a restriction only quick fixes are
 * offered, so the light bulb does not advertise fix-all on every line.
 */
export function wants(only: string[] | undefined, kind: string): boolean {
  if (!only) return kind === CodeActionKind.QuickFix;
  return only.some((requested) => kind === requested || kind.startsWith(`${requested}.`));
}

/**
 * The fix and the suggestions of each diagnostic in the request, from `result`, the analysis of
 * the document's text as it is now: the fixes' ranges are computed over that text.
 */
export function quickFixes(
  diagnostics: Diagnostic[], result: AnalysisResult | undefined, clientUri: (key: string) => string, canCreateFiles: boolean,
): CodeAction[] {
  if (!result) return [];
  return diagnostics.flatMap((diagnostic) => {
    const finding = findingOf(diagnostic, result);
    if (!finding) return [];
    const fixes = finding.fix ? [{ fix: finding.fix, preferred: finding.fix.safety === 'safe' }] : [];
    fixes.push(...finding.suggestions.map((fix) => ({ fix, preferred: false })));
    if (finding.ignore) fixes.push({ fix: finding.ignore, preferred: false });
    // A client that cannot create files would apply such a fix's edits without the file they need.
    return fixes.filter(({ fix }) => canCreateFiles || !fix.newFiles)
      .map(({ fix, preferred }) => quickFix(fix, preferred, diagnostic, clientUri));
  });
}

/** Whether `diagnostic` is a finding of ours (not a notice, not another tool's). */
export function isOurs(diagnostic: Diagnostic): diagnostic is Diagnostic & { data: FindingReference } {
  return diagnostic.source === DIAGNOSTIC_SOURCE && isFindingReference(diagnostic.data);
}

/**
 * The finding of the current analysis the editor shows as `diagnostic`. The editor may still show
 * one published for an earlier text (an edit or a change of settings is on its way): its finding
 * is only handed out when the current analysis reports it identically, at the same place, so its
 * fix does what the diagnostic says. Keys alone would not do: they are numbered per analysis.
 */
function findingOf(diagnostic: Diagnostic, result: AnalysisResult): Finding | undefined {
  if (!isOurs(diagnostic)) return undefined;
  const finding = result.findings.find((candidate) => candidate.key === diagnostic.data.key);
  return finding && finding.ruleId === diagnostic.code && finding.message === diagnostic.message && sameRange(finding.range, diagnostic.range)
    ? finding : undefined;
}

function quickFix(fix: Fix, preferred: boolean, diagnostic: Diagnostic, clientUri: (key: string) => string): CodeAction {
  const edit = fix.newFiles ? creatingEdit(fix.newFiles(), fix.edits(), clientUri) : workspaceEdit(fix.edits(), clientUri);
  return { title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: preferred, edit };
}

/** One action applying the safe fix of every finding whose edits do not collide with a fix already taken. */
export function fixAllAction(result: AnalysisResult, clientUri: (key: string) => string): CodeAction | undefined {
  const chosen: FileEdits = {};
  for (const finding of result.findings) {
    if (finding.fix?.safety !== 'safe') continue;
    const edits = finding.fix.edits();
    if (collides(chosen, edits)) continue;
    for (const [uri, fileEdits] of Object.entries(edits)) (chosen[uri] ??= []).push(...fileEdits);
  }
  if (Object.keys(chosen).length === 0) return undefined;
  return { title: 'Fix all safe kube-graceful problems', kind: FIX_ALL_KIND, edit: workspaceEdit(chosen, clientUri) };
}

/**
 * Ranges that merely touch collide too: two fixes inserting at one point have no agreed order
 * (both may append to the same YAML map). The skipped fix is still there for the next run.
 */
function collides(chosen: FileEdits, candidate: FileEdits): boolean {
  return Object.entries(candidate).some(([uri, edits]) =>
    edits.some((edit) => (chosen[uri] ?? []).some((taken) => touches(taken.range, edit.range))));
}

function touches(a: Range, b: Range): boolean {
  return !isBefore(a.end, b.start) && !isBefore(b.end, a.start);
}

function isBefore(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

function sameRange(a: Range, b: Range): boolean {
  return samePosition(a.start, b.start) && samePosition(a.end, b.end);
}

function samePosition(a: Position, b: Position): boolean {
  return a.line === b.line && a.character === b.character;
}

function workspaceEdit(edits: FileEdits, clientUri: (key: string) => string): WorkspaceEdit {
  return { changes: Object.fromEntries(Object.entries(edits).map(([key, fileEdits]) => [clientUri(key), fileEdits])) };
}

/** Creates the files, fills them, then applies the edits: `documentChanges`, the only form that can create. */
function creatingEdit(files: NewFile[], edits: FileEdits, clientUri: (key: string) => string): WorkspaceEdit {
  const start = { line: 0, character: 0 };
  return {
    documentChanges: [
      ...files.flatMap((file) => [
        CreateFile.create(clientUri(file.uri), { overwrite: false, ignoreIfExists: false }),
        TextDocumentEdit.create({ uri: clientUri(file.uri), version: null }, [{ range: { start, end: start }, newText: file.text }]),
      ]),
      ...Object.entries(edits).map(([key, fileEdits]) => TextDocumentEdit.create({ uri: clientUri(key), version: null }, fileEdits)),
    ],
  };
}
