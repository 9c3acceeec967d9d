import { DockerfileParser, type From, type Instruction } from 'dockerfile-ast';
import type { DockerfileModel, DockerStage, ProcessInstruction } from '../model/dockerfile';
import type { SourceText } from '../source';

export function parseDockerfile(source: SourceText): DockerfileModel {
  const dockerfile = DockerfileParser.parse(source.text);
  const stages: DockerStage[] = [];
  let stage: DockerStage | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      stage = startStage(instruction as From, stages);
      stages.push(stage);
      continue;
    }
    if (!stage) continue; // instructions before the first FROM (ARG) belong to no stage
    if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
      stage.processInstructions.push(processInstruction(keyword, instruction));
    } else if (keyword === 'STOPSIGNAL') {
      const value = instruction.getArgumentsContent()?.trim();
      if (value) stage.stopSignal = { value, range: instruction.getArgumentsRange() ?? instruction.getRange() };
    } else if (keyword === 'SHELL') {
      const argv = jsonStringArray(instruction.getArgumentsContent() ?? '');
      if (argv && argv.length > 0) stage.shells.push({ argv, range: instruction.getRange(), line: instruction.getRange().start.line });
    }
  }
  return { language: 'dockerfile', source, stages, notices: [] };
}

function startStage(from: From, earlier: DockerStage[]): DockerStage {
  const base = from.getImage() ?? '';
  const parent = [...earlier].reverse().find((stage) => stage.name !== undefined && stage.name === base.toLowerCase());
  return {
    index: earlier.length,
    name: from.getBuildStage()?.toLowerCase() ?? undefined,
    base,
    fromRange: from.getRange(),
    parent,
    processInstructions: [],
    shells: [],
  };
}

function processInstruction(keyword: 'CMD' | 'ENTRYPOINT', instruction: Instruction): ProcessInstruction {
  const content = instruction.getArgumentsContent() ?? '';
  const argv = jsonStringArray(content);
  return {
    keyword,
    instruction,
    range: instruction.getRange(),
    argumentsRange: instruction.getArgumentsRange() ?? instruction.getRange(),
    form: argv ? 'exec' : 'shell',
    argv,
    shellCommand: argv ? undefined : content,
  };
}

/** Docker's own test for exec form: the text parses as a JSON array whose items are all strings. */
export function jsonStringArray(text: string): string[] | undefined {
  if (!text.trim().startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}
