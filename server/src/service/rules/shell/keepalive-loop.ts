import { keepAliveKind, keepAlives, forwardingProblem, scriptBlocker, serverJobs, type Blocker, type KeepAlive } from '../../model/script-process';
import type { ShellFile } from '../../model/shell';
import { defineRule } from '../rule';
import { entryScriptRole } from './entry-script-role';
import { forwardingFixes, jobsPhrase, killedPhrase, problemPhrase, serversOf } from './forwarding-report';

export default defineRule({
  meta: {
    id: 'shell/keepalive-loop',
    language: 'shell',
    defaultSeverity: 'warning',
    summary: 'Finds entry scripts kept alive by `tail -f`, `sleep infinity` or an endless loop while the servers run on their own, with nothing passing the stop signal on.',
    rationale: [
      '`tail -f /dev/null`, `sleep infinity` or `while true; do sleep 5; done` at the end of an entry script keeps the',
      'container running while the real servers run in the background or as daemons. The stop signal then reaches PID 1',
      'only: the shell, which ignores it without a trap (FACTS §8), or, after `exec tail -f /dev/null`, `tail` or `sleep`,',
      'which as PID 1 ignore SIGTERM as well (FACTS §8, verified). Nothing tells the servers to stop; they are SIGKILLed at',
      'the end of the grace period with their requests in flight. A trap does not help while `tail` or `sleep` runs in the',
      'foreground: a shell runs traps only between commands (FACTS §8). A loop of short sleeps (5 s or less) with a trap',
      'that signals the servers and waits for them is fine, and so is `sleep infinity & wait $!` under such a trap.',
      '',
      'Only entry scripts are checked (see `shell/missing-exec`).',
    ].join('\n'),
    facts: ['8', '12.8'],
    examples: {
      incorrect: [{
        description: 'The servers daemonize; `tail` keeps the container alive and nobody stops them.',
        code: '#!/bin/sh\nphp-fpm -D\nnginx\ntail -f /dev/null\n',
      }, {
        description: 'Background jobs and an endless loop.',
        code: '#!/bin/bash\nnode api.js &\nnode worker.js &\nwhile true; do sleep 60; done\n',
      }],
      correct: [{
        description: 'A trap that passes the signal on and waits, and a keep-alive it can interrupt.',
        code: '#!/bin/sh\nnode api.js &\napi=$!\ntrap \'kill -TERM $api; wait $api\' TERM INT\nsleep infinity &\nwait $!\n',
      }, {
        description: 'A development helper that tails a log is not an entry script.',
        filename: 'logs.sh',
        code: '#!/bin/sh\ntail -f /var/log/app.log\n',
      }],
    },
    fix: {
      description: 'When the servers are background jobs: keeps their PIDs, replaces the keep-alive with `wait` for them and '
        + 'inserts before it a trap that sends each its graceful signal and waits (the same code as '
        + '`shell/background-without-trap`); when a Dockerfile runs the script, a suggestion writes that as a new script next to '
        + 'the Dockerfile. Servers that daemonize themselves get no fix: run them in the foreground with `&` first.',
      safety: 'unsafe',
      safetyNote: 'The container then ends when the servers have ended (the keep-alive kept it running even after they died), '
        + 'and the servers get a graceful signal on stop; review it.',
    },
    references: [
      'https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_29',
      'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html',
    ],
  },
  check(ctx) {
    const file = ctx.model;
    if (file.hasSyntaxErrors) return;
    const found = keptAlive(file);
    if (!found) return;
    const role = entryScriptRole(file, ctx.workspace, ctx.settings.images);
    if (!role) return;
    const { keepAlive, blocker } = found;
    const problem = forwardingProblem(file.process, blocker, role.signal);
    if (!problem) return;
    const jobs = serverJobs(file.process);
    const running = jobs.length > 0 ? `while ${jobsPhrase(file, jobs)} run${jobs.length > 1 ? '' : 's'} in the background` : 'while the servers run on their own';
    const line = keepAlive.range.start.line + 1;
    const servers = serversOf(jobs.length === 0 ? 2 : jobs.length);
    const why = keepAlive.execs
      ? `it replaces the shell as PID 1, where a program without a handler ignores ${role.signal}, so ${killedPhrase(servers)}.`
      : problemPhrase(file, problem, role, servers);
    const { fix, suggestions } = forwardingFixes(file, role, jobs, blocker, problem, ctx.workspace);
    ctx.report({
      range: keepAlive.range,
      severity: role.severity,
      message: `\`${keepAlive.kind === 'loop' ? keepAlive.text.split(/\r?\n/)[0] : keepAlive.text}\` (line ${line}) keeps the container alive ${running}, but ${why} ${role.where}.`,
      fix,
      suggestions,
      related: role.related,
    });
  },
});

/**
 * The keep-alive the script blocks on: one at the end, or a background one it waits for
 * (`sleep infinity & wait`) when there are no server jobs the wait would be for.
 */
function keptAlive(file: ShellFile): { keepAlive: KeepAlive; blocker: Blocker } | undefined {
  const blocker = scriptBlocker(file);
  if (blocker?.kind === 'keepalive') return { keepAlive: blocker.keepAlive, blocker };
  if (blocker?.kind !== 'wait' || serverJobs(file.process).length > 0) return undefined;
  const job = [...file.process.jobs].reverse().find((candidate) => candidate.command && keepAliveKind(candidate.command));
  const keepAlive = job && keepAlives(file.process).find((candidate) => candidate.start === job.start);
  return keepAlive && { keepAlive, blocker };
}
