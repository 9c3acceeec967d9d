import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Analyzer, detectLanguage } from '../../../server/src/service';
import { applyEdits } from '../../../server/src/service/fix/apply';
import { appendToMap } from '../../../server/src/service/fix/yaml';
import { maskTemplate } from '../../../server/src/service/parse/helm';
import { parseKubernetes } from '../../../server/src/service/parse/kubernetes';
import { asMap } from '../../../server/src/service/parse/yaml-nodes';
import { SourceText } from '../../../server/src/service/source';

/** From out/test/unit/service to the repository's fixtures. */
const fixtures = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'fixtures');

function analyse(files: Record<string, string>, uri: string) {
  const analyzer = new Analyzer();
  for (const [name, text] of Object.entries(files)) analyzer.setFile(name, text);
  return analyzer.analyze(uri);
}

const helmDeployment = fs.readFileSync(path.join(fixtures, 'helm-chart', 'templates', 'deployment.yaml'), 'utf8');

describe('Helm templates', () => {
  it('masks every action with text of the same length', () => {
    const mask = maskTemplate(helmDeployment)!;
    assert.ok(mask);
    assert.strictEqual(mask.text.length, helmDeployment.length);
    assert.ok(!mask.text.includes('{{'));
    assert.strictEqual(mask.text.split('\n').length, helmDeployment.split('\n').length);
    // `name: {{ .Chart.Name }}` keeps a scalar of the same width; control lines become blank.
    const nameAt = helmDeployment.indexOf('{{ .Chart.Name }}');
    assert.strictEqual(mask.text.slice(nameAt, nameAt + 17), '_'.repeat(17));
    const withAt = helmDeployment.indexOf('{{- with .Values.lifecycle }}');
    assert.strictEqual(mask.text.slice(withAt, withAt + 29).trim(), '');
    assert.ok(mask.injections.some(({ column }) => column === 12));
  });

  it('analyses the literal parts of a helm create deployment without false positives', () => {
    const result = analyse({ 'file:///c/templates/deployment.yaml': helmDeployment }, 'file:///c/templates/deployment.yaml');
    assert.deepStrictEqual(result.notices, []);
    // The app container's lifecycle comes from `toYaml .Values.lifecycle`; the metrics sidecar writes its preStop;
    // the grace period is a value: nothing to say.
    assert.deepStrictEqual(result.findings.map((finding) => finding.ruleId), []);
  });

  it('reports a literal container without preStop, and offers a fix only outside template blocks', () => {
    const text = '{{- if .Values.worker.enabled }}\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-worker\n'
      + 'spec:\n  template:\n    spec:\n      containers:\n        - name: worker\n          image: example/worker:1\n'
      + '          ports:\n            - containerPort: 8080\n{{- end }}\n';
    const [finding, ...rest] = analyse({ 'file:///c/templates/worker.yaml': text }, 'file:///c/templates/worker.yaml').findings;
    assert.deepStrictEqual(rest, []);
    assert.strictEqual(finding.ruleId, 'k8s/prestop-missing');
    assert.ok(finding.fix, 'the if block around the whole object does not stop the fix');
  });

  it('drops findings on template values and fixes that would land in a conditional block', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  terminationGracePeriodSeconds: {{ .Values.grace }}\n'
      + '  containers:\n    - name: web\n      image: nginx:1.27\n      ports:\n        - containerPort: 80\n'
      + '      {{- with .Values.lifecycle }}\n      lifecycle:\n        preStop:\n          sleep:\n            seconds: 40\n      {{- end }}\n'
      + '    - name: api\n      image: example/api:1\n      ports:\n        - containerPort: 8080\n'
      + '      {{- if .Values.debug }}\n      env:\n        - name: DEBUG\n          value: "1"\n      {{- end }}\n';
    const findings = analyse({ 'file:///c/templates/pod.yaml': text }, 'file:///c/templates/pod.yaml').findings;
    // preStop 40 s against a templated grace period: not judged. `api` has no preStop: reported, but its
    // fix would go inside `{{- if .Values.debug }}`: dropped.
    assert.deepStrictEqual(findings.map((finding) => [finding.ruleId, finding.range.start.line, finding.fix !== undefined]), [
      ['k8s/prestop-missing', 17, false],
    ]);
  });

  describe('else branches: the first branch is analysed, the others are fields we cannot see', () => {
    const pod = (container: string) => 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n'
      + `    - name: web\n${container}`;

    it('claims nothing missing that another branch may set', () => {
      const text = pod('      image: example/web:1\n      ports:\n        - containerPort: 8080\n'
        + '      {{- if .Values.fastStop }}\n      env:\n        - name: FAST\n          value: "1"\n'
        + '      {{- else }}\n      lifecycle:\n        preStop:\n          sleep:\n            seconds: 5\n      {{- end }}\n');
      const result = analyse({ 'file:///c/templates/pod.yaml': text }, 'file:///c/templates/pod.yaml');
      assert.deepStrictEqual(result.notices, []);
      assert.deepStrictEqual(result.findings, []);
    });

    it('judges what the first branch writes, nested blocks and else-if branches included', () => {
      const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n'
        + '  {{- if .Values.legacy }}\n  terminationGracePeriodSeconds: 20\n'
        + '  {{- else if .Values.edge }}\n  terminationGracePeriodSeconds: 90\n  {{- if .Values.debug }}\n  shareProcessNamespace: true\n  {{- end }}\n'
        + '  {{- else }}\n  terminationGracePeriodSeconds: 120\n  {{- end }}\n'
        + '  containers:\n    - name: web\n      image: example/web:1\n      ports:\n        - containerPort: 8080\n'
        + '      lifecycle:\n        preStop:\n          sleep:\n            seconds: 60\n';
      const result = analyse({ 'file:///c/templates/pod.yaml': text }, 'file:///c/templates/pod.yaml');
      assert.deepStrictEqual(result.notices, []);
      // Both true when .Values.legacy is set: a 60 s sleep in a 20 s grace period, which the API rejects.
      assert.deepStrictEqual(result.findings.map((finding) => [finding.ruleId, text.split('\n')[finding.range.start.line].trim()]), [
        ['k8s/grace-period-too-short', 'terminationGracePeriodSeconds: 20'],
        ['k8s/prestop-malformed', 'seconds: 60'],
      ]);
      // The fix edits the first branch's own value.
      const [edit] = result.findings[0].fix!.edits()['file:///c/templates/pod.yaml'];
      assert.deepStrictEqual([edit.range.start.line, edit.range.end.line], [6, 6]);
    });

    it('inserts a fix before the branches, never into one', () => {
      const text = pod('      image: example/web:1\n      ports:\n        - containerPort: 8080\n')
        + '  {{- if .Values.debug }}\n  shareProcessNamespace: true\n  {{- else }}\n  hostNetwork: false\n  {{- end }}\n';
      const [finding, ...rest] = analyse({ 'file:///c/templates/pod.yaml': text }, 'file:///c/templates/pod.yaml').findings;
      assert.deepStrictEqual(rest, []);
      assert.strictEqual(finding.ruleId, 'k8s/prestop-missing');
      assert.strictEqual(applyEdits(text, finding.fix!.edits()['file:///c/templates/pod.yaml']), text.replace('  {{- if', '      lifecycle:\n        preStop:\n          sleep:\n            seconds: 5\n  {{- if'));
    });

    it('keeps every line and every offset: the other branches become blank lines', () => {
      const text = 'a: 1\n{{- if .x }}\nb: 2\n{{- else }}\nb: 3\n{{- end }}\nc: 4\n';
      const mask = maskTemplate(text)!;
      assert.strictEqual(mask.text.length, text.length);
      assert.deepStrictEqual(mask.text.split('\n').map((line) => line.trim()), ['a: 1', '', 'b: 2', '', '', '', 'c: 4', '']);
    });
  });

  it('ties no Service to a pod through masked or injected labels', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector:\n    {{- include "x.selectorLabels" . | nindent 4 }}\n  ports:\n    - port: 80\n';
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels:\n    app: {{ .Values.app }}\nspec:\n  containers:\n    - name: p\n      image: example/p:1\n';
    const files = { 'file:///c/templates/service.yaml': service, 'file:///c/templates/pod.yaml': pod, 'file:///other/pod.yaml': pod.replace('{{ .Values.app }}', 'web') };
    assert.deepStrictEqual(analyse(files, 'file:///c/templates/pod.yaml').findings, []);
    assert.deepStrictEqual(analyse(files, 'file:///other/pod.yaml').findings, []);
  });

  it('takes a templated key for a field it cannot name', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n'
      + '      ports:\n        - containerPort: 80\n      {{ .Values.hookKey }}: {{ toJson .Values.hook }}\n';
    assert.deepStrictEqual(analyse({ 'file:///c/templates/pod.yaml': text }, 'file:///c/templates/pod.yaml').findings, []);
  });

  const garbage = [
    '{{', '{{ "unterminated }}', 'a: {{ x', '{{- define "x" }}\na: 1\n{{- end }}', '{{ end }}', '{{ if }}',
    'apiVersion: v1\nkind: Pod\nspec: {{ toYaml .Values.spec }}\n', 'apiVersion: v1\nkind: Pod\n{{ .x }}: {{ .y }}\n',
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ "}}" }}\n', '{{/* a comment with }} inside */}}\napiVersion: v1\nkind: Pod\n',
    'apiVersion: v1\nkind: Pod\nspec:\n  containers:\n  {{ range .Values.c }}\n  - name: {{ .name }}\n  {{ end }}\n', '{{`raw }}`}}',
    'metadata:\n  name: {{ if .x }}a{{ else }}b{{ end }}\n', 'metadata:\n{{- if .x }}\n  name: a\n{{- else }}\n  name: b\n', '{{- else }}\na: 1\n{{- end }}\n',
    'metadata:\n{{- if .x }}\n  name: a\n{{- else }}\n  name: b\n  labels: {} {{- end }}\n',
  ];
  for (const text of garbage) {
    it(`survives ${JSON.stringify(text).slice(0, 50)}`, () => {
      const result = analyse({ 'file:///c/templates/x.yaml': `apiVersion: v1\nkind: Pod\n${text}` }, 'file:///c/templates/x.yaml');
      assert.ok(result.notices.length <= 1);
      assert.ok(result.notices.every((notice) => /Helm or Go template/.test(notice.message)), 'never a YAML syntax error');
    });
  }
});

