import type { DockerfileModel } from '../model/dockerfile';
import type { JvmBuildFile } from '../model/jvm-build';
import type { KubernetesFile } from '../model/kubernetes';
import type { PhpFpmConfigFile } from '../model/php-fpm';
import type { ShellFile } from '../model/shell';
import type { SpringConfigFile } from '../model/spring';
import type { SupervisordConfigFile } from '../model/supervisord';
import type { KubernetesVersion, Settings } from '../settings';
import type { FileEdits, FixSafety, Language, NewFile, Range, RelatedLocation, Severity } from '../types';
import type { WorkspaceView } from '../workspace';

export interface ModelFor {
  kubernetes: KubernetesFile;
  dockerfile: DockerfileModel;
  shell: ShellFile;
  spring: SpringConfigFile;
  'php-fpm': PhpFpmConfigFile;
  supervisord: SupervisordConfigFile;
  'jvm-build': JvmBuildFile;
}

/** A file a rule example runs against; other files give it a workspace (a Service elsewhere). */
export interface ExampleFile {
  filename: string;
  code: string;
}

export interface RuleExample {
  /** The file the rule is expected to fire in (incorrect) or stay silent in (correct). */
  code: string;
  /** Defaults to a name of the rule's language: deployment.yaml, Dockerfile, entrypoint.sh. */
  filename?: string;
  /** One sentence that says what the example shows, for the docs. */
  description?: string;
  otherFiles?: ExampleFile[];
  settings?: Partial<Settings>;
}

export interface RuleMeta<L extends Language = Language> {
  /** `<language prefix>/<kebab-name>`: stable; the file name, Diagnostic.code, docs path and settings key. */
  id: string;
  language: L;
  defaultSeverity: Severity;
  /** What the rule finds, one sentence. */
  summary: string;
  /** Why it breaks shutdown, in Markdown, citing the facts it relies on. */
  rationale: string;
  /** Sections of shared FACTS.md the rule relies on, e.g. "1b". */
  facts: string[];
  examples: { incorrect: RuleExample[]; correct: RuleExample[] };
  /** What the fix does, how safe it is and why; absent when the rule only explains. */
  fix?: { description: string; safety: FixSafety; safetyNote: string };
  /**
   * Other languages whose files the rule also checks, for a finding whose fix belongs there: php-fpm's
   * setting goes in the Dockerfile that builds the image when the workspace has no php-fpm configuration.
   * The check then gets that file's model (declare it with the second type parameter of defineRule).
   */
  alsoChecks?: Language[];
  references: string[];
}

export interface FixSpec {
  title: string;
  safety: FixSafety;
  edits(): FileEdits;
  /** Files to create first; a fix that creates files is never safe. */
  newFiles?(): NewFile[];
}

export interface Report {
  range: Range;
  message: string;
  /** A finding may be milder than the rule's default (a hint where the risk is small); settings still win. */
  severity?: Severity;
  /** The one fix "fix all" may apply, when safe; an unsafe fix is offered only. */
  fix?: FixSpec;
  suggestions?: FixSpec[];
  related?: RelatedLocation[];
}

export interface RuleContext<M> {
  uri: string;
  model: M;
  settings: Settings;
  kubernetesVersion: KubernetesVersion;
  workspace: WorkspaceView;
  report(report: Report): void;
}

export interface Rule<L extends Language = Language, Also extends Language = never> {
  meta: RuleMeta<L>;
  check(ctx: RuleContext<ModelFor[L | Also]>): void;
}

export type AnyRule = { [L in Language]: Rule<L> }[Language];

/**
 * Identity with types: keeps a rule's metadata and check in one checked object. A rule that also
 * checks files of other languages (`meta.alsoChecks`) names them as `Also`, so its check handles
 * their models too; the registry knows it by its own language, and the analyzer hands it either.
 */
export function defineRule<L extends Language, Also extends Language = never>(rule: Rule<L, Also>): Rule<L> {
  return rule as unknown as Rule<L>;
}

/** Whether a rule runs on files of a language: its own, or one it also checks. */
export function checksLanguage(meta: RuleMeta, language: Language): boolean {
  return meta.language === language || (meta.alsoChecks?.includes(language) ?? false);
}

export const languagePrefix: Record<Language, string> = {
  kubernetes: 'k8s', dockerfile: 'docker', shell: 'shell', spring: 'spring', 'php-fpm': 'php-fpm', supervisord: 'supervisord', 'jvm-build': 'jvm',
};

/** The file name a rule example gets when it names none, in the tests and the docs alike. */
export const exampleFilename: Record<Language, string> = {
  kubernetes: 'deployment.yaml', dockerfile: 'Dockerfile', shell: 'entrypoint.sh', spring: 'application.properties', 'php-fpm': 'php-fpm.conf',
  supervisord: 'supervisord.conf', 'jvm-build': 'pom.xml',
};
