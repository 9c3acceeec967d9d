import * as assert from 'assert';
import { finalStage } from '../../../server/src/service/model/dockerfile-image';
import { workspaceBuildOf } from '../../../server/src/service/model/image-source';
import { installedPackages } from '../../../server/src/service/model/installed-packages';
import { deliveredSignal, readArgv, serverOf } from '../../../server/src/service/model/server-process';
import { parseDockerfile } from '../../../server/src/service/parse/dockerfile';
import { parseKubernetes } from '../../../server/src/service/parse/kubernetes';
import { parseKubernetesVersion } from '../../../server/src/service/settings';
import { effectiveStopSignal, imageStopSignal, lifecycleStopSignalProblems } from '../../../server/src/service/shutdown/stop-signal';
import { containerShutdown } from '../../../server/src/service/shutdown/timeline';
import { Workspace } from '../../../server/src/service/workspace';
import { SourceText } from '../../../server/src/service/source';

const dockerfileAt = (uri: string, text: string) => parseDockerfile(new SourceText(uri, text));
const dockerfile = (text: string) => dockerfileAt('file:///w/web/Dockerfile', text);

function pod(container: string, podLines = '') {
  const file = parseKubernetes(new SourceText('file:///w/d.yaml', `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
${podLines}  containers:
    - name: web
${container}`));
  return { pod: file.podTemplates[0], container: file.podTemplates[0].containers[0], source: file.source };
}

describe('Dockerfile model: RUN instructions and the last instruction of a stage', () => {
  it('joins continuation lines, drops comment lines inside them, and reads heredocs and exec form', () => {
    const model = dockerfile('FROM debian\nRUN apt-get update \\\n  # a comment\n  && apt-get install -y nginx\nRUN ["apk", "add", "nginx"]\nRUN <<EOT\napk add php82-fpm\nEOT\nCOPY a /b\n');
    const [stage] = model.stages;
    assert.deepStrictEqual(stage.runs.map((run) => run.script ?? run.argv), [
      'apt-get update   && apt-get install -y nginx', ['apk', 'add', 'nginx'], 'apk add php82-fpm',
    ]);
    assert.deepStrictEqual(stage.runs.map((run) => run.range.start.line), [1, 4, 5]);
    assert.strictEqual(stage.lastInstructionRange.start.line, 8);
    assert.strictEqual(dockerfile('FROM a\n').stages[0].lastInstructionRange.start.line, 0);
  });

  it('honours the escape directive', () => {
    const [stage] = dockerfile('# escape=`\nFROM mcr.microsoft.com/windows/servercore\nRUN apt-get install `\n  nginx\n').stages;
    assert.strictEqual(stage.runs[0].script, 'apt-get install   nginx');
  });

  it('finds packages installed by the stage and the stages it is built from', () => {
    const model = dockerfile('FROM debian AS base\nRUN apt-get -y install --no-install-recommends nginx=1.22.1-9 $EXTRA\nFROM base\nRUN if true; then apk --no-cache add php82-fpm; fi && pip install gunicorn\nRUN apt-get remove nginx\n');
    assert.deepStrictEqual(installedPackages(finalStage(model)!).map((installed) => `${installed.command} ${installed.spec}`), [
      'apt-get install nginx=1.22.1-9', 'apk add php82-fpm', 'pip install gunicorn',
    ]);
  });
});

