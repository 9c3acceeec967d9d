import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { ShellFlavour } from '../knowledge/base-images';
import { isBackground } from '../parse/shell';

/**
 * Whether `sh -c script` replaces itself with `last`, the command the script runs last (FACTS §8):
 * bash does for a single simple command (ONESHOT), BusyBox ash for a single or last simple command;
 * neither once a trap is set or the command is more than a plain command (redirected, a pipeline);
 * Debian's dash never does. `statements` are the script's top-level statements.
 */
export function shellExecsLast(root: SyntaxNode, statements: SyntaxNode[], last: SyntaxNode, flavour: ShellFlavour | undefined): boolean {
  const single = statements.length === 1 && last === statements[0];
  // Walking every command of a long script is slow: a script without the word has no trap.
  const traps = root.text.includes('trap') && root.descendantsOfType('command').some((command) => command?.childForFieldName('name')?.text === 'trap');
  const plain = last.type === 'command' && !traps;
  return plain && ((flavour === 'bash' && single) || flavour === 'ash');
}

/** The command a script's top-level statements end with, inside a list (`a && b` → `b`); undefined when the last statement runs in the background. */
export function lastCommandNode(statements: SyntaxNode[]): SyntaxNode | undefined {
  let last = statements[statements.length - 1];
  if (!last || isBackground(last)) return undefined;
  while (last.type === 'list') last = last.namedChildren[last.namedChildren.length - 1] ?? last;
  return last;
}
