import type { SignalName } from './signals';

/**
 * Servers and what each stop signal does to them (FACTS §7, §12.10). A new server is one entry
 * here and one test in test/unit/service/stop-signal-knowledge.test.ts.
 */
export type ServerId =
  | 'nginx' | 'php-fpm' | 'httpd' | 'haproxy' | 'unicorn' | 'uwsgi'
  | 'gunicorn' | 'puma' | 'caddy' | 'traefik' | 'sidekiq' | 'celery' | 'envoy' | 'supervisord';

/** What one signal does to a server, in the words of its documentation: "fast shutdown". */
export interface SignalEffect {
  name: string;
  /** What that means for requests: "open connections are dropped". */
  consequence: string;
}

/** Command-line options that change what the server does with its signals (uWSGI). */
export interface SignalOption {
  /** True when the argv sets the option. */
  present(argv: string[]): boolean;
  /** How the option changes the server: what it makes graceful, and what it makes a signal do. */
  graceful?: SignalName[];
  effects?: Partial<Record<SignalName, SignalEffect>>;
  /** For messages: "--die-on-term". */
  label: string;
}

export interface ServerFact {
  id: ServerId;
  /** As messages name it. */
  name: string;
  /** The signals that stop it gracefully, the one to recommend first; empty when no signal does (Envoy, uWSGI 2.0). */
  graceful: SignalName[];
  /** What the other signals a stop might send do to it; a signal not listed here is not known to be harmful. */
  effects: Partial<Record<SignalName, SignalEffect>>;
  /** Options that change the above, tried in order; the first present one applies. */
  options?: SignalOption[];
  /**
   * argv words that load settings from somewhere we cannot see (an ini file): when present, an
   * option above may be set there, so nothing is said about options.
   */
  unseenSettings?: (argv: string[]) => boolean;
  /** What else to know: a graceful signal that is not graceful with default settings. */
  caveat?: string;
  /** argv[0] base names that run it. */
  executables: RegExp;
  /** Package names (apt, apk, dnf, pip, gem) that install it, for images built in the workspace. */
  packages?: RegExp;
  /** FACTS sections and upstream documents the entry rests on. */
  source: string;
}

const hasOption = (name: string) => (argv: string[]) => argv.some((word) => word === name || word.startsWith(`${name}=`));

/** The graceful hook of uWSGI 2.0: `--hook-master-start "unix_signal:15 gracefully_kill_them_all"` (FACTS §7). */
function uwsgiGracefulHook(argv: string[]): boolean {
  return argv.some((word, index) => {
    const value = word.startsWith('--hook-master-start=') ? word.slice('--hook-master-start='.length)
      : word === '--hook-master-start' ? argv[index + 1] : undefined;
    return value !== undefined && /^unix_signal:15\s+gracefully_kill_them_all$/.test(value.trim());
  });
}

const dropped: SignalEffect = { name: 'fast shutdown', consequence: 'open connections are dropped' };

