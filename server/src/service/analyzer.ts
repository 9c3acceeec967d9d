import { fieldHover, podTemplateAt } from './hover';
import { allRules } from './rules';
import { ruleDocsUrl } from './rules/docs-url';
import { checksLanguage, type AnyRule, type FixSpec, type ModelFor, type Report, type RuleContext } from './rules/rule';
import { parseKubernetesVersion, resolveSettings, type Settings } from './settings';
import { timelineMarkdown } from './shutdown/explain';
import { podTimeline, type PodTimeline } from './shutdown/pod-timeline';
import { nodeRange } from './parse/kubernetes';
import { configIncludes, CONFIG_PROBLEM_CODE, type ProjectConfig } from './project-config';
import { containsPosition } from './source';
import { applySuppressions, ignoreFix } from './suppress';
import { guardTemplateReport } from './template-guard';
import type { AnalysisResult, Finding, Fix, Language, Notice, Position, Range, SeverityOption } from './types';
import { Workspace, type WorkspaceEntry } from './workspace';

export interface AnalyzerOptions {
  settings?: Settings;
  rules?: AnyRule[];
  /** How hovers name where `settings` came from ("setting `kubeGraceful.rules`"). */
  settingsLabel?: string;
  /**
   * Settings that win over every project file: the command line's `--rule` and
   * `--kubernetes-version` (the editor's settings are `settings`, below the project file).
   */
  overrides?: { rules?: Record<string, SeverityOption>; kubernetesVersion?: string };
  /** The project file that applies to every file (the CLI's `--config`), instead of the nearest one above each file. */
  configUri?: string;
  /** A rule threw: the front end logs it; the other rules' findings still arrive. */
  onRuleError?: (ruleId: string, uri: string, error: unknown) => void;
}

/**
 * The analysis service: one per workspace (editor session or CLI run). Front ends feed it file
 * texts and ask for findings, hovers and explanations; it never reads the disk or the clock.
 */
export class Analyzer {
  readonly workspace: Workspace;
  private settings: Settings;
  private readonly rules: AnyRule[];
  private readonly onRuleError: NonNullable<AnalyzerOptions['onRuleError']>;
  private readonly options: AnalyzerOptions;

  constructor(options: AnalyzerOptions = {}) {
    this.options = options;
    this.settings = options.settings ?? resolveSettings();
    this.rules = options.rules ?? allRules;
    this.onRuleError = options.onRuleError ?? (() => undefined);
    this.workspace = new Workspace(() => this.settings);
    if (options.configUri) this.workspace.treatAsProjectConfig(options.configUri);
  }

  get currentSettings(): Settings {
    return this.settings;
  }

  updateSettings(settings: Settings): void {
    const limitChanged = settings.maxFileSizeBytes !== this.settings.maxFileSizeBytes;
    this.settings = settings;
    // Whether a file is skipped as too large was decided when it was read.
    if (limitChanged) this.workspace.reread();
  }

  setFile(uri: string, text: string, languageHint?: Language): WorkspaceEntry {
    return this.workspace.set(uri, text, languageHint);
  }

  removeFile(uri: string): void {
    this.workspace.delete(uri);
  }

