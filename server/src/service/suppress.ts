import { isScalar, visit } from 'yaml';
import type { KubernetesFile, KubernetesObject } from './model/kubernetes';
import { withShellTree } from './parse/shell';
import { mapAt, pairOf } from './parse/yaml-nodes';
import type { SourceText } from './source';
import type { Finding, Fix, Language, Notice, Range, TextEdit } from './types';
import type { ParsedFile } from './workspace';

/**
 * Suppression, applied once to every rule's findings: comments
 * `# kube-graceful-ignore <rule-id>[, <rule-id>] -- reason` on the line before (or at the end of)
 * the offending line, `# kube-graceful-ignore-file <rule-id> -- reason` for a whole file, and the
 * annotation `kube-graceful.io/ignore: "<rule-id>, … -- reason"` for the findings inside a
 * Kubernetes object. Directives that suppress nothing are reported as hints.
 */

export const UNUSED_SUPPRESSION_CODE = 'kube-graceful/unused-suppression';
export const IGNORE_ANNOTATION = 'kube-graceful.io/ignore';
const DIRECTIVE = 'kube-graceful-ignore';

/** The comment character of each language whose files may carry directives (INI files use `;`). */
const commentPrefixes: Partial<Record<Language, string>> = {
  kubernetes: '#', dockerfile: '#', shell: '#', spring: '#', 'php-fpm': ';', supervisord: ';',
};

interface DirectiveId {
  id: string;
  range: Range;
  used: boolean;
}

type Scope = { kind: 'line'; line: number } | { kind: 'file' } | { kind: 'object'; start: number; end: number };

interface Directive {
  scope: Scope;
  ids: DirectiveId[];
}

export interface SuppressionContext {
  /** Whether a rule id exists at all. */
  knownRule(id: string): boolean;
  /** Whether the rule may report in this file (checks its language, not switched off): only then is an unused directive a mistake. */
  activeRule(id: string): boolean;
}

/** The findings left after the file's directives, and hints about the directives that matched nothing. */
export function applySuppressions(file: ParsedFile, findings: Finding[], context: SuppressionContext): { findings: Finding[]; notices: Notice[] } {
  const directives = [...commentDirectives(file), ...annotationDirectives(file)];
  if (directives.length === 0) return { findings, notices: [] };
  const anchors = new StatementAnchors(file);
  const kept = findings.filter((finding) => {
    const line = finding.range.start.line;
    const offset = file.source.offsetAt(finding.range.start);
    const matching = directives.filter(({ scope }) =>
      scope.kind === 'file'
      || (scope.kind === 'line' && (scope.line === line || scope.line === anchors.of(line)))
      || (scope.kind === 'object' && offset >= scope.start && offset < scope.end));
    const ids = matching.flatMap((directive) => directive.ids).filter((entry) => entry.id === finding.ruleId);
    for (const entry of ids) entry.used = true;
    return ids.length === 0;
  });
  const notices: Notice[] = [];
  for (const entry of directives.flatMap((directive) => directive.ids)) {
    if (entry.used) continue;
    if (!context.knownRule(entry.id)) notices.push(hint(file, entry, `Unknown rule id ${entry.id} in a kube-graceful suppression.`));
    else if (context.activeRule(entry.id)) notices.push(hint(file, entry, `Unused suppression: ${entry.id} reports nothing here.`));
  }
  return { findings: kept, notices };
}

function hint(file: ParsedFile, entry: DirectiveId, message: string): Notice {
  return { uri: file.source.uri, range: entry.range, message, code: UNUSED_SUPPRESSION_CODE, severity: 'hint' };
}

/** The line comments holding a directive. */
function commentDirectives(file: ParsedFile): Directive[] {
  const prefix = commentPrefixes[file.language];
  const source = file.source;
  // Most files have none: one search of the text instead of a look at every line.
  if (!prefix || !source.text.includes(DIRECTIVE)) return [];
  const pattern = new RegExp(`(^|\\s)${prefix === ';' ? '[;#]' : '#'}\\s*${DIRECTIVE}(-file)?(?=\\s|$)(.*)$`);
  const directives: Directive[] = [];
  const pendingOwnLine: Directive[] = [];
  for (let line = 0; line < source.lineCount; line++) {
    const text = source.lineText(line);
    const match = pattern.exec(text);
    if (!match) {
      // An own-line directive applies to the next line that is not another directive.
      if (text.trim() !== '') for (const directive of pendingOwnLine.splice(0)) directive.scope = { kind: 'line', line };
      continue;
    }
    const bodyStart = match.index + match[0].length - match[3].length;
    const ids = directiveIds(match[3], (start, end) => ({ start: { line, character: bodyStart + start }, end: { line, character: bodyStart + end } }));
    const ownLine = text.slice(0, match.index + match[1].length).trim() === '';
    if (match[2]) {
      directives.push({ scope: { kind: 'file' }, ids });
    } else if (ownLine) {
      const directive: Directive = { scope: { kind: 'line', line: -1 }, ids };
      directives.push(directive);
      pendingOwnLine.push(directive);
    } else {
      directives.push({ scope: { kind: 'line', line }, ids });
    }
  }
  return directives;
}

/** The rule ids before ` -- reason`, separated by commas or spaces, with their columns in `body`. */
function directiveIds(body: string, rangeOf: (start: number, end: number) => Range): DirectiveId[] {
  const reason = body.indexOf('--');
  const idsText = reason === -1 ? body : body.slice(0, reason);
  const ids: DirectiveId[] = [];
  for (const match of idsText.matchAll(/[^\s,]+/g)) ids.push({ id: match[0], range: rangeOf(match.index, match.index + match[0].length), used: false });
  return ids;
}

