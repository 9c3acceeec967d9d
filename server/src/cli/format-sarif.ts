import * as path from 'path';
import { pathToFileURL } from 'url';
import { allRules, ruleDocsUrl, type AnyRule, type Range, type Severity } from '../service';
import type { LintFile } from './inputs';
import type { LintReport } from './report';
import { toolVersion } from './version';

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/kube-graceful/kube-graceful';
/** Locations are relative to this base, which GitHub code scanning maps to the checkout. */
const SOURCE_ROOT = '%SRCROOT%';

type SarifLevel = 'error' | 'warning' | 'note';

/**
 * SARIF 2.1.0 as GitHub code scanning accepts it. Every rule is listed, not only those that fired,
 * so an alert closes when its rule stops firing. Notices are not results: they are about the
 * run (what it could not read), not about the code.
 */
export function formatSarif(report: LintReport, cwd: string): string {
  const ruleIndex = new Map(allRules.map((rule, index) => [rule.meta.id, index]));
  const results = report.files.flatMap(({ file, findings }) => findings.map((finding) => ({
    ruleId: finding.ruleId,
    ruleIndex: ruleIndex.get(finding.ruleId),
    level: sarifLevel(finding.severity),
    message: { text: finding.message },
    locations: [location(file, finding.range)],
  })));
  const notifications = report.files.flatMap(({ file, notices }) => notices.map((notice) => ({
    level: 'note',
    message: { text: notice.message },
    locations: [location(file, notice.range)],
  })));
  const log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: { driver: { name: 'kube-graceful', informationUri: INFORMATION_URI, version: toolVersion, rules: allRules.map(describeRule) } },
      originalUriBaseIds: { [SOURCE_ROOT]: { uri: directoryUri(cwd) } },
      columnKind: 'utf16CodeUnits',
      invocations: [{ executionSuccessful: true, toolExecutionNotifications: notifications }],
      results,
    }],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}

function describeRule({ meta }: AnyRule) {
  const helpUri = ruleDocsUrl(meta.id);
  return {
    id: meta.id,
    name: pascalCase(meta.id),
    shortDescription: { text: meta.summary },
    fullDescription: { text: meta.rationale },
    help: { text: `${meta.summary} ${helpUri}`, markdown: `${meta.rationale}\n\n[Rule documentation](${helpUri})` },
    helpUri,
    defaultConfiguration: { level: sarifLevel(meta.defaultSeverity) },
    properties: { tags: [meta.language, 'reliability', 'graceful-shutdown'] },
  };
}

function sarifLevel(severity: Severity): SarifLevel {
  return severity === 'error' || severity === 'warning' ? severity : 'note';
}

/** SARIF regions count from 1 and end one past the last column, like LSP's exclusive end. */
function location(file: LintFile, range: Range) {
  return {
    physicalLocation: {
      artifactLocation: artifactLocation(file),
      region: {
        startLine: range.start.line + 1,
        startColumn: range.start.character + 1,
        endLine: range.end.line + 1,
        endColumn: range.end.character + 1,
      },
    },
  };
}

/** Files outside the working directory cannot be relative to %SRCROOT%: they get an absolute uri. */
function artifactLocation(file: LintFile) {
  if (file.path && file.name.startsWith('../')) return { uri: pathToFileURL(file.path).href };
  return { uri: file.name.split('/').map(encodeURIComponent).join('/'), uriBaseId: SOURCE_ROOT };
}

function directoryUri(directory: string): string {
  return pathToFileURL(path.resolve(directory) + path.sep).href;
}

/** `k8s/prestop-missing` → `K8sPrestopMissing`: SARIF wants the name as an identifier. */
function pascalCase(id: string): string {
  return id.split(/[/-]/).map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');
}
