import { DiagnosticSeverity, type Diagnostic, type DiagnosticRelatedInformation } from 'vscode-languageserver/node';
import { ruleDocsUrl, type AnalysisResult, type Finding, type Notice, type RelatedLocation, type Severity } from '../service';

export const DIAGNOSTIC_SOURCE = 'kube-graceful';
/** Notices are not rule findings: one code for all of them, so they cannot be mistaken for a rule. */
const NOT_ANALYSED_CODE = 'kube-graceful/not-analysed';

/** What a diagnostic carries so that a code action finds its finding again without reading its message. */
export interface FindingReference {
  key: string;
}

export function isFindingReference(data: unknown): data is FindingReference {
  if (typeof data !== 'object' || data === null) return false;
  return typeof (data as Record<string, unknown>).key === 'string';
}

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/** `clientUri` turns an analyzer key back into the editor's spelling of the uri. */
export function toDiagnostics(result: AnalysisResult, clientUri: (key: string) => string): Diagnostic[] {
  return [
    ...result.notices.map(noticeDiagnostic),
    ...result.findings.map((finding) => findingDiagnostic(finding, clientUri)),
  ];
}

function findingDiagnostic(finding: Finding, clientUri: (key: string) => string): Diagnostic {
  const data: FindingReference = { key: finding.key };
  return {
    range: finding.range,
    message: finding.message,
    severity: severities[finding.severity],
    code: finding.ruleId,
    source: DIAGNOSTIC_SOURCE,
    codeDescription: { href: ruleDocsUrl(finding.ruleId) },
    relatedInformation: finding.related.length > 0 ? finding.related.map((related) => relatedInformation(related, clientUri)) : undefined,
    data,
  };
}

function relatedInformation(related: RelatedLocation, clientUri: (key: string) => string): DiagnosticRelatedInformation {
  return { location: { uri: clientUri(related.uri), range: related.range }, message: related.message };
}

function noticeDiagnostic(notice: Notice): Diagnostic {
  return { range: notice.range, message: notice.message, severity: severities[notice.severity ?? 'info'], code: notice.code ?? NOT_ANALYSED_CODE, source: DIAGNOSTIC_SOURCE };
}

/**
 * The last analysis of each open document, with the version it was made for. Fixes are computed
 * over the text the rules saw, so a finding is only handed out for that exact version.
 */
export class AnalysisCache {
  private readonly entries = new Map<string, { version: number; result: AnalysisResult }>();

  set(key: string, version: number, result: AnalysisResult): void {
    this.entries.set(key, { version, result });
  }

  get(key: string, version: number): AnalysisResult | undefined {
    const entry = this.entries.get(key);
    return entry?.version === version ? entry.result : undefined;
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
