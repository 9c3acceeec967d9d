import { parseArgs } from 'util';
import { defaultSettings, parseKubernetesVersion, type SeverityOption } from '../service';

export type OutputFormat = 'text' | 'json' | 'sarif';

const formats: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export interface LintOptions {
  format: OutputFormat;
  fix: boolean;
  exitZero: boolean;
  /** Left undefined when not given, so the service's defaults apply. */
  kubernetesVersion?: string;
  maxFileSizeBytes?: number;
  /** `--config`: the project file for every file, instead of the nearest .kube-graceful.yaml above each. */
  config?: string;
  /** `--rule id=severity`: wins over the project file. */
  rules: Record<string, SeverityOption>;
  /** `--max-warnings N`: warnings fail the run only when there are more than N. */
  maxWarnings?: number;
  paths: string[];
}

/** Standard input, read as one Kubernetes manifest: the output of `helm template`. */
export const STDIN_PATH = '-';

export const lintUsage = `Usage: kube-graceful lint [options] PATH...

Lints Kubernetes manifests, Dockerfiles and shell entry scripts for graceful-shutdown mistakes.
Directories are searched recursively, skipping .git, node_modules and what .gitignore ignores.
PATH "-" reads a manifest from standard input: helm template . | kube-graceful lint -

Options:
  --format text|json|sarif    Output format (default: text)
  --fix                       Apply the safe fixes in place, then report what remains
  --kubernetes-version X.Y    Kubernetes version of the clusters; decides which fixes apply (default: ${defaultSettings.kubernetesVersion})
  --max-file-size BYTES       Do not analyse larger files (default: ${defaultSettings.maxFileSizeBytes})
  --config FILE               Use this project file for every file (default: the nearest .kube-graceful.yaml above each file)
  --rule ID=SEVERITY          Set a rule to off, error, warning, info or hint; repeatable; wins over the project file
  --max-warnings N            Fail only when there are errors or more than N warnings
  --exit-zero                 Exit with 0 even when warnings or errors are found
  -h, --help                  Show this help

Exit codes: 0 no warnings or errors, 1 warnings or errors found, 2 usage or internal error.`;

export type CommandLine =
  | { kind: 'help' }
  | { kind: 'lint'; options: LintOptions }
  | { kind: 'usage-error'; message: string };

export function parseLintArguments(args: string[]): CommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        fix: { type: 'boolean' },
        'kubernetes-version': { type: 'string' },
        'max-file-size': { type: 'string' },
        'exit-zero': { type: 'boolean' },
        config: { type: 'string' },
        rule: { type: 'string', multiple: true },
        'max-warnings': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return usageError((error as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };

  const format = values.format ?? 'text';
  if (!isFormat(format)) return usageError(`unknown format "${format}": use ${formats.join(', ')}`);
  const version = values['kubernetes-version'];
  if (version !== undefined && !parseKubernetesVersion(version)) {
    return usageError(`invalid Kubernetes version "${version}": expected a version like 1.30`);
  }
  const maxFileSize = values['max-file-size'];
  if (maxFileSize !== undefined && !/^\d+$/.test(maxFileSize)) {
    return usageError(`invalid file size "${maxFileSize}": expected a number of bytes`);
  }
  const rules: Record<string, SeverityOption> = {};
  for (const setting of values.rule ?? []) {
    const match = /^([^=\s]+)=(off|error|warning|info|hint)$/.exec(setting.trim());
    if (!match) return usageError(`invalid --rule "${setting}": expected RULE-ID=off|error|warning|info|hint`);
    rules[match[1]] = match[2] as SeverityOption;
  }
  const maxWarnings = values['max-warnings'];
  if (maxWarnings !== undefined && !/^\d+$/.test(maxWarnings)) return usageError(`invalid --max-warnings "${maxWarnings}": expected a number`);
  if (positionals.length === 0) return usageError('no paths given');
  if (values.fix && positionals.includes(STDIN_PATH)) return usageError('--fix cannot write fixes back to standard input');
  return {
    kind: 'lint',
    options: {
      format,
      fix: values.fix ?? false,
      exitZero: values['exit-zero'] ?? false,
      kubernetesVersion: version,
      maxFileSizeBytes: maxFileSize === undefined ? undefined : Number(maxFileSize),
      config: values.config,
      rules,
      maxWarnings: maxWarnings === undefined ? undefined : Number(maxWarnings),
      paths: positionals,
    },
  };
}

function isFormat(value: string): value is OutputFormat {
  return (formats as readonly string[]).includes(value);
}

function usageError(message: string): CommandLine {
  return { kind: 'usage-error', message };
}
