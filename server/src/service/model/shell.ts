import type { SourceText } from '../source';
import type { Notice, Range } from '../types';

/** A command whose words are all known before the shell runs it (no expansions, globs or escapes). */
export interface SimpleCommand {
  /** argv, with quotes removed. */
  words: string[];
  range: Range;
  /** Offset of the command's first word in the parsed text, where `exec` would go. */
  startOffset: number;
}

/** One statement at the top level of a script: what runs as PID 1's direct children or replaces it. */
export interface ShellStatement {
  /** The tree-sitter-bash node type: command, list, pipeline, if_statement, … */
  type: string;
  text: string;
  range: Range;
  /** Set when the statement is one plain command (possibly with redirections). */
  command?: SimpleCommand;
  /** Ends with `&`: runs in the background. */
  background: boolean;
}

export interface ShellFile {
  language: 'shell';
  source: SourceText;
  statements: ShellStatement[];
  /** The processes the script starts and what it does with signals: jobs, traps, waits, loops. */
  process: ScriptProcess;
  /** The parser recovered from errors; rules should say less about such a file. */
  hasSyntaxErrors: boolean;
  notices: Notice[];
}

/** Where something runs in the script's course, for "before" and "after" questions. */
export interface FlowPlace {
  /** Offset at which it runs: its own, or that of the first call of the function that holds it. */
  flowOffset: number;
  /** In the body or condition of a loop: it may run again. */
  inLoop: boolean;
  /** A statement of the script itself, or part of a top-level `&&`/`||` list: not in a function, if, loop or pipeline. */
  topLevel: boolean;
  /** The function whose body holds it. */
  inFunction?: string;
}

/** A command the script runs. `exec cmd` is the command `cmd` with `execs` set. */
export interface ScriptCommand extends FlowPlace {
  /** The program's literal name ("nginx", "/usr/sbin/php-fpm"); undefined when the shell computes it (`"$@"`, `$CMD`). */
  name?: string;
  /** The program as written: `"$@"`; empty for an `exec` that only redirects. */
  nameText: string;
  /** Literal arguments, undefined where the shell expands them. */
  args: (string | undefined)[];
  argTexts: string[];
  /** `FOO=1 cmd`: variable assignments before the program. */
  assignments: boolean;
  /** Replaces the shell (`exec cmd`). */
  execs: boolean;
  /** Ends with `&`. */
  background: boolean;
  /** Index in ScriptProcess.loops of the innermost loop that holds it. */
  loop?: number;
  /** Offsets of the whole statement, `exec` and redirections included. */
  start: number;
  end: number;
  range: Range;
  /** Offset of the program's name (after `exec` and assignments), where `exec ` would go. */
  nameStart: number;
}

/** Something started with `&`: a command, a pipeline, a group. */
export interface BackgroundJob extends FlowPlace {
  /** The command, when the job is one. */
  command?: ScriptCommand;
  text: string;
  start: number;
  end: number;
  range: Range;
  /** The variable that keeps its PID: `pid=$!` (or `pids="$pids $!"`) as the next statement. */
  pidVariable?: string;
  /** Nothing but `pid=$!` and a comment follows it on its line, so a line can be added after it. */
  endsLine: boolean;
}

/** `trap action condition…`. */
export interface ShellTrap extends FlowPlace {
  start: number;
  end: number;
  range: Range;
  /** The action as the shell runs it; '' ignores the signals, '-' (or none) resets them; undefined when not literal. */
  action?: string;
  /** The conditions: "SIGTERM", "EXIT", or the word as written when it names no signal. */
  signals: string[];
  /** Offset after the last condition, where another one can be added. */
  signalsEnd: number;
  /** The action signals or stops processes (`kill`, `nginx -s quit`), itself or through the script's functions. */
  kills: boolean;
  /** The action waits for processes (`wait`, a `kill -0` loop), itself or through the script's functions. */
  waits: boolean;
  /** The action ends the script (`exit`): nothing after the interrupted `wait` runs any more. */
  exits: boolean;
}

export interface ScriptLoop extends FlowPlace {
  kind: 'while' | 'until' | 'for';
  /** `while true`, `while :`, `until false`: only `break`, `exit` or a signal end it. */
  infinite: boolean;
  /** Its condition polls processes (`while kill -0 $pid`): it holds the script while they run. */
  pollsProcesses: boolean;
  text: string;
  start: number;
  end: number;
  range: Range;
}

/** How the script ends: its last statement's last command, followed into the script's function when it calls one. */
export interface ScriptEnding {
  command: ScriptCommand;
  /** The last statement is an `&&`/`||` list: the command may not run at all. */
  inList: boolean;
}

export interface ScriptProcess {
  commands: ScriptCommand[];
  jobs: BackgroundJob[];
  traps: ShellTrap[];
  loops: ScriptLoop[];
  /** Files read with `.` or `source`, by literal path. */
  sourced: { path: string; range: Range }[];
  /** Undefined when the script ends with something else than a command (an `if`, a loop, a pipeline). */
  ending?: ScriptEnding;
  /** The indentation the script uses for one level: a tab or spaces (two when it has none). */
  indentUnit: string;
  /** Functions and variables the script defines, so that added code does not clash with them. */
  names: string[];
}
