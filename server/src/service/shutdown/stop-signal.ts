import type { Node } from 'yaml';
import { imageSignalFact, type ImageEntries } from '../knowledge/image-signals';
import type { ImageSignalFact } from '../knowledge/official-images';
import {
  canonicalSignal, kubernetesLinuxStopSignals, kubernetesWindowsStopSignals, RUNTIME_DEFAULT_STOP_SIGNAL, type SignalName,
} from '../knowledge/signals';
import type { DockerfileModel, DockerStage } from '../model/dockerfile';
import { rootImage, stageChain } from '../model/dockerfile-image';
import { workspaceBuildOf, type ImageBuild } from '../model/image-source';
import type { Container, PodTemplate } from '../model/kubernetes';
import { shortPath } from '../model/server-process';
import { versionAtLeast, type KubernetesVersion } from '../settings';
import type { Range } from '../types';

/**
 * The signal a container is stopped with, and where it comes from (FACTS §3, §5): the pod's
 * `lifecycle.stopSignal` when the API honours it, else the image's STOPSIGNAL (a workspace
 * Dockerfile's, following FROM, or what the user's image entries or the official-image table say
 * of the image), else the runtime's SIGTERM.
 */

/** The first Kubernetes version with `lifecycle.stopSignal` (ContainerStopSignals, alpha, FACTS §3). */
export const STOP_SIGNAL_FIELD_SINCE = { major: 1, minor: 33 } as const;

/** What users need besides the version for `lifecycle.stopSignal` to work, for messages (FACTS §3, §12.6). */
export const STOP_SIGNAL_FIELD_CAVEAT = 'alpha: the ContainerStopSignals feature gate must be on in the API server and the kubelet, '
  + 'and the runtime must support it (CRI-O ≥ 1.33, containerd ≥ 2.3), else it is silently ignored';

export type StopSignalOrigin =
  | { kind: 'lifecycle'; node: Node }
  /** A STOPSIGNAL instruction in a workspace Dockerfile (the final stage or one it is built FROM). */
  | { kind: 'dockerfile'; dockerfile: DockerfileModel; stage: DockerStage; range: Range }
  /** The user's image entries or the official-image table, for the image itself or the root of a workspace build. */
  | { kind: 'image'; fact: ImageSignalFact }
  /** Nothing known sets one: the runtime default, unless an image we cannot see sets one. */
  | { kind: 'default'; image?: string };

export interface EffectiveStopSignal {
  /** SIG-prefixed when known; a STOPSIGNAL that names no signal is kept as written. */
  name: SignalName;
  /** False when an image we cannot see may set another, or the tag was rebuilt across a change (FACTS §6). */
  certain: boolean;
  /** When uncertain because of the digest: the signal other builds of the image stop with. */
  alternative?: SignalName;
  origin: StopSignalOrigin;
  /** The workspace Dockerfile that builds the image, when there is one. */
  build?: ImageBuild;
  /** For the timeline and hovers: "SIGQUIT (STOPSIGNAL in web/Dockerfile line 4)". */
  description: string;
}

/** Why a written `lifecycle.stopSignal` does not apply (FACTS §3). */
export type LifecycleStopSignalProblem =
  | { kind: 'field-too-new'; version: KubernetesVersion }
  | { kind: 'os-name-missing' }
  | { kind: 'not-allowed'; os: 'linux' | 'windows'; value: string; allowed: ReadonlySet<string>; canonical?: SignalName };

