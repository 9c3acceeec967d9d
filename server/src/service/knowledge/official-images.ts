import { parseImageReference } from './base-images';
import type { ServerId } from './servers';
import type { SignalName } from './signals';

/**
 * The STOPSIGNAL of official images, with the versions since which they set it (FACTS §6), and
 * the server each runs by default. A new image is one entry here and one test in
 * test/unit/service/stop-signal-knowledge.test.ts.
 */

/** What an image's config says about stopping, for one reference (repository and tag). */
export interface ImageSignalFact {
  /** The image as messages name it: "nginx:1.17". */
  image: string;
  /** SIG-prefixed; undefined when the image sets no STOPSIGNAL, so the runtime's SIGTERM applies. */
  signal?: SignalName;
  /** False when the tag was rebuilt across a change of STOPSIGNAL: the signal depends on the digest pulled. */
  certain: boolean;
  /** When uncertain: the signal other digests of the same reference stop with. */
  alternative?: SignalName;
  /** For an old or uncertain tag: what current tags of the image set (so that a newer tag is a fix). */
  current?: SignalName;
  /** Why, for messages and hovers: "official nginx images set STOPSIGNAL SIGQUIT from 1.19.5 / 1.20 on". */
  note: string;
  /** The server the image runs when nothing overrides its command. */
  runs?: ServerId;
  /** True for this table's facts; false for the user's own entries (knowledge/image-signals.ts), which say only what they state. */
  official: boolean;
  /** What says so: FACTS, or where the user's entry is written. */
  source: string;
}

/** A tag version, `1.19` or `1.19.5`; missing parts of a floating tag (`1.19`) mean its newest release. */
type Version = number[];

interface Change {
  /** Tags (as versions) this entry covers: exactly these, or every version before `before`. */
  versions?: string[];
  before?: string;
  signal?: SignalName;
  certain: boolean;
  /** When uncertain, what the other builds set. */
  alternative?: SignalName;
  note: string;
}

interface Variant {
  /** Tested on the tag; a variant without one matches every tag. */
  tag?: RegExp;
  signal?: SignalName;
  runs?: ServerId;
  note: string;
  /** Older tags that stopped differently, most specific first. */
  history?: Change[];
  source: string;
}

interface OfficialImage {
  /** The repository as Docker Hub names it; also found under `library/` and ECR's `docker/library/`. */
  repository: string;
  /** First match wins; a tag no variant matches is not known. */
  variants: Variant[];
}

const fpm = /(^|-)fpm(-|$)/;
const apache = /(^|-)apache(-|$)/;

const nginxSource = 'FACTS §6: nginxinc/docker-nginx 3fb70dd (2020-11-24), built into official-images 4a65e90f6b; 16ec71e (2017-05-30)';
const nginxChangeNote = 'official nginx images set STOPSIGNAL SIGQUIT from 1.19.5 (mainline) and 1.20 (stable) on';