export const servers: readonly ServerFact[] = [
  {
    id: 'nginx', name: 'nginx', graceful: ['SIGQUIT'],
    effects: {
      SIGTERM: dropped, SIGINT: dropped,
      SIGWINCH: { name: 'graceful stop of the workers only', consequence: 'the master keeps running until SIGKILL at the end of the grace period' },
    },
    executables: /^nginx(-debug)?$/,
    packages: /^nginx(-(full|light|extras|core|mainline))?$/,
    source: 'FACTS §7 (nginx control.xml: QUIT graceful shutdown, TERM/INT fast shutdown)',
  },
  {
    id: 'php-fpm', name: 'php-fpm', graceful: ['SIGQUIT'],
    effects: {
      SIGTERM: { name: 'immediate termination', consequence: 'requests in progress are cut off' },
      SIGINT: { name: 'immediate termination', consequence: 'requests in progress are cut off' },
      SIGUSR2: { name: 'graceful reload', consequence: 'it restarts instead of stopping and is SIGKILLed at the end of the grace period' },
    },
    caveat: 'SIGQUIT is only graceful with `process_control_timeout` > 0 (default 0: the children get SIGTERM at once, FACTS §7).',
    executables: /^php-fpm(\d+(\.\d+)?)?$/,
    packages: /^php(\d+(\.\d+)?)?-fpm$/,
    source: 'FACTS §6, §7 (php-fpm.8: SIGINT/SIGTERM immediate termination, SIGQUIT graceful stop)',
  },
  {
    id: 'httpd', name: 'Apache httpd', graceful: ['SIGWINCH'],
    effects: {
      SIGTERM: { name: 'stop', consequence: 'its children are killed at once and requests in progress are terminated' },
      SIGUSR1: { name: 'graceful restart', consequence: 'it restarts instead of stopping and is SIGKILLed at the end of the grace period' },
      SIGHUP: { name: 'restart', consequence: 'it restarts instead of stopping and is SIGKILLed at the end of the grace period' },
    },
    executables: /^(httpd|apache2|httpd-foreground|apache2-foreground)$/,
    packages: /^(apache2|httpd)$/,
    source: 'FACTS §6, §7 (httpd stopping.html: WINCH graceful-stop, TERM stop)',
  },
  {
    id: 'haproxy', name: 'HAProxy', graceful: ['SIGUSR1'],
    effects: { SIGTERM: { name: 'immediate stop', consequence: 'established connections are closed' } },
    executables: /^haproxy$/,
    packages: /^haproxy$/,
    source: 'FACTS §6, §7 (management.txt §4: USR1 soft stop, TERM immediately quits)',
  },
  {
    id: 'unicorn', name: 'unicorn', graceful: ['SIGQUIT'],
    effects: {
      SIGTERM: { name: 'quick shutdown', consequence: 'its workers are killed immediately, with their requests' },
      SIGINT: { name: 'quick shutdown', consequence: 'its workers are killed immediately, with their requests' },
    },
    executables: /^unicorn(_rails)?$/,
    packages: /^unicorn$/,
    source: 'FACTS §7 (unicorn SIGNALS: QUIT graceful shutdown, INT/TERM quick shutdown)',
  },
  {
    id: 'uwsgi', name: 'uWSGI', graceful: [],
    effects: {
      SIGTERM: { name: 'brutal reload', consequence: 'it does not exit: it reloads, and is SIGKILLed at the end of the grace period with its requests' },
      SIGINT: { name: 'immediate kill of the whole stack', consequence: 'requests in flight are cut off' },
      SIGQUIT: { name: 'immediate kill of the whole stack', consequence: 'requests in flight are cut off' },
    },
    options: [
      { label: '--hook-master-start "unix_signal:15 gracefully_kill_them_all"', present: uwsgiGracefulHook, graceful: ['SIGTERM'] },
      {
        label: '--die-on-term', present: hasOption('--die-on-term'),
        effects: { SIGTERM: { name: 'brutal shutdown', consequence: 'it exits (kill_them_all), but requests in flight are cut off' } },
      },
    ],
    unseenSettings: (argv) => argv.some((word) => /^--(ini|yaml|yml|json|xml|ini-paste|ini-paste-logged|emperor)(=|$)/.test(word)
      || /\.(ini|ya?ml|json|xml)$/.test(word)) || !argv.some((word) => word.startsWith('-')),
    executables: /^uwsgi$/,
    source: 'FACTS §7 (uWSGI 2.0 core/master.c; Management.rst: SIGTERM brutally reloads, --die-on-term)',
  },
  {
    id: 'gunicorn', name: 'gunicorn', graceful: ['SIGTERM'],
    effects: {
      SIGQUIT: { name: 'quick shutdown', consequence: 'requests in flight are cut off' },
      SIGINT: { name: 'quick shutdown', consequence: 'requests in flight are cut off' },
    },
    executables: /^gunicorn$/,
    packages: /^gunicorn$/,
    source: 'FACTS §7 (gunicorn signals.md: TERM graceful, QUIT/INT quick shutdown)',
  },
  {
    id: 'puma', name: 'Puma', graceful: ['SIGTERM', 'SIGINT'], effects: {},
    executables: /^puma$/,
    source: 'FACTS §7 (puma signals.md, launcher.rb)',
  },
  {
    id: 'caddy', name: 'Caddy', graceful: ['SIGTERM', 'SIGINT'],
    effects: { SIGQUIT: { name: 'immediate quit', consequence: 'requests in flight are cut off' } },
    executables: /^caddy$/,
    source: 'FACTS §7 (caddy sigtrap_posix.go)',
  },
  {
    id: 'traefik', name: 'Traefik', graceful: ['SIGTERM', 'SIGINT'], effects: {},
    executables: /^traefik$/,
    source: 'FACTS §7 (traefik ContextWithSignal)',
  },
  {
    id: 'sidekiq', name: 'Sidekiq', graceful: ['SIGTERM'],
    effects: { SIGTSTP: { name: 'quiet', consequence: 'it stops fetching jobs but keeps running until SIGKILL at the end of the grace period' } },
    executables: /^sidekiq$/,
    source: 'FACTS §7 (sidekiq cli.rb SIGNAL_HANDLERS)',
  },
  {
    id: 'celery', name: 'Celery', graceful: ['SIGTERM', 'SIGINT'],
    effects: { SIGQUIT: { name: 'cold shutdown', consequence: 'executing tasks are terminated' } },
    executables: /^celery$/,
    source: 'FACTS §7 (celery workers.rst: TERM warm shutdown, QUIT cold shutdown)',
  },
  {
    id: 'envoy', name: 'Envoy', graceful: [],
    effects: {
      SIGTERM: { name: 'immediate exit', consequence: 'open connections are dropped' },
      SIGINT: { name: 'immediate exit', consequence: 'open connections are dropped' },
    },
    caveat: 'Envoy drains only through its admin interface (`POST /drain_listeners?graceful` or `/healthcheck/fail`), '
      + 'so the drain belongs in a preStop hook that calls it and then waits.',
    executables: /^envoy$/,
    source: 'FACTS §7 (envoy server.cc, draining.rst)',
  },
  {
    id: 'supervisord', name: 'supervisord', graceful: ['SIGTERM'], effects: {},
    caveat: 'It stops each program with that program\'s own `stopsignal` (default TERM) and `stopwaitsecs` (default 10).',
    executables: /^supervisord$/,
    packages: /^supervisor$/,
    source: 'FACTS §7 (supervisor configuration.rst, running.rst)',
  },
];