/** `kube-graceful.io/ignore` on an object: its findings are suppressed. */
function annotationDirectives(file: ParsedFile): Directive[] {
  if (file.language !== 'kubernetes') return [];
  return file.objects.flatMap((object) => {
    const annotation = annotationNode(object);
    if (!annotation?.range || !object.node.range) return [];
    const valueStart = annotation.range[0] + (/^["']/.test(file.source.text[annotation.range[0]]) ? 1 : 0);
    const ids = directiveIds(String(annotation.value), (start, end) => file.source.rangeOf(valueStart + start, valueStart + end));
    return [{ scope: { kind: 'object' as const, start: object.node.range[0], end: object.node.range[2] }, ids }];
  });
}

function annotationNode(object: KubernetesObject) {
  if (object.annotations[IGNORE_ANNOTATION] === undefined) return undefined;
  const annotations = mapAt({ document: object.yaml.document }, object.node, 'metadata', 'annotations');
  const value = annotations && pairOf(annotations, IGNORE_ANNOTATION)?.value;
  return isScalar(value) ? value : undefined;
}

/**
 * The first line of the statement a line belongs to, where a suppression comment may go: never
 * inside a YAML block scalar or a multi-line string, a multi-line Dockerfile instruction, or a
 * continued shell command or heredoc (a comment there would become part of the text).
 */
class StatementAnchors {
  constructor(private readonly file: ParsedFile) {}

  of(line: number): number {
    switch (this.file.language) {
      case 'kubernetes': return yamlAnchor(this.file, line);
      case 'dockerfile': return dockerfileAnchor(this.file.source, line);
      case 'shell': return shellAnchor(this.file.source, line);
      default: return line;
    }
  }
}

function yamlAnchor(file: KubernetesFile, line: number): number {
  let anchor = line;
  const offset = file.source.offsetAt({ line, character: 0 });
  for (const { document } of file.documents) {
    // Only the document holding the line can hold a scalar across it: skip the others unvisited.
    const span = document.range;
    if (offset < span[0] || offset > span[2]) continue;
    visit(document, {
      Scalar(_key, node) {
        // Starts on a line before `line` and ends on it or after: compared as offsets, no line lookups.
        if (!node.range || node.range[0] >= offset || node.range[1] < offset) return;
        anchor = Math.min(anchor, file.source.positionAt(node.range[0]).line);
      },
    });
  }
  return anchor;
}

/** Instructions continue over lines ending in the escape character; comment lines inside them do not end them. */
function dockerfileAnchor(source: SourceText, line: number): number {
  const escape = /^#\s*escape\s*=\s*`/i.test(source.lineText(0)) ? '`' : '\\';
  let anchor = line;
  for (;;) {
    let previous = anchor - 1;
    while (previous >= 0 && /^\s*(#|$)/.test(source.lineText(previous))) previous--;
    if (previous < 0 || !source.lineText(previous).trimEnd().endsWith(escape)) return anchor;
    anchor = previous;
  }
}

/** Node types whose text may run over several lines of one statement. */
const shellContinued = new Set(['command', 'redirected_statement', 'declaration_command', 'variable_assignment', 'pipeline', 'list', 'heredoc_body', 'string', 'raw_string']);
/** Node types whose lines are statements of their own. */
const shellCompound = new Set(['program', 'if_statement', 'while_statement', 'for_statement', 'c_style_for_statement', 'case_statement', 'function_definition', 'compound_statement', 'subshell', 'do_group']);

function shellAnchor(source: SourceText, line: number): number {
  const text = source.lineText(line);
  return withShellTree(source.text, (root) => {
    let node: ReturnType<typeof root.descendantForPosition> = root.descendantForPosition({ row: line, column: text.length - text.trimStart().length });
    let anchor = line;
    while (node && !shellCompound.has(node.type)) {
      if (shellContinued.has(node.type) && node.startPosition.row < anchor) anchor = node.startPosition.row;
      node = node.parent;
    }
    return anchor;
  });
}

/**
 * "Ignore <rule-id> for this line": a comment on its own line before the finding's statement,
 * indented like it; added to a directive comment already there.
 */
export function ignoreFix(file: ParsedFile, finding: Finding): Fix | undefined {
  const prefix = commentPrefixes[file.language];
  if (!prefix) return undefined;
  // Every finding gets one, few are taken: the statement's first line is looked for when asked.
  return { title: `Ignore ${finding.ruleId} for this line`, safety: 'unsafe', edits: () => ({ [finding.uri]: [ignoreEdit(file, finding, prefix)] }) };
}

function ignoreEdit(file: ParsedFile, finding: Finding, prefix: string): TextEdit {
  const source = file.source;
  const line = new StatementAnchors(file).of(finding.range.start.line);
  const previous = line > 0 ? source.lineText(line - 1) : '';
  const existing = new RegExp(`^\\s*[#;]\\s*${DIRECTIVE}\\s+(.*?)(?:\\s+--.*)?\\s*$`).exec(previous);
  if (existing) {
    const position = { line: line - 1, character: previous.indexOf(existing[1]) + existing[1].length };
    return { range: { start: position, end: position }, newText: `, ${finding.ruleId}` };
  }
  const indent = /^\s*/.exec(source.lineText(line))![0];
  const position = { line, character: 0 };
  return { range: { start: position, end: position }, newText: `${indent}${prefix} ${DIRECTIVE} ${finding.ruleId}${source.eol}` };
}
