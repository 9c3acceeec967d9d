import type { WorkspaceView } from '../workspace';
import type { Container, PodTemplate, Service } from './kubernetes';

/** A reason to believe requests reach a container, for messages ("declares containerPort 8080"). */
export interface ServingContainer {
  container: Container;
  reasons: string[];
}

/** Namespaces match when equal, or when either is left to `kubectl -n` (unset). */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

export function selects(service: Service, pod: PodTemplate): boolean {
  const selector = service.selector;
  if (!selector || Object.keys(selector).length === 0) return false;
  return sameNamespace(service.namespace, pod.namespace)
    && Object.entries(selector).every(([key, value]) => pod.labels[key] === value);
}

/** Services by one `key=value` pair of their selector: a pod without that label is not selected. */
const servicesByLabel = {};

/** The Services of the workspace that select the pod, found through their selectors' labels. */
export function servicesSelecting(workspace: WorkspaceView, pod: PodTemplate): Service[] {
  const index = workspace.derived(servicesByLabel, () => {
    const byLabel = new Map<string, Service[]>();
    for (const service of workspace.services()) {
      const first = Object.entries(service.selector ?? {})[0];
      if (!first) continue;
      const label = labelKey(...first);
      byLabel.set(label, [...(byLabel.get(label) ?? []), service]);
    }
    return byLabel;
  });
  return Object.entries(pod.labels).flatMap(([key, value]) => index.get(labelKey(key, value)) ?? []).filter((service) => selects(service, pod));
}

function labelKey(key: string, value: string): string {
  return `${key}=${value}`;
}

function portMatches(container: Container, target: number | string): boolean {
  return container.ports.some((port) => (typeof target === 'number' ? port.containerPort === target : port.name === target));
}

/** The containers a Service's traffic lands on: those whose ports match its targetPorts, else the only container. */
function containersBehind(service: Service, pod: PodTemplate): Container[] {
  const targets = service.ports.map((port) => port.targetPort ?? port.port).filter((target) => target !== undefined);
  const matching = pod.containers.filter((container) => targets.some((target) => portMatches(container, target)));
  if (matching.length > 0) return matching;
  // With several containers and no declared port to go by, we cannot tell which one serves: say nothing.
  return pod.containers.length === 1 ? pod.containers : [];
}

/**
 * The main containers of a pod that receive requests: they declare a port, have a readiness
 * probe, or sit behind one of `selecting`, the Services that select the pod (servicesSelecting).
 * Jobs and CronJobs never do.
 */
export function servingContainers(pod: PodTemplate, selecting: Service[]): ServingContainer[] {
  if (pod.batch) return [];
  const reasons = new Map<Container, string[]>();
  const add = (container: Container, reason: string) => {
    const list = reasons.get(container) ?? [];
    list.push(reason);
    reasons.set(container, list);
  };
  for (const container of pod.containers) {
    const declared = container.ports.map((port) => port.containerPort).filter((port) => port !== undefined);
    if (declared.length > 0) add(container, `declares containerPort ${declared.join(', ')}`);
    if (container.readinessProbe) add(container, 'has a readiness probe');
  }
  for (const service of selecting) {
    for (const container of containersBehind(service, pod)) add(container, `is selected by Service \`${service.object.name ?? '(unnamed)'}\``);
  }
  return pod.containers.filter((container) => reasons.has(container))
    .map((container) => ({ container, reasons: reasons.get(container)! }));
}

export function podServesTraffic(pod: PodTemplate, workspace: WorkspaceView): boolean {
  return servingContainers(pod, servicesSelecting(workspace, pod)).length > 0;
}
