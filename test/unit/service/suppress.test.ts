import * as assert from 'assert';
import { Analyzer, applyEdits, type AnyRule, type Language } from '../../../server/src/service';
import prestopMissing from '../../../server/src/service/rules/k8s/prestop-missing';
import { defineRule } from '../../../server/src/service/rules/rule';

/** A rule of the given language reporting every `BAD` in a file, so suppression is tested apart from any real rule. */
function markerRule(id: string, language: Language): AnyRule {
  return defineRule({
    meta: { ...prestopMissing.meta, id, language, alsoChecks: undefined },
    check(ctx) {
      const { source } = ctx.model;
      for (const match of source.text.matchAll(/BAD/g)) ctx.report({ range: source.rangeOf(match.index, match.index + 3), message: 'bad' });
    },
  }) as AnyRule;
}

const rules = [markerRule('k8s/marker', 'kubernetes'), markerRule('docker/marker', 'dockerfile'), markerRule('shell/marker', 'shell'), markerRule('supervisord/marker', 'supervisord')];

function analyse(name: string, text: string) {
  const analyzer = new Analyzer({ rules });
  const uri = `file:///w/${name}`;
  analyzer.setFile(uri, text);
  return { analyzer, uri, result: analyzer.analyze(uri) };
}

const manifest = (body: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n${body}`;

describe('suppression', () => {
  it('ignores a finding from a comment on the line before or at the end of the line', () => {
    const { result } = analyse('a.yaml', manifest('  # kube-graceful-ignore k8s/marker -- known\n  a: BAD\n  b: BAD # kube-graceful-ignore k8s/marker\n  c: BAD\n'));
    assert.deepStrictEqual(result.findings.map((finding) => finding.range.start.line), [8]);
    assert.deepStrictEqual(result.notices, []);
  });

  it('takes several ids, and a file-level directive', () => {
    const { result } = analyse('a.yaml', manifest('  a: BAD\n  b: BAD\n# kube-graceful-ignore-file k8s/marker, k8s/other -- generated\n'));
    assert.deepStrictEqual(result.findings, []);
    assert.deepStrictEqual(result.notices.map((notice) => [notice.code, notice.severity, notice.message]),
      [['kube-graceful/unused-suppression', 'hint', 'Unknown rule id k8s/other in a kube-graceful suppression.']]);
  });

  it('reports an unused suppression as a hint on its rule id', () => {
    const { result } = analyse('a.yaml', manifest('  # kube-graceful-ignore k8s/marker -- stale\n  a: fine\n'));
    assert.strictEqual(result.notices.length, 1);
    assert.strictEqual(result.notices[0].message, 'Unused suppression: k8s/marker reports nothing here.');
    assert.deepStrictEqual(result.notices[0].range, { start: { line: 5, character: 25 }, end: { line: 5, character: 35 } });
  });

  it('does not call a suppression unused when its rule is off or checks other files', () => {
    const analyzer = new Analyzer({ rules });
    analyzer.setFile('file:///w/.kube-graceful.yaml', 'rules:\n  k8s/marker: "off"\n');
    analyzer.setFile('file:///w/a.yaml', manifest('  # kube-graceful-ignore k8s/marker\n  a: fine\n'));
    assert.deepStrictEqual(analyzer.analyze('file:///w/a.yaml').notices, []);
  });

  it('ignores the findings inside an object with the kube-graceful.io/ignore annotation', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    kube-graceful.io/ignore: "k8s/marker -- batch data"\ndata:\n  a: BAD\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: y\ndata:\n  a: BAD\n`;
    const { result } = analyse('a.yaml', text);
    assert.deepStrictEqual(result.findings.map((finding) => finding.range.start.line), [14]);
  });

  it('reports an unused annotation id on the annotation', () => {
    const text = `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n  annotations:\n    kube-graceful.io/ignore: "k8s/marker"\n`;
    const { result } = analyse('a.yaml', text);
    assert.deepStrictEqual(result.notices.map((notice) => notice.range.start), [{ line: 5, character: 30 }]);
  });

  it('applies a comment before a block scalar to the findings inside it', () => {
    const { result } = analyse('a.yaml', manifest('  # kube-graceful-ignore k8s/marker\n  script: |\n    echo BAD\n'));
    assert.deepStrictEqual(result.findings, []);
  });

  it('applies a comment before a Dockerfile instruction to all its lines', () => {
    const { result } = analyse('Dockerfile', 'FROM alpine\n# kube-graceful-ignore docker/marker\nRUN apk add curl \\\n    # a comment\n    BAD\n');
    assert.deepStrictEqual(result.findings, []);
  });

  it('reads `;` comments in supervisord files', () => {
    const { result } = analyse('supervisord.conf', '[supervisord]\nnodaemon=true\n[program:x]\n; kube-graceful-ignore supervisord/marker\ncommand=BAD\n');
    assert.deepStrictEqual(result.findings, []);
  });
});

