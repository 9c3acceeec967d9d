import { isShortLived } from '../knowledge/short-lived-commands';
import { programName } from '../parse/shell-steps';
import { sleepSeconds } from '../shutdown/prestop';
import type { Range } from '../types';
import type { BackgroundJob, FlowPlace, ScriptCommand, ScriptLoop, ScriptProcess, ShellFile, ShellTrap } from './shell';

/**
 * What an entry script does when the stop signal comes (FACTS §8): a shell as PID 1 ignores it
 * unless it traps it; a trap runs only once the foreground command has returned, so the script
 * must wait for its jobs (`cmd & wait $!`), and after signalling them it must wait again for them
 * to finish, because when PID 1 exits the kernel kills every other process of the container.
 */

/** `tail -f /dev/null`, `sleep infinity`, `while true; do sleep 5; done`: something that only keeps the script running. */
export interface KeepAlive extends FlowPlace {
  kind: 'tail' | 'sleep' | 'loop';
  /** As written, for messages. */
  text: string;
  start: number;
  end: number;
  range: Range;
  /** Started with `&` (and waited for). */
  background: boolean;
  /** Run with `exec`: it replaces the shell as PID 1, and ignores SIGTERM there (FACTS §8). */
  execs: boolean;
  /** A loop: the longest sleep in its body, in seconds, when known. */
  sleepSeconds?: number;
  /** A loop that polls the jobs (`while kill -0 $pid`): it ends when one of them does. */
  pollsProcesses?: boolean;
}

/** A `sleep` this long or longer holds a script for good: only a signal or SIGKILL ends it. */
const KEEPALIVE_SLEEP_SECONDS = 3600;

/** A loop whose sleeps are this short lets a trap run promptly: the trap waits for the current sleep to return. */
const PROMPT_TRAP_SECONDS = 5;

/** `tail -f FILE` or `sleep infinity` (or hours): the command only keeps the script alive. */
export function keepAliveKind(command: ScriptCommand): 'tail' | 'sleep' | undefined {
  const name = command.name && programName(command.name);
  if (name === 'tail' && command.args.some((arg) => arg !== undefined && (/^-[a-zA-Z0-9]*[fF]/.test(arg) || arg.startsWith('--follow')))) return 'tail';
  if (name === 'sleep') {
    const seconds = command.args.every((arg) => arg !== undefined) ? sleepSeconds(command.args as string[]) : undefined;
    if (seconds !== undefined && seconds >= KEEPALIVE_SLEEP_SECONDS) return 'sleep';
  }
  return undefined;
}

/** The commands of a loop's body and condition. */
function loopCommands(process: ScriptProcess, index: number): ScriptCommand[] {
  const loop = process.loops[index];
  return process.commands.filter((command) => command.start >= loop.start && command.end <= loop.end);
}

function loopKeepAlive(process: ScriptProcess, loop: ScriptLoop, index: number): KeepAlive | undefined {
  const commands = loopCommands(process, index);
  // A loop that waits for jobs is how a script waits, not a keep-alive; one that polls them (`while kill -0 $pid`) holds it like one.
  if (!(loop.infinite || loop.pollsProcesses) || commands.some((command) => command.name === 'wait')) return undefined;
  const sleeps = commands.filter((command) => command.name && programName(command.name) === 'sleep')
    .map((command) => (command.args.every((arg) => arg !== undefined) ? sleepSeconds(command.args as string[]) : undefined));
  return {
    ...place(loop), kind: 'loop', text: loop.text, start: loop.start, end: loop.end, range: loop.range, background: false, execs: false,
    pollsProcesses: loop.pollsProcesses,
    sleepSeconds: sleeps.includes(undefined) || sleeps.length === 0 ? undefined : Math.max(...(sleeps as number[])),
  };
}

function place(item: FlowPlace): FlowPlace {
  return { flowOffset: item.flowOffset, inLoop: item.inLoop, topLevel: item.topLevel, inFunction: item.inFunction };
}

/** Every keep-alive of the script: commands and infinite loops, in the order they run. */
export function keepAlives(process: ScriptProcess): KeepAlive[] {
  const found: KeepAlive[] = [];
  for (const command of process.commands) {
    const kind = keepAliveKind(command);
    if (kind && command.loop === undefined) {
      found.push({ ...place(command), kind, text: command.nameText + (command.argTexts.length > 0 ? ` ${command.argTexts.join(' ')}` : ''), start: command.start, end: command.end, range: command.range, background: command.background, execs: command.execs });
    }
  }
  process.loops.forEach((loop, index) => {
    const inOuterLoop = process.loops.some((outer) => outer !== loop && outer.start <= loop.start && outer.end >= loop.end);
    const keepAlive = !inOuterLoop ? loopKeepAlive(process, loop, index) : undefined;
    if (keepAlive) found.push(keepAlive);
  });
  return found.sort(byFlow);
}

function byFlow(a: { flowOffset: number; start: number }, b: { flowOffset: number; start: number }): number {
  return a.flowOffset - b.flowOffset || a.start - b.start;
}

/** Jobs that run something else than a keep-alive: the servers the script starts in the background. */
export function serverJobs(process: ScriptProcess): BackgroundJob[] {
  return process.jobs.filter((job) => !job.command || !keepAliveKind(job.command));
}

/** What the script blocks on once its jobs run (or at its end): where the stop signal finds it. */
export type Blocker =
  /** `wait` (in a loop or not): a trap runs as soon as the signal comes. */
  | { kind: 'wait'; command: ScriptCommand }
  | { kind: 'keepalive'; keepAlive: KeepAlive }
  /** `exec server`: the shell is gone, and its traps with it. */
  | { kind: 'exec'; command: ScriptCommand }
  /** A server in the foreground: no trap runs until it returns. */
  | { kind: 'foreground'; command: ScriptCommand };

