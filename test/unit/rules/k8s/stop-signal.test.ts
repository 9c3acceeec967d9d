import * as assert from 'assert';
import { applyEdits } from '../../../../server/src/service';
import rule from '../../../../server/src/service/rules/k8s/stop-signal';
import { fileUri, lint, testRule } from '../../../support/rule-tester';

/** A Deployment whose single container is `web` with the given lines; `podLines` go before `containers:`. */
const deployment = (container: string, podLines = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  template:
    spec:
${podLines}      containers:
        - name: web
${container}`;

const v133 = { kubernetesVersion: '1.33' };
const builtImage = '          image: registry.example.com/shop/web:2.1\n';
const dockerfile = (code: string) => [{ filename: 'web/Dockerfile', code }];
const nginxOnDebian = 'FROM debian:12-slim\nRUN apt-get update \\\n  && apt-get install -y --no-install-recommends nginx \\\n  && rm -rf /var/lib/apt/lists/*\nCMD ["nginx", "-g", "daemon off;"]\n';
/** A project file with one entry for registry.example.com/platform/nginx, with the given lines. */
const platformNginx = (lines: string) => ({ filename: '.kube-graceful.yaml', code: `images:\n  - image: registry.example.com/platform/nginx\n${lines}` });
const preStopSuggestion = '          lifecycle:\n            preStop:\n              exec:\n                command: ["sh", "-c", "sleep 5; kill -QUIT 1; while kill -0 1 2>/dev/null; do sleep 1; done"]\n';

testRule(rule, {
  valid: [
    { name: 'official nginx image with its own command', code: deployment('          image: nginx:1.27\n          command: ["nginx", "-g", "daemon off;"]\n') },
    { name: 'official nginx image by floating tag', code: deployment('          image: nginx:stable-alpine\n') },
    { name: 'nginx 1.19 is the newest 1.19.x, which sets SIGQUIT', code: deployment('          image: docker.io/library/nginx:1.19\n') },
    { name: 'php:8.3-fpm', code: deployment('          image: php:8.3-fpm\n') },
    { name: 'php:8.3-apache runs httpd with SIGWINCH', code: deployment('          image: php:8.3-apache\n          command: ["apache2-foreground"]\n') },
    { name: 'haproxy with its own command', code: deployment('          image: haproxy:2.9\n          command: ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]\n') },
    {
      name: 'lifecycle.stopSignal SIGQUIT with os.name on 1.33',
      settings: v133,
      code: deployment('          image: example/nginx-app:3\n          command: ["nginx", "-g", "daemon off;"]\n          lifecycle:\n            stopSignal: SIGQUIT\n', '      os:\n        name: linux\n'),
    },
    {
      name: 'workspace Dockerfile with STOPSIGNAL SIGQUIT',
      code: deployment(builtImage),
      otherFiles: dockerfile('FROM debian:12\nRUN apt-get install -y nginx\nSTOPSIGNAL SIGQUIT\nCMD ["nginx", "-g", "daemon off;"]\n'),
    },
    {
      name: 'workspace Dockerfile inheriting SIGQUIT from its nginx base through a stage',
      code: deployment(builtImage),
      otherFiles: dockerfile('FROM nginx:1.27-alpine AS base\nCOPY nginx.conf /etc/nginx/nginx.conf\nFROM base\nCOPY dist /usr/share/nginx/html\n'),
    },
    { name: 'gunicorn stops gracefully on SIGTERM', code: deployment('          image: python:3.12-slim\n          command: ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n') },
    {
      name: 'nginx in an image of our own that the project file says sets SIGQUIT',
      code: deployment('          image: registry.example.com/platform/nginx:1.4\n          command: ["nginx", "-g", "daemon off;"]\n'),
      otherFiles: [platformNginx('    stopSignal: SIGQUIT\n')],
    },
    {
      name: 'an entry for another registry says nothing about this image',
      code: deployment('          image: mirror.example.com/platform/nginx:1.4\n'),
      otherFiles: [platformNginx('    runs: nginx\n')],
    },
    { name: 'an unknown image whose server cannot be told', code: deployment('          image: example/web:1.4\n          ports:\n            - containerPort: 8080\n') },
    { name: 'an unknown program in an unknown image', code: deployment('          image: example/web:1.4\n          command: ["/app/start.sh"]\n') },
    { name: 'nginx exec\'d at the end of a shell command', code: deployment('          image: nginx:1.27\n          command: ["sh", "-c", "envsubst < /t > /etc/nginx/conf.d/default.conf && exec nginx -g \'daemon off;\'"]\n') },
    { name: 'dumb-init rewrites SIGTERM to SIGQUIT', code: deployment('          image: nginx:1.17\n          command: ["dumb-init", "--rewrite", "15:3", "nginx", "-g", "daemon off;"]\n') },
    {
      name: 'a preStop hook that quits nginx gracefully and waits',
      code: deployment('          image: nginx:1.17\n          lifecycle:\n            preStop:\n              exec:\n                command: ["sh", "-c", "sleep 5; nginx -s quit; while killall -0 nginx; do sleep 1; done"]\n'),
    },
    { name: 'uWSGI with its graceful hook', code: deployment('          image: python:3.12\n          command: ["uwsgi", "--http", ":8000", "--hook-master-start", "unix_signal:15 gracefully_kill_them_all", "--module", "app"]\n') },
    { name: 'uWSGI reading an ini file we cannot see', code: deployment('          image: python:3.12\n          command: ["uwsgi", "--ini", "/app/uwsgi.ini"]\n') },
    { name: 'Envoy drained by its preStop hook', code: deployment('          image: envoyproxy/envoy:v1.30.1\n          command: ["envoy", "-c", "/etc/envoy/envoy.yaml"]\n          lifecycle:\n            preStop:\n              httpGet:\n                path: /drain_listeners?graceful\n                port: 9901\n') },
    { name: 'two servers installed, a script as CMD: unclear', code: deployment(builtImage), otherFiles: dockerfile('FROM debian:12\nRUN apt-get install -y nginx php8.2-fpm\nCMD ["/start.sh"]\n') },
    {
      name: 'a Job is not stopped while serving',
      code: 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: once\nspec:\n  template:\n    spec:\n      containers:\n        - name: once\n          image: nginx:1.17\n',
    },
  ],
  invalid: [
    {
      name: 'old nginx:1.17 tag stops with SIGTERM',
      code: deployment(`          image: nginx:1.17
#                ^^^^^^^^^^ k8s/stop-signal
          ports:
            - containerPort: 80
`),
      output: null,
      messages: [['nginx gets SIGTERM (fast shutdown): open connections are dropped', 'the image `nginx:1.17` runs it', 'only from 1.19.5', 'stops gracefully on SIGQUIT', 'Current tags']],
      severities: ['warning'],
      suggestions: [{
        title: 'Add a preStop hook that sends SIGQUIT to nginx and waits for it to exit',
        output: deployment(`          image: nginx:1.17
          ports:
            - containerPort: 80
${preStopSuggestion}`),
      }],
    },
    {
      name: 'old nginx tag on 1.33: lifecycle.stopSignal with spec.os.name, then the preStop hook',
      settings: v133,
      code: deployment(`          image: nginx:1.17
#                ^^^^^^^^^^ k8s/stop-signal
`),
      output: deployment(`          image: nginx:1.17
          lifecycle:
            stopSignal: SIGQUIT
      os:
        name: linux
`),
      fixSafety: 'unsafe',
      suggestions: [{ title: 'Add a preStop hook that sends SIGQUIT to nginx and waits for it to exit', output: deployment(`          image: nginx:1.17\n${preStopSuggestion}`) }],
    },
    {
      name: 'nginx 1.18.0 depends on the digest: a hint',
      code: deployment(`          image: nginx:1.18.0
#                ^^^^^^^^^^^^ k8s/stop-signal
`),
      output: null,
      messages: [['depends on the digest of `nginx:1.18.0`', 'earlier builds stop with SIGTERM']],
      severities: ['hint'],
    },
    {
      name: 'an image of our own that runs nginx and sets no STOPSIGNAL, per the project file',
      code: deployment(`          image: registry.example.com/platform/nginx:1.4
#                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ k8s/stop-signal
`),
      otherFiles: [platformNginx('    runs: nginx\n')],
      output: null,
      messages: [[
        'nginx gets SIGTERM (fast shutdown)', 'the image `registry.example.com/platform/nginx:1.4` runs it, per .kube-graceful.yaml line 2',
        'per .kube-graceful.yaml line 2, `registry.example.com/platform/nginx` images set no STOPSIGNAL',
      ]],
      severities: ['warning'],
      suggestions: [{ title: 'Add a preStop hook that sends SIGQUIT to nginx and waits for it to exit', output: deployment(`          image: registry.example.com/platform/nginx:1.4\n${preStopSuggestion}`) }],
    },
    {
      name: 'the project file wins over the official table: an nginx image rebuilt without STOPSIGNAL',
      code: deployment(`          image: nginx:1.27
#                ^^^^^^^^^^ k8s/stop-signal
`),
      otherFiles: [{ filename: '.kube-graceful.yaml', code: 'images:\n  - image: nginx:1.27*\n    runs: nginx\n' }],
      output: null,
      messages: [['per .kube-graceful.yaml line 2, `nginx:1.27*` images set no STOPSIGNAL']],
    },
    {
      name: 'nginx run by a command in an image we cannot see: a hint',
      code: deployment(`          image: mycorp/frontend:1
#                ^^^^^^^^^^^^^^^^^ k8s/stop-signal
          command: ["nginx", "-g", "daemon off;"]
`),
      output: null,
      messages: [['its command runs `nginx`', 'unless the image `mycorp/frontend:1` sets a STOPSIGNAL']],
      severities: ['hint'],
    },
    {
      name: 'a shell wrapper without exec loses the image\'s STOPSIGNAL',
      code: deployment(`          image: nginx:1.27
#                ^^^^^^^^^^ k8s/stop-signal
          command: ["sh", "-c", "envsubst < /t > /etc/nginx/conf.d/default.conf && nginx -g 'daemon off;'"]
`),
      output: null,
      messages: [['under `sh`', 'SIGQUIT goes to `sh`', 'Put `exec` before nginx']],
      severities: ['hint'],
    },
    {
      name: 'explicit lifecycle.stopSignal SIGTERM on php-fpm',
      settings: v133,
      code: deployment(`          image: php:8.3-fpm
          lifecycle:
            stopSignal: SIGTERM
#                       ^^^^^^^ k8s/stop-signal
`, '      os:\n        name: linux\n'),
      output: deployment(`          image: php:8.3-fpm
          lifecycle:
            stopSignal: SIGQUIT
`, '      os:\n        name: linux\n'),
      messages: [['php-fpm gets SIGTERM (immediate termination)', 'SIGTERM (lifecycle.stopSignal)', 'process_control_timeout']],
      fixSafety: 'unsafe',
    },
    {
      name: 'gunicorn given SIGQUIT stops quickly',
      settings: v133,
      code: deployment(`          image: python:3.12
          command: ["gunicorn", "app:app"]
          lifecycle:
            stopSignal: SIGQUIT
#                       ^^^^^^^ k8s/stop-signal
`, '      os:\n        name: linux\n'),
      output: deployment(`          image: python:3.12
          command: ["gunicorn", "app:app"]
          lifecycle:
            stopSignal: SIGTERM
`, '      os:\n        name: linux\n'),
      messages: [['gunicorn gets SIGQUIT (quick shutdown)', 'stops gracefully on SIGTERM']],
    },
    {
      name: 'stopSignal without spec.os.name is rejected',
      settings: v133,
      code: deployment(`          image: example/web:1.4
          lifecycle:
            stopSignal: SIGQUIT
#                       ^^^^^^^ k8s/stop-signal
`),
      output: deployment(`          image: example/web:1.4
          lifecycle:
            stopSignal: SIGQUIT
      os:
        name: linux
`),
      messages: [['requires `spec.os.name`', 'rejects the pod', 'ContainerStopSignals', 'containerd ≥ 2.3']],
      severities: ['error'],
      fixSafety: 'safe',
    },
    {
      name: 'an old nginx whose lifecycle.stopSignal is not in effect: one fix, on the lifecycle finding',
      settings: v133,
      code: deployment(`          image: nginx:1.17
#                ^^^^^^^^^^ k8s/stop-signal
          lifecycle:
            stopSignal: SIGQUIT
#                       ^^^^^^^ k8s/stop-signal
`),
      output: deployment(`          image: nginx:1.17
          lifecycle:
            stopSignal: SIGQUIT
      os:
        name: linux
`),
      messages: [['nginx gets SIGTERM', '`lifecycle.stopSignal` is not in effect'], ['requires `spec.os.name`']],
      severities: ['warning', 'error'],
    },
    {
      name: 'two containers without spec.os.name: the pod-level key is added once',
      settings: v133,
      code: deployment(`          image: example/web:1.4
          lifecycle:
            stopSignal: SIGQUIT
#                       ^^^^^^^ k8s/stop-signal
        - name: sidecar
          image: example/log:1
          lifecycle:
            stopSignal: SIGUSR1
#                       ^^^^^^^ k8s/stop-signal
`),
      output: deployment(`          image: example/web:1.4
          lifecycle:
            stopSignal: SIGQUIT
        - name: sidecar
          image: example/log:1
          lifecycle:
            stopSignal: SIGUSR1
      os:
        name: linux
`),
    },
    {
      name: 'a value without the SIG prefix is rejected',
      settings: v133,
      code: deployment(`          image: example/web:1.4
          lifecycle:
            stopSignal: QUIT
#                       ^^^^ k8s/stop-signal
`, '      os:\n        name: linux\n'),
      output: deployment(`          image: example/web:1.4
          lifecycle:
            stopSignal: SIGQUIT
`, '      os:\n        name: linux\n'),
      messages: [['`lifecycle.stopSignal: QUIT` is not a value', 'Write `SIGQUIT`']],
    },
    {
      name: 'Windows pods only take SIGTERM and SIGKILL',
      settings: v133,
      code: deployment(`          image: example/web:1.4
          lifecycle:
            stopSignal: SIGQUIT
#                       ^^^^^^^ k8s/stop-signal
`, '      os:\n        name: windows\n'),
      output: null,
      messages: [['Windows pods accept only SIGTERM and SIGKILL']],
    },
    {
      name: 'lifecycle.stopSignal below 1.33 does not exist',
      code: deployment(`          image: example/web:1.4
          lifecycle:
            stopSignal: SIGQUIT
#                       ^^^^^^^ k8s/stop-signal
`, '      os:\n        name: linux\n'),
      output: null,
      messages: [['exists only from Kubernetes 1.33 (kubernetesVersion is 1.30)']],
    },
    {
      name: 'uWSGI reloads on SIGTERM instead of exiting',
      code: deployment(`          image: python:3.12
#                ^^^^^^^^^^^ k8s/stop-signal
          command: ["uwsgi", "--http", ":8000", "--module", "app"]
`),
      output: null,
      messages: [['uWSGI gets SIGTERM (brutal reload)', 'gracefully_kill_them_all']],
      severities: ['warning'],
    },
    {
      name: 'uWSGI with --die-on-term exits, but not gracefully: a hint',
      code: deployment(`          image: python:3.12
#                ^^^^^^^^^^^ k8s/stop-signal
          command: ["uwsgi", "--die-on-term", "--module", "app"]
`),
      output: null,
      messages: [['uWSGI gets SIGTERM (brutal shutdown)', 'It runs with `--die-on-term`']],
      severities: ['hint'],
    },
    {
      name: 'Envoy without a preStop drain: a hint',
      code: deployment(`          image: envoyproxy/envoy:v1.30.1
#                ^^^^^^^^^^^^^^^^^^^^^^^^ k8s/stop-signal
          command: ["envoy", "-c", "/etc/envoy/envoy.yaml"]
`),
      output: null,
      messages: [['exits at once on any stop signal', 'drain_listeners']],
      severities: ['hint'],
    },
  ],
});

/** The cross-file fix: the rule tester compares only the manifest, so these apply the Dockerfile's edits themselves. */
describe('k8s/stop-signal fixes in the workspace Dockerfile', () => {
  const manifest = deployment(builtImage);
  const dockerfileUri = fileUri('web/Dockerfile');

  function fixDockerfile(code: string, settings = {}) {
    const { findings } = lint(rule, manifest, { otherFiles: dockerfile(code), settings });
    assert.strictEqual(findings.length, 1, findings.map((finding) => finding.message).join('\n'));
    const [finding] = findings;
    assert.ok(finding.fix, 'a preferred fix');
    const fixed = applyEdits(code, finding.fix.edits()[dockerfileUri] ?? []);
    const after = lint(rule, manifest, { otherFiles: dockerfile(fixed), settings }).findings;
    assert.deepStrictEqual(after.map((item) => item.message), [], 'the fixed Dockerfile still leaves findings');
    return { finding, fixed };
  }

  it('adds STOPSIGNAL SIGQUIT before the CMD when nginx is installed on Debian', () => {
    const { finding, fixed } = fixDockerfile(nginxOnDebian);
    assert.strictEqual(finding.severity, 'warning');
    assert.strictEqual(finding.fix!.safety, 'safe');
    assert.strictEqual(finding.fix!.title, 'Add STOPSIGNAL SIGQUIT in web/Dockerfile');
    assert.match(finding.message, /nginx gets SIGTERM \(fast shutdown\)/);
    assert.match(finding.message, /the CMD of web\/Dockerfile \(line 5\) runs `nginx`/);
    assert.match(finding.message, /inherited from `debian:12-slim`/);
    assert.deepStrictEqual(finding.related.map((related) => [related.uri, related.range.start.line]), [[dockerfileUri, 4], [dockerfileUri, 0]]);
    assert.strictEqual(fixed, nginxOnDebian.replace('CMD [', 'STOPSIGNAL SIGQUIT\nCMD ['));
  });

  it('keeps CRLF line endings and appends after the last instruction when the stage has no CMD', () => {
    const code = 'FROM nginx:1.17\r\nCOPY nginx.conf /etc/nginx/nginx.conf';
    const { fixed } = fixDockerfile(code);
    assert.strictEqual(fixed, 'FROM nginx:1.17\r\nCOPY nginx.conf /etc/nginx/nginx.conf\r\nSTOPSIGNAL SIGQUIT');
  });

  it('replaces a STOPSIGNAL SIGTERM that overrides the base image, as an unsafe fix', () => {
    const { finding, fixed } = fixDockerfile('FROM nginx:1.27\nSTOPSIGNAL SIGTERM\nCOPY dist /usr/share/nginx/html\n');
    assert.strictEqual(finding.fix!.safety, 'unsafe');
    assert.match(finding.message, /SIGTERM \(STOPSIGNAL in web\/Dockerfile line 2\)/);
    assert.strictEqual(fixed, 'FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\nCOPY dist /usr/share/nginx/html\n');
  });

  it('adds SIGWINCH for httpd installed with apk, recognised by its package, as a hint', () => {
    const { finding, fixed } = fixDockerfile('FROM alpine:3.20\nRUN apk add --no-cache apache2\nCOPY start.sh /\nCMD ["/start.sh"]\n');
    assert.strictEqual(finding.severity, 'hint');
    assert.strictEqual(finding.fix!.safety, 'unsafe');
    assert.match(finding.message, /`apk add apache2` in web\/Dockerfile \(line 2\) installs it/);
    assert.strictEqual(fixed, 'FROM alpine:3.20\nRUN apk add --no-cache apache2\nCOPY start.sh /\nSTOPSIGNAL SIGWINCH\nCMD ["/start.sh"]\n');
  });

  it('offers lifecycle.stopSignal on 1.33 as a suggestion besides the Dockerfile fix', () => {
    const { findings } = lint(rule, manifest, { otherFiles: dockerfile(nginxOnDebian), settings: v133 });
    assert.deepStrictEqual(findings[0].suggestions.map((suggestion) => suggestion.title), [
      'Set lifecycle.stopSignal: SIGQUIT and spec.os.name: linux (Kubernetes 1.33+, alpha feature gate ContainerStopSignals)',
      'Add a preStop hook that sends SIGQUIT to nginx and waits for it to exit',
    ]);
  });
});
