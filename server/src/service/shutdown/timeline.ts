import type { Container, PodTemplate } from '../model/kubernetes';
import { preStopDelay, type PreStopDelay } from './prestop';

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

export interface StopSignal {
  /** undefined: whatever the image's STOPSIGNAL says, SIGTERM if it says nothing (FACTS §5). */
  name?: string;
  description: string;
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
}

export function containerShutdown(pod: PodTemplate, container: Container): ContainerShutdown {
  const grace = gracePeriod(pod);
  const preStop = preStopDelay(container);
  const preStopRuns = grace.seconds > 0 && preStop.handler !== 'none';
  // The kubelet waits for the hook at most the whole grace period (FACTS §1b).
  const hookSeconds = preStopRuns ? Math.min(preStop.seconds ?? 0, grace.seconds) : 0;
  const stopWindow = Math.max(grace.seconds - hookSeconds, MINIMUM_STOP_WINDOW_SECONDS);
  const signal = container.lifecycle?.stopSignal?.value;
  return {
    container,
    grace,
    preStop,
    preStopRuns,
    signalAt: hookSeconds,
    signalAtExact: !preStopRuns || preStop.exact,
    stopSignal: signal
      ? { name: signal, description: `${signal} (lifecycle.stopSignal)` }
      : { description: "the image's STOPSIGNAL (SIGTERM unless the image sets one)" },
    stopWindow,
    killAt: hookSeconds + stopWindow,
  };
}

export function formatSeconds(seconds: number): string {
  if (seconds === Infinity) return 'forever';
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}
