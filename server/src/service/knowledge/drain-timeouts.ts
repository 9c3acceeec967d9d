import { serverById, signalBehaviour, type ServerId } from './servers';

/**
 * How long a server keeps finishing what it has in flight after its stop signal before it gives
 * up, and how its command line sets that (FACTS §7, §11). A new server is one entry here and one
 * test in test/unit/service/drain.test.ts. php-fpm takes its timeout from its configuration files,
 * not its command line: see shutdown/drain.ts.
 */
export interface DrainTimeoutFact {
  server: ServerId;
  /** The setting as messages name it: "gunicorn --graceful-timeout". */
  setting: string;
  /** Command-line options that set it, in seconds: `--graceful-timeout 45`, `--graceful-timeout=45`, `-t 25`, `-t25`. */
  long?: string;
  short?: string;
  /** The value when no option sets it; undefined when the server then waits without limit (it says nothing we can add). */
  defaultSeconds?: number;
  /** The default holds only for this kind of run (Puma: clustered mode; uWSGI: with its graceful hook). */
  defaultApplies?: (options: string[]) => boolean;
  source: string;
}

/** Puma runs clustered with `-w N` / `--workers N` (N > 0); single mode has no worker_shutdown_timeout. */
function pumaClustered(options: string[]): boolean {
  return options.some((word, index) => {
    const value = word === '-w' || word === '--workers' ? options[index + 1]
      : word.startsWith('--workers=') ? word.slice('--workers='.length) : word.startsWith('-w') ? word.slice(2) : undefined;
    return value !== undefined && /^\d+$/.test(value) && Number(value) > 0;
  });
}

export const drainTimeouts: readonly DrainTimeoutFact[] = [
  {
    server: 'gunicorn', setting: 'gunicorn --graceful-timeout', long: '--graceful-timeout', defaultSeconds: 30,
    source: 'FACTS §7, §11 (gunicorn config.py GracefulTimeout, default 30)',
  },
  {
    server: 'sidekiq', setting: 'Sidekiq timeout', long: '--timeout', short: '-t', defaultSeconds: 25,
    source: 'FACTS §7, §11 (sidekiq config.rb timeout: 25; cli.rb `-t, --timeout NUM`)',
  },
  {
    server: 'puma', setting: 'Puma worker_shutdown_timeout', defaultSeconds: 30, defaultApplies: pumaClustered,
    source: 'FACTS §7, §11 (puma configuration.rb: cluster worker_shutdown_timeout 30; force_shutdown_after :forever otherwise)',
  },
  {
    server: 'uwsgi', setting: 'uWSGI worker mercy', defaultSeconds: 60,
    // Only its graceful hook makes SIGTERM a graceful shutdown that waits for the workers (FACTS §7).
    defaultApplies: (options) => (signalBehaviour(serverById('uwsgi'), options)?.graceful.length ?? 0) > 0,
    source: 'FACTS §7 (uWSGI 2.0: graceful operations give workers a mercy of 60 s)',
  },
];

export function drainTimeoutOf(server: ServerId): DrainTimeoutFact | undefined {
  return drainTimeouts.find((fact) => fact.server === server);
}

/** The php-fpm setting that bounds its graceful stop (FACTS §7: default 0, which makes SIGQUIT immediate). */
export const PHP_FPM_PROCESS_CONTROL_TIMEOUT = { key: 'process_control_timeout' } as const;

/** Spring Boot's graceful shutdown settings (FACTS §10). */
export const SPRING_SHUTDOWN = {
  timeoutKey: 'spring.lifecycle.timeout-per-shutdown-phase',
  /** LifecycleProperties: `Duration.ofSeconds(30)`. */
  timeoutDefaultSeconds: 30,
  modeKey: 'server.shutdown',
} as const;
