import type { WorkspaceView } from '../workspace';
import type { KubernetesFile, KubernetesObject, PodTemplate, Service } from './kubernetes';
import { servicesSelecting } from './serving';

/**
 * Lookups across the workspace's Kubernetes files, each built once per workspace state
 * (WorkspaceView.derived): rules ask them for every pod of every file.
 */

const filesByObject = {};
const filesByPod = {};
const podsByService = {};

/** The file an object of the workspace is written in. */
export function fileOfObject(workspace: WorkspaceView, object: KubernetesObject): KubernetesFile | undefined {
  return workspace.derived(filesByObject, () => new Map(workspace.kubernetesFiles().flatMap((file) => file.objects.map((each) => [each, file] as const))))
    .get(object);
}

/** The file a pod template of the workspace is written in. */
export function fileOfPod(workspace: WorkspaceView, pod: PodTemplate): KubernetesFile | undefined {
  return workspace.derived(filesByPod, () => new Map(workspace.kubernetesFiles().flatMap((file) => file.podTemplates.map((each) => [each, file] as const))))
    .get(pod);
}

/** The pod templates of the workspace a Service selects. */
export function podsSelectedBy(workspace: WorkspaceView, service: Service): PodTemplate[] {
  const index = workspace.derived(podsByService, () => {
    const pods = new Map<Service, PodTemplate[]>();
    for (const file of workspace.kubernetesFiles()) {
      for (const pod of file.podTemplates) for (const selecting of servicesSelecting(workspace, pod)) pods.set(selecting, [...(pods.get(selecting) ?? []), pod]);
    }
    return pods;
  });
  return index.get(service) ?? [];
}
