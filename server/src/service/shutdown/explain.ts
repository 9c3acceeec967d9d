import type { PodTemplate } from '../model/kubernetes';
import { DRAIN_MARGIN_SECONDS, locationLabel, type Drain } from './drain';
import { containerShutdown, formatSeconds, type ContainerShutdown, type TimelineContext } from './timeline';

function containerLabel(shutdown: ContainerShutdown): string {
  return shutdown.container.name ? `\`${shutdown.container.name}\`` : 'container';
}

interface Row {
  /** Seconds from deletion, for ordering the rows of several containers. */
  start: number;
  time: string;
  what: string;
}

/** "; it needs up to 30 s (Spring timeout-per-shutdown-phase, src/main/resources/application.yml:4)". */
function drainText(drain: Drain, stopWindow: number, fromUri: string): string {
  if (!drain) return '';
  if (drain.basis === 'budget') return `; nothing in the workspace says how long it needs (drain budget ${formatSeconds(drain.seconds)})`;
  const [source] = drain.sources;
  const where = source.where ? `, ${locationLabel(source.where, fromUri)}` : '';
  const short = drain.seconds + DRAIN_MARGIN_SECONDS > stopWindow ? `, more than it gets (with a ${formatSeconds(DRAIN_MARGIN_SECONDS)} margin)` : '';
  return `; it needs up to ${formatSeconds(drain.seconds)} (${source.what}${where})${short}`;
}

function rows(shutdown: ContainerShutdown, fromUri: string): Row[] {
  const who = containerLabel(shutdown);
  const at = (seconds: number) => (shutdown.signalAtExact ? formatSeconds(seconds) : `≥ ${formatSeconds(seconds)}`);
  const result: Row[] = [];
  if (shutdown.preStopRuns) {
    result.push({ start: 0, time: `0 – ${at(shutdown.signalAt)}`, what: `${who}: preStop hook, ${shutdown.preStop.description}; the process keeps serving` });
  } else if (shutdown.preStop.handler !== 'none') {
    result.push({ start: 0, time: '0 s', what: `${who}: preStop hook skipped (grace period 0)` });
  }
  const late = shutdown.signalAt === 0 ? ' while requests are still being routed to it' : '';
  result.push({ start: shutdown.signalAt, time: at(shutdown.signalAt), what: `${who}: stop signal, ${shutdown.stopSignal.description}${late}` });
  result.push({
    start: shutdown.signalAt, time: `${at(shutdown.signalAt)} – ${at(shutdown.killAt)}`,
    what: `${who}: ${formatSeconds(shutdown.stopWindow)} to finish in-flight requests and exit${drainText(shutdown.drain, shutdown.stopWindow, fromUri)}`,
  });
  return result;
}

/** The termination sequence of a pod as a Markdown table, with the manifest's own numbers. */
export function explainPodShutdown(pod: PodTemplate, context: TimelineContext): string {
  const shutdowns = pod.containers.map((container) => containerShutdown(pod, container, context));
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
  const timeline = shutdowns.flatMap((shutdown) => rows(shutdown, context.source.uri)).sort((a, b) => a.start - b.start);
  for (const row of timeline) lines.push(`| ${row.time} | ${row.what} |`);
  const killAt = Math.max(0, ...shutdowns.map((shutdown) => shutdown.killAt));
  lines.push(`| ${formatSeconds(killAt)} | SIGKILL to every process still running |`);
  if (pod.initContainers.some((container) => container.sidecar)) {
    lines.push('', 'Sidecars (restartable init containers) get their stop signal only after the main containers have exited, within the same grace period.');
  }
  return lines.join('\n');
}
