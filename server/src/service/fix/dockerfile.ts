import type { DockerfileModel, DockerStage } from '../model/dockerfile';
import type { TextEdit } from '../types';
import { lineStart } from './lines';

/**
 * Edits to Dockerfile instructions that keep everything else as written: they replace one
 * instruction's arguments or insert one whole line, in the file's own line endings.
 */

/**
 * Sets the STOPSIGNAL of the image a stage builds: replaces the stage's own STOPSIGNAL value, or
 * inserts `STOPSIGNAL <signal>` before the stage's first CMD/ENTRYPOINT (at its indentation), or
 * after its last instruction when it has neither.
 */
export function setStopSignalEdit(model: DockerfileModel, stage: DockerStage, signal: string): TextEdit {
  const { source } = model;
  if (stage.stopSignal) return { range: stage.stopSignal.range, newText: signal };
  const process = stage.processInstructions[0];
  if (process) {
    const start = lineStart(source, process.range.start.line);
    const indent = source.lineText(start.line).slice(start.character, process.range.start.character);
    return { range: { start, end: start }, newText: `${indent}STOPSIGNAL ${signal}${source.eol}` };
  }
  const end = stage.lastInstructionRange.end;
  return { range: { start: end, end }, newText: `${source.eol}STOPSIGNAL ${signal}` };
}