describe('kustomize patches', () => {
  const patch = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n'
    + '        - name: web\n          image: nginx:1.27-alpine\n          ports:\n            - containerPort: 8080\n';

  it('does not report what a listed patch leaves to the base', () => {
    const kustomization = 'resources:\n  - ../../base\npatches:\n  - path: ./web.yaml\n';
    assert.strictEqual(detectLanguage('file:///o/kustomization.yaml', kustomization), 'kubernetes');
    const files = { 'file:///o/kustomization.yaml': kustomization, 'file:///o/web.yaml': patch };
    assert.deepStrictEqual(analyse(files, 'file:///o/web.yaml').findings, []);
    // Without the kustomization it is a whole (if odd) Deployment with an image: reported.
    assert.deepStrictEqual(analyse({ 'file:///o/web.yaml': patch }, 'file:///o/web.yaml').findings.map((f) => f.ruleId), ['k8s/prestop-missing']);
  });

  it('finds a patch listed from a parent folder', () => {
    const kustomization = 'patches:\n  - path: patches/web.yaml\n';
    assert.deepStrictEqual(analyse({ 'file:///o/kustomization.yaml': kustomization, 'file:///o/patches/web.yaml': patch }, 'file:///o/patches/web.yaml').findings, []);
  });

  it('recognises patchesStrategicMerge, and a kustomization that lists another file does not count', () => {
    const kustomization = 'patchesStrategicMerge:\n  - web.yaml\n';
    assert.deepStrictEqual(analyse({ 'file:///o/Kustomization': kustomization, 'file:///o/web.yaml': patch }, 'file:///o/web.yaml').findings, []);
    assert.strictEqual(analyse({ 'file:///x/kustomization.yml': kustomization, 'file:///o/web.yaml': patch }, 'file:///o/web.yaml').findings.length, 1);
  });

  it('treats a workload without selector and images as a patch', () => {
    const lifecycleOnly = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  template:\n    spec:\n      containers:\n'
      + '        - name: web\n          ports:\n            - containerPort: 80\n          lifecycle:\n            preStop:\n              sleep:\n                seconds: 45\n';
    // No preStop/readiness claims, and the unset grace period is the base's, not the default 30 s.
    assert.deepStrictEqual(analyse({ 'file:///p/patch.yaml': lifecycleOnly }, 'file:///p/patch.yaml').findings, []);
  });
});

