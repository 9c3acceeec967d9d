import type { DockerfileModel, DockerStage, ProcessInstruction } from './dockerfile';

/** The stage that `docker build` produces without `--target`: the last one. */
export function finalStage(model: DockerfileModel): DockerStage | undefined {
  return model.stages[model.stages.length - 1];
}

/**
 * Stages never change once parsed, and rules ask about every stage of a long chain (each one's
 * chain, each one's CMD): what is worked out per stage is kept per stage.
 */
const chains = new WeakMap<DockerStage, DockerStage[]>();
const processes = new WeakMap<DockerStage, EffectiveProcess>();

/** The stage and the stages it is built from, nearest first. */
export function stageChain(stage: DockerStage): DockerStage[] {
  // Up to the nearest stage whose chain is known (a parent is an earlier stage: no cycles, but stay safe),
  // then each chain is its stage before its parent's.
  const pending: DockerStage[] = [];
  let current: DockerStage | undefined = stage;
  while (current && !chains.has(current) && !pending.includes(current)) {
    pending.push(current);
    current = current.parent;
  }
  let chain = current ? chains.get(current) ?? [] : [];
  for (const unknown of pending.reverse()) {
    chain = [unknown, ...chain];
    chains.set(unknown, chain);
  }
  // A copy: callers may reverse it.
  return [...chain];
}

/** The external image at the root of a stage's FROM chain. */
export function rootImage(stage: DockerStage): string {
  const chain = stageChain(stage);
  return chain[chain.length - 1].base;
}

export interface EffectiveProcess {
  entrypoint?: ProcessInstruction;
  cmd?: ProcessInstruction;
}

/**
 * The ENTRYPOINT and CMD the image runs with, following the FROM chain as Docker builds the image
 * config: the last of each wins, and setting ENTRYPOINT clears an inherited CMD.
 */
export function effectiveProcess(stage: DockerStage): EffectiveProcess {
  const pending: DockerStage[] = [];
  for (let current: DockerStage | undefined = stage; current && !processes.has(current) && !pending.includes(current); current = current.parent) {
    pending.push(current);
  }
  for (const unknown of pending.reverse()) processes.set(unknown, ownProcess(unknown, unknown.parent && processes.get(unknown.parent)));
  return { ...processes.get(stage) };
}

/** A stage's process, given the one it inherits from the stage it is built FROM. */
function ownProcess(stage: DockerStage, inherited: EffectiveProcess | undefined): EffectiveProcess {
  const last = (keyword: ProcessInstruction['keyword']) =>
    [...stage.processInstructions].reverse().find((instruction) => instruction.keyword === keyword);
  const entrypoint = last('ENTRYPOINT');
  const cmd = last('CMD');
  // A stage's own CMD wins; an ENTRYPOINT without one clears the CMD inherited from its base.
  if (cmd || entrypoint) return { entrypoint: entrypoint ?? inherited?.entrypoint, cmd };
  return { entrypoint: inherited?.entrypoint, cmd: inherited?.cmd };
}

/** The shell (SHELL argv) in force for a shell-form instruction: the stage's or an ancestor's; undefined means Docker's default `/bin/sh -c`. */
export function shellFor(stage: DockerStage, line: number): string[] | undefined {
  const own = stage.shells.filter((shell) => shell.line < line);
  if (own.length > 0) return own[own.length - 1].argv;
  for (const ancestor of stageChain(stage).slice(1)) {
    if (ancestor.shells.length > 0) return ancestor.shells[ancestor.shells.length - 1].argv;
  }
  return undefined;
}

/** The stage that holds an instruction. */
export function stageOf(model: DockerfileModel, instruction: ProcessInstruction): DockerStage | undefined {
  return model.stages.find((stage) => stage.processInstructions.includes(instruction));
}