describe('the "Ignore <rule-id> for this line" fix', () => {
  function ignored(name: string, text: string): string {
    const { analyzer, uri, result } = analyse(name, text);
    const fix = result.findings[0].ignore!;
    assert.strictEqual(fix.title, `Ignore ${result.findings[0].ruleId} for this line`);
    const output = applyEdits(text, fix.edits()[uri]);
    analyzer.setFile(uri, output);
    const after = analyzer.analyze(uri);
    assert.strictEqual(after.findings.length, result.findings.length - 1, 'the fix suppresses its finding');
    assert.deepStrictEqual(after.notices, []);
    return output;
  }

  it('YAML: own line, indented like the line', () => {
    assert.strictEqual(ignored('a.yaml', manifest('  a: BAD\n')), manifest('  # kube-graceful-ignore k8s/marker\n  a: BAD\n'));
  });

  it('YAML: before the key of a block scalar, never inside it', () => {
    assert.strictEqual(ignored('a.yaml', manifest('  script: |\n    echo BAD\n')), manifest('  # kube-graceful-ignore k8s/marker\n  script: |\n    echo BAD\n'));
  });

  it('YAML: keeps CRLF line breaks', () => {
    const text = manifest('  a: BAD\n').replace(/\n/g, '\r\n');
    assert.strictEqual(ignored('a.yaml', text), manifest('  # kube-graceful-ignore k8s/marker\n  a: BAD\n').replace(/\n/g, '\r\n'));
  });

  it('YAML: adds the id to a directive already on the line before', () => {
    const text = `${manifest('  # kube-graceful-ignore k8s/other -- why\n  a: BAD\n')}`;
    const { result, uri } = analyse('a.yaml', text);
    const output = applyEdits(text, result.findings[0].ignore!.edits()[uri]);
    assert.strictEqual(output, manifest('  # kube-graceful-ignore k8s/other, k8s/marker -- why\n  a: BAD\n'));
  });

  it('Dockerfile: on its own line before the first line of a multi-line instruction', () => {
    assert.strictEqual(ignored('Dockerfile', 'FROM alpine\nRUN apk add curl \\\n    BAD\n'), 'FROM alpine\n# kube-graceful-ignore docker/marker\nRUN apk add curl \\\n    BAD\n');
  });

  it('shell: before a continued command and a heredoc, indented', () => {
    assert.strictEqual(ignored('run.sh', '#!/bin/sh\nif true; then\n  exec app \\\n    BAD\nfi\n'), '#!/bin/sh\nif true; then\n  # kube-graceful-ignore shell/marker\n  exec app \\\n    BAD\nfi\n');
    assert.strictEqual(ignored('run.sh', '#!/bin/sh\ncat <<EOF\nBAD\nEOF\n'), '#!/bin/sh\n# kube-graceful-ignore shell/marker\ncat <<EOF\nBAD\nEOF\n');
  });

  it('supervisord: with a `;` comment', () => {
    assert.strictEqual(ignored('supervisord.conf', '[supervisord]\nnodaemon=true\n[program:x]\ncommand=BAD\n'), '[supervisord]\nnodaemon=true\n[program:x]\n; kube-graceful-ignore supervisord/marker\ncommand=BAD\n');
  });
});
