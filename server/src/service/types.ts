import type { Range, TextEdit } from 'vscode-languageserver-types';

export type { Position, Range, TextEdit } from 'vscode-languageserver-types';

/** The languages kube-graceful analyses; also the first segment of every rule id. */
export type Language = 'kubernetes' | 'dockerfile' | 'shell' | 'spring' | 'php-fpm' | 'supervisord' | 'jvm-build';

export type Severity = 'error' | 'warning' | 'info' | 'hint';

/** What a rule's severity may be set to: a severity, or switched off. */
export type SeverityOption = Severity | 'off';

/**
 * Safe fixes keep what the author meant and may be applied without review ("fix all", `--fix`);
 * unsafe ones change behaviour the author may rely on and are only offered.
 */
export type FixSafety = 'safe' | 'unsafe';

/** Edits to one or more files, keyed by uri: a fix may belong in another file than its finding. */
export type FileEdits = Record<string, TextEdit[]>;

/** A file a fix creates (a trap-based entry script), with its whole text. */
export interface NewFile {
  uri: string;
  text: string;
}

export interface Fix {
  title: string;
  safety: FixSafety;
  /** Pure: computed over the same snapshot the rule saw, so it is only valid for that version. */
  edits(): FileEdits;
  /** Files the fix creates before its edits apply; never part of a safe fix (it writes a file the user did not have). */
  newFiles?(): NewFile[];
}

/** A place in a file of the workspace: where a number in a message comes from. */
export interface SourceLocation {
  uri: string;
  range: Range;
}

export interface RelatedLocation {
  uri: string;
  range: Range;
  message: string;
}

export interface Finding {
  ruleId: string;
  uri: string;
  range: Range;
  message: string;
  /** The severity after settings are applied. */
  severity: Severity;
  /** The preferred fix; "fix all" and `--fix` apply it only when it is safe. */
  fix?: Fix;
  /** Alternatives the user can pick from; never applied automatically. */
  suggestions: Fix[];
  related: RelatedLocation[];
  /** Stable within one analysis of one file version: how the front ends find the finding again. */
  key: string;
  /** "Ignore <rule-id> for this line": inserts a suppression comment; offered after the fixes. */
  ignore?: Fix;
}

/**
 * A file, or part of it, that was not analysed, and why. Not a rule finding: it cannot be
 * switched off or fixed, only explained.
 */
export interface Notice {
  uri: string;
  range: Range;
  message: string;
  /** Set for notices that are not about an unanalysed file: a project file mistake, an unused suppression. */
  code?: string;
  /** Information when not set. */
  severity?: Severity;
}

export interface AnalysisResult {
  uri: string;
  findings: Finding[];
  notices: Notice[];
}
