import rule from '../../../../server/src/service/rules/k8s/shell-command-no-exec';
import { testRule } from '../../../support/rule-tester';

/** A Deployment whose single container is the given lines, indented as a list item's keys. */
const deployment = (container: string, kind = 'Deployment') => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
${container}`;

testRule(rule, {
  valid: [
    { name: 'the last command is already exec\'d', code: deployment('          image: node:20\n          command: ["sh", "-c", "npm run migrate && exec node server.js"]\n') },
    { name: 'BusyBox ash on Alpine execs a single command', code: deployment('          image: node:20-alpine\n          command: ["sh", "-c", "node server.js"]\n') },
    { name: 'bash execs a single command', code: deployment('          image: example/web:1\n          command: ["/bin/bash", "-c", "node server.js --port $PORT"]\n') },
    {
      name: 'a TERM trap forwarding to a background server and waiting',
      code: deployment(`          image: node:20
          command:
            - /bin/sh
            - -c
            - trap 'kill -TERM $child' TERM; node server.js & child=$!; wait "$child"
`),
    },
    { name: 'exec form without a shell', code: deployment('          image: node:20\n          command: ["node", "server.js"]\n') },
    { name: 'a shell running a script file', code: deployment('          image: node:20\n          command: ["/bin/sh", "/app/entrypoint.sh"]\n') },
    { name: 'exec "$@" with the server as arguments', code: deployment('          image: node:20\n          command: ["sh", "-c", "exec \\"$@\\"", "--", "node", "server.js"]\n') },
    { name: 'args alone go to the image\'s ENTRYPOINT, which is not known', code: deployment('          image: node:20\n          args: ["sh", "-c", "npm run migrate && node server.js"]\n') },
    {
      name: 'a Job runs to completion',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: migrate
spec:
  template:
    spec:
      restartPolicy: Never
      containers:
        - name: migrate
          image: node:20
          command: ["sh", "-c", "npm ci && npm run migrate"]
`,
    },
    { name: 'a keep-alive sleep as the last command: exec would not help', code: deployment('          image: debian:12\n          command: ["sh", "-c", "touch /ready; sleep infinity"]\n') },
    { name: 'an image without a shell cannot run sh at all', code: deployment('          image: gcr.io/distroless/static-debian12\n          command: ["sh", "-c", "/server"]\n') },
    { name: 'a command substituted by Kubernetes is not known', code: deployment('          image: node:20\n          command: ["sh", "-c", "$(START_COMMAND)"]\n') },
    { name: 'a script the parser cannot read', code: deployment('          image: node:20\n          command: ["sh", "-c", "if then fi"]\n') },
    { name: 'a Helm template is not analysed', code: deployment('          image: {{ .Values.image }}\n          command: ["sh", "-c", "{{ .Values.start }} && node server.js"]\n') },
    { name: 'a bogus shell option is k8s/prestop-malformed territory, not this rule', code: deployment('          image: node:20\n          command: ["sh", "-SIGQUIT", "-c", "node server.js"]\n') },
  ],
  invalid: [
    {
      name: "a list under Debian's dash, double-quoted flow item rewritten with exec",
      code: deployment(`          image: node:20
          command: ["sh", "-c", "npm run migrate && node server.js"]
#                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/shell-command-no-exec
`),
      messages: [['`web`', 'a list of commands', "`node:20` has Debian's dash", '`node` never receives the stop signal', '(30 s)', 'Put `exec`']],
      severities: ['warning'],
      fixSafety: 'safe',
      output: deployment(`          image: node:20
          command: ["sh", "-c", "npm run migrate && exec node server.js"]
`),
    },
    {
      name: 'a plain block item keeps its plain style',
      code: deployment(`          image: python:3.12-slim
          command:
            - /bin/sh
            - -c
            - python manage.py migrate; gunicorn --bind 0.0.0.0:8000 app.wsgi # serve
#             ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/shell-command-no-exec
`),
      messages: [['`gunicorn`']],
      output: deployment(`          image: python:3.12-slim
          command:
            - /bin/sh
            - -c
            - python manage.py migrate; exec gunicorn --bind 0.0.0.0:8000 app.wsgi # serve
`),
    },
    {
      name: 'single-quoted args after command ["sh", "-c"], unknown image',
      code: deployment(`          image: registry.example.com/web:1.2
          command: ["sh", "-c"]
          args: ['cd /app && ./server --name ''web''']
#                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/shell-command-no-exec
`),
      messages: [['is not a shell known here', '`server`']],
      severities: ['warning'],
      output: deployment(`          image: registry.example.com/web:1.2
          command: ["sh", "-c"]
          args: ['cd /app && exec ./server --name ''web''']
`),
    },
    {
      name: 'bash with a list may exec the last command: a hint',
      code: deployment(`          image: ruby:3.3
          command: ["bash", "-c", "source /etc/profile; bundle exec puma -C config/puma.rb"]
#                                 ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/shell-command-no-exec
`),
      severities: ['hint'],
      messages: [['the shell is bash', 'bash 5.1+']],
      output: deployment(`          image: ruby:3.3
          command: ["bash", "-c", "source /etc/profile; exec bundle exec puma -C config/puma.rb"]
`),
    },
    {
      name: 'a single command under dash',
      code: deployment(`          image: node:20
          command: ["sh", "-c", "node server.js"]
#                               ^^^^^^^^^^^^^^^^ k8s/shell-command-no-exec
`),
      messages: [['a single command', "Debian's dash", 'stays PID 1']],
      severities: ['warning'],
      output: deployment(`          image: node:20
          command: ["sh", "-c", "exec node server.js"]
`),
    },
    {
      name: 'a single command in an unknown image: info',
      code: deployment(`          image: example/web:1
          command: ["/bin/sh", "-ec", "./server --port=8080"]
#                                     ^^^^^^^^^^^^^^^^^^^^^^ k8s/shell-command-no-exec
`),
      severities: ['info'],
      messages: [['unless that shell replaces itself']],
      output: deployment(`          image: example/web:1
          command: ["/bin/sh", "-ec", "exec ./server --port=8080"]
`),
    },
    {
      name: 'a literal block scalar gets a suggestion only',
      code: deployment(`          image: debian:12
          command: ["/bin/sh", "-c"]
          args:
            - |
#             ^ k8s/shell-command-no-exec
              set -e
              ./migrate
              ./server --port 8080
`),
      output: null,
      suggestions: [{
        title: 'Put `exec` before the last command',
        output: deployment(`          image: debian:12
          command: ["/bin/sh", "-c"]
          args:
            - |
              set -e
              ./migrate
              exec ./server --port 8080
`),
      }],
    },
    {
      name: 'a multi-line double-quoted scalar is re-written on one line, as a suggestion',
      code: deployment(`          image: debian:12
          command: ["sh", "-c", "./migrate &&
#                               ^^^^^^^^^^^^^ k8s/shell-command-no-exec
            ./server"]
`),
      output: null,
      suggestions: [{
        title: 'Put `exec` before the last command',
        output: deployment(`          image: debian:12
          command: ["sh", "-c", "./migrate && exec ./server"]
`),
      }],
    },
    {
      name: 'a pipeline keeps every shell as PID 1, no fix',
      code: deployment(`          image: node:20-alpine
          command: ["sh", "-c", "node server.js 2>&1 | tee /var/log/server.log"]
#                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/shell-command-no-exec
`),
      messages: [['a pipeline', 'BusyBox ash', 'forward the signal']],
      severities: ['warning'],
      output: null,
    },
    {
      name: 'a background server and wait without a trap',
      code: deployment(`          image: nginx:1.27
          command: ["sh", "-c", "php-fpm -D; nginx -g 'daemon off;' & wait"]
#                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/shell-command-no-exec
`),
      messages: [['background jobs', 'the server never receives']],
      output: null,
    },
    {
      name: 'a TERM trap with the server in the foreground runs too late; exec drops the trap, so only a suggestion',
      code: deployment(`          image: node:20
          command: ["sh", "-c", "trap 'echo bye' TERM; node server.js"]
#                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/shell-command-no-exec
`),
      messages: [['a TERM trap, which runs only after']],
      output: null,
      suggestions: [{
        title: 'Put `exec` before the last command',
        output: deployment(`          image: node:20
          command: ["sh", "-c", "trap 'echo bye' TERM; exec node server.js"]
`),
      }],
    },
    {
      name: 'a command after the server: no place for exec',
      code: deployment(`          image: node:20
          command: ["sh", "-c", "node server.js; echo exited"]
#                               ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/shell-command-no-exec
`),
      messages: [['the server never receives', 'Make the server the last command']],
      output: null,
    },
    {
      name: 'the shell of an image built by a workspace Dockerfile',
      otherFiles: [{ filename: 'web/Dockerfile', code: 'FROM python:3.12-slim\nCOPY . /app\n' }],
      code: deployment(`          image: registry.example.com/shop/web:2.0
          command: ["sh", "-c", "gunicorn app:app"]
#                               ^^^^^^^^^^^^^^^^^^ k8s/shell-command-no-exec
`),
      messages: [['web/Dockerfile', 'builds it FROM `python:3.12-slim`', "Debian's dash"]],
      severities: ['warning'],
      output: deployment(`          image: registry.example.com/shop/web:2.0
          command: ["sh", "-c", "exec gunicorn app:app"]
`),
    },
    {
      name: 'a sidecar is stopped with a signal too',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: proxy
      image: debian:12
      restartPolicy: Always
      command: ["sh", "-c", "sleep 2 && /proxy"]
#                           ^^^^^^^^^^^^^^^^^^^ k8s/shell-command-no-exec
  containers:
    - name: web
      image: example/web:1
`,
      output: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: proxy
      image: debian:12
      restartPolicy: Always
      command: ["sh", "-c", "sleep 2 && exec /proxy"]
  containers:
    - name: web
      image: example/web:1
`,
    },
  ],
});
