import { Analyzer, resolveSettings, type PodTimeline } from '../../server/src/service';

/**
 * Workspaces whose pod timelines the unit, golden and browser tests draw: the seed scenarios of
 * the explain view (nginx with and without its graceful signal and a preStop, php-fpm with
 * process_control_timeout, Spring Boot with a 30 s preStop in a 60 s grace period, a distroless
 * image with an exec sleep).
 */
export interface TimelineScenario {
  name: string;
  files: Record<string, string>;
  /** The manifest and a 1-based line inside the workload. */
  manifest: string;
  line: number;
}

const deployment = (name: string, spec: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${name}
spec:
  selector:
    matchLabels:
      app: ${name}
  template:
    metadata:
      labels:
        app: ${name}
    spec:
${spec}`;

const service = (name: string) => `---
apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector:
    app: ${name}
  ports:
    - port: 80
      targetPort: 8080
`;

export const timelineScenarios: TimelineScenario[] = [
  {
    name: 'nginx-old-no-prestop',
    manifest: 'deploy/web.yaml',
    line: 3,
    files: {
      'deploy/web.yaml': deployment('web', `      containers:
        - name: nginx
          image: nginx:1.17
          ports:
            - containerPort: 8080
`) + service('web'),
    },
  },
  {
    name: 'nginx-sigquit-prestop',
    manifest: 'deploy/web.yaml',
    line: 3,
    files: {
      'deploy/web.yaml': deployment('web', `      containers:
        - name: nginx
          image: nginx:1.27
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`) + service('web'),
    },
  },
  {
    name: 'php-fpm-process-control-timeout',
    manifest: 'deploy/shop.yaml',
    line: 3,
    files: {
      'deploy/shop.yaml': deployment('shop', `      terminationGracePeriodSeconds: 40
      containers:
        - name: php
          image: registry.example.com/shop/php:2.3
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`) + service('shop'),
      'php/Dockerfile': 'FROM php:8.3-fpm\nCOPY zz-timeouts.conf /usr/local/etc/php-fpm.d/zz-timeouts.conf\n',
      'php/zz-timeouts.conf': '[global]\nprocess_control_timeout = 20s\n',
    },
  },
  {
    name: 'spring-30s-prestop-60s-grace',
    manifest: 'deploy/orders.yaml',
    line: 3,
    files: {
      'deploy/orders.yaml': deployment('orders', `      terminationGracePeriodSeconds: 60
      containers:
        - name: orders
          image: registry.example.com/orders:1.0
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep 30"]
`) + service('orders'),
      'orders/Dockerfile': 'FROM eclipse-temurin:21-jre\nCOPY app.jar /app.jar\nENTRYPOINT ["java", "-jar", "/app.jar"]\n',
      'orders/src/main/resources/application.yml': 'server:\n  shutdown: graceful\nspring:\n  lifecycle:\n    timeout-per-shutdown-phase: 30s\n',
    },
  },
  {
    name: 'distroless-exec-sleep',
    manifest: 'deploy/api.yaml',
    line: 3,
    files: {
      'deploy/api.yaml': deployment('api', `      containers:
        - name: api
          image: gcr.io/distroless/static-debian12
          command: ["/srv/api"]
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              exec:
                command: ["sleep", "10"]
`) + service('api'),
    },
  },
];

export function scenarioUri(relative: string): string {
  return `file:///workspace/${relative}`;
}

export function scenarioTimeline(scenario: TimelineScenario): PodTimeline {
  const analyzer = new Analyzer({ settings: resolveSettings() });
  for (const [relative, text] of Object.entries(scenario.files)) analyzer.setFile(scenarioUri(relative), text);
  const timeline = analyzer.podTimeline(scenarioUri(scenario.manifest), { line: scenario.line - 1, character: 0 });
  if (!timeline) throw new Error(`scenario ${scenario.name} has no workload at line ${scenario.line}`);
  return timeline;
}
