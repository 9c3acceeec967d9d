import { imageSignalFact, type ImageEntries } from '../knowledge/image-signals';
import { initCommandIndex, initOf, type InitFact } from '../knowledge/inits';
import { serverById, serverOfExecutable, serverOfPackage, type ServerFact } from '../knowledge/servers';
import { processShell } from '../knowledge/shells';
import { signalNumber, canonicalSignal } from '../knowledge/signals';
import { commandWords, topLevelStatements, withShellTree } from '../parse/shell';
import type { Range } from '../types';
import type { DockerStage, ProcessInstruction } from './dockerfile';
import { effectiveProcess, rootImage, shellFor } from './dockerfile-image';
import { installedPackages } from './installed-packages';
import type { ImageBuild } from './image-source';
import { lastCommandNode, shellExecsLast } from './shell-exec';
import { shellInvocation } from './shell-invocation';

/**
 * Which server a container or an image runs, and whether that server is the process the stop
 * signal reaches. Read from the argv (through init wrappers and `sh -c` scripts), else from the
 * image (official images and the user's image entries, packages a workspace Dockerfile installs).
 */

/** What an argv amounts to, once wrappers and shells are seen through. */
export type ArgvReading =
  | {
    kind: 'server';
    server: ServerFact;
    /** The server's own argv, from its executable on. */
    argv: string[];
    /** A shell that runs the server as its child and so gets the stop signal instead (`sh`), FACTS §8, §12.11. */
    shellParent?: string;
    /** An init (tini, dumb-init) is PID 1 and forwards the signal. */
    underInit: boolean;
    /** Signals an init rewrites on the way (dumb-init `--rewrite 15:3`), by number. */
    rewrites: Map<number, number>;
  }
  /** A program we do not know (a script, an app binary), or nothing readable. */
  | { kind: 'other'; program?: string };

const python = /^python(\d+(\.\d+)?)?$/;

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The inits whose arguments are the command they run (not s6's or runit's service folders). */
const argvInits = new Set(['tini', 'dumb-init', 'catatonit']);

/** The command after an init's options, and the rewrites dumb-init is told to make. */
function afterInit(init: InitFact, argv: string[], rewrites: Map<number, number>): string[] {
  const start = initCommandIndex(init, argv);
  for (let index = 1; index < start; index++) {
    const word = argv[index];
    const inline = /^(?:-r|--rewrite)=?(\d+:\d+)$/.exec(word);
    const rewrite = inline?.[1] ?? (['-r', '--rewrite'].includes(word) ? argv[index + 1] : undefined);
    const pair = rewrite && /^(\d+):(\d+)$/.exec(rewrite);
    if (pair) rewrites.set(Number(pair[1]), Number(pair[2]));
  }
  return argv.slice(start);
}

/**
 * Reads an argv as the container runtime starts it. `baseImage` tells which `/bin/sh` a shell
 * wrapper is (FACTS §8): only bash and BusyBox ash replace themselves with the last command.
 */
export function readArgv(argv: string[], baseImage: string, rewrites = new Map<number, number>(), underInit = false): ArgvReading {
  if (argv.length === 0) return { kind: 'other' };
  const program = baseName(argv[0]);
  const server = serverOfExecutable(program);
  if (server) return { kind: 'server', server, argv, underInit, rewrites };
  const init = initOf(argv[0]);
  if (init && argvInits.has(init.name)) return readArgv(afterInit(init, argv, rewrites), baseImage, rewrites, true);
  if (program === 'gosu' || program === 'su-exec') return readArgv(argv.slice(2), baseImage, rewrites, underInit);
  if (program === 'exec') return readArgv(argv.slice(1), baseImage, rewrites, underInit);
  if (program === 'env') {
    const command = argv.findIndex((word, index) => index > 0 && !word.startsWith('-') && !word.includes('='));
    return command > 0 ? readArgv(argv.slice(command), baseImage, rewrites, underInit) : { kind: 'other', program: argv[0] };
  }
  if (program === 'bundle' && argv[1] === 'exec') return readArgv(argv.slice(2), baseImage, rewrites, underInit);
  if (python.test(program) && argv[1] === '-m' && argv[2]) return readArgv(argv.slice(2), baseImage, rewrites, underInit);
  const script = shellInvocation(argv)?.script;
  if (script) return readScript(script.text, argv[0], baseImage, rewrites, underInit);
  return { kind: 'other', program: argv[0] };
}

/** The last command of a `sh -c` script: the server when it is one, and whether the shell stays its parent. */
function readScript(script: string, shellPath: string, baseImage: string, rewrites: Map<number, number>, underInit: boolean): ArgvReading {
  return withShellTree(script, (root): ArgvReading => {
    const statements = topLevelStatements(root);
    if (root.hasError || statements.length === 0) return { kind: 'other' };
    const last = lastCommandNode(statements);
    if (!last) return { kind: 'other' };
    const words = commandWords(last)?.words;
    if (!words) return { kind: 'other' };
    if (words[0] === 'exec') return readArgv(words.slice(1), baseImage, rewrites, underInit);
    const reading = readArgv(words, baseImage, rewrites, underInit);
    if (reading.kind !== 'server') return reading;
    const execd = shellExecsLast(root, statements, last, processShell([shellPath], baseImage).flavour);
    return execd ? reading : { ...reading, shellParent: baseName(shellPath) };
  });
}

/** A CMD or ENTRYPOINT as the argv Docker starts: exec form as is, shell form under the SHELL in force. */
export function instructionArgv(stage: DockerStage, instruction: ProcessInstruction): string[] {
  if (instruction.form === 'exec') return instruction.argv ?? [];
  return [...(shellFor(stage, instruction.range.start.line) ?? ['/bin/sh', '-c']), instruction.shellCommand ?? ''];
}

