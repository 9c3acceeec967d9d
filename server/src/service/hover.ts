import type { Scalar } from 'yaml';
import type { ImageEntries } from './knowledge/image-signals';
import type { DockerfileModel, DockerStage } from './model/dockerfile';
import { effectiveProcess, finalStage, rootImage, shellFor } from './model/dockerfile-image';
import type { KubernetesFile, PodTemplate } from './model/kubernetes';
import { processShell } from './knowledge/shells';
import { nodeSpan } from './parse/yaml-nodes';
import { explainPodShutdown } from './shutdown/explain';
import { imageStopSignal } from './shutdown/stop-signal';
import type { TimelineContext } from './shutdown/timeline';
import { containsPosition } from './source';
import type { ParsedFile } from './workspace';
import type { Position } from './types';

/** Markdown explaining the termination sequence at a position, when it is on a field that shapes it. */
export function fieldHover(file: ParsedFile, position: Position, context: Omit<TimelineContext, 'source'>): string | undefined {
  if (file.language === 'kubernetes') return kubernetesHover(file, position, { ...context, source: file.source });
  if (file.language === 'dockerfile') return dockerfileHover(file, position, context.images);
  return undefined;
}

/** The pod template whose shutdown-relevant key sits at the position. */
export function podTemplateAtKey(file: KubernetesFile, position: Position): PodTemplate | undefined {
  const offset = file.source.offsetAt(position);
  const on = (node: Scalar | undefined) => {
    if (!node) return false;
    const [start, end] = nodeSpan(node);
    return offset >= start && offset <= end;
  };
  return file.podTemplates.find((pod) => on(pod.terminationGracePeriod?.keyNode)
    || [...pod.containers, ...pod.initContainers].some((container) => on(container.lifecycle?.keyNode)
      || on(container.lifecycle?.preStop?.keyNode)
      || (container.lifecycle?.stopSignal !== undefined && on(container.lifecycle.stopSignal.node as Scalar))));
}

/** The pod template that contains a position anywhere in its workload, for the explain command. */
export function podTemplateAt(file: KubernetesFile, position: Position): PodTemplate | undefined {
  const offset = file.source.offsetAt(position);
  return file.podTemplates.find((pod) => {
    const [start, end] = pod.owner.node.range ?? [0, 0];
    return offset >= start && offset <= end;
  });
}

function kubernetesHover(file: KubernetesFile, position: Position, context: TimelineContext): string | undefined {
  const pod = podTemplateAtKey(file, position);
  return pod && explainPodShutdown(pod, context);
}

function dockerfileHover(file: DockerfileModel, position: Position, images: ImageEntries): string | undefined {
  for (const stage of file.stages) {
    const instruction = stage.processInstructions.find((candidate) => containsPosition(candidate.range, position));
    if (instruction) return processHover(file, stage, instruction.keyword, instruction === effectiveOf(file, instruction.keyword), images);
    if (stage.stopSignal && containsPosition(stage.stopSignal.range, position)) return stopSignalHover(stage);
  }
  return undefined;
}

function effectiveOf(file: DockerfileModel, keyword: 'CMD' | 'ENTRYPOINT') {
  const stage = finalStage(file);
  if (!stage) return undefined;
  const process = effectiveProcess(stage);
  return keyword === 'CMD' ? process.cmd : process.entrypoint;
}

function processHover(file: DockerfileModel, stage: DockerStage, keyword: 'CMD' | 'ENTRYPOINT', effective: boolean, images: ImageEntries): string {
  const final = finalStage(file)!;
  if (!effective) return `**${keyword}**: not what the final image runs (a later ${keyword}, a later ENTRYPOINT that resets CMD, or a build stage the final image does not start from).`;
  const { entrypoint, cmd } = effectiveProcess(final);
  const first = entrypoint ?? cmd;
  let pid1: string;
  if (!first) pid1 = 'the base image\'s command';
  else if (first.form === 'exec') pid1 = `\`${first.argv?.[0] ?? ''}\` (exec form: it receives the stop signal itself)`;
  else {
    const shell = processShell(shellFor(stage, first.range.start.line), rootImage(final));
    pid1 = `\`${shell.path}\`${shell.description ? ` (${shell.description})` : ''}, which runs the command as a child unless it \`exec\`s it; a shell as PID 1 ignores SIGTERM and forwards nothing`;
  }
  return [
    `**Who gets the stop signal**: PID 1 is ${pid1}.`,
    '',
    stopSignalSentence(file, final, images),
    'Kubernetes sends it after the preStop hook; SIGKILL follows when terminationGracePeriodSeconds (default 30 s) runs out.',
  ].join('\n');
}

function stopSignalSentence(file: DockerfileModel, stage: DockerStage, images: ImageEntries): string {
  const signal = imageStopSignal(file, stage, images);
  return signal.origin.kind === 'dockerfile'
    ? `Stop signal: \`${signal.origin.stage.stopSignal!.value}\` (STOPSIGNAL; a pod's \`lifecycle.stopSignal\` overrides it).`
    : `Stop signal: ${signal.description}.`;
}

function stopSignalHover(stage: DockerStage): string {
  return [
    `**STOPSIGNAL ${stage.stopSignal!.value}**: the signal the container runtime (containerd, CRI-O, \`docker stop\`) sends to PID 1 to stop the container.`,
    'In Kubernetes it comes after the preStop hook, unless the pod sets `lifecycle.stopSignal`; SIGKILL follows when the grace period runs out.',
  ].join('\n');
}