describe('the server a process runs', () => {
  const server = (argv: string[], image = 'debian:12') => {
    const reading = readArgv(argv, image);
    return reading.kind === 'server' ? [reading.server.id, reading.shellParent ?? '', reading.underInit] : reading.kind;
  };
  const cases: [string, string[], string, unknown][] = [
    ['a plain argv', ['/usr/sbin/nginx', '-g', 'daemon off;'], 'debian:12', ['nginx', '', false]],
    ['tini --', ['/sbin/tini', '-g', '--', 'php-fpm', '-F'], 'debian:12', ['php-fpm', '', true]],
    ['dumb-init with options', ['dumb-init', '--single-child', 'haproxy', '-f', 'x'], 'debian:12', ['haproxy', '', true]],
    ['gosu', ['gosu', 'www-data', 'apache2-foreground'], 'debian:12', ['httpd', '', false]],
    ['env with assignments', ['env', '-i', 'A=1', 'gunicorn', 'app:app'], 'debian:12', ['gunicorn', '', false]],
    ['python -m', ['python3', '-m', 'gunicorn', 'app:app'], 'debian:12', ['gunicorn', '', false]],
    ['bundle exec', ['bundle', 'exec', 'unicorn', '-c', 'config/unicorn.rb'], 'debian:12', ['unicorn', '', false]],
    ['sh -c with exec', ['sh', '-c', 'envsubst < a > b && exec nginx -g "daemon off;"'], 'debian:12', ['nginx', '', false]],
    ['sh -c without exec on dash', ['sh', '-c', 'envsubst < a > b && nginx -g "daemon off;"'], 'debian:12', ['nginx', 'sh', false]],
    ['sh -c single command on dash', ['/bin/sh', '-c', 'nginx'], 'debian:12', ['nginx', 'sh', false]],
    ['sh -c single command on Alpine ash', ['/bin/sh', '-c', 'nginx'], 'alpine:3.20', ['nginx', '', false]],
    ['bash -c single command', ['bash', '-c', 'nginx'], 'debian:12', ['nginx', '', false]],
    ['bash -c with a trap', ['bash', '-c', 'trap "echo bye" EXIT; nginx'], 'debian:12', ['nginx', 'bash', false]],
    ['a background last command', ['sh', '-c', 'nginx &'], 'debian:12', 'other'],
    ['a script file', ['/docker-entrypoint.sh', 'nginx'], 'debian:12', 'other'],
    ['a shell running a file', ['sh', '/start.sh'], 'debian:12', 'other'],
    ['env without a command', ['env'], 'debian:12', 'other'],
  ];
  for (const [name, argv, image, expected] of cases) it(name, () => assert.deepStrictEqual(server(argv, image), expected));

  it('follows dumb-init --rewrite to the signal the server finally gets', () => {
    const reading = readArgv(['dumb-init', '-r', '15:3', '--rewrite=2:3', 'nginx'], 'debian:12');
    assert.ok(reading.kind === 'server');
    assert.strictEqual(deliveredSignal('SIGTERM', reading.rewrites), 'SIGQUIT');
    assert.strictEqual(deliveredSignal('SIGINT', reading.rewrites), 'SIGQUIT');
    assert.strictEqual(deliveredSignal('SIGHUP', reading.rewrites), 'SIGHUP');
  });

  it('recognises the server of a container from its command, the workspace Dockerfile, packages or an official image', () => {
    const files = [dockerfileAt('file:///w/web/Dockerfile', 'FROM debian:12\nRUN apt-get install -y nginx\nCMD ["/start.sh"]\n')];
    const recognise = (image: string, overrides = {}) => {
      const found = serverOf(image, workspaceBuildOf(image, files), [], overrides);
      return found && [found.server.id, found.confidence, found.pid1, found.reason];
    };
    assert.deepStrictEqual(recognise('nginx:1.25'), ['nginx', 'certain', true, 'the image `nginx:1.25` runs it']);
    assert.deepStrictEqual(recognise('nginx:1.25', { command: ['/custom.sh'] }), ['nginx', 'likely', false, 'the image `nginx:1.25` runs it']);
    assert.deepStrictEqual(recognise('nginx:1.25', { args: ['nginx-debug', '-g', 'daemon off;'] }), ['nginx', 'certain', true, 'its args run `nginx-debug`']);
    assert.deepStrictEqual(recognise('example/api:1', { command: ['gunicorn', 'app:app'] }), ['gunicorn', 'certain', true, 'its command runs `gunicorn`']);
    assert.deepStrictEqual(recognise('registry.local/web:3'), ['nginx', 'likely', false, '`apt-get install nginx` in web/Dockerfile (line 2) installs it']);
    assert.strictEqual(recognise('example/api:1'), undefined);
  });
});

