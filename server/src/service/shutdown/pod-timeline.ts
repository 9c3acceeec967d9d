import { signalBehaviour } from '../knowledge/servers';
import { canonicalSignal } from '../knowledge/signals';
import { imageShell } from '../model/image-shell';
import { workspaceBuildOf } from '../model/image-source';
import type { Container, PodTemplate } from '../model/kubernetes';
import { podLoadBalancers, workspaceLoadBalancers } from '../model/load-balancer';
import { deliveredSignal, serverOf } from '../model/server-process';
import { servicesSelecting, servingContainers } from '../model/serving';
import { nodeRange } from '../parse/kubernetes';
import type { SourceLocation } from '../types';
import { containerShutdown, formatSeconds, MINIMUM_STOP_WINDOW_SECONDS, type ContainerShutdown, type TimelineContext } from './timeline';
import { signalReceiver, type SignalReceiver } from './signal-receiver';

/**
 * How long kube-proxy, ingress controllers and load balancers take to stop sending new requests
 * to a deleted pod. Kubernetes gives no bound (FACTS §1a, §4: "seconds later", and longer when the
 * load balancer API is slow); the timeline draws this typical figure as an assumption, and says so.
 */
export const ASSUMED_PROPAGATION_SECONDS = 5;

/** A stretch of time on one lane, with what it is and where the manifest or Dockerfile says so. */
export interface TimelineSpan {
  start: number;
  end: number;
  label: string;
  detail: string;
  location?: SourceLocation;
}

export interface TimelineMark {
  at: number;
  label: string;
  detail: string;
  location?: SourceLocation;
}

export interface ContainerLane {
  name: string;
  /** What the stop signal does to the server the container runs, when that is known and harmful: "fast shutdown". */
  harmfulSignal?: { server: string; effect: string; consequence: string };
  preStop?: TimelineSpan & { outcome: 'runs' | 'skipped' | 'fails' };
  signal: TimelineMark & { receiver: SignalReceiver };
  /** From the stop signal to when the app has finished its requests, as far as the workspace tells. */
  drain: TimelineSpan & { basis: 'set' | 'default' | 'budget' };
  killAt: number;
  serving: boolean;
}

/** When requests fail, and why: the shaded areas of the picture. */
export interface DangerWindow {
  start: number;
  end: number;
  /** The lane it belongs to: a container's name, or 'traffic' for the routing lane. */
  lane: string;
  cause: string;
  /** A few words for compact views (the hover). */
  summary: string;
  location?: SourceLocation;
}

export interface PodTimeline {
  /** "Deployment `web`". */
  title: string;
  location: SourceLocation;
  grace: { seconds: number; explicit: boolean; location?: SourceLocation };
  /** The routing lane: endpoint removal propagating, then each load balancer's draining. */
  propagation: TimelineSpan;
  loadBalancers: TimelineSpan[];
  containers: ContainerLane[];
  dangers: DangerWindow[];
  killAt: number;
  /** Where the drawing ends: SIGKILL, or a load balancer that holds on longer. */
  end: number;
  notes: string[];
}

/**
 * The termination sequence of a pod: one model for the hover, the explain view, the CLI and the
 * rules, so that none of them disagrees with another.
 */
