import { argumentsRewritable, execFormEdit } from '../../fix/exec-form';
import { processShell, type ProcessShell } from '../../knowledge/shells';
import { isWindowsImage } from '../../knowledge/windows-images';
import type { DockerfileModel, DockerStage, ProcessInstruction } from '../../model/dockerfile';
import { effectiveProcess, finalStage, rootImage, shellFor, stageOf } from '../../model/dockerfile-image';
import { lastCommandNode, shellExecsLast } from '../../model/shell-exec';
import { readMeantExecForm } from '../../parse/exec-form';
import { topLevelStatements, withShellTree } from '../../parse/shell';
import { commandShape, type CommandShape } from '../../parse/shell-command';
import type { Severity } from '../../types';
import { defineRule, type FixSpec, type Report } from '../rule';

export default defineRule({
  meta: {
    id: 'docker/shell-form',
    language: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'Finds the CMD or ENTRYPOINT an image runs with written in shell form, which leaves a shell as PID 1.',
    rationale: [
      'A shell-form `CMD server --flag` runs as `/bin/sh -c "server --flag"`. Whether the shell then replaces itself with',
      'the server depends on which shell `/bin/sh` is (FACTS §8): Debian\'s and Ubuntu\'s dash (the `/bin/sh` of `debian`,',
      '`ubuntu`, `node`, `python`, `ruby`, `openjdk` and most official images) never does; bash and BusyBox ash do for a',
      'single simple command, but not once there is a trap, a redirection or a command after it (ash and bash 5.1+ also',
      'replace themselves with the last command of a list). When the shell stays, it is PID 1: it has no handler for',
      'SIGTERM, so the kernel drops the signal (FACTS §8, pid_namespaces(7)), the server never hears it and finishes only',
      'when SIGKILL arrives at the end of the grace period, dropping every open connection. A shell-form ENTRYPOINT also',
      'ignores CMD and `docker run` arguments.',
      '',
      'So a list, a pipeline or background jobs are a warning on every base image, and so is a single command on dash or',
      'on a base image whose shell is not known; a single command on a shell that replaces itself with it works today and',
      'is only a hint. The shell is the one `SHELL` sets, else the base image\'s `/bin/sh` (FROM followed through earlier',
      'stages). `CMD exec server` is fine: the shell replaces itself. Only the instructions the final image runs with are',
      'checked: the last CMD and ENTRYPOINT of the final stage, following `FROM <stage>` to earlier stages. Windows images',
      '(`cmd /S /C`, or `SHELL ["powershell", …]`) stop without POSIX signals and are left alone. Exec form written with',
      'single quotes or other invalid JSON (`CMD [\'node\', \'app.js\']`) is also shell form to Docker, but it was meant as',
      'exec form: `docker/exec-form-malformed` reports it, with the JSON array as the fix, and this rule does not.',
    ].join('\n'),
    facts: ['5', '8', '12.7', '12.11'],
    examples: {
      incorrect: [{
        description: "Debian's dash stays PID 1 and the server never sees SIGTERM.",
        code: 'FROM python:3.12-slim\nCOPY . /app\nCMD gunicorn --bind 0.0.0.0:8000 app:app\n',
      }, {
        description: 'A list of commands: dash stays PID 1 and swallows SIGTERM; on any shell, what `php-fpm -D` leaves running gets no signal.',
        code: 'FROM php:8.3-fpm\nCMD php-fpm -D && nginx -g "daemon off;"\n',
      }],
      correct: [{
        description: 'Exec form: the server is PID 1 and gets the stop signal.',
        code: 'FROM python:3.12-slim\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n',
      }, {
        description: '`exec` makes the shell replace itself with the server.',
        code: 'FROM python:3.12-slim\nCMD exec gunicorn --bind "0.0.0.0:$PORT" app:app\n',
      }, {
        description: 'A CMD in a build stage is never run.',
        code: 'FROM node:20 AS build\nCMD npm test\nFROM nginx:1.27\nCOPY --from=build /app/dist /usr/share/nginx/html\n',
      }],
    },
    fix: {
      description: 'Rewrites a single command whose words are all literal in exec form (`CMD ["gunicorn", "app:app"]`). '
        + 'For anything with shell syntax it suggests `["/bin/sh", "-c", "… exec last-command"]`, which keeps the shell '
        + 'for the setup but lets the last command replace it.',
      safety: 'safe',
      safetyNote: 'Exec form runs exactly the same argv without a shell; it is only offered when no word needs the shell '
        + '(no variables, globs, quotes with escapes, redirections). Converting an ENTRYPOINT while a CMD is in effect is '
        + 'unsafe: exec-form ENTRYPOINT receives CMD as arguments, which shell form ignored. The `sh -c … exec` suggestion is '
        + 'unsafe: nothing after the last command runs any more (an EXIT trap), and that command now receives the signals.',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#shell-and-exec-form',
      'https://docs.docker.com/reference/build-checks/json-args-recommended/',
      'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html',
    ],
  },
  check(ctx) {
    const stage = finalStage(ctx.model);
    if (!stage) return;
    const { entrypoint, cmd } = effectiveProcess(stage);
    // A shell-form ENTRYPOINT ignores CMD; otherwise the CMD is what runs (alone, or as the ENTRYPOINT's arguments).
    const target = entrypoint?.form === 'shell' ? entrypoint : cmd?.form === 'shell' ? cmd : undefined;
    // A half-typed `CMD` with nothing after it runs nothing yet: nothing to say.
    if (!target || !target.shellCommand?.trim()) return;
    // Exec form gone wrong is docker/exec-form-malformed's: the fix is the JSON array its author meant.
    if (readMeantExecForm(target.shellCommand)) return;
    const owner = stageOf(ctx.model, target) ?? stage;
    const shellArgv = shellFor(owner, target.range.start.line);
    // Without SHELL, Windows images run shell form with `cmd /S /C` and stop without POSIX signals.
    if (!shellArgv && isWindowsImage(rootImage(stage))) return;
    const shell = processShell(shellArgv, rootImage(stage));
    if (shell.windows) return;
    const shape = commandShape(target.shellCommand);
    if (shape.kind === 'exec') return;
    const line = readCommandLine(target.shellCommand, shell);
    // What the shell would make of a line it cannot parse (`CMD [`, half-typed) is not known: say nothing.
    if (!line.readable) return;
    const underEntrypoint = target === cmd && entrypoint?.form === 'exec' ? entrypoint.argv?.[0] : undefined;
    ctx.report(finding(ctx.model, owner, target, shape, shell, { cmdInEffect: target === entrypoint && cmd !== undefined, underEntrypoint, line }));
  },
});

