import rule from '../../../../server/src/service/rules/k8s/lb-draining';
import { testRule } from '../../../support/rule-tester';

/** A Deployment `web` behind Service `web`; `container` holds the lines after `image:`, `spec` lines before `containers:`. */
const deployment = (container = '', spec = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
${spec}      containers:
        - name: web
          image: example/web:1.4
${container}          ports:
            - containerPort: 8080
`;

const gunicorn = (flags: string) => `          command: ["gunicorn", ${flags}"app:app"]\n`;

/** Service `web`; `extra` lines go under metadata (annotations) and `spec` lines under spec. */
const service = (metadata = '', spec = '') => `apiVersion: v1
kind: Service
metadata:
  name: web
${metadata}spec:
${spec}  selector:
    app: web
  ports:
    - port: 80
      targetPort: 8080
`;

const ingress = (annotations: string, spec = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
${annotations}spec:
${spec}  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
`;

/** Marks `kind: Service` (column 6) as where the finding is. */
const markKind = (code: string) => code.replace('kind: Service\n', 'kind: Service\n#     ^^^^^^^ k8s/lb-draining\n');

const workload = (container = '', spec = '') => ({ filename: 'deploy/web.yaml', code: `${service()}---\n${deployment(container, spec)}` });

testRule(rule, {
  valid: [
    {
      name: 'an ALB in ip mode without a written delay drains the AWS default of 300 s',
      code: ingress('    alb.ingress.kubernetes.io/target-type: ip\n    alb.ingress.kubernetes.io/target-group-attributes: stickiness.enabled=true\n'),
      otherFiles: [workload()],
    },
    {
      name: 'an ALB in instance mode: deleting a pod deregisters nothing, a short delay is not compared',
      code: ingress('    alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=5\n'),
      otherFiles: [workload(gunicorn('"--graceful-timeout", "60", '), '      terminationGracePeriodSeconds: 90\n')],
    },
    {
      name: 'an ALB whose delay covers the preStop delay and gunicorn\'s timeout',
      code: ingress('    alb.ingress.kubernetes.io/target-type: ip\n    alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=40\n'),
      otherFiles: [workload(gunicorn('"--graceful-timeout", "30", ') + '          lifecycle:\n            preStop:\n              sleep:\n                seconds: 10\n', '      terminationGracePeriodSeconds: 45\n')],
    },
    {
      name: 'a delay longer than the grace period is not flagged: the load balancer stops waiting when no request is left',
      code: ingress('    alb.ingress.kubernetes.io/target-type: ip\n    alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=300\n'),
      otherFiles: [workload()],
    },
    {
      name: 'Azure\'s standard load balancer has no draining setting',
      code: service('  annotations:\n    service.beta.kubernetes.io/azure-load-balancer-internal: "true"\n', '  type: LoadBalancer\n'),
    },
    {
      name: 'a LoadBalancer Service of an unknown cloud',
      code: service('', '  type: LoadBalancer\n'),
    },
    {
      name: 'Application Gateway with connection draining on, 30 s by default',
      code: ingress('    appgw.ingress.kubernetes.io/connection-draining: "true"\n', '  ingressClassName: azure-application-gateway\n'),
      otherFiles: [workload()],
    },
    {
      name: 'a GKE BackendConfig with a draining timeout',
      code: `${service('  annotations:\n    cloud.google.com/neg: \'{"ingress": true}\'\n    cloud.google.com/backend-config: \'{"default": "web"}\'\n')}---
apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata:
  name: web
spec:
  connectionDraining:
    drainingTimeoutSec: 60
`,
    },
    {
      name: 'a BackendConfig that is not in the workspace says nothing',
      code: service('  annotations:\n    cloud.google.com/backend-config: \'{"ports": {"http": "elsewhere"}}\'\n'),
    },
    {
      name: 'Alibaba HTTP(S) listeners: connection drain does not apply',
      code: service('  annotations:\n    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-protocol-port: "https:443"\n', '  type: LoadBalancer\n'),
    },
    {
      name: 'an NLB with per-port target group attributes: no single number to judge',
      code: service(`  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes.443: deregistration_delay.timeout_seconds=0
`, '  type: LoadBalancer\n'),
    },
    {
      name: 'a Classic ELB with connection draining enabled',
      code: service(`  annotations:
    service.beta.kubernetes.io/aws-load-balancer-connection-draining-enabled: "true"
    service.beta.kubernetes.io/aws-load-balancer-connection-draining-timeout: "60"
`, '  type: LoadBalancer\n'),
    },
    {
      name: 'a Helm template is not read',
      code: ingress('    kubernetes.io/ingress.class: {{ .Values.ingressClass }}\n'),
    },
  ],
  invalid: [
    {
      name: 'ALB delay shorter than the pods keep serving: one key changes inside the attribute list',
      code: ingress(`    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/target-group-attributes: stickiness.enabled=true,deregistration_delay.timeout_seconds=10,slow_start.duration_seconds=30
#                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/lb-draining
`),
      otherFiles: [workload(gunicorn('"--graceful-timeout", "20", ') + '          lifecycle:\n            preStop:\n              sleep:\n                seconds: 5\n')],
      messages: [['is 10 s', 'Deployment `web`', '25 s', 'preStop 5 s + gunicorn --graceful-timeout 20 s (deploy/web.yaml:', 'Set it to 25 s']],
      severities: ['warning'],
      fixSafety: 'safe',
      output: ingress(`    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/target-group-attributes: stickiness.enabled=true,deregistration_delay.timeout_seconds=25,slow_start.duration_seconds=30
`),
    },
    {
      name: 'ALB delay 0 turns draining off; quoting is kept',
      code: ingress(`    kubernetes.io/ingress.class: alb
    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/target-group-attributes: "deregistration_delay.timeout_seconds=0"
#                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/lb-draining
`),
      otherFiles: [workload()],
      messages: [['deregistration delay', 'cuts the requests in flight to it at once', 'drain budget 30 s', 'Enable it with 30 s']],
      output: ingress(`    kubernetes.io/ingress.class: alb
    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/target-group-attributes: "deregistration_delay.timeout_seconds=30"
`),
    },
    {
      name: 'the Service\'s own target group attributes win over the Ingress\'s; the drain is only gunicorn\'s default',
      filename: 'deploy/web.yaml',
      code: `${service(`  annotations:
    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=10
#                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/lb-draining
`)}---\n${deployment(gunicorn(''))}`,
      otherFiles: [{ filename: 'deploy/ingress.yaml', code: ingress('    alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=120\n') }],
      messages: [['gunicorn --graceful-timeout (default) 30 s']],
      severities: ['info'],
      output: `${service(`  annotations:
    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=30
`)}---\n${deployment(gunicorn(''))}`,
    },
    {
      name: 'a Spring app\'s timeout, read from its configuration, is cut by SIGKILL at the grace period',
      code: ingress('    alb.ingress.kubernetes.io/target-type: ip\n    alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=20\n'
        + '#                                                      ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/lb-draining\n'),
      otherFiles: [
        { filename: 'web/Dockerfile', code: 'FROM eclipse-temurin:21-jre\nCOPY app.jar /app.jar\nCMD ["java", "-jar", "/app.jar"]\n' },
        { filename: 'web/src/main/resources/application.yml', code: 'spring:\n  lifecycle:\n    timeout-per-shutdown-phase: 45s\n' },
        workload(),
      ],
      messages: [['30 s after they are deleted (SIGKILL at 30 s)']],
      severities: ['warning'],
      output: ingress('    alb.ingress.kubernetes.io/target-type: ip\n    alb.ingress.kubernetes.io/target-group-attributes: deregistration_delay.timeout_seconds=30\n'),
    },
    {
      name: 'an NLB in ip mode with a short delay and nothing known about the app: a hint, the edit only offered',
      code: service(`  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: 'deregistration_delay.timeout_seconds=5,deregistration_delay.connection_termination.enabled=true'
#                                                                         ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/lb-draining
`, '  type: LoadBalancer\n'),
      otherFiles: [{ filename: 'deploy/web.yaml', code: deployment() }],
      severities: ['hint'],
      output: null,
      suggestions: [{
        title: 'Set the deregistration delay of the AWS NLB to 30 s',
        output: service(`  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: external
    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip
    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: 'deregistration_delay.timeout_seconds=30,deregistration_delay.connection_termination.enabled=true'
`, '  type: LoadBalancer\n'),
      }],
    },
    {
      name: 'a Classic ELB without connection draining: a hint about node removal, both annotations offered',
      code: markKind(service(`  annotations:
    service.beta.kubernetes.io/aws-load-balancer-backend-protocol: http
`, '  type: LoadBalancer\n')),
      messages: [['connection draining not enabled (the default)', 'when a node leaves it', 'Load Balancer Controller']],
      severities: ['hint'],
      output: null,
      suggestions: [{
        title: 'Set the connection draining of the AWS Classic ELB to 30 s',
        output: service(`  annotations:
    service.beta.kubernetes.io/aws-load-balancer-backend-protocol: http
    service.beta.kubernetes.io/aws-load-balancer-connection-draining-enabled: "true"
    service.beta.kubernetes.io/aws-load-balancer-connection-draining-timeout: "30"
`, '  type: LoadBalancer\n'),
      }],
    },
    {
      name: 'a GKE BackendConfig without connectionDraining on container-native load balancing',
      code: `${service('  annotations:\n    cloud.google.com/neg: \'{"ingress": true}\'\n    cloud.google.com/backend-config: \'{"default": "web"}\'\n')}---
apiVersion: cloud.google.com/v1
kind: BackendConfig
#     ^^^^^^^^^^^^^ k8s/lb-draining
metadata:
  name: web
spec:
  timeoutSec: 60
`,
      otherFiles: [{ filename: 'deploy/web.yaml', code: deployment('', '      terminationGracePeriodSeconds: 40\n') }],
      messages: [['GKE load balancer', 'sets no `connectionDraining`', 'Enable it with 30 s']],
      output: `${service('  annotations:\n    cloud.google.com/neg: \'{"ingress": true}\'\n    cloud.google.com/backend-config: \'{"default": "web"}\'\n')}---
apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata:
  name: web
spec:
  timeoutSec: 60
  connectionDraining:
    drainingTimeoutSec: 30
`,
    },
    {
      name: 'a GKE draining timeout of 0 in a BackendConfig of another file',
      filename: 'gke/backend-config.yaml',
      code: `apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata:
  name: web
spec:
  connectionDraining:
    drainingTimeoutSec: 0 # off
#                       ^ k8s/lb-draining
`,
      otherFiles: [
        { filename: 'deploy/service.yaml', code: service('  annotations:\n    cloud.google.com/neg: \'{"ingress": true}\'\n    cloud.google.com/backend-config: \'{"default": "web"}\'\n') },
        { filename: 'deploy/web.yaml', code: deployment() },
      ],
      severities: ['warning'],
      output: `apiVersion: cloud.google.com/v1
kind: BackendConfig
metadata:
  name: web
spec:
  connectionDraining:
    drainingTimeoutSec: 30 # off
`,
    },
    {
      name: 'Alibaba Cloud SLB without connection drain; the timeout respects its 10 s minimum',
      code: markKind(service(`  annotations:
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec: slb.s1.small
`, '  type: LoadBalancer\n')),
      otherFiles: [{ filename: 'deploy/web.yaml', code: deployment('', '      terminationGracePeriodSeconds: 5\n') }],
      severities: ['hint'],
      output: null,
      suggestions: [{
        title: 'Set the connection drain of the Alibaba Cloud SLB to 10 s',
        output: service(`  annotations:
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-spec: slb.s1.small
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain: "on"
    service.beta.kubernetes.io/alibaba-cloud-loadbalancer-connection-drain-timeout: "10"
`, '  type: LoadBalancer\n'),
      }],
    },
    {
      name: 'Application Gateway by its class, without annotations: the annotations map is added',
      code: `apiVersion: networking.k8s.io/v1
kind: Ingress
#     ^^^^^^^ k8s/lb-draining
metadata:
  name: web
spec:
  ingressClassName: azure-application-gateway
  defaultBackend:
    service:
      name: web
      port:
        number: 80
`,
      otherFiles: [workload()],
      output: `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
    appgw.ingress.kubernetes.io/connection-draining: "true"
    appgw.ingress.kubernetes.io/connection-draining-timeout: "30"
spec:
  ingressClassName: azure-application-gateway
  defaultBackend:
    service:
      name: web
      port:
        number: 80
`,
    },
    {
      name: 'an empty annotations key leaves no clean edit: the finding stays, without a fix',
      code: `apiVersion: networking.k8s.io/v1
kind: Ingress
#     ^^^^^^^ k8s/lb-draining
metadata:
  name: web
  annotations:
spec:
  ingressClassName: azure-application-gateway
  defaultBackend:
    service:
      name: web
      port:
        number: 80
`,
      output: null,
    },
    {
      name: 'Application Gateway with connection draining switched off',
      code: ingress(`    appgw.ingress.kubernetes.io/connection-draining: "false"
#                                                    ^^^^^^^ k8s/lb-draining
`, '  ingressClassName: azure-application-gateway\n'),
      otherFiles: [workload('', '      terminationGracePeriodSeconds: 60\n')],
      messages: [['Azure Application Gateway', 'keep serving for up to 30 s']],
      output: ingress(`    appgw.ingress.kubernetes.io/connection-draining: "true"
    appgw.ingress.kubernetes.io/connection-draining-timeout: "30"
`, '  ingressClassName: azure-application-gateway\n'),
    },
  ],
});
