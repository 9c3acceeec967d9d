import type { DockerfileModel, DockerStage, ProcessInstruction } from '../../model/dockerfile';
import { effectiveProcess, finalStage, rootImage, shellFor, stageOf } from '../../model/dockerfile-image';
import { processShell, type ProcessShell } from '../../knowledge/shells';
import { commandShape, type CommandShape } from '../../parse/shell-command';
import type { Severity, TextEdit } from '../../types';
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
      'single simple command, but not once there is a list, a pipeline, a trap or a redirection. When the shell stays, it',
      'is PID 1: it has no handler for SIGTERM, so the kernel drops the signal (FACTS §8, pid_namespaces(7)), the server',
      'never hears it and finishes only when SIGKILL arrives at the end of the grace period, dropping every open',
      'connection. A shell-form ENTRYPOINT also ignores CMD and `docker run` arguments.',
      '',
      'Only the instructions the final image runs with are checked: the last CMD and ENTRYPOINT of the final stage,',
      'following `FROM <stage>` to earlier stages. `CMD exec server` is fine: the shell replaces itself.',
    ].join('\n'),
    facts: ['5', '8', '12.7', '12.11'],
    examples: {
      incorrect: [{
        description: "Debian's dash stays PID 1 and the server never sees SIGTERM.",
        code: 'FROM python:3.12-slim\nCOPY . /app\nCMD gunicorn --bind 0.0.0.0:8000 app:app\n',
      }, {
        description: 'A list of commands keeps the shell as PID 1 on every base image.',
        code: 'FROM php:8.3-fpm-alpine\nCMD php-fpm -D && nginx -g "daemon off;"\n',
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
    const owner = stageOf(ctx.model, target) ?? stage;
    const shell = processShell(shellFor(owner, target.range.start.line), rootImage(stage));
    if (shell.windows) return;
    const shape = commandShape(target.shellCommand ?? '');
    if (shape.kind === 'exec') return;
    ctx.report(finding(ctx.model, owner, target, shape, shell, target === entrypoint && cmd !== undefined));
  },
});

function finding(
  model: DockerfileModel, stage: DockerStage, instruction: ProcessInstruction, shape: Exclude<CommandShape, { kind: 'exec' }>,
  shell: ProcessShell, cmdInEffect: boolean,
): Report {
  const base = rootImage(stage);
  const shellName = shell.description ? `${shell.path} (${shell.description})` : shell.path;
  const keyword = instruction.keyword;
  const replace = (newArguments: string[]): TextEdit[] => [{ range: instruction.argumentsRange, newText: execForm(newArguments) }];
  const edits = (list: TextEdit[]) => () => ({ [model.source.uri]: list });
  // Comment lines inside a continued instruction would be lost by rewriting it: offer nothing then.
  const rewritable = !/\n[ \t]*#/.test(instructionText(model, instruction));

  if (shell.flavour === 'none') {
    return {
      range: instruction.range,
      severity: 'error',
      message: `${keyword} is in shell form but \`${base}\` has no shell: the container cannot start ("/bin/sh: no such file"). Use exec form.`,
      fix: shape.kind === 'simple' && rewritable
        ? { title: 'Convert to exec form', safety: cmdInEffect ? 'unsafe' : 'safe', edits: edits(replace(shape.words)) } : undefined,
    };
  }

  if (shape.kind === 'simple') {
    const program = shape.words[0];
    const execsSingleCommand = shell.flavour === 'bash' || shell.flavour === 'ash';
    const severity: Severity | undefined = execsSingleCommand ? 'hint' : undefined;
    const why = execsSingleCommand
      ? `${shellName} happens to replace itself with a single simple command, so \`${program}\` is PID 1 today; add a second `
        + 'command, a trap or a redirection and the shell stays PID 1 and swallows SIGTERM. Exec form says what you mean.'
      : shell.flavour === 'dash'
        ? `${shellName} stays PID 1 and runs \`${program}\` as its child; it ignores SIGTERM and does not forward it, so `
          + `\`${program}\` is SIGKILLed at the end of the grace period with its connections open.`
        : `${shellName} of \`${base}\` is not known here. If it is dash (Debian, Ubuntu and most official images) it stays `
          + `PID 1, ignores SIGTERM and never forwards it, so \`${program}\` is SIGKILLed at the end of the grace period.`;
    const fix: FixSpec | undefined = rewritable ? {
      title: 'Convert to exec form',
      safety: cmdInEffect ? 'unsafe' : 'safe',
      edits: edits(replace(shape.words)),
    } : undefined;
    return { range: instruction.range, severity, message: `${keyword} is in shell form: ${why}`, fix };
  }

  const suggestions: FixSpec[] = [];
  if (shape.execOffset !== undefined && rewritable) {
    const command = instruction.shellCommand ?? '';
    const script = `${command.slice(0, shape.execOffset)}exec ${command.slice(shape.execOffset)}`.trim();
    const shellArgv = shellFor(stage, instruction.range.start.line) ?? ['/bin/sh', '-c'];
    suggestions.push({
      title: `Run the last command with exec: ${keyword} [${[...shellArgv.map((word) => JSON.stringify(word)), '…'].join(', ')}]`,
      safety: 'unsafe',
      edits: edits(replace([...shellArgv, script])),
    });
  }
  return {
    range: instruction.range,
    message: `${keyword} is in shell form with ${shape.description}: ${shellName} stays PID 1, ignores SIGTERM and does not `
      + 'forward it, so the server is SIGKILLed at the end of the grace period with its connections open. '
      + (shape.execOffset !== undefined ? 'Put `exec` before the last command, or move the commands into an entry script that ends with `exec`.'
        : 'Move the commands into an entry script that forwards signals (trap and wait) or ends with `exec`, or run them under an init such as tini.'),
    suggestions,
  };
}

function execForm(argv: string[]): string {
  return `[${argv.map((word) => JSON.stringify(word)).join(', ')}]`;
}

function instructionText(model: DockerfileModel, instruction: ProcessInstruction): string {
  const { start, end } = instruction.argumentsRange;
  return model.source.text.slice(model.source.offsetAt(start), model.source.offsetAt(end));
}
