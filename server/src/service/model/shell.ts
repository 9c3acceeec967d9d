import type { SourceText } from '../source';
import type { Notice, Range } from '../types';

/** A command whose words are all known before the shell runs it (no expansions, globs or escapes). */
export interface SimpleCommand {
  /** argv, with quotes removed. */
  words: string[];
  range: Range;
  /** Offset of the command's first word in the parsed text, where `exec` would go. */
  startOffset: number;
}

/** One statement at the top level of a script: what runs as PID 1's direct children or replaces it. */
export interface ShellStatement {
  /** The tree-sitter-bash node type: command, list, pipeline, if_statement, … */
  type: string;
  text: string;
  range: Range;
  /** Set when the statement is one plain command (possibly with redirections). */
  command?: SimpleCommand;
  /** Ends with `&`: runs in the background. */
  background: boolean;
}

export interface ShellFile {
  language: 'shell';
  source: SourceText;
  statements: ShellStatement[];
  /** The parser recovered from errors; rules should say less about such a file. */
  hasSyntaxErrors: boolean;
  notices: Notice[];
}
