import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { pathToFileURL } from 'url';
import { Analyzer, parseKubernetesVersion, resolveSettings, rowTime, timelineRows, timelineSvg, type PodTimeline } from '../service';
import { loadInputs } from './inputs';
import type { LintIo } from './lint';

export const explainUsage = `Usage: kube-graceful explain [options] FILE[:LINE]

Prints the termination timeline of the workload at LINE of a Kubernetes manifest (the only one in
the file when LINE is left out): preStop, stop signal and who receives it, drain, SIGKILL, and the
windows where requests fail. The files under --workspace (default: the working directory) give the
Services, Dockerfiles and app settings the timeline reads.

Options:
  --format text|json|svg      text (default), the timeline model as JSON, or the picture as SVG
  --workspace DIR             Where the other files of the project are (default: .)
  --kubernetes-version X.Y    Kubernetes version of the clusters
  -h, --help                  Show this help`;

const formats = ['text', 'json', 'svg'] as const;
type Format = (typeof formats)[number];

const EXIT_OK = 0;
const EXIT_NO_WORKLOAD = 1;
const EXIT_USAGE = 2;

/** `kube-graceful explain`: returns the exit code (1 when no workload is at that place). */
export async function runExplain(args: string[], io: LintIo & { color?: boolean }): Promise<number> {
  let values: { format?: string; workspace?: string; 'kubernetes-version'?: string; help?: boolean };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args, allowPositionals: true,
      options: { format: { type: 'string' }, workspace: { type: 'string' }, 'kubernetes-version': { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    }));
  } catch (error) {
    return usageError(io, (error as Error).message);
  }
  if (values.help) {
    io.stdout.write(`${explainUsage}\n`);
    return EXIT_OK;
  }
  const format = (values.format ?? 'text') as Format;
  if (!formats.includes(format)) return usageError(io, `--format must be one of ${formats.join(', ')}`);
  if (values['kubernetes-version'] !== undefined && !parseKubernetesVersion(values['kubernetes-version'])) {
    return usageError(io, `--kubernetes-version must look like 1.30, not "${values['kubernetes-version']}"`);
  }
  if (positionals.length !== 1) return usageError(io, 'give exactly one FILE[:LINE]');
  const [, file, lineText] = /^(.*?)(?::(\d+))?$/.exec(positionals[0])!;
  const absolute = path.resolve(io.cwd, file);
  if (!fs.existsSync(absolute) || !fs.statSync(absolute).isFile()) return usageError(io, `no such file: ${file}`);

  const analyzer = new Analyzer({ settings: resolveSettings({ kubernetesVersion: values['kubernetes-version'] }) });
  const { files } = await loadInputs([values.workspace ?? '.', absolute], io.cwd, () => process.stdin);
  for (const input of files) analyzer.setFile(input.uri, input.text, input.languageHint);
  const uri = pathToFileURL(absolute).href;
  const line = lineText === undefined ? 0 : Math.max(Number(lineText) - 1, 0);
  const timeline = analyzer.podTimeline(uri, { line, character: 0 });
  if (!timeline) {
    io.stderr.write(`kube-graceful explain: no workload with a pod template ${lineText ? `at line ${lineText} of` : 'alone in'} ${file}\n`);
    return EXIT_NO_WORKLOAD;
  }
  io.stdout.write(format === 'json' ? `${JSON.stringify(timeline, null, 2)}\n` : format === 'svg' ? `${timelineSvg(timeline)}\n` : timelineText(timeline, io.color ?? false));
  return EXIT_OK;
}

function usageError(io: LintIo, message: string): number {
  io.stderr.write(`kube-graceful explain: ${message}\n\n${explainUsage}\n`);
  return EXIT_USAGE;
}

const red = (text: string) => `\u001b[31m${text}\u001b[39m`;
const bold = (text: string) => `\u001b[1m${text}\u001b[22m`;

/** Aligned columns: time, lane, what happens; the windows where requests fail in red on a terminal. */
export function timelineText(timeline: PodTimeline, color: boolean): string {
  const rows = timelineRows(timeline);
  const times = rows.map(rowTime);
  const lanes = rows.map((row) => (row.lane === 'pod' ? '' : row.lane));
  const timeWidth = Math.max(...times.map((time) => time.length));
  const laneWidth = Math.max(...lanes.map((lane) => lane.length));
  const title = `Shutdown of ${timeline.title.replace(/`/g, '')}: terminationGracePeriodSeconds ${timeline.grace.seconds}${timeline.grace.explicit ? '' : ' (default)'}`;
  const lines = [color ? bold(title) : title, ''];
  rows.forEach((row, index) => {
    const text = `${row.danger ? 'REQUESTS FAIL: ' : ''}${row.text.replace(/`/g, '')}`;
    const line = `  ${times[index].padStart(timeWidth)}  ${lanes[index].padEnd(laneWidth)}  ${text}`;
    lines.push(row.danger && color ? red(line) : line);
  });
  for (const note of timeline.notes) lines.push('', note);
  return `${lines.join('\n')}\n`;
}
