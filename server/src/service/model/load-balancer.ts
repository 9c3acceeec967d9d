import { isScalar, type Node, type YAMLMap } from 'yaml';
import { annotationNode, setAnnotations, setListAttribute } from '../fix/annotations';
import { appendToMap, replaceScalar } from '../fix/yaml';
import { lbAnnotations as keys, loadBalancers, type LoadBalancerFact } from '../knowledge/load-balancers';
import { nodeRange } from '../parse/kubernetes';
import { asMap, mapAt, mapGet, scalarInteger, scalarString } from '../parse/yaml-nodes';
import type { SourceText } from '../source';
import type { FileEdits, SourceLocation } from '../types';
import type { WorkspaceView } from '../workspace';
import type { Ingress, KubernetesFile, KubernetesObject, PodTemplate, Service } from './kubernetes';
import { sameNamespace, selects } from './serving';
import { fileOfObject, podsSelectedBy } from './workspace-index';

/**
 * The cloud load balancers the workspace's Services and Ingresses create, as far as their
 * annotations tell, with the draining setting each one has (FACTS §9). A Service or Ingress whose
 * cloud cannot be told is not here: nothing is said about it.
 */

/**
 * 'pods': the load balancer sends to pod IPs, so deleting a pod deregisters it and its draining
 * decides what happens to the requests in flight; 'nodes': it sends to NodePorts, and its draining
 * matters when a node leaves it; 'unknown': the manifest does not say.
 */
export type LoadBalancerTargets = 'pods' | 'nodes' | 'unknown';

export interface LoadBalancerDraining {
  /** Seconds it keeps in-flight requests to a removed target; 0: none; undefined: on, for a time the workspace does not say. */
  seconds?: number;
  /** Written in the workspace (true), or the platform's default (false). */
  explicit: boolean;
  /** For messages: "deregistration_delay.timeout_seconds=10 in `alb.ingress.kubernetes.io/target-group-attributes`". */
  description: string;
  /** Where it is written. */
  where?: SourceLocation;
}

export interface LoadBalancer {
  fact: LoadBalancerFact;
  /** The Service or Ingress that makes the cloud create it. */
  owner: KubernetesObject;
  /** "Ingress `shop`": for messages. */
  ownerLabel: string;
  targets: LoadBalancerTargets;
  draining: LoadBalancerDraining;
  /** The file and node a finding about its draining belongs to: where the fix goes. */
  findingAt: SourceLocation;
  /** The workspace's Services it sends traffic to. */
  services: Service[];
  /** The edits that make it drain for `seconds`; undefined when the file leaves no clean edit. */
  setDraining(seconds: number): FileEdits | undefined;
}

interface ObjectFile {
  object: KubernetesObject;
  source: SourceText;
}

/** Every recognisable load balancer of the workspace, with the Services behind it. */
export function workspaceLoadBalancers(workspace: WorkspaceView): LoadBalancer[] {
  return workspace.derived(loadBalancerList, () => findLoadBalancers(workspace));
}

const loadBalancerList = {};
const loadBalancersByFile = {};

function findLoadBalancers(workspace: WorkspaceView): LoadBalancer[] {
  const result: LoadBalancer[] = [];
  const services = workspace.services();
  for (const file of workspace.kubernetesFiles()) {
    for (const ingress of file.ingresses) {
      const behind = services.filter((service) => ingress.serviceNames.includes(service.object.name ?? '') && sameNamespace(service.namespace, ingress.namespace));
      const holders = [...behind.map((service) => objectFile(workspace, service.object)), { object: ingress.object, source: file.source }];
      const recognised = albOf(ingress, behind, holders.filter((holder): holder is ObjectFile => holder !== undefined))
        ?? agicOf(file.source, ingress, behind);
      if (recognised) result.push(recognised);
    }
    for (const service of file.services) {
      result.push(...gkeOf(workspace, service));
      if (service.type !== 'LoadBalancer') continue;
      const recognised = nlbOf(file.source, service) ?? alibabaOf(file.source, service) ?? clbOf(file.source, service);
      if (recognised) result.push(recognised);
    }
  }
  return result;
}

