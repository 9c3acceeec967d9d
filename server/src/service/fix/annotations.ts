import { isScalar, type Node, type Scalar, type YAMLMap } from 'yaml';
import type { KubernetesObject } from '../model/kubernetes';
import { asMap, mapGet, nodeSpan, pairOf } from '../parse/yaml-nodes';
import type { SourceText } from '../source';
import type { TextEdit } from '../types';
import { appendToMap, replaceScalar } from './yaml';

/**
 * Edits to `metadata.annotations` of an object: values replaced in place, missing keys appended
 * to the map (or an `annotations:` map appended to `metadata`). Annotation values are strings, so
 * new values are written double-quoted. Undefined when the file's shape leaves no clean edit
 * (flow maps, no `metadata`).
 */
export function setAnnotations(source: SourceText, object: KubernetesObject, values: [string, string][]): TextEdit[] | undefined {
  const ctx = { document: object.yaml.document };
  const metadata = asMap(ctx, mapGet(ctx, object.node, 'metadata'));
  if (!metadata) return undefined;
  const annotations = asMap(ctx, mapGet(ctx, metadata, 'annotations'));
  // `annotations:` with no map under it (empty, a flow `{}`): appending would write the key twice.
  if (!annotations && pairOf(metadata, 'annotations')) return undefined;
  const edits: TextEdit[] = [];
  const missing: string[] = [];
  for (const [key, value] of values) {
    const existing = annotations && pairOf(annotations, key)?.value;
    if (isScalar(existing)) edits.push(replaceScalar(source, existing as Node, JSON.stringify(value)));
    else if (existing === undefined || existing === null) missing.push(`${key}: ${JSON.stringify(value)}`);
    else return undefined;
  }
  if (missing.length > 0) {
    const insert = annotations ? appendToMap(source, annotations, missing) : appendToMap(source, metadata, ['annotations:', missing]);
    if (!insert) return undefined;
    edits.push(insert);
  }
  return edits;
}

/**
 * Sets one `key=value` of a comma-separated attribute list held in a string scalar
 * (`deregistration_delay.timeout_seconds=30,stickiness.enabled=true`), keeping the other
 * attributes, their order and the scalar's quoting. Undefined for a block or escaped scalar.
 */
export function setListAttribute(source: SourceText, node: Scalar, key: string, value: string): TextEdit | undefined {
  if (typeof node.value !== 'string') return undefined;
  const [start, end] = nodeSpan(node);
  const written = source.text.slice(start, end);
  const quote = node.type === 'QUOTE_DOUBLE' ? '"' : node.type === 'QUOTE_SINGLE' ? "'" : node.type === 'PLAIN' ? '' : undefined;
  if (quote === undefined || written !== `${quote}${node.value}${quote}` || written.includes('\\') || /[\r\n]/.test(written)) return undefined;
  const items = node.value.split(',');
  const index = items.findIndex((item) => item.split('=')[0].trim() === key);
  if (index >= 0) {
    const [name] = items[index].split('=');
    items[index] = `${name}=${value}`;
  } else {
    items.push(`${key}=${value}`);
  }
  const joined = items.filter((item, i) => item.trim() !== '' || i === index).join(',');
  return { range: source.rangeOf(start, end), newText: `${quote}${joined}${quote}` };
}

/** An annotation's value node, when the object has it as a plain string scalar. */
export function annotationNode(object: KubernetesObject, key: string): Scalar | undefined {
  const ctx = { document: object.yaml.document };
  const annotations: YAMLMap | undefined = asMap(ctx, mapGet(ctx, asMap(ctx, mapGet(ctx, object.node, 'metadata')), 'annotations'));
  const value = annotations && pairOf(annotations, key)?.value;
  return isScalar(value) ? value : undefined;
}
