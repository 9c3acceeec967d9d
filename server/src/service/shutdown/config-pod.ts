import { workspaceBuildOf, type ImageBuild } from '../model/image-source';
import type { Container, KubernetesFile, PodTemplate } from '../model/kubernetes';
import type { ServerId } from '../knowledge/servers';
import { rootImage } from '../model/dockerfile-image';
import { readArgv, shortPath } from '../model/server-process';
import { containerShutdown, formatSeconds, timelineContextOf, type ContainerShutdown, type TimelineContextParts } from './timeline';

/**
 * The pods that run a configuration file of the workspace (a supervisord program, a Spring Boot
 * app, a php-fpm pool): the containers whose image a workspace Dockerfile builds, when that build
 * is the one the file belongs to. Rules in those files size their fixes to the pod's grace period.
 */
export interface ConfigPod {
  file: KubernetesFile;
  pod: PodTemplate;
  container: Container;
  build: ImageBuild;
  shutdown: ContainerShutdown;
}

/** What the pod lookup reads: the rule context's workspace and settings. */
export type ConfigPodContext = Omit<TimelineContextParts, 'model'>;

/** Containers of long-running pods (not Jobs) whose image is built by a workspace Dockerfile that `belongs` accepts. */
export function configPods(ctx: ConfigPodContext, belongs: (build: ImageBuild) => boolean): ConfigPod[] {
  const dockerfiles = ctx.workspace.dockerfiles();
  const found: ConfigPod[] = [];
  for (const file of ctx.workspace.kubernetesFiles()) {
    const context = timelineContextOf({ ...ctx, model: file });
    for (const pod of file.podTemplates) {
      if (pod.batch) continue;
      for (const container of [...pod.containers, ...pod.initContainers.filter((candidate) => candidate.sidecar)]) {
        const build = workspaceBuildOf(container.image, dockerfiles);
        if (build && belongs(build)) found.push({ file, pod, container, build, shutdown: containerShutdown(pod, container, context) });
      }
    }
  }
  return found;
}

/**
 * Whether a container runs the server the configuration is for: the image's own process (no
 * `command` or `args` of its own), or a command line that reads as that server. A queue worker
 * started from the same image (`command: [php, bin/console, …]`) is not the php-fpm pod.
 */
export function runsServer({ container, build }: ConfigPod, server: ServerId): boolean {
  if (!container.command && !container.args) return true;
  const reading = readArgv(container.command ? [...container.command, ...(container.args ?? [])] : container.args ?? [], rootImage(build.stage));
  return reading.kind === 'server' && reading.server.id === server;
}

/**
 * The one stop window those pods give their container: undefined when there is none, or when they
 * differ (a Deployment and a second one with another grace period) and no single number is right.
 * A hook of unknown length makes the window an upper bound, which is still the most the app gets.
 */
export function unambiguousPod(pods: ConfigPod[]): ConfigPod | undefined {
  if (pods.length === 0) return undefined;
  const [first] = pods;
  const same = pods.every(({ shutdown }) => shutdown.stopWindow === first.shutdown.stopWindow && shutdown.signalAt === first.shutdown.signalAt
    && shutdown.signalAtExact === first.shutdown.signalAtExact);
  return same ? first : undefined;
}

/** "the pod of Deployment `orders` (deploy/orders.yaml) has terminationGracePeriodSeconds 30 and a 10 s preStop, so SIGKILL comes 20 s after the stop signal". */
export function describePodWindow({ file, pod, shutdown }: ConfigPod): string {
  const owner = `${pod.owner.kind}${pod.owner.name ? ` \`${pod.owner.name}\`` : ''}`;
  const grace = shutdown.grace.explicit ? `terminationGracePeriodSeconds ${shutdown.grace.seconds}` : `no terminationGracePeriodSeconds (default ${shutdown.grace.seconds})`;
  const preStop = !shutdown.signalAtExact ? ` and a preStop hook of ${shutdown.signalAt > 0 ? `at least ${formatSeconds(shutdown.signalAt)}` : 'unknown length'}`
    : shutdown.signalAt > 0 ? ` and a preStop hook of ${formatSeconds(shutdown.signalAt)}` : '';
  return `the pod of ${owner} (${shortPath(file.source.uri)}) has ${grace}${preStop}, so SIGKILL comes ${shutdown.signalAtExact ? '' : 'at most '}`
    + `${formatSeconds(shutdown.stopWindow)} after the stop signal`;
}
