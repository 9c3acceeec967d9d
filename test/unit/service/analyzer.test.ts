import * as assert from 'assert';
import { Analyzer, resolveSettings } from '../../../server/src/service';
import prestopMissing from '../../../server/src/service/rules/k8s/prestop-missing';
import { defineRule } from '../../../server/src/service/rules/rule';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      terminationGracePeriodSeconds: 45
      containers:
        - name: web
          image: example/web:1
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              sleep:
                seconds: 10
        - name: sidecar
          image: example/log:1
`;
const uri = 'file:///w/deploy.yaml';

describe('Analyzer', () => {
  it('keeps the other rules\' findings when one rule throws, and reports the error', () => {
    const broken = defineRule({ meta: { ...prestopMissing.meta, id: 'k8s/broken' }, check() { throw new Error('boom'); } });
    const errors: string[] = [];
    const analyzer = new Analyzer({ rules: [broken, prestopMissing], onRuleError: (ruleId, _uri, error) => errors.push(`${ruleId}: ${(error as Error).message}`) });
    analyzer.setFile(uri, deployment.replace(/ {10}lifecycle:[\s\S]*?seconds: 10\n/, ''));
    assert.deepStrictEqual(analyzer.analyze(uri).findings.map((finding) => finding.ruleId), ['k8s/prestop-missing']);
    assert.deepStrictEqual(errors, ['k8s/broken: boom']);
  });

  it('applies severity settings and switches rules off', () => {
    const text = deployment.replace(/ {10}lifecycle:[\s\S]*?seconds: 10\n/, '');
    const analyzer = new Analyzer({ settings: resolveSettings({ rules: { 'k8s/prestop-missing': 'error' } }) });
    analyzer.setFile(uri, text);
    assert.deepStrictEqual(analyzer.analyze(uri).findings.map((finding) => finding.severity), ['error']);
    analyzer.updateSettings(resolveSettings({ rules: { 'k8s/prestop-missing': 'off' } }));
    assert.deepStrictEqual(analyzer.analyze(uri).findings, []);
  });

  it('explains the shutdown with the file\'s numbers on hover and in the explain command', () => {
    const analyzer = new Analyzer();
    analyzer.setFile(uri, deployment);
    const hover = analyzer.hover(uri, { line: 7, character: 10 });
    assert.ok(hover);
    assert.match(hover, /terminationGracePeriodSeconds 45/);
    assert.match(hover, /\| 0 s – 10 s \| `web` \| preStop: sleep action, 10 s \|/);
    assert.match(hover, /\| 10 s \| `web` \| SIGTERM\? → PID 1 \|/);
    assert.match(hover, /\| 10 s – 40 s \| `web` \| drain \(time not known\) \|/);
    assert.match(hover, /\| 0 s \| `sidecar` \| SIGTERM\? → PID 1 \|/);
    assert.match(hover, /\| 45 s \| {2}\| SIGKILL \|/);
    assert.doesNotMatch(hover, /⚠/, 'the serving container waits out the propagation: no window where requests fail');
    assert.strictEqual(analyzer.hover(uri, { line: 14, character: 14 }), hover, 'hover on preStop shows the same timeline');
    assert.strictEqual(analyzer.hover(uri, { line: 0, character: 2 }), undefined);
    assert.strictEqual(analyzer.explain(uri, { line: 3, character: 2 }), hover);
  });

  it('explains which process gets the signal on a Dockerfile CMD', () => {
    const analyzer = new Analyzer();
    const dockerfile = 'file:///w/Dockerfile';
    analyzer.setFile(dockerfile, 'FROM python:3.12\nSTOPSIGNAL SIGINT\nCMD gunicorn app:app\n');
    const hover = analyzer.hover(dockerfile, { line: 2, character: 1 })!;
    assert.match(hover, /kube-graceful.*docker\/shell-form/);
    assert.match(hover, /PID 1 is `\/bin\/sh` \(Debian's dash\)/);
    assert.match(hover, /Stop signal: `SIGINT`/);
  });

  it('skips huge and binary files with a notice', () => {
    const analyzer = new Analyzer({ settings: resolveSettings({ maxFileSizeBytes: 100 }) });
    analyzer.setFile(uri, deployment);
    assert.match(analyzer.analyze(uri).notices[0].message, /more than the limit of 100/);
    analyzer.updateSettings(resolveSettings());
    assert.deepStrictEqual(analyzer.analyze(uri).notices, [], 'a raised limit applies to files already read');
    analyzer.setFile('file:///w/Dockerfile', 'FROM a\u0000\nCMD x\n');
    assert.match(analyzer.analyze('file:///w/Dockerfile').notices[0].message, /binary/);
    assert.deepStrictEqual(analyzer.analyze('file:///w/unknown.yaml').findings, []);
  });

  it('re-analyses every other file we read when one changes, never the ones we do not read', () => {
    const analyzer = new Analyzer();
    analyzer.setFile(uri, deployment);
    analyzer.setFile('file:///w/service.yaml', 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: web}}\n');
    analyzer.setFile('file:///w/Dockerfile', 'FROM a\n');
    analyzer.setFile('file:///w/README.md', '# not ours');
    assert.deepStrictEqual(analyzer.dependents('file:///w/service.yaml'), [uri, 'file:///w/Dockerfile']);
    assert.deepStrictEqual(analyzer.dependents('file:///w/README.md'), []);
  });
});
