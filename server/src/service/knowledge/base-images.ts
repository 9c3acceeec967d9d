import { imageWithoutShell } from './images-without-shell';

/**
 * What `/bin/sh` is in well-known base images, and what that means for `sh -c "command"`
 * (FACTS §8). Kept as data: a new image is one entry and one test.
 */
export type ShellFlavour =
  /** Debian's dash: never replaces itself with the command (Debian patch disables the optimisation). */
  | 'dash'
  /** bash execs a single simple command without traps or redirections (ONESHOT). */
  | 'bash'
  /** BusyBox ash execs a single or last simple command without traps. */
  | 'ash'
  /** No shell in the image at all: a shell-form command cannot start. */
  | 'none';

export interface BaseImageShell {
  flavour: ShellFlavour;
  /** How the user would recognise it, for messages: "Debian's dash". */
  description: string;
}

/** How an image installs packages, for fixes that add a tool such as tini; none for BusyBox and distroless. */
export type PackageManager = 'apt-get' | 'apk' | 'microdnf' | 'dnf';

interface Entry extends BaseImageShell {
  /** Matched against the image's repository path without registry and tag, e.g. "library/node" → "node". */
  repository: RegExp;
  /** Optional test on the tag, for variants ("-alpine", ":debug"). */
  tag?: RegExp;
  packageManager?: PackageManager;
}

const alpineTag = /(^|-)alpine/;

// Order matters: the first entry that matches wins, so variants come before their family.
const entries: Entry[] = [
  // Images without any shell come first, from knowledge/images-without-shell.ts (see baseImageShell).
  { repository: /^(distroless\/.+|chainguard\/static)$/, tag: /debug/, flavour: 'ash', description: "BusyBox ash (a distroless :debug image)" },
  { repository: /^alpine$/, flavour: 'ash', description: 'BusyBox ash (Alpine)', packageManager: 'apk' },
  { repository: /^busybox$/, flavour: 'ash', description: 'BusyBox ash (Alpine)' },
  {
    repository: /^(node|python|ruby|golang|openjdk|eclipse-temurin|amazoncorretto|php|nginx|httpd|perl|rust|maven|gradle|tomcat|haproxy|redis|postgres|buildpack-deps|wordpress|drupal)$/,
    tag: alpineTag, flavour: 'ash', description: 'BusyBox ash (an Alpine variant)', packageManager: 'apk',
  },
  {
    repository: /^(debian|ubuntu|node|python|ruby|golang|openjdk|eclipse-temurin|php|nginx|httpd|perl|rust|maven|gradle|tomcat|haproxy|redis|postgres|buildpack-deps|wordpress|drupal)$/,
    flavour: 'dash', description: "Debian's dash", packageManager: 'apt-get',
  },
  // ubi-minimal has microdnf only, ubi-micro no package manager at all.
  { repository: /^(ubi\d*(\/ubi\d*)?-minimal|redhat\/ubi\d*-minimal)$/, flavour: 'bash', description: 'bash (a Red Hat family image)', packageManager: 'microdnf' },
  { repository: /^(ubi\d*(\/ubi\d*)?-micro|redhat\/ubi\d*-micro)$/, flavour: 'bash', description: 'bash (a Red Hat family image)' },
  {
    repository: /^(ubi\d*(\/.+)?|ubi\d*-\w+|redhat\/ubi\d*(-\w+)?|fedora|centos|rockylinux|almalinux|amazonlinux|oraclelinux|amazoncorretto)$/,
    flavour: 'bash', description: 'bash (a Red Hat family image)', packageManager: 'dnf',
  },
];

export interface ImageReference {
  /** Repository path without registry, e.g. "library/node" is given as "node". */
  repository: string;
  tag?: string;
}

/** A first part with a dot or a port, or "localhost", is a registry host, not part of the repository. */
function registryHostOf(parts: string[]): string | undefined {
  return parts.length > 1 && (/[.:]/.test(parts[0]) || parts[0] === 'localhost') ? parts[0].toLowerCase() : undefined;
}

const dockerHubHosts = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);

/** The registry host a reference starts with, lower-case; undefined when it names none. */
export function writtenRegistry(image: string): string | undefined {
  return registryHostOf(image.split('@')[0].split('/'));
}

/** The registry an image is pulled from: Docker Hub ("docker.io", however it is spelt) unless the reference names another. */
export function imageRegistry(image: string): string {
  const host = writtenRegistry(image);
  return host === undefined || dockerHubHosts.has(host) ? 'docker.io' : host;
}

/** Splits "registry:5000/org/name:tag@sha256:…" into the parts the tables match on. */
export function parseImageReference(image: string): ImageReference {
  const withoutDigest = image.split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const tag = colon > slash ? withoutDigest.slice(colon + 1) : undefined;
  let path = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
  const parts = path.split('/');
  if (registryHostOf(parts) !== undefined) parts.shift();
  path = parts.join('/');
  if (path.startsWith('library/')) path = path.slice('library/'.length);
  return { repository: path.toLowerCase(), tag };
}

function entryOf(repository: string, tag: string | undefined): Entry | undefined {
  return entries.find((candidate) => candidate.repository.test(repository) && (!candidate.tag || candidate.tag.test(tag ?? '')));
}

export function baseImageShell(image: string): BaseImageShell | undefined {
  const { repository, tag } = parseImageReference(image);
  const withoutShell = imageWithoutShell(repository, tag);
  if (withoutShell) return { flavour: 'none', description: `no shell (${withoutShell.description})` };
  const entry = entryOf(repository, tag);
  return entry && { flavour: entry.flavour, description: entry.description };
}

/** The package manager of a base image, when the image is known to have one. */
export function baseImagePackageManager(image: string): PackageManager | undefined {
  const { repository, tag } = parseImageReference(image);
  return imageWithoutShell(repository, tag) ? undefined : entryOf(repository, tag)?.packageManager;
}
