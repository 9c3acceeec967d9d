import rule from '../../../../server/src/service/rules/k8s/grace-period-too-short';
import { testRule } from '../../../support/rule-tester';

/** A Deployment whose pod spec is the given lines (indented by 6). */
const deployment = (spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
${spec}`;

/** A container `web` running `command`, with the lines after it; the pod spec starts with `grace`. */
const running = (grace: string, command: string, rest = '') => deployment(`${grace}      containers:
        - name: web
          image: registry.example.com/shop/orders:2.1
          command: ${command}
          ports:
            - containerPort: 8080
${rest}`);

const preStopSleep = (seconds: number) => `          lifecycle:
            preStop:
              sleep:
                seconds: ${seconds}
`;

/** The Dockerfile that builds `registry.example.com/shop/orders` (named after its folder) and the Spring config beside it. */
const springApp = (config: string, file = 'orders/src/main/resources/application.yml') => [
  { filename: 'orders/Dockerfile', code: 'FROM eclipse-temurin:21-jre\nCOPY target/orders.jar /orders.jar\nCMD ["java", "-jar", "/orders.jar"]\n' },
  { filename: file, code: config },
];

/** A Spring container: the image is built by orders/Dockerfile, its CMD runs the jar. */
const springDeployment = (grace: string, rest = '') => deployment(`${grace}      containers:
        - name: orders
          image: registry.example.com/shop/orders:2.1
          ports:
            - containerPort: 8080
${rest}`);

testRule(rule, {
  valid: [
    {
      name: 'sleep shorter than an explicit grace period',
      code: deployment(`      terminationGracePeriodSeconds: 60
      containers:
        - name: web
          image: example/web:1
          lifecycle:
            preStop:
              sleep:
                seconds: 59
`),
    },
    {
      name: 'exec sleep shorter than the default grace period',
      code: deployment(`      containers:
        - name: web
          image: example/web:1
          lifecycle:
            preStop:
              exec:
                command: ["/bin/sh", "-c", "sleep 10 && nginx -s quit"]
`),
    },
    {
      name: 'a sleep after || may not run: not counted',
      code: deployment(`      terminationGracePeriodSeconds: 20
      containers:
        - name: web
          image: example/web:1
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "curl -sf localhost/drain || sleep 30"]
`),
    },
    {
      name: 'sleep duration from a variable is unknown: say nothing',
      code: deployment(`      terminationGracePeriodSeconds: 10
      containers:
        - name: web
          image: example/web:1
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep $DRAIN_SECONDS"]
`),
    },
    {
      name: 'grace period 0 on a pod nothing routes to',
      code: deployment(`      terminationGracePeriodSeconds: 0
      containers:
        - name: worker
          image: example/worker:1
`),
    },
    {
      name: 'httpGet hook has no known duration',
      code: deployment(`      terminationGracePeriodSeconds: 5
      containers:
        - name: web
          image: example/web:1
          lifecycle:
            preStop:
              httpGet:
                path: /drain
                port: 8080
