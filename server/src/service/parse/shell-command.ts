import type { Node as SyntaxNode } from 'web-tree-sitter';
import { commandWords, isBackground, literalWord, topLevelStatements, withShellTree } from './shell';

/**
 * What a command line given to `sh -c` (a shell-form CMD, a `command: [sh, -c, …]`) amounts to,
 * decided by parsing it, never by pattern-matching text.
 */
export type CommandShape =
  /** One command whose words are all literal: it can be written as an argv without a shell. */
  | { kind: 'simple'; words: string[] }
  /** The shell replaces itself with the (last) command: `exec server`, `setup && exec server`. */
  | { kind: 'exec' }
  | {
    kind: 'compound';
    /** "a list of commands", "a pipeline", …: for messages. */
    description: string;
    /** Where `exec ` can go so the last command replaces the shell; absent when no single place works. */
    execOffset?: number;
  };

export function commandShape(text: string): CommandShape {
  return withShellTree(text, (root) => {
    if (root.hasError) return { kind: 'compound', description: 'a command the shell parser could not read' };
    const statements = topLevelStatements(root);
    if (statements.length === 0) return { kind: 'compound', description: 'no command' };
    if (statements.length === 1) {
      // Only a bare command: a redirection (`server > log`) needs the shell to set it up.
      const words = statements[0].type === 'command' ? commandWords(statements[0])?.words : undefined;
      if (words) return words[0] === 'exec' ? { kind: 'exec' } : { kind: 'simple', words };
    }
    if (statements.some((statement, i) => i < statements.length - 1 && isBackground(statement))) {
      return { kind: 'compound', description: 'background jobs (`&`)' };
    }
    const last = lastCommand(statements[statements.length - 1]);
    const description = statements.length > 1 || statements[0].type === 'list' ? 'a list of commands'
      : statements[0].type === 'pipeline' ? 'a pipeline' : 'shell syntax (expansions, quoting or redirections)';
    if (last === 'exec') return { kind: 'exec' };
    return { kind: 'compound', description, execOffset: last?.startIndex };
  });
}

/** The command that runs last at the top of a statement, 'exec' when it already execs, undefined when there is none. */
function lastCommand(node: SyntaxNode): SyntaxNode | 'exec' | undefined {
  if (isBackground(node)) return undefined;
  if (node.type === 'list') {
    const parts = node.namedChildren.filter((child): child is SyntaxNode => child !== null);
    return lastCommand(parts[parts.length - 1]);
  }
  const command = node.type === 'redirected_statement' ? node.childForFieldName('body') : node;
  if (!command || command.type !== 'command') return undefined;
  // `FOO=1 cmd` cannot become `exec FOO=1 cmd`; leave it to the author.
  if (command.namedChildren.some((child) => child?.type === 'variable_assignment')) return undefined;
  const name = command.childForFieldName('name')?.firstNamedChild;
  if (name && literalWord(name) === 'exec') return 'exec';
  return node;
}