  analyze(uri: string): AnalysisResult {
    const entry = this.workspace.get(uri);
    const result: AnalysisResult = { uri, findings: [], notices: [] };
    if (!entry) return result;
    if (entry.skipped) result.notices.push(entry.skipped);
    if (entry.config) result.notices.push(...this.configProblems(entry.config));
    const file = entry.parsed;
    if (!file) return result;
    const config = this.projectConfigFor(uri);
    if (config && !configIncludes(config, uri)) return result;
    result.notices.push(...file.notices);
    const settings = this.settingsFor(uri);
    const kubernetesVersion = this.kubernetesVersion(settings);
    for (const rule of this.rules) {
      if (!checksLanguage(rule.meta, file.language)) continue;
      const configured = settings.rules[rule.meta.id];
      if (configured === 'off') continue;
      let count = 0;
      const ctx: RuleContext<ModelFor[Language]> = {
        uri, model: file, settings, kubernetesVersion, workspace: this.workspace,
        report: (reported: Report) => {
          // A Helm template's findings and fixes must not rest on template text (template-guard.ts).
          const report = file.language === 'kubernetes' && file.template ? guardTemplateReport(file.source, file.template, reported) : reported;
          if (!report) return;
          result.findings.push(toFinding(rule, uri, report, configured, `${rule.meta.id}#${count++}`));
        },
      };
      try {
        (rule.check as (context: RuleContext<ModelFor[Language]>) => void)(ctx);
      } catch (error) {
        this.onRuleError(rule.meta.id, uri, error);
      }
    }
    const suppressed = applySuppressions(file, result.findings, {
      knownRule: (id) => this.rules.some((rule) => rule.meta.id === id),
      activeRule: (id) => this.rules.some((rule) => rule.meta.id === id && checksLanguage(rule.meta, file.language)) && settings.rules[id] !== 'off',
    });
    result.findings = suppressed.findings;
    result.notices.push(...suppressed.notices);
    for (const finding of result.findings) finding.ignore = ignoreFix(file, finding);
    result.findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return result;
  }

  /**
   * The project file that governs `uri`: the CLI's `--config`, else the nearest one in a folder
   * above it among the workspace files.
   */
  projectConfigFor(uri: string): ProjectConfig | undefined {
    if (this.options.configUri) return this.workspace.get(this.options.configUri)?.config;
    let nearest: ProjectConfig | undefined;
    for (const config of this.workspace.projectConfigs()) {
      if (uri.startsWith(config.folder) && (!nearest || config.folder.length > nearest.folder.length)) nearest = config;
    }
    return nearest;
  }

  /** The settings a file is analysed with: the front end's, under its project file, under the command line's overrides. */
  settingsFor(uri: string): Settings {
    const config = this.projectConfigFor(uri);
    const overrides = this.options.overrides ?? {};
    const configRules = Object.fromEntries(Object.entries(config?.rules ?? {}).map(([id, { severity }]) => [id, severity]));
    return {
      ...this.settings,
      kubernetesVersion: overrides.kubernetesVersion ?? config?.kubernetesVersion ?? this.settings.kubernetesVersion,
      drainBudgetSeconds: config?.drainBudgetSeconds ?? this.settings.drainBudgetSeconds,
      rules: { ...this.settings.rules, ...configRules, ...overrides.rules },
      images: [...config?.images ?? [], ...this.settings.images],
    };
  }

  /** Where the severity of a rule in a file comes from, for hovers. */
  severityOrigin(uri: string, ruleId: string): string {
    if (this.options.overrides?.rules?.[ruleId]) return 'the command line (`--rule`)';
    const config = this.projectConfigFor(uri);
    const configured = config?.rules[ruleId];
    if (config && configured) return `${config.uri.slice(config.uri.lastIndexOf('/') + 1)} line ${configured.range.start.line + 1}`;
    if (this.settings.rules[ruleId]) return this.options.settingsLabel ?? 'settings';
    return 'default';
  }

  /** Mistakes in a project file: those found when reading it, and rule ids no rule has. */
  private configProblems(config: ProjectConfig): Notice[] {
    const unknown = Object.entries(config.rules).filter(([id]) => !this.rules.some((rule) => rule.meta.id === id));
    return [
      ...config.problems,
      ...unknown.map(([id, { range }]): Notice => ({ uri: config.uri, range, message: `Unknown rule id ${id}: see docs/rules for the rule ids.`, code: CONFIG_PROBLEM_CODE, severity: 'warning' })),
    ];
  }

