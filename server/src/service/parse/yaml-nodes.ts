import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

/**
 * Read-only accessors over `yaml` nodes. They follow an alias one step (to the anchored node)
 * and never expand nested aliases, so an alias bomb costs nothing here.
 */
export interface NodeContext {
  document: Document.Parsed;
}

export function deref(ctx: NodeContext, node: unknown): Node | undefined {
  if (isAlias(node)) {
    const target = node.resolve(ctx.document);
    return target && !isAlias(target) ? (target as Node) : undefined;
  }
  return (node ?? undefined) as Node | undefined;
}

export function pairOf(map: YAMLMap, key: string): Pair<Scalar, unknown> | undefined {
  for (const item of map.items) {
    if (isPair(item) && isScalar(item.key) && String(item.key.value) === key) return item as Pair<Scalar, unknown>;
  }
  return undefined;
}

export function mapGet(ctx: NodeContext, map: YAMLMap | undefined, key: string): Node | undefined {
  return map ? deref(ctx, pairOf(map, key)?.value) : undefined;
}

export function asMap(ctx: NodeContext, node: unknown): YAMLMap | undefined {
  const resolved = deref(ctx, node);
  return isMap(resolved) ? resolved : undefined;
}

export function asSeq(ctx: NodeContext, node: unknown): YAMLSeq | undefined {
  const resolved = deref(ctx, node);
  return isSeq(resolved) ? resolved : undefined;
}

export function mapAt(ctx: NodeContext, map: YAMLMap | undefined, ...path: string[]): YAMLMap | undefined {
  let current = map;
  for (const key of path) current = asMap(ctx, mapGet(ctx, current, key));
  return current;
}

export function scalarString(ctx: NodeContext, node: unknown): string | undefined {
  const resolved = deref(ctx, node);
  if (!isScalar(resolved) || resolved.value === null || typeof resolved.value === 'object') return undefined;
  return String(resolved.value);
}

/** An integer written as a YAML number or a quoted number, as the Kubernetes API accepts int64 fields. */
export function scalarInteger(ctx: NodeContext, node: unknown): number | undefined {
  const resolved = deref(ctx, node);
  if (!isScalar(resolved)) return undefined;
  const value = typeof resolved.value === 'string' && /^-?\d+$/.test(resolved.value.trim()) ? Number(resolved.value) : resolved.value;
  return typeof value === 'number' && Number.isInteger(value) ? value : undefined;
}

export function stringMap(ctx: NodeContext, node: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  const map = asMap(ctx, node);
  for (const item of map?.items ?? []) {
    const key = scalarString(ctx, item.key);
    const value = scalarString(ctx, item.value);
    if (key !== undefined && value !== undefined) result[key] = value;
  }
  return result;
}

/** A sequence of scalars as strings; undefined when any item is not a scalar (a template, a typo). */
export function stringList(ctx: NodeContext, node: unknown): string[] | undefined {
  const seq = asSeq(ctx, node);
  if (!seq) return undefined;
  const values: string[] = [];
  for (const item of seq.items) {
    const value = scalarString(ctx, item);
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

/** Offsets [start, end) of a node's value, without trailing comments and blank lines. */
export function nodeSpan(node: Node): [number, number] {
  const [start, valueEnd] = node.range ?? [0, 0];
  return [start, valueEnd];
}