describe('rules that reason about absent fields', () => {
  const full = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n'
    + '    spec:\n      containers:\n        - name: web\n          image: nginx:1.17\n          ports:\n            - containerPort: 80\n'
    + '          lifecycle:\n            preStop:\n              sleep:\n                seconds: 5\n';

  it('k8s/stop-signal leaves the stop signal to a kustomize base or a Helm include', () => {
    assert.deepStrictEqual(analyse({ 'file:///a/web.yaml': full }, 'file:///a/web.yaml').findings.map((f) => f.ruleId), ['k8s/stop-signal']);
    const patch = full.replace('  selector:\n    matchLabels: {app: web}\n', '');
    assert.deepStrictEqual(analyse({ 'file:///b/kustomization.yaml': 'patches:\n  - path: web.yaml\n', 'file:///b/web.yaml': patch }, 'file:///b/web.yaml').findings, []);
    const template = full.replace('          lifecycle:\n', '          {{- with .Values.extra }}\n          {{- toYaml . | nindent 10 }}\n          {{- end }}\n          lifecycle:\n');
    assert.deepStrictEqual(analyse({ 'file:///c/templates/web.yaml': template }, 'file:///c/templates/web.yaml').findings, []);
  });

  it('an include nested deeper (securityContext) does not hide a pod-level grace period problem', () => {
    const template = full.replace('          lifecycle:\n            preStop:\n              sleep:\n                seconds: 5\n',
      '          securityContext:\n            {{- toYaml .Values.securityContext | nindent 12 }}\n          lifecycle:\n            preStop:\n              sleep:\n                seconds: 40\n');
    const ids = analyse({ 'file:///c/templates/web.yaml': template }, 'file:///c/templates/web.yaml').findings.map((f) => f.ruleId);
    // The container may have unseen fields (its securityContext), the pod spec does not: 40 s > the default 30 s stands.
    assert.ok(ids.includes('k8s/prestop-malformed'), ids.join());
  });
});

