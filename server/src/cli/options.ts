import { parseArgs } from 'util';
import { defaultSettings, parseKubernetesVersion } from '../service';

export type OutputFormat = 'text' | 'json' | 'sarif';

const formats: readonly OutputFormat[] = ['text', 'json', 'sarif'];

export interface LintOptions {
  format: OutputFormat;
  fix: boolean;
  exitZero: boolean;
  /** Left undefined when not given, so the service's defaults apply. */
  kubernetesVersion?: string;
  maxFileSizeBytes?: number;
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
