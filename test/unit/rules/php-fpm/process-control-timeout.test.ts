import rule from '../../../../server/src/service/rules/php-fpm/process-control-timeout';
import { testRule, type OtherFile } from '../../../support/rule-tester';

/** The official image with the pool file copied in, as most PHP apps on Kubernetes build it. */
const officialImage: OtherFile = { filename: 'php/Dockerfile', code: 'FROM php:8.3-fpm\nCOPY php-fpm.d/www.conf /usr/local/etc/php-fpm.d/www.conf\nCOPY . /var/www/html\n' };

/** A project file that says the user's own base image runs php-fpm. */
const acmePhpBase: OtherFile = { filename: '.kube-graceful.yaml', code: 'images:\n  - image: ghcr.io/acme/php-base\n    stopSignal: SIGQUIT\n    runs: php-fpm\n' };

const www = '[www]\nuser = www-data\ngroup = www-data\nlisten = 9000\npm = dynamic\npm.max_children = 10\n';

/** A Deployment `shop` running the image built by php/Dockerfile, with the given pod spec lines. */
const deployment = (podSpec: string, rest = ''): OtherFile => ({
  filename: 'deploy/shop.yaml',
  code: `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: shop\nspec:\n  template:\n    spec:\n${podSpec}      containers:\n        - name: php\n          image: registry.example.com/shop/php:2.4\n${rest}`,
});

