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
  ],
});