describe('coexistence', () => {
  it('gives one information notice per broken YAML document, none for files that are not ours', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: [a\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: "b\n  x: : y\n';
    const result = analyse({ 'file:///a/pods.yaml': text }, 'file:///a/pods.yaml');
    assert.deepStrictEqual(result.notices.map((notice) => notice.message.replace(/:.*/, '')), ['YAML document 1 was not analysed', 'YAML document 2 was not analysed']);
    assert.strictEqual(detectLanguage('/a/docker-compose.yml', 'services:\n  web:\n    image: nginx\n'), undefined);
    assert.strictEqual(detectLanguage('/a/compose.json', '{"services": {"web": {"image": "nginx"}}}'), undefined);
  });
});

describe('JSON manifests', () => {
  it('are recognised by content, other JSON is not ours', () => {
    assert.strictEqual(detectLanguage('/a/deploy.json', '{"apiVersion": "v1", "kind": "Pod"}'), 'kubernetes');
    assert.strictEqual(detectLanguage('/a/package.json', '{"name": "x", "version": "1.0.0"}'), undefined);
    assert.strictEqual(detectLanguage('/a/data.json', '"apiVersion": "kind":'), undefined);
  });

  it('get flow-style inserts that keep JSON valid', () => {
    const text = '{"name": "web", "image": "nginx:1.27"}';
    const document = (parseKubernetes(new SourceText('file:///d.json', `{"apiVersion": "v1", "kind": "Pod", "spec": ${text}}`))).documents[0].document;
    const spec = asMap({ document }, (document.contents as unknown as { items: { value: unknown }[] }).items[2].value)!;
    const full = `{"apiVersion": "v1", "kind": "Pod", "spec": ${text}}`;
    const edit = appendToMap(new SourceText('file:///d.json', full), spec, ['lifecycle:', ['preStop:', ['exec:', ['command: ["sleep", "5"]']]], 'stopSignal: SIGTERM'])!;
    const start = new SourceText('file:///d.json', full).offsetAt(edit.range.start);
    const fixed = full.slice(0, start) + edit.newText + full.slice(start);
    assert.deepStrictEqual(JSON.parse(fixed).spec, {
      name: 'web', image: 'nginx:1.27', lifecycle: { preStop: { exec: { command: ['sleep', '5'] } } }, stopSignal: 'SIGTERM',
    });
  });

  it('refuse what a flow map cannot take as entries', () => {
    const full = '{"a": 1}';
    const document = parseKubernetes(new SourceText('file:///d.json', `{"apiVersion": "v1", "kind": "Pod", "spec": ${full}}`)).documents[0].document;
    const spec = asMap({ document }, (document.contents as unknown as { items: { value: unknown }[] }).items[2].value)!;
    assert.strictEqual(appendToMap(new SourceText('file:///d.json', full), spec, ['args:', ['- x']]), undefined);
  });

  it('quote flow YAML values that hold flow indicators', () => {
    const full = 'spec: {a: 1}\n';
    const document = parseKubernetes(new SourceText('file:///d.yaml', `apiVersion: v1\nkind: Pod\n${full}`)).documents[0].document;
    const spec = asMap({ document }, (document.contents as unknown as { items: { value: unknown }[] }).items[2].value)!;
    const source = new SourceText('file:///d.yaml', `apiVersion: v1\nkind: Pod\n${full}`);
    assert.strictEqual(appendToMap(source, spec, ['b: x, y', 'c: SIGTERM'])?.newText, ', b: "x, y", c: SIGTERM');
  });
});
