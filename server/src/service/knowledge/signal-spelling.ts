import { kubernetesLinuxStopSignals, type SignalName } from './signals';

/**
 * The signal a misspelt name was probably meant to be (`SIGQUITT` → SIGQUIT, `SIGUSER1` → SIGUSR1),
 * for suggestions only: a typo's intent is a guess.
 */

/** Levenshtein distance: insertions, deletions and substitutions of one character. */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * At most this many edits away. Signal names are short: two edits turn `SIGQ` into `SIGIO`, so a name
 * of four letters or fewer after `SIG` may be off by one edit only.
 */
function maxDistance(name: string): number {
  return name.length - 'SIG'.length <= 4 ? 1 : 2;
}

/** The one known signal name closest to `text` (compared upper-case, `SIG` added when missing); undefined when none is close or two tie. */
export function likelySignal(text: string): SignalName | undefined {
  const upper = text.trim().toUpperCase();
  const written = upper.startsWith('SIG') ? upper : `SIG${upper}`;
  let best: SignalName[] = [];
  let bestDistance = maxDistance(written);
  for (const name of kubernetesLinuxStopSignals) {
    // The distance is at least the difference in length: skip the quadratic count for a long word.
    if (Math.abs(written.length - name.length) > bestDistance) continue;
    const distance = editDistance(written, name);
    if (distance < bestDistance || (best.length === 0 && distance === bestDistance)) {
      best = [name];
      bestDistance = distance;
    } else if (distance === bestDistance) {
      best.push(name);
    }
  }
  return best.length === 1 ? best[0] : undefined;
}
