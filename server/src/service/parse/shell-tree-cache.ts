import type { Tree } from 'web-tree-sitter';

/**
 * Parsed scripts by their text, least recently used first, holding at most `maxChars` characters of
 * text in all (a tree's size follows its text's). A text longer than half the bound is not kept.
 */
export class TreeCache {
  private readonly trees = new Map<string, Tree>();
  private chars = 0;
  /** Trees over the bound or let go, to delete once no one reads them. */
  private readonly released: Tree[] = [];

  constructor(private readonly maxChars: number) {}

  get(text: string): Tree | undefined {
    return this.trees.get(text);
  }

  /** Marks `tree`, the tree of `text`, as just used: kept, or released when too large to keep. */
  use(text: string, tree: Tree): void {
    if (this.trees.get(text) === tree) {
      // Map order is insertion order: re-inserting makes it the most recently used.
      this.trees.delete(text);
      this.trees.set(text, tree);
      return;
    }
    if (text.length > this.maxChars / 2) {
      this.released.push(tree);
      return;
    }
    this.trees.set(text, tree);
    this.chars += text.length;
    for (const [oldText, oldTree] of this.trees) {
      if (this.chars <= this.maxChars) break;
      this.trees.delete(oldText);
      this.chars -= oldText.length;
      this.released.push(oldTree);
    }
  }

  /** Deletes the released trees: call only when no node of any tree is in use. */
  evict(): void {
    for (const tree of this.released.splice(0)) tree.delete();
  }
}
