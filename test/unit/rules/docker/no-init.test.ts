import * as assert from 'assert';
import rule from '../../../../server/src/service/rules/docker/no-init';
import { fileUri, lint, testRule } from '../../../support/rule-tester';

const cronThenNginx = { filename: 'start.sh', code: '#!/bin/sh\ncrond -f &\nexec nginx -g "daemon off;"\n' };

testRule(rule, {
  valid: [
    {
      name: 'tini -g is PID 1',
      code: 'FROM nginx:1.27-alpine\nRUN apk add --no-cache tini\nCOPY start.sh /start.sh\nENTRYPOINT ["/sbin/tini", "-g", "--"]\nCMD ["/start.sh"]\n',
      otherFiles: [cronThenNginx],
    },
    {
      name: 'dumb-init is PID 1',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y dumb-init cron nginx\nCOPY start.sh /start.sh\nENTRYPOINT ["/usr/bin/dumb-init", "--", "/start.sh"]\n',
      otherFiles: [cronThenNginx],
    },
    { name: 's6-overlay\'s /init is PID 1', code: 'FROM alpine:3.20\nADD s6-overlay.tar.xz /\nCOPY start.sh /start.sh\nENTRYPOINT ["/init"]\nCMD ["/start.sh"]\n', otherFiles: [cronThenNginx] },
    { name: 'catatonit', code: 'FROM fedora:40\nCOPY start.sh /start.sh\nENTRYPOINT ["catatonit", "--"]\nCMD ["/start.sh"]\n', otherFiles: [cronThenNginx] },
    { name: 'supervisord reaps and stops its programs', code: 'FROM debian:12\nRUN apt-get update && apt-get install -y supervisor nginx\nCMD ["supervisord", "-n", "-c", "/etc/supervisor/supervisord.conf"]\n' },
    {
      name: 'a script that traps and waits forwards the signal itself',
      code: 'FROM node:20\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n',
      otherFiles: [{ filename: 'start.sh', code: "#!/bin/sh\nnode a.js &\na=$!\nnode b.js &\nb=$!\ntrap 'kill -TERM $a $b; wait $a $b' TERM\nwait\n" }],
    },
    {
      name: 'a script that waits without a trap is background-without-trap\'s (an init would not save it)',
      code: 'FROM node:20\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n',
      otherFiles: [{ filename: 'start.sh', code: '#!/bin/sh\nnode a.js &\nnode b.js &\nwait\n' }],
    },
    { name: 'a script that execs with no jobs', code: 'FROM node:20\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n', otherFiles: [{ filename: 'start.sh', code: '#!/bin/sh\nnode migrate.js\nexec node server.js\n' }] },
    { name: 'a script that execs an init itself', code: 'FROM node:20\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n', otherFiles: [{ filename: 'start.sh', code: '#!/bin/sh\nnode sidecar.js &\nexec tini -g -- node server.js\n' }] },
    { name: 'exec form without a shell', code: 'FROM nginx:1.27\nCMD ["nginx", "-g", "daemon off;"]\n' },
    { name: 'a shell-form CMD under tini', code: 'FROM php:8.3-fpm-alpine\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "-g", "--"]\nCMD crond -f & exec php-fpm\n' },
    { name: 'a build stage is never run', code: 'FROM node:20 AS build\nCMD node a.js & exec node b.js\nFROM nginx:1.27\n' },
    { name: 'sh -c "a & b" on Alpine: ash may exec b, docker/shell-form\'s', code: 'FROM php:8.3-fpm-alpine\nCMD ["sh", "-c", "nginx & php-fpm"]\n' },
    { name: 'sh -c with a trap that forwards and waits', code: 'FROM node:20\nCMD ["sh", "-c", "trap \'kill $a; wait $a\' TERM; node a.js & a=$!; wait $a"]\n' },
    { name: 'sh -c with one command', code: 'FROM node:20\nCMD ["sh", "-c", "node migrate.js && node server.js"]\n' },
  ],
  invalid: [
    {
      name: 'Alpine: apk add tini, ENTRYPOINT before the CMD',
      code: 'FROM nginx:1.27-alpine\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n^^^^^^^^^^^^^^^^^ docker/no-init\n',
      otherFiles: [cronThenNginx],
      messages: [['start.sh, which the CMD runs, starts `crond` (start.sh line 2) in the background and then execs `nginx` (start.sh line 3)', 'tini -g']],
      output: null,
      suggestions: [{
        title: 'Install tini and run the image under `tini -g`',
        output: 'FROM nginx:1.27-alpine\nCOPY start.sh /start.sh\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "-g", "--"]\nCMD ["/start.sh"]\n',
      }],
    },
    {
      name: 'a shell-form CMD with a job and exec',
      code: 'FROM php:8.3-fpm-alpine\nCMD crond -f & exec php-fpm\n^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/no-init\n',
      messages: [['The CMD starts `crond` in the background and then execs `php-fpm`']],
      output: null,
      suggestions: [{
        title: 'Install tini and run the image under `tini -g`',
        output: 'FROM php:8.3-fpm-alpine\nRUN apk add --no-cache tini\nENTRYPOINT ["/sbin/tini", "-g", "--"]\nCMD crond -f & exec php-fpm\n',
      }],
    },
    {
      name: 'Debian: apt-get install tini, tini in front of the exec-form ENTRYPOINT; "$@" named by its CMD',
      code: 'FROM debian:12\nRUN apt-get update && apt-get install -y nginx cron\nCOPY start.sh /usr/local/bin/\nENTRYPOINT ["start.sh"]\n'
        + '^^^^^^^^^^^^^^^^^^^^^^^ docker/no-init\nCMD ["nginx", "-g", "daemon off;"]\n',
      otherFiles: [{ filename: 'start.sh', code: '#!/bin/sh\ncron -f &\nexec "$@"\n' }],
      messages: [['execs `"$@"` (the CMD `nginx -g daemon off;`) (start.sh line 3): `nginx` becomes PID 1']],
      output: null,
      suggestions: [{
        title: 'Install tini and run the image under `tini -g`',
        output: 'FROM debian:12\nRUN apt-get update && apt-get install -y nginx cron\nCOPY start.sh /usr/local/bin/\n'
          + 'RUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\n'
          + 'ENTRYPOINT ["/usr/bin/tini", "-g", "--", "start.sh"]\nCMD ["nginx", "-g", "daemon off;"]\n',
      }],
    },
    {
      name: 'UBI: tini is not packaged, no suggestion',
      code: 'FROM registry.access.redhat.com/ubi9/ubi-minimal\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n^^^^^^^^^^^^^^^^^ docker/no-init\n',
      otherFiles: [cronThenNginx],
      messages: [['Install tini and put it in front of the ENTRYPOINT']],
      output: null,
      suggestions: [],
    },
    {
      name: 'a non-root USER: no install line that would fail',
      code: 'FROM node:20\nUSER node\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n^^^^^^^^^^^^^^^^^ docker/no-init\n',
      otherFiles: [cronThenNginx],
      messages: [['Install tini as root']],
      output: null,
      suggestions: [],
    },
    {
      name: 'an exec-form `sh -c` CMD with a job and exec',
      code: 'FROM node:20\nCOPY start.sh /start.sh\nCMD ["sh", "-c", "node sidecar.js & exec node server.js"]\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/no-init\n',
      messages: [['The CMD starts `node` in the background and then execs `node`']],
      output: null,
      suggestions: [{
        title: 'Install tini and run the image under `tini -g`',
        output: 'FROM node:20\nCOPY start.sh /start.sh\nRUN apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*\n'
          + 'ENTRYPOINT ["/usr/bin/tini", "-g", "--"]\nCMD ["sh", "-c", "node sidecar.js & exec node server.js"]\n',
      }],
    },
    {
      name: 'sh -c "a & b" on Debian: a trap-based entry script instead',
      code: 'FROM php:8.3-fpm\nRUN apt-get update && apt-get install -y nginx\nCMD ["sh", "-c", "nginx -g \'daemon off;\' & php-fpm"]\n'
        + '^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/no-init\n',
      messages: [['The CMD starts `nginx` in the background and runs `php-fpm` in the foreground under `sh -c`', 'nothing passes SIGQUIT on', 'An init in front would not save them']],
      severities: ['warning'],
      output: null,
      suggestions: [{
        title: 'Write a trap-based graceful-entrypoint.sh next to workspace/Dockerfile and make it the CMD',
        output: 'FROM php:8.3-fpm\nRUN apt-get update && apt-get install -y nginx\nCOPY --chmod=755 graceful-entrypoint.sh /usr/local/bin/graceful-entrypoint.sh\n'
          + 'CMD ["/usr/local/bin/graceful-entrypoint.sh"]\n',
      }],
    },
    {
      name: 'a shell-form CMD that waits for its jobs',
      code: 'FROM node:20\nCMD node api.js & node worker.js & wait\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/no-init\n',
      messages: [['starts `node` and `node` in the background and waits for them']],
      output: null,
    },
    {
      name: 'a base image of unknown shell: a hint',
      code: 'FROM registry.example.com/base:1\nCMD ["sh", "-c", "worker & server"]\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/no-init\n',
      severities: ['hint'],
      output: null,
    },
  ],
});