`),
    },
    {
      name: 'Sidekiq\'s timeout of 25 s and the 5 s margin fit the default 30 s',
      code: running('', '["bundle", "exec", "sidekiq", "-t", "25"]'),
    },
    {
      name: 'a gunicorn timeout set in an sh -c script that fits',
      code: running('      terminationGracePeriodSeconds: 60\n', '["sh", "-c"]', '          args: ["exec gunicorn --graceful-timeout=45 --bind 0.0.0.0:8080 app:app"]\n'),
    },
    {
      name: 'a timeout we cannot read is not replaced by the default',
      code: running('      terminationGracePeriodSeconds: 10\n', '["gunicorn", "--graceful-timeout", "$(TIMEOUT)", "app:app"]'),
    },
    {
      name: 'uWSGI without its graceful hook does not drain: no number to add',
      code: running('      terminationGracePeriodSeconds: 10\n', '["uwsgi", "--http", ":8080", "--module", "app"]'),
    },
    {
      name: 'Puma in single mode waits without limit: no number to add',
      code: running('      terminationGracePeriodSeconds: 10\n', '["bundle", "exec", "puma", "-p", "8080"]'),
    },
    {
      name: 'a plain number in Spring\'s timeout is milliseconds',
      code: springDeployment('      terminationGracePeriodSeconds: 10\n'),
      otherFiles: springApp('spring.lifecycle.timeout-per-shutdown-phase=60\n', 'orders/src/main/resources/application.properties'),
    },
    {
      name: 'a profile-specific Spring timeout may not be active: not counted',
      code: springDeployment('      terminationGracePeriodSeconds: 10\n'),
      otherFiles: springApp('spring.lifecycle.timeout-per-shutdown-phase: 2m\n', 'orders/src/main/resources/application-prod.yml'),
    },
    {
      name: 'Spring config of a test, or of two apps under one build context, is not linked',
      code: springDeployment('      terminationGracePeriodSeconds: 10\n'),
      otherFiles: [
        { filename: 'orders/Dockerfile', code: 'FROM eclipse-temurin:21-jre\nCMD ["java", "-jar", "/orders.jar"]\n' },
        { filename: 'orders/src/test/resources/application.yml', code: 'spring.lifecycle.timeout-per-shutdown-phase: 2m\n' },
        { filename: 'orders/api/src/main/resources/application.yml', code: 'spring.lifecycle.timeout-per-shutdown-phase: 2m\n' },
        { filename: 'orders/admin/src/main/resources/application.yml', code: 'spring.lifecycle.timeout-per-shutdown-phase: 2m\n' },
      ],
    },
    {
      name: 'gunicorn\'s default drain fits the default grace period; the margin alone is not worth a word on a default',
      code: running('', '["gunicorn", "app:app"]'),
    },
    {
      name: 'php-fpm without process_control_timeout stops at once: nothing to add',
      code: deployment(`      containers:
        - name: php
          image: php:8.3-fpm
          lifecycle:
            preStop:
              sleep:
                seconds: 20
`),
    },
    {
      name: 'an ALB in instance mode does not hold a pod: its delay is not the pod\'s business',
      code: deployment(`      containers:
        - name: web
          image: example/web:1
          ports:
            - containerPort: 8080
`),
      otherFiles: [{ filename: 'ingress.yaml', code: albIngress('deregistration_delay.timeout_seconds=120', false) }],
    },
  ],
  invalid: [
    {
      name: 'sh -c sleep equal to the explicit grace period',
      code: deployment(`      terminationGracePeriodSeconds: 20 # seconds
#                                    ^^ k8s/grace-period-too-short
      containers:
        - name: web
          image: example/web:1
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep 20"]
`),
      messages: [['takes 20 s', 'terminationGracePeriodSeconds is 20', '~2 s']],
      output: deployment(`      terminationGracePeriodSeconds: 50 # seconds
      containers:
        - name: web
          image: example/web:1
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep 20"]
`),
    },
    {
      name: 'native sleep of 30 with the default grace period: the key is added to the pod spec',
      code: deployment(`      containers:
        - name: web
          image: example/web:1
          lifecycle:
            preStop:
              sleep:
                seconds: 30
#                        ^^ k8s/grace-period-too-short
      restartPolicy: Always
`),
      messages: [['not set (default 30)']],
      output: deployment(`      containers:
        - name: web
          image: example/web:1
          lifecycle:
            preStop:
              sleep:
                seconds: 30
      restartPolicy: Always
      terminationGracePeriodSeconds: 60
`),
    },
    {
      name: 'several sleeps in a script add up, minutes count',
      settings: { drainBudgetSeconds: 15 },
      code: deployment(`      terminationGracePeriodSeconds: 60
#                                    ^^ k8s/grace-period-too-short
      containers:
        - name: web
          image: example/web:1
          lifecycle:
            preStop:
              exec:
                command: ["/bin/bash", "-c", "sleep 1m; nginx -s quit; sleep 5"]
`),
      messages: [['takes at least 65 s']],
      output: deployment(`      terminationGracePeriodSeconds: 80
      containers:
        - name: web
          image: example/web:1
          lifecycle:
            preStop:
              exec:
                command: ["/bin/bash", "-c", "sleep 1m; nginx -s quit; sleep 5"]
