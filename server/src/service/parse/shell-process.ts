import type { Node as SyntaxNode } from 'web-tree-sitter';
import { canonicalSignal } from '../knowledge/signals';
import { stopRequest } from '../knowledge/stop-commands';
import type { BackgroundJob, FlowPlace, ScriptCommand, ScriptEnding, ScriptLoop, ScriptProcess, ShellTrap } from '../model/shell';
import type { SourceText } from '../source';
import { literalWord, namedChildrenWithBackground, topLevelStatements, withShellTree } from './shell';

/**
 * What a script does with processes and signals, read from its tree-sitter-bash tree: the commands
 * it runs and where in its course, the jobs it starts with `&`, its traps, loops and `.` includes.
 * Only structure: what a keep-alive or a correct trap is, the model decides (model/script-process.ts).
 */

/** Code inside these runs in another process or not at all here: its jobs and traps are not the script's. */
const otherProcess = new Set(['command_substitution', 'process_substitution', 'subshell', 'heredoc_body', 'function_definition']);
/** Containers whose statements still run directly in the script's own course. */
const transparent = new Set(['list']);
/** tree-sitter-bash parses `until` as a while_statement whose first token is `until`. */
function loopKind(node: SyntaxNode): ScriptLoop['kind'] | undefined {
  if (node.type === 'while_statement') return node.child(0)?.type === 'until' ? 'until' : 'while';
  return node.type === 'for_statement' || node.type === 'c_style_for_statement' ? 'for' : undefined;
}

function named(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((child): child is SyntaxNode => child !== null);
}

/** The literal text of a word the shell would not change, quotes removed; for `"kill $pid"` the inner text, expansions kept. */
function wordText(node: SyntaxNode): string {
  const literal = literalWord(node);
  if (literal !== undefined) return literal;
  return node.type === 'string' || node.type === 'raw_string' ? node.text.slice(1, -1) : node.text;
}

interface Walk {
  source: SourceText;
  functions: Map<string, SyntaxNode>;
  result: ScriptProcess;
  /** Functions whose bodies have been walked (at their first call). */
  walked: Set<string>;
}

export function scriptProcess(source: SourceText, root: SyntaxNode): ScriptProcess {
  const functions = new Map<string, SyntaxNode>();
  for (const definition of root.descendantsOfType('function_definition')) {
    const name = definition?.childForFieldName('name')?.text;
    if (definition && name && !functions.has(name)) functions.set(name, definition);
  }
  const result: ScriptProcess = {
    commands: [], jobs: [], traps: [], loops: [], sourced: [],
    indentUnit: indentUnit(source.text),
    // Every name the script assigns, in any function: added code must not reuse one.
    names: [...new Set([...functions.keys(), ...root.descendantsOfType('variable_name').map((name) => name?.text ?? '').filter(Boolean)])],
  };
  const walk: Walk = { source, functions, result, walked: new Set() };
  for (const { node, background } of namedChildrenWithBackground(root)) visit(walk, node, background, { flowOffset: node.startIndex, inLoop: false, topLevel: true });
  // Function bodies run where they are called: walk each called function once, at its first call (calls in bodies found on
  // the way). A function started with `&` runs in a subshell: its jobs and traps are not the script's.
  for (let index = 0; index < result.commands.length; index++) {
    const call = result.commands[index];
    const body = call.name !== undefined && !call.background && !walk.walked.has(call.name) ? functions.get(call.name)?.childForFieldName('body') : undefined;
    if (!body || !call.name) continue;
    walk.walked.add(call.name);
    for (const { node, background } of namedChildrenWithBackground(body)) {
      visit(walk, node, background, { flowOffset: call.flowOffset, inLoop: call.inLoop, topLevel: false, inFunction: call.name });
    }
  }
  for (const trap of result.traps) Object.assign(trap, trapEffects(walk, trap.action));
  result.ending = ending(walk, topLevelStatements(root));
  return result;
}

