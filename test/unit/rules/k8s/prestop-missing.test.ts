import rule from '../../../../server/src/service/rules/k8s/prestop-missing';
import { testRule } from '../../../support/rule-tester';

const service = `apiVersion: v1
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

testRule(rule, {
  valid: [
    {
      name: 'native sleep action',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: example/web:1
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`,
    },
    {
      name: 'Job with a port is batch work',
      code: `apiVersion: batch/v1
kind: Job
metadata:
  name: once
spec:
  template:
    spec:
      containers:
        - name: once
          image: example/once:1
          ports:
            - containerPort: 8080
`,
    },
    {
      name: 'CronJob with a readiness probe is batch work',
      code: `apiVersion: batch/v1
kind: CronJob
metadata:
  name: nightly
spec:
  schedule: "0 3 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          containers:
            - name: nightly
              image: example/nightly:1
              readinessProbe:
                exec:
                  command: ["true"]
`,
    },
    {
      name: 'worker without ports, probes or Service',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: worker
spec:
  template:
    metadata:
      labels:
        app: worker
    spec:
      containers:
        - name: worker
          image: example/worker:1
`,
      otherFiles: [{ filename: 'service.yaml', code: service }],
    },
    {
      name: 'Service in another namespace selects nothing here',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: web
          image: example/web:1
`,
      otherFiles: [{ filename: 'service.yaml', code: service.replace('name: web\n', 'name: web\n  namespace: other\n') }],
    },
    {
      name: 'with several containers and no matching port, a Service does not say which one serves',
      code: `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
  containers:
    - name: one
      image: example/one:1
    - name: two
      image: example/two:1
`,
      otherFiles: [{ filename: 'service.yaml', code: service }],
    },
  ],
  invalid: [
    {
      name: 'Deployment with a port: native sleep inserted at the container key column',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web # the storefront
#               ^^^ k8s/prestop-missing
          image: example/web:1
          ports:
            - containerPort: 8080
# trailing comment stays
`,
      messages: [['`web`', 'containerPort 8080', 'no preStop hook']],
      fixSafety: 'safe',
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web # the storefront
          image: example/web:1
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 5
# trailing comment stays
`,
      suggestions: [{
        title: 'Add preStop exec `sleep 5`',
        output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web # the storefront
          image: example/web:1
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "5"]
# trailing comment stays
`,
      }],
    },
    {
      name: 'selected by a Service in another file, 4-space indentation, Kubernetes 1.29 prefers exec',
      settings: { kubernetesVersion: '1.29' },
      otherFiles: [{ filename: 'service.yaml', code: service }],
      code: `apiVersion: v1
kind: Pod
metadata:
    name: web
    labels:
        app: web
spec:
    containers:
    -   name: web
#             ^^^ k8s/prestop-missing
        image: example/web:1`,
      messages: [['Service `web`']],
      output: `apiVersion: v1
kind: Pod
metadata:
    name: web
    labels:
        app: web
spec:
    containers:
    -   name: web
        image: example/web:1
        lifecycle:
            preStop:
                exec:
                    command: ["sleep", "5"]
`,
      suggestions: [{
        title: 'Add preStop sleep action (5 s, Kubernetes 1.30+)',
        output: `apiVersion: v1
kind: Pod
metadata:
    name: web
    labels:
        app: web
spec:
    containers:
    -   name: web
        image: example/web:1
        lifecycle:
            preStop:
                sleep:
                    seconds: 5
`,
      }],
    },
    {
      name: 'existing lifecycle without preStop keeps its keys',
      code: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: db
#               ^^ k8s/prestop-missing
          image: example/db:1
          readinessProbe:
            tcpSocket:
              port: 5432
          lifecycle:
            postStart:
              exec:
                command: ["/bin/warmup"]
`,
      output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: db
          image: example/db:1
          readinessProbe:
            tcpSocket:
              port: 5432
          lifecycle:
            postStart:
              exec:
                command: ["/bin/warmup"]
            preStop:
              sleep:
                seconds: 5
`,
      suggestions: [{
        title: 'Add preStop exec `sleep 5`',
        output: `apiVersion: apps/v1
kind: StatefulSet
metadata:
  name: db
spec:
  template:
    spec:
      containers:
        - name: db
          image: example/db:1
          readinessProbe:
            tcpSocket:
              port: 5432
          lifecycle:
            postStart:
              exec:
                command: ["/bin/warmup"]
            preStop:
              exec:
                command: ["sleep", "5"]
`,
      }],
    },
    {
      name: 'a grace period too short for the sleep is raised in the same fix',
      code: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 3
      containers:
        - name: web
#               ^^^ k8s/prestop-missing
          image: gcr.io/distroless/nodejs20-debian12
          ports:
            - containerPort: 8080
`,
      output: `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 8
      containers:
        - name: web
          image: gcr.io/distroless/nodejs20-debian12
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`,
      // distroless has no sleep binary: the exec form is not offered
      suggestions: [],
    },
    {
      name: 'a List of DaemonSet and Deployment, CRLF line endings kept',
      code: 'apiVersion: v1\r\nkind: List\r\nitems:\r\n  - apiVersion: apps/v1\r\n    kind: DaemonSet\r\n    metadata:\r\n      name: agent\r\n    spec:\r\n      template:\r\n        spec:\r\n          containers:\r\n            - name: agent\r\n#                   ^^^^^ k8s/prestop-missing\n              image: example/agent:1\r\n              ports:\r\n                - containerPort: 9100\r\n',
      output: 'apiVersion: v1\r\nkind: List\r\nitems:\r\n  - apiVersion: apps/v1\r\n    kind: DaemonSet\r\n    metadata:\r\n      name: agent\r\n    spec:\r\n      template:\r\n        spec:\r\n          containers:\r\n            - name: agent\r\n              image: example/agent:1\r\n              ports:\r\n                - containerPort: 9100\r\n              lifecycle:\r\n                preStop:\r\n                  sleep:\r\n                    seconds: 5\r\n',
      suggestions: [{
        title: 'Add preStop exec `sleep 5`',
        output: 'apiVersion: v1\r\nkind: List\r\nitems:\r\n  - apiVersion: apps/v1\r\n    kind: DaemonSet\r\n    metadata:\r\n      name: agent\r\n    spec:\r\n      template:\r\n        spec:\r\n          containers:\r\n            - name: agent\r\n              image: example/agent:1\r\n              ports:\r\n                - containerPort: 9100\r\n              lifecycle:\r\n                preStop:\r\n                  exec:\r\n                    command: ["sleep", "5"]\r\n',
      }],
    },
    {
      name: 'Argo Rollout in the second document, flow-style container gets a flow-style fix',
      code: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - {name: web, image: "example/web:1", ports: [{containerPort: 80}]}
#                ^^^ k8s/prestop-missing
`,
      output: `apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
---
apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - {name: web, image: "example/web:1", ports: [{containerPort: 80}], lifecycle: {preStop: {sleep: {seconds: 5}}}}
`,
    },
  ],
});
