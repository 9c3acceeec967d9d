import type { Node } from 'yaml';
import type { KubernetesFile, TemplateMask } from '../model/kubernetes';
import { asMap, mapGet, nodeSpan, pairOf } from './yaml-nodes';
import { SourceText } from '../source';

/**
 * Helm chart templates (Go templates) are not YAML until rendered. To analyse what is written
 * literally, every template action is masked with text of the same length, so node offsets stay
 * the offsets of the original file:
 * - a line that holds only actions (`{{- with .Values.x }}`, `{{- end }}`, `{{- include "x" . | nindent 8 }}`)
 *   becomes blank; when such an action outputs something (an include, a toYaml), the line is an
 *   injection: the map around it may have keys we cannot see;
 * - an action inside a line (`name: {{ .Release.Name }}`) becomes a scalar of underscores, which
 *   no rule reads as a number, a signal or a command; findings on it are dropped (see template-guard.ts);
 *   as a key (`{{ .Values.key }}: x`) it is also an injection: it may name any field;
 * - `{{ … | nindent N }}` after a key is an injected block: masked with spaces and an injection.
 * - `{{- else }}` (or `else if`) on a line of its own: the first branch is analysed and every other
 *   branch, up to the block's `end`, becomes blank lines, which are template text (findings and
 *   edits there are dropped) and an injection (the fields they set are ones we cannot see), since
 *   both branches' keys in one map would not be the YAML of either.
 * Whatever this cannot keep exact (an `else` inside a line, `define`, actions spanning lines,
 * unterminated actions, YAML that is still invalid) returns undefined: the caller then says once
 * that the file is a template.
 */

/** Keywords of actions that output nothing; any other action outputs text. */
const silentKeywords = new Set(['if', 'with', 'range', 'end']);
const blockOpeners = new Set(['if', 'with', 'range']);
/** Constructs whose definitions cannot be shown as YAML text. */
const unsupportedKeywords = new Set(['define', 'block']);

interface Action {
  start: number;
  end: number;
  body: string;
}

export function maskTemplate(text: string): TemplateMask | undefined {
  const actions = findActions(text);
  if (!actions) return undefined;
  const masked = text.split('');
  const mask: TemplateMask = { text: '', placeholders: [], injections: [], blocks: [] };
  const openBlocks: number[] = [];
  const lineStart = (offset: number) => text.lastIndexOf('\n', offset - 1) + 1;
  const lineEnd = (offset: number) => {
    const end = text.indexOf('\n', offset);
    return end < 0 ? text.length : end;
  };
  const blank = (start: number, end: number) => {
    for (let i = start; i < end; i++) if (masked[i] !== '\r' && masked[i] !== '\n') masked[i] = ' ';
  };
  for (let i = 0; i < actions.length;) {
    // The actions of one line, and whether the line holds anything else.
    const start = lineStart(actions[i].start);
    const end = lineEnd(actions[i].start);
    const onLine: Action[] = [];
    while (i < actions.length && actions[i].start < end) onLine.push(actions[i++]);
    let rest = text.slice(start, end);
    for (const action of [...onLine].reverse()) rest = rest.slice(0, action.start - start) + rest.slice(action.end - start);
    const wholeLine = rest.trim() === '';
    if (keywordOf(onLine[0].body) === 'else') {
      // The other branches, to the `end` of their block, which closes the block as usual.
      const closing = wholeLine && onLine.length === 1 ? matchingEnd(actions, i) : undefined;
      const opened = openBlocks.pop();
      if (closing === undefined || opened === undefined) return undefined;
      const [endLineStart, endLineEnd] = [lineStart(actions[closing].start), lineEnd(actions[closing].start)];
      // The `end` alone on its line too: what else it holds would be lost with the branches.
      if ((text.slice(endLineStart, actions[closing].start) + text.slice(actions[closing].end, endLineEnd)).trim() !== '') return undefined;
      mask.injections.push({ offset: onLine[0].start, column: leastIndent(text.slice(end, endLineStart)) ?? onLine[0].start - start });
      mask.placeholders.push([start, endLineEnd]);
      mask.blocks.push([opened, actions[closing].end]);
      blank(start, endLineEnd);
      i = closing + 1;
      continue;
    }
    for (const action of onLine) {
      const keyword = keywordOf(action.body);
      if (unsupportedKeywords.has(keyword) || keyword === 'else') return undefined;
      if (blockOpeners.has(keyword)) openBlocks.push(action.start);
      if (keyword === 'end') {
        const opened = openBlocks.pop();
        if (opened === undefined) return undefined;
        mask.blocks.push([opened, action.end]);
      }
      const outputs = !silentKeywords.has(keyword) && !isComment(action.body) && !isAssignment(action.body);
      if (!wholeLine && keyword !== '' && silentKeywords.has(keyword)) return undefined;
      if (wholeLine || !outputs) {
        if (outputs) mask.injections.push({ offset: action.start, column: indentOf(action.body) ?? action.start - start });
        blank(action.start, action.end);
      } else if (indentOf(action.body) !== undefined) {
        mask.injections.push({ offset: action.start, column: indentOf(action.body)! });
        blank(action.start, action.end);
      } else {
        // A templated key (`{{ .Values.key }}: x`) could be any key: the map may have a field we cannot name.
        const isKey = text.slice(start, action.start).trim().replace(/^- /, '') === '' && /^\s*:/.test(text.slice(action.end));
        if (isKey) mask.injections.push({ offset: action.start, column: action.start - start });
        for (let j = action.start; j < action.end; j++) masked[j] = '_';
      }
      mask.placeholders.push(wholeLine ? [start, end] : [action.start, action.end]);
    }
  }
  if (openBlocks.length > 0) return undefined;
  mask.text = masked.join('');
  return mask;
}

