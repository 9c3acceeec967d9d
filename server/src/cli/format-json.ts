import type { Fix } from '../service';
import type { LintReport } from './report';

/** A stable shape for scripts: LSP's 0-based positions, file names relative to the working directory. */
export function formatJson(report: LintReport): string {
  const title = (fix: Fix) => ({ title: fix.title });
  const output = {
    findings: report.files.flatMap(({ file, findings }) => findings.map((finding) => ({
      file: file.name,
      rule: finding.ruleId,
      severity: finding.severity,
      message: finding.message,
      range: finding.range,
      fix: finding.fix ? title(finding.fix) : null,
      suggestions: finding.suggestions.map(title),
    }))),
    notices: report.files.flatMap(({ file, notices }) => notices.map((notice) => ({
      file: file.name,
      message: notice.message,
      range: notice.range,
    }))),
  };
  return `${JSON.stringify(output, null, 2)}\n`;
}
