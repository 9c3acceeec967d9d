import type { SourceText } from '../source';
import type { Notice, Range } from '../types';

/** A CMD or ENTRYPOINT instruction, read the way Docker reads it. */
export interface ProcessInstruction {
  keyword: 'CMD' | 'ENTRYPOINT';
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
  /** Every STOPSIGNAL with a value, in order (the last is `stopSignal`): the builder checks each one. */
  stopSignals: { value: string; range: Range }[];
  /** SHELL instructions in order, each with the argv it sets. */
  shells: { argv: string[]; range: Range; line: number }[];
  /** RUN instructions in order: what the build executes (packages it installs, files it writes). */
  runs: RunInstruction[];
  /** The stage's last instruction (its FROM when it has no other), after which fixes add one. */
  lastInstructionRange: Range;
  /** COPY and ADD instructions in order: which files of the build context land where in the image. */
  copies: CopyInstruction[];
  /**
   * The absolute WORKDIR at the end of the stage, following `FROM <stage>`; undefined when no stage
   * of the workspace sets one (the base image may) or it needs a variable.
   */
  workdir?: string;
  /** USER instructions in order: a fix that installs packages must run before a non-root user is set. */
  users: { name: string; range: Range }[];
}

/** A COPY or ADD instruction, read the way the builder reads it. */
export interface CopyInstruction {
  keyword: 'COPY' | 'ADD';
  range: Range;
  /** As written: paths in the build context (the Dockerfile's folder), or URLs for ADD. */
  sources: string[];
  /** As written; a relative destination is relative to `workdir`. */
  destination: string;
  /** `--from=<stage or image>`: the files come from there, not from the build context. */
  from?: string;
  /** `--chmod=755`. */
  chmod?: string;
  /** The content is a here-document written in the Dockerfile itself (`COPY <<EOF /start.sh`). */
  heredoc: boolean;
  /** The absolute WORKDIR in force; undefined when unknown (see DockerStage.workdir). */
  workdir?: string;
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
