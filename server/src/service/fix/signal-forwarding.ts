import { serverOfExecutable } from '../knowledge/servers';
import type { Blocker } from '../model/script-process';
import type { BackgroundJob, ShellFile } from '../model/shell';
import { programName } from '../parse/shell-steps';
import type { TextEdit } from '../types';
import { insertLinesAfter, insertLinesBefore } from './lines';

/**
 * Edits that make an entry script pass the stop signal on to its background jobs (FACTS §8): each
 * job's PID kept in a variable, a trap that signals every job with its graceful signal and waits
 * for them, set right before the script blocks, and a `wait` for the jobs where the script blocked
 * in a foreground server or a keep-alive (a trap cannot run while a foreground command runs).
 * Only POSIX sh, so the same code serves `#!/bin/sh` (dash, BusyBox ash) and bash; written in the
 * script's own indentation and line endings.
 */

/** The signal a job should get for a graceful stop: its server's (QUIT for nginx and php-fpm), else TERM. */
function gracefulSignal(program: string | undefined): string {
  const server = program ? serverOfExecutable(programName(program)) : undefined;
  return (server?.graceful[0] ?? 'SIGTERM').replace(/^SIG/, '');
}

function indentOf(file: ShellFile, offset: number): string {
  return /^[ \t]*/.exec(file.source.lineText(file.source.positionAt(offset).line))![0];
}

/** Nothing but blanks and a comment follows `offset` on its line. */
function endsLine(file: ShellFile, offset: number): boolean {
  const line = file.source.positionAt(offset).line;
  return /^[ \t]*(#.*)?$/.test(file.source.text.slice(offset, file.source.offsetAt({ line, character: file.source.lineText(line).length })));
}

/** A name not used by the script yet: nginx_pid, php_fpm_pid, job_pid_2. */
function freshNames(file: ShellFile): (base: string) => string {
  const used = new Set(file.process.names);
  return (base) => {
    let name = base;
    for (let counter = 2; used.has(name); counter++) name = `${base}_${counter}`;
    used.add(name);
    return name;
  };
}

function pidName(program: string | undefined): string {
  const stem = program ? programName(program).replace(/[^A-Za-z0-9_]/g, '_').replace(/^(\d)/, '_$1') : '';
  return `${stem || 'job'}_pid`;
}

/**
 * The edits, or undefined when they cannot be made mechanically: a job or the blocker inside a
 * function, an `if` or a loop, a job that is not one command or is followed by more commands on
 * its line, an `exec` blocker, a loop that polls the jobs.
 * `stopSignal` is the signal the container is stopped with (SIG-prefixed); `keepTrap` leaves the
 * script's own trap in place and only makes the script wait for its jobs.
 */
export function forwardingEdits(file: ShellFile, jobs: BackgroundJob[], blocker: Blocker, stopSignal: string, options: { keepTrap?: boolean } = {}): TextEdit[] | undefined {
  const { source } = file;
  // A loop that polls the jobs ends the container when the first of them ends; `wait` for all would change that.
  if (blocker.kind === 'exec' || (blocker.kind === 'keepalive' && blocker.keepAlive.pollsProcesses)) return undefined;
  const blocking = blocker.kind === 'keepalive' ? blocker.keepAlive : blocker.command;
  // A job that is a list or a pipeline runs in a subshell: its `$!` is the subshell's, which passes no signal on.
  if (!blocking.topLevel || blocking.inFunction || jobs.some((job) => !job.command || !job.topLevel || job.inFunction || (!job.pidVariable && !job.endsLine))) return undefined;
  if (blocker.kind === 'foreground' && !endsLine(file, blocker.command.end)) return undefined;
  const fresh = freshNames(file);
  const edits: TextEdit[] = [];
  const targets: { variable: string; signal: string }[] = [];
  for (const job of jobs) {
    const variable = job.pidVariable ?? fresh(pidName(job.command?.name));
    if (!job.pidVariable) edits.push(insertLinesAfter(source, job.end, [`${indentOf(file, job.start)}${variable}=$!`]));
    targets.push({ variable, signal: gracefulSignal(job.command?.name) });
  }
  const indent = indentOf(file, blocking.start);
  if (blocker.kind === 'foreground') {
    // The foreground server becomes a job too, so that the script waits for it and the trap can run.
    const variable = fresh(pidName(blocker.command.name));
    targets.push({ variable, signal: gracefulSignal(blocker.command.name) });
  }
  const pids = targets.map((target) => `$${target.variable}`).join(' ');
  const handler = fresh('forward_stop_signal');
  const unit = file.process.indentUnit;
  const signals = [...new Set(targets.map((target) => target.signal))];
  const trapped = [...new Set(['TERM', 'INT', stopSignal.replace(/^SIG/, ''), ...signals.filter((signal) => signal === 'QUIT')])];
  // A trap that already forwards, held back only by a foreground keep-alive, stays: the jobs' wait lets it run.
  if (!options.keepTrap) edits.push(insertLinesBefore(source, blocking.start, [
    `${indent}# Pass the stop signal on to the background jobs, then wait for them to finish.`,
    `${indent}${handler}() {`,
    ...signals.map((signal) => `${indent}${unit}kill -${signal} ${targets.filter((target) => target.signal === signal).map((target) => `$${target.variable}`).join(' ')} 2>/dev/null || true`),
    `${indent}${unit}wait ${pids}`,
    `${indent}}`,
    `${indent}trap ${handler} ${trapped.join(' ')}`,
  ]));
  if (blocker.kind === 'foreground') {
    const variable = targets[targets.length - 1].variable;
    const end = source.positionAt(blocker.command.end);
    edits.push({ range: { start: end, end }, newText: ' &' });
    edits.push(insertLinesAfter(source, blocker.command.end, [`${indent}${variable}=$!`, `${indent}wait $${variable}`]));
  } else if (blocker.kind === 'keepalive') {
    edits.push({ range: source.rangeOf(blocker.keepAlive.start, blocker.keepAlive.end), newText: `wait ${pids}` });
  }
  return edits;
}

/**
 * A `wait` again after the blocking one: the signal interrupts the first, the trap signals the jobs,
 * this one waits for them. A bare `wait`: it returns 0 once no child is left, where `wait $pid` for
 * a job already reaped would fail (and end a `set -e` script with 127); so only when every job is a
 * server, not a keep-alive it would wait for forever.
 */
export function waitAgainEdit(file: ShellFile, blocker: Extract<Blocker, { kind: 'wait' }>, jobs: BackgroundJob[]): TextEdit | undefined {
  if (!blocker.command.topLevel || blocker.command.inFunction || !endsLine(file, blocker.command.end)) return undefined;
  if (jobs.length !== file.process.jobs.length) return undefined;
  const indent = indentOf(file, blocker.command.start);
  return insertLinesAfter(file.source, blocker.command.end, [
    `${indent}# The stop signal interrupts the wait above: wait again until the jobs have finished.`,
    `${indent}wait`,
  ]);
}