  /**
   * Uris whose findings may change when `uri` changes. Rules read across every kind of file
   * (Services select pods, Dockerfiles name entry scripts and build images, Spring and php-fpm
   * settings give drain times), so every other file we read may depend on it.
   */
  dependents(uri: string): string[] {
    const entry = this.workspace.get(uri);
    if (!entry?.parsed && !entry?.config) return [];
    return this.workspace.uris().filter((other) => other !== uri && this.workspace.get(other)?.parsed !== undefined);
  }

  /** Markdown for a hover: the findings under the cursor and the shutdown sequence of the field under it. */
  hover(uri: string, position: Position): string | undefined {
    const file = this.workspace.get(uri)?.parsed;
    if (!file) return undefined;
    const parts: string[] = [];
    for (const finding of this.analyze(uri).findings) {
      if (!containsPosition(finding.range, position)) continue;
      const rule = this.rules.find((candidate) => candidate.meta.id === finding.ruleId);
      parts.push(`**kube-graceful** [\`${finding.ruleId}\`](${ruleDocsUrl(finding.ruleId)}): ${rule?.meta.summary ?? ''}`
        + `\n\nSeverity ${finding.severity}, from ${this.severityOrigin(uri, finding.ruleId)}.`);
    }
    const field = fieldHover(file, position, this.timelineContext(uri));
    if (field) parts.push(field);
    return parts.length > 0 ? parts.join('\n\n---\n\n') : undefined;
  }

  /** What the shutdown timeline reads besides the pod, for hovers and the explain command. */
  private timelineContext(uri: string) {
    const settings = this.settingsFor(uri);
    return { workspace: this.workspace, kubernetesVersion: this.kubernetesVersion(settings), drainBudgetSeconds: settings.drainBudgetSeconds, images: settings.images };
  }

  private kubernetesVersion(settings: Settings) {
    return parseKubernetesVersion(settings.kubernetesVersion) ?? { major: 1, minor: 30 };
  }

  /**
   * The shutdown timeline of the workload around a position (of the only one in the file when the
   * position is in none), for the "Explain Pod Shutdown" view and the CLI.
   */
  podTimeline(uri: string, position: Position): PodTimeline | undefined {
    const file = this.workspace.get(uri)?.parsed;
    if (file?.language !== 'kubernetes') return undefined;
    const pod = podTemplateAt(file, position) ?? (file.podTemplates.length === 1 ? file.podTemplates[0] : undefined);
    return pod && podTimeline(pod, { ...this.timelineContext(uri), source: file.source });
  }

  /** The same timeline as Markdown. */
  explain(uri: string, position: Position): string | undefined {
    const timeline = this.podTimeline(uri, position);
    return timeline && timelineMarkdown(timeline);
  }

  /** Where each workload with a pod template starts, for "Explain Pod Shutdown" code lenses. */
  workloadPositions(uri: string): { title: string; range: Range }[] {
    const file = this.workspace.get(uri)?.parsed;
    if (file?.language !== 'kubernetes') return [];
    return file.podTemplates.map((pod) => ({ title: `${pod.owner.kind} ${pod.owner.name ?? ''}`.trim(), range: nodeRange(file.source, pod.owner.kindNode) }));
  }
}

function toFinding(rule: AnyRule, uri: string, report: Report, configured: Settings['rules'][string] | undefined, key: string): Finding {
  const severity = configured && configured !== 'off' ? configured : report.severity ?? rule.meta.defaultSeverity;
  return {
    ruleId: rule.meta.id,
    uri,
    range: report.range,
    message: report.message,
    severity,
    fix: report.fix && toFix(report.fix),
    suggestions: (report.suggestions ?? []).map(toFix),
    related: report.related ?? [],
    key,
  };
}

function toFix(spec: FixSpec): Fix {
  // Creating a file is never applied without review, whatever the rule said.
  return { title: spec.title, safety: spec.newFiles ? 'unsafe' : spec.safety, edits: spec.edits, newFiles: spec.newFiles };
}