/** How the shell runs the command line: the program it ends with and whether it replaces itself with it (FACTS §8). */
interface CommandLine {
  /** The shell parser read it; a line it cannot read (half-typed) is not judged. */
  readable: boolean;
  /** One plain command, variables and quoting allowed (`puma -p $PORT`), nothing around it. */
  single: boolean;
  /** The shell replaces itself with the last command. */
  execsLast: boolean;
  /** bash from 5.1 on replaces itself with the last command of a list too, as BusyBox ash does (FACTS §8); older bash does not. */
  execsLastFromBash51: boolean;
  /** The last command's name as written, for messages. */
  program?: string;
}

function readCommandLine(text: string, shell: ProcessShell): CommandLine {
  return withShellTree(text, (root): CommandLine => {
    const statements = topLevelStatements(root);
    const last = root.hasError ? undefined : lastCommandNode(statements);
    if (!last) return { readable: !root.hasError, single: false, execsLast: false, execsLastFromBash51: false };
    return {
      readable: true,
      single: statements.length === 1 && last === statements[0] && last.type === 'command',
      execsLast: shellExecsLast(root, statements, last, shell.flavour),
      execsLastFromBash51: shell.flavour === 'bash' && shellExecsLast(root, statements, last, 'ash'),
      program: last.type === 'command' ? last.childForFieldName('name')?.text : undefined,
    };
  });
}

interface Situation {
  /** The instruction is an ENTRYPOINT in shell form while a CMD is in effect, which exec form would pass to it. */
  cmdInEffect: boolean;
  /** The program of the exec-form ENTRYPOINT the shell-form CMD runs under. */
  underEntrypoint?: string;
  line: CommandLine;
}