/** `background`: the node is followed by `&` (see namedChildrenWithBackground). */
function visit(walk: Walk, node: SyntaxNode, background: boolean, place: FlowPlace, loop?: number): void {
  if (node.type === 'comment' || otherProcess.has(node.type)) return;
  const command = commandOf(walk, node, place, loop, background);
  if (background) walk.result.jobs.push(job(walk, node, place, command));
  if (command) {
    walk.result.commands.push(command);
    record(walk, node, command);
    return;
  }
  const kind = loopKind(node);
  if (kind) {
    const condition = node.childForFieldName('condition');
    const pollsProcesses = condition?.descendantsOfType('command').some((command) => command?.childForFieldName('name')?.text === 'kill'
      && command.namedChildren[1]?.text === '-0') ?? false;
    const index = walk.result.loops.push({ ...place, kind, infinite: infiniteLoop(node, kind), pollsProcesses, text: node.text, start: node.startIndex, end: node.endIndex, range: walk.source.rangeOf(node.startIndex, node.endIndex) }) - 1;
    for (const child of namedChildrenWithBackground(node)) visit(walk, child.node, child.background, { ...place, inLoop: true, topLevel: false }, index);
    return;
  }
  const inner = transparent.has(node.type) ? place : { ...place, topLevel: false };
  for (const child of namedChildrenWithBackground(node)) visit(walk, child.node, child.background, inner, loop);
}

/** A command statement (possibly redirected, possibly `exec cmd`), or undefined for anything else. */
function commandOf(walk: Walk, node: SyntaxNode, place: FlowPlace, loop: number | undefined, background: boolean): ScriptCommand | undefined {
  const body = node.type === 'redirected_statement' ? node.childForFieldName('body') : node;
  if (body?.type !== 'command') return undefined;
  const parts = named(body).filter((child) => !child.type.endsWith('redirect') && child.type !== 'herestring_redirect');
  const assignments = parts.some((child) => child.type === 'variable_assignment');
  let words = parts.filter((child) => child.type !== 'variable_assignment');
  const nameNode = (word: SyntaxNode | undefined) => (word?.type === 'command_name' ? word.firstNamedChild ?? word : word);
  const execs = words.length > 0 && literalWord(nameNode(words[0])!) === 'exec';
  // `exec -a name cmd` and `exec -c`, `-l` (bash): the options are exec's, not the program's.
  if (execs) {
    words = words.slice(1);
    while (words.length > 0 && /^-[acl]+$/.test(words[0].text)) words = words.slice(words[0].text.includes('a') ? 2 : 1);
  }
  const program = nameNode(words[0]);
  const args = words.slice(1);
  return {
    ...place,
    name: program ? literalWord(program) : undefined,
    nameText: program?.text ?? '',
    args: args.map((arg) => literalWord(arg)),
    argTexts: args.map((arg) => arg.text),
    assignments,
    execs,
    background,
    loop,
    start: node.startIndex,
    end: node.endIndex,
    range: walk.source.rangeOf(node.startIndex, node.endIndex),
    nameStart: (words[0] ?? body).startIndex,
  };
}

/** What a command adds besides itself: a trap, a file it sources. */
function record(walk: Walk, node: SyntaxNode, command: ScriptCommand): void {
  if (command.execs) return;
  if (command.name === 'trap') {
    const trap = trapOf(node, command);
    if (trap) walk.result.traps.push(trap);
  } else if ((command.name === '.' || command.name === 'source') && command.args[0]) {
    walk.result.sourced.push({ path: command.args[0], range: command.range });
  }
}

function trapOf(node: SyntaxNode, command: ScriptCommand): ShellTrap | undefined {
  const body = node.type === 'redirected_statement' ? node.childForFieldName('body')! : node;
  const operands = named(body).filter((child) => child.type !== 'command_name' && !child.type.endsWith('redirect'));
  if (operands.length === 0 || /^-[lp]$/.test(operands[0].text)) return undefined;
  const first = wordText(operands[0]);
  // `trap - TERM` and `trap 15` reset; `trap '' TERM` ignores. An action that is not literal stays unknown.
  const resets = first === '-' || /^\d+$/.test(first) || operands.length === 1;
  const conditions = resets && first !== '-' ? operands : operands.slice(1);
  // `trap "kill $pid" TERM` is read with its expansions; `trap "$HANDLER" TERM` is not known.
  const literalAction = operands[0].type === 'raw_string' || literalWord(operands[0]) !== undefined
    || (operands[0].type === 'string' && (operands[0].namedChildCount === 0 || named(operands[0]).some((part) => part.type === 'string_content')));
  const signals = conditions.map((condition) => {
    const word = wordText(condition);
    if (word === '0' || word.toUpperCase() === 'EXIT') return 'EXIT';
    return canonicalSignal(word) ?? word;
  });
  const last = conditions[conditions.length - 1];
  return {
    flowOffset: command.flowOffset, inLoop: command.inLoop, topLevel: command.topLevel, inFunction: command.inFunction,
    start: command.start, end: command.end, range: command.range,
    action: resets ? '-' : literalAction ? first : undefined,
    signals,
    signalsEnd: last ? last.endIndex : command.end,
    kills: false,
    waits: false,
    exits: false,
  };
}

