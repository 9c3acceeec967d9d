import { isScalar, isSeq, type Node, type Scalar } from 'yaml';
import type { Container } from './kubernetes';

/**
 * How an argv starts a shell: `["/bin/sh", "-ec", "script"]`, `["bash", "-c"]` + args `["script"]`,
 * `["busybox", "sh", "-c", …]`. Read the way the shell reads its own arguments, so that the
 * preStop timeline, the hook rules and the PID 1 rules agree on what the script is.
 */
export interface ShellInvocation {
  /** The program as written: "/bin/sh", "busybox". */
  program: string;
  /** The shell's name: "sh", "bash" (also for `busybox sh`). */
  shell: string;
  /** The option words before the script: ["-e", "-c"], ["-ec"]. */
  options: string[];
  /** A letter no shell takes as an option (`-SIGQUIT` → "S"): the shell stops with "illegal option". */
  unknownOption?: { word: string; letter: string };
  /** `-c` was given: the first operand is the script itself, not a file. */
  commandMode: boolean;
  /** The script given to `-c` and its index in the argv; undefined without `-c` or when `-c` has no operand. */
  script?: { text: string; index: number };
}

const shells = new Set(['sh', 'bash', 'dash', 'ash', 'ksh', 'zsh']);

/**
 * The single-letter options of POSIX sh, dash, bash and BusyBox ash together (their `set` letters
 * and the invocation-only c, i, l, r, s, D): anything else makes the shell exit with an error.
 */
const optionLetters = new Set('abBcCDeEfhHiIklmnoOpPqrstTuvVx');
/** Options whose value is the next word: `-o pipefail`, bash's `-O extglob`, `--rcfile FILE`. */
const letterWithValue = new Set(['o', 'O']);
const longWithValue = new Set(['--rcfile', '--init-file']);

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export function shellInvocation(argv: string[]): ShellInvocation | undefined {
  const program = argv[0];
  if (program === undefined) return undefined;
  let index = 1;
  let shell = baseName(program);
  if (shell === 'busybox' && argv[1] !== undefined && shells.has(argv[1])) {
    shell = argv[1];
    index = 2;
  }
  if (!shells.has(shell)) return undefined;
  const invocation: ShellInvocation = { program, shell, options: [], commandMode: false };
  for (; index < argv.length; index++) {
    const word = argv[index];
    if (word === '--' || word === '-') { invocation.options.push(word); index++; break; }
    if (word.startsWith('--')) {
      invocation.options.push(word);
      if (longWithValue.has(word)) index++;
      continue;
    }
    if (!/^[-+]./.test(word)) break;
    invocation.options.push(word);
    const letters = word.slice(1);
    const unknown = [...letters].find((letter) => !optionLetters.has(letter));
    if (unknown !== undefined) {
      invocation.unknownOption ??= { word, letter: unknown };
      continue;
    }
    if (word.startsWith('-') && letters.includes('c')) invocation.commandMode = true;
    if ([...letters].some((letter) => letterWithValue.has(letter))) index++;
  }
  if (invocation.commandMode && index < argv.length) invocation.script = { text: argv[index], index };
  return invocation;
}

/** The argv a container starts with, when the manifest says all of it: `command` (replacing ENTRYPOINT) then `args`. */
export function containerArgv(container: Container): string[] | undefined {
  return container.command && [...container.command, ...(container.args ?? [])];
}

/**
 * The YAML scalar that holds word `index` of the argv made of `command` then `args` (of a
 * container, or just the `command` of an exec hook); undefined when it is not a plain sequence item.
 */
export function argvWordNode(index: number, commandNode: Node | undefined, argsNode?: Node): Scalar | undefined {
  const commandItems = isSeq(commandNode) ? commandNode.items : [];
  const item = index < commandItems.length ? commandItems[index]
    : isSeq(argsNode) ? argsNode.items[index - commandItems.length] : undefined;
  return isScalar(item) ? item : undefined;
}
