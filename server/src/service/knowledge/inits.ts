import type { PackageManager } from './base-images';

/**
 * Programs that do an init's work as PID 1: reap every zombie and pass the stop signal on
 * (FACTS §8). A container whose PID 1 is one of these needs no other init.
 */
export interface InitFact {
  /** As messages name it. */
  name: string;
  /** argv[0] as written or its base name. */
  executables: RegExp;
  /** Options that take the next word as their value (tini `-p SIG`, dumb-init `-r 15:3`). */
  optionsWithValue?: string[];
  source: string;
}

export const inits: readonly InitFact[] = [
  { name: 'tini', executables: /^(tini|tini-static|docker-init)$/, optionsWithValue: ['-p', '-e'], source: 'FACTS §8 (krallin/tini README)' },
  { name: 'dumb-init', executables: /^dumb-init$/, optionsWithValue: ['-r', '--rewrite'], source: 'FACTS §8 (Yelp/dumb-init README)' },
  { name: 'catatonit', executables: /^catatonit$/, source: 'https://github.com/openSUSE/catatonit' },
  // s6-overlay's `/init` and the supervision trees of s6 and runit supervise their services as PID 1.
  { name: 's6-overlay', executables: /^\/init$/, source: 'https://github.com/just-containers/s6-overlay#usage' },
  { name: 's6-svscan', executables: /^s6-svscan$/, source: 'https://skarnet.org/software/s6/s6-svscan.html' },
  { name: 'runit', executables: /^(runit|runsvdir)$/, source: 'https://smarden.org/runit/' },
];

function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** The init an argv starts with: `/usr/bin/tini`, `dumb-init`, s6-overlay's `/init`. */
export function initOf(program: string): InitFact | undefined {
  return inits.find((init) => init.executables.test(program) || init.executables.test(baseName(program)));
}

/**
 * Whether an init started with `argv` passes the stop signal to every process of its child's group,
 * not only to the child: dumb-init by default, tini with `-g` (FACTS §8); the supervisors stop their
 * services themselves.
 */
export function signalsGroup(argv: string[]): boolean {
  const init = initOf(argv[0] ?? '');
  // The init's own options: before `--` or its command (tini `-e 143` and `-p SIGTERM` take values).
  const options: string[] = [];
  for (let index = 1; index < argv.length && argv[index] !== '--' && argv[index].startsWith('-'); index++) {
    options.push(argv[index]);
    if (/^-[a-z]*[ep]$/.test(argv[index]) && init?.name === 'tini') index++;
  }
  if (init?.name === 'dumb-init') return !options.some((option) => option === '--single-child' || /^-[a-z]*c/.test(option));
  if (init?.name === 'tini') return options.some((option) => /^-[a-z]*g/.test(option));
  return init !== undefined;
}

/** How to install tini with a base image's package manager, and where it lands (krallin/tini README). */
export interface InitInstall {
  /** The RUN command. */
  run: string;
  /** The installed binary, for ENTRYPOINT. */
  path: string;
}

/**
 * Only where the distribution packages it: Debian (buster or newer) and Ubuntu as `tini` in
 * /usr/bin, Alpine as `tini` in /sbin. The Red Hat family has it only in EPEL, which UBI images do
 * not enable: nothing is offered there rather than a RUN line that fails.
 */
const tiniInstalls: Partial<Record<PackageManager, InitInstall>> = {
  'apt-get': { run: 'apt-get update && apt-get install -y --no-install-recommends tini && rm -rf /var/lib/apt/lists/*', path: '/usr/bin/tini' },
  apk: { run: 'apk add --no-cache tini', path: '/sbin/tini' },
};

export function tiniInstall(manager: PackageManager | undefined): InitInstall | undefined {
  return manager && tiniInstalls[manager];
}

/**
 * Where the command an init runs starts in its argv: after `--`, or after its options (skipping
 * the values of those that take one). `init` is initOf(argv[0]).
 */
export function initCommandIndex(init: InitFact, argv: string[]): number {
  const separator = argv.indexOf('--');
  if (separator > 0) return separator + 1;
  let index = 1;
  while (index < argv.length && argv[index].startsWith('-')) index += init.optionsWithValue?.includes(argv[index]) ? 2 : 1;
  return index;
}
