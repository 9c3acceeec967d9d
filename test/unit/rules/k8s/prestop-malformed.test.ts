import rule from '../../../../server/src/service/rules/k8s/prestop-malformed';
import { testRule } from '../../../support/rule-tester';

/** A Deployment whose container `web` has the given lines after its image, the hook among them. */
const deployment = (lines: string, podSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
${podSpec}      containers:
        - name: web
          image: example/web:1.4
${lines}`;

testRule(rule, {
  valid: [
    { name: 'exec sleep as two words', code: deployment('          lifecycle:\n            preStop:\n              exec:\n                command: ["/bin/sleep", "5"]\n') },
    { name: 'a shell with -ec and a script', code: deployment('          lifecycle:\n            preStop:\n              exec:\n                command: ["/bin/sh", "-ec", "sleep 5; nginx -s quit"]\n') },
    { name: 'bash -o pipefail -c', code: deployment('          lifecycle:\n            preStop:\n              exec:\n                command: ["bash", "-o", "pipefail", "-c", "curl -s localhost/drain | tee /tmp/out"]\n') },
    { name: 'a script argument with spaces is fine after the program', code: deployment('          lifecycle:\n            preStop:\n              exec:\n                command: ["/drain", "--reason", "pod is stopping"]\n') },
    { name: 'the sleep action at the grace period is accepted', code: deployment('          lifecycle:\n            preStop:\n              sleep:\n                seconds: 30\n') },
    { name: 'sleep 0 from Kubernetes 1.33', settings: { kubernetesVersion: '1.33' }, code: deployment('          lifecycle:\n            preStop:\n              sleep:\n                seconds: 0\n') },
    { name: 'a sleep that a placeholder fills in later', code: deployment('          lifecycle:\n            preStop:\n              sleep:\n                seconds: ${PRESTOP_SECONDS}\n') },
    { name: 'httpGet to a declared named port', code: deployment('          ports:\n            - name: admin\n              containerPort: 9901\n          lifecycle:\n            preStop:\n              httpGet:\n                path: /drain\n                port: admin\n') },
    { name: 'httpGet to a port number the container does not list', code: deployment('          lifecycle:\n            preStop:\n              httpGet:\n                path: /drain\n                port: 8080\n') },
    { name: 'httpGet to a quoted port number', code: deployment('          lifecycle:\n            preStop:\n              httpGet:\n                path: /drain\n                port: "8080"\n') },
    { name: 'no lifecycle at all', code: deployment('          ports:\n            - containerPort: 80\n') },
    { name: 'an empty preStop is no hook', code: deployment('          lifecycle:\n            preStop:\n') },
    { name: 'a port placeholder filled in later', code: deployment('          lifecycle:\n            preStop:\n              httpGet:\n                path: /drain\n                port: ${ADMIN_PORT}\n') },
    { name: 'a command placeholder filled in later', code: deployment('          lifecycle:\n            preStop:\n              exec:\n                command: ${PRESTOP_COMMAND}\n') },
    { name: 'a Helm template is not analysed', code: deployment('          lifecycle:\n            preStop:\n              exec:\n                command: {{ toJson .Values.preStop }}\n') },
  ],
  invalid: [
    {
      name: 'one string with a space in a flow sequence is split',
      code: deployment(`          lifecycle:
            preStop:
              exec:
                command: ["/bin/sleep 5"] # wait for the LB
#                         ^^^^^^^^^^^^^^ k8s/prestop-malformed
`),
      messages: [['one word with spaces', '"/bin/sleep 5"', 'FailedPreStopHook']],
      severities: ['error'],
      fixSafety: 'safe',
      output: deployment(`          lifecycle:
            preStop:
              exec:
                command: ["/bin/sleep", "5"] # wait for the LB
`),
    },
    {
      name: 'a whole `sh -c` line in one string keeps the script as one word',
      code: deployment(`          lifecycle:
            preStop:
              exec:
                command: ["/bin/sh -c sleep 10"]
#                         ^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-malformed
`),
      output: deployment(`          lifecycle:
            preStop:
              exec:
                command: ["/bin/sh", "-c", "sleep 10"]
`),
    },
    {
      name: 'one string in a block sequence becomes one item per word',
      code: deployment(`          lifecycle:
            preStop:
              exec:
                command:
                  - sh -c
#                   ^^^^^ k8s/prestop-malformed
                  - sleep 5
`),
      output: deployment(`          lifecycle:
            preStop:
              exec:
                command:
                  - "sh"
                  - "-c"
                  - sleep 5
`),
    },
    {
      name: 'a string with shell syntax can only be run by a shell: a suggestion',
      code: deployment(`          lifecycle:
            preStop:
              exec:
                command: ["sleep 5 && nginx -s quit"]
#                         ^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-malformed
`),
      messages: [['run it with `sh -c`']],
      output: null,
      suggestions: [{
        title: 'Run it with `sh -c`',
        output: deployment(`          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep 5 && nginx -s quit"]
`),
      }],
    },
    {
      name: 'a command given as a string instead of a list',
      code: deployment(`          lifecycle:
            preStop:
              exec:
                command: sleep 5
#                        ^^^^^^^ k8s/prestop-malformed
`),
      messages: [['a string (`sleep 5`), not a list of strings: the API rejects it']],
      output: deployment(`          lifecycle:
            preStop:
              exec:
                command: ["sleep", "5"]
`),
    },
    {
      name: 'a number in the command is quoted',
      code: deployment(`          lifecycle:
            preStop:
              exec:
                command: [sleep, 5]
#                                ^ k8s/prestop-malformed
`),
      messages: [['`5`', 'a number', 'Quote it']],
      output: deployment(`          lifecycle:
            preStop:
              exec:
                command: [sleep, "5"]
`),
    },
    {
      name: 'a shell with a bogus option, meant as kill',
      code: deployment(`          lifecycle:
            preStop:
              exec:
                command: ["/bin/sh", "-SIGQUIT", "1"]
#                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-malformed
`),
      messages: [['`-S` is not an option of sh', 'kill -SIGQUIT']],
      output: null,
    },
    {
      name: '-c without a script',
      code: deployment(`          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c"]
#                        ^^^^^^^^^^^^ k8s/prestop-malformed
`),
      messages: [['`-c` needs the script']],
      output: null,
    },
    {
      name: 'an exec without a command',
      code: deployment(`          lifecycle:
            preStop:
              exec:
                command: []
#                        ^^ k8s/prestop-malformed
`),
      output: null,
    },
    {
      name: 'tcpSocket is not a handler; the sleep action is suggested',
      code: deployment(`          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              tcpSocket:
#             ^^^^^^^^^ k8s/prestop-malformed
                port: 8080
`),
      messages: [['tcpSocket is not supported', 'use the sleep action']],
      output: null,
      suggestions: [{
        title: 'Replace tcpSocket by the sleep action (5 s)',
        output: deployment(`          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`),
      }],
    },
    {
      name: 'tcpSocket below Kubernetes 1.30: an exec sleep is suggested',
      settings: { kubernetesVersion: '1.29' },
      code: deployment(`          lifecycle:
            preStop: {tcpSocket: {port: 8080}}
#                     ^^^^^^^^^ k8s/prestop-malformed
`),
      output: null,
      suggestions: [{
        title: 'Replace tcpSocket by exec `sleep 5`',
        output: deployment(`          lifecycle:
            preStop: {exec: {command: ["sleep", "5"]}}
`),
      }],
    },
    {
      name: 'two handlers',
      code: deployment(`          lifecycle:
            preStop:
#           ^^^^^^^ k8s/prestop-malformed
              exec:
                command: ["sleep", "5"]
              httpGet:
                path: /drain
                port: 8080
`),
      messages: [['2 handlers (`exec` and `httpGet`)', 'may not specify more than 1 handler type']],
      output: null,
    },
    {
      name: 'no handler: a misspelt key',
      code: deployment(`          lifecycle:
            preStop:
#           ^^^^^^^ k8s/prestop-malformed
              exce:
                command: ["sleep", "5"]
`),
      messages: [['no handler']],
      output: null,
    },
    {
      name: 'a negative sleep',
      code: deployment(`          lifecycle:
            preStop:
              sleep:
                seconds: -5
#                        ^^ k8s/prestop-malformed
`),
      messages: [['-5', 'non-negative']],
      output: null,
    },
    {
      name: 'a sleep of 0 before Kubernetes 1.33',
      settings: { kubernetesVersion: '1.32' },
      code: deployment(`          lifecycle:
            preStop:
              sleep:
                seconds: 0
#                        ^ k8s/prestop-malformed
`),
      messages: [['before Kubernetes 1.33']],
      output: null,
    },
    {
      name: 'a sleep longer than the grace period',
      code: deployment(`          lifecycle:
            preStop:
              sleep:
                seconds: 45
#                        ^^ k8s/prestop-malformed
`, '      terminationGracePeriodSeconds: 40\n'),
      messages: [['sleep.seconds is 45, longer than terminationGracePeriodSeconds (40)']],
      output: null,
    },
    {
      name: 'a sleep longer than the default grace period',
      code: deployment(`          lifecycle:
            preStop:
              sleep:
                seconds: 31
#                        ^^ k8s/prestop-malformed
`),
      messages: [['the default terminationGracePeriodSeconds (30)']],
      output: null,
    },
    {
      name: 'the sleep action below Kubernetes 1.30: an exec sleep is suggested',
      settings: { kubernetesVersion: '1.29' },
      code: deployment(`          lifecycle:
            preStop:
#           ^^^^^^^ k8s/prestop-malformed
              sleep:
                seconds: 5
`),
      severities: ['warning'],
      messages: [['from Kubernetes 1.30', 'is 1.29']],
      output: null,
      suggestions: [{
        title: 'Replace the sleep action by exec `sleep 5`',
        output: deployment(`          lifecycle:
            preStop:
              exec:
                command: ["sleep", "5"]
`),
      }],
    },
    {
      name: 'httpGet to a named port the container does not declare',
      code: deployment(`          ports:
            - name: http
              containerPort: 8080
          lifecycle:
            preStop:
              httpGet:
                path: /drain
                port: admin
#                     ^^^^^ k8s/prestop-malformed
`),
      messages: [['port `admin`', 'its named ports: `http`']],
      output: null,
    },
    {
      name: 'a sidecar hook is checked too',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: proxy
      image: example/proxy:1
      restartPolicy: Always
      lifecycle:
        preStop:
          exec:
            command: ["sleep 10"]
#                     ^^^^^^^^^^ k8s/prestop-malformed
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
      image: example/proxy:1
      restartPolicy: Always
      lifecycle:
        preStop:
          exec:
            command: ["sleep", "10"]
  containers:
    - name: web
      image: example/web:1
`,
    },
  ],
});
