import * as assert from 'assert';
import { Analyzer, applyEdits, resolveSettings, type AnyRule, type Finding, type Settings } from '../../server/src/service';
import { exampleFilename } from '../../server/src/service/rules/rule';

/**
 * Table-driven rule tests in the manner of typescript-eslint's RuleTester. Expected findings are
 * written as caret lines under the line they mark:
 *
 *         - name: web
 *   #               ^^^ k8s/prestop-missing
 *
 * The carets stand at the columns they mark (a caret line may start with `#` or, to mark column
 * 0, with the carets themselves) and are removed before the rule runs. A finding that spans
 * several lines is marked on its first line, to the end of that line.
 */

export interface OtherFile {
  filename: string;
  code: string;
}

interface BaseCase {
  name: string;
  code: string;
  filename?: string;
  otherFiles?: OtherFile[];
  settings?: Partial<Settings>;
}

export type ValidCase = BaseCase;

export interface InvalidCase extends BaseCase {
  /** Text after applying every finding's preferred fix; null when the findings have no fix. */
  output: string | null;
  /** Words each message must contain, in finding order. */
  messages?: string[][];
  severities?: Finding['severity'][];
  /** Titles of the suggestions of the first finding, and the text each produces. */
  suggestions?: { title: string; output: string }[];
  /** Expected safety of the first finding's fix. */
  fixSafety?: 'safe' | 'unsafe';
}

interface ExpectedMark {
  line: number;
  start: number;
  end: number;
  ruleId: string;
}

const caretLine = /^(#?[ \t]*)(\^+)[ \t]+(\S+)[ \t]*$/;

export function parseAnnotated(annotated: string): { code: string; marks: ExpectedMark[] } {
  const lines = annotated.split('\n');
  const kept: string[] = [];
  const marks: ExpectedMark[] = [];
  for (const line of lines) {
    const match = caretLine.exec(line);
    if (match && kept.length > 0) {
      const start = match[1].length;
      marks.push({ line: kept.length - 1, start, end: start + match[2].length, ruleId: match[3] });
    } else {
      kept.push(line);
    }
  }
  return { code: kept.join('\n'), marks };
}

export function fileUri(filename: string): string {
  return `file:///workspace/${filename}`;
}

/** Runs one rule over a file in a workspace of other files; returns the analyser so tests can ask more. */
export function lint(rule: AnyRule, code: string, options: { filename?: string; otherFiles?: OtherFile[]; settings?: Partial<Settings> } = {}) {
  const analyzer = new Analyzer({
    settings: resolveSettings(options.settings ?? {}),
    rules: [rule],
    onRuleError: (ruleId, _uri, error) => { throw new Error(`rule ${ruleId} threw: ${(error as Error).stack}`); },
  });
  for (const other of options.otherFiles ?? []) analyzer.setFile(fileUri(other.filename), other.code);
  const uri = fileUri(options.filename ?? exampleFilename[rule.meta.language]);
  analyzer.setFile(uri, code);
  return { analyzer, uri, findings: analyzer.analyze(uri).findings };
}

/** Applies each finding's preferred fix to the file, as `--fix` would in one pass. */
export function applyPreferredFixes(code: string, uri: string, findings: Finding[]): string {
  const edits = findings.flatMap((finding) => (finding.fix ? finding.fix.edits()[uri] ?? [] : []));
  return applyEdits(code, edits);
}

function lineEnd(code: string, line: number): number {
  return code.split('\n')[line]?.replace(/\r$/, '').length ?? 0;
}

export function testRule(rule: AnyRule, cases: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const testCase of cases.valid) {
        it(testCase.name, () => {
          const { findings } = lint(rule, testCase.code, testCase);
          assert.deepStrictEqual(findings.map((finding) => `${finding.range.start.line + 1}: ${finding.message}`), []);
        });
      }
    });
    describe('invalid', () => {
      for (const testCase of cases.invalid) {
        it(testCase.name, () => checkInvalid(rule, testCase));
      }
    });
  });
}

function checkInvalid(rule: AnyRule, testCase: InvalidCase): void {
  const { code, marks } = parseAnnotated(testCase.code);
  assert.ok(marks.length > 0, 'an invalid case needs at least one caret line');
  const { uri, findings } = lint(rule, code, testCase);
  const actual = findings.map((finding) => ({
    line: finding.range.start.line,
    start: finding.range.start.character,
    end: finding.range.end.line === finding.range.start.line ? finding.range.end.character : lineEnd(code, finding.range.start.line),
    ruleId: finding.ruleId,
  }));
  assert.deepStrictEqual(actual, marks, `findings: ${findings.map((finding) => finding.message).join('\n')}`);

  testCase.messages?.forEach((words, index) => {
    for (const word of words) assert.ok(findings[index].message.includes(word), `message ${index} lacks "${word}": ${findings[index].message}`);
  });
  if (testCase.severities) assert.deepStrictEqual(findings.map((finding) => finding.severity), testCase.severities);
  if (testCase.fixSafety) assert.strictEqual(findings[0].fix?.safety, testCase.fixSafety);

  if (testCase.output === null) {
    assert.deepStrictEqual(findings.filter((finding) => finding.fix).map((finding) => finding.fix!.title), [], 'expected no fix');
  } else {
    const fixed = applyPreferredFixes(code, uri, findings);
    assert.strictEqual(fixed, testCase.output);
    const after = lint(rule, fixed, testCase).findings;
    assert.deepStrictEqual(after.map((finding) => finding.message), [], 'the fixed text still has findings');
    assert.strictEqual(applyPreferredFixes(fixed, uri, after), fixed, 'fixing twice changes the text again');
  }
  for (const [index, expected] of (testCase.suggestions ?? []).entries()) {
    const suggestion = findings[0].suggestions[index];
    assert.ok(suggestion, `missing suggestion "${expected.title}"`);
    assert.strictEqual(suggestion.title, expected.title);
    const suggested = applyEdits(code, suggestion.edits()[uri] ?? []);
    assert.strictEqual(suggested, expected.output);
    assert.deepStrictEqual(lint(rule, suggested, testCase).findings.map((finding) => finding.message), [], 'the suggestion leaves findings');
  }
  if (testCase.suggestions) assert.strictEqual(findings[0].suggestions.length, testCase.suggestions.length, 'unexpected extra suggestions');
}