/** The problems of a container's `lifecycle.stopSignal`; empty when it applies. An unknown version is taken as recent enough. */
export function lifecycleStopSignalProblems(pod: PodTemplate, container: Container, version?: KubernetesVersion): LifecycleStopSignalProblem[] {
  const written = container.lifecycle?.stopSignal;
  if (!written) return [];
  if (version && !versionAtLeast(version, STOP_SIGNAL_FIELD_SINCE.major, STOP_SIGNAL_FIELD_SINCE.minor)) return [{ kind: 'field-too-new', version }];
  const problems: LifecycleStopSignalProblem[] = [];
  if (!pod.osName) problems.push({ kind: 'os-name-missing' });
  const os = pod.osName === 'windows' ? 'windows' : 'linux';
  const allowed = os === 'windows' ? kubernetesWindowsStopSignals : kubernetesLinuxStopSignals;
  if (!allowed.has(written.value)) problems.push({ kind: 'not-allowed', os, value: written.value, allowed, canonical: canonicalSignal(written.value) });
  return problems;
}

const lineOf = (range: Range) => range.start.line + 1;

/** The STOPSIGNAL of the image a Dockerfile stage builds: its own or inherited through FROM, else its root image's. */
export function imageStopSignal(dockerfile: DockerfileModel, stage: DockerStage, images: ImageEntries): EffectiveStopSignal {
  for (const current of stageChain(stage)) {
    if (!current.stopSignal) continue;
    const { value, range } = current.stopSignal;
    const name = canonicalSignal(value);
    const where = `STOPSIGNAL in ${shortPath(dockerfile.source.uri)} line ${lineOf(range)}`;
    return { name: name ?? value, certain: name !== undefined, origin: { kind: 'dockerfile', dockerfile, stage: current, range }, description: `${name ?? value} (${where})` };
  }
  const root = rootImage(stage);
  const fact = imageSignalFact(root, images);
  if (fact) {
    const name = fact.signal ?? RUNTIME_DEFAULT_STOP_SIGNAL;
    const uncertainty = fact.certain ? '' : 'probably ';
    return {
      name, certain: fact.certain, alternative: fact.alternative, origin: { kind: 'image', fact },
      description: `${uncertainty}${name} (inherited from \`${root}\`, the base of ${shortPath(dockerfile.source.uri)}: ${fact.note})`,
    };
  }
  return {
    name: RUNTIME_DEFAULT_STOP_SIGNAL, certain: false, origin: { kind: 'default', image: root },
    description: `${RUNTIME_DEFAULT_STOP_SIGNAL} unless the base image \`${root}\` of ${shortPath(dockerfile.source.uri)} sets a STOPSIGNAL`,
  };
}

/** Where the stop-signal resolution may look besides the pod: other files and the cluster version. */
export interface StopSignalContext {
  /** The workspace's Dockerfiles, to find the one that builds the image (model/image-source.ts). */
  dockerfiles?: DockerfileModel[];
  /** Undefined: `lifecycle.stopSignal` is taken as honoured when it is well-formed. */
  kubernetesVersion?: KubernetesVersion;
  /** The user's image entries (setting `images`), ahead of the official-image table. */
  images: ImageEntries;
}

export function effectiveStopSignal(pod: PodTemplate, container: Container, context: StopSignalContext): EffectiveStopSignal {
  const written = container.lifecycle?.stopSignal;
  if (written && lifecycleStopSignalProblems(pod, container, context.kubernetesVersion).length === 0) {
    return { name: written.value, certain: true, origin: { kind: 'lifecycle', node: written.node }, description: `${written.value} (lifecycle.stopSignal)` };
  }
  const build = workspaceBuildOf(container.image, context.dockerfiles ?? []);
  if (build) return { ...imageStopSignal(build.dockerfile, build.stage, context.images), build };
  const fact = container.image ? imageSignalFact(container.image, context.images) : undefined;
  if (fact) {
    const name = fact.signal ?? RUNTIME_DEFAULT_STOP_SIGNAL;
    return { name, certain: fact.certain, alternative: fact.alternative, origin: { kind: 'image', fact }, description: `${fact.certain ? '' : 'probably '}${name} (\`${fact.image}\`: ${fact.note})` };
  }
  return {
    name: RUNTIME_DEFAULT_STOP_SIGNAL, certain: false, origin: { kind: 'default', image: container.image },
    description: "the image's STOPSIGNAL (SIGTERM unless the image sets one)",
  };
}
