import { processShell } from '../knowledge/shells';
import { effectiveProcess, rootImage, shellFor, stageOf } from '../model/dockerfile-image';
import { entryScriptsOf } from '../model/entry-script';
import { imageShell } from '../model/image-shell';
import { workspaceBuildOf } from '../model/image-source';
import type { Container } from '../model/kubernetes';
import type { ShellFile } from '../model/shell';
import { containerArgv, shellInvocation } from '../model/shell-invocation';
import { lastCommandNode, shellExecsLast } from '../model/shell-exec';
import { topLevelStatements, withShellTree } from '../parse/shell';
import type { ShellFlavour } from '../knowledge/base-images';
import type { SourceLocation } from '../types';
import type { TimelineContext } from './timeline';

/**
 * Which process the stop signal reaches (FACTS §8): the server itself, or a shell that stays PID 1
 * and neither handles nor forwards it. 'unknown' when neither the manifest nor a workspace
 * Dockerfile says what runs.
 */
export type SignalReceiver =
  | { kind: 'server'; why: string; location?: SourceLocation }
  | { kind: 'shell'; why: string; location?: SourceLocation }
  | { kind: 'unknown'; why: string; location?: SourceLocation };

/**
 * Whether `sh -c SCRIPT` leaves the shell as PID 1, by what the script ends with and which shell
 * runs it (model/shell-exec.ts, FACTS §8); undefined when that depends on a shell we do not know.
 */
function scriptKeepsShell(script: string, flavour: ShellFlavour | undefined): boolean | undefined {
  return withShellTree(script, (root) => {
    if (root.hasError) return undefined;
    const statements = topLevelStatements(root);
    const last = lastCommandNode(statements);
    if (!last) return true;
    if (last.type === 'command' && last.childForFieldName('name')?.text === 'exec') return false;
    if (flavour !== undefined) return !shellExecsLast(root, statements, last, flavour);
    // Unknown shell: only when even BusyBox ash, the most willing, would keep itself is the answer certain.
    return shellExecsLast(root, statements, last, 'ash') ? undefined : true;
  });
}

/** What an entry script of the workspace does with the signal, by how it ends (model/shell.ts). */
function scriptReceiver(word: string, script: ShellFile): SignalReceiver {
  const location = { uri: script.source.uri, range: script.process.ending?.command.range ?? script.source.rangeOf(0, 0) };
  const ending = script.process.ending?.command;
  if (!ending || script.hasSyntaxErrors) return { kind: 'unknown', why: `the entry script \`${word}\` does not end with a plain command`, location };
  if (ending.execs) return { kind: 'server', why: `the entry script \`${word}\` ends with \`exec\``, location };
  if (script.process.traps.length > 0) return { kind: 'unknown', why: `the entry script \`${word}\` sets a trap`, location };
  return { kind: 'shell', why: `the entry script \`${word}\` runs its last command without \`exec\``, location };
}

export function signalReceiver(container: Container, context: TimelineContext): SignalReceiver {
  const argv = containerArgv(container);
  const dockerfiles = context.workspace.dockerfiles();
  if (argv && argv.length > 0) {
    const script = shellInvocation(argv)?.script;
    if (!script) return { kind: 'server', why: `\`${argv[0]}\` is PID 1 (the container's command)` };
    const keeps = scriptKeepsShell(script.text, imageShell(container.image, dockerfiles)?.flavour);
    if (keeps === undefined) return { kind: 'unknown', why: `\`${argv[0]} -c\` with a single command, in an image whose shell is not known` };
    return keeps
      ? { kind: 'shell', why: `\`${argv[0]} -c\` without \`exec\` in the container's command` }
      : { kind: 'server', why: 'the shell of the container\'s command replaces itself with the server' };
  }
  const build = workspaceBuildOf(container.image, dockerfiles);
  if (!build) return { kind: 'unknown', why: 'the image\'s own command (not in the workspace)' };
  const { entrypoint, cmd } = effectiveProcess(build.stage);
  const first = entrypoint ?? cmd;
  if (!first) return { kind: 'unknown', why: `${build.reason} sets no CMD or ENTRYPOINT` };
  const location = { uri: build.dockerfile.source.uri, range: first.range };
  if (first.form === 'exec') {
    const program = first.argv?.[0] ?? '';
    const run = entryScriptsOf(build.dockerfile, context.workspace.shellFiles()).find((candidate) => candidate.instruction === first);
    if (run) return scriptReceiver(run.word, run.script);
    // An entry script we cannot read is PID 1 too: whether the signal gets further depends on what it does.
    return /\.sh$|entrypoint|^(sh|bash|dash|ash)$|\/(sh|bash|dash|ash)$/.test(program)
      ? { kind: 'unknown', why: `\`${program}\` is PID 1 (${first.keyword} in exec form): a script, which passes the signal on only if it \`exec\`s the server or traps and forwards it`, location }
      : { kind: 'server', why: `\`${program}\` is PID 1 (${first.keyword} in exec form)`, location };
  }
  const owner = stageOf(build.dockerfile, first) ?? build.stage;
  const shell = processShell(shellFor(owner, first.range.start.line), rootImage(build.stage));
  const keeps = scriptKeepsShell(first.shellCommand ?? '', shell.flavour);
  if (keeps === undefined) return { kind: 'unknown', why: `${first.keyword} in shell form, and /bin/sh of \`${rootImage(build.stage)}\` is not known` };
  return keeps
    ? { kind: 'shell', why: `${first.keyword} in shell form: ${shell.path}${shell.description ? ` (${shell.description})` : ''} stays PID 1`, location }
    : { kind: 'server', why: `${first.keyword} in shell form, which ${shell.description ?? shell.path} replaces with the command`, location };
}
