import { pathToFileURL } from 'url';
import * as path from 'path';
import { Analyzer, resolveSettings, ruleById } from '../service';
import { applySafeFixes } from './fix-loop';
import { formatJson } from './format-json';
import { formatSarif } from './format-sarif';
import { formatText } from './format-text';
import { loadInputs, missingPaths } from './inputs';
import { StderrLog } from './log';
import { lintUsage, parseLintArguments, type OutputFormat } from './options';
import { buildReport, failsRun, type LintReport } from './report';

export interface LintIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  /** Read for the path "-"; process.stdin when not given. */
  stdin?: NodeJS.ReadableStream;
}

const EXIT_CLEAN = 0;
const EXIT_FINDINGS = 1;
const EXIT_USAGE_OR_FAILURE = 2;

/** `kube-graceful lint`: returns the exit code. */
export async function runLint(args: string[], io: LintIo): Promise<number> {
  const commandLine = parseLintArguments(args);
  if (commandLine.kind === 'help') {
    io.stdout.write(`${lintUsage}\n`);
    return EXIT_CLEAN;
  }
  if (commandLine.kind === 'usage-error') {
    io.stderr.write(`kube-graceful lint: ${commandLine.message}\n\n${lintUsage}\n`);
    return EXIT_USAGE_OR_FAILURE;
  }
  const options = commandLine.options;
  const unknownRules = Object.keys(options.rules).filter((id) => !ruleById(id));
  if (unknownRules.length > 0) {
    io.stderr.write(`kube-graceful lint: unknown rule id ${unknownRules.join(', ')} in --rule\n`);
    return EXIT_USAGE_OR_FAILURE;
  }
  const missing = missingPaths(options.config ? [...options.paths, options.config] : options.paths, io.cwd);
  if (missing.length > 0) {
    for (const given of missing) io.stderr.write(`kube-graceful lint: no such file or directory: ${given}\n`);
    return EXIT_USAGE_OR_FAILURE;
  }

  const log = new StderrLog(io.stderr);
  const { files, unreadable } = await loadInputs(options.paths, io.cwd, () => io.stdin ?? process.stdin, options.config);
  for (const message of unreadable) log.error(message);
  const names = new Map(files.map((file) => [file.uri, file.name]));
  const analyzer = new Analyzer({
    settings: resolveSettings({ maxFileSizeBytes: options.maxFileSizeBytes }),
    // The command line wins over the project file.
    overrides: { rules: options.rules, kubernetesVersion: options.kubernetesVersion },
    configUri: options.config && pathToFileURL(path.resolve(io.cwd, options.config)).href,
    onRuleError: (ruleId, uri, error) =>
      log.warn(`rule ${ruleId} failed on ${names.get(uri) ?? uri}: ${error instanceof Error ? error.message : String(error)}`),
  });
  // Every file before any analysis: rules read Services, Dockerfiles and scripts across files.
  for (const file of files) analyzer.setFile(file.uri, file.text, file.languageHint);

  const fixesApplied = options.fix ? applySafeFixes(analyzer, files, log) : 0;
  const report = buildReport(analyzer, files, fixesApplied);
  io.stdout.write(render(options.format, report, io.cwd));

  if (log.failed) return EXIT_USAGE_OR_FAILURE;
  if (options.exitZero) return EXIT_CLEAN;
  return hasFailures(report, options.maxWarnings) ? EXIT_FINDINGS : EXIT_CLEAN;
}

function render(format: OutputFormat, report: LintReport, cwd: string): string {
  switch (format) {
    case 'text': return formatText(report);
    case 'json': return formatJson(report);
    case 'sarif': return formatSarif(report, cwd);
  }
}

/** Errors always fail the run; warnings do unless `--max-warnings` allows that many. */
function hasFailures(report: LintReport, maxWarnings: number | undefined): boolean {
  // A mistake in a project file fails the run: the settings it meant to give are not in force.
  if (report.files.some((file) => file.notices.some((notice) => notice.severity && failsRun(notice.severity)))) return true;
  const findings = report.files.flatMap((file) => file.findings);
  if (maxWarnings === undefined) return findings.some((finding) => failsRun(finding.severity));
  return findings.some((finding) => finding.severity === 'error') || findings.filter((finding) => finding.severity === 'warning').length > maxWarnings;
}