/** Whether a trap action stops processes, waits for them and exits, reading the functions it calls. */
function trapEffects(walk: Walk, action: string | undefined): Pick<ShellTrap, 'kills' | 'waits' | 'exits'> {
  if (!action || action === '-') return { kills: false, waits: false, exits: false };
  const effects = { kills: false, waits: false, exits: false };
  const seen = new Set<string>();
  const scan = (commands: SyntaxNode[]) => {
    for (const node of commands) {
      const nameNode = node.childForFieldName('name')?.firstNamedChild;
      const name = nameNode ? literalWord(nameNode) : undefined;
      if (!name) continue;
      const args = named(node).filter((child) => child.type !== 'command_name' && !child.type.endsWith('redirect'));
      const words = args.map((arg) => literalWord(arg));
      if (name === 'wait' || (name === 'kill' && words[0] === '-0')) effects.waits = true;
      else if (name === 'exit') effects.exits = true;
      else if (['kill', 'pkill', 'killall'].includes(name) || stopRequest(name, words, args.map((arg) => arg.text))) effects.kills = true;
      const definition = walk.functions.get(name);
      if (definition && !seen.has(name)) {
        seen.add(name);
        scan(definition.descendantsOfType('command').filter((child): child is SyntaxNode => child !== null));
      }
    }
  };
  withShellTree(action, (root) => scan(root.descendantsOfType('command').filter((child): child is SyntaxNode => child !== null)));
  return effects;
}

function job(walk: Walk, node: SyntaxNode, place: FlowPlace, command: ScriptCommand | undefined): BackgroundJob {
  const { source } = walk;
  const ampersand = node.nextSibling!;
  const next = ampersand.nextNamedSibling;
  const capture = next?.type === 'variable_assignment' && next.text.includes('$!') ? next : undefined;
  const lineOf = (offset: number) => source.positionAt(offset).line;
  const sameLine = capture && lineOf(capture.startIndex) === lineOf(ampersand.endIndex) ? capture : undefined;
  const after = sameLine ? sameLine.endIndex : ampersand.endIndex;
  const line = lineOf(after);
  const lineEnd = source.offsetAt({ line, character: source.lineText(line).length });
  return {
    ...place,
    command,
    text: node.text,
    start: node.startIndex,
    end: node.endIndex,
    range: source.rangeOf(node.startIndex, node.endIndex),
    pidVariable: capture?.childForFieldName('name')?.text,
    endsLine: /^[ \t]*(#.*)?$/.test(source.text.slice(after, lineEnd)),
  };
}

/** `while true`, `while :`, `until false`, `while [ 1 ]`: nothing but the body can end it. */
function infiniteLoop(node: SyntaxNode, kind: ScriptLoop['kind']): boolean {
  const condition = node.childForFieldName('condition');
  if (!condition || kind === 'for') return false;
  const text = condition.text.replace(/;\s*$/, '').trim();
  return (kind === 'while' ? /^(true|:|\/bin\/true|\[ 1 \]|\[\[ 1 \]\])$/ : /^(false|\/bin\/false)$/).test(text);
}

/** The command the script ends with: its last statement, through a trailing `&&`/`||` list and into a function it calls. */
function ending(walk: Walk, statements: SyntaxNode[]): ScriptEnding | undefined {
  let last: SyntaxNode | undefined = statements[statements.length - 1];
  let inList = false;
  const followed = new Set<string>();
  while (last) {
    if (last.type === 'list') {
      inList = true;
      last = named(last).pop();
      continue;
    }
    const node: SyntaxNode = last;
    const command = walk.result.commands.find((candidate) => candidate.start === node.startIndex && candidate.end === node.endIndex);
    if (!command) return undefined;
    const definition = command.name !== undefined && !command.execs && !command.background ? walk.functions.get(command.name) : undefined;
    if (!definition || followed.has(command.name!)) return { command, inList };
    followed.add(command.name!);
    const body = definition.childForFieldName('body');
    last = body ? named(body).filter((child) => child.type !== 'comment').pop() : undefined;
  }
  return undefined;
}

/** A tab when the script indents with tabs, else its smallest indentation in spaces; two spaces when it never indents. */
function indentUnit(text: string): string {
  const indents = text.split(/\r?\n/).map((line) => /^([ \t]+)\S/.exec(line)?.[1]).filter((indent): indent is string => indent !== undefined);
  if (indents.some((indent) => indent.startsWith('\t'))) return '\t';
  const widths = indents.map((indent) => indent.length);
  return ' '.repeat(widths.length > 0 ? Math.min(...widths) : 2);
}
