import * as assert from 'assert';
import { Analyzer, resolveSettings } from '../../../server/src/service';
import { globToRegExp, parseProjectConfig } from '../../../server/src/service/project-config';
import { SourceText } from '../../../server/src/service/source';

const deployment = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
      containers:
        - name: web
          image: example/web:1
          ports:
            - containerPort: 8080
`;

function config(text: string) {
  return parseProjectConfig(new SourceText('file:///w/.kube-graceful.yaml', text));
}

describe('project file (.kube-graceful.yaml)', () => {
  it('reads rules, the version as written, the drain budget and globs', () => {
    const parsed = config('rules:\n  k8s/prestop-missing: "off"\n  docker/shell-form: error\nkubernetesVersion: 1.30\ndrainBudgetSeconds: 20\nexclude: ["generated/**"]\n');
    assert.deepStrictEqual(Object.fromEntries(Object.entries(parsed.rules).map(([id, { severity }]) => [id, severity])), { 'k8s/prestop-missing': 'off', 'docker/shell-form': 'error' });
    assert.strictEqual(parsed.kubernetesVersion, '1.30');
    assert.strictEqual(parsed.drainBudgetSeconds, 20);
    assert.strictEqual(parsed.folder, 'file:///w/');
    assert.deepStrictEqual(parsed.problems, []);
  });

  it('reports bad severities, versions, types and unknown keys where they are', () => {
    const parsed = config('rules:\n  k8s/prestop-missing: loud\nkubernetesVersion: latest\ndrainBudgetSeconds: soon\ninclude: deploy\nextra: 1\n');
    assert.deepStrictEqual(parsed.problems.map((problem) => [problem.range.start.line, problem.severity, problem.message.split(':')[0].split(' must')[0]]), [
      [1, 'warning', 'The severity of k8s/prestop-missing'],
      [2, 'warning', 'kubernetesVersion'],
      [3, 'warning', 'drainBudgetSeconds'],
      [4, 'warning', 'include'],
      [5, 'warning', 'Unknown setting "extra"'],
    ]);
  });

  it('reports broken YAML as an error', () => {
    const parsed = config('rules: [\n');
    assert.strictEqual(parsed.problems[0].severity, 'error');
    assert.match(parsed.problems[0].message, /^Invalid YAML/);
  });

  it('reports unknown rule ids on the id, when the analyzer reads the file', () => {
    const analyzer = new Analyzer();
    analyzer.setFile('file:///w/.kube-graceful.yaml', 'rules:\n  k8s/no-such-rule: error\n');
    const [notice] = analyzer.analyze('file:///w/.kube-graceful.yaml').notices;
    assert.strictEqual(notice.code, 'kube-graceful/config');
    assert.match(notice.message, /Unknown rule id k8s\/no-such-rule/);
    assert.deepStrictEqual(notice.range, { start: { line: 1, character: 2 }, end: { line: 1, character: 18 } });
  });

  it('reads image entries in their order, with where each is written', () => {
    const parsed = config('images:\n  - image: registry.example.com/platform/nginx\n    stopSignal: SIGQUIT\n    runs: nginx\n  - {image: "ghcr.io/acme/api:2*", runs: php-fpm}\n  - image: acme/plain\n');
    assert.deepStrictEqual(parsed.problems, []);
    assert.deepStrictEqual(parsed.images, [
      { image: 'registry.example.com/platform/nginx', stopSignal: 'SIGQUIT', runs: 'nginx', origin: '.kube-graceful.yaml line 2' },
      { image: 'ghcr.io/acme/api:2*', runs: 'php-fpm', origin: '.kube-graceful.yaml line 5' },
      { image: 'acme/plain', origin: '.kube-graceful.yaml line 6' },
    ]);
  });

  it('reports mistakes in image entries where they are, and leaves those entries out', () => {
    const parsed = config([
      'images:',
      '  - image: acme/a', '    stopSignal: SIGQUITT',
      '  - image: acme/b', '    stopSignal: QUIT',
      '  - image: acme/c', '    runs: apache',
      '  - image: acme/d', '    signal: SIGQUIT',
      '  - stopSignal: SIGQUIT',
      '  - image: acme/e@sha256:abc',
      '  - acme/f',
      '  - image: acme/g', '    runs: [nginx]',
      '  - image: acme/ok',
    ].join('\n'));
    assert.deepStrictEqual(parsed.problems.map((problem) => [problem.range.start.line, problem.range.start.character, problem.code, problem.message]), [
      [2, 16, 'kube-graceful/config', 'stopSignal SIGQUITT is not a signal name. Did you mean SIGQUIT?'],
      [4, 16, 'kube-graceful/config', 'stopSignal QUIT: write SIGQUIT.'],
      [6, 10, 'kube-graceful/config', 'runs apache is not a server kube-graceful knows: use one of nginx, php-fpm, httpd, haproxy, unicorn, uwsgi, gunicorn, puma, caddy, traefik, sidekiq, celery, envoy, supervisord.'],
      [8, 4, 'kube-graceful/config', 'Unknown key "signal" in an image entry: use image, stopSignal or runs.'],
      [9, 4, 'kube-graceful/config', 'An image entry needs `image`: the repository it describes (registry.example.com/platform/nginx).'],
      [10, 11, 'kube-graceful/config', 'acme/e@sha256:abc is pinned by digest: name the repository, with a tag glob if needed ("…/nginx:1.2*").'],
      [11, 4, 'kube-graceful/config', 'images must be a list of entries such as {image: registry.example.com/platform/nginx, stopSignal: SIGQUIT, runs: nginx}.'],
      [13, 10, 'kube-graceful/config', 'runs must be a single value.'],
    ]);
    assert.deepStrictEqual(parsed.images.map((entry) => entry.image), ['acme/ok']);
    assert.strictEqual(config('images: nginx\n').problems[0].message.split(' such')[0], 'images must be a list of entries');
  });

  it('matches globs like .gitignore', () => {
    assert.ok(globToRegExp('generated/**').test('generated/a/b.yaml'));
    assert.ok(globToRegExp('*.tmpl.yaml').test('deep/x.tmpl.yaml'));
    assert.ok(!globToRegExp('deploy/*.yaml').test('deploy/a/b.yaml'));
    assert.ok(globToRegExp('deploy/**/*.{yaml,yml}').test('deploy/a/b.yml'));
  });
});

describe('effective settings', () => {
  const file = 'file:///w/app/deploy.yaml';

  it('the project file wins over the editor settings, the command line over both; hovers say where', () => {
    const analyzer = new Analyzer({ settings: resolveSettings({ rules: { 'k8s/prestop-missing': 'error' } }), settingsLabel: 'setting `kubeGraceful.rules`' });
    analyzer.setFile(file, deployment);
    assert.strictEqual(analyzer.analyze(file).findings[0].severity, 'error');
    assert.strictEqual(analyzer.severityOrigin(file, 'k8s/prestop-missing'), 'setting `kubeGraceful.rules`');
    analyzer.setFile('file:///w/.kube-graceful.yaml', '# project\nrules:\n  k8s/prestop-missing: info\n');
    assert.strictEqual(analyzer.analyze(file).findings[0].severity, 'info');
    assert.match(analyzer.hover(file, { line: 8, character: 18 })!, /Severity info, from \.kube-graceful\.yaml line 3\./);
    assert.strictEqual(analyzer.severityOrigin(file, 'docker/shell-form'), 'default');

    const cli = new Analyzer({ overrides: { rules: { 'k8s/prestop-missing': 'hint' } } });
    cli.setFile(file, deployment);
    cli.setFile('file:///w/.kube-graceful.yaml', 'rules:\n  k8s/prestop-missing: info\n');
    assert.strictEqual(cli.analyze(file).findings[0].severity, 'hint');
    assert.strictEqual(cli.severityOrigin(file, 'k8s/prestop-missing'), 'the command line (`--rule`)');
  });

  it('takes the nearest project file above the file, and its version and drain budget', () => {
    const analyzer = new Analyzer();
    analyzer.setFile('file:///w/.kube-graceful.yaml', 'kubernetesVersion: "1.29"\nrules:\n  k8s/prestop-missing: "off"\n');
    analyzer.setFile('file:///w/app/.kube-graceful.yaml', 'drainBudgetSeconds: 12\n');
    analyzer.setFile('file:///other/deploy.yaml', deployment);
    assert.deepStrictEqual(analyzer.settingsFor(file), { ...analyzer.currentSettings, drainBudgetSeconds: 12 });
    assert.strictEqual(analyzer.settingsFor('file:///w/x.yaml').kubernetesVersion, '1.29');
    assert.strictEqual(analyzer.analyze('file:///other/deploy.yaml').findings.length, 1);
  });

  it('puts the nearest project file\'s images before the editor setting\'s', () => {
    const analyzer = new Analyzer({ settings: resolveSettings({ images: [{ image: 'acme/api', stopSignal: 'SIGINT' }] }) });
    analyzer.setFile('file:///w/.kube-graceful.yaml', 'images:\n  - image: acme/api\n    stopSignal: SIGQUIT\n');
    analyzer.setFile('file:///w/app/.kube-graceful.yaml', 'images:\n  - image: acme/web\n');
    assert.deepStrictEqual(analyzer.settingsFor('file:///w/x.yaml').images.map((entry) => [entry.image, entry.stopSignal, entry.origin]), [
      ['acme/api', 'SIGQUIT', '.kube-graceful.yaml line 2'],
      ['acme/api', 'SIGINT', 'setting `kubeGraceful.images`'],
    ]);
    assert.deepStrictEqual(analyzer.settingsFor(file).images.map((entry) => entry.image), ['acme/web', 'acme/api']);
    assert.deepStrictEqual(analyzer.settingsFor('file:///elsewhere/x.yaml').images.map((entry) => entry.origin), ['setting `kubeGraceful.images`']);
  });

  it('gives hovers and the explain view the project file\'s images', () => {
    const analyzer = new Analyzer();
    analyzer.setFile('file:///w/.kube-graceful.yaml', 'images:\n  - image: registry.example.com/platform/nginx\n    stopSignal: SIGQUIT\n    runs: nginx\n');
    analyzer.setFile('file:///w/web/Dockerfile', 'FROM registry.example.com/platform/nginx:1.4\nCMD ["nginx", "-g", "daemon off;"]\n');
    assert.match(analyzer.hover('file:///w/web/Dockerfile', { line: 1, character: 1 })!,
      /Stop signal: SIGQUIT \(inherited from `registry\.example\.com\/platform\/nginx:1\.4`, the base of web\/Dockerfile: per \.kube-graceful\.yaml line 2, /);
    analyzer.setFile(file, deployment.replace('example/web:1', 'registry.example.com/platform/nginx:1.4'));
    const timeline = analyzer.podTimeline(file, { line: 0, character: 0 })!;
    assert.strictEqual(timeline.containers[0].signal.detail,
      'Stop signal: SIGQUIT (`registry.example.com/platform/nginx:1.4`: per .kube-graceful.yaml line 2, `registry.example.com/platform/nginx` images set STOPSIGNAL SIGQUIT).');
  });

  it('does not analyse excluded files, nor files outside `include`', () => {
    const analyzer = new Analyzer();
    analyzer.setFile(file, deployment);
    analyzer.setFile('file:///w/.kube-graceful.yaml', 'exclude: ["app/**"]\n');
    assert.deepStrictEqual(analyzer.analyze(file).findings, []);
    analyzer.setFile('file:///w/.kube-graceful.yaml', 'include: ["deploy/**"]\n');
    assert.deepStrictEqual(analyzer.analyze(file).findings, []);
    analyzer.setFile('file:///w/.kube-graceful.yaml', 'include: ["app/*.yaml"]\n');
    assert.strictEqual(analyzer.analyze(file).findings.length, 1);
  });

  it('re-validates every file when a project file changes', () => {
    const analyzer = new Analyzer();
    analyzer.setFile(file, deployment);
    analyzer.setFile('file:///w/.kube-graceful.yaml', 'rules: {}\n');
    assert.deepStrictEqual(analyzer.dependents('file:///w/.kube-graceful.yaml'), [file]);
  });
});
