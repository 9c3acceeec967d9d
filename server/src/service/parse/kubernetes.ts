import { isScalar, type Document, type Node, type Scalar, type YAMLMap } from 'yaml';
import type {
  Container, ContainerPort, HookHandler, Ingress, KubernetesFile, KubernetesObject, LifecycleHook, PodTemplate, Service, ServicePort,
  YamlDocument,
} from '../model/kubernetes';
import type { SourceText } from '../source';
import { parseHelmTemplate, templateNotice } from './helm';
import type { Notice } from '../types';
import {
  asMap, asSeq, mapAt, mapGet, nodeSpan, pairOf, scalarInteger, scalarString, stringList, stringMap, type NodeContext,
} from './yaml-nodes';
import { parseYamlDocuments, type DocumentCache } from './yaml-documents';

/** Where each workload kind keeps its pod template. */
const podTemplatePaths: Record<string, string[]> = {
  Pod: [],
  PodTemplate: ['template'],
  Deployment: ['spec', 'template'],
  StatefulSet: ['spec', 'template'],
  DaemonSet: ['spec', 'template'],
  ReplicaSet: ['spec', 'template'],
  ReplicationController: ['spec', 'template'],
  Job: ['spec', 'template'],
  CronJob: ['spec', 'jobTemplate', 'spec', 'template'],
  Rollout: ['spec', 'template'],
};
const batchKinds = new Set(['Job', 'CronJob']);