/** Why we believe a server runs, and how sure we are. */
export interface RecognisedServer {
  server: ServerFact;
  /** For messages: "its command runs `nginx`", "the image `nginx:1.17` runs it". */
  reason: string;
  /**
   * certain: the argv names it, or an official image runs it by default. likely: the image runs it
   * (an official image, a package installed), but through a command we cannot read (`/start.sh`).
   */
  confidence: 'certain' | 'likely';
  /** The server's argv when it is visible; some servers' signal handling depends on options (uWSGI). */
  argv?: string[];
  shellParent?: string;
  /** PID 1 is the server itself: a preStop hook may signal PID 1. */
  pid1: boolean;
  rewrites: Map<number, number>;
  /** Where in a workspace Dockerfile the evidence is (its CMD, the RUN that installs the package). */
  location?: { uri: string; range: Range };
}

/** "web/Dockerfile": enough of a uri to find the file. */
export function shortPath(uri: string): string {
  return decodeURIComponent(uri.split('/').slice(-2).join('/'));
}

function fromReading(reading: Extract<ArgvReading, { kind: 'server' }>, reason: string, location?: RecognisedServer['location']): RecognisedServer {
  return {
    server: reading.server, reason: `${reason} \`${baseName(reading.argv[0])}\``, confidence: 'certain', argv: reading.argv,
    shellParent: reading.shellParent, pid1: !reading.underInit && !reading.shellParent, rewrites: reading.rewrites, location,
  };
}

/** Servers the image is known to run without reading its command: packages its Dockerfile installs, its (base) image's known server. */
function serversOfImage(image: string, build: ImageBuild | undefined, overridden: boolean, images: ImageEntries): RecognisedServer[] {
  const found: RecognisedServer[] = [];
  for (const installed of build ? installedPackages(build.stage) : []) {
    const server = serverOfPackage(installed.spec);
    if (!server || found.some((candidate) => candidate.server === server)) continue;
    found.push({
      server, confidence: 'likely', pid1: false, rewrites: new Map(),
      reason: `\`${installed.command} ${installed.spec}\` in ${shortPath(build!.dockerfile.source.uri)} (line ${installed.run.range.start.line + 1}) installs it`,
      location: { uri: build!.dockerfile.source.uri, range: installed.run.range },
    });
  }
  const fact = imageSignalFact(image, images);
  const runs = fact?.runs;
  if (runs && !found.some((candidate) => candidate.server.id === runs)) {
    const per = fact.official ? '' : `, per ${fact.source}`;
    found.push({
      server: serverById(runs),
      // Official entrypoints exec the server (FACTS §6), and an entry's `runs` says it is the main process:
      // it is PID 1 unless a command of our own replaced it.
      confidence: overridden || found.length > 0 ? 'likely' : 'certain',
      pid1: !overridden,
      rewrites: new Map(),
      reason: build ? `the base image \`${image}\` of ${shortPath(build.dockerfile.source.uri)} runs it${per}` : `the image \`${image}\` runs it${per}`,
    });
  }
  return found;
}

/** What decides a container's process: the Kubernetes fields that override the image's (none for an image alone). */
export interface ProcessOverrides {
  command?: string[];
  args?: string[];
}

/**
 * The server a container (or an image) runs: its `command`/`args`, else the CMD/ENTRYPOINT of the
 * workspace Dockerfile that builds the image, else what the image is known to run (an official
 * image, the one server package its Dockerfile installs). Undefined when that is unclear.
 */
export function serverOf(image: string | undefined, build: ImageBuild | undefined, images: ImageEntries, overrides: ProcessOverrides = {}): RecognisedServer | undefined {
  const baseImage = build ? rootImage(build.stage) : image ?? '';
  const process = build ? effectiveProcess(build.stage) : undefined;
  const entrypoint = build && process?.entrypoint && instructionArgv(build.stage, process.entrypoint);
  const cmd = build && process?.cmd && instructionArgv(build.stage, process.cmd);
  let argv: string[] | undefined;
  let reason = '';
  let location: RecognisedServer['location'];
  if (overrides.command) {
    argv = [...overrides.command, ...(overrides.args ?? [])];
    reason = 'its command runs';
  } else if (overrides.args) {
    // Without a visible ENTRYPOINT, assume one that execs its arguments, as official images' do (FACTS §6).
    argv = [...(entrypoint ?? []), ...overrides.args];
    reason = 'its args run';
  } else if (build && process && (entrypoint || cmd)) {
    // A shell-form ENTRYPOINT ignores CMD.
    argv = [...(entrypoint ?? []), ...(process.entrypoint?.form === 'shell' ? [] : cmd ?? [])];
    const instruction = process.entrypoint ?? process.cmd!;
    reason = `the ${instruction.keyword} of ${shortPath(build.dockerfile.source.uri)} (line ${instruction.range.start.line + 1}) runs`;
    location = { uri: build.dockerfile.source.uri, range: instruction.range };
  }
  if (argv) {
    const reading = readArgv(argv, baseImage);
    if (reading.kind === 'server') return fromReading(reading, reason, location);
  }
  const candidates = serversOfImage(baseImage, build, argv !== undefined, images);
  return candidates.length === 1 ? candidates[0] : undefined;
}

/** The signal a server finally receives when an init rewrites it on the way (dumb-init `--rewrite 15:3`, FACTS §8). */
export function deliveredSignal(signal: string, rewrites: Map<number, number>): string {
  const number = signalNumber(canonicalSignal(signal) ?? signal);
  const rewritten = number === undefined ? undefined : rewrites.get(number);
  return rewritten === undefined ? signal : canonicalSignal(String(rewritten)) ?? signal;
}
