import { fieldHover, podTemplateAt } from './hover';
import { allRules } from './rules';
import { ruleDocsUrl } from './rules/docs-url';
import { checksLanguage, type AnyRule, type FixSpec, type ModelFor, type Report, type RuleContext } from './rules/rule';
import { parseKubernetesVersion, resolveSettings, type Settings } from './settings';
import { timelineMarkdown } from './shutdown/explain';
import { podTimeline, type PodTimeline } from './shutdown/pod-timeline';
import { nodeRange } from './parse/kubernetes';
import { containsPosition } from './source';
import type { AnalysisResult, Finding, Fix, Language, Position, Range } from './types';
import { Workspace, type WorkspaceEntry } from './workspace';

export interface AnalyzerOptions {
  settings?: Settings;
  rules?: AnyRule[];
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

  constructor(options: AnalyzerOptions = {}) {
    this.settings = options.settings ?? resolveSettings();
    this.rules = options.rules ?? allRules;
    this.onRuleError = options.onRuleError ?? (() => undefined);
    this.workspace = new Workspace(() => this.settings);
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
    const file = entry.parsed;
    if (!file) return result;
    result.notices.push(...file.notices);
    const kubernetesVersion = this.kubernetesVersion();
    for (const rule of this.rules) {
      if (!checksLanguage(rule.meta, file.language)) continue;
      const configured = this.settings.rules[rule.meta.id];
      if (configured === 'off') continue;
      let count = 0;
      const ctx: RuleContext<ModelFor[Language]> = {
        uri, model: file, settings: this.settings, kubernetesVersion, workspace: this.workspace,
        report: (report: Report) => {
          result.findings.push(toFinding(rule, uri, report, configured, `${rule.meta.id}#${count++}`));
        },
      };
      try {
        (rule.check as (context: RuleContext<ModelFor[Language]>) => void)(ctx);
      } catch (error) {
        this.onRuleError(rule.meta.id, uri, error);
      }
    }
    result.findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    return result;
  }

  /**
   * Uris whose findings may change when `uri` changes. Rules read across every kind of file
   * (Services select pods, Dockerfiles name entry scripts and build images, Spring and php-fpm
   * settings give drain times), so every other file we read may depend on it.
   */
  dependents(uri: string): string[] {
    if (!this.workspace.get(uri)?.parsed) return [];
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
      parts.push(`**kube-graceful** [\`${finding.ruleId}\`](${ruleDocsUrl(finding.ruleId)}): ${rule?.meta.summary ?? ''}`);
    }
    const field = fieldHover(file, position, this.timelineContext());
    if (field) parts.push(field);
    return parts.length > 0 ? parts.join('\n\n---\n\n') : undefined;
  }

  /** What the shutdown timeline reads besides the pod, for hovers and the explain command. */
  private timelineContext() {
    return { workspace: this.workspace, kubernetesVersion: this.kubernetesVersion(), drainBudgetSeconds: this.settings.drainBudgetSeconds };
  }

  private kubernetesVersion() {
    return parseKubernetesVersion(this.settings.kubernetesVersion) ?? { major: 1, minor: 30 };
  }

  /**
   * The shutdown timeline of the workload around a position (of the only one in the file when the
   * position is in none), for the "Explain Pod Shutdown" view and the CLI.
   */
  podTimeline(uri: string, position: Position): PodTimeline | undefined {
    const file = this.workspace.get(uri)?.parsed;
    if (file?.language !== 'kubernetes') return undefined;
    const pod = podTemplateAt(file, position) ?? (file.podTemplates.length === 1 ? file.podTemplates[0] : undefined);
    return pod && podTimeline(pod, { ...this.timelineContext(), source: file.source });
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