/** The load balancers whose draining is written, or would be written, in `file`: where their findings go. */
export function loadBalancersIn(file: KubernetesFile, workspace: WorkspaceView): LoadBalancer[] {
  const byFile = workspace.derived(loadBalancersByFile, () => {
    const index = new Map<string, LoadBalancer[]>();
    for (const loadBalancer of workspaceLoadBalancers(workspace)) index.set(loadBalancer.findingAt.uri, [...(index.get(loadBalancer.findingAt.uri) ?? []), loadBalancer]);
    return index;
  });
  return byFile.get(file.source.uri) ?? [];
}

/** The pod templates of the workspace behind a load balancer's Services. */
export function podsBehind(loadBalancer: LoadBalancer, workspace: WorkspaceView): PodTemplate[] {
  const behind = new Set(loadBalancer.services.flatMap((service) => podsSelectedBy(workspace, service)));
  // In the workspace's order, as messages name the first pod of several.
  return workspace.kubernetesFiles().flatMap((file) => file.podTemplates.filter((pod) => behind.has(pod)));
}

/** Of the workspace's load balancers, those that send to the pod's IP directly (FACTS §4, §9). */
export function podLoadBalancers(pod: PodTemplate, loadBalancers: LoadBalancer[]): LoadBalancer[] {
  return loadBalancers
    .filter((loadBalancer) => loadBalancer.targets === 'pods' && loadBalancer.services.some((service) => selects(service, pod)));
}


function objectFile(workspace: WorkspaceView, object: KubernetesObject): ObjectFile | undefined {
  const file = fileOfObject(workspace, object);
  return file && { object, source: file.source };
}

function label(object: KubernetesObject): string {
  return `${object.kind} \`${object.name ?? '(unnamed)'}\``;
}

function location(source: SourceText, node: Node): SourceLocation {
  return { uri: source.uri, range: nodeRange(source, node) };
}

/** Where a finding about an annotation goes: its value when written, else the object's `kind`. */
function annotationLocation(target: ObjectFile, key: string): SourceLocation {
  return location(target.source, annotationNode(target.object, key) ?? target.object.kindNode);
}

function annotationEdits(target: ObjectFile, values: [string, string][]): FileEdits | undefined {
  const edits = setAnnotations(target.source, target.object, values);
  return edits && { [target.source.uri]: edits };
}

function hasPrefix(object: KubernetesObject, prefix: string): boolean {
  return Object.keys(object.annotations).some((key) => key.startsWith(prefix));
}

function ingressClass(ingress: Ingress): string | undefined {
  const ctx = { document: ingress.object.yaml.document };
  return ingress.object.annotations[keys.ingressClassAnnotation]
    ?? scalarString(ctx, mapGet(ctx, asMap(ctx, mapGet(ctx, ingress.object.node, 'spec')), 'ingressClassName'));
}

/** An integer annotation value, as the controllers parse it (strconv.ParseInt). */
function integerOf(text: string | undefined): number | undefined {
  return text !== undefined && /^\s*\d+\s*$/.test(text) ? Number(text) : undefined;
}

/** `deregistration_delay.timeout_seconds` in a target-group-attributes list. */
function deregistrationDelay(list: string | undefined): number | undefined {
  for (const item of list?.split(',') ?? []) {
    const [key, value] = item.split('=');
    if (key.trim() === keys.deregistrationDelay) return integerOf(value);
  }
  return undefined;
}

/**
 * AWS target groups (ALB and NLB through the AWS Load Balancer Controller): the delay lives in the
 * target-group-attributes annotation, a list shared with other attributes; a Service's annotations
 * win over its Ingress's (controller docs, "Annotations applied to Service have higher priority").
 */
