import { isMap, isScalar, isSeq, parseAllDocuments, type Node } from 'yaml';
import { baseName } from '../detect';
import { canonicalKey, profileOfFileName, type SpringConfigFile, type SpringProperty } from '../model/spring';
import type { SourceText } from '../source';
import { parseProperties } from './properties';
import { deref, nodeSpan, scalarString, type NodeContext } from './yaml-nodes';

/** The keys that make a document apply to a profile only: the current one and the one before Boot 2.4. */
const profileKeys = [canonicalKey('spring.config.activate.on-profile'), canonicalKey('spring.profiles')];

/** Reads `application*.properties` and `application*.yml|yaml` into the flat properties Spring binds. */
export function parseSpringConfig(source: SourceText): SpringConfigFile {
  const fileProfile = profileOfFileName(baseName(source.uri));
  const yaml = /\.ya?ml$/i.test(source.uri);
  const file: SpringConfigFile = { language: 'spring', source, format: yaml ? 'yaml' : 'properties', properties: [], notices: [] };
  const documents = yaml ? yamlDocuments(source, file) : propertiesDocuments(source);
  for (const properties of documents) {
    const documentProfile = properties.find((property) => profileKeys.includes(canonicalKey(property.key)))?.value;
    const profile = fileProfile ?? documentProfile;
    for (const property of properties) file.properties.push(profile === undefined ? property : { ...property, profile });
  }
  return file;
}

function propertiesDocuments(source: SourceText): SpringProperty[][] {
  const documents: SpringProperty[][] = [];
  for (const entry of parseProperties(source.text)) {
    (documents[entry.document] ??= []).push({
      key: entry.key,
      value: entry.value,
      keyRange: source.rangeOf(entry.keyStart, entry.keyEnd),
      valueRange: source.rangeOf(entry.valueStart, entry.valueEnd),
    });
  }
  return documents.filter((document) => document !== undefined);
}

function yamlDocuments(source: SourceText, file: SpringConfigFile): SpringProperty[][] {
  const documents: SpringProperty[][] = [];
  parseAllDocuments(source.text, { uniqueKeys: false }).forEach((document, index) => {
    if (document.errors.length > 0) {
      const error = document.errors[0];
      file.notices.push({
        uri: source.uri,
        range: source.rangeOf(error.pos[0], Math.max(error.pos[0], error.pos[1])),
        message: `YAML document ${index + 1} was not analysed: ${error.message.split('\n')[0]}`,
      });
      return;
    }
    const properties: SpringProperty[] = [];
    flatten({ document, nodesLeft: MAX_FLATTENED_NODES, expanding: new Set() }, source, document.contents, '', properties);
    documents.push(properties);
    (file.yamlDocuments ??= []).push(document);
  });
  return documents;
}

/**
 * Aliases are expanded as Spring does, within a budget: an alias bomb (each level repeating the
 * one before nine times) would otherwise flatten into billions of properties, and an alias to its
 * own ancestor forever. Real configurations stay far below it.
 */
const MAX_FLATTENED_NODES = 10_000;

interface FlattenContext extends NodeContext {
  nodesLeft: number;
  /** The collections being flattened, from the root down: an alias back to one of them is a cycle. */
  expanding: Set<Node>;
}

/** Joins nested keys with dots, as Spring flattens YAML (`spring: {lifecycle: {…}}` → `spring.lifecycle.…`). */
function flatten(ctx: FlattenContext, source: SourceText, node: unknown, prefix: string, out: SpringProperty[]): void {
  const value = deref(ctx, node);
  if (!value || ctx.expanding.has(value) || --ctx.nodesLeft < 0) return;
  ctx.expanding.add(value);
  flattenCollection(ctx, source, value, prefix, out);
  ctx.expanding.delete(value);
}

function flattenCollection(ctx: FlattenContext, source: SourceText, value: Node, prefix: string, out: SpringProperty[]): void {
  if (isMap(value)) {
    for (const pair of value.items) {
      const key = scalarString(ctx, pair.key);
      if (key === undefined || !isScalar(pair.key)) continue;
      const child = deref(ctx, pair.value);
      const path = prefix === '' ? key : `${prefix}.${key}`;
      if (isMap(child) || isSeq(child)) {
        flatten(ctx, source, child, path, out);
      } else if (isScalar(child)) {
        const text = scalarString(ctx, child);
        if (text !== undefined) out.push(property(source, path, text, pair.key, child));
      }
    }
  } else if (isSeq(value)) {
    value.items.forEach((item, index) => {
      const path = `${prefix}[${index}]`;
      const child = deref(ctx, item);
      const text = isScalar(child) ? scalarString(ctx, child) : undefined;
      if (isScalar(child) && text !== undefined) out.push(property(source, path, text, child, child));
      else flatten(ctx, source, child, path, out);
    });
  }
}

function property(source: SourceText, key: string, value: string, keyNode: Node, valueNode: Node): SpringProperty {
  const [keyStart, keyEnd] = nodeSpan(keyNode);
  const [valueStart, valueEnd] = nodeSpan(valueNode);
  return { key, value, keyRange: source.rangeOf(keyStart, keyEnd), valueRange: source.rangeOf(valueStart, valueEnd) };
}