export function serverById(id: ServerId): ServerFact {
  return servers.find((server) => server.id === id)!;
}

/** The server an executable runs, by its base name (`/usr/sbin/php-fpm8.2` → php-fpm). */
export function serverOfExecutable(path: string): ServerFact | undefined {
  const name = path.slice(path.lastIndexOf('/') + 1);
  return servers.find((server) => server.executables.test(name));
}

/** The server a package installs (`nginx`, `php82-fpm`, `php8.2-fpm`), version pins (`nginx=1.22*`, `nginx~1.24`) ignored. */
export function serverOfPackage(spec: string): ServerFact | undefined {
  const name = spec.split(/[=~<>]/)[0].toLowerCase();
  return servers.find((server) => server.packages?.test(name));
}

/** How a server treats signals when run with `argv`: its options applied, or undefined when its settings are out of sight. */
export interface SignalBehaviour {
  graceful: SignalName[];
  effects: Partial<Record<SignalName, SignalEffect>>;
  /** The option that decided, for messages. */
  option?: string;
}

export function signalBehaviour(server: ServerFact, argv: string[] | undefined): SignalBehaviour | undefined {
  const base: SignalBehaviour = { graceful: server.graceful, effects: server.effects };
  if (!server.options) return base;
  // Options matter here, so an argv we cannot see (a package in a Dockerfile) or settings in a file say nothing.
  if (!argv) return undefined;
  const option = server.options.find((candidate) => candidate.present(argv));
  if (option) {
    return { graceful: option.graceful ?? base.graceful, effects: { ...base.effects, ...option.effects }, option: option.label };
  }
  return server.unseenSettings?.(argv) ? undefined : base;
}
