import { baseName } from '../../detect';
import type { ImageEntries } from '../../knowledge/image-signals';
import { canonicalSignal, RUNTIME_DEFAULT_STOP_SIGNAL } from '../../knowledge/signals';
import { describeRun, runsOfScript, type EntryScriptRun } from '../../model/entry-script';
import { copyOf } from '../../model/image-files';
import type { ShellFile } from '../../model/shell';
import { imageStopSignal, type EffectiveStopSignal } from '../../shutdown/stop-signal';
import type { RelatedLocation, Severity } from '../../types';
import type { WorkspaceView } from '../../workspace';

/**
 * Whether a shell file is an entry script, the process a container runs as PID 1, and how sure we
 * are: a Dockerfile of the workspace runs it (its ENTRYPOINT or CMD, through COPY/ADD), or only its
 * name says so (docker-entrypoint.sh, entrypoint.sh, *-entrypoint) while no Dockerfile of the
 * workspace copies it. Build and CI scripts are neither, and the shell rules leave them alone.
 */
export interface EntryScriptRole {
  runs: EntryScriptRun[];
  /** A finding from the name alone is a hint. */
  severity?: Severity;
  /** For messages: "docker-entrypoint.sh is the ENTRYPOINT of php/Dockerfile (line 13)". */
  where: string;
  /** The signal the container is stopped with, from the first Dockerfile that runs the script. */
  stopSignal: EffectiveStopSignal | undefined;
  /** SIG-prefixed: the image's STOPSIGNAL when a Dockerfile sets or inherits a known one, else SIGTERM. */
  signal: string;
  related: RelatedLocation[];
}

const entrypointName = /^(.*[-_.])?entrypoint(\.(sh|bash|ash|dash|ksh))?$/i;

/** The signal an image's container is stopped with (SIG-prefixed): its STOPSIGNAL when known and valid, else SIGTERM. */
export function imageSignal(stopSignal: EffectiveStopSignal): string {
  return stopSignal.origin.kind === 'default' ? RUNTIME_DEFAULT_STOP_SIGNAL : canonicalSignal(stopSignal.name) ?? RUNTIME_DEFAULT_STOP_SIGNAL;
}

export function entryScriptRole(file: ShellFile, workspace: WorkspaceView, images: ImageEntries): EntryScriptRole | undefined {
  const name = baseName(file.source.uri);
  const dockerfiles = workspace.dockerfiles();
  const runs = runsOfScript(file, dockerfiles, workspace.shellFiles());
  if (runs.length > 0) {
    const stopSignal = imageStopSignal(runs[0].dockerfile, runs[0].stage, images);
    const others = runs.length > 1 ? ` (and of ${runs.length - 1} more Dockerfile instruction${runs.length > 2 ? 's' : ''})` : '';
    return {
      runs,
      where: `${describeRun(runs[0])}${others}`,
      stopSignal,
      signal: imageSignal(stopSignal),
      related: runs.map((run) => ({ uri: run.dockerfile.source.uri, range: run.instruction.range, message: describeRun(run) })),
    };
  }
  if (!entrypointName.test(name) || dockerfiles.some((dockerfile) => copyOf(dockerfile, file.source.uri))) return undefined;
  // A file other scripts read with `.` or `source` runs inside them, not as PID 1.
  if (workspace.shellFiles().some((other) => other !== file && other.process.sourced.some((sourced) => baseName(sourced.path) === name))) return undefined;
  return {
    runs, severity: 'hint', where: `${name} is named like an entry script (no Dockerfile analysed with it copies it)`,
    stopSignal: undefined, signal: RUNTIME_DEFAULT_STOP_SIGNAL, related: [],
  };
}
