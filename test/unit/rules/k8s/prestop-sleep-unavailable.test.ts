import rule from '../../../../server/src/service/rules/k8s/prestop-sleep-unavailable';
import { testRule } from '../../../support/rule-tester';

/** A Deployment whose single container `api` is the given lines. */
const deployment = (container: string, podSpec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: api
spec:
  template:
    spec:
${podSpec}      containers:
        - name: api
${container}`;

const scratchDockerfile = {
  filename: 'api/Dockerfile',
  code: 'FROM golang:1.22 AS build\nCOPY . /src\nRUN cd /src && go build -o /api .\n\nFROM scratch\nCOPY --from=build /api /api\nENTRYPOINT ["/api"]\n',
};

testRule(rule, {
  valid: [
    {
      name: 'the sleep action needs nothing in the image',
      code: deployment(`          image: gcr.io/distroless/static-debian12
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`),
    },
    {
      name: 'distroless :debug carries BusyBox',
      code: deployment(`          image: gcr.io/distroless/base-debian12:debug
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep 5"]
`),
    },
    {
      name: "the app's own binary exists in a distroless image",
      code: deployment(`          image: gcr.io/distroless/static-debian12
          lifecycle:
            preStop:
              exec:
                command: ["/api", "drain", "--wait=10s"]
`),
    },
    {
      name: 'a Helm template is not analysed',
      code: deployment(`          image: "gcr.io/distroless/static-debian12:{{ .Chart.AppVersion }}"
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "{{ .Values.preStopSeconds }}"]
`),
    },
    {
      name: 'an image with a shell',
      code: deployment(`          image: debian:12-slim
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "5"]
`),
    },
    {
      name: 'an unknown image is not assumed to lack a shell',
      code: deployment(`          image: registry.example.com/api:1.0
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "5"]
`),
    },
    {
      name: 'a workspace Dockerfile whose final stage has a shell',
      otherFiles: [{ filename: 'api/Dockerfile', code: 'FROM scratch AS empty\nFROM alpine:3.20\nCOPY api /api\n' }],
      code: deployment(`          image: registry.example.com/shop/api:1.0
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "5"]
`),
    },
    {
      name: 'an httpGet hook is run by the kubelet',
      code: deployment(`          image: gcr.io/distroless/static-debian12
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              httpGet:
                path: /drain
                port: 8080
`),
    },
  ],
  invalid: [
    {
      name: 'distroless with sh -c sleep, Kubernetes 1.30: the sleep action replaces it',
      code: deployment(`          image: gcr.io/distroless/static-debian12:nonroot
          lifecycle:
            preStop: # wait for the endpoints
              exec:
                command: ["sh", "-c", "sleep 10"]
#                        ^^^^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-sleep-unavailable
          ports:
            - containerPort: 8080
`),
      messages: [['`api`', '`sh`', '`gcr.io/distroless/static-debian12:nonroot` has no shell (a distroless image)', 'FailedPreStopHook', '`sleep.seconds: 10`']],
      severities: ['warning'],
      fixSafety: 'safe',
      output: deployment(`          image: gcr.io/distroless/static-debian12:nonroot
          lifecycle:
            preStop: # wait for the endpoints
              sleep:
                seconds: 10
          ports:
            - containerPort: 8080
`),
    },
    {
      name: 'scratch built by a workspace Dockerfile: a hint that says where it comes from',
      otherFiles: [scratchDockerfile],
      code: deployment(`          image: registry.example.com/shop/api:1.4
          lifecycle:
            preStop:
              exec:
                command:
                  - /bin/sleep
#                 ^^^^^^^^^^^^ k8s/prestop-sleep-unavailable
                  - "5"
`),
      messages: [['api/Dockerfile', 'builds it FROM `scratch`', 'no shell']],
      severities: ['hint'],
      output: deployment(`          image: registry.example.com/shop/api:1.4
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`),
    },
    {
      name: "Chainguard's static image, flow-style hook",
      code: deployment(`          image: cgr.dev/chainguard/static:latest
          lifecycle:
            preStop: {exec: {command: [sleep, "3"]}}
#                                     ^^^^^^^^^^^^ k8s/prestop-sleep-unavailable
`),
      output: deployment(`          image: cgr.dev/chainguard/static:latest
          lifecycle:
            preStop: {sleep: {seconds: 3}}
`),
    },
    {
      name: 'below Kubernetes 1.30 there is no safe fix; the sleep action is only suggested',
      settings: { kubernetesVersion: '1.29' },
      code: deployment(`          image: gcr.io/distroless/java21-debian12
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "5"]
#                        ^^^^^^^^^^^^^^ k8s/prestop-sleep-unavailable
`),
      messages: [['Below Kubernetes 1.30', 'no safe fix']],
      output: null,
      suggestions: [{
        title: 'Replace the exec hook by the sleep action (5 s, Kubernetes 1.30+)',
        output: deployment(`          image: gcr.io/distroless/java21-debian12
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`),
      }],
    },
    {
      name: 'a hook that also runs other commands: the replacement drops them, so it is a suggestion',
      code: deployment(`          image: gcr.io/distroless/static-debian12
          lifecycle:
            preStop:
              exec:
                command: ["/bin/sh", "-c", "sleep 5; /api drain"]
#                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-sleep-unavailable
`),
      output: null,
      suggestions: [{
        title: 'Replace the exec hook by the sleep action (5 s)',
        output: deployment(`          image: gcr.io/distroless/static-debian12
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`),
      }],
    },
    {
      name: 'a sleep of unknown length gets no fix',
      code: deployment(`          image: gcr.io/distroless/static-debian12
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep $DRAIN_SECONDS"]
#                        ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/prestop-sleep-unavailable
`),
      messages: [['Use the sleep action (`lifecycle.preStop.sleep.seconds`)']],
      output: null,
    },
    {
      name: 'a sleep longer than the grace period cannot become a sleep action (the API rejects it)',
      code: deployment(`          image: gcr.io/distroless/static-debian12
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "40"]
#                        ^^^^^^^^^^^^^^^ k8s/prestop-sleep-unavailable
`),
      output: null,
    },
    {
      name: 'a comment inside the exec handler would be lost: only a suggestion',
      code: deployment(`          image: gcr.io/distroless/static-debian12
          lifecycle:
            preStop:
              exec:
                # give the load balancer time
                command: ["sleep", "5"]
#                        ^^^^^^^^^^^^^^ k8s/prestop-sleep-unavailable
`),
      output: null,
      suggestions: [{
        title: 'Replace the exec hook by the sleep action (5 s)',
        output: deployment(`          image: gcr.io/distroless/static-debian12
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`),
      }],
    },
  ],
});
