import rule from '../../../../server/src/service/rules/k8s/prestop-returns-early';
import { testRule } from '../../../support/rule-tester';

/** A Deployment whose single container `web` runs `image` with the given preStop exec command line. */
const withHook = (image: string, command: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: ${image}
${extra}          lifecycle:
            preStop:
              exec:
                command: ${command}
`;

testRule(rule, {
  valid: [
    { name: 'nginx -s quit followed by a killall -0 wait loop', code: withHook('registry.example.com/web:1', '["/bin/sh", "-c", "sleep 5 && nginx -s quit && while killall -0 nginx; do sleep 1; done"]') },
    { name: 'a pgrep wait loop', code: withHook('registry.example.com/web:1', '["sh", "-c", "nginx -s quit; while pgrep -x nginx > /dev/null; do sleep 1; done"]') },
    { name: 'a sleep after the signal', code: withHook('registry.example.com/web:1', '["sh", "-c", "nginx -s quit; sleep 15"]') },
    { name: 'a sleep of unknown length after the signal', code: withHook('registry.example.com/web:1', '["sh", "-c", "nginx -s quit; sleep $DRAIN_SECONDS"]') },
    { name: 'the official nginx image stops with SIGQUIT too', code: withHook('nginx:1.27', '["sh", "-c", "sleep 5; nginx -s quit"]') },
    { name: 'the official httpd image stops with SIGWINCH too', code: withHook('httpd:2.4', '["sh", "-c", "sleep 3; apachectl -k graceful-stop"]') },
    { name: 'the official php-fpm image stops with SIGQUIT too', code: withHook('php:8.3-fpm', '["sh", "-c", "sleep 3; kill -QUIT $(cat /usr/local/var/run/php-fpm.pid)"]') },
    { name: 'HAProxy soft stop in the official image', code: withHook('haproxy:2.9', '["sh", "-c", "sleep 3; kill -USR1 1"]') },
    {
      name: 'lifecycle.stopSignal SIGQUIT with spec.os.name on Kubernetes 1.33',
      settings: { kubernetesVersion: '1.33' },
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  os:
    name: linux
  containers:
    - name: web
      image: registry.example.com/web:1
      lifecycle:
        stopSignal: SIGQUIT
        preStop:
          exec:
            command: ["sh", "-c", "sleep 5; nginx -s quit"]
`,
    },
    { name: 'SIGTERM after a sleep is just an early stop signal', code: withHook('registry.example.com/web:1', '["sh", "-c", "sleep 10 && kill -TERM 1"]') },
    { name: 'an admin drain endpoint, then a sleep', code: withHook('envoyproxy/envoy:v1.30', '["sh", "-c", "curl -sf -X POST http://127.0.0.1:9901/healthcheck/fail && sleep 20"]') },
    { name: 'wait after a background signal', code: withHook('registry.example.com/web:1', '["sh", "-c", "kill -QUIT 1 & wait"]') },
    { name: 'a drain script we cannot see', code: withHook('registry.example.com/web:1', '["/usr/local/bin/drain.sh"]') },
    { name: 'a command after the signal that may take time', code: withHook('registry.example.com/web:1', '["sh", "-c", "nginx -s quit && /usr/local/bin/wait-for-drain"]') },
    { name: 'nginx -s reload is not a stop', code: withHook('registry.example.com/web:1', '["nginx", "-s", "reload"]') },
    { name: 'kill -0 only checks', code: withHook('registry.example.com/web:1', '["kill", "-0", "1"]') },
    { name: 'USR1 to nginx reopens its logs', code: withHook('nginx:1.27', '["sh", "-c", "kill -USR1 1"]') },
    { name: 'a plain sleep', code: withHook('registry.example.com/web:1', '["sleep", "5"]') },
    { name: 'a signal inside a conditional block is not read', code: withHook('registry.example.com/web:1', '["sh", "-c", "if [ -f /run/nginx.pid ]; then nginx -s quit; fi"]') },
    { name: 'a bogus shell option is k8s/prestop-malformed territory', code: withHook('registry.example.com/web:1', '["/bin/sh", "-SIGQUIT", "1"]') },
    { name: 'an image without a shell cannot run the hook at all: k8s/prestop-sleep-unavailable says so', code: withHook('gcr.io/distroless/static-debian12', '["sh", "-c", "nginx -s quit"]') },
    {
      name: 'a Helm template is not analysed',
      code: withHook('{{ .Values.image }}', '{{ toJson .Values.preStopCommand }}'),
    },
  ],
  invalid: [
    {
      name: 'nginx -s quit alone: a sleep before and a wait loop after',
      code: withHook('registry.example.com/web:1.4', `["/bin/sh", "-c", "nginx -s quit"]
#                                          ^^^^^^^^^^^^^^^ k8s/prestop-returns-early`),
      messages: [[
        'container `web`', '`nginx -s quit` (SIGQUIT) and returns at once', 'nginx starts stopping while kube-proxy',
        'SIGTERM unless the image sets a STOPSIGNAL', 'for nginx means fast shutdown', 'Wait in the hook until nginx has exited',
      ]],
      severities: ['warning'],
      fixSafety: 'unsafe',
      output: withHook('registry.example.com/web:1.4', '["/bin/sh", "-c", "sleep 5; nginx -s quit; while kill -0 1 2>/dev/null; do sleep 1; done"]'),
      suggestions: [{
        title: 'Replace the hook by a 5 s sleep and let the stop signal (make it SIGQUIT) stop the server',
        output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`,
      }],
    },
    {
      name: 'a plain argv becomes a shell script',
      code: withHook('registry.example.com/web:1.4', `["nginx", "-s", "quit"]
#                        ^^^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-returns-early`),
      output: withHook('registry.example.com/web:1.4', '["sh", "-c", "sleep 5; nginx -s quit; while kill -0 1 2>/dev/null; do sleep 1; done"]'),
    },
    {
      name: 'a sleep before, but the stop signal of an unknown image may be SIGTERM: a hint',
      code: withHook('registry.example.com/web:1.4', `["sh", "-c", "sleep 5 && kill -QUIT 1"]
#                                     ^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-returns-early`),
      messages: [['sleeps 5 s, then runs `kill -QUIT 1`', 'which may cut the graceful stop short', 'Wait in the hook until the main process has exited.']],
      severities: ['hint'],
      output: withHook('registry.example.com/web:1.4', '["sh", "-c", "sleep 5 && kill -QUIT 1; while kill -0 1 2>/dev/null; do sleep 1; done"]'),
      suggestions: [{
        title: 'Replace the hook by a 5 s sleep and let the stop signal (make it SIGQUIT) stop the server',
        output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/web:1.4
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`,
      }],
    },
    {
      name: 'the workspace Dockerfile stops nginx with SIGTERM: a fast shutdown right after the quit',
      otherFiles: [{ filename: 'web/Dockerfile', code: 'FROM debian:12\nRUN apt-get update && apt-get install -y nginx\nSTOPSIGNAL SIGTERM\nCMD ["nginx", "-g", "daemon off;"]\n' }],
      code: withHook('registry.example.com/shop/web:2', `["sh", "-c", "sleep 10; nginx -s quit"]
#                                     ^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-returns-early`),
      messages: [['sleeps 10 s', 'SIGTERM (STOPSIGNAL in web/Dockerfile line 3)', 'fast shutdown']],
      severities: ['warning'],
      output: withHook('registry.example.com/shop/web:2', '["sh", "-c", "sleep 10; nginx -s quit; while kill -0 1 2>/dev/null; do sleep 1; done"]'),
      suggestions: [{
        title: 'Replace the hook by a 10 s sleep and let the stop signal (make it SIGQUIT) stop the server',
        output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/shop/web:2
          lifecycle:
            preStop:
              sleep:
                seconds: 10
`,
      }],
    },
    {
      name: 'pkill php-fpm: the wait loop asks pkill too',
      code: withHook('registry.example.com/fpm:8', `["sh", "-c", "pkill -QUIT php-fpm"]
#                                     ^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-returns-early`),
      messages: [['php-fpm starts stopping', 'for php-fpm means immediate termination']],
      output: withHook('registry.example.com/fpm:8', '["sh", "-c", "sleep 5; pkill -QUIT php-fpm; while pkill -0 php-fpm 2>/dev/null; do sleep 1; done"]'),
    },
    {
      name: 'kill -TERM 1 alone delays nothing: a sleep before it is the fix',
      code: withHook('registry.example.com/web:1.4', `["kill", "-TERM", "1"]
#                        ^^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-returns-early`),
      messages: [['`kill -TERM 1` (SIGTERM) and returns at once', 'the hook delays nothing']],
      output: withHook('registry.example.com/web:1.4', '["sh", "-c", "sleep 5; kill -TERM 1"]'),
    },
    {
      name: 'a literal block script keeps its lines; Kubernetes 1.29 suggests an exec sleep',
      settings: { kubernetesVersion: '1.29' },
      code: withHook('registry.example.com/apache:2', `
                  - /bin/sh
                  - -c
                  - |
#                   ^ k8s/prestop-returns-early
                    sleep 3
                    apachectl -k graceful-stop`),
      messages: [['sleeps 3 s, then runs `apachectl -k graceful-stop` (SIGWINCH)', 'for Apache httpd means stop']],
      severities: ['hint'],
      output: withHook('registry.example.com/apache:2', `
                  - /bin/sh
                  - -c
                  - |
                    sleep 3
                    apachectl -k graceful-stop; while kill -0 1 2>/dev/null; do sleep 1; done`),
      suggestions: [{
        title: 'Replace the hook by a 3 s sleep and let the stop signal (make it SIGWINCH) stop the server',
        output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: registry.example.com/apache:2
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "3"]
`,
      }],
    },
    {
      name: 'a sleep after `||` runs only when the signal failed',
      code: withHook('registry.example.com/web:1.4', `["sh", "-c", "nginx -s quit || sleep 5"]
#                                     ^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-returns-early`),
      output: withHook('registry.example.com/web:1.4', '["sh", "-c", "sleep 5; nginx -s quit; while kill -0 1 2>/dev/null; do sleep 1; done || sleep 5"]'),
    },
    {
      name: 'only echo after the signal: still returns at once',
      code: withHook('nginx:1.27', `["sh", "-c", "nginx -s quit; echo stopping"]
#                                     ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-returns-early`),
      messages: [['SIGQUIT (`nginx:1.27`', 'the same signal again']],
      output: withHook('nginx:1.27', '["sh", "-c", "sleep 5; nginx -s quit; while kill -0 1 2>/dev/null; do sleep 1; done; echo stopping"]'),
    },
  ],
});
