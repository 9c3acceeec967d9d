import rule from '../../../../server/src/service/rules/shell/missing-exec';
import { testRule } from '../../../support/rule-tester';

/** The shop's php image: the script is copied onto the PATH and is the ENTRYPOINT; php:*-fpm stops with SIGQUIT. */
const phpDockerfile = {
  filename: 'php/Dockerfile',
  code: 'FROM php:8.3-fpm\nWORKDIR /var/www/html\nCOPY . .\nCOPY docker-entrypoint.sh /usr/local/bin/docker-entrypoint.sh\n'
    + 'ENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["php-fpm", "--nodaemonize"]\n',
};

function dockerfile(code: string, filename = 'Dockerfile') {
  return [{ filename, code }];
}

testRule(rule, {
  valid: [
    {
      name: 'docker-library: exec "$@" after set -e and an if',
      filename: 'php/docker-entrypoint.sh',
      code: '#!/bin/sh\nset -e\n\n# first arg is `-f` or `--some-option`\nif [ "${1#-}" != "$1" ]; then\n\tset -- php-fpm "$@"\nfi\n\nexec "$@"\n',
      otherFiles: [phpDockerfile],
    },
    {
      name: "nginx's docker-entrypoint.sh: exec used for redirections first, exec \"$@\" last",
      filename: 'docker-entrypoint.sh',
      code: `#!/bin/sh
# vim:sw=4:ts=4:et

set -e

entrypoint_log() {
    if [ -z "\${NGINX_ENTRYPOINT_QUIET_LOGS:-}" ]; then
        echo "$@"
    fi
}

if [ "$1" = "nginx" ] || [ "$1" = "nginx-debug" ]; then
    if /usr/bin/find "/docker-entrypoint.d/" -mindepth 1 -maxdepth 1 -type f -print -quit 2>/dev/null | read v; then
        entrypoint_log "$0: /docker-entrypoint.d/ is not empty, will attempt to perform configuration"
        find "/docker-entrypoint.d/" -follow -type f -print | sort -V | while read -r f; do
            case "$f" in
                *.sh) "$f" ;;
                *) entrypoint_log "$0: Ignoring $f";;
            esac
        done
    fi
fi

exec "$@"
`,
    },
    {
      name: "postgres's docker-entrypoint.sh: the last statement is an if that calls _main",
      filename: 'docker-entrypoint.sh',
      code: `#!/usr/bin/env bash
set -Eeo pipefail

_is_sourced() {
\t[ "\${#FUNCNAME[@]}" -ge 2 ] \\
\t\t&& [ "\${FUNCNAME[0]}" = '_is_sourced' ] \\
\t\t&& [ "\${FUNCNAME[1]}" = 'source' ]
}

_main() {
\tif [ "$1" = 'postgres' ] && ! _pg_want_help "$@"; then
\t\tdocker_setup_env
\t\tif [ "$(id -u)" = '0' ]; then
\t\t\texec gosu postgres "$BASH_SOURCE" "$@"
\t\tfi
\tfi
\texec "$@"
}

if ! _is_sourced; then
\t_main "$@"
fi
`,
    },
    { name: 'exec gosu', code: '#!/bin/bash\nset -e\nchown -R app:app /data\nexec gosu app "$@"\n' },
    { name: 'exec su-exec', code: '#!/bin/sh\nset -e\nexec su-exec node node server.js\n' },
    { name: 'a function that ends with exec', code: '#!/bin/sh\nmain() {\n  migrate\n  exec server --port 80\n}\nmain "$@"\n' },
    { name: 'a short-lived last command', code: '#!/bin/sh\nservice nginx start\necho "started"\n' },
    { name: 'a keep-alive is keepalive-loop\'s', code: '#!/bin/sh\nphp-fpm -D\nnginx\ntail -f /dev/null\n' },
    { name: 'background jobs are background-without-trap\'s', code: '#!/bin/sh\nphp-fpm &\nnginx -g "daemon off;"\n' },
    { name: 'a pipeline cannot be exec\'d', code: '#!/bin/sh\nserver 2>&1 | tee /var/log/server.log\n' },
    { name: 'an if at the end', code: '#!/bin/sh\nif [ "$1" = server ]; then\n  server\nfi\n' },
    { name: 'a build script is not an entry script', filename: 'build.sh', code: '#!/bin/sh\nset -e\nnpm ci\nnpm run build\n' },
    { name: 'a CI script is not an entry script', filename: 'ci/test.sh', code: '#!/bin/bash\ngo test ./...\n' },
    { name: 'an s6 run script', filename: 'rootfs/etc/services.d/nginx/run', code: '#!/command/with-contenv sh\nnginx -g "daemon off;"\n' },
    { name: 'a runit run script', filename: 'service/app/run', code: '#!/bin/sh\nexec 2>&1\nchpst -u app node /app/server.js\n' },
    {
      name: 'an entry-named file other scripts source',
      filename: 'lib-entrypoint.sh',
      code: '#!/bin/sh\nsetup_env() {\n  export APP_ENV=prod\n}\nsetup_env\n',
      otherFiles: [{ filename: 'start.sh', code: '#!/bin/sh\n. /usr/local/lib/lib-entrypoint.sh\nexec node server.js\n' }],
    },
    {
      name: 'an entry-named file a Dockerfile copies but does not run',
      filename: 'tools/healthcheck-entrypoint.sh',
      code: '#!/bin/sh\ncurl -fsS http://localhost/health\n',
      otherFiles: dockerfile('FROM node:20\nCOPY tools/ /tools/\nCMD ["node", "server.js"]\n'),
    },
    {
      name: 'COPY --from another stage is not the workspace file',
      filename: 'start.sh',
      code: '#!/bin/sh\nnode server.js\n',
      otherFiles: dockerfile('FROM node:20 AS build\nWORKDIR /src\nRUN npm run bundle\nFROM node:20-slim\nCOPY --from=build /src/start.sh /start.sh\nCMD ["/start.sh"]\n'),
    },
    {
      name: 'a later COPY of a here-document replaces the workspace file',
      filename: 'start.sh',
      code: '#!/bin/sh\nnode server.js\n',
      otherFiles: dockerfile('FROM node:20\nCOPY start.sh /start.sh\nCOPY <<EOF /start.sh\n#!/bin/sh\nexec node server.js\nEOF\nCMD ["/start.sh"]\n'),
    },
    {
      name: 'a script the ENTRYPOINT names through a variable is not resolved (and has no entry-script name)',
      filename: 'start.sh',
      code: '#!/bin/sh\nnode server.js\n',
      otherFiles: dockerfile('FROM node:20\nENV APP=/app\nCOPY start.sh /app/start.sh\nCMD ["$APP/start.sh"]\n'),
    },
    { name: 'a script with syntax errors says nothing', code: '#!/bin/sh\nif [ "$1" = x ]; then\nnode server.js\n' },
  ],
  invalid: [
    {
      name: 'the shop: "$@" without exec in the ENTRYPOINT script, and the image\'s SIGQUIT is lost',
      filename: 'php/docker-entrypoint.sh',
      code: '#!/bin/sh\nset -e\n\n# Warm the cache, then start php-fpm.\nphp bin/console cache:warmup\n"$@"\n^^^^ shell/missing-exec\n',
      otherFiles: [phpDockerfile],
      messages: [['`"$@"` (the CMD `php-fpm --nodaemonize`)', 'ENTRYPOINT of php/Dockerfile (line 5)', 'SIGQUIT', 'inherited from `php:8.3-fpm`', 'SIGKILLed']],
      severities: ['warning'],
      fixSafety: 'safe',
      output: '#!/bin/sh\nset -e\n\n# Warm the cache, then start php-fpm.\nphp bin/console cache:warmup\nexec "$@"\n',
    },
    {
      name: 'named like an entry script, no Dockerfile: a hint',
      code: '#!/bin/sh\nnode migrate.js\nnode server.js\n^^^^^^^^^^^^^^ shell/missing-exec\n',
      messages: [['`node`', 'named like an entry script', 'SIGTERM']],
      severities: ['hint'],
      output: '#!/bin/sh\nnode migrate.js\nexec node server.js\n',
    },
    {
      name: 'gosu without exec',
      filename: 'docker-entrypoint.sh',
      code: '#!/bin/bash\nset -e\nchown -R app /data\ngosu app "$@"\n^^^^^^^^^^^^^ shell/missing-exec\n',
      output: '#!/bin/bash\nset -e\nchown -R app /data\nexec gosu app "$@"\n',
    },
    {
      name: 'the last command of a list',
      code: '#!/bin/sh\n./migrate && ./server --port 8080\n#            ^^^^^^^^^^^^^^^^^^^^ shell/missing-exec\n',
      output: '#!/bin/sh\n./migrate && exec ./server --port 8080\n',
    },
    {
      name: 'a redirected command keeps its redirections',
      code: '#!/bin/sh\nserver >>/var/log/server.log 2>&1\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shell/missing-exec\n',
      output: '#!/bin/sh\nexec server >>/var/log/server.log 2>&1\n',
    },
    {
      name: 'the script ends by calling a function: the command inside it, unsafe',
      code: '#!/bin/sh\nmain() {\n  migrate\n  server --port 80\n# ^^^^^^^^^^^^^^^^ shell/missing-exec\n}\nmain "$@"\n',
      fixSafety: 'unsafe',
      output: '#!/bin/sh\nmain() {\n  migrate\n  exec server --port 80\n}\nmain "$@"\n',
    },
    {
      name: 'exec would drop the EXIT trap: unsafe',
      code: "#!/bin/sh\ntrap 'rm -f /tmp/app.lock' EXIT\ntouch /tmp/app.lock\nnode server.js\n^^^^^^^^^^^^^^ shell/missing-exec\n",
      fixSafety: 'unsafe',
      output: "#!/bin/sh\ntrap 'rm -f /tmp/app.lock' EXIT\ntouch /tmp/app.lock\nexec node server.js\n",
    },
    {
      name: 'an assignment before the command: no mechanical fix',
      code: '#!/bin/sh\nPORT=8080 node server.js\n^^^^^^^^^^^^^^^^^^^^^^^^ shell/missing-exec\n',
      output: null,
    },
    {
      name: 'under tini the signal kills the shell, and tini exits with it',
      filename: 'start.sh',
      code: '#!/bin/sh\nnode server.js\n^^^^^^^^^^^^^^ shell/missing-exec\n',
      otherFiles: dockerfile('FROM node:20\nRUN apt-get update && apt-get install -y tini\nCOPY start.sh /start.sh\nENTRYPOINT ["/usr/bin/tini", "--", "/start.sh"]\n'),
      messages: [['under tini', 'tini passes SIGTERM to the shell', 'kernel kills `node`']],
      output: '#!/bin/sh\nexec node server.js\n',
    },
    {
      name: 'run as `sh /start.sh`, the CMD',
      filename: 'start.sh',
      code: '#!/bin/sh\nnode server.js\n^^^^^^^^^^^^^^ shell/missing-exec\n',
      otherFiles: dockerfile('FROM node:20\nCOPY start.sh /start.sh\nCMD ["sh", "-e", "/start.sh"]\n'),
      messages: [['start.sh is the CMD of workspace/Dockerfile (line 3)']],
      output: '#!/bin/sh\nexec node server.js\n',
    },
    {
      name: 'a relative path under WORKDIR, copied with the whole context',
      filename: 'app/bin/start',
      code: '#!/bin/sh\nbundle exec puma -C config/puma.rb\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ shell/missing-exec\n',
      otherFiles: dockerfile('FROM ruby:3.3\nWORKDIR /srv\nCOPY . app\nWORKDIR app\nCMD ["./bin/start"]\n', 'app/Dockerfile'),
      messages: [['start is the CMD of app/Dockerfile (line 5)']],
      output: '#!/bin/sh\nexec bundle exec puma -C config/puma.rb\n',
    },
    {
      name: 'a shell-form CMD that runs the script',
      filename: 'scripts/run-app.sh',
      code: '#!/bin/sh\njava -jar /app.jar\n^^^^^^^^^^^^^^^^^^ shell/missing-exec\n',
      otherFiles: dockerfile('FROM eclipse-temurin:21\nCOPY scripts/*.sh /usr/local/bin/\nCMD run-app.sh\n'),
      messages: [['run-app.sh is the CMD of workspace/Dockerfile (line 3)']],
      output: '#!/bin/sh\nexec java -jar /app.jar\n',
    },
    {
      name: 'the image\'s own STOPSIGNAL is named',
      filename: 'docker-entrypoint.sh',
      code: '#!/bin/sh\nnginx -g "daemon off;"\n^^^^^^^^^^^^^^^^^^^^^^ shell/missing-exec\n',
      otherFiles: dockerfile('FROM debian:12\nRUN apt-get update && apt-get install -y nginx\nCOPY docker-entrypoint.sh /\nSTOPSIGNAL SIGQUIT\nENTRYPOINT ["/docker-entrypoint.sh"]\n'),
      messages: [['SIGQUIT (the image\'s stop signal, STOPSIGNAL in line 4)']],
      output: '#!/bin/sh\nexec nginx -g "daemon off;"\n',
    },
    {
      name: 'CRLF line endings are kept',
      code: '#!/bin/sh\r\nnode server.js\r\n^^^^^^^^^^^^^^ shell/missing-exec\n',
      output: '#!/bin/sh\r\nexec node server.js\r\n',
    },
  ],
});