testRule(rule, {
  valid: [
    {
      name: 'docker-library zz-docker.conf beside a file that sets it',
      filename: 'php/php-fpm.d/zz-docker.conf',
      code: '[global]\ndaemonize = no\n\n[www]\nlisten = 9000\n',
      otherFiles: [officialImage, { filename: 'php/php-fpm.d/zz-app.conf', code: '[global]\nprocess_control_timeout = 30s\n' }],
    },
    { name: 'php-fpm.conf that sets it', filename: 'php/php-fpm.conf', code: '[global]\npid = /run/php-fpm.pid\nprocess_control_timeout = 10s\ninclude=/etc/php-fpm.d/*.conf\n' },
    { name: 'minutes count', filename: 'php/php-fpm.conf', code: '[global]\nprocess_control_timeout = 1m\n' },
    { name: 'an environment variable php-fpm expands', filename: 'php/php-fpm.conf', code: '[global]\nprocess_control_timeout = ${FPM_PROCESS_CONTROL_TIMEOUT}\n' },
    {
      name: 'a pool file when php-fpm.conf is where the finding goes',
      filename: 'php/php-fpm.d/www.conf', code: www,
      otherFiles: [{ filename: 'php/php-fpm.conf', code: '[global]\nerror_log = /proc/self/fd/2\ninclude=etc/php-fpm.d/*.conf\n' }],
    },
    {
      name: 'the Dockerfile writes it with a RUN',
      filename: 'php/php-fpm.d/www.conf', code: www,
      otherFiles: [{ filename: 'php/Dockerfile', code: "FROM php:8.3-fpm\nRUN echo 'process_control_timeout = 20s' >> /usr/local/etc/php-fpm.d/zz-docker.conf\nCOPY php-fpm.d/www.conf /usr/local/etc/php-fpm.d/www.conf\n" }],
    },
    {
      name: 'Dockerfile: the build writes it with sed',
      filename: 'Dockerfile',
      code: "FROM php:8.2-fpm-alpine\nRUN sed -i 's/;process_control_timeout = 0/process_control_timeout = 25s/' /usr/local/etc/php-fpm.conf\n",
    },
    { name: 'Dockerfile: a php-fpm base running a queue worker instead', filename: 'Dockerfile', code: 'FROM php:8.3-fpm\nCMD ["php", "artisan", "queue:work"]\n' },
    { name: 'Dockerfile: the CLI image', filename: 'Dockerfile', code: 'FROM php:8.3-cli\nCMD ["php", "-S", "0.0.0.0:8080"]\n' },
    { name: 'Dockerfile: Apache variant', filename: 'Dockerfile', code: 'FROM php:8.3-apache\nCOPY . /var/www/html\n' },
    { name: 'Dockerfile: a base of our own that nothing says runs php-fpm', filename: 'Dockerfile', code: 'FROM ghcr.io/acme/php-base:8.3\nCOPY . /app\n' },
    {
      name: 'Dockerfile: a project file\'s entry for another tag of the base',
      filename: 'Dockerfile', code: 'FROM ghcr.io/acme/php-base:7.4\nCOPY . /app\n',
      otherFiles: [{ filename: '.kube-graceful.yaml', code: 'images:\n  - image: ghcr.io/acme/php-base:8.*\n    runs: php-fpm\n' }],
    },
    {
      name: 'Dockerfile: the pool configuration comes from a ConfigMap mounted into the pod',
      filename: 'php/Dockerfile', code: 'FROM php:8.3-fpm\nCOPY . /var/www/html\n',
      otherFiles: [{
        filename: 'deploy/php-fpm-config.yaml',
        code: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: php-fpm\ndata:\n  zz-app.conf: |\n    [global]\n    process_control_timeout = 20s\n',
      }],
    },
    {
      name: 'Dockerfile: the configuration in its build context carries the finding',
      filename: 'php/Dockerfile', code: officialImage.code,
      otherFiles: [{ filename: 'php/php-fpm.d/www.conf', code: www }],
    },
  ],
  invalid: [
    {
      name: 'pool file copied into the official image: a [global] section added at the end',
      filename: 'php/php-fpm.d/www.conf',
      code: `${www.replace('[www]\n', '[www]\n^^^^^ php-fpm/process-control-timeout\n')}`,
      otherFiles: [officialImage],
      messages: [['`process_control_timeout`', 'nor does the official php image', 'so it is 0', 'SIGTERM at once', '25s fits the default grace period']],
      severities: ['warning'],
      fixSafety: 'safe',
      output: `${www}\n[global]\nprocess_control_timeout = 25s\n`,
    },
    {
      name: 'a [global] section: added after its last line, in its style',
      filename: 'php/php-fpm.d/zz-docker.conf',
      code: '[global]\n^^^^^^^^ php-fpm/process-control-timeout\ndaemonize=no\n; the pool\n\n[www]\nlisten=9000\n',
      output: '[global]\ndaemonize=no\nprocess_control_timeout=25s\n; the pool\n\n[www]\nlisten=9000\n',
    },
    {
      name: 'aligned values stay aligned, CRLF kept',
      filename: 'php-fpm.conf',
      code: '[global]\r\n^^^^^^^^ php-fpm/process-control-timeout\nerror_log                   = /proc/self/fd/2\r\nemergency_restart_threshold = 10\r\n',
      output: '[global]\r\nerror_log                   = /proc/self/fd/2\r\nemergency_restart_threshold = 10\r\nprocess_control_timeout     = 25s\r\n',
    },
    {
      name: 'explicit 0 replaced',
      filename: 'php/php-fpm.conf',
      code: '[global]\nprocess_control_timeout = 0 ; the default\n                          ^ php-fpm/process-control-timeout\n',
      messages: [['is 0']],
      output: '[global]\nprocess_control_timeout = 25s ; the default\n',
    },
    {
      name: 'sized to the pod: 60 s grace, 10 s preStop, 5 s margin',
      filename: 'php/php-fpm.d/www.conf',
      code: `${www.replace('[www]\n', '[www]\n^^^^^ php-fpm/process-control-timeout\n')}`,
      otherFiles: [officialImage, deployment('      terminationGracePeriodSeconds: 60\n', '          lifecycle:\n            preStop:\n              sleep:\n                seconds: 10\n')],
      messages: [['45s fits', 'Deployment `shop` (deploy/shop.yaml)', 'terminationGracePeriodSeconds 60', 'preStop hook of 10 s']],
      output: `${www}\n[global]\nprocess_control_timeout = 45s\n`,
    },
    {
      name: 'a queue worker from the same image does not make the pod ambiguous',
      filename: 'php/php-fpm.d/www.conf',
      code: `${www.replace('[www]\n', '[www]\n^^^^^ php-fpm/process-control-timeout\n')}`,
      otherFiles: [officialImage, deployment('      terminationGracePeriodSeconds: 45\n'), {
        filename: 'deploy/worker.yaml',
        code: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: worker\nspec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: registry.example.com/shop/php:2.4\n          command: ["php", "bin/console", "messenger:consume", "async"]\n',
      }],
      messages: [['40s fits', 'Deployment `shop`']],
      output: `${www}\n[global]\nprocess_control_timeout = 40s\n`,
    },
    {
      name: 'a pod whose preStop takes the whole grace period sizes nothing',
      filename: 'php/php-fpm.d/www.conf',
      code: `${www.replace('[www]\n', '[www]\n^^^^^ php-fpm/process-control-timeout\n')}`,
      otherFiles: [officialImage, deployment('', '          lifecycle:\n            preStop:\n              exec:\n                command: ["sleep", "30"]\n')],
      messages: [['25s fits the default grace period', 'SIGKILL comes 2 s after the stop signal: that grace period needs raising first']],
      output: `${www}\n[global]\nprocess_control_timeout = 25s\n`,
    },
    {
      name: 'in a pool section php-fpm does not start: moved to [global]',
      filename: 'php/php-fpm.d/www.conf',
      code: '[global]\nerror_log = /proc/self/fd/2\n\n[www]\nlisten = 9000\nprocess_control_timeout = 20s\n^^^^^^^^^^^^^^^^^^^^^^^ php-fpm/process-control-timeout\npm = ondemand\n',
      severities: ['error'],
      messages: [['pool `[www]`', 'unknown entry', 'does not start']],
      output: '[global]\nerror_log = /proc/self/fd/2\nprocess_control_timeout = 20s\n\n[www]\nlisten = 9000\npm = ondemand\n',
    },
    {
      name: 'in a pool section of a file without [global]',
      filename: 'php/php-fpm.d/app.conf',
      code: '[app]\nlisten = /run/php/app.sock\nprocess_control_timeout = 30\n^^^^^^^^^^^^^^^^^^^^^^^ php-fpm/process-control-timeout\n',
      severities: ['error'],
      output: '[app]\nlisten = /run/php/app.sock\n\n[global]\nprocess_control_timeout = 30\n',
    },
    {
      name: 'php-fpm.conf without headers: all of it is global',
      filename: 'etc/php-fpm.conf',
      code: 'pid = /run/php-fpm.pid\n^^^ php-fpm/process-control-timeout\nerror_log = /proc/self/fd/2\ninclude = /etc/php-fpm.d/*.conf\n',
      output: 'pid = /run/php-fpm.pid\nerror_log = /proc/self/fd/2\ninclude = /etc/php-fpm.d/*.conf\nprocess_control_timeout = 25s\n',
    },
    {
      name: 'Dockerfile on the official image without any configuration: suggestion of a RUN line',
      filename: 'Dockerfile',
      code: 'FROM php:8.3-fpm-alpine\n^^^^^^^^^^^^^^^^^^^^^^^ php-fpm/process-control-timeout\nRUN docker-php-ext-install pdo_mysql opcache\nCOPY . /var/www/html\n',
      messages: [['`php:8.3-fpm-alpine`, which does not set']],
      severities: ['warning'],
      output: null,
      suggestions: [{
        title: 'Write process_control_timeout = 25s to php-fpm.d/zz-kube-graceful.conf',
        output: "FROM php:8.3-fpm-alpine\nRUN docker-php-ext-install pdo_mysql opcache\nCOPY . /var/www/html\nRUN printf '[global]\\nprocess_control_timeout = 25s\\n' > /usr/local/etc/php-fpm.d/zz-kube-graceful.conf\n",
      }],
    },
    {
      name: 'Dockerfile with a CMD: the RUN line goes before it, sized to the pod',
      filename: 'php/Dockerfile',
      code: 'FROM php:8.3-fpm\n^^^^^^^^^^^^^^^^ php-fpm/process-control-timeout\nCOPY . /var/www/html\nCMD ["php-fpm", "-F"]\n',
      otherFiles: [deployment('      terminationGracePeriodSeconds: 40\n')],
      output: null,
      suggestions: [{
        title: 'Write process_control_timeout = 35s to php-fpm.d/zz-kube-graceful.conf',
        output: "FROM php:8.3-fpm\nCOPY . /var/www/html\nRUN printf '[global]\\nprocess_control_timeout = 35s\\n' > /usr/local/etc/php-fpm.d/zz-kube-graceful.conf\nCMD [\"php-fpm\", \"-F\"]\n",
      }],
    },
    {
      name: 'Dockerfile: an entry script runs first, the CMD runs php-fpm',
      filename: 'php/Dockerfile',
      code: 'FROM php:8.3-fpm\n^^^^^^^^^^^^^^^^ php-fpm/process-control-timeout\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD php-fpm --nodaemonize\n',
      output: null,
      suggestions: [{
        title: 'Write process_control_timeout = 25s to php-fpm.d/zz-kube-graceful.conf',
        output: "FROM php:8.3-fpm\nCOPY docker-entrypoint.sh /usr/local/bin/\nRUN printf '[global]\\nprocess_control_timeout = 25s\\n' > /usr/local/etc/php-fpm.d/zz-kube-graceful.conf\nENTRYPOINT [\"docker-entrypoint.sh\"]\nCMD php-fpm --nodaemonize\n",
      }],
    },
    {
      name: 'Dockerfile on a base of our own: information, nothing to write blindly',
      filename: 'Dockerfile',
      code: 'FROM registry.example.com/base/php:8.2\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ php-fpm/process-control-timeout\nCMD ["php-fpm8.2", "-F"]\n',
      severities: ['info'],
      messages: [['Unless `registry.example.com/base/php:8.2` sets it']],
      output: null,
    },
    {
      name: 'Dockerfile on a base the project file says runs php-fpm',
      filename: 'Dockerfile',
      code: 'FROM ghcr.io/acme/php-base:8.3\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ php-fpm/process-control-timeout\nCOPY . /app\n',
      otherFiles: [acmePhpBase],
      severities: ['info'],
      messages: [['runs php-fpm on `ghcr.io/acme/php-base:8.3` (per .kube-graceful.yaml line 2)', 'Unless `ghcr.io/acme/php-base:8.3` sets it']],
      output: null,
    },
    {
      name: 'Dockerfile: supervisord runs php-fpm',
      filename: 'web/Dockerfile',
      code: 'FROM php:8.2-fpm\n^^^^^^^^^^^^^^^^ php-fpm/process-control-timeout\nRUN apt-get update && apt-get install -y nginx supervisor\nCOPY docker/supervisord.conf /etc/supervisor/conf.d/app.conf\nCMD ["supervisord", "-n"]\n',
      otherFiles: [{ filename: 'web/docker/supervisord.conf', code: '[program:php-fpm]\ncommand=php-fpm -F\nstopsignal=QUIT\n\n[program:nginx]\ncommand=nginx -g "daemon off;"\nstopsignal=QUIT\n' }],
      output: null,
    },
  ],
});