/**
 * The index of the `end` that closes the block an `else` at `actions[from - 1]` belongs to, past
 * nested blocks and further `else` branches; undefined when there is none.
 */
function matchingEnd(actions: Action[], from: number): number | undefined {
  let depth = 0;
  for (let index = from; index < actions.length; index++) {
    const keyword = keywordOf(actions[index].body);
    if (blockOpeners.has(keyword)) depth++;
    else if (keyword === 'end' && depth-- === 0) return index;
  }
  return undefined;
}

/** The least indentation of the lines of `text` that hold anything; undefined when none does. */
function leastIndent(text: string): number | undefined {
  const indents = text.split('\n').filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length);
  return indents.length > 0 ? Math.min(...indents) : undefined;
}

/** Template actions in order; undefined when one is unterminated or spans lines. */
function findActions(text: string): Action[] | undefined {
  const actions: Action[] = [];
  let i = text.indexOf('{{');
  while (i >= 0) {
    const end = actionEnd(text, i + 2);
    if (end === undefined || text.slice(i, end).includes('\n')) return undefined;
    actions.push({ start: i, end, body: text.slice(i + 2, end - 2).replace(/^-\s/, '').replace(/\s-$/, '').trim() });
    i = text.indexOf('{{', end);
  }
  return actions;
}

/** The offset after an action's closing `}}`, skipping Go strings, raw strings, characters and comments. */
function actionEnd(text: string, from: number): number | undefined {
  const comment = /^-?\s*\/\*/.exec(text.slice(from, from + 4));
  if (comment) {
    const close = text.indexOf('*/', from + comment[0].length);
    const end = close < 0 ? -1 : text.indexOf('}}', close + 2);
    return end < 0 ? undefined : end + 2;
  }
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '}' && text[i + 1] === '}') return i + 2;
    if (c === '"' || c === '\'') {
      for (i++; i < text.length && text[i] !== c && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '`') {
      i = text.indexOf('`', i + 1);
      if (i < 0) return undefined;
    }
  }
  return undefined;
}

function keywordOf(body: string): string {
  return /^([a-z]+)\b/.exec(body)?.[1] ?? '';
}

function isComment(body: string): boolean {
  return body.startsWith('/*');
}

/** `$name := value` and `$name = value` set a variable and output nothing. */
function isAssignment(body: string): boolean {
  return /^\$[\w]*\s*:?=/.test(body);
}

/** The column an `indent N` / `nindent N` puts the output at. */
function indentOf(body: string): number | undefined {
  const match = /\bn?indent\s+(\d+)\b/.exec(body);
  return match ? Number(match[1]) : undefined;
}

/**
 * Parses a Helm template through its mask; undefined when the masked text is still not clean YAML
 * (the caller then falls back to one notice).
 */
export function parseHelmTemplate(source: SourceText, parse: (source: SourceText) => KubernetesFile): KubernetesFile | undefined {
  const mask = maskTemplate(source.text);
  if (!mask) return undefined;
  let file: KubernetesFile;
  try {
    file = parse(new SourceText(source.uri, mask.text));
  } catch {
    return undefined;
  }
  if (file.notices.length > 0) return undefined;
  forgetMaskedLabels(file, mask);
  return { ...file, source, template: mask };
}

/**
 * Labels and selectors decide which Service sends traffic to which pod. A masked value (`____`)
 * could equal another masked value of the same width by chance, and an injected selector
 * (`{{- include "x.selectorLabels" . | nindent 4 }}`) has keys we cannot see: such a selector
 * selects nothing here, and masked labels are left out, so no pod is tied to a Service by guesswork.
 */
function forgetMaskedLabels(file: KubernetesFile, mask: TemplateMask): void {
  const masked = ([key, value]: [string, string]) => isMasked(key) || isMasked(value);
  for (const pod of file.podTemplates) {
    pod.labels = Object.fromEntries(Object.entries(pod.labels).filter((entry) => !masked(entry)));
  }
  for (const service of file.services) {
    if (!service.selector) continue;
    const ctx = { document: service.object.yaml.document };
    const selectorPair = pairOf(asMap(ctx, mapGet(ctx, service.object.node, 'spec')) ?? service.object.node, 'selector');
    const [start] = selectorPair?.key ? nodeSpan(selectorPair.key as Node) : [0];
    const end = extentEnd(mask.text, start, file.source.positionAt(start).character + 1);
    if (Object.entries(service.selector).some(masked) || mask.injections.some(({ offset }) => offset > start && offset < end)) {
      service.selector = {};
    }
  }
}

/** A scalar that was a template action: underscores only. */
function isMasked(value: string): boolean {
  return /^_+$/.test(value);
}

/** The end offset of a node written at `column`: the start of the first later line indented less. */
export function extentEnd(text: string, start: number, column: number): number {
  let offset = text.indexOf('\n', start);
  while (offset >= 0 && offset < text.length) {
    const lineStart = offset + 1;
    const next = text.indexOf('\n', lineStart);
    const line = text.slice(lineStart, next < 0 ? text.length : next);
    const content = line.trim();
    if (content !== '' && !content.startsWith('#') && line.length - line.trimStart().length < column) return lineStart;
    offset = next;
  }
  return text.length;
}

/** The notice for a template this cannot analyse. */
export function templateNotice(source: SourceText): KubernetesFile['notices'][number] {
  return {
    uri: source.uri, range: source.rangeOf(0, 0),
    message: 'This looks like a Helm or Go template ({{ … }}), which is not YAML until rendered, so it was not analysed. '
      + 'Lint the rendered manifests instead, e.g. `helm template . | kube-graceful lint -`.',
  };
}
