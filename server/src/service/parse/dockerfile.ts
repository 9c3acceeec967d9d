import type { DockerfileModel, DockerStage } from '../model/dockerfile';
import { resolveImagePath } from '../model/image-path';
import type { SourceText } from '../source';
import type { InstructionRecord } from './dockerfile-instructions';
import { readDockerfile, type PieceCache } from './dockerfile-pieces';

/** Each file's pieces, for its next version (see dockerfile-pieces.ts). */
const pieceCaches = new WeakMap<object, PieceCache>();

/** `previous`: the file's last parsed version, whose unchanged stages are reused. */
export function parseDockerfile(source: SourceText, previous?: object): DockerfileModel {
  const read = readDockerfile(source.text, previous && pieceCaches.get(previous));
  const stages: DockerStage[] = [];
  let stage: DockerStage | undefined;
  for (const record of read.records) {
    if (record.kind === 'from') {
      stage = startStage(record, stages);
      stages.push(stage);
      continue;
    }
    // Instructions before the first FROM (ARG) belong to no stage.
    if (stage) addToStage(stage, record);
  }
  const model: DockerfileModel = { language: 'dockerfile', source, stages, notices: [] };
  pieceCaches.set(model, read.cache);
  return model;
}

function startStage(from: Extract<InstructionRecord, { kind: 'from' }>, earlier: DockerStage[]): DockerStage {
  const parent = [...earlier].reverse().find((stage) => stage.name !== undefined && stage.name === from.base.toLowerCase());
  return {
    index: earlier.length,
    name: from.name,
    base: from.base,
    fromRange: from.range,
    parent,
    processInstructions: [],
    stopSignals: [],
    shells: [],
    runs: [],
    lastInstructionRange: from.range,
    copies: [],
    // WORKDIR carries over to a stage built FROM an earlier one.
    workdir: parent?.workdir,
    users: [],
  };
}

function addToStage(stage: DockerStage, record: InstructionRecord): void {
  stage.lastInstructionRange = record.range;
  switch (record.kind) {
    case 'process':
      stage.processInstructions.push(record.process);
      break;
    case 'stopsignal':
      stage.stopSignal = { value: record.value, range: record.argumentsRange };
      stage.stopSignals.push(stage.stopSignal);
      break;
    case 'shell':
      stage.shells.push({ argv: record.argv, range: record.range, line: record.range.start.line });
      break;
    case 'copy':
      stage.copies.push({ ...record.copy, workdir: stage.workdir });
      break;
    case 'workdir':
      stage.workdir = workdirAfter(stage.workdir, record.value);
      break;
    case 'user':
      stage.users.push({ name: record.name, range: record.range });
      break;
    case 'run':
      stage.runs.push(record.run);
      break;
  }
}

/** The WORKDIR after a `WORKDIR value`: relative values build on the previous one; a variable makes it unknown. */
function workdirAfter(current: string | undefined, value: string): string | undefined {
  if (!value || value.includes('$')) return undefined;
  if (value.startsWith('/')) return resolveImagePath('/', value);
  return current === undefined ? undefined : resolveImagePath(current, value);
}