export function podTimeline(pod: PodTemplate, context: TimelineContext): PodTimeline {
  const { source } = context;
  const at = (node: Parameters<typeof nodeRange>[1] | undefined): SourceLocation | undefined => node && { uri: source.uri, range: nodeRange(source, node) };
  const serving = new Set(servingContainers(pod, servicesSelecting(context.workspace, pod)).map(({ container }) => container));
  const shutdowns = pod.containers.map((container) => containerShutdown(pod, container, context));
  const containers = shutdowns.map((shutdown) => containerLane(shutdown, serving.has(shutdown.container), context, at));
  const killAt = Math.max(0, ...containers.map((lane) => lane.killAt));
  const propagation: TimelineSpan = {
    start: 0, end: ASSUMED_PROPAGATION_SECONDS, label: 'endpoint removal propagates',
    detail: `The pod leaves the EndpointSlices at once; kube-proxy, ingress controllers and load balancers stop sending new requests to it over the next seconds (drawn as ${formatSeconds(ASSUMED_PROPAGATION_SECONDS)}, a typical figure: Kubernetes gives no bound).`,
  };
  const loadBalancers = podLoadBalancers(pod, workspaceLoadBalancers(context.workspace))
    .filter((loadBalancer) => loadBalancer.draining.seconds !== undefined && loadBalancer.draining.seconds > 0)
    .map((loadBalancer): TimelineSpan => ({
      start: ASSUMED_PROPAGATION_SECONDS,
      end: ASSUMED_PROPAGATION_SECONDS + (loadBalancer.draining.seconds ?? 0),
      label: `${loadBalancer.fact.name} ${loadBalancer.fact.drainingName}`,
      detail: `${loadBalancer.ownerLabel}: ${loadBalancer.draining.description}`,
      location: loadBalancer.draining.where,
    }));
  const grace = shutdowns[0]?.grace ?? { seconds: 30, explicit: false };
  return {
    title: `${pod.owner.kind} \`${pod.owner.name ?? '(unnamed)'}\``,
    location: at(pod.owner.kindNode)!,
    // With the default, the pod spec is where terminationGracePeriodSeconds would go.
    grace: { ...grace, location: at(pod.terminationGracePeriod?.valueNode ?? pod.specKeyNode) },
    propagation,
    loadBalancers,
    containers,
    dangers: dangerWindows(containers, loadBalancers, killAt),
    killAt,
    end: Math.max(killAt, ...loadBalancers.map((span) => span.end), ASSUMED_PROPAGATION_SECONDS),
    notes: pod.initContainers.some((container) => container.sidecar)
      ? ['Sidecars (restartable init containers) get their stop signal only after the main containers have exited, within the same grace period.']
      : [],
  };
}

function containerLane(
  shutdown: ContainerShutdown, serving: boolean, context: TimelineContext, at: (node: Parameters<typeof nodeRange>[1] | undefined) => SourceLocation | undefined,
): ContainerLane {
  const { container, preStop } = shutdown;
  const name = container.name ?? 'container';
  const failure = hookFailure(container, context);
  const hookFails = failure !== undefined;
  // A hook that fails returns at once: the signal comes at 0 and the whole grace period follows it.
  const signalAt = hookFails ? 0 : shutdown.signalAt;
  const killAt = hookFails ? Math.max(shutdown.grace.seconds, MINIMUM_STOP_WINDOW_SECONDS) : shutdown.killAt;
  const lane: ContainerLane = {
    name,
    serving,
    signal: {
      at: signalAt,
      // "SIGTERM?": an image we cannot see may set another signal.
      label: shutdown.stopSignal.certain ? shutdown.stopSignal.name : `${shutdown.stopSignal.name}?`,
      detail: `Stop signal: ${shutdown.stopSignal.description}.`,
      location: at(container.lifecycle?.stopSignal?.node),
      receiver: signalReceiver(container, context),
    },
    drain: {
      start: signalAt,
      end: signalAt + shutdown.drain.seconds,
      basis: shutdown.drain.basis,
      label: 'drain',
      detail: (shutdown.drain.basis === 'budget'
        ? `Nothing in the workspace says how long the app needs after the stop signal (drain budget ${formatSeconds(shutdown.drain.seconds)})`
        : `The app needs up to ${formatSeconds(shutdown.drain.seconds)} after the stop signal (${shutdown.drain.sources[0].what})`)
        + `; it gets ${formatSeconds(killAt - signalAt)} before SIGKILL.`,
      location: shutdown.drain.sources[0]?.where,
    },
    killAt,
  };
  lane.harmfulSignal = harmfulSignal(container, shutdown.stopSignal.name, context);
  if (preStop.handler !== 'none') {
    const outcome = !shutdown.preStopRuns ? 'skipped' : hookFails ? 'fails' : 'runs';
    lane.preStop = {
      start: 0,
      end: outcome === 'runs' ? shutdown.signalAt : 0,
      outcome,
      label: `preStop: ${preStop.description}`,
      detail: outcome === 'skipped' ? `preStop hook (${preStop.description}) is skipped: the grace period is 0.`
        : outcome === 'fails' ? `preStop hook (${preStop.description}) fails at once (FailedPreStopHook): ${failure}.`
          : `preStop hook: ${preStop.description}${preStop.exact ? '' : ' (at least)'}; the process keeps serving.`,
      location: at(container.lifecycle?.preStop?.keyNode),
    };
  }
  return lane;
}

