import { forwardingEdits, waitAgainEdit } from '../../fix/signal-forwarding';
import { trapScriptFileFix } from '../../fix/trap-script-file';
import type { Blocker, ForwardingProblem } from '../../model/script-process';
import type { BackgroundJob, ShellFile, ShellTrap } from '../../model/shell';
import { programName } from '../../parse/shell-steps';
import type { FixSpec } from '../rule';
import type { WorkspaceView } from '../../workspace';
import type { EntryScriptRole } from './entry-script-role';

/** Messages and fixes shared by shell/background-without-trap and shell/keepalive-loop. */

function line(file: ShellFile, offset: number): number {
  return file.source.positionAt(offset).line + 1;
}

/** "`nginx` (line 3) and `php-fpm` (line 4)". */
export function jobsPhrase(file: ShellFile, jobs: BackgroundJob[]): string {
  const names = jobs.map((job) => `\`${job.command?.name ? programName(job.command.name) : job.command?.nameText ?? job.text.split(/\s/)[0]}\` (line ${line(file, job.start)})`);
  return names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}

function trapLine(file: ShellFile, trap: ShellTrap): string {
  return `the trap on line ${line(file, trap.start)}`;
}

function signalWord(signal: string): string {
  return signal.replace(/^SIG/, '');
}

/** How messages refer to the processes that should get the signal. */
export interface Servers {
  /** "the server", "the servers". */
  subject: string;
  plural: boolean;
}

export function serversOf(count: number): Servers {
  return { subject: count === 1 ? 'the server' : 'the servers', plural: count !== 1 };
}

/** "the servers are SIGKILLed at the end of the grace period with their requests in flight". */
export function killedPhrase(servers: Servers): string {
  return `${servers.subject} ${servers.plural ? 'are' : 'is'} SIGKILLed at the end of the grace period with ${servers.plural ? 'their' : 'its'} requests in flight`;
}

/** Why the signal does not reach the jobs, after "…, but": the end of a sentence. */
export function problemPhrase(file: ShellFile, problem: ForwardingProblem, role: EntryScriptRole, servers: Servers): string {
  const signal = role.signal;
  const killed = killedPhrase(servers);
  const them = servers.plural ? 'them' : 'it';
  switch (problem.kind) {
    case 'no-trap':
      return `no trap passes ${signal} on: the shell ignores it as PID 1, so ${killed}.`;
    case 'trap-after':
      return `${trapLine(file, problem.trap)} is set only after that, too late: until then the shell ignores ${signal}, so ${killed}.`;
    case 'trap-misses-signal':
      return `${trapLine(file, problem.trap)} handles ${problem.trap.signals.map(signalWord).join(', ')}, not ${signalWord(signal)}, the signal the container `
        + `is stopped with: the shell ignores it, so ${killed}.`;
    case 'trap-does-not-forward':
      return `${trapLine(file, problem.trap)} ${problem.trap.action === '' ? 'ignores the signal' : `does not signal ${them}`}, so ${killed}.`;
    case 'trap-does-not-wait':
      return `${trapLine(file, problem.trap)} signals ${them} without waiting: the script then ends, and when PID 1 exits `
        + `the kernel kills ${servers.subject} in the middle of ${servers.plural ? 'their' : 'its'} shutdown.`;
    case 'trap-blocked':
      return `${trapLine(file, problem.trap)} cannot run until the foreground command returns (a shell runs traps only between `
        + `commands), so ${killed}.`;
  }
}

/**
 * The preferred fix for a forwarding problem (always unsafe: it changes how the processes stop) and,
 * when a Dockerfile runs the script, the suggestion to write a complete trap-based script next to it.
 */
export function forwardingFixes(
  file: ShellFile, role: EntryScriptRole, jobs: BackgroundJob[], blocker: Blocker, problem: ForwardingProblem, workspace: WorkspaceView,
): { fix?: FixSpec; suggestions: FixSpec[] } {
  const uri = file.source.uri;
  let fix: FixSpec | undefined;
  if (problem.kind === 'trap-misses-signal') {
    const end = file.source.positionAt(problem.trap.signalsEnd);
    fix = {
      title: `Add ${signalWord(role.signal)} to the trap`, safety: 'unsafe',
      edits: () => ({ [uri]: [{ range: { start: end, end }, newText: ` ${signalWord(role.signal)}` }] }),
    };
  } else if (problem.kind === 'trap-does-not-wait' && blocker.kind === 'wait') {
    const edit = waitAgainEdit(file, blocker, jobs);
    if (edit) fix = { title: 'Wait for the jobs again after the trap', safety: 'unsafe', edits: () => ({ [uri]: [edit] }) };
  }
  const keepTrap = problem.kind === 'trap-blocked' && blocker.kind === 'keepalive';
  const forwarding = jobs.length > 0 ? forwardingEdits(file, jobs, blocker, role.signal, { keepTrap }) : undefined;
  if (!fix && forwarding) {
    const title = keepTrap ? 'Wait for the jobs instead, so that the trap can run' : 'Pass the stop signal on to the jobs with a trap, and wait for them';
    fix = { title, safety: 'unsafe', edits: () => ({ [uri]: forwarding }) };
  }
  const run = role.runs[0];
  const existing = workspace.shellFiles().map((other) => other.source.uri);
  const newFile = forwarding && run ? trapScriptFileFix(file, run, forwarding, existing) : undefined;
  return { fix, suggestions: newFile ? [newFile] : [] };
}