`),
    },
    {
      name: 'grace period 0 on a serving pod',
      code: deployment(`      terminationGracePeriodSeconds: 0
#                                    ^ k8s/grace-period-too-short
      containers:
        - name: web
          image: example/web:1
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "5"]
`),
      messages: [['skips every preStop hook']],
      output: deployment(`      terminationGracePeriodSeconds: 35
      containers:
        - name: web
          image: example/web:1
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "5"]
`),
    },
    {
      name: 'sleep infinity never ends and has no numeric fix',
      code: deployment(`      terminationGracePeriodSeconds: 30
#                                    ^^ k8s/grace-period-too-short
      containers:
        - name: web
          image: example/web:1
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "infinity"]
`),
      messages: [['never ends']],
      output: null,
    },
    {
      name: 'gunicorn\'s --graceful-timeout after a preStop sleep: the sum says where each number comes from',
      code: running(`      terminationGracePeriodSeconds: 30
#                                    ^^ k8s/grace-period-too-short
`, '["gunicorn", "--graceful-timeout", "60", "app:app"]', preStopSleep(10)),
      messages: [['Container `web` needs preStop 10 s + gunicorn --graceful-timeout 60 s (deployment.yaml:15) + margin 5 s = 75 s',
        'terminationGracePeriodSeconds is 30', 'SIGKILL comes 20 s after the stop signal']],
      severities: ['warning'],
      fixSafety: 'safe',
      output: running('      terminationGracePeriodSeconds: 75\n', '["gunicorn", "--graceful-timeout", "60", "app:app"]', preStopSleep(10)),
    },
    {
      name: 'a timeout in an sh -c script given as args, with the default grace period',
      code: running('', '["sh", "-c"]', `          args: ["exec gunicorn --graceful-timeout=45 --bind 0.0.0.0:8080 app:app"]
      restartPolicy: Always
`).replace('        - name: web\n', '        - name: web\n#               ^^^ k8s/grace-period-too-short\n'),
      messages: [['gunicorn --graceful-timeout 45 s (deployment.yaml:17)', 'not set (default 30)']],
      output: running('', '["sh", "-c"]', `          args: ["exec gunicorn --graceful-timeout=45 --bind 0.0.0.0:8080 app:app"]
      restartPolicy: Always
      terminationGracePeriodSeconds: 50
`),
    },
    {
      name: 'Sidekiq -t40 does not fit',
      code: running(`      terminationGracePeriodSeconds: 30
#                                    ^^ k8s/grace-period-too-short
`, '["bundle", "exec", "sidekiq", "-t40"]'),
      messages: [['Sidekiq timeout 40 s']],
      output: running('      terminationGracePeriodSeconds: 45\n', '["bundle", "exec", "sidekiq", "-t40"]'),
    },
    {
      name: 'gunicorn\'s default timeout after a preStop sleep: information, a config file may change it',
      code: running(`      terminationGracePeriodSeconds: 30
#                                    ^^ k8s/grace-period-too-short
`, '["gunicorn", "app:app"]', preStopSleep(10)),
      messages: [['gunicorn --graceful-timeout (default) 30 s']],
      severities: ['info'],
      output: running('      terminationGracePeriodSeconds: 45\n', '["gunicorn", "app:app"]', preStopSleep(10)),
    },
    {
      name: 'only the margin is missing: a hint',
      code: running(`      terminationGracePeriodSeconds: 30
#                                    ^^ k8s/grace-period-too-short
`, '["gunicorn", "--graceful-timeout", "30", "app:app"]'),
      messages: [['= 35 s', 'margin']],
      severities: ['hint'],
      output: running('      terminationGracePeriodSeconds: 35\n', '["gunicorn", "--graceful-timeout", "30", "app:app"]'),
    },
    {
      name: 'Puma in cluster mode drains its workers for 30 s by default',
      code: running(`      terminationGracePeriodSeconds: 30