function targetGroupDraining(fact: LoadBalancerFact, attributesKey: string, objects: ObjectFile[]): Pick<LoadBalancer, 'draining' | 'findingAt' | 'setDraining'> {
  const holder = objects.find((target) => deregistrationDelay(target.object.annotations[attributesKey]) !== undefined)
    ?? objects.find((target) => target.object.annotations[attributesKey] !== undefined)
    ?? objects[objects.length - 1];
  const seconds = deregistrationDelay(holder.object.annotations[attributesKey]);
  const explicit = seconds !== undefined;
  return {
    draining: {
      seconds: seconds ?? fact.defaultSeconds,
      explicit,
      description: explicit ? `${keys.deregistrationDelay}=${seconds} in \`${attributesKey}\`` : `the AWS default of ${fact.defaultSeconds} s`,
      where: explicit ? annotationLocation(holder, attributesKey) : undefined,
    },
    findingAt: annotationLocation(holder, attributesKey),
    setDraining: (value) => {
      const node = annotationNode(holder.object, attributesKey);
      if (!node) return annotationEdits(holder, [[attributesKey, `${keys.deregistrationDelay}=${value}`]]);
      const edit = setListAttribute(holder.source, node, keys.deregistrationDelay, String(value));
      return edit && { [holder.source.uri]: [edit] };
    },
  };
}

function albOf(ingress: Ingress, behind: Service[], holders: ObjectFile[]): LoadBalancer | undefined {
  if (ingressClass(ingress) !== keys.albIngressClass && !hasPrefix(ingress.object, keys.albPrefix)) return undefined;
  const fact = loadBalancers['aws-alb'];
  // With one Service behind the Ingress its own annotations are asked first; with several, each
  // Service may set its own target group, so only the Ingress's annotations are read.
  const objects = behind.length === 1 ? holders : holders.filter((holder) => holder.object === ingress.object);
  const targetType = objects.map((holder) => holder.object.annotations[keys.albTargetType]).find((value) => value !== undefined);
  return {
    fact, owner: ingress.object, ownerLabel: label(ingress.object), services: behind,
    targets: targetType === 'ip' ? 'pods' : targetType === undefined || targetType === 'instance' ? 'nodes' : 'unknown',
    ...targetGroupDraining(fact, keys.albTargetGroupAttributes, objects),
  };
}

function agicOf(source: SourceText, ingress: Ingress, behind: Service[]): LoadBalancer | undefined {
  const className = ingressClass(ingress);
  if (!(className !== undefined && (keys.agicIngressClasses as readonly string[]).includes(className)) && !hasPrefix(ingress.object, keys.agicPrefix)) return undefined;
  const fact = loadBalancers['azure-agic'];
  const target: ObjectFile = { object: ingress.object, source };
  const enabled = ingress.object.annotations[keys.agicDraining]?.trim().toLowerCase() === 'true';
  const timeout = integerOf(ingress.object.annotations[keys.agicDrainingTimeout]);
  const enabledKey = ingress.object.annotations[keys.agicDraining] !== undefined;
  return {
    fact, owner: ingress.object, ownerLabel: label(ingress.object), services: behind,
    // AGIC puts the pod IPs into the gateway's backend pools (its docs, "Minimizing Downtime During Deployments").
    targets: 'pods',
    draining: {
      seconds: enabled ? timeout ?? keys.agicDefaultTimeoutSeconds : 0,
      explicit: enabledKey,
      description: enabled ? `\`${keys.agicDraining}: "true"\` with a timeout of ${timeout ?? keys.agicDefaultTimeoutSeconds} s`
        : enabledKey ? `\`${keys.agicDraining}: "${ingress.object.annotations[keys.agicDraining]}"\`` : 'not enabled (the default)',
      where: enabledKey ? annotationLocation(target, keys.agicDraining) : undefined,
    },
    findingAt: annotationLocation(target, enabled && timeout !== undefined ? keys.agicDrainingTimeout : keys.agicDraining),
    setDraining: (value) => annotationEdits(target, [[keys.agicDraining, 'true'], [keys.agicDrainingTimeout, String(value)]]),
  };
}

