import { isShortLived } from '../../knowledge/short-lived-commands';
import { rootImage } from '../../model/dockerfile-image';
import { commandLabel } from '../../model/entry-script';
import { keepAliveKind, serverJobs } from '../../model/script-process';
import { defineRule } from '../rule';
import { entryScriptRole, type EntryScriptRole } from './entry-script-role';

const phpDockerfile = 'FROM php:8.3-fpm\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["php-fpm"]\n';

export default defineRule({
  meta: {
    id: 'shell/missing-exec',
    language: 'shell',
    defaultSeverity: 'warning',
    summary: 'Finds entry scripts whose last, long-running command is not run with `exec`, so the shell stays PID 1 and swallows the stop signal.',
    rationale: [
      'An entry script runs as the container\'s PID 1. When its last command is the server without `exec`, the shell',
      'stays PID 1 and the server is its child. The stop signal goes to PID 1 only; a shell has no handler for SIGTERM and',
      'the kernel drops signals that PID 1 does not handle, and the shell does not pass it on either (FACTS §8). The server',
      'never learns that the pod is stopping and is SIGKILLed at the end of the grace period, with every request in flight.',
      'The same happens to an image\'s own STOPSIGNAL (SIGQUIT for `php:*-fpm` and `nginx`): it reaches the shell, not the',
      'server (FACTS §6, §12.11). `exec server` (or `exec "$@"`, `exec gosu app "$@"`) makes the shell replace itself, as',
      'the official images\' entrypoints do (FACTS §6, §12.8). Under tini or dumb-init the shell is not PID 1, but the',
      'signal then kills the shell, the init exits with it and the kernel kills the server (FACTS §8).',
      '',
      'Which files are entry scripts: those a Dockerfile of the workspace runs as ENTRYPOINT or CMD, found through its',
      'COPY/ADD instructions (a warning that names the Dockerfile line), and, as a hint, files named like one',
      '(`docker-entrypoint.sh`, `entrypoint.sh`, `*-entrypoint`) that no Dockerfile of the workspace copies. Not reported:',
      'a script that ends with `exec`, with a short-lived command (`echo`, `service nginx start`), with a keep-alive',
      '(`shell/keepalive-loop`), with anything but a command (an `if`, a loop, a pipeline), one that starts background',
      'jobs (`shell/background-without-trap`), and one that other scripts read with `.`.',
    ].join('\n'),
    facts: ['6', '8', '12.8', '12.11'],
    examples: {
      incorrect: [{
        description: 'The ENTRYPOINT of the Dockerfile: `"$@"` (php-fpm) runs as a child of the shell, and the image\'s SIGQUIT is lost.',
        filename: 'docker-entrypoint.sh',
        code: '#!/bin/sh\nset -e\nphp artisan config:cache\n"$@"\n',
        otherFiles: [{ filename: 'Dockerfile', code: phpDockerfile }],
      }, {
        description: 'Named like an entry script: a hint.',
        code: '#!/bin/sh\nnode migrate.js\nnode server.js\n',
      }],
      correct: [{
        description: 'The docker-library pattern: the shell replaces itself with the command.',
        filename: 'docker-entrypoint.sh',
        code: '#!/bin/sh\nset -e\nif [ "${1#-}" != "$1" ]; then\n\tset -- php-fpm "$@"\nfi\nexec "$@"\n',
        otherFiles: [{ filename: 'Dockerfile', code: phpDockerfile }],
      }, {
        description: 'Dropping privileges with gosu, then exec.',
        code: '#!/bin/bash\nset -e\nchown -R app /data\nexec gosu app "$@"\n',
      }, {
        description: 'A build script is not an entry script.',
        filename: 'build.sh',
        code: '#!/bin/sh\nnpm ci\nnpm run build\n',
      }],
    },
    fix: {
      description: 'Puts `exec ` before the last command.',
      safety: 'safe',
      safetyNote: 'The command runs exactly as before, as the same process, only without the shell around it; nothing ran '
        + 'after it. Unsafe when the script sets a trap (`exec` drops it: an EXIT cleanup no longer runs) or the command is '
        + 'in a function (it may be called elsewhere too).',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#entrypoint',
      'https://github.com/docker-library/official-images#consistency',
      'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html',
    ],
  },
  check(ctx) {
    const file = ctx.model;
    if (file.hasSyntaxErrors) return;
    const command = file.process.ending?.command;
    if (!command || command.execs || command.background || command.nameText === '') return;
    if ((command.name && isShortLived(command.name)) || keepAliveKind(command)) return;
    // With background jobs an `exec` is not the fix: background-without-trap and docker/no-init say what is.
    if (serverJobs(file.process).length > 0) return;
    const role = entryScriptRole(file, ctx.workspace, ctx.settings.images);
    if (!role) return;
    const run = role.runs[0];
    const { label, short } = commandLabel(command, run?.stage, run?.instruction.keyword === 'ENTRYPOINT');
    const safe = file.process.traps.length === 0 && !command.inFunction;
    ctx.report({
      range: command.range,
      severity: role.severity,
      message: `${label} is not run with \`exec\`. ${consequence(role, short)} Put \`exec\` before it.`,
      fix: command.assignments ? undefined : {
        title: `Put \`exec\` before \`${command.nameText}\``,
        safety: safe ? 'safe' : 'unsafe',
        edits: () => {
          const at = file.source.positionAt(command.nameStart);
          return { [file.source.uri]: [{ range: { start: at, end: at }, newText: 'exec ' }] };
        },
      },
      related: role.related,
    });
  },
});

function consequence(role: EntryScriptRole, program: string): string {
  const run = role.runs[0];
  const origin = role.stopSignal?.origin;
  const signal = role.signal === 'SIGTERM' || !origin ? role.signal
    : `${role.signal} (the image's stop signal, ${origin.kind === 'dockerfile' ? `STOPSIGNAL in line ${origin.range.start.line + 1}` : `inherited from \`${run.stage ? rootImage(run.stage) : ''}\``})`;
  if (run?.init) {
    return `${role.where}; ${run.init.name} passes ${signal} to the shell, which dies of it `
      + (run.init.signalsGroup ? `while ${program} has only just received it; ` : 'without passing it on; ')
      + `${run.init.name} then exits and the kernel kills ${program} with its requests in flight.`;
  }
  return `${role.where}, so the shell stays PID 1 with ${program} as its child: it ignores ${signal} and does not pass it on, `
    + `and ${program} is SIGKILLed at the end of the grace period with its requests in flight.`;
}
