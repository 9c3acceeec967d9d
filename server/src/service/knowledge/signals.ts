/**
 * Signal names and numbers, and the values Kubernetes accepts for `lifecycle.stopSignal`.
 * Kept as data so the Kubernetes and Dockerfile rules read the same table.
 */

/** A SIG-prefixed, upper-case signal name: "SIGQUIT", "SIGRTMIN+3". */
export type SignalName = string;

/**
 * Linux signal numbers on x86 and ARM, the architectures container images are built for
 * (signal(7), https://man7.org/linux/man-pages/man7/signal.7.html). Aliases share a number.
 */
const linuxSignalNumbers: Record<string, number> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGIOT: 6, SIGBUS: 7, SIGFPE: 8,
  SIGKILL: 9, SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGSTKFLT: 16,
  SIGCHLD: 17, SIGCLD: 17, SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23,
  SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPOLL: 29, SIGPWR: 30,
  SIGSYS: 31, SIGRTMIN: 34, SIGRTMAX: 64,
};

/** The real-time signals as the Kubernetes API spells them: SIGRTMIN+1 … +15, SIGRTMAX-14 … -1 (FACTS §3). */
const realTimeNames: string[] = [
  ...Array.from({ length: 15 }, (_, i) => `SIGRTMIN+${i + 1}`),
  ...Array.from({ length: 14 }, (_, i) => `SIGRTMAX-${14 - i}`),
];

/**
 * The values `lifecycle.stopSignal` accepts on Linux pods: the KEP-4960 `supportedStopSignalsLinux`
 * list (FACTS §3), which is every name above plus the real-time signals.
 */
export const kubernetesLinuxStopSignals: ReadonlySet<SignalName> = new Set([...Object.keys(linuxSignalNumbers), ...realTimeNames]);

/** Windows pods may only use these (FACTS §3). */
export const kubernetesWindowsStopSignals: ReadonlySet<SignalName> = new Set(['SIGTERM', 'SIGKILL']);

/** The signal a container runtime sends when the image sets no STOPSIGNAL: containerd and CRI-O (FACTS §5). */
export const RUNTIME_DEFAULT_STOP_SIGNAL: SignalName = 'SIGTERM';

/** The number of a signal name, real-time offsets included; undefined for a name Linux does not have. */
export function signalNumber(name: SignalName): number | undefined {
  const realTime = /^SIGRT(MIN|MAX)([+-]\d+)?$/.exec(name);
  if (realTime) {
    const base = linuxSignalNumbers[`SIGRT${realTime[1]}`];
    const number = base + Number(realTime[2] ?? 0);
    return number >= linuxSignalNumbers.SIGRTMIN && number <= linuxSignalNumbers.SIGRTMAX ? number : undefined;
  }
  return linuxSignalNumbers[name];
}

/** The usual name of a signal number (SIGABRT rather than SIGIOT); undefined outside 1–64. */
export function signalName(number: number): SignalName | undefined {
  const name = Object.keys(linuxSignalNumbers).find((candidate) => linuxSignalNumbers[candidate] === number);
  if (name) return name;
  if (number > linuxSignalNumbers.SIGRTMIN && number < linuxSignalNumbers.SIGRTMAX) {
    const fromMin = number - linuxSignalNumbers.SIGRTMIN;
    return fromMin <= 15 ? `SIGRTMIN+${fromMin}` : `SIGRTMAX-${linuxSignalNumbers.SIGRTMAX - number}`;
  }
  return undefined;
}

/**
 * The canonical name of a signal as a Dockerfile, a process manager or a command line may write
 * it: `SIGQUIT`, `QUIT`, `sigquit` or `3`. Undefined for anything that names no Linux signal
 * (`SIGQUITT`, `$SIGNAL`).
 */
export function canonicalSignal(text: string): SignalName | undefined {
  const trimmed = text.trim().toUpperCase();
  if (/^\d+$/.test(trimmed)) return signalName(Number(trimmed));
  const name = trimmed.startsWith('SIG') ? trimmed : `SIG${trimmed}`;
  return signalNumber(name) === undefined ? undefined : name;
}

/** True when two names mean the same signal (SIGIOT and SIGABRT, SIGQUIT and QUIT). */
export function sameSignal(a: string, b: string): boolean {
  const first = canonicalSignal(a);
  const second = canonicalSignal(b);
  return first !== undefined && second !== undefined && signalNumber(first) === signalNumber(second);
}