function nlbOf(source: SourceText, service: Service): LoadBalancer | undefined {
  const type = service.object.annotations[keys.awsLoadBalancerType];
  const ctx = { document: service.object.yaml.document };
  const loadBalancerClass = scalarString(ctx, mapGet(ctx, asMap(ctx, mapGet(ctx, service.object.node, 'spec')), 'loadBalancerClass'));
  if (type !== 'external' && type !== 'nlb-ip' && loadBalancerClass !== keys.awsNlbClass) return undefined;
  // Port-specific attributes (`…target-group-attributes.443`) override the list per port: too many numbers to say one.
  if (Object.keys(service.object.annotations).some((key) => key.startsWith(`${keys.nlbTargetGroupAttributes}.`))) return undefined;
  const fact = loadBalancers['aws-nlb'];
  const targetType = type === 'nlb-ip' ? 'ip' : service.object.annotations[keys.nlbTargetType];
  return {
    fact, owner: service.object, ownerLabel: label(service.object), services: [service],
    targets: targetType === 'ip' ? 'pods' : targetType === 'instance' || loadBalancerClass === keys.awsNlbClass ? 'nodes' : 'unknown',
    ...targetGroupDraining(fact, keys.nlbTargetGroupAttributes, [{ object: service.object, source }]),
  };
}

function clbOf(source: SourceText, service: Service): LoadBalancer | undefined {
  const { annotations } = service.object;
  const type = annotations[keys.awsLoadBalancerType];
  if (!hasPrefix(service.object, keys.awsServicePrefix) || type !== undefined) return undefined;
  // Annotations only the AWS Load Balancer Controller reads: meant for an NLB, whatever ends up creating it.
  if (annotations[keys.nlbTargetType] !== undefined || hasPrefix(service.object, keys.nlbTargetGroupAttributes)) return undefined;
  const ctx = { document: service.object.yaml.document };
  if (mapGet(ctx, asMap(ctx, mapGet(ctx, service.object.node, 'spec')), 'loadBalancerClass')) return undefined;
  const fact = loadBalancers['aws-clb'];
  const target: ObjectFile = { object: service.object, source };
  const enabledText = annotations[keys.clbDrainingEnabled];
  const enabled = enabledText?.trim().toLowerCase() === 'true';
  const timeout = integerOf(annotations[keys.clbDrainingTimeout]);
  return {
    fact, owner: service.object, ownerLabel: label(service.object), services: [service], targets: 'nodes',
    draining: {
      seconds: enabled ? timeout : 0,
      explicit: enabledText !== undefined,
      description: enabled ? `\`${keys.clbDrainingEnabled}: "true"\`` : enabledText !== undefined ? `\`${keys.clbDrainingEnabled}: "${enabledText}"\`` : 'not enabled (the default)',
      where: enabledText !== undefined ? annotationLocation(target, keys.clbDrainingEnabled) : undefined,
    },
    findingAt: annotationLocation(target, enabled && timeout !== undefined ? keys.clbDrainingTimeout : keys.clbDrainingEnabled),
    setDraining: (value) => annotationEdits(target, [[keys.clbDrainingEnabled, 'true'], [keys.clbDrainingTimeout, String(value)]]),
  };
}

function alibabaOf(source: SourceText, service: Service): LoadBalancer | undefined {
  const prefix = keys.alibabaPrefixes.find((candidate) => hasPrefix(service.object, candidate));
  if (!prefix) return undefined;
  const { annotations } = service.object;
  // Connection drain applies to TCP/UDP listeners only; HTTP(S) listeners come from `protocol-port`.
  if (keys.alibabaPrefixes.some((candidate) => annotations[candidate + keys.alibabaProtocolPort] !== undefined)) return undefined;
  const fact = loadBalancers['alibaba-slb'];
  const target: ObjectFile = { object: service.object, source };
  const drainKey = prefix + keys.alibabaDrain;
  const timeoutKey = prefix + keys.alibabaDrainTimeout;
  const enabled = annotations[drainKey]?.trim().toLowerCase() === 'on';
  const timeout = integerOf(annotations[timeoutKey]);
  return {
    fact, owner: service.object, ownerLabel: label(service.object), services: [service], targets: 'unknown',
    draining: {
      seconds: enabled ? timeout : 0,
      explicit: annotations[drainKey] !== undefined,
      description: enabled ? `\`${drainKey}: "on"\`` : annotations[drainKey] !== undefined ? `\`${drainKey}: "${annotations[drainKey]}"\`` : 'not enabled (the default)',
      where: annotations[drainKey] !== undefined ? annotationLocation(target, drainKey) : undefined,
    },
    findingAt: annotationLocation(target, enabled && timeout !== undefined ? timeoutKey : drainKey),
    setDraining: (value) => annotationEdits(target, [[drainKey, 'on'], [timeoutKey, String(value)]]),
  };
}

