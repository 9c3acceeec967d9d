import { imageRegistry, parseImageReference, writtenRegistry } from './base-images';
import { officialImageSignal, type ImageSignalFact } from './official-images';
import { servers, type ServerId } from './servers';
import { likelySignal } from './signal-spelling';
import { canonicalSignal, kubernetesLinuxStopSignals, type SignalName } from './signals';

/**
 * What images stop with: the user's own entries (the project file's `images`, the
 * `kubeGraceful.images` setting) first, then the official-image table. Every reader of an image's
 * STOPSIGNAL or default server asks `imageSignalFact`, so rules, hovers, the timeline and the CLI agree.
 */

/** One image the user describes, as a pattern (see `imagePatternProblem` for its syntax). */
export interface ImageEntry {
  /** As written: `registry.example.com/platform/nginx`, `acme/api:1.2*`, `registry.example.com/platform/*`. */
  image: string;
  /** SIG-prefixed; undefined when the image sets no STOPSIGNAL, so the runtime's SIGTERM applies. */
  stopSignal?: SignalName;
  /** The server the image's default command runs as its main process. */
  runs?: ServerId;
  /** Where the entry is written, for messages: ".kube-graceful.yaml line 4". */
  origin: string;
}

/** The user's entries, most important first: the project file's, then the editor setting's. */
export type ImageEntries = readonly ImageEntry[];

interface ImagePattern {
  /** Undefined: the pattern names no registry and matches the repository on any. */
  registry?: string;
  /** Lower-case, `library/` dropped; with `prefix`, the part before the trailing `*`. */
  repository: string;
  prefix: boolean;
  tag?: RegExp;
}

/**
 * Why `pattern` is no image pattern; undefined when it is one. A pattern is a repository, with its
 * registry or without (then it matches the repository on any registry, as the official table
 * does for mirrors), optionally ending in `*` to match every repository it begins, and optionally
 * followed by `:` and a tag glob where `*` stands for any characters.
 */
export function imagePatternProblem(pattern: string): string | undefined {
  if (pattern.trim() === '') return 'An image pattern names a repository, e.g. registry.example.com/platform/nginx.';
  if (pattern.includes('@')) return `${pattern} is pinned by digest: name the repository, with a tag glob if needed ("…/nginx:1.2*").`;
  if (/\s/.test(pattern)) return `${pattern} contains a space: an image pattern is one word.`;
  const { repository, tag } = parseImageReference(pattern);
  if (repository.slice(0, -1).includes('*')) return `${pattern}: a \`*\` in the repository may only end it ("registry.example.com/platform/*").`;
  if (tag !== undefined && !/^[\w.*-]+$/.test(tag)) return `${pattern}: the tag glob may hold letters, digits, \`_\`, \`.\`, \`-\` and \`*\` only.`;
  return undefined;
}

function compilePattern(pattern: string): ImagePattern {
  const { repository, tag } = parseImageReference(pattern);
  const prefix = repository.endsWith('*');
  return {
    registry: writtenRegistry(pattern) === undefined ? undefined : imageRegistry(pattern),
    repository: prefix ? repository.slice(0, -1) : repository,
    prefix,
    tag: tag === undefined ? undefined : new RegExp(`^${tag.split('*').map((part) => part.replace(/\./g, '\\.')).join('.*')}$`),
  };
}

function patternMatches(pattern: ImagePattern, reference: string): boolean {
  const { repository, tag } = parseImageReference(reference);
  if (pattern.registry !== undefined && imageRegistry(reference) !== pattern.registry) return false;
  if (pattern.prefix ? !repository.startsWith(pattern.repository) : repository !== pattern.repository) return false;
  if (!pattern.tag) return true;
  // Without a tag, a reference means `latest`; pinned by digest alone, its tag is unknown.
  const effectiveTag = tag ?? (reference.includes('@') ? undefined : 'latest');
  return effectiveTag !== undefined && pattern.tag.test(effectiveTag);
}

/** The first of the user's entries that matches `reference`; the entries are valid patterns (`imagePatternProblem`). */
export function matchingEntry(reference: string, entries: ImageEntries): ImageEntry | undefined {
  return entries.find((entry) => patternMatches(compilePattern(entry.image), reference));
}

/**
 * What the image `reference` sets as STOPSIGNAL and runs: the first user entry that matches it,
 * else the official-image table; undefined when neither knows the image.
 */
export function imageSignalFact(reference: string, entries: ImageEntries): ImageSignalFact | undefined {
  const entry = matchingEntry(reference, entries);
  if (!entry) return officialImageSignal(reference);
  const sets = entry.stopSignal ? `set STOPSIGNAL ${entry.stopSignal}` : 'set no STOPSIGNAL';
  return {
    image: reference, signal: entry.stopSignal, certain: true, runs: entry.runs, official: false, source: entry.origin,
    note: `per ${entry.origin}, \`${entry.image}\` images ${sets}`,
  };
}

/** Why `text` is not a stop signal an entry may name; undefined when it is one (SIG-prefixed, as Kubernetes spells it). */
export function entrySignalProblem(text: string): string | undefined {
  if (kubernetesLinuxStopSignals.has(text)) return undefined;
  const canonical = canonicalSignal(text);
  if (canonical) return `stopSignal ${text}: write ${canonical}.`;
  const likely = likelySignal(text);
  return `stopSignal ${text} is not a signal name.${likely ? ` Did you mean ${likely}?` : ' Use a name such as SIGTERM, SIGQUIT or SIGWINCH.'}`;
}

/** The ids `runs` accepts, for messages and the schema. */
export const serverIds: readonly ServerId[] = servers.map((server) => server.id);

/** Why `text` names no server kube-graceful knows; undefined when it does. */
export function entryServerProblem(text: string): string | undefined {
  return serverIds.includes(text as ServerId) ? undefined : `runs ${text} is not a server kube-graceful knows: use one of ${serverIds.join(', ')}.`;
}
