import { Language, Parser, type Node as SyntaxNode } from 'web-tree-sitter';
import type { ShellFile, ShellStatement, SimpleCommand } from '../model/shell';
import type { SourceText } from '../source';
import { scriptProcess } from './shell-process';
import { TreeCache } from './shell-tree-cache';

/**
 * Shell scripts are parsed with tree-sitter-bash (as bash-language-server does), compiled to
 * WebAssembly so nothing native has to build on the user's machine. Loading the grammar is
 * asynchronous, so front ends call `initShellParser` once before analysing anything; where the
 * .wasm files are is theirs to say (beside a bundle, or in node_modules).
 */
let parser: Parser | undefined;
let loading: Promise<void> | undefined;

export interface ShellParserFiles {
  /** web-tree-sitter's runtime, tree-sitter.wasm. */
  runtimeWasm: string;
  /** The bash grammar, tree-sitter-bash.wasm. */
  grammarWasm: string;
}

export function initShellParser(files: ShellParserFiles): Promise<void> {
  loading ??= (async () => {
    await Parser.init({ locateFile: () => files.runtimeWasm });
    const bash = await Language.load(files.grammarWasm);
    const instance = new Parser();
    instance.setLanguage(bash);
    parser = instance;
  })();
  return loading;
}

/**
 * Parses (or finds the tree of the same text parsed earlier) and hands the root to `read`. Rules,
 * models and the shutdown timeline each read the same scripts, and a file is analysed again on
 * every edit, so trees are kept by text, up to a bound on their total length: trees live in
 * WebAssembly memory, not the JS heap, so an evicted tree is deleted explicitly. `read` must not
 * keep nodes: they belong to a tree that may be deleted once it returns.
 */
export function withShellTree<T>(text: string, read: (root: SyntaxNode) => T): T {
  if (!parser) throw new Error('the shell parser is not initialised: call initShellParser() first');
  const tree = trees.get(text) ?? parser.parse(text);
  if (!tree) throw new Error('tree-sitter returned no tree');
  trees.use(text, tree);
  reading++;
  try {
    return read(tree.rootNode);
  } finally {
    // A tree is deleted only when no reader is inside any tree: `read` may itself parse another script.
    if (--reading === 0) trees.evict();
  }
}

let reading = 0;
const trees = new TreeCache(1 << 20);

export function parseShell(source: SourceText): ShellFile {
  return withShellTree(source.text, (root) => ({
    language: 'shell',
    source,
    statements: topLevelStatements(root).map((node) => statement(source, node)),
    hasSyntaxErrors: root.hasError,
    notices: [],
    process: scriptProcess(source, root),
  }));
}

/** The statements of a program, without comments. */
export function topLevelStatements(root: SyntaxNode): SyntaxNode[] {
  return root.namedChildren.filter((child): child is SyntaxNode => child !== null && child.type !== 'comment');
}

function statement(source: SourceText, node: SyntaxNode): ShellStatement {
  return {
    type: node.type,
    text: node.text,
    range: source.rangeOf(node.startIndex, node.endIndex),
    command: simpleCommand(node, (start, end) => source.rangeOf(start, end)),
    background: isBackground(node),
  };
}

/** tree-sitter-bash keeps `&` as an anonymous token right after the statement it sends to the background. */
export function isBackground(node: SyntaxNode): boolean {
  return node.nextSibling?.type === '&';
}

/**
 * The named children of `node`, each with whether it runs in the background. Read from the list of
 * children: a node's `nextSibling` is found by walking down from the root, which for every command
 * of a long `a && b && …` (nested lists) makes a walk of the whole script quadratic.
 */
export function namedChildrenWithBackground(node: SyntaxNode): { node: SyntaxNode; background: boolean }[] {
  const children = node.children;
  const result: { node: SyntaxNode; background: boolean }[] = [];
  children.forEach((child, index) => {
    if (child?.isNamed) result.push({ node: child, background: children[index + 1]?.type === '&' });
  });
  return result;
}

/**
 * The argv of a plain command (optionally redirected), when every word is literal; undefined for
 * anything the shell would still have to expand, split or glob, and for assignments (`FOO=1 cmd`).
 */
export function commandWords(node: SyntaxNode): { words: string[]; command: SyntaxNode } | undefined {
  const command = node.type === 'redirected_statement' ? node.childForFieldName('body') : node;
  if (!command || command.type !== 'command') return undefined;
  const words: string[] = [];
  for (const child of command.namedChildren) {
    const word = child?.type === 'command_name' ? child.firstNamedChild && literalWord(child.firstNamedChild) : child && literalWord(child);
    if (typeof word !== 'string') return undefined;
    words.push(word);
  }
  return words.length > 0 ? { words, command } : undefined;
}

export function simpleCommand(
  node: SyntaxNode, rangeOf: (start: number, end: number) => SimpleCommand['range'],
): SimpleCommand | undefined {
  const found = commandWords(node);
  return found && { words: found.words, range: rangeOf(found.command.startIndex, found.command.endIndex), startOffset: found.command.startIndex };
}

/** Characters a bare word may hold and still mean exactly itself to every POSIX shell. */
const plainWord = /^[A-Za-z0-9_@%+=:,./-]+$/;

export function literalWord(node: SyntaxNode): string | undefined {
  switch (node.type) {
    case 'word':
    case 'number':
      return plainWord.test(node.text) ? node.text : undefined;
    case 'raw_string':
      return node.text.slice(1, -1);
    case 'string': {
      const parts = node.namedChildren;
      if (!parts.every((part) => part?.type === 'string_content')) return undefined;
      const inner = node.text.slice(1, -1);
      // Inside double quotes a backslash, `$` or backtick still means something.
      return /[\\$`]/.test(inner) ? undefined : inner;
    }
    case 'concatenation': {
      let text = '';
      for (const part of node.namedChildren) {
        const value = part && literalWord(part);
        if (value === undefined || value === null) return undefined;
        text += value;
      }
      return text;
    }
    default:
      return undefined;
  }
}
