import { serverById, serverOfExecutable, type ServerFact } from './servers';
import { canonicalSignal, type SignalName } from './signals';

/**
 * Commands that ask a server to stop and return at once, without waiting for it to finish
 * (FACTS §7): `nginx -s quit`, `apachectl graceful-stop`, `kill -QUIT 1`, `pkill -QUIT php-fpm`.
 * A new control command is one entry in `controlCommands` and one test.
 */
export interface StopRequest {
  /** The signal the server gets. */
  signal: SignalName;
  /** The server it goes to, when the command says which. */
  server?: ServerFact;
  /** "`nginx -s quit`": for messages. */
  shown: string;
  /**
   * A shell condition that holds while the signalled process lives, for a wait loop: `kill -0 1`
   * for the container's main process, else the same tool and target with signal 0.
   */
  stillRunning: string;
}

interface ControlCommand {
  executables: RegExp;
  server: Parameters<typeof serverById>[0];
  /** The argument words that ask for a stop, and the signal the server then gets. */
  actions: { words: string[]; signal: SignalName }[];
  source: string;
}

const controlCommands: ControlCommand[] = [
  {
    // `nginx -s quit` signals the master with QUIT (graceful), `-s stop` with TERM (fast).
    executables: /^(nginx|openresty)$/, server: 'nginx',
    actions: [{ words: ['-s', 'quit'], signal: 'SIGQUIT' }, { words: ['-s', 'stop'], signal: 'SIGTERM' }],
    source: 'https://nginx.org/en/docs/control.html',
  },
  {
    // `apachectl -k graceful-stop` sends WINCH, `-k stop` TERM (FACTS §7).
    executables: /^(apachectl|apache2ctl|httpd|apache2)$/, server: 'httpd',
    actions: [
      { words: ['-k', 'graceful-stop'], signal: 'SIGWINCH' }, { words: ['graceful-stop'], signal: 'SIGWINCH' },
      { words: ['-k', 'stop'], signal: 'SIGTERM' }, { words: ['stop'], signal: 'SIGTERM' },
    ],
    source: 'https://httpd.apache.org/docs/2.4/stopping.html',
  },
];

/** Signals that stop every server of FACTS §7 one way or another; others (WINCH, USR1) only stop some. */
const stopSignals = new Set(['SIGTERM', 'SIGQUIT', 'SIGINT']);

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/**
 * The signal option of `kill`, `pkill` and `killall` (`-QUIT`, `-SIGQUIT`, `-3`, `-s QUIT`,
 * `--signal QUIT`, `-n 3`) and the index of the first word after it; SIGTERM when none is given.
 */
function signalOption(args: (string | undefined)[]): { signal?: SignalName; next: number } {
  const first = args[0];
  if (first === undefined || !first.startsWith('-')) return { signal: 'SIGTERM', next: 0 };
  if (['-s', '-n', '--signal'].includes(first)) return { signal: args[1] === undefined ? undefined : canonicalSignal(args[1]), next: 2 };
  const inline = /^--signal=(.+)$/.exec(first)?.[1] ?? first.slice(1);
  return { signal: canonicalSignal(inline), next: 1 };
}

/**
 * What a command does when it asks a server to stop; undefined for anything else (`kill -0`,
 * `kill -HUP`, a command we do not know). `pid1Server` is the server the container runs as its
 * main process, when known: it decides whether `kill -USR1 1` is a stop (HAProxy) or not (nginx).
 */
export function stopRequest(name: string, args: (string | undefined)[], argTexts: string[], pid1Server?: ServerFact): StopRequest | undefined {
  const program = baseName(name);
  const shown = `\`${[name, ...argTexts].join(' ')}\``;
  const control = controlCommands.find((command) => command.executables.test(program));
  if (control) {
    // The action may follow other options: `nginx -c /etc/nginx/nginx.conf -s quit`.
    const action = control.actions.find(({ words }) => args.some((_, start) => words.every((word, i) => args[start + i] === word)));
    // The control command signals the server's master: in a container, normally its main process.
    return action && { signal: action.signal, server: serverById(control.server), shown, stillRunning: 'kill -0 1' };
  }
  if (program !== 'kill' && program !== 'pkill' && program !== 'killall') return undefined;
  const { signal, next } = signalOption(args);
  const targets = argTexts.slice(next);
  if (!signal || targets.length === 0) return undefined;
  const pid1 = program === 'kill' && targets.length === 1 && targets[0] === '1';
  const named = program === 'kill' ? undefined : args[args.length - 1];
  const server = pid1 ? pid1Server : named === undefined ? undefined : serverOfExecutable(named);
  if (!stopSignals.has(signal) && !server?.graceful.includes(signal)) return undefined;
  return { signal, server, shown, stillRunning: `${program} -0 ${targets.join(' ')}` };
}