describe('the effective stop signal', () => {
  const v = (text: string) => parseKubernetesVersion(text)!;

  it('follows the FROM chain of a workspace Dockerfile to its STOPSIGNAL or its root image', () => {
    const own = dockerfile('FROM nginx:1.25 AS base\nSTOPSIGNAL SIGTERM\nFROM base\nCOPY a /b\n');
    assert.deepStrictEqual(pick(imageStopSignal(own, finalStage(own)!, [])), ['SIGTERM', true, 'dockerfile', 'SIGTERM (STOPSIGNAL in web/Dockerfile line 2)']);
    const inherited = dockerfile('FROM nginx:1.25 AS base\nFROM base\n');
    assert.deepStrictEqual(pick(imageStopSignal(inherited, finalStage(inherited)!, [])).slice(0, 3), ['SIGQUIT', true, 'image']);
    const numeric = dockerfile('FROM debian\nSTOPSIGNAL 3\n');
    assert.strictEqual(imageStopSignal(numeric, finalStage(numeric)!, []).name, 'SIGQUIT');
    const variable = dockerfile('FROM debian\nSTOPSIGNAL $SIG\n');
    assert.deepStrictEqual(pick(imageStopSignal(variable, finalStage(variable)!, [])).slice(0, 2), ['$SIG', false]);
    const unknown = dockerfile('FROM python:3.12\n');
    assert.deepStrictEqual(pick(imageStopSignal(unknown, finalStage(unknown)!, [])), ['SIGTERM', false, 'default', 'SIGTERM unless the base image `python:3.12` of web/Dockerfile sets a STOPSIGNAL']);
  });

  it('takes lifecycle.stopSignal only where the API honours it, then the workspace build, the official table, the default', () => {
    const dockerfiles = [dockerfile('FROM debian:12\nSTOPSIGNAL SIGWINCH\n')];
    const withOs = pod('      image: nginx:1.17\n      lifecycle:\n        stopSignal: SIGQUIT\n', '  os:\n    name: linux\n');
    assert.deepStrictEqual(pick(effectiveStopSignal(withOs.pod, withOs.container, { kubernetesVersion: v('1.33'), images: [] })), ['SIGQUIT', true, 'lifecycle', 'SIGQUIT (lifecycle.stopSignal)']);
    assert.strictEqual(effectiveStopSignal(withOs.pod, withOs.container, { kubernetesVersion: v('1.32'), images: [] }).origin.kind, 'image', 'not before 1.33');
    assert.strictEqual(effectiveStopSignal(withOs.pod, withOs.container, { images: [] }).origin.kind, 'lifecycle', 'an unknown version is taken as recent');
    const withoutOs = pod('      image: nginx:1.17\n      lifecycle:\n        stopSignal: SIGQUIT\n');
    assert.deepStrictEqual(pick(effectiveStopSignal(withoutOs.pod, withoutOs.container, { images: [] })).slice(0, 3), ['SIGTERM', true, 'image']);
    const built = pod('      image: registry.local/web:2\n');
    const signal = effectiveStopSignal(built.pod, built.container, { dockerfiles, images: [] });
    assert.deepStrictEqual(pick(signal).slice(0, 3), ['SIGWINCH', true, 'dockerfile']);
    assert.strictEqual(signal.build?.dockerfile, dockerfiles[0]);
    const unknown = pod('      image: example/web:1\n');
    assert.deepStrictEqual(pick(effectiveStopSignal(unknown.pod, unknown.container, { images: [] })), ['SIGTERM', false, 'default', "the image's STOPSIGNAL (SIGTERM unless the image sets one)"]);
  });

  it('lists what is wrong with a lifecycle.stopSignal (FACTS §3)', () => {
    const problems = (container: string, podLines = '', version = '1.33') => {
      const read = pod(container, podLines);
      return lifecycleStopSignalProblems(read.pod, read.container, v(version)).map((problem) => problem.kind);
    };
    const signal = (value: string) => `      image: a\n      lifecycle:\n        stopSignal: ${value}\n`;
    assert.deepStrictEqual(problems(signal('SIGQUIT'), '  os:\n    name: linux\n'), []);
    assert.deepStrictEqual(problems(signal('SIGQUIT')), ['os-name-missing']);
    assert.deepStrictEqual(problems(signal('QUIT'), '  os:\n    name: linux\n'), ['not-allowed']);
    assert.deepStrictEqual(problems(signal('SIGQUIT'), '  os:\n    name: windows\n'), ['not-allowed']);
    assert.deepStrictEqual(problems(signal('SIGKILL'), '  os:\n    name: windows\n'), []);
    assert.deepStrictEqual(problems(signal('SIGQUIT'), '  os:\n    name: linux\n', '1.32'), ['field-too-new']);
    assert.deepStrictEqual(problems('      image: a\n'), []);
  });

  it('keeps the node of the image, where findings about the image point', () => {
    const read = pod('      image: nginx:1.25 # pinned\n');
    assert.deepStrictEqual(read.container.imageNode?.range?.slice(0, 2).map((offset) => read.source.positionAt(offset)),
      [{ line: 7, character: 13 }, { line: 7, character: 23 }]);
  });

  it('is what the shutdown timeline shows', () => {
    const read = pod('      image: nginx:1.25\n');
    const context = { source: read.source, workspace: new Workspace(() => ({ maxFileSizeBytes: 1e6 })), kubernetesVersion: { major: 1, minor: 30 }, drainBudgetSeconds: 30, images: [] };
    assert.strictEqual(containerShutdown(read.pod, read.container, context).stopSignal.description,
      'SIGQUIT (`nginx:1.25`: official nginx images set STOPSIGNAL SIGQUIT from 1.19.5 (mainline) and 1.20 (stable) on)');
  });
});

function pick(signal: { name: string; certain: boolean; origin: { kind: string }; description: string }) {
  return [signal.name, signal.certain, signal.origin.kind, signal.description];
}
