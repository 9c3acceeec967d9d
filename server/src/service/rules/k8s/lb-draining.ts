import type { KubernetesFile, PodTemplate } from '../../model/kubernetes';
import { loadBalancersIn, podsBehind, type LoadBalancer } from '../../model/load-balancer';
import { servicesSelecting, servingContainers } from '../../model/serving';
import { fileOfPod } from '../../model/workspace-index';
import { describeTerm, type Drain } from '../../shutdown/drain';
import { containerShutdown, DEFAULT_GRACE_PERIOD_SECONDS, formatSeconds, timelineContextOf } from '../../shutdown/timeline';
import type { Severity } from '../../types';
import { serviceAndDeploymentExample } from './example-manifests';
import { defineRule, type FixSpec, type RuleContext } from '../rule';

/** How long after its deletion a pod behind a load balancer may still be finishing requests, and why. */
interface ServingWindow {
  seconds: number;
  basis: Drain['basis'];
  /** "preStop 10 s + gunicorn --graceful-timeout 60 s (deploy.yaml:21)", "SIGKILL at 30 s". */
  why: string;
  /** "Deployment `web`". */
  pod?: string;
}

const serviceExample = (annotations: string, extra = '') => `apiVersion: networking.k8s.io/v1
kind: Ingress
metadata:
  name: web
  annotations:
${annotations}
spec:
  rules:
    - http:
        paths:
          - path: /
            pathType: Prefix
            backend:
              service:
                name: web
                port:
                  number: 80
---
${serviceAndDeploymentExample(`${extra}      containers:
        - name: web
          image: example/web:1.4
          command: ["gunicorn", "--graceful-timeout", "20", "app:app"]
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`)}`;

