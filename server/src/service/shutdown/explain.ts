import type { PodTemplate } from '../model/kubernetes';
import { containerShutdown, formatSeconds, type ContainerShutdown } from './timeline';

function containerLabel(shutdown: ContainerShutdown): string {
  return shutdown.container.name ? `\`${shutdown.container.name}\`` : 'container';
}

function rows(shutdown: ContainerShutdown): [string, string][] {
  const who = containerLabel(shutdown);
  const at = (seconds: number) => (shutdown.signalAtExact ? formatSeconds(seconds) : `≥ ${formatSeconds(seconds)}`);
  const result: [string, string][] = [];
  if (shutdown.preStopRuns) {
    result.push([`0 – ${at(shutdown.signalAt)}`, `${who}: preStop hook, ${shutdown.preStop.description}; the process keeps serving`]);
  } else if (shutdown.preStop.handler !== 'none') {
    result.push(['0 s', `${who}: preStop hook skipped (grace period 0)`]);
  }
  const late = shutdown.signalAt === 0 ? ' while requests are still being routed to it' : '';
  result.push([at(shutdown.signalAt), `${who}: stop signal, ${shutdown.stopSignal.description}${late}`]);
  result.push([`${at(shutdown.signalAt)} – ${at(shutdown.killAt)}`, `${who}: ${formatSeconds(shutdown.stopWindow)} to finish in-flight requests and exit`]);
  return result;
}

/** The termination sequence of a pod as a Markdown table, with the manifest's own numbers. */
export function explainPodShutdown(pod: PodTemplate): string {
  const shutdowns = pod.containers.map((container) => containerShutdown(pod, container));
  const grace = shutdowns[0]?.grace;
  const owner = `${pod.owner.kind} \`${pod.owner.name ?? '(unnamed)'}\``;
  const graceText = grace ? `terminationGracePeriodSeconds ${grace.seconds}${grace.explicit ? '' : ' (default)'}` : '';
  const lines = [
    `**Shutdown of ${owner}** — ${graceText}`,
    '',
    '| t | what happens |',
    '|---|---|',
    '| 0 s | Pod deleted. In parallel: the kubelet starts preStop hooks, and the pod leaves the EndpointSlices; kube-proxy, ingress controllers and load balancers stop routing to it over the next seconds |',
  ];
  for (const shutdown of shutdowns) for (const [time, what] of rows(shutdown)) lines.push(`| ${time} | ${what} |`);
  const killAt = Math.max(0, ...shutdowns.map((shutdown) => shutdown.killAt));
  lines.push(`| ${formatSeconds(killAt)} | SIGKILL to every process still running |`);
  if (pod.initContainers.some((container) => container.sidecar)) {
    lines.push('', 'Sidecars (restartable init containers) get their stop signal only after the main containers have exited, within the same grace period.');
  }
  return lines.join('\n');
}
