import { isKustomizationName } from '../detect';
import { extentEnd } from '../parse/helm';
import { asMap, asSeq, mapGet, nodeSpan, scalarString } from '../parse/yaml-nodes';
import type { WorkspaceView } from '../workspace';
import type { Container, KubernetesFile, PodTemplate } from './kubernetes';

/**
 * Whether a pod template or container may have fields this file does not show, so that rules must
 * not claim a field is missing (a preStop hook, a readiness probe, terminationGracePeriodSeconds):
 * - a kustomize strategic-merge patch sets only what it changes; the base has the rest;
 * - a Helm template's `include`/`toYaml` output can add keys we cannot see.
 * Rules that judge a value that is written keep judging it.
 */
export function mayHaveUnseenFields(file: KubernetesFile, workspace: WorkspaceView, pod: PodTemplate, container?: Container): boolean {
  if (isKustomizePatch(file, workspace) || looksLikePatch(pod)) return true;
  const template = file.template;
  if (!template) return false;
  const node = container?.node ?? pod.spec;
  const [start] = nodeSpan(node);
  const column = file.source.positionAt(start).character;
  const end = extentEnd(template.text, start, column);
  // Container: any output inside it may set any of its fields (`lifecycle:` followed by a toYaml).
  // Pod: only output at the pod spec's own level (or further left) adds pod-level keys.
  return template.injections.some((injection) => injection.offset >= start && injection.offset < end
    && (container !== undefined || injection.column <= column));
}

/**
 * A workload without `selector` whose containers name no image is not a whole object: the API
 * server would reject it, so it is a patch (kustomize, or a strategic-merge file applied by hand).
 */
function looksLikePatch(pod: PodTemplate): boolean {
  if (pod.owner.kind === 'Pod' || pod.containers.length === 0) return false;
  const ctx = { document: pod.owner.yaml.document };
  const selector = mapGet(ctx, asMap(ctx, mapGet(ctx, pod.owner.node, 'spec')), 'selector');
  return selector === undefined && pod.containers.every((container) => container.image === undefined);
}

/** Whether a kustomization lists the file (relative to the kustomization's folder) under `patches` or `patchesStrategicMerge`. */
function isKustomizePatch(file: KubernetesFile, workspace: WorkspaceView): boolean {
  return workspace.derived(kustomizePatchUris, () => patchUris(workspace)).has(file.source.uri);
}

const kustomizePatchUris = {};

function patchUris(workspace: WorkspaceView): Set<string> {
  const uris = new Set<string>();
  for (const kustomization of workspace.kubernetesFiles()) {
    const uri = kustomization.source.uri;
    const folder = parentOf(uri);
    if (!isKustomizationName(decodeURIComponent(uri.slice(folder.length + 1)))) continue;
    for (const { document } of kustomization.documents) {
      const ctx = { document };
      const root = asMap(ctx, document.contents);
      const paths = [
        ...(asSeq(ctx, mapGet(ctx, root, 'patchesStrategicMerge'))?.items ?? []).map((item) => scalarString(ctx, item)),
        ...(asSeq(ctx, mapGet(ctx, root, 'patches'))?.items ?? []).map((item) => scalarString(ctx, mapGet(ctx, asMap(ctx, item), 'path'))),
      ];
      for (const path of paths) if (path !== undefined) uris.add(joinUri(folder, path));
    }
  }
  return uris;
}

function parentOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/'));
}

/** A relative path resolved against a folder uri (`./a.yaml`, `patches/../a.yaml`). */
function joinUri(folder: string, path: string): string {
  const parts = folder.split('/');
  for (const segment of path.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '.' && segment !== '') parts.push(encodeURIComponent(segment));
  }
  return parts.join('/');
}
