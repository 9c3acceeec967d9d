import type { ServerFact, SignalBehaviour, SignalEffect } from '../knowledge/servers';
import type { SignalName } from '../knowledge/signals';
import { deliveredSignal, type RecognisedServer } from '../model/server-process';
import type { EffectiveStopSignal } from './stop-signal';

/**
 * Whether the signal a container or an image is stopped with stops its server gracefully (FACTS
 * §6, §7), shared by k8s/stop-signal (a container) and docker/stop-signal (an image), so that
 * both judge a server and a signal the same way and say it in the same words.
 */

/** The signal a server gets that stops it badly, and whether that is certain. */
export interface SignalMismatch {
  signal: SignalName;
  effect: SignalEffect;
  /** Only some digests of the image stop with it (FACTS §6). */
  viaDigest: boolean;
}

/** The harmful signal the server gets, after any rewrite by an init; undefined when it stops gracefully or the effect is not known to harm. */
export function signalMismatch(behaviour: SignalBehaviour, recognised: RecognisedServer, signal: EffectiveStopSignal): SignalMismatch | undefined {
  const candidates: [SignalName, boolean][] = [[signal.name, false]];
  if (signal.alternative) candidates.push([signal.alternative, true]);
  for (const [name, viaDigest] of candidates) {
    const delivered = deliveredSignal(name, recognised.rewrites);
    if (behaviour.graceful.includes(delivered)) continue;
    // A signal whose effect is not known to be harmful is not reported: say less when unsure.
    const effect = behaviour.effects[delivered];
    if (effect) return { signal: delivered, effect, viaDigest };
  }
  return undefined;
}

/** Sure enough for a warning: the server is certain, so is the signal, and no option of the server's may change what it does. */
export function mismatchCertain(behaviour: SignalBehaviour, recognised: RecognisedServer, signal: EffectiveStopSignal, mismatch: SignalMismatch): boolean {
  // When no signal is graceful (uWSGI without its hook), which one the image sets does not matter.
  const signalKnown = behaviour.graceful.length === 0 || (signal.certain && !mismatch.viaDigest);
  return recognised.confidence === 'certain' && signalKnown && !behaviour.option;
}

/** "nginx stops gracefully on SIGQUIT.", with the option that did not help and the server's caveat. */
export function gracefulRemedy(server: ServerFact, behaviour: SignalBehaviour): string {
  const target = behaviour.graceful[0];
  const gracefulOptions = (server.options ?? []).filter((option) => option.graceful).map((option) => `\`${option.label}\``);
  return (target ? `${server.name} stops gracefully on ${target}.` : `${server.name} stops gracefully only with ${gracefulOptions.join(' or ')}.`)
    + (behaviour.option ? ` It runs with \`${behaviour.option}\`, which does not make it graceful.` : '')
    + (server.caveat ? ` ${server.caveat}` : '');
}

/** " Current tags of the image set STOPSIGNAL SIGQUIT themselves." when a newer tag of the official image would fix it; else ''. */
export function newerTagNote(signal: EffectiveStopSignal, behaviour: SignalBehaviour): string {
  const fact = signal.origin.kind === 'image' ? signal.origin.fact : undefined;
  return fact?.current && behaviour.graceful.includes(fact.current) ? ` Current tags of the image set STOPSIGNAL ${fact.current} themselves.` : '';
}
