import type { PodTemplate } from '../../model/kubernetes';
import { workspaceLoadBalancers } from '../../model/load-balancer';
import { mayHaveUnseenFields } from '../../model/partial';
import { podServesTraffic } from '../../model/serving';
import { nodeRange } from '../../parse/kubernetes';
import { setGracePeriodEdit } from '../../fix/grace-period';
import { describeTerm, DRAIN_MARGIN_SECONDS, graceNeed, loadBalancerHolds, type GraceNeed } from '../../shutdown/drain';
import {
  containerShutdown, formatSeconds, MINIMUM_STOP_WINDOW_SECONDS, timelineContextOf, type ContainerShutdown,
} from '../../shutdown/timeline';
import type { SourceText } from '../../source';
import { defineRule, type FixSpec } from '../rule';
import { deploymentExample } from './example-manifests';

export default defineRule({
  meta: {
    id: 'k8s/grace-period-too-short',
    language: 'kubernetes',
    defaultSeverity: 'warning',
    summary: 'Finds grace periods too short for the preStop delay plus the app\'s own drain time, and a grace period of 0 on a serving pod.',
    rationale: [
      'The grace period counts from the moment the pod is deleted and *includes* the preStop hook (FACTS §1b). When the',
      'hook takes as long as `terminationGracePeriodSeconds` (30 s when unset, FACTS §1d) or longer, the kubelet sends',
      'the stop signal when the period is over and SIGKILL only 2 s later (FACTS §1c): the app has ~2 s to finish its',
      'in-flight requests instead of its normal drain time. The API accepts a sleep action equal to the grace period (FACTS §2).',
      'A grace period of 0 is worse: the kubelet skips preStop hooks entirely and the app gets the stop signal at once.',
      '',
      'After the hook, the app needs its own drain time, so the grace period must cover **preStop delay + drain + margin**',
      '(FACTS §12.3). The drain is read from what the workspace says: gunicorn `--graceful-timeout`, Sidekiq `-t`, Puma in',
      'cluster mode, uWSGI with its graceful hook (from `command`/`args`, `sh -c` scripts included, or the CMD of the',
      'workspace Dockerfile that builds the image), Spring Boot\'s `spring.lifecycle.timeout-per-shutdown-phase` and',
      'php-fpm\'s `process_control_timeout` from the configuration files in the folder of that Dockerfile (FACTS §7, §10, §11).',
      'The margin is 5 s: a drain timeout bounds the wait for requests, not the exit that follows (Spring runs its later',
      'lifecycle phases, each with its own timeout, FACTS §10), and the kubelet itself gives a process at least 2 s to stop',
      '(FACTS §1c). The message adds up the numbers and says where each one is written.',
      '',
      'Precision: a drain the workspace writes is a warning; a server\'s documented default (which a config file we cannot',
      'see may change) is information; a grace period that fits a written drain but not the margin is a hint, and is not',
      'reported at all for a default drain. php-fpm without `process_control_timeout` (0) stops at once: that is a defect',
      'of its own, not a drain time, and adds nothing. When nothing in the workspace says how long the app needs, the',
      'rule does not guess: a Deployment with a short preStop sleep and the',
      'default 30 s is not flagged, and the `drainBudgetSeconds` setting (default 30 s) only sizes the fix. Load balancers',
      'that send to pod IPs keep requests in flight for their written deregistration delay (FACTS §4, §9); for an app',
      'whose drain is unknown that delay is the best evidence of how long requests last, so the pod must outlive it.',
      '',
      'The fix sets `terminationGracePeriodSeconds` to the sum: preStop delay + drain (+ margin when the drain is known),',
      'with the drain budget standing in for an unknown drain.',
    ].join('\n'),
    facts: ['1b', '1c', '1d', '2', '4', '7', '9', '10', '11', '12.2', '12.3'],
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
      }, {
        description: 'gunicorn waits up to 60 s for its requests after a 10 s preStop sleep: a 30 s grace period kills it 20 s into its drain.',
        code: deploymentExample(`      terminationGracePeriodSeconds: 30
      containers:
        - name: web
          image: example/web:1.4
          command: ["gunicorn", "--graceful-timeout", "60", "--bind", "0.0.0.0:8080", "app:app"]
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 10
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
      description: 'Sets `terminationGracePeriodSeconds` to the preStop delay plus the drain time (plus the 5 s margin when '
        + 'the workspace tells the drain; else the `drainBudgetSeconds` setting, default 30 s), replacing the value where one is '
        + 'written and adding the key to the pod spec otherwise.',
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
    const timelineContext = timelineContextOf(ctx);
    const loadBalancers = model.podTemplates.length > 0 ? workspaceLoadBalancers(ctx.workspace) : [];
    for (const pod of model.podTemplates) {
      // An unset grace period in a patch or template is not the default 30 s: the base or an include may set it.
      if (!pod.terminationGracePeriod && mayHaveUnseenFields(model, ctx.workspace, pod)) continue;
      const holds = loadBalancerHolds(pod, loadBalancers);
      const needs = [...pod.containers, ...pod.initContainers.filter((container) => container.sidecar)].map((container) => {
        const shutdown = containerShutdown(pod, container, timelineContext);
        return { shutdown, need: graceNeed(shutdown, shutdown.drain, holds) };
      });
      const deciding = needs.reduce<(typeof needs)[number] | undefined>((a, b) => (a && a.need.seconds >= b.need.seconds ? a : b), undefined);
      const recommended = deciding ? Math.ceil(deciding.need.seconds) : settings.drainBudgetSeconds;
      const gracePeriodFix = (): FixSpec | undefined => {
        if (!Number.isFinite(recommended) || !deciding) return undefined;
        const edit = setGracePeriodEdit(model.source, pod, recommended);
        return edit && {
          title: `Set terminationGracePeriodSeconds to ${recommended} (${deciding.need.terms.map((term) => `${term.what} ${formatSeconds(term.seconds)}`).join(' + ')})`,
          safety: 'safe',
          edits: () => ({ [model.source.uri]: [edit] }),
        };
      };

      if (pod.terminationGracePeriod?.seconds === 0) {
        if (podServesTraffic(pod, ctx.workspace)) {
          ctx.report({
            range: nodeRange(model.source, pod.terminationGracePeriod.valueNode),
            message: 'terminationGracePeriodSeconds is 0 on a pod that serves traffic: the kubelet skips every preStop hook and '
              + `sends the stop signal at once, SIGKILL ${MINIMUM_STOP_WINDOW_SECONDS} s later; requests in flight and those still `
              + 'routed to the pod fail.',
            fix: gracePeriodFix(),
          });
        }
        continue;
      }
      let hookTooLong = false;
      for (const { shutdown } of needs) {
        if (!shutdown.preStopRuns || shutdown.preStop.seconds === undefined || shutdown.preStop.seconds < shutdown.grace.seconds) continue;
        hookTooLong = true;
        ctx.report({ range: findingRange(model.source, pod, shutdown), message: tooLongMessage(shutdown), fix: gracePeriodFix() });
      }
      if (hookTooLong) continue;
      // A missing margin alone is worth a hint only when the drain is written: on a default it is a guess upon a guess.
      const short = needs.filter(({ shutdown, need }) => need.basis !== 'budget'
        && (shutdown.grace.seconds < need.critical || (shutdown.grace.seconds < need.seconds && need.basis === 'set')));
      const worst = short.reduce<(typeof short)[number] | undefined>((a, b) => (a && a.need.seconds >= b.need.seconds ? a : b), undefined);
      if (!worst) continue;
      const { shutdown, need } = worst;
      const critical = shutdown.grace.seconds < need.critical;
      ctx.report({
        range: nodeRange(model.source, pod.terminationGracePeriod?.valueNode ?? shutdown.container.anchorNode),
        message: drainMessage(shutdown, need, model.source.uri, critical),
        // A number the workspace writes is a warning; a server's documented default (a config file may change it) is
        // information; a missing margin alone is a hint.
        severity: !critical ? 'hint' : need.basis === 'set' ? undefined : 'info',
        related: need.terms.filter((term) => term.where).map((term) => ({ uri: term.where!.uri, range: term.where!.range, message: `${term.what}: ${formatSeconds(term.seconds)}` })),
        fix: gracePeriodFix(),
      });
    }
  },
});

function findingRange(source: SourceText, pod: PodTemplate, timeline: ContainerShutdown) {
  const node = pod.terminationGracePeriod?.valueNode ?? timeline.preStop.node;
  return nodeRange(source, node ?? timeline.container.anchorNode);
}

function graceText(shutdown: ContainerShutdown): string {
  const { grace } = shutdown;
  return grace.explicit ? `terminationGracePeriodSeconds is ${grace.seconds}` : `terminationGracePeriodSeconds is not set (default ${grace.seconds})`;
}

function tooLongMessage(timeline: ContainerShutdown): string {
  const { preStop, container } = timeline;
  const who = container.name ? `container \`${container.name}\`` : 'this container';
  const delay = preStop.seconds === Infinity ? 'never ends' : `${preStop.exact ? 'takes' : 'takes at least'} ${formatSeconds(preStop.seconds ?? 0)}`;
  return `The preStop hook of ${who} (${preStop.description}) ${delay} but ${graceText(timeline)}: the kubelet sends the stop signal `
    + `when the grace period runs out and SIGKILL ${MINIMUM_STOP_WINDOW_SECONDS} s later, so the app has ~${MINIMUM_STOP_WINDOW_SECONDS} s `
    + 'to finish its requests.';
}

function drainMessage(shutdown: ContainerShutdown, need: GraceNeed, uri: string, critical: boolean): string {
  const who = shutdown.container.name ? `Container \`${shutdown.container.name}\`` : 'This container';
  const sum = `${need.terms.map((term) => describeTerm(term, uri)).join(' + ')}${need.terms.length > 1 ? ` = ${formatSeconds(need.seconds)}` : ''}`;
  const grace = shutdown.grace.seconds;
  const drainTerm = need.terms.find((term) => term.what !== 'preStop' && term.what !== 'margin');
  let consequence: string;
  if (!critical) {
    consequence = `it finishes its requests within the grace period, but SIGKILL may cut the rest of its shutdown short (${formatSeconds(DRAIN_MARGIN_SECONDS)} margin).`;
  } else if (need.kind === 'load-balancer' && drainTerm) {
    consequence = `the pod is killed at ${formatSeconds(grace)} while the load balancer still waits up to ${formatSeconds(drainTerm.seconds)} for the requests it sent, which fail.`;
  } else {
    const window = Math.max(grace - shutdown.signalAt, MINIMUM_STOP_WINDOW_SECONDS);
    consequence = `SIGKILL comes ${formatSeconds(window)} after the stop signal, but the app waits up to ${formatSeconds(drainTerm?.seconds ?? 0)} `
      + 'for its requests: those still running are cut off.';
  }
  return `${who} needs ${sum} to shut down, but ${graceText(shutdown)}: ${consequence}`;
}
