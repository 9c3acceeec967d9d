import type { ImageEntries } from '../knowledge/image-signals';
import type { Container, PodTemplate } from '../model/kubernetes';
import type { KubernetesVersion } from '../settings';
import type { SourceText } from '../source';
import type { WorkspaceView } from '../workspace';
import { containerDrain, type Drain } from './drain';
import { preStopDelay, type PreStopDelay } from './prestop';
import { effectiveStopSignal, type EffectiveStopSignal } from './stop-signal';

/** FACTS §1d: the grace period when the pod spec does not set one. */
export const DEFAULT_GRACE_PERIOD_SECONDS = 30;
/** FACTS §1c: the kubelet always leaves at least this long between the stop signal and SIGKILL. */
export const MINIMUM_STOP_WINDOW_SECONDS = 2;

export interface GracePeriod {
  seconds: number;
  /** False when the default applies; messages say "(default)". */
  explicit: boolean;
}

export function gracePeriod(pod: PodTemplate): GracePeriod {
  const seconds = pod.terminationGracePeriod?.seconds;
  return seconds === undefined ? { seconds: DEFAULT_GRACE_PERIOD_SECONDS, explicit: false } : { seconds, explicit: true };
}

/** The signal the container gets and where it comes from (FACTS §3, §5): see shutdown/stop-signal.ts. */
export type StopSignal = EffectiveStopSignal;

/** What the timeline of a pod reads besides the pod itself: one context for rules, hovers and the explain command. */
export interface TimelineContext {
  /** The manifest the pod is in: locations in it are reported against it. */
  source: SourceText;
  /** Dockerfiles that build the images (stop signal), Spring and php-fpm configuration (drain). */
  workspace: WorkspaceView;
  kubernetesVersion: KubernetesVersion;
  /** Seconds an app is given to drain when the workspace does not say (setting drainBudgetSeconds). */
  drainBudgetSeconds: number;
  /** What the user says images stop with and run (setting images), ahead of the official-image table. */
  images: ImageEntries;
}

/** What a timeline context is made of: a rule's context, or a file and the settings it is analysed with. */
export interface TimelineContextParts {
  model: { source: SourceText };
  workspace: WorkspaceView;
  kubernetesVersion: KubernetesVersion;
  settings: { drainBudgetSeconds: number; images: ImageEntries };
}

/** The timeline context of the file a Kubernetes rule checks. */
export function timelineContextOf(ctx: TimelineContextParts): TimelineContext {
  return {
    source: ctx.model.source, workspace: ctx.workspace, kubernetesVersion: ctx.kubernetesVersion,
    drainBudgetSeconds: ctx.settings.drainBudgetSeconds, images: ctx.settings.images,
  };
}

/**
 * What happens to one container from the moment its pod is deleted, in seconds from t=0.
 * One model serves the hovers, the explain command and the grace-period rules, so they agree.
 */
export interface ContainerShutdown {
  container: Container;
  grace: GracePeriod;
  preStop: PreStopDelay;
  /** False when the grace period is 0: the kubelet skips preStop entirely (FACTS §1b). */
  preStopRuns: boolean;
  /** When the stop signal is sent; a lower bound when the hook's duration is not known exactly. */
  signalAt: number;
  signalAtExact: boolean;
  stopSignal: StopSignal;
  /** Seconds between the stop signal and SIGKILL. */
  stopWindow: number;
  killAt: number;
  /** How long the app needs after the stop signal, and what says so (shutdown/drain.ts). */
  drain: Drain;
}

export function containerShutdown(pod: PodTemplate, container: Container, context: TimelineContext): ContainerShutdown {
  const grace = gracePeriod(pod);
  const preStop = preStopDelay(container);
  const preStopRuns = grace.seconds > 0 && preStop.handler !== 'none';
  // The kubelet waits for the hook at most the whole grace period (FACTS §1b).
  const hookSeconds = preStopRuns ? Math.min(preStop.seconds ?? 0, grace.seconds) : 0;
  const stopWindow = Math.max(grace.seconds - hookSeconds, MINIMUM_STOP_WINDOW_SECONDS);
  return {
    container,
    grace,
    preStop,
    preStopRuns,
    signalAt: hookSeconds,
    signalAtExact: !preStopRuns || preStop.exact,
    stopSignal: effectiveStopSignal(pod, container, { dockerfiles: context.workspace.dockerfiles(), kubernetesVersion: context.kubernetesVersion, images: context.images }),
    stopWindow,
    killAt: hookSeconds + stopWindow,
    drain: containerDrain(container, context),
  };
}

export function formatSeconds(seconds: number): string {
  if (seconds === Infinity) return 'forever';
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