export function blockerStart(blocker: Blocker): { flowOffset: number; start: number } {
  return blocker.kind === 'keepalive' ? blocker.keepAlive : blocker.command;
}

/**
 * The first thing after the last job that holds the script: a `wait`, a keep-alive or an `exec`;
 * else its last command when that is a server run in the foreground. Without jobs, only how the
 * script ends counts (a keep-alive, an `exec` or a foreground server).
 */
export function scriptBlocker(file: ShellFile): Blocker | undefined {
  const process = file.process;
  const jobs = [...process.jobs].sort(byFlow);
  const lastJob = jobs[jobs.length - 1];
  const after = (item: { flowOffset: number; start: number }) => !lastJob || byFlow(item, lastJob) > 0;
  const alive = keepAlives(process).filter((keepAlive) => !keepAlive.background);
  const candidates: Blocker[] = [
    ...process.commands.filter((command) => !command.background && command.name === 'wait' && !command.execs).map((command): Blocker => ({ kind: 'wait', command })),
    ...alive.map((keepAlive): Blocker => ({ kind: 'keepalive', keepAlive })),
    ...process.commands.filter((command) => command.execs && command.nameText !== '' && !keepAliveKind(command)).map((command): Blocker => ({ kind: 'exec', command })),
  ].filter((blocker) => after(blockerStart(blocker))).sort((a, b) => byFlow(blockerStart(a), blockerStart(b)));
  if (lastJob && candidates.length > 0) return candidates[0];
  const last = file.statements[file.statements.length - 1];
  const lastStart = last ? file.source.offsetAt(last.range.start) : -1;
  // Without jobs, only the last statement holds the script for good.
  const ending = candidates.find((blocker) => blockerStart(blocker).start === lastStart && blocker.kind !== 'wait');
  if (ending) return ending;
  const end = process.ending?.command;
  if (lastJob && end && !end.background && !end.execs && !process.ending!.inList && after(end) && end.nameText !== '' && !(end.name && isShortLived(end.name))) {
    return { kind: 'foreground', command: end };
  }
  return undefined;
}

/** Why the stop signal does not reach the jobs, or undefined when the script forwards it. */
export type ForwardingProblem =
  | { kind: 'no-trap' }
  /** A trap for the signal, set only after the script blocks: it is not in place when the signal comes. */
  | { kind: 'trap-after'; trap: ShellTrap }
  /** The trap is for other signals than the one the container is stopped with. */
  | { kind: 'trap-misses-signal'; trap: ShellTrap }
  /** The trap does not signal the jobs (`trap 'exit 0' TERM`), or ignores the signal (`trap '' TERM`). */
  | { kind: 'trap-does-not-forward'; trap: ShellTrap }
  /** It signals them but does not wait: the script ends and the kernel kills the draining jobs with it. */
  | { kind: 'trap-does-not-wait'; trap: ShellTrap }
  /** A good trap, but the script blocks in a foreground command, so the trap waits for that to return. */
  | { kind: 'trap-blocked'; trap: ShellTrap };

function covers(trap: ShellTrap, signal: string): boolean {
  return trap.signals.includes(signal);
}

/**
 * Whether the trap in force when the script blocks passes `stopSignal` (SIG-prefixed) on to the
 * jobs and waits for them. An `exec` blocker is not judged here: the shell and its traps are gone.
 */
export function forwardingProblem(process: ScriptProcess, blocker: Blocker, stopSignal: string): ForwardingProblem | undefined {
  const at = blockerStart(blocker);
  const before = [...process.traps].filter((trap) => byFlow(trap, at) < 0).sort(byFlow);
  const inForce = before.filter((trap) => covers(trap, stopSignal)).pop();
  if (!inForce) {
    const forOther = before.filter((trap) => trap.kills && trap.signals.some((signal) => signal !== 'EXIT')).pop();
    if (forOther) return { kind: 'trap-misses-signal', trap: forOther };
    const later = process.traps.find((trap) => byFlow(trap, at) > 0 && covers(trap, stopSignal) && trap.action !== '-');
    return later ? { kind: 'trap-after', trap: later } : { kind: 'no-trap' };
  }
  // An action we cannot read may well forward: say nothing.
  if (inForce.action === undefined) return undefined;
  if (inForce.action === '-' || inForce.action === '' || !inForce.kills) return { kind: 'trap-does-not-forward', trap: inForce };
  if (blocker.kind === 'foreground') return { kind: 'trap-blocked', trap: inForce };
  if (blocker.kind === 'keepalive') {
    const loop = blocker.keepAlive;
    // A loop of short sleeps lets the trap run between them; anything else holds it back.
    if (loop.kind !== 'loop' || loop.sleepSeconds === undefined || loop.sleepSeconds > PROMPT_TRAP_SECONDS) return { kind: 'trap-blocked', trap: inForce };
    // Between sleeps the trap runs; if it then exits without waiting, the jobs die with PID 1.
    return !inForce.waits && inForce.exits ? { kind: 'trap-does-not-wait', trap: inForce } : undefined;
  }
  // After the trap the script goes on from the interrupted wait, unless the trap exits.
  if (!inForce.waits && (inForce.exits || !waitsAgain(process, blocker))) return { kind: 'trap-does-not-wait', trap: inForce };
  return undefined;
}

/** After the signal interrupts its `wait`, the script waits again: the wait is in a loop, or another follows. */
function waitsAgain(process: ScriptProcess, blocker: Blocker): boolean {
  if (blocker.kind !== 'wait') return false;
  if (blocker.command.inLoop) return true;
  return process.commands.some((command) => command !== blocker.command && command.name === 'wait' && !command.background
    && byFlow(command, blocker.command) > 0);
}