export default defineRule({
  meta: {
    id: 'k8s/lb-draining',
    language: 'kubernetes',
    defaultSeverity: 'warning',
    summary: 'Finds cloud load balancers that cut requests in flight to the pods they remove: connection draining off, or shorter than the pods keep serving.',
    rationale: [
      'When a pod is deleted, a load balancer that sends to pod IPs (AWS ALB/NLB in `ip` mode, GKE container-native',
      'load balancing, Azure Application Gateway) deregisters it at about the same time as the kubelet starts the preStop',
      'hook (FACTS §1a, §4). Its draining setting — AWS\'s *deregistration delay*, *connection draining* elsewhere —',
      'decides what happens to the requests it has already sent: they may complete for that long, then they are cut',
      '(FACTS §9). With draining off they are cut at once, although the pod goes on serving through its preStop delay and',
      'its own drain after the stop signal. A delay shorter than that cuts the longer requests the pod would still finish.',
      '',
      'Recognised: ALB Ingresses (class `alb` or `alb.ingress.kubernetes.io/*` annotations; the delay is',
      '`deregistration_delay.timeout_seconds` in `target-group-attributes`, a Service\'s annotations winning over its',
      'Ingress\'s), NLB Services of the AWS Load Balancer Controller, Classic ELB Services of the in-tree AWS provider',
      '(draining off unless `…-connection-draining-enabled`), Services naming a GKE BackendConfig in the workspace',
      '(`connectionDraining.drainingTimeoutSec`, 0 = off by default), Alibaba Cloud SLB Services with TCP/UDP listeners',
      '(`…-connection-drain`) and Application Gateway Ingresses (`appgw.ingress.kubernetes.io/connection-draining`).',
      'A Service whose cloud is not recognisable says nothing, nor does Azure\'s standard load balancer, which has no',
      'draining setting. AWS target groups drain 300 s unless told otherwise, so only a written delay is checked there.',
      '',
      'How long a pod keeps serving is its timeline: the preStop delay plus its drain time after the stop signal (the',
      'server\'s own timeout from its command line or its Spring Boot / php-fpm configuration, FACTS §7, §10, §11; else the',
      '`drainBudgetSeconds` setting), never past SIGKILL. Draining off is a warning where the load balancer targets pods;',
      'where it targets nodes (instance mode, a Classic ELB) draining matters when a node leaves, and the finding is a hint.',
      'A delay shorter than the pods\' timeline is a warning when the workspace writes the drain, information when it is a',
      'server\'s default and a hint when nothing is known about the app. A delay longer than the grace period is not',
      'flagged: the load balancer stops waiting as soon as no request is left.',
    ].join('\n'),
    facts: ['1a', '4', '7', '9', '10', '11'],
    examples: {
      incorrect: [{
        description: 'An Application Gateway Ingress without connection draining: requests in flight to a deleted pod are cut at once.',
        code: serviceExample('    kubernetes.io/ingress.class: azure/application-gateway'),
      }, {
        description: 'An ALB in `ip` mode with a deregistration delay of 10 s, while the pods keep serving for 25 s (5 s preStop + gunicorn\'s 20 s).',
        code: serviceExample(`    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/target-group-attributes: stickiness.enabled=true,deregistration_delay.timeout_seconds=10`),
      }],
      correct: [{
        description: 'The deregistration delay covers the pods\' 25 s; the other target group attributes stay as they are.',
        code: serviceExample(`    alb.ingress.kubernetes.io/target-type: ip
    alb.ingress.kubernetes.io/target-group-attributes: stickiness.enabled=true,deregistration_delay.timeout_seconds=30`),
      }, {
        description: 'A Service whose cloud cannot be told from its annotations is not judged.',
        code: `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
  selector:
    app: web
  ports:
    - port: 80
`,
      }],
    },
    fix: {
      description: 'Sets the load balancer\'s draining to the time the pods behind it may still be finishing requests after they are '
        + 'deleted (30 s, the default grace period, when no pod behind it is in the workspace): edits the one key inside '
        + '`target-group-attributes` and keeps the others, adds the enable and timeout annotations, or sets '
        + '`connectionDraining.drainingTimeoutSec` in the BackendConfig.',
      safety: 'safe',
      safetyNote: 'A load balancer ends a target\'s draining as soon as no request to it is left, so a longer window only keeps '
        + 'requests alive. Where the finding is a hint (node targets, nothing known about the app) the edit is only offered.',
    },
    references: [
      'https://kubernetes-sigs.github.io/aws-load-balancer-controller/latest/guide/ingress/annotations/#target-group-attributes',
      'https://docs.aws.amazon.com/eks/latest/best-practices/load-balancing.html',
      'https://cloud.google.com/load-balancing/docs/enabling-connection-draining',
      'https://github.com/Azure/application-gateway-kubernetes-ingress/blob/master/docs/annotations.md#connection-draining',
    ],
  },
  check(ctx) {
    for (const loadBalancer of loadBalancersIn(ctx.model, ctx.workspace)) {
      const { seconds } = loadBalancer.draining;
      // On, for a time the workspace does not say: nothing to compare.
      if (seconds === undefined) continue;
      const window = servingWindow(podsBehind(loadBalancer, ctx.workspace), ctx);
      const recommended = clamp(Math.ceil(window.seconds), loadBalancer.fact.range);
      if (seconds === 0) {
        reportOff(ctx, loadBalancer, window, recommended);
      } else if (loadBalancer.targets === 'pods' && window.pod && seconds < window.seconds) {
        const severity: Severity | undefined = window.basis === 'set' ? undefined : window.basis === 'default' ? 'info' : 'hint';
        ctx.report({
          range: loadBalancer.findingAt.range,
          message: `The ${loadBalancer.fact.drainingName} of the ${loadBalancer.fact.name} of ${loadBalancer.ownerLabel} is `
            + `${formatSeconds(seconds)} (${loadBalancer.draining.description}), but the pods of ${window.pod} may still be finishing `
            + `requests ${formatSeconds(window.seconds)} after they are deleted (${window.why}): the load balancer cuts those still `
            + `running ${formatSeconds(seconds)} after it deregisters a pod. Set it to ${recommended} s.`,
          severity,
          ...fixes(loadBalancer, recommended, severity !== 'hint'),
        });
      }
    }
  },
});

