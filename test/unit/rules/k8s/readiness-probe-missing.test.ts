import rule from '../../../../server/src/service/rules/k8s/readiness-probe-missing';
import { testRule } from '../../../support/rule-tester';

const service = (targetPort: number | string) => `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  selector:
    app: web
  ports:
    - port: 80
      targetPort: ${targetPort}
`;

/** A Deployment with pod label app=web and the given containers. */
const deployment = (containers: string, kind = 'Deployment') => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: web
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
${containers}`;

testRule(rule, {
  valid: [
    {
      name: 'an httpGet readiness probe',
      otherFiles: [{ filename: 'service.yaml', code: service(8080) }],
      code: deployment(`        - name: web
          image: example/web:1
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet:
              path: /ready
              port: 8080
`),
    },
    {
      name: 'a Helm template is not analysed',
      code: deployment('        - name: web\n          image: {{ .Values.image }}\n          ports:\n            - containerPort: {{ .Values.port }}\n'),
    },
    {
      name: 'only a declared port, no Service: a metrics port or a localhost peer, not reported',
      code: deployment(`        - name: web
          image: example/web:1
          ports:
            - name: http
              containerPort: 3000
`),
    },
    {
      name: 'php-fpm reached by nginx over localhost; the Service targets nginx',
      otherFiles: [{ filename: 'service.yaml', code: service('http') }],
      code: deployment(`        - name: nginx
          image: nginx:1.27
          ports:
            - name: http
              containerPort: 80
          readinessProbe:
            httpGet:
              path: /healthz
              port: http
        - name: php
          image: php:8.3-fpm
          ports:
            - containerPort: 9000
`),
    },
    {
      name: 'a worker: no port, no Service',
      code: deployment('        - name: worker\n          image: example/worker:1\n'),
    },
    {
      name: 'a Job with a port',
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
          image: example/migrate:1
          ports:
            - containerPort: 9090
`,
    },
    {
      name: 'a sidecar is not reported',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web
spec:
  initContainers:
    - name: proxy
      image: example/proxy:1
      restartPolicy: Always
      ports:
        - containerPort: 15001
  containers:
    - name: web
      image: example/web:1
      ports:
        - containerPort: 8080
      readinessProbe:
        tcpSocket:
          port: 8080
`,
    },
    {
      name: 'a Service in another namespace selects nothing here',
      otherFiles: [{ filename: 'service.yaml', code: service(8080).replace('name: web\n', 'name: web\n  namespace: other\n') }],
      code: deployment('        - name: web\n          image: example/web:1\n').replace('  name: web\n', '  name: web\n  namespace: shop\n'),
    },
  ],
  invalid: [
    {
      name: 'selected by a Service: a warning, with a TCP probe suggested',
      otherFiles: [{ filename: 'service.yaml', code: service(8080) }],
      code: deployment(`        - name: web
#               ^^^ k8s/readiness-probe-missing
          image: example/web:1
          ports:
            - containerPort: 8080
`),
      messages: [['Container `web`', 'is selected by Service `web`', 'no readinessProbe', 'ready as soon as it has started']],
      severities: ['warning'],
      output: null,
      suggestions: [{
        title: 'Add a tcpSocket readiness probe on port 8080',
        output: deployment(`        - name: web
          image: example/web:1
          ports:
            - containerPort: 8080
          readinessProbe:
            tcpSocket:
              port: 8080
`),
      }],
    },
    {
      name: 'behind a Service without a declared port: the targetPort is suggested',
      otherFiles: [{ filename: 'service.yaml', code: service(9000) }],
      code: deployment(`        - name: api
#               ^^^ k8s/readiness-probe-missing
          image: example/api:1
          livenessProbe:
            httpGet:
              path: /healthz
              port: 9000
`, 'StatefulSet'),
      severities: ['warning'],
      output: null,
      suggestions: [{
        title: 'Add a tcpSocket readiness probe on port 9000',
        output: deployment(`        - name: api
          image: example/api:1
          livenessProbe:
            httpGet:
              path: /healthz
              port: 9000
          readinessProbe:
            tcpSocket:
              port: 9000
`, 'StatefulSet'),
      }],
    },
    {
      name: 'a startupProbe covers start-up only: a hint',
      otherFiles: [{ filename: 'service.yaml', code: service(8080) }],
      code: deployment(`        - name: web
#               ^^^ k8s/readiness-probe-missing
          image: example/web:1
          ports:
            - containerPort: 8080
          startupProbe:
            httpGet:
              path: /started
              port: 8080
`),
      messages: [['startupProbe holds readiness back']],
      severities: ['hint'],
      output: null,
    },
    {
      name: 'the Service targets the app; the metrics exporter that only declares a port is not reported',
      otherFiles: [{ filename: 'service.yaml', code: service(8080) }],
      code: deployment(`        - name: web
#               ^^^ k8s/readiness-probe-missing
          image: example/web:1
          ports:
            - containerPort: 8080
        - name: exporter
          image: example/exporter:1
          ports:
            - containerPort: 9100
`),
      severities: ['warning'],
      output: null,
    },
  ],
});