function finding(
  model: DockerfileModel, stage: DockerStage, instruction: ProcessInstruction, shape: Exclude<CommandShape, { kind: 'exec' }>,
  shell: ProcessShell, situation: Situation,
): Report {
  const base = rootImage(stage);
  // "/bin/sh, Debian's dash," (descriptions carry their own parentheses: "BusyBox ash (Alpine)").
  const shellName = shell.description && shell.description !== shell.path.slice(shell.path.lastIndexOf('/') + 1)
    ? `${shell.path}, ${shell.description},` : shell.path;
  const keyword = instruction.keyword;
  const { line, cmdInEffect } = situation;
  const edits = (argv: string[]) => () => ({ [model.source.uri]: [execFormEdit(instruction, argv)] });
  const rewritable = argumentsRewritable(model, instruction);
  const toExecForm: FixSpec | undefined = shape.kind === 'simple' && rewritable
    ? { title: 'Convert to exec form', safety: cmdInEffect ? 'unsafe' : 'safe', edits: edits(shape.words) } : undefined;

  if (shell.flavour === 'none') {
    return {
      range: instruction.range,
      severity: 'error',
      message: `${keyword} is in shell form but \`${base}\` has no shell: the container cannot start ("/bin/sh: no such file"). Use exec form.`,
      fix: toExecForm,
    };
  }

  const suggestions: FixSpec[] = [];
  if (shape.kind === 'compound' && shape.execOffset !== undefined && rewritable) {
    const command = instruction.shellCommand ?? '';
    const script = `${command.slice(0, shape.execOffset)}exec ${command.slice(shape.execOffset)}`.trim();
    const shellArgv = shellFor(stage, instruction.range.start.line) ?? ['/bin/sh', '-c'];
    suggestions.push({
      title: `Run the last command with exec: ${keyword} [${[...shellArgv.map((word) => JSON.stringify(word)), '…'].join(', ')}]`,
      safety: 'unsafe',
      edits: edits([...shellArgv, script]),
    });
  }
  const program = shape.kind === 'simple' ? shape.words[0] : line.program;
  const named = program ? `\`${program}\`` : 'the server';
  // Between the shell and the server there is nothing else; under an ENTRYPOINT (tini, a script) the shell is its child.
  const stays = situation.underEntrypoint ? `stays between the ENTRYPOINT \`${situation.underEntrypoint}\` and ${named}` : 'stays PID 1';
  const swallowed = `${stays}: it gets the stop signal instead of ${named} and does not pass it on, so ${named} is SIGKILLed at `
    + 'the end of the grace period with its connections open';

  if (shape.kind === 'simple' || line.single) {
    const syntax = shape.kind === 'simple' ? '' : ' with shell syntax (expansions or quoting)';
    let severity: Severity | undefined;
    let why: string;
    if (line.execsLast) {
      severity = 'hint';
      why = `${shellName} happens to replace itself with a single simple command, so ${named} gets the stop signal today; add a `
        + 'trap, a redirection or a command after it and the shell stays in between and swallows SIGTERM. '
        + (shape.kind === 'simple' ? 'Exec form says what you mean.' : 'Put `exec` before it to say what you mean.');
    } else if (shell.flavour === 'dash') {
      why = `${shellName} does not replace itself with ${named} and ${swallowed}.`;
    } else if (shell.flavour === 'bash' || shell.flavour === 'ash') {
      why = `${shellName} ${swallowed}.`;
    } else {
      why = `${shellName} of \`${base}\` is not known here. If it is dash (Debian, Ubuntu and most official images) it ${swallowed}.`;
    }
    return { range: instruction.range, severity, message: `${keyword} is in shell form${syntax}: ${why}`, fix: toExecForm, suggestions };
  }

  const remedy = shape.execOffset !== undefined
    ? 'Put `exec` before the last command, or move the commands into an entry script that ends with `exec`.'
    : 'Move the commands into an entry script that forwards signals (trap and wait) or ends with `exec`, or run them under an init such as tini.';
  let why: string;
  if (line.execsLast) {
    why = `${shellName} happens to replace itself with the last command, ${named}, so ${named} gets the stop signal today; but only `
      + 'while nothing follows it and no trap is set (Debian\'s dash never does), and whatever the earlier commands left running '
      + 'gets no signal at all.';
  } else if (line.execsLastFromBash51) {
    why = `bash 5.1 and later replace themselves with the last command, ${named}, but older bash ${swallowed}.`;
  } else if (shell.flavour === undefined) {
    why = `${shellName} of \`${base}\` is not known here; dash (Debian, Ubuntu and most official images) ${swallowed}.`;
  } else {
    why = `${shellName} ${swallowed}.`;
  }
  return { range: instruction.range, message: `${keyword} is in shell form with ${shape.description}: ${why} ${remedy}`, suggestions };
}