function reportOff(ctx: RuleContext<KubernetesFile>, loadBalancer: LoadBalancer, window: ServingWindow, recommended: number): void {
  const { fact } = loadBalancer;
  const onPods = loadBalancer.targets === 'pods';
  const when = onPods
    ? `when a pod behind it is deleted, it deregisters the pod and cuts the requests in flight to it at once, although `
      + `${window.pod ? `the pods of ${window.pod} keep` : 'a pod keeps'} serving for up to ${formatSeconds(window.seconds)} (${window.why})`
    : 'when a node leaves it (scale-down, node upgrades), it cuts the requests in flight through that node at once'
      + (loadBalancer.targets === 'unknown' ? '; if it sends to pod IPs, the same happens to every pod that is deleted' : '');
  const controller = fact.id === 'aws-clb'
    ? ' (This is what the in-tree AWS provider creates; with the AWS Load Balancer Controller\'s Service webhook it becomes an NLB instead.)'
    : '';
  ctx.report({
    range: loadBalancer.findingAt.range,
    message: `The ${fact.name} of ${loadBalancer.ownerLabel} has ${fact.drainingName} ${loadBalancer.draining.description}: ${when}. `
      + `Enable it with ${recommended} s.${controller}`,
    severity: onPods ? undefined : 'hint',
    ...fixes(loadBalancer, recommended, onPods),
  });
}

function fixes(loadBalancer: LoadBalancer, seconds: number, preferred: boolean): { fix?: FixSpec; suggestions?: FixSpec[] } {
  const edits = loadBalancer.setDraining(seconds);
  if (!edits) return {};
  const fix: FixSpec = { title: `Set the ${loadBalancer.fact.drainingName} of the ${loadBalancer.fact.name} to ${seconds} s`, safety: 'safe', edits: () => edits };
  return preferred ? { fix } : { suggestions: [fix] };
}

function clamp(value: number, [min, max]: [number, number]): number {
  return Math.min(Math.max(value, min), max);
}

/**
 * The longest any serving container behind the load balancer may still be finishing requests,
 * counted from its pod's deletion: its preStop delay plus its drain, never past SIGKILL.
 */
function servingWindow(pods: PodTemplate[], ctx: RuleContext<KubernetesFile>): ServingWindow {
  let best: ServingWindow | undefined;
  for (const pod of pods) {
    const source = fileOfPod(ctx.workspace, pod)?.source;
    if (!source) continue;
    const timelineContext = { ...timelineContextOf(ctx), source };
    for (const { container } of servingContainers(pod, servicesSelecting(ctx.workspace, pod))) {
      const shutdown = containerShutdown(pod, container, timelineContext);
      const drain = shutdown.drain;
      const untilDrained = shutdown.signalAt + drain.seconds;
      const seconds = Math.min(shutdown.killAt, untilDrained);
      if (best && best.seconds >= seconds) continue;
      const terms = [
        ...(shutdown.signalAt > 0 ? [`preStop ${formatSeconds(shutdown.signalAt)}`] : []),
        drain.sources.length > 0 ? describeTerm({ ...drain.sources[0], seconds: drain.seconds }, ctx.uri)
          : `drain budget ${formatSeconds(drain.seconds)} (setting drainBudgetSeconds)`,
      ];
      best = {
        seconds,
        basis: drain.basis,
        why: untilDrained > shutdown.killAt ? `SIGKILL at ${formatSeconds(shutdown.killAt)}` : terms.join(' + '),
        pod: `${pod.owner.kind} \`${pod.owner.name ?? '(unnamed)'}\``,
      };
    }
  }
  return best ?? { seconds: DEFAULT_GRACE_PERIOD_SECONDS, basis: 'budget', why: 'no pod behind it is in the workspace; the default grace period' };
}

