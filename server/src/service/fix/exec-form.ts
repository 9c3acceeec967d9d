import type { DockerfileModel, ProcessInstruction } from '../model/dockerfile';
import type { TextEdit } from '../types';

/**
 * Rewrites a CMD or ENTRYPOINT in exec form: its arguments replaced by a JSON array, the keyword,
 * its flags and everything around it kept as written.
 */

/** An argv as a Dockerfile's exec form writes it: `["nginx", "-g", "daemon off;"]`. */
export function execFormText(argv: string[]): string {
  return `[${argv.map((word) => JSON.stringify(word)).join(', ')}]`;
}

/** Comment lines inside a continued instruction would be lost by rewriting its arguments: then no rewrite is offered. */
export function argumentsRewritable(model: DockerfileModel, instruction: ProcessInstruction): boolean {
  const { start, end } = instruction.argumentsRange;
  const text = model.source.text.slice(model.source.offsetAt(start), model.source.offsetAt(end));
  return !/\n[ \t]*#/.test(text);
}

export function execFormEdit(instruction: ProcessInstruction, argv: string[]): TextEdit {
  return { range: instruction.argumentsRange, newText: execFormText(argv) };
}
