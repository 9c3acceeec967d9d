import { appendToMap } from '../../fix/yaml';
import type { Container, PodTemplate, Service } from '../../model/kubernetes';
import { mayHaveUnseenFields } from '../../model/partial';
import { servicesSelecting, servingContainers } from '../../model/serving';
import { nodeRange } from '../../parse/kubernetes';
import type { SourceText } from '../../source';
import { joinList } from '../../text';
import { defineRule, type FixSpec } from '../rule';
import { deploymentExample, serviceAndDeploymentExample } from './example-manifests';

export default defineRule({
  meta: {
    id: 'k8s/readiness-probe-missing',
    language: 'kubernetes',
    defaultSeverity: 'warning',
    summary: 'Finds containers that serve traffic but have no readiness probe.',
    rationale: [
      'Without a readiness probe a container counts as ready as soon as it has started ("If a container does not provide a',
      'readiness probe, the default state is Success", Pod Lifecycle → Container probes): a rolling update sends it requests',
      'before the server listens, and they fail. At shutdown, the EndpointSlice keeps a terminating pod with `serving` set',
      'from its readiness (FACTS §4), and kube-proxy still sends new connections to serving terminating endpoints when no',
      'other endpoint is ready (a node of an `externalTrafficPolicy: Local` Service, a Deployment scaled to one); with no',
      'probe `serving` stays true until the container exits, so that traffic keeps arriving while the server drains. Only',
      'the preStop delay is left to cover endpoint propagation (FACTS §1a).',
      '',
      'Only containers that a Service of the workspace selects and targets are reported: a declared `containerPort` alone',
      'says little (it may be scraped for metrics, or reached over localhost by a container of the same pod, as php-fpm is',
      'by nginx), and readiness only steers traffic that comes through a Service. A container with a startupProbe is a',
      'hint. Jobs, CronJobs and sidecars are not reported, and a readiness probe is never taken as evidence of serving here,',
      'which would be circular.',
    ].join('\n'),
    facts: ['1a', '4'],
    examples: {
      incorrect: [{
        description: 'A Service sends traffic to a container that is "ready" the moment it starts.',
        code: serviceAndDeploymentExample(`      containers:
        - name: web
          image: example/web:1.4
          ports:
            - containerPort: 8080
`),
      }],
      correct: [{
        description: 'The probe asks the app whether it can serve.',
        code: serviceAndDeploymentExample(`      containers:
        - name: web
          image: example/web:1.4
          ports:
            - containerPort: 8080
          readinessProbe:
            httpGet:
              path: /ready
              port: 8080
`),
      }, {
        description: 'A container that only declares a port, with no Service in front of it, is not reported.',
        code: deploymentExample(`      containers:
        - name: worker
          image: example/worker:1.4
          ports:
            - name: metrics
              containerPort: 9090
`),
      }],
    },
    fix: {
      description: 'Suggests a `tcpSocket` readiness probe on the port the container declares (or the Service targets).',
      safety: 'unsafe',
      safetyNote: 'A TCP probe only says that something accepts connections on the port, which may be before the app can '
        + 'answer and tells nothing about its health; the right probe calls the app\'s own readiness endpoint, which only its '
        + 'authors know. It is never applied automatically.',
    },
    references: [
      'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-probes',
      'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/',
    ],
  },
  check(ctx) {
    const { model } = ctx;
    for (const pod of model.podTemplates) {
      const services = servicesSelecting(ctx.workspace, pod);
      // Reasons besides Services (a declared port), to tell which containers a Service targets.
      const byPortOnly = new Map(servingContainers(pod, []).map(({ container, reasons }) => [container, reasons.length]));
      for (const { container, reasons } of servingContainers(pod, services)) {
        const behindService = reasons.length > (byPortOnly.get(container) ?? 0);
        if (container.readinessProbe || !behindService || mayHaveUnseenFields(model, ctx.workspace, pod, container)) continue;
        const who = container.name ? `Container \`${container.name}\`` : 'This container';
        const startup = container.startupProbe
          ? ' (its startupProbe holds readiness back until it first succeeds, but not afterwards)' : '';
        const suggestion = probeSuggestion(model.source, container, pod, services);
        ctx.report({
          range: nodeRange(model.source, container.anchorNode),
          severity: container.startupProbe ? 'hint' : undefined,
          message: `${who} ${joinList(reasons)} but has no readinessProbe: it counts as ready as soon as it has started${startup}, `
            + 'so a rollout sends it requests before it listens, and while it shuts down its endpoint stays `serving` until it '
            + 'exits (kube-proxy still uses such endpoints when no other one is ready). Add a readiness probe on the app\'s health endpoint.',
          suggestions: suggestion ? [suggestion] : [],
        });
      }
    }
  },
});

/** A TCP probe on the port the container declares, else the one a Service selecting the pod (`selecting`) targets by number. */
function probeSuggestion(source: SourceText, container: Container, pod: PodTemplate, selecting: Service[]): FixSpec | undefined {
  const declared = container.ports.find((port) => port.containerPort !== undefined)?.containerPort;
  const targeted = pod.containers.length === 1
    ? selecting.flatMap((service) => service.ports)
      .map((port) => port.targetPort ?? port.port).find((port): port is number => typeof port === 'number')
    : undefined;
  const port = declared ?? targeted;
  if (port === undefined) return undefined;
  const edit = appendToMap(source, container.node, ['readinessProbe:', ['tcpSocket:', [`port: ${port}`]]]);
  return edit && {
    title: `Add a tcpSocket readiness probe on port ${port}`,
    safety: 'unsafe',
    edits: () => ({ [source.uri]: [edit] }),
  };
}
