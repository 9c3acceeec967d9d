import type { Node as SyntaxNode } from 'web-tree-sitter';
import { isBackground, literalWord, topLevelStatements } from './shell';

/**
 * The commands of a script in the order the shell runs them, with `&&`, `||` and `;` lists
 * flattened: what a rule needs to ask "what runs after `nginx -s quit`?" or "what runs last?".
 */
export interface ScriptStep {
  /** The tree-sitter-bash type of the step: command, redirected_statement, pipeline, while_statement, … */
  type: string;
  /** The command's name when the step is a command (possibly redirected) with a literal name: "nginx", "/bin/kill". */
  name?: string;
  /** The command's arguments: the literal text, or undefined for a word the shell expands (`$PID`, `$(cat …)`). */
  args: (string | undefined)[];
  /** The arguments as written in the script, quotes and expansions included: for edits that repeat them. */
  argTexts: string[];
  /** Runs only when an earlier command of its list failed (`a || b`): it may not run at all. */
  conditional: boolean;
  /** Ends with `&`: the shell goes on at once. */
  background: boolean;
  /** Offsets [start, end) of the step in the script, where an edit goes. */
  start: number;
  end: number;
}

export function scriptSteps(root: SyntaxNode): ScriptStep[] {
  const steps: ScriptStep[] = [];
  const visit = (node: SyntaxNode, conditional: boolean, background: boolean) => {
    if (node.type === 'list') {
      const parts = node.namedChildren.filter((child): child is SyntaxNode => child !== null);
      const operator = node.children.find((child) => child?.type === '&&' || child?.type === '||')?.type;
      visit(parts[0], conditional, background);
      // The right side of `||` runs only when the left side failed.
      for (const part of parts.slice(1)) visit(part, conditional || operator === '||', background);
      return;
    }
    steps.push({ ...commandOf(node), type: node.type, conditional, background, start: node.startIndex, end: node.endIndex });
  };
  for (const statement of topLevelStatements(root)) visit(statement, false, isBackground(statement));
  return steps;
}

function commandOf(node: SyntaxNode): { name?: string; args: (string | undefined)[]; argTexts: string[] } {
  const command = node.type === 'redirected_statement' ? node.childForFieldName('body') : node;
  if (command?.type !== 'command') return { args: [], argTexts: [] };
  const nameNode = command.childForFieldName('name')?.firstNamedChild;
  const name = nameNode ? literalWord(nameNode) : undefined;
  const argNodes = command.namedChildren
    .filter((child): child is SyntaxNode => child !== null && child.type !== 'command_name' && child.type !== 'variable_assignment'
      && !child.type.endsWith('redirect'));
  return { name, args: argNodes.map((child) => literalWord(child)), argTexts: argNodes.map((child) => child.text) };
}

/** The base name of a command: "/usr/sbin/nginx" → "nginx". */
export function programName(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1);
}