/** The BackendConfig names a Service's `cloud.google.com/backend-config` annotation names: `{"default": "a", "ports": {"http": "b"}}`. */
function backendConfigNames(service: Service): string[] {
  const text = keys.gkeBackendConfig.map((key) => service.object.annotations[key]).find((value) => value !== undefined);
  if (text === undefined) return [];
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null) return [];
    const { default: fallback, ports } = parsed as { default?: unknown; ports?: unknown };
    const names = [fallback, ...(typeof ports === 'object' && ports !== null ? Object.values(ports) : [])];
    return [...new Set(names.filter((name): name is string => typeof name === 'string'))];
  } catch {
    return [];
  }
}

/** `cloud.google.com/neg: '{"ingress": true}'`: container-native load balancing, pod IPs in network endpoint groups. */
function usesNeg(service: Service): boolean {
  try {
    const parsed: unknown = JSON.parse(service.object.annotations[keys.gkeNeg] ?? 'null');
    return typeof parsed === 'object' && parsed !== null && (parsed as { ingress?: unknown }).ingress === true;
  } catch {
    return false;
  }
}

/**
 * GKE Ingress backends: the draining timeout lives in the BackendConfig the Service names
 * (`spec.connectionDraining.drainingTimeoutSec`, 0 = off, the default); a BackendConfig that is
 * not in the workspace says nothing.
 */
function gkeOf(workspace: WorkspaceView, service: Service): LoadBalancer[] {
  const fact = loadBalancers.gke;
  const result: LoadBalancer[] = [];
  for (const name of backendConfigNames(service)) {
    for (const file of workspace.kubernetesFiles()) {
      const object = file.objects.find((candidate) => candidate.kind === 'BackendConfig' && candidate.apiVersion.startsWith('cloud.google.com/')
        && candidate.name === name && sameNamespace(candidate.namespace, service.namespace));
      if (!object) continue;
      const ctx = { document: object.yaml.document };
      const spec = asMap(ctx, mapGet(ctx, object.node, 'spec'));
      const draining = mapAt(ctx, spec, 'connectionDraining');
      const timeoutNode = mapGet(ctx, draining, 'drainingTimeoutSec');
      const seconds = scalarInteger(ctx, timeoutNode) ?? (timeoutNode ? undefined : 0);
      if (seconds === undefined) continue;
      result.push({
        fact, owner: service.object, ownerLabel: label(service.object), services: [service],
        targets: usesNeg(service) ? 'pods' : 'unknown',
        draining: {
          seconds,
          explicit: timeoutNode !== undefined,
          description: timeoutNode ? `\`connectionDraining.drainingTimeoutSec: ${seconds}\` in BackendConfig \`${name}\`` : `BackendConfig \`${name}\` sets no \`connectionDraining\` (off by default)`,
          where: timeoutNode ? location(file.source, timeoutNode) : undefined,
        },
        findingAt: location(file.source, timeoutNode ?? object.kindNode),
        setDraining: (value) => {
          const edit = timeoutNode && isScalar(timeoutNode) ? replaceScalar(file.source, timeoutNode, String(value))
            : draining ? appendToMap(file.source, draining, [`drainingTimeoutSec: ${value}`])
              : spec ? appendToMap(file.source, spec, ['connectionDraining:', [`drainingTimeoutSec: ${value}`]])
                : appendToMap(file.source, object.node as YAMLMap, ['spec:', ['connectionDraining:', [`drainingTimeoutSec: ${value}`]]]);
          return edit && { [file.source.uri]: [edit] };
        },
      });
    }
  }
  return result;
}