#                                    ^^ k8s/grace-period-too-short
`, '["bundle", "exec", "puma", "-w", "4"]', preStopSleep(5)),
      messages: [['Puma worker_shutdown_timeout (default) 30 s']],
      severities: ['info'],
      output: running('      terminationGracePeriodSeconds: 40\n', '["bundle", "exec", "puma", "-w", "4"]', preStopSleep(5)),
    },
    {
      name: 'Spring\'s timeout-per-shutdown-phase from the app in the folder of the Dockerfile that builds the image',
      code: springDeployment(`      terminationGracePeriodSeconds: 30
#                                    ^^ k8s/grace-period-too-short
`, preStopSleep(10)),
      otherFiles: springApp('server:\n  shutdown: graceful\nspring:\n  lifecycle:\n    timeout-per-shutdown-phase: PT30S\n'),
      messages: [['preStop 10 s + Spring timeout-per-shutdown-phase 30 s (orders/src/main/resources/application.yml:5) + margin 5 s = 45 s']],
      severities: ['warning'],
      output: springDeployment('      terminationGracePeriodSeconds: 45\n', preStopSleep(10)),
    },
    {
      name: 'Spring\'s default timeout counts where server.shutdown=graceful says the app drains',
      code: springDeployment(`      terminationGracePeriodSeconds: 30
#                                    ^^ k8s/grace-period-too-short
`, preStopSleep(10)),
      otherFiles: springApp('server.shutdown=graceful\n', 'orders/src/main/resources/application.properties'),
      messages: [['Spring timeout-per-shutdown-phase (default, with server.shutdown=graceful) 30 s (orders/src/main/resources/application.properties:1)']],
      severities: ['info'],
      output: springDeployment('      terminationGracePeriodSeconds: 45\n', preStopSleep(10)),
    },
    {
      name: 'php-fpm\'s process_control_timeout from the pool directory beside its Dockerfile',
      code: deployment(`      terminationGracePeriodSeconds: 30
#                                    ^^ k8s/grace-period-too-short
      containers:
        - name: php
          image: registry.example.com/shop/php:2.3.1
          ports:
            - containerPort: 9000
`),
      otherFiles: [
        { filename: 'php/Dockerfile', code: 'FROM php:8.3-fpm\nCOPY php-fpm.d/ /usr/local/etc/php-fpm.d/\nCMD ["php-fpm"]\n' },
        { filename: 'php/php-fpm.d/zz-app.conf', code: '[global]\nprocess_control_timeout = 1m ; finish requests on SIGQUIT\n\n[www]\npm = dynamic\n' },
      ],
      messages: [['php-fpm process_control_timeout 60 s (php/php-fpm.d/zz-app.conf:2)']],
      output: deployment(`      terminationGracePeriodSeconds: 65
      containers:
        - name: php
          image: registry.example.com/shop/php:2.3.1
          ports:
            - containerPort: 9000
`),
    },
    {
      name: 'an ALB in ip mode keeps requests to the pod for 120 s: with nothing known about the app, the pod must outlive it',
      code: deployment(`      containers:
        - name: web
#               ^^^ k8s/grace-period-too-short
          image: example/web:1
          ports:
            - containerPort: 8080
`),
      otherFiles: [{ filename: 'ingress.yaml', code: albIngress('deregistration_delay.timeout_seconds=120', true) }],
      messages: [['AWS ALB deregistration delay of Ingress `web` 120 s (ingress.yaml:', 'the load balancer still waits up to 120 s']],
      severities: ['warning'],
      output: deployment(`      containers:
        - name: web
          image: example/web:1
          ports:
            - containerPort: 8080
      terminationGracePeriodSeconds: 120
`),
    },
  ],
});

/** An ALB Ingress and the Service `web` behind it (selecting app: web). */
function albIngress(attributes: string, ipTargets: boolean): string {
  return `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
${ipTargets ? '    alb.ingress.kubernetes.io/target-type: ip\n' : ''}    alb.ingress.kubernetes.io/target-group-attributes: ${attributes}
spec:
  ingressClassName: alb
  defaultBackend:
    service:
      name: web
      port:
        number: 80
---
apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`;
}
