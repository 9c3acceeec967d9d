import { baseName as baseNameOf } from '../detect';
import { initCommandIndex, initOf, signalsGroup } from '../knowledge/inits';
import { commandWords, parseShell, topLevelStatements, withShellTree } from '../parse/shell';
import { programName } from '../parse/shell-steps';
import { SourceText } from '../source';
import type { DockerfileModel, DockerStage, ProcessInstruction } from './dockerfile';
import { effectiveProcess, finalStage } from './dockerfile-image';
import { imageFileOrigin, type ImageFileOrigin } from './image-files';
import { normalizeImagePath, resolveImagePath } from './image-path';
import { instructionArgv, shortPath } from './server-process';
import type { ScriptCommand, ShellFile } from './shell';
import { lastCommandNode } from './shell-exec';
import { shellInvocation } from './shell-invocation';

/**
 * The chain Dockerfile → ENTRYPOINT/CMD → entry script: which shell file of the workspace an image
 * runs as its main process, and, the other way round, which Dockerfile instructions run a script.
 * Resolved only when unambiguous: the program word names a path (or a name found in the PATH
 * folders) that a COPY or ADD of the build context fills with that very file.
 */

export interface EntryScriptRun {
  dockerfile: DockerfileModel;
  /** The final stage: the image `docker build` produces. */
  stage: DockerStage;
  /** The ENTRYPOINT or CMD whose word names the script. */
  instruction: ProcessInstruction;
  /** The word as written: "docker-entrypoint.sh", "./start.sh". */
  word: string;
  /** Where the script is in the image: "/usr/local/bin/docker-entrypoint.sh". */
  imagePath: string;
  script: ShellFile;
  /** An init (tini, dumb-init) is PID 1 and runs the script as its child. */
  init?: { name: string; signalsGroup: boolean };
}

/** The folders of the default PATH of Linux images (Docker's default when the image sets none). */
const defaultPath = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];

interface Word {
  text: string;
  instruction: ProcessInstruction;
}

interface Program {
  word: Word;
  init?: EntryScriptRun['init'];
}

/** The program an argv finally runs, seen through inits, `gosu`/`su-exec`, `env` and `sh [-c]`. */
function programOf(words: Word[], found: Omit<Program, 'word'> = {}, depth = 0): Program | undefined {
  if (words.length === 0 || depth > 5) return undefined;
  const argv = words.map((word) => word.text);
  const program = programName(argv[0]);
  const init = initOf(argv[0]);
  if (init) {
    return programOf(words.slice(initCommandIndex(init, argv)), { ...found, init: { name: init.name, signalsGroup: signalsGroup(argv) } }, depth + 1);
  }
  if (program === 'gosu' || program === 'su-exec') return programOf(words.slice(2), found, depth + 1);
  if (program === 'exec') return programOf(words.slice(1), found, depth + 1);
  if (program === 'env') {
    const command = argv.findIndex((word, index) => index > 0 && !word.startsWith('-') && !word.includes('='));
    return command > 0 ? programOf(words.slice(command), found, depth + 1) : undefined;
  }
  const invocation = shellInvocation(argv);
  if (invocation) {
    if (invocation.unknownOption) return undefined;
    if (invocation.commandMode) {
      const command = invocation.script && lastCommandWords(invocation.script.text);
      const instruction = words[invocation.script?.index ?? 0].instruction;
      return command ? programOf(command.map((text) => ({ text, instruction })), found, depth + 1) : undefined;
    }
    // `sh [options] /start.sh`: the first operand after the options (and after `busybox sh`) is the script file.
    const first = program === 'busybox' ? 2 : 1;
    const operand = words.findIndex((word, index) => index >= first && !/^[-+]/.test(word.text)
      && !/^[-+][a-zA-Z]*[oO]$|^--(rcfile|init-file)$/.test(argv[index - 1]));
    return operand > 0 ? { ...found, word: words[operand] } : undefined;
  }
  return { ...found, word: words[0] };
}

/** The words of the last command a `sh -c` script runs, when they are all literal. */
function lastCommandWords(script: string): string[] | undefined {
  return withShellTree(script, (root) => {
    if (root.hasError) return undefined;
    const last = lastCommandNode(topLevelStatements(root));
    return last ? commandWords(last)?.words : undefined;
  });
}

/** The path the program word runs in the image: a path as is (relative to the WORKDIR), a bare name through PATH. */
function imagePathOf(dockerfile: DockerfileModel, stage: DockerStage, word: string, uris: string[]): { path: string; origin: ImageFileOrigin } | undefined {
  if (!word || word.includes('$')) return undefined;
  if (word.includes('/')) {
    if (!word.startsWith('/') && stage.workdir === undefined) return undefined;
    const path = word.startsWith('/') ? normalizeImagePath(word) : resolveImagePath(stage.workdir!, word);
    const origin = imageFileOrigin(dockerfile, stage, path, uris);
    return origin && { path, origin };
  }
  // The first PATH folder that a COPY fills with the name decides, as the kernel's lookup would.
  for (const folder of defaultPath) {
    const path = `${folder}/${word}`;
    const origin = imageFileOrigin(dockerfile, stage, path, uris);
    if (origin) return { path, origin };
  }
  return undefined;
}