/** The server's documented reaction to the signal it gets, when that drops requests (FACTS §7): nginx on SIGTERM. */
function harmfulSignal(container: Container, signal: string, context: TimelineContext): ContainerLane['harmfulSignal'] {
  const recognised = serverOf(container.image, workspaceBuildOf(container.image, context.workspace.dockerfiles()), context.images, { command: container.command, args: container.args });
  if (!recognised || recognised.confidence !== 'certain' || recognised.shellParent) return undefined;
  const behaviour = signalBehaviour(recognised.server, recognised.argv);
  const delivered = canonicalSignal(deliveredSignal(signal, recognised.rewrites));
  const effect = delivered && behaviour?.effects[delivered];
  if (!behaviour || !delivered || behaviour.graceful.includes(delivered) || !effect) return undefined;
  return { server: recognised.server.name, effect: effect.name, consequence: effect.consequence };
}

/** Why an exec preStop hook cannot run at all (FACTS §1e, §1f, §8), so it gives no delay. */
function hookFailure(container: Container, context: TimelineContext): string | undefined {
  const [handler, ...others] = container.lifecycle?.preStop?.handlers ?? [];
  if (!handler || others.length > 0) return undefined;
  if (handler.kind === 'tcpSocket') return 'tcpSocket is not a supported hook handler';
  if (handler.kind !== 'exec') return undefined;
  if (handler.command?.[0]?.includes(' ')) return `no program is named "${handler.command[0]}"`;
  const shell = imageShell(container.image, context.workspace.dockerfiles());
  return shell?.flavour === 'none' ? `${shell.reason}, so there is nothing to run it with` : undefined;
}

function dangerWindows(containers: ContainerLane[], loadBalancers: TimelineSpan[], killAt: number): DangerWindow[] {
  const dangers: DangerWindow[] = [];
  for (const lane of containers) {
    // A shell that swallows the signal leaves the server accepting: that failure is the next one.
    if (lane.serving && lane.signal.receiver.kind !== 'shell' && lane.signal.at < ASSUMED_PROPAGATION_SECONDS) {
      dangers.push({
        start: lane.signal.at, end: ASSUMED_PROPAGATION_SECONDS, lane: lane.name,
        cause: `\`${lane.name}\` gets its stop signal at ${formatSeconds(lane.signal.at)} while requests may still be routed to it: once the server stops accepting, they fail (502, connection refused).`,
        summary: 'stop signal while requests are still routed here',
        location: lane.preStop?.location,
      });
    }
    if (lane.harmfulSignal) {
      const { server, effect, consequence } = lane.harmfulSignal;
      dangers.push({
        start: lane.signal.at, end: Math.min(lane.drain.end, lane.killAt), lane: lane.name,
        cause: `${server} takes ${lane.signal.label} as ${effect}: ${consequence}.`,
        summary: `${lane.signal.label} means ${effect} for ${server}`,
        location: lane.signal.location,
      });
    }
    if (lane.signal.receiver.kind === 'shell') {
      dangers.push({
        start: lane.signal.at, end: lane.killAt, lane: lane.name,
        cause: `The stop signal goes to a shell that does not pass it on (${lane.signal.receiver.why}): the server runs until SIGKILL at ${formatSeconds(lane.killAt)} and its open connections are cut.`,
        summary: 'a shell swallows the stop signal; SIGKILL cuts open connections',
        location: lane.signal.receiver.location,
      });
    } else if (lane.drain.basis !== 'budget' && lane.drain.end > lane.killAt) {
      dangers.push({
        start: lane.killAt, end: lane.drain.end, lane: lane.name,
        cause: `SIGKILL at ${formatSeconds(lane.killAt)} cuts requests the app would finish by ${formatSeconds(lane.drain.end)}.`,
        summary: 'SIGKILL cuts requests still draining',
        location: lane.drain.location,
      });
    }
  }
  // How long the serving containers may still be finishing requests: a load balancer that stops draining earlier cuts them.
  const servedUntil = Math.max(0, ...containers.filter((lane) => lane.serving && lane.drain.basis !== 'budget')
    .map((lane) => Math.min(lane.drain.end, lane.killAt)));
  for (const span of loadBalancers) {
    if (span.end < servedUntil) {
      dangers.push({
        start: span.end, end: servedUntil, lane: 'traffic',
        cause: `${span.label} ends at ${formatSeconds(span.end)}: the load balancer cuts the requests the pod is still finishing until ${formatSeconds(servedUntil)}.`,
        summary: 'load balancer stops draining before the pod has finished',
        location: span.location,
      });
    }
    if (span.end > killAt) {
      dangers.push({
        start: killAt, end: span.end, lane: 'traffic',
        cause: `${span.label} keeps requests in flight to the pod until ${formatSeconds(span.end)}, after it was killed at ${formatSeconds(killAt)}.`,
        summary: 'load balancer still sends to the killed pod',
        location: span.location,
      });
    }
  }
  return dangers;
}
