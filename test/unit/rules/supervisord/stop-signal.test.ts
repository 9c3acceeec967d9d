import * as assert from 'assert';
import rule from '../../../../server/src/service/rules/supervisord/stop-signal';
import { applyEdits } from '../../../../server/src/service';
import { lint, testRule, type OtherFile } from '../../../support/rule-tester';

/** The image that runs supervisord with this file (`docker/supervisord.conf`), and a Deployment `web` running it. */
const deployed = (podSpec: string, conf = 'docker/supervisord.conf'): OtherFile[] => [
  {
    filename: 'web/Dockerfile',
    code: `FROM php:8.3-fpm\nRUN apt-get update && apt-get install -y --no-install-recommends nginx supervisor\nCOPY ${conf} /etc/supervisor/conf.d/supervisord.conf\nCMD ["/usr/bin/supervisord", "-n", "-c", "/etc/supervisor/supervisord.conf"]\n`,
  },
  {
    filename: 'deploy/web.yaml',
    code: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n${podSpec}      containers:\n        - name: web\n          image: registry.example.com/shop/web:3.1\n`,
  },
];
const conf = 'web/docker/supervisord.conf';

testRule(rule, {
  valid: [
    {
      name: 'nginx and php-fpm with QUIT and time to drain (a common Laravel image)',
      code: `[supervisord]
nodaemon=true
user=root
logfile=/dev/null
logfile_maxbytes=0

[program:php-fpm]
command=php-fpm -F
stopsignal=QUIT
stopwaitsecs=30
autorestart=true
stdout_logfile=/dev/stdout
stdout_logfile_maxbytes=0
redirect_stderr=true

[program:nginx]
command=nginx -g "daemon off;"
stopsignal=QUIT
stopwaitsecs=30
autorestart=true
`,
    },
    { name: 'SIGQUIT spelled with the prefix, in lower case', code: '[program:nginx]\ncommand=/usr/sbin/nginx -g "daemon off;"\nstopsignal=sigquit\n' },
    { name: 'signal by number', code: '[program:nginx]\ncommand=nginx\nstopsignal=3\n' },
    { name: 'servers that stop gracefully on TERM', code: '[program:web]\ncommand=puma -C config/puma.rb\n\n[program:caddy]\ncommand=caddy run --config /etc/caddy/Caddyfile\n' },
    { name: 'gunicorn with a graceful timeout within stopwaitsecs', code: '[program:api]\ncommand=gunicorn --graceful-timeout 20 app:app\nstopwaitsecs = 25\n' },
    { name: 'Sidekiq with -t 8', code: '[program:sidekiq]\ncommand=bundle exec sidekiq -t 8 -C config/sidekiq.yml\n' },
    { name: 'a script we cannot read', code: '[program:app]\ncommand=/usr/local/bin/start-app.sh\n' },
    { name: 'an expansion as the program', code: '[program:app]\ncommand=%(ENV_APP_BIN)s --port 8080\n' },
    { name: 'an expansion as the signal', code: '[program:nginx]\ncommand=nginx -g "daemon off;"\nstopsignal=%(ENV_NGINX_STOPSIGNAL)s\n' },
    { name: 'exec in the sh -c command', code: `[program:nginx]\ncommand=/bin/sh -c "envsubst < /etc/nginx/tpl > /etc/nginx/nginx.conf && exec nginx -g 'daemon off;'"\nstopsignal=QUIT\n` },
    { name: 'a shell wrapper with stopasgroup signals the whole group', code: '[program:nginx]\ncommand=sh -c "sleep 2; nginx -g \'daemon off;\'"\nstopsignal=QUIT\nstopasgroup=true\n' },
    { name: 'bash execs a single command', code: '[program:nginx]\ncommand=bash -c "nginx -g \'daemon off;\'"\nstopsignal=QUIT\n' },
    { name: 'event listeners and groups are not programs', code: '[eventlistener:crashmail]\ncommand=crashmail -a -m ops@example.com\nevents=PROCESS_STATE_EXITED\n\n[group:web]\nprograms=nginx,php-fpm\n' },
    { name: 'a ; right after a word is not a comment', code: '[program:nginx]\ncommand=nginx -g daemon\\ off;\nstopsignal=QUIT;\n' },
    {
      name: 'nginx with stopwaitsecs near the pod window',
      filename: conf,
      code: '[program:nginx]\ncommand=nginx -g "daemon off;"\nstopsignal=QUIT\nstopwaitsecs=25\n',
      otherFiles: deployed('      terminationGracePeriodSeconds: 30\n'),
    },
    {
      name: 'two Dockerfiles copy the file: no pod is sure',
      filename: conf,
      code: '[program:nginx]\ncommand=nginx -g "daemon off;"\nstopsignal=QUIT\n',
      otherFiles: [...deployed('      terminationGracePeriodSeconds: 90\n'), {
        filename: 'web/Dockerfile.debug',
        code: 'FROM debian:12\nRUN apt-get update && apt-get install -y nginx supervisor\nCOPY docker/supervisord.conf /etc/supervisor/conf.d/\nCMD ["supervisord", "-n"]\n',
      }],
    },
    {
      name: 'a Debian php-fpm package with its own config path and QUIT',
      code: '[program:php-fpm]\ncommand=/usr/sbin/php-fpm8.2 --nodaemonize --fpm-config /etc/php/8.2/fpm/php-fpm.conf\nstopsignal=QUIT\nautostart=true\n',
    },
    {
      name: 'php-fpm with process_control_timeout below stopwaitsecs',
      filename: conf,
      code: '[program:php-fpm]\ncommand=php-fpm -F\nstopsignal=QUIT\nstopwaitsecs=25\n',
      otherFiles: [...deployed('      terminationGracePeriodSeconds: 30\n'), { filename: 'web/php-fpm.d/zz-app.conf', code: '[global]\nprocess_control_timeout = 20s\n' }],
    },
  ],
  invalid: [
    {
      name: 'nginx and php-fpm with the default TERM: stopsignal added in each section',
      code: `[supervisord]
nodaemon=true

[program:php-fpm]
^^^^^^^^^^^^^^^^^ supervisord/stop-signal
command=php-fpm -F
autorestart=true

[program:nginx]
^^^^^^^^^^^^^^^ supervisord/stop-signal
command=nginx -g 'daemon off;'
autorestart=true
`,
      messages: [['Program `php-fpm`', 'no `stopsignal`', 'TERM', 'immediate termination', 'QUIT', 'process_control_timeout'], ['Program `nginx`', 'fast shutdown', 'open connections are dropped']],
      severities: ['warning', 'warning'],
      fixSafety: 'safe',
      output: `[supervisord]
nodaemon=true

[program:php-fpm]
command=php-fpm -F
autorestart=true
stopsignal=QUIT

[program:nginx]
command=nginx -g 'daemon off;'
autorestart=true
stopsignal=QUIT
`,
    },
    {
      name: 'explicit TERM replaced, SIG spelling kept',
      code: '[program:nginx]\ncommand=/usr/sbin/nginx -c /etc/nginx/nginx.conf\nstopsignal = SIGTERM ; fast\n             ^^^^^^^ supervisord/stop-signal\n',
      messages: [['`stopsignal=SIGTERM`']],
      output: '[program:nginx]\ncommand=/usr/sbin/nginx -c /etc/nginx/nginx.conf\nstopsignal = SIGQUIT ; fast\n',
    },
    {
      name: 'aligned values stay aligned',
      code: '[program:nginx]\n^^^^^^^^^^^^^^^ supervisord/stop-signal\ncommand        = nginx -g "daemon off;"\nautorestart    = true\nstdout_logfile = /dev/stdout\n; keep\n',
      output: '[program:nginx]\ncommand        = nginx -g "daemon off;"\nautorestart    = true\nstdout_logfile = /dev/stdout\nstopsignal     = QUIT\n; keep\n',
    },
    {
      name: 'gunicorn killed before its default graceful timeout: information',
      code: '[program:api]\n^^^^^^^^^^^^^ supervisord/stop-signal\ncommand=gunicorn --bind 0.0.0.0:8000 shop.wsgi\n',
      messages: [['no `stopwaitsecs` (default 10)', 'SIGKILL 10 s after', 'gunicorn --graceful-timeout (default 30)']],
      severities: ['info'],
      output: '[program:api]\ncommand=gunicorn --bind 0.0.0.0:8000 shop.wsgi\nstopwaitsecs=35\n',
    },
    {
      name: 'gunicorn with a written graceful timeout longer than stopwaitsecs: a warning',
      code: '[program:api]\ncommand=/venv/bin/gunicorn --graceful-timeout=60 app:app\nstopwaitsecs=30\n             ^^ supervisord/stop-signal\n',
      severities: ['warning'],
      output: '[program:api]\ncommand=/venv/bin/gunicorn --graceful-timeout=60 app:app\nstopwaitsecs=65\n',
    },
    {
      name: 'php-fpm with a process_control_timeout longer than stopwaitsecs',
      filename: conf,
      code: '[program:php-fpm]\ncommand=php-fpm -F\nstopsignal=QUIT\nstopwaitsecs=10\n             ^^ supervisord/stop-signal\n',
      otherFiles: [...deployed('      terminationGracePeriodSeconds: 60\n'), { filename: 'web/php-fpm.d/zz-app.conf', code: '[global]\nprocess_control_timeout = 40s\n' }],
      messages: [['process_control_timeout 40s']],
      output: '[program:php-fpm]\ncommand=php-fpm -F\nstopsignal=QUIT\nstopwaitsecs=45\n',
    },
    {
      name: 'nginx cut short by supervisord inside a longer pod window: a hint',
      filename: conf,
      code: '[program:nginx]\n^^^^^^^^^^^^^^^ supervisord/stop-signal\ncommand=nginx -g "daemon off;"\nstopsignal=QUIT\n',
      otherFiles: deployed('      terminationGracePeriodSeconds: 60\n'),
      severities: ['hint'],
      messages: [['Deployment `web` (deploy/web.yaml)', 'terminationGracePeriodSeconds 60', 'SIGKILL comes 60 s after']],
      output: '[program:nginx]\ncommand=nginx -g "daemon off;"\nstopsignal=QUIT\nstopwaitsecs=55\n',
    },
    {
      name: 'a folder of program files copied in; a cron container from the same image does not count',
      filename: 'web/docker/supervisor/nginx.conf',
      code: '[program:nginx]\n^^^^^^^^^^^^^^^ supervisord/stop-signal\ncommand=/usr/sbin/nginx -g "daemon off;"\nstopsignal=QUIT\n',
      otherFiles: [
        { filename: 'web/Dockerfile', code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y nginx supervisor\nCOPY docker/supervisor/ /etc/supervisor/conf.d/\nCMD ["/usr/bin/supervisord", "-n"]\n' },
        {
          filename: 'deploy/web.yaml',
          code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 45\n      containers:\n        - name: web\n          image: registry.example.com/shop/web:3.1\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cron\nspec:\n  template:\n    spec:\n      containers:\n        - name: cron\n          image: registry.example.com/shop/web:3.1\n          command: ["cron", "-f"]\n',
        },
      ],
      severities: ['hint'],
      messages: [['Deployment `web`', 'SIGKILL comes 45 s after']],
      output: '[program:nginx]\ncommand=/usr/sbin/nginx -g "daemon off;"\nstopsignal=QUIT\nstopwaitsecs=40\n',
    },
    {
      name: 'sh -c without exec on Debian (the php image): exec added',
      filename: conf,
      code: `[program:nginx]\ncommand=/bin/sh -c "envsubst < /etc/nginx/tpl > /etc/nginx/nginx.conf && nginx -g 'daemon off;'"\n        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ supervisord/stop-signal\nstopsignal=QUIT\nstopwaitsecs=25\n`,
      otherFiles: deployed('      terminationGracePeriodSeconds: 30\n'),
      messages: [['under `sh -c`', 'stopasgroup', 'killed with the container']],
      severities: ['warning'],
      output: `[program:nginx]\ncommand=/bin/sh -c "envsubst < /etc/nginx/tpl > /etc/nginx/nginx.conf && exec nginx -g 'daemon off;'"\nstopsignal=QUIT\nstopwaitsecs=25\n`,
      suggestions: [{
        title: 'Set stopasgroup=true',
        output: `[program:nginx]\ncommand=/bin/sh -c "envsubst < /etc/nginx/tpl > /etc/nginx/nginx.conf && nginx -g 'daemon off;'"\nstopsignal=QUIT\nstopwaitsecs=25\nstopasgroup=true\n`,
      }],
    },
    {
      name: 'sh -c with a single command and an unknown /bin/sh: information',
      code: `[program:nginx]\ncommand=sh -c 'nginx -g "daemon off;"'\n        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ supervisord/stop-signal\nstopsignal=QUIT\n`,
      severities: ['info'],
      messages: [['unless /bin/sh is bash or BusyBox ash']],
      output: `[program:nginx]\ncommand=sh -c 'exec nginx -g "daemon off;"'\nstopsignal=QUIT\n`,
    },
  ],
});

describe('supervisord/stop-signal fixes', () => {
  it('writes the graceful signal of the server: WINCH for Apache httpd, in CRLF', () => {
    const code = '[program:apache]\r\ncommand=/usr/sbin/apache2 -DFOREGROUND\r\n';
    const { findings, uri } = lint(rule, code);
    assert.deepStrictEqual(findings.map((finding) => finding.fix?.title), ['Set stopsignal=WINCH']);
    assert.strictEqual(applyEdits(code, findings[0].fix!.edits()[uri]), '[program:apache]\r\ncommand=/usr/sbin/apache2 -DFOREGROUND\r\nstopsignal=WINCH\r\n');
  });
});
