import type { Container, PodTemplate } from '../../model/kubernetes';
import { baseImageShell } from '../../knowledge/base-images';
import { mayHaveUnseenFields } from '../../model/partial';
import { servicesSelecting, servingContainers } from '../../model/serving';
import { nodeRange } from '../../parse/kubernetes';
import { versionAtLeast } from '../../settings';
import { setGracePeriodEdit } from '../../fix/grace-period';
import { appendToMap, type BlockLines } from '../../fix/yaml';
import { gracePeriod, MINIMUM_STOP_WINDOW_SECONDS } from '../../shutdown/timeline';
import type { SourceText } from '../../source';
import type { TextEdit } from '../../types';
import { joinList } from '../../text';
import { defineRule, type FixSpec } from '../rule';
import { serviceAndDeploymentExample } from './example-manifests';

/** Long enough for kube-proxy, ingress controllers and most load balancers to stop routing (FACTS §1a, §4). */
export const PRESTOP_SLEEP_SECONDS = 5;

export default defineRule({
  meta: {
    id: 'k8s/prestop-missing',
    language: 'kubernetes',
    defaultSeverity: 'warning',
    summary: 'Finds containers that serve traffic but have no preStop hook to wait for endpoint removal.',
    rationale: [
      'When a pod is deleted, the kubelet runs the preStop hook and then sends the stop signal, while *at the same time* the',
      'control plane removes the pod from EndpointSlices; kube-proxy, ingress controllers and cloud load balancers learn',
      'of it seconds later. Nothing in Kubernetes delays the stop signal until they have (FACTS §1a, §4). Without a',
      'preStop delay the server stops accepting connections while requests are still routed to it: every scale-down',
      'and rolling update returns a burst of 502s and connection resets.',
      '',
      'A container counts as serving when it declares a `containerPort`, has a readiness probe, or sits behind a Service',
      'in the workspace that selects its pod. Jobs and CronJobs run to completion and are never flagged.',
    ].join('\n'),
    facts: ['1a', '1b', '2', '4', '12.1'],
    examples: {
      incorrect: [{
        description: 'A Deployment behind a Service whose container stops at once.',
        code: serviceAndDeploymentExample(`      containers:
        - name: web
          image: example/web:1.4
          ports:
            - containerPort: 8080
`),
      }],
      correct: [{
        description: 'A native sleep action (Kubernetes 1.30+) keeps serving while the endpoint removal propagates.',
        code: serviceAndDeploymentExample(`      containers:
        - name: web
          image: example/web:1.4
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`),
      }, {
        description: 'A Job serves no requests.',
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
          image: example/migrate:1.0
          ports:
            - containerPort: 9090
`,
      }],
    },
    fix: {
      description: `Adds \`lifecycle.preStop.sleep.seconds: ${PRESTOP_SLEEP_SECONDS}\` when \`kubernetesVersion\` is 1.30 or later, `
        + `otherwise an \`exec\` hook running \`sleep ${PRESTOP_SLEEP_SECONDS}\`; the other form is offered as a suggestion. `
        + 'When the grace period could not hold the sleep, the fix raises it too.',
      safety: 'safe',
      safetyNote: 'Only adds keys; termination takes a few seconds longer, which is the point. The `exec` form needs a '
        + '`sleep` binary in the image, so it is never the automatic fix for images known to have none (distroless).',
    },
    references: [
      'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
      'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/',
      'https://docs.aws.amazon.com/eks/latest/best-practices/load-balancing.html',
    ],
  },
  check(ctx) {
    const { model } = ctx;
    for (const pod of model.podTemplates) {
      for (const { container, reasons } of servingContainers(pod, servicesSelecting(ctx.workspace, pod))) {
        if (container.lifecycle?.preStop || mayHaveUnseenFields(model, ctx.workspace, pod, container)) continue;
        const name = container.name ? `Container \`${container.name}\`` : 'This container';
        const fixes = preStopFixes(model.source, pod, container, versionAtLeast(ctx.kubernetesVersion, 1, 30));
        ctx.report({
          range: nodeRange(model.source, container.anchorNode),
          message: `${name} ${joinList(reasons)} but has no preStop hook: it gets the stop signal while kube-proxy, `
            + 'ingress controllers and load balancers are still sending it requests, which then fail (502, connection reset). '
            + `Add a preStop sleep of ~${PRESTOP_SLEEP_SECONDS} s.`,
          fix: fixes[0],
          suggestions: fixes.slice(1),
        });
      }
    }
  },
});

function preStopFixes(source: SourceText, pod: PodTemplate, container: Container, sleepActionAvailable: boolean): FixSpec[] {
  const native: BlockLines = ['sleep:', [`seconds: ${PRESTOP_SLEEP_SECONDS}`]];
  const exec: BlockLines = ['exec:', [`command: ["sleep", "${PRESTOP_SLEEP_SECONDS}"]`]];
  const variant = (title: string, handler: BlockLines): FixSpec | undefined => {
    const hook = insertPreStop(source, container, handler);
    if (!hook) return undefined;
    const edits: TextEdit[] = [hook];
    // The hook must leave the app more than the kubelet's 2 s floor (FACTS §1c).
    if (gracePeriod(pod).seconds < PRESTOP_SLEEP_SECONDS + MINIMUM_STOP_WINDOW_SECONDS + 1) {
      const grace = setGracePeriodEdit(source, pod, PRESTOP_SLEEP_SECONDS + MINIMUM_STOP_WINDOW_SECONDS + 1);
      if (!grace) return undefined;
      edits.push(grace);
    }
    return { title, safety: 'safe', edits: () => ({ [source.uri]: edits }) };
  };
  const nativeFix = variant(`Add preStop sleep action (${PRESTOP_SLEEP_SECONDS} s, Kubernetes 1.30+)`, native);
  const execFix = variant(`Add preStop exec \`sleep ${PRESTOP_SLEEP_SECONDS}\``, exec);
  // Images without a shell ship no `sleep` binary either, so an exec hook cannot run in them (FACTS §1e).
  const execRunnable = baseImageShell(container.image ?? '')?.flavour !== 'none';
  const ordered = sleepActionAvailable ? [nativeFix, execRunnable ? execFix : undefined] : [execRunnable ? execFix : undefined, nativeFix];
  const fixes = ordered.filter((fix): fix is FixSpec => fix !== undefined);
  // Below 1.30 the sleep action is rejected or ignored (FACTS §2): never apply it automatically there.
  if (!sleepActionAvailable && !execRunnable) return fixes.map((fix) => ({ ...fix, safety: 'unsafe' as const }));
  return fixes;
}

function insertPreStop(source: SourceText, container: Container, handler: BlockLines): TextEdit | undefined {
  const lifecycle = container.lifecycle;
  if (!lifecycle) return appendToMap(source, container.node, ['lifecycle:', ['preStop:', handler]]);
  return lifecycle.node ? appendToMap(source, lifecycle.node, ['preStop:', handler]) : undefined;
}
