import type { PodTemplate } from '../../model/kubernetes';
import { podServesTraffic } from '../../model/serving';
import { nodeRange } from '../../parse/kubernetes';
import { setGracePeriodEdit } from '../../fix/grace-period';
import { containerShutdown, formatSeconds, MINIMUM_STOP_WINDOW_SECONDS, type ContainerShutdown } from '../../shutdown/timeline';
import type { SourceText } from '../../source';
import { defineRule, type FixSpec } from '../rule';
import { deploymentExample } from './example-manifests';

export default defineRule({
  meta: {
    id: 'k8s/grace-period-too-short',
    language: 'kubernetes',
    defaultSeverity: 'warning',
    summary: 'Finds preStop delays that use up the whole termination grace period, and a grace period of 0 on a serving pod.',
    rationale: [
      'The grace period counts from the moment the pod is deleted and *includes* the preStop hook (FACTS §1b). When the',
      'hook takes as long as `terminationGracePeriodSeconds` (30 s when unset, FACTS §1d) or longer, the kubelet sends',
      'the stop signal when the period is over and SIGKILL only 2 s later (FACTS §1c): the app has ~2 s to finish its',
      'in-flight requests instead of its normal drain time. The API accepts a sleep action equal to the grace period (FACTS §2).',
      '',
      'A grace period of 0 is worse: the kubelet skips preStop hooks entirely and the app gets the stop signal at once.',
      '',
      'The fix sets `terminationGracePeriodSeconds` to **preStop delay + drain budget**: the delay the hook is known to',
      'take, plus the time the app needs to finish after the stop signal (setting `drainBudgetSeconds`, default 30 s, the',
      'default drain time of gunicorn, Puma, Spring Boot per phase and .NET, FACTS §11).',
    ].join('\n'),
    facts: ['1b', '1c', '1d', '2', '11', '12.2', '12.3'],
    examples: {
      incorrect: [{
        description: 'The hook sleeps as long as the grace period: the app gets SIGTERM at 20 s and SIGKILL at 22 s.',
        code: deploymentExample(`      terminationGracePeriodSeconds: 20
      containers:
        - name: web
          image: example/web:1.4
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep 20"]
`),
      }, {
        description: 'A grace period of 0 on a serving pod skips the preStop hook.',
        code: deploymentExample(`      terminationGracePeriodSeconds: 0
      containers:
        - name: web
          image: example/web:1.4
          ports:
            - containerPort: 8080
`),
      }],
      correct: [{
        description: 'A 10 s sleep with a 45 s grace period leaves the app 35 s to drain.',
        code: deploymentExample(`      terminationGracePeriodSeconds: 45
      containers:
        - name: web
          image: example/web:1.4
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 10
`),
      }],
    },
    fix: {
      description: 'Sets `terminationGracePeriodSeconds` to the preStop delay plus the drain budget (default 30 s), '
        + 'replacing the value where one is written and adding the key to the pod spec otherwise.',
      safety: 'safe',
      safetyNote: 'Pods may take longer to terminate, never less; nothing else in the file changes.',
    },
    references: [
      'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution',
      'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#pod-termination',
    ],
  },
  check(ctx) {
    const { model, settings } = ctx;
    const services = ctx.workspace.services();
    for (const pod of model.podTemplates) {
      const timelines = [...pod.containers, ...pod.initContainers.filter((container) => container.sidecar)]
        .map((container) => containerShutdown(pod, container));
      const longestDelay = Math.max(0, ...timelines.map((timeline) => timeline.preStop.seconds ?? 0));
      const gracePeriodFix = (seconds: number): FixSpec | undefined => {
        if (!Number.isFinite(seconds)) return undefined;
        const edit = setGracePeriodEdit(model.source, pod, seconds);
        return edit && {
          title: `Set terminationGracePeriodSeconds to ${seconds} (preStop ${formatSeconds(Math.ceil(longestDelay))} + drain ${formatSeconds(settings.drainBudgetSeconds)})`,
          safety: 'safe',
          edits: () => ({ [model.source.uri]: [edit] }),
        };
      };
      const recommended = Math.ceil(longestDelay) + settings.drainBudgetSeconds;

      if (pod.terminationGracePeriod?.seconds === 0) {
        if (podServesTraffic(pod, services)) {
          ctx.report({
            range: nodeRange(model.source, pod.terminationGracePeriod.valueNode),
            message: 'terminationGracePeriodSeconds is 0 on a pod that serves traffic: the kubelet skips every preStop hook and '
              + `sends the stop signal at once, SIGKILL ${MINIMUM_STOP_WINDOW_SECONDS} s later; requests in flight and those still `
              + 'routed to the pod fail.',
            fix: gracePeriodFix(recommended),
          });
        }
        continue;
      }
      for (const timeline of timelines) {
        if (!timeline.preStopRuns || timeline.preStop.seconds === undefined || timeline.preStop.seconds < timeline.grace.seconds) continue;
        ctx.report({
          range: findingRange(model.source, pod, timeline),
          message: tooLongMessage(timeline),
          fix: gracePeriodFix(recommended),
        });
      }
    }
  },
});

function findingRange(source: SourceText, pod: PodTemplate, timeline: ContainerShutdown) {
  const node = pod.terminationGracePeriod?.valueNode ?? timeline.preStop.node;
  return nodeRange(source, node ?? timeline.container.anchorNode);
}

function tooLongMessage(timeline: ContainerShutdown): string {
  const { preStop, grace, container } = timeline;
  const who = container.name ? `container \`${container.name}\`` : 'this container';
  const graceText = grace.explicit ? `terminationGracePeriodSeconds is ${grace.seconds}` : `terminationGracePeriodSeconds is not set (default ${grace.seconds})`;
  const delay = preStop.seconds === Infinity ? 'never ends' : `${preStop.exact ? 'takes' : 'takes at least'} ${formatSeconds(preStop.seconds ?? 0)}`;
  return `The preStop hook of ${who} (${preStop.description}) ${delay} but ${graceText}: the kubelet sends the stop signal `
    + `when the grace period runs out and SIGKILL ${MINIMUM_STOP_WINDOW_SECONDS} s later, so the app has ~${MINIMUM_STOP_WINDOW_SECONDS} s `
    + 'to finish its requests.';
}