/**
 * The workspace scripts the image of a Dockerfile runs: the program of its ENTRYPOINT (with the CMD
 * as arguments), and the CMD's program when an exec-form ENTRYPOINT runs it (`exec "$@"`).
 */
export function entryScriptsOf(dockerfile: DockerfileModel, scripts: ShellFile[]): EntryScriptRun[] {
  const stage = finalStage(dockerfile);
  // Without a workspace script there is nothing to find, and finding it walks every COPY of the FROM chain.
  if (!stage || scripts.length === 0) return [];
  const { entrypoint, cmd } = effectiveProcess(stage);
  const wordsOf = (instruction: ProcessInstruction | undefined): Word[] =>
    instruction ? instructionArgv(stage, instruction).map((text) => ({ text, instruction })) : [];
  // A shell-form ENTRYPOINT ignores CMD.
  const cmdWords = entrypoint?.form === 'shell' ? [] : wordsOf(cmd);
  const programs = [programOf([...wordsOf(entrypoint), ...cmdWords])];
  if (entrypoint?.form === 'exec' && cmdWords.length > 0) programs.push(programOf(cmdWords));
  const uris = scripts.map((script) => script.source.uri);
  const runs: EntryScriptRun[] = [];
  for (const program of programs) {
    if (!program) continue;
    const found = imagePathOf(dockerfile, stage, program.word.text, uris);
    if (found?.origin.kind !== 'context') continue;
    const { uri } = found.origin;
    const script = scripts.find((candidate) => candidate.source.uri === uri)!;
    if (runs.some((run) => run.script === script)) continue;
    runs.push({
      dockerfile, stage, instruction: program.word.instruction, word: program.word.text, imagePath: found.path, script, init: program.init,
    });
  }
  return runs;
}

/** A `sh -c` script an image runs as its main process. */
export interface InlineScript {
  /** The instruction that holds the script. */
  instruction: ProcessInstruction;
  script: ShellFile;
  init?: EntryScriptRun['init'];
  /** The shell as the argv names it: "/bin/sh", "bash". */
  shell: string;
  /** The instruction holds the whole command, shell and script: it can be replaced as a whole. */
  whole: boolean;
}

/**
 * The script an image runs inline as its main process: a shell-form CMD or ENTRYPOINT, or an exec
 * form that starts `sh -c` (behind an init or not), parsed like a script file.
 */
export function inlineScriptOf(dockerfile: DockerfileModel): InlineScript | undefined {
  const stage = finalStage(dockerfile);
  if (!stage) return undefined;
  const { entrypoint, cmd } = effectiveProcess(stage);
  const words: Word[] = [entrypoint, entrypoint?.form === 'shell' ? undefined : cmd]
    .flatMap((instruction) => (instruction ? instructionArgv(stage, instruction).map((text) => ({ text, instruction })) : []));
  let init: EntryScriptRun['init'];
  let index = 0;
  const first = initOf(words[0]?.text ?? '');
  if (first) {
    init = { name: first.name, signalsGroup: signalsGroup(words.map((word) => word.text)) };
    index = words.findIndex((word) => word.text === '--') + 1 || 1;
  }
  const invocation = shellInvocation(words.slice(index).map((word) => word.text));
  if (!invocation?.script || invocation.unknownOption) return undefined;
  const instruction = words[index + invocation.script.index].instruction;
  const script = parseShell(new SourceText(`${dockerfile.source.uri}#${instruction.keyword}`, invocation.script.text));
  return { instruction, script, init, shell: invocation.program, whole: words.every((word) => word.instruction === instruction) };
}

/** The Dockerfile instructions of the workspace that run `script` as an image's main process. */
export function runsOfScript(script: ShellFile, dockerfiles: DockerfileModel[], scripts: ShellFile[]): EntryScriptRun[] {
  return dockerfiles.flatMap((dockerfile) => entryScriptsOf(dockerfile, scripts)).filter((run) => run.script.source.uri === script.source.uri);
}

/** "docker-entrypoint.sh is the ENTRYPOINT of php/Dockerfile (line 13)", for messages. */
export function describeRun(run: EntryScriptRun): string {
  const name = baseNameOf(run.script.source.uri);
  const under = run.init ? `, under ${run.init.name}` : '';
  return `${name} is the ${run.instruction.keyword} of ${shortPath(run.dockerfile.source.uri)} (line ${run.instruction.range.start.line + 1}${under})`;
}

/**
 * How messages name a command of an entry script: as written, with the CMD that `"$@"` stands for
 * when an ENTRYPOINT runs the script (`viaEntrypoint`); and a short name for the program (its own,
 * or the CMD's).
 */
export function commandLabel(command: ScriptCommand, stage: DockerStage | undefined, viaEntrypoint: boolean): { label: string; short: string } {
  const written = `\`${command.nameText}\``;
  if (command.name) return { label: written, short: `\`${programName(command.name)}\`` };
  const cmd = stage && viaEntrypoint && /^"\$[@*]"$|^\$[@*]$/.test(command.nameText) ? effectiveProcess(stage).cmd : undefined;
  const words = cmd && (cmd.argv ?? cmd.shellCommand?.trim().split(/\s+/));
  if (!cmd || !words?.[0]) return { label: written, short: written };
  return { label: `${written} (the CMD \`${words.join(' ')}\`)`, short: `\`${programName(words[0])}\`` };
}
