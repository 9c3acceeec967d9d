import type { DockerfileModel, DockerStage, ProcessInstruction } from './dockerfile';

/** The stage that `docker build` produces without `--target`: the last one. */
export function finalStage(model: DockerfileModel): DockerStage | undefined {
  return model.stages[model.stages.length - 1];
}

/** The stage and the stages it is built from, nearest first. */
export function stageChain(stage: DockerStage): DockerStage[] {
  const chain: DockerStage[] = [];
  for (let current: DockerStage | undefined = stage; current && !chain.includes(current); current = current.parent) chain.push(current);
  return chain;
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
  let entrypoint: ProcessInstruction | undefined;
  let cmd: ProcessInstruction | undefined;
  let cmdSettled = false;
  for (const current of stageChain(stage)) {
    const last = (keyword: ProcessInstruction['keyword']) =>
      [...current.processInstructions].reverse().find((instruction) => instruction.keyword === keyword);
    const ownEntrypoint = last('ENTRYPOINT');
    const ownCmd = last('CMD');
    if (!cmdSettled && (ownCmd || ownEntrypoint)) {
      // A stage's own CMD wins; an ENTRYPOINT without one clears the CMD inherited from its base.
      cmd = ownCmd;
      cmdSettled = true;
    }
    entrypoint ??= ownEntrypoint;
  }
  return { entrypoint, cmd };
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
