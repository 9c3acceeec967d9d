import { blockerStart, forwardingProblem, scriptBlocker, serverJobs } from '../../model/script-process';
import { programName } from '../../parse/shell-steps';
import { defineRule } from '../rule';
import { entryScriptRole } from './entry-script-role';
import { forwardingFixes, jobsPhrase, problemPhrase, serversOf } from './forwarding-report';

const dockerfile = 'FROM php:8.3-fpm\nRUN apt-get update && apt-get install -y nginx\nCOPY start.sh /usr/local/bin/\nCMD ["start.sh"]\n';

export default defineRule({
  meta: {
    id: 'shell/background-without-trap',
    language: 'shell',
    defaultSeverity: 'warning',
    summary: 'Finds entry scripts that start servers in the background and wait, without a trap that passes the stop signal on to them and waits for them.',
    rationale: [
      'An entry script that starts its servers with `&` and then waits (`wait`, or a last server in the foreground) is',
      'PID 1. The stop signal reaches the shell only: as PID 1 it ignores a signal it has no trap for, and it never passes',
      'one on (FACTS §8), so the servers work on until SIGKILL at the end of the grace period. A `trap` fixes that only when',
      'it is set before the script blocks, handles the signal the container is stopped with (SIGTERM, or the image\'s',
      'STOPSIGNAL such as SIGQUIT for `php:*-fpm`, FACTS §5, §6), signals the jobs, and waits for them: the signal',
      'interrupts `wait`, the trap runs, and if the script then simply ends, PID 1 exits and the kernel kills every other',
      'process of the container in the middle of its shutdown (FACTS §8). A trap cannot run at all while a foreground',
      'command runs (FACTS §8, verified with dash): the script must wait for its jobs with `cmd & wait`.',
      '',
      'Only entry scripts are checked (see `shell/missing-exec`). Scripts whose trap is correct, whose action we cannot',
      'read (`trap "$HANDLER" TERM`), that end with `exec` (`docker/no-init`), or that keep themselves alive with',
      '`tail -f`/`sleep infinity`/`while true` (`shell/keepalive-loop`) are not reported here.',
    ].join('\n'),
    facts: ['5', '6', '8', '12.8'],
    examples: {
      incorrect: [{
        description: 'php-fpm and nginx in the background, and a `wait` that nothing interrupts.',
        filename: 'start.sh',
        code: '#!/bin/sh\nphp-fpm &\nnginx -g "daemon off;" &\nwait\n',
        otherFiles: [{ filename: 'Dockerfile', code: dockerfile }],
      }, {
        description: 'The trap kills without waiting: the script ends and the kernel kills the draining server.',
        code: '#!/bin/sh\ntrap \'kill -TERM $pid\' TERM INT\nnode server.js &\npid=$!\nwait "$pid"\n',
      }],
      correct: [{
        description: 'The trap passes the signal on and waits; `wait` lets it run at once.',
        filename: 'start.sh',
        code: '#!/bin/sh\nphp-fpm &\nfpm=$!\nnginx -g "daemon off;" &\nweb=$!\nforward() {\n  kill -QUIT $fpm $web\n  wait $fpm $web\n}\n'
          + 'trap forward TERM INT QUIT\nwait\n',
        otherFiles: [{ filename: 'Dockerfile', code: dockerfile }],
      }, {
        description: 'A build script with parallel steps is not an entry script.',
        filename: 'build.sh',
        code: '#!/bin/sh\nnpm run build:css &\nnpm run build:js &\nwait\n',
      }],
    },
    fix: {
      description: 'Keeps each job\'s PID (`nginx_pid=$!`), inserts before the blocking command a function that sends each job its '
        + 'graceful signal (QUIT for nginx and php-fpm, TERM otherwise) and waits for them, and a `trap` for TERM, INT and the '
        + 'image\'s stop signal; a server in the foreground is started with `&` and waited for. POSIX sh only, in the script\'s '
        + 'indentation. A trap that signals without waiting gets a second `wait`; a trap for the wrong signal gets the right one. '
        + 'When a Dockerfile runs the script, a suggestion writes the fixed script as a new file next to the Dockerfile instead, '
        + 'with a COPY line and the ENTRYPOINT pointing at it.',
      safety: 'unsafe',
      safetyNote: 'It changes how the servers stop (they get a graceful signal, the container ends when they have finished) '
        + 'and replaces a trap the script set earlier for the same signals; review it. The new file is copied with '
        + '`COPY --chmod`, which needs BuildKit.',
    },
    references: [
      'https://pubs.opengroup.org/onlinepubs/9799919799/utilities/V3_chap02.html#tag_19_29',
      'https://pubs.opengroup.org/onlinepubs/9799919799/utilities/wait.html',
      'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html',
    ],
  },
  check(ctx) {
    const file = ctx.model;
    if (file.hasSyntaxErrors) return;
    const jobs = serverJobs(file.process);
    const blocker = jobs.length > 0 ? scriptBlocker(file) : undefined;
    if (!blocker || (blocker.kind !== 'wait' && blocker.kind !== 'foreground')) return;
    const role = entryScriptRole(file, ctx.workspace, ctx.settings.images);
    if (!role) return;
    const problem = forwardingProblem(file.process, blocker, role.signal);
    if (!problem) return;
    const at = file.source.positionAt(blockerStart(blocker).start).line + 1;
    const servers = serversOf(jobs.length + (blocker.kind === 'foreground' ? 1 : 0));
    const holds = blocker.kind === 'wait' ? `the script waits for ${jobs.length > 1 ? 'them' : 'it'} (line ${at})`
      : `\`${blocker.command.name ? programName(blocker.command.name) : blocker.command.nameText}\` runs in the foreground (line ${at})`;
    const { fix, suggestions } = forwardingFixes(file, role, jobs, blocker, problem, ctx.workspace);
    ctx.report({
      range: 'trap' in problem ? problem.trap.range : blocker.command.range,
      severity: role.severity,
      message: `${jobsPhrase(file, jobs)} run${jobs.length > 1 ? '' : 's'} in the background and ${holds}, but ${problemPhrase(file, problem, role, servers)} `
        + `${role.where}.`,
      fix,
      suggestions,
      related: role.related,
    });
  },
});
