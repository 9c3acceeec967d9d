import type { Instruction } from 'dockerfile-ast';
import type { SourceText } from '../source';
import type { Notice, Range } from '../types';

/** A CMD or ENTRYPOINT instruction, read the way Docker reads it. */
export interface ProcessInstruction {
  keyword: 'CMD' | 'ENTRYPOINT';
  instruction: Instruction;
  range: Range;
  /** Range of everything after the keyword. */
  argumentsRange: Range;
  /**
   * Docker takes the arguments as exec form only when they parse as a JSON array of strings;
   * anything else (single quotes, a trailing comma) is silently shell form (FACTS §8).
   */
  form: 'exec' | 'shell';
  /** Exec form: the argv. */
  argv?: string[];
  /** Shell form: the command line given to the shell, with line continuations joined. */
  shellCommand?: string;
}

export interface DockerStage {
  index: number;
  /** `AS name`, lower-cased as Docker compares it. */
  name?: string;
  /** The image or stage named by FROM, as written. */
  base: string;
  fromRange: Range;
  /** The earlier stage this one is built FROM, when FROM names a stage. */
  parent?: DockerStage;
  /** CMD and ENTRYPOINT instructions in order; Docker keeps the last of each. */
  processInstructions: ProcessInstruction[];
  stopSignal?: { value: string; range: Range };
  /** SHELL instructions in order, each with the argv it sets. */
  shells: { argv: string[]; range: Range; line: number }[];
  /** RUN instructions in order: what the build executes (packages it installs, files it writes). */
  runs: RunInstruction[];
  /** The stage's last instruction (its FROM when it has no other), after which fixes add one. */
  lastInstructionRange: Range;
}

/** A RUN instruction: an argv (exec form) or a script for the shell (shell form, or a heredoc's body). */
export interface RunInstruction {
  range: Range;
  argv?: string[];
  /** Shell form with line continuations joined and comment lines dropped, as Docker runs it. */
  script?: string;
}

export interface DockerfileModel {
  language: 'dockerfile';
  source: SourceText;
  stages: DockerStage[];
  notices: Notice[];
}
