import { isMap, isScalar, type Document, type YAMLMap } from 'yaml';
import { canonicalKey, type SpringConfigFile, type SpringProperty } from '../model/spring';
import { nodeSpan, pairOf } from '../parse/yaml-nodes';
import type { TextEdit } from '../types';
import { insertLinesAfter, insertLinesBefore } from './lines';
import { appendToMap } from './yaml';

/**
 * Edits to Spring Boot configuration files in the file's own style: YAML keys nested or dotted as
 * the file writes them, `.properties` lines with the file's own separator, next to their siblings.
 */

/** Replaces a property's value, keeping the quotes it was written in. */
export function replaceSpringValue(file: SpringConfigFile, property: SpringProperty, text: string): TextEdit {
  const { source } = file;
  const written = source.text.slice(source.offsetAt(property.valueRange.start), source.offsetAt(property.valueRange.end));
  const quote = file.format === 'yaml' && /^["']/.test(written) ? written[0] : '';
  return { range: property.valueRange, newText: `${quote}${text}${quote}` };
}

/** Properties that always apply, up to the first document that activates on something (a profile, a cloud platform). */
function leadingUnconditional(file: SpringConfigFile): SpringProperty[] {
  const result: SpringProperty[] = [];
  for (const property of file.properties) {
    if (property.profile !== undefined || canonicalKey(property.key).startsWith('spring.config.activate.')) break;
    result.push(property);
  }
  return result;
}

/**
 * Adds `key` (dotted, e.g. `server.shutdown`) with `value` where it applies whatever the profile:
 * in YAML into the existing map of its parent (`server:`), else as a dotted or nested key in the
 * style of the file's top level; in `.properties` after the last key of the same parent (else after
 * the last key of the first document). Undefined when no such place can be written without
 * rewriting (a flow map, a file whose first document is profile-specific).
 */
export function addSpringProperty(file: SpringConfigFile, key: string, value: string): TextEdit | undefined {
  return file.format === 'yaml' ? addYamlProperty(file, key, value) : addPropertiesLine(file, key, value);
}

function addPropertiesLine(file: SpringConfigFile, key: string, value: string): TextEdit {
  const { source } = file;
  const candidates = leadingUnconditional(file);
  const parent = canonicalKey(key.slice(0, key.lastIndexOf('.') + 1));
  const sibling = [...candidates].reverse().find((property) => canonicalKey(property.key).startsWith(parent));
  const anchor = sibling ?? candidates[candidates.length - 1];
  const example = sibling ?? candidates[0];
  const separator = example
    ? source.text.slice(source.offsetAt(example.keyRange.end), source.offsetAt(example.valueRange.start)) || '='
    : '=';
  const line = `${key}${/[=:]/.test(separator) ? separator : '='}${value}`;
  return anchor ? insertLinesAfter(source, source.offsetAt(anchor.valueRange.end), [line]) : insertLinesBefore(source, 0, [line]);
}

function addYamlProperty(file: SpringConfigFile, key: string, value: string): TextEdit | undefined {
  const { source } = file;
  const [parentKey, childKey] = [key.slice(0, key.indexOf('.')), key.slice(key.indexOf('.') + 1)];
  const first = leadingUnconditional(file)[0];
  const documents = file.yamlDocuments ?? [];
  const offset = first ? source.offsetAt(first.keyRange.start) : undefined;
  const document: Document.Parsed | undefined = offset === undefined
    ? undefined
    : documents.find((candidate) => candidate.contents && nodeSpan(candidate.contents)[0] <= offset && offset < (candidate.range?.[2] ?? Infinity));
  if (!document) {
    // An empty file (comments at most): the first lines of it.
    return file.properties.length === 0 && documents.length <= 1 ? insertLinesBefore(source, source.text.length, [`${parentKey}:`, `  ${childKey}: ${value}`]) : undefined;
  }
  const top = document.contents;
  if (!isMap(top) || top.flow) return undefined;
  const pair = pairOf(top, parentKey);
  // `server:` with no map under it (or a flow map): a second `server` key would be a duplicate.
  if (pair) return isMap(pair.value) && !pair.value.flow ? appendToMap(source, pair.value as YAMLMap, [`${childKey}: ${value}`]) : undefined;
  // `server.port: 8080` at the top: the file writes dotted keys.
  const dotted = top.items.some((item) => isScalar(item.key) && String(item.key.value).includes('.'));
  return appendToMap(source, top, dotted ? [`${key}: ${value}`] : [`${parentKey}:`, [`${childKey}: ${value}`]]);
}
