import type { Scalar, YAMLSeq } from 'yaml';
import { nodeSpan } from '../parse/yaml-nodes';
import type { SourceText } from '../source';
import type { TextEdit } from '../types';

/**
 * Replaces one scalar item of a sequence by several items, each given as YAML text: in a flow
 * sequence `"a", "b"` in its place, in a block sequence one `- ` line per item at the column of the
 * item's dash. Undefined when the item does not sit on its own `- ` line.
 */
export function replaceSeqItem(source: SourceText, seq: YAMLSeq, item: Scalar, texts: string[]): TextEdit | undefined {
  const [start, end] = nodeSpan(item);
  const range = source.rangeOf(start, end);
  if (seq.flow) return { range, newText: texts.join(', ') };
  const lead = /^(\s*)-\s+$/.exec(source.lineText(range.start.line).slice(0, range.start.character));
  if (!lead || range.start.line !== range.end.line) return undefined;
  return { range, newText: texts.join(`${source.eol}${lead[1]}- `) };
}