/** Helm and other Go templates are not YAML until rendered: `{{` anywhere in a document. */
const templateMarker = /\{\{/;

/** The parsed documents of each file version, for its next version to reuse (see yaml-documents.ts). */
const documentCaches = new WeakMap<object, DocumentCache>();

/** `previous`: the file's last parsed version, whose unchanged documents are reused. */
export function parseKubernetes(source: SourceText, previous?: object): KubernetesFile {
  const file: KubernetesFile = {
    language: 'kubernetes', source, documents: [], objects: [], podTemplates: [], services: [], ingresses: [], notices: [],
  };
  if (templateMarker.test(source.text)) {
    const template = parseHelmTemplate(source, parseKubernetes);
    if (template) return template;
    file.notices.push(templateNotice(source));
    return file;
  }
  const parsed = parseYamlDocuments(source.text, previous && documentCaches.get(previous));
  documentCaches.set(file, parsed.cache);
  parsed.documents.forEach((document, index) => {
    if (document.errors.length > 0) {
      file.notices.push(syntaxNotice(source, index, document.errors[0]));
      return;
    }
    const collected = documentObjects(document, index);
    file.documents.push(collected.yaml);
    file.objects.push(...collected.objects);
    file.podTemplates.push(...collected.podTemplates);
    file.services.push(...collected.services);
    file.ingresses.push(...collected.ingresses);
  });
  return file;
}

/** What one YAML document holds. */
type DocumentObjects = Pick<KubernetesFile, 'objects' | 'podTemplates' | 'services' | 'ingresses'> & { yaml: YamlDocument };

/**
 * The objects of each document, kept with it: a document reused unchanged by the next version
 * of its file (yaml-documents.ts) keeps its objects too, whose nodes are the ones reused.
 */
const objectsByDocument = new WeakMap<Document, DocumentObjects>();

function documentObjects(document: Document.Parsed, index: number): DocumentObjects {
  const cached = objectsByDocument.get(document);
  if (cached?.yaml.index === index) return cached;
  const collected: DocumentObjects = { yaml: { index, document }, objects: [], podTemplates: [], services: [], ingresses: [] };
  const ctx: NodeContext = { document };
  const root = asMap(ctx, document.contents);
  if (root) collectObjects(ctx, collected.yaml, root, collected);
  objectsByDocument.set(document, collected);
  return collected;
}

function syntaxNotice(source: SourceText, index: number, error: { message: string; pos: [number, number] }): Notice {
  const firstLine = error.message.split('\n')[0];
  return {
    uri: source.uri,
    range: source.rangeOf(error.pos[0], Math.max(error.pos[0], error.pos[1])),
    message: `YAML document ${index + 1} was not analysed: ${firstLine}`,
  };
}

function collectObjects(ctx: NodeContext, yaml: YamlDocument, node: YAMLMap, file: DocumentObjects): void {
  const kindNode = mapGet(ctx, node, 'kind');
  const kind = scalarString(ctx, kindNode);
  const apiVersion = scalarString(ctx, mapGet(ctx, node, 'apiVersion'));
  if (!kind || !apiVersion || !isScalar(kindNode)) return;
  const metadata = asMap(ctx, mapGet(ctx, node, 'metadata'));
  const object: KubernetesObject = {
    apiVersion, kind, node, kindNode, yaml,
    name: scalarString(ctx, mapGet(ctx, metadata, 'name')),
    namespace: scalarString(ctx, mapGet(ctx, metadata, 'namespace')),
    labels: stringMap(ctx, mapGet(ctx, metadata, 'labels')),
    annotations: stringMap(ctx, mapGet(ctx, metadata, 'annotations')),
  };
  file.objects.push(object);

  if (kind.endsWith('List')) {
    for (const item of asSeq(ctx, mapGet(ctx, node, 'items'))?.items ?? []) {
      const itemMap = asMap(ctx, item);
      if (itemMap) collectObjects(ctx, yaml, itemMap, file);
    }
    return;
  }
  const templatePath = podTemplatePaths[kind];
  if (templatePath) {
    const template = podTemplate(ctx, object, templatePath);
    if (template) file.podTemplates.push(template);
  } else if (kind === 'Service') {
    file.services.push(service(ctx, object));
  } else if (kind === 'Ingress') {
    file.ingresses.push(ingress(ctx, object));
  }
}

function podTemplate(ctx: NodeContext, owner: KubernetesObject, path: string[]): PodTemplate | undefined {
  const templateMap = path.length === 0 ? owner.node : mapAt(ctx, owner.node, ...path);
  const specPair = templateMap && pairOf(templateMap, 'spec');
  const spec = asMap(ctx, specPair?.value);
  if (!templateMap || !specPair || !spec || !isScalar(specPair.key)) return undefined;
  const templateMetadata = asMap(ctx, mapGet(ctx, templateMap, 'metadata'));
  const gracePair = pairOf(spec, 'terminationGracePeriodSeconds');
  return {
    owner,
    namespace: owner.namespace,
    labels: stringMap(ctx, mapGet(ctx, templateMetadata, 'labels')),
    spec,
    specKeyNode: specPair.key,
    terminationGracePeriod: gracePair && isScalar(gracePair.key) && gracePair.value
      ? { seconds: scalarInteger(ctx, gracePair.value), keyNode: gracePair.key, valueNode: gracePair.value as Node }
      : undefined,
    osName: scalarString(ctx, mapGet(ctx, mapAt(ctx, spec, 'os'), 'name')),
    containers: containers(ctx, mapGet(ctx, spec, 'containers'), false),
    initContainers: containers(ctx, mapGet(ctx, spec, 'initContainers'), true),
    batch: batchKinds.has(owner.kind),
  };
}

function containers(ctx: NodeContext, node: Node | undefined, init: boolean): Container[] {
  const result: Container[] = [];
  for (const item of asSeq(ctx, node)?.items ?? []) {
    const map = asMap(ctx, item);
    if (map) result.push(container(ctx, map, init));
  }
  return result;
}

function container(ctx: NodeContext, node: YAMLMap, init: boolean): Container {
  const nameNode = mapGet(ctx, node, 'name');
  const lifecyclePair = pairOf(node, 'lifecycle');
  const lifecycleMap = asMap(ctx, lifecyclePair?.value);
  const stopSignalNode = mapGet(ctx, lifecycleMap, 'stopSignal');
  const stopSignal = scalarString(ctx, stopSignalNode);
  return {
    name: scalarString(ctx, nameNode),
    node,
    anchorNode: nameNode ?? node,
    image: scalarString(ctx, mapGet(ctx, node, 'image')),
    imageNode: mapGet(ctx, node, 'image'),
    command: stringList(ctx, mapGet(ctx, node, 'command')),
    args: stringList(ctx, mapGet(ctx, node, 'args')),
    commandNode: mapGet(ctx, node, 'command'),
    argsNode: mapGet(ctx, node, 'args'),
    ports: ports(ctx, mapGet(ctx, node, 'ports')),
    readinessProbe: asMap(ctx, mapGet(ctx, node, 'readinessProbe')),
    livenessProbe: asMap(ctx, mapGet(ctx, node, 'livenessProbe')),
    startupProbe: asMap(ctx, mapGet(ctx, node, 'startupProbe')),
    lifecycle: lifecyclePair && isScalar(lifecyclePair.key)
      ? {
        keyNode: lifecyclePair.key,
        node: lifecycleMap,
        preStop: hook(ctx, lifecycleMap, 'preStop'),
        stopSignal: stopSignal !== undefined && stopSignalNode ? { value: stopSignal, node: stopSignalNode } : undefined,
      }
      : undefined,
    sidecar: init && scalarString(ctx, mapGet(ctx, node, 'restartPolicy')) === 'Always',
    env: envVars(ctx, mapGet(ctx, node, 'env')),
  };
}

function envVars(ctx: NodeContext, node: Node | undefined): { name: string; value?: string }[] {
  const result: { name: string; value?: string }[] = [];
  for (const item of asSeq(ctx, node)?.items ?? []) {
    const map = asMap(ctx, item);
    const name = scalarString(ctx, mapGet(ctx, map, 'name'));
    if (name !== undefined) result.push({ name, value: scalarString(ctx, mapGet(ctx, map, 'value')) });
  }
  return result;
}

function ports(ctx: NodeContext, node: Node | undefined): ContainerPort[] {
  const result: ContainerPort[] = [];
  for (const item of asSeq(ctx, node)?.items ?? []) {
    const map = asMap(ctx, item);
    if (!map) continue;
    result.push({
      containerPort: scalarInteger(ctx, mapGet(ctx, map, 'containerPort')),
      name: scalarString(ctx, mapGet(ctx, map, 'name')),
      node: map,
    });
  }
  return result;
}

const handlerKinds = ['exec', 'sleep', 'httpGet', 'tcpSocket'] as const;

function hook(ctx: NodeContext, lifecycle: YAMLMap | undefined, name: string): LifecycleHook | undefined {
  const pair = lifecycle && pairOf(lifecycle, name);
  if (!pair || !isScalar(pair.key)) return undefined;
  const node = asMap(ctx, pair.value);
  const handlers: HookHandler[] = [];
  for (const kind of handlerKinds) {
    const handlerNode = asMap(ctx, mapGet(ctx, node, kind));
    if (!handlerNode) continue;
    if (kind === 'exec') {
      const commandNode = mapGet(ctx, handlerNode, 'command');
      handlers.push({ kind, node: handlerNode, command: stringList(ctx, commandNode), commandNode });
    } else if (kind === 'sleep') {
      const secondsNode = mapGet(ctx, handlerNode, 'seconds');
      handlers.push({ kind, node: handlerNode, seconds: scalarInteger(ctx, secondsNode), secondsNode });
    } else if (kind === 'httpGet') {
      const portNode = mapGet(ctx, handlerNode, 'port');
      handlers.push({ kind, node: handlerNode, port: scalarInteger(ctx, portNode) ?? scalarString(ctx, portNode), portNode });
    } else {
      handlers.push({ kind, node: handlerNode });
    }
  }
  return { keyNode: pair.key as Scalar, node, handlers };
}

function service(ctx: NodeContext, object: KubernetesObject): Service {
  const spec = asMap(ctx, mapGet(ctx, object.node, 'spec'));
  const selectorNode = mapGet(ctx, spec, 'selector');
  const ports: ServicePort[] = [];
  for (const item of asSeq(ctx, mapGet(ctx, spec, 'ports'))?.items ?? []) {
    const map = asMap(ctx, item);
    if (!map) continue;
    const targetPortNode = mapGet(ctx, map, 'targetPort');
    ports.push({
      port: scalarInteger(ctx, mapGet(ctx, map, 'port')),
      targetPort: scalarInteger(ctx, targetPortNode) ?? scalarString(ctx, targetPortNode),
    });
  }
  return {
    object,
    namespace: object.namespace,
    type: scalarString(ctx, mapGet(ctx, spec, 'type')) ?? 'ClusterIP',
    selector: selectorNode ? stringMap(ctx, selectorNode) : undefined,
    ports,
  };
}

function ingress(ctx: NodeContext, object: KubernetesObject): Ingress {
  const spec = asMap(ctx, mapGet(ctx, object.node, 'spec'));
  const names = new Set<string>();
  const backendName = (backend: YAMLMap | undefined) =>
    // networking.k8s.io/v1 `service.name`, and the older extensions/v1beta1 `serviceName`
    scalarString(ctx, mapGet(ctx, mapAt(ctx, backend, 'service'), 'name')) ?? scalarString(ctx, mapGet(ctx, backend, 'serviceName'));
  const add = (name: string | undefined) => { if (name) names.add(name); };
  add(backendName(asMap(ctx, mapGet(ctx, spec, 'defaultBackend')) ?? asMap(ctx, mapGet(ctx, spec, 'backend'))));
  for (const rule of asSeq(ctx, mapGet(ctx, spec, 'rules'))?.items ?? []) {
    for (const path of asSeq(ctx, mapGet(ctx, mapAt(ctx, asMap(ctx, rule), 'http'), 'paths'))?.items ?? []) {
      add(backendName(asMap(ctx, mapGet(ctx, asMap(ctx, path), 'backend'))));
    }
  }
  return { object, namespace: object.namespace, serviceNames: [...names] };
}

/** The source range of a node's value, for findings. */
export function nodeRange(source: SourceText, node: Node) {
  const [start, end] = nodeSpan(node);
  return source.rangeOf(start, end);
}
