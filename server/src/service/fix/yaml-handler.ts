import { isCollection, isScalar, type Node, type YAMLMap } from 'yaml';
import { nodeSpan, pairOf } from '../parse/yaml-nodes';
import type { SourceText } from '../source';
import type { TextEdit } from '../types';
import { columnAt } from './lines';
import { indentUnit } from './yaml';

/** A lifecycle handler to write: `sleep` with `[['seconds', '5']]`; values are YAML text. */
export interface HandlerText {
  key: string;
  entries: [string, string][];
}

export interface HandlerEdit {
  edit: TextEdit;
  /** False when the replaced handler held a comment, which the edit drops with it: offer such an edit, never apply it blindly. */
  keepsComments: boolean;
}

/**
 * Replaces one handler of a hook (`exec: …`, `tcpSocket: …`) by another, in the style the old one
 * was written in: a block map stays block (`sleep:` / `  seconds: 5`), a flow map stays flow
 * (`sleep: {seconds: 5}`). Everything outside the handler's key and value is kept.
 */
export function replaceHandler(source: SourceText, hook: YAMLMap, oldKey: string, handler: HandlerText): HandlerEdit | undefined {
  const pair = pairOf(hook, oldKey);
  const value = pair?.value as Node | null | undefined;
  if (!pair || !isScalar(pair.key) || !pair.key.range || !value?.range) return undefined;
  const start = pair.key.range[0];
  const end = nodeSpan(value)[1];
  const replaced = source.text.slice(start, end);
  const fields = handler.entries.map(([key, text]) => `${key}: ${text}`);
  let newText: string;
  if (hook.flow || (isCollection(value) && value.flow)) {
    newText = `${handler.key}: {${fields.join(', ')}}`;
  } else {
    const column = columnAt(source, start);
    const indent = ' '.repeat(column + indentUnit(source));
    newText = [`${handler.key}:`, ...fields.map((field) => indent + field)].join(source.eol);
    // A block value's span runs to the end of its last line, line break included.
    if (/\r?\n$/.test(replaced)) newText += source.eol;
  }
  return { edit: { range: source.rangeOf(start, end), newText }, keepsComments: !/(^|\s)#/.test(replaced) };
}
