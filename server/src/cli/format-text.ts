import { CONFIG_PROBLEM_CODE, type Position, type Severity } from '../service';
import { comparePositions, fixableWithFlag, type FileReport, type LintReport } from './report';

/** What the rule column shows for a notice: it belongs to no rule and cannot be switched off. */
const NOTICE_LABEL = 'not-analysed';

interface Row {
  position: Position;
  severity: Severity;
  message: string;
  label: string;
}

/** ESLint's "stylish" layout: a block per file, a line per problem, columns aligned within the block. */
export function formatText(report: LintReport): string {
  const blocks = report.files
    .filter((file) => file.findings.length > 0 || file.notices.length > 0)
    .map(formatFile);
  return [...blocks, summary(report)].join('\n\n') + '\n';
}

function formatFile({ file, findings, notices }: FileReport): string {
  const rows: Row[] = [
    ...findings.map((finding) => ({ position: finding.range.start, severity: finding.severity, message: finding.message, label: finding.ruleId })),
    ...notices.map((notice) => ({ position: notice.range.start, severity: notice.severity ?? 'info', message: notice.message, label: notice.code?.replace(/^kube-graceful\//, '') ?? NOTICE_LABEL })),
  ].sort((a, b) => comparePositions(a.position, b.position));
  const where = (row: Row) => `${row.position.line + 1}:${row.position.character + 1}`;
  const whereWidth = Math.max(...rows.map((row) => where(row).length));
  const severityWidth = Math.max(...rows.map((row) => row.severity.length));
  const lines = rows.map((row) =>
    `  ${where(row).padEnd(whereWidth)}  ${row.severity.padEnd(severityWidth)}  ${row.message}  ${row.label}`);
  return [file.name, ...lines].join('\n');
}

function summary(report: LintReport): string {
  const findings = report.files.flatMap((file) => file.findings);
  // Project file mistakes and unused suppressions carry a code of their own and are listed, not counted here.
  const notices = report.files.reduce((sum, file) => sum + file.notices.filter((notice) => !notice.code).length, 0);
  const configMistakes = report.files.reduce((sum, file) => sum + file.notices.filter((notice) => notice.code === CONFIG_PROBLEM_CODE).length, 0);
  const lines: string[] = [];
  if (report.fixesApplied > 0) lines.push(`Applied ${count(report.fixesApplied, 'fix', 'fixes')}.`);
  if (report.files.length === 0) {
    lines.push('No Kubernetes manifests, Dockerfiles or shell scripts found.');
  } else if (findings.length === 0) {
    lines.push(`No problems found in ${count(report.files.length, 'file')}.`);
  } else {
    const bySeverity = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
    const infos = bySeverity('info');
    const counts = [
      count(bySeverity('error'), 'error'),
      count(bySeverity('warning'), 'warning'),
      ...(infos > 0 ? [count(infos, 'info')] : []),
      count(bySeverity('hint'), 'hint'),
    ];
    const fixable = findings.filter(fixableWithFlag).length;
    lines.push(`${count(findings.length, 'problem')} (${counts.join(', ')})${fixable > 0 ? `, ${fixable} fixable with --fix` : ''}`);
  }
  // They fail the run, whatever the findings: say so, or "No problems found" would contradict the exit code.
  if (configMistakes > 0) lines.push(`${count(configMistakes, 'mistake')} in project files: the settings they meant to give are not in force.`);
  if (notices > 0) lines.push(`${count(notices, 'file or part of a file', 'files or parts of files')} not analysed (see "${NOTICE_LABEL}").`);
  return lines.join('\n');
}

function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : plural}`;
}