const images: OfficialImage[] = [
  {
    repository: 'nginx',
    variants: [{
      signal: 'SIGQUIT', runs: 'nginx', note: nginxChangeNote, source: nginxSource,
      history: [
        {
          // Built 2017-04-13 → 2017-05-30 with SIGQUIT, before and after that with SIGTERM.
          versions: ['1.11', '1.11.13', '1.12.0', '1.13.0'], signal: 'SIGQUIT', certain: false, alternative: 'SIGTERM',
          note: 'nginx 1.11.13, 1.12.0 and 1.13.0 images built between 2017-04-13 and 2017-05-30 set STOPSIGNAL SIGQUIT, other builds stop with SIGTERM',
        },
        {
          versions: ['1.18', '1.18.0'], signal: 'SIGQUIT', certain: false, alternative: 'SIGTERM',
          note: 'nginx 1.18.0 images rebuilt since 2020-11-24 set STOPSIGNAL SIGQUIT, earlier builds stop with SIGTERM',
        },
        { before: '1.19.5', certain: true, note: 'official nginx images set STOPSIGNAL SIGQUIT only from 1.19.5 and 1.20 on; older tags stop with SIGTERM' },
      ],
    }],
  },
  {
    repository: 'php',
    variants: [
      { tag: fpm, signal: 'SIGQUIT', runs: 'php-fpm', note: 'official php `-fpm` images set STOPSIGNAL SIGQUIT (since 2019-04-18)', source: 'FACTS §6: docker-library/php e21810a0' },
      { tag: apache, signal: 'SIGWINCH', runs: 'httpd', note: 'official php `-apache` images set STOPSIGNAL SIGWINCH (since 2019-08-20)', source: 'FACTS §6: docker-library/php 9e50ad06, 49d86143' },
      { note: 'the official php CLI images set no STOPSIGNAL', source: 'FACTS §6' },
    ],
  },
  {
    repository: 'httpd',
    variants: [{ signal: 'SIGWINCH', runs: 'httpd', note: 'official httpd images set STOPSIGNAL SIGWINCH (since 2019-08-20)', source: 'FACTS §6: docker-library/httpd 3ebff8d, 4faace9' }],
  },
  {
    repository: 'haproxy',
    variants: [{ signal: 'SIGUSR1', runs: 'haproxy', note: 'official haproxy images set STOPSIGNAL SIGUSR1 (since 2018-08-25)', source: 'FACTS §6: docker-library/haproxy 063fd36' }],
  },
  {
    repository: 'postgres',
    variants: [{ signal: 'SIGINT', note: 'official postgres images set STOPSIGNAL SIGINT, PostgreSQL\'s fast shutdown (since 2020-09-18)', source: 'FACTS §6: docker-library/postgres bfc5d81c8f' }],
  },
  {
    repository: 'kong',
    variants: [{
      signal: 'SIGQUIT', note: 'official kong images set STOPSIGNAL SIGQUIT (since 0.11.0)', source: 'FACTS §6: Kong/docker-kong c3f2144',
      history: [{ before: '0.11.0', certain: true, note: 'kong images before 0.11.0 set no STOPSIGNAL' }],
    }],
  },
  // Images built FROM php:*-fpm / php:*-apache inherit its STOPSIGNAL (FACTS §6, derived images); only tags that name the variant are known.
  ...['wordpress', 'drupal', 'nextcloud'].map((repository): OfficialImage => ({
    repository,
    variants: [
      { tag: fpm, signal: 'SIGQUIT', runs: 'php-fpm', note: `official ${repository} \`-fpm\` images inherit STOPSIGNAL SIGQUIT from php:*-fpm`, source: 'FACTS §6 (derived images)' },
      { tag: apache, signal: 'SIGWINCH', runs: 'httpd', note: `official ${repository} \`-apache\` images inherit STOPSIGNAL SIGWINCH from php:*-apache`, source: 'FACTS §6 (derived images)' },
    ],
  })),
  ...([['redis'], ['traefik', 'traefik'], ['caddy', 'caddy'], ['tomcat'], ['varnish']] as [string, ServerId?][]).map(([repository, runs]): OfficialImage => ({
    repository,
    variants: [{ runs, note: `official ${repository} images set no STOPSIGNAL (the server treats SIGTERM as graceful)`, source: 'FACTS §6 (git grep STOPSIGNAL empty)' }],
  })),
  // Distribution bases: nothing in their config but a CMD.
  {
    repository: 'debian',
    variants: [{ note: 'official debian images set no STOPSIGNAL', source: 'debuerreotype/docker-debian-artifacts@0ac241a3:bookworm/oci/blobs/image-config.json (config: Cmd, Entrypoint, Env only)' }],
  },
  {
    repository: 'ubuntu',
    variants: [{ note: 'official ubuntu images set no STOPSIGNAL', source: 'tianon/docker-brew-ubuntu-core@332a8628:Dockerfile.template (FROM scratch, ADD, RUN, CMD only)' }],
  },
  {
    repository: 'alpine',
    variants: [{ note: 'official alpine images set no STOPSIGNAL', source: 'alpinelinux/docker-alpine@00d34073:aarch64/Dockerfile (FROM scratch, ADD, CMD only)' }],
  },
  {
    repository: 'scratch',
    variants: [{ note: '`scratch` is an empty image with no config', source: 'https://docs.docker.com/build/building/base-images/#create-a-minimal-base-image-using-scratch' }],
  },
];

function parseVersion(text: string): Version | undefined {
  const match = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?(?=$|-)/.exec(text);
  return match ? match.slice(1).filter((part) => part !== undefined).map(Number) : undefined;
}

/** a < b, where a floating tag's missing parts stand for its newest release (`1.19` is 1.19.10, not 1.19.0). */
function versionBefore(a: Version, b: Version): boolean {
  for (let i = 0; i < b.length; i++) {
    if (i >= a.length) return false;
    if (a[i] !== b[i]) return a[i] < b[i];
  }
  return false;
}

function matches(change: Change, version: Version, versionText: string): boolean {
  if (change.versions) return change.versions.includes(versionText);
  const before = change.before ? parseVersion(change.before) : undefined;
  return before !== undefined && versionBefore(version, before);
}

/**
 * What the official image `reference` sets as STOPSIGNAL (readers ask knowledge/image-signals.ts,
 * which puts the user's entries first); undefined when it is not an image the
 * table knows. Tags that name no version (`latest`, `stable`, `alpine`, none) are the current images.
 * An image pinned by digest alone can be any build: for images whose signal changed, it is uncertain.
 */
export function officialImageSignal(reference: string): ImageSignalFact | undefined {
  const { repository, tag } = parseImageReference(reference);
  const name = repository.replace(/^docker\/library\//, '');
  const image = images.find((candidate) => candidate.repository === name);
  const variant = image?.variants.find((candidate) => !candidate.tag || candidate.tag.test(tag ?? ''));
  if (!variant) return undefined;
  const fact = (change: Omit<Change, 'versions' | 'before'> & { current?: SignalName }): ImageSignalFact => ({
    image: reference, signal: change.signal, certain: change.certain, alternative: change.alternative, current: change.current,
    note: change.note, runs: variant.runs, official: true, source: variant.source,
  });
  const versionText = /^[\d.]+/.exec(tag ?? '')?.[0] ?? '';
  const version = parseVersion(tag ?? '');
  if (variant.history && tag === undefined && reference.includes('@')) {
    // Every older build in the history stopped with the runtime's SIGTERM.
    return fact({
      signal: variant.signal, certain: false, alternative: 'SIGTERM', current: variant.signal,
      note: `${variant.note}; pinned by digest only, it may be an older build that stops with SIGTERM`,
    });
  }
  const change = version && variant.history?.find((candidate) => matches(candidate, version, versionText));
  return change ? { ...fact(change), current: variant.signal } : fact({ signal: variant.signal, certain: true, note: variant.note });
}