describe('docker/no-init: the entry script written for `sh -c "a & b"`', () => {
  it('holds the same commands, one per line, with a trap that passes the image\'s SIGQUIT on and waits', () => {
    const dockerfile = 'FROM php:8.3-fpm\nCMD ["sh", "-c", "nginx -g \'daemon off;\' & php-fpm"]\n';
    const { findings } = lint(rule, dockerfile, { otherFiles: [{ filename: 'graceful-entrypoint.sh', code: '#!/bin/sh\necho taken\n' }] });
    const [created] = findings[0].suggestions[0].newFiles!();
    assert.strictEqual(created.uri, fileUri('graceful-entrypoint-2.sh'), 'a name no file of the workspace has');
    assert.strictEqual(created.text, [
      '#!/bin/sh',
      '# Made by kube-graceful from the CMD of workspace/Dockerfile (line 2): the same commands, with the stop signal passed on to the background jobs.',
      "nginx -g 'daemon off;' &",
      'nginx_pid=$!',
      '# Pass the stop signal on to the background jobs, then wait for them to finish.',
      'forward_stop_signal() {',
      '  kill -QUIT $nginx_pid $php_fpm_pid 2>/dev/null || true',
      '  wait $nginx_pid $php_fpm_pid',
      '}',
      'trap forward_stop_signal TERM INT QUIT',
      'php-fpm &',
      'php_fpm_pid=$!',
      'wait $php_fpm_pid',
      '',
    ].join('\n'));
  });
});
