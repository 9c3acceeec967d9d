import * as assert from 'assert';
import { isScalar, parseDocument } from 'yaml';
import { applyEdits } from '../../../server/src/service/fix/apply';
import { insertIntoScalar } from '../../../server/src/service/fix/yaml-scalar';
import { imageWithoutShell } from '../../../server/src/service/knowledge/images-without-shell';
import { stopRequest } from '../../../server/src/service/knowledge/stop-commands';
import { serverById } from '../../../server/src/service/knowledge/servers';
import { imageShell } from '../../../server/src/service/model/image-shell';
import { argvWordNode, containerArgv, shellInvocation } from '../../../server/src/service/model/shell-invocation';
import { parseDockerfile } from '../../../server/src/service/parse/dockerfile';
import { parseKubernetes } from '../../../server/src/service/parse/kubernetes';
import { withShellTree } from '../../../server/src/service/parse/shell';
import { scriptSteps } from '../../../server/src/service/parse/shell-steps';
import { SourceText } from '../../../server/src/service/source';

describe('shell invocation', () => {
  const cases: [string[], unknown][] = [
    [['sh', '-c', 'sleep 5'], { shell: 'sh', options: ['-c'], script: { text: 'sleep 5', index: 2 } }],
    [['/bin/bash', '-ec', 'run'], { shell: 'bash', options: ['-ec'], script: { text: 'run', index: 2 } }],
    [['bash', '-o', 'pipefail', '-c', 'a | b'], { shell: 'bash', options: ['-o', '-c'], script: { text: 'a | b', index: 4 } }],
    [['bash', '--login', '-c', 'run'], { shell: 'bash', options: ['--login', '-c'], script: { text: 'run', index: 3 } }],
    [['busybox', 'sh', '-c', 'run'], { shell: 'sh', options: ['-c'], script: { text: 'run', index: 3 } }],
    [['sh', '/entrypoint.sh'], { shell: 'sh', options: [], script: undefined }],
    [['sh', '-c'], { shell: 'sh', options: ['-c'], script: undefined }],
    [['/bin/sh', '-SIGQUIT', '1'], { shell: 'sh', options: ['-SIGQUIT'], unknownOption: { word: '-SIGQUIT', letter: 'S' }, script: undefined }],
  ];
  for (const [argv, expected] of cases) {
    it(argv.join(' '), () => {
      const invocation = shellInvocation(argv);
      assert.deepStrictEqual(
        invocation && { shell: invocation.shell, options: invocation.options, ...(invocation.unknownOption ? { unknownOption: invocation.unknownOption } : {}), script: invocation.script },
        expected,
      );
    });
  }
  it('is undefined for a program that is not a shell', () => assert.strictEqual(shellInvocation(['nginx', '-c', 'x']), undefined));
});

describe('container command and args in the model', () => {
  const file = parseKubernetes(new SourceText('file:///w.yaml', `apiVersion: v1
kind: Pod
metadata: {name: w}
spec:
  containers:
    - name: w
      command: ["/bin/sh", "-c"]
      args:
        - exec server --port 80
`));
  const container = file.podTemplates[0].containers[0];
  it('keeps the nodes of command and args', () => {
    assert.ok(container.commandNode && container.argsNode);
    assert.deepStrictEqual(containerArgv(container), ['/bin/sh', '-c', 'exec server --port 80']);
  });
  it('finds the scalar of an argv word across command and args', () => {
    const node = argvWordNode(2, container.commandNode, container.argsNode);
    assert.ok(isScalar(node));
    assert.strictEqual(node.value, 'exec server --port 80');
    assert.strictEqual(argvWordNode(5, container.commandNode, container.argsNode), undefined);
  });
});

describe('script steps', () => {
  const steps = (script: string) => withShellTree(script, (root) => scriptSteps(root))
    .map((step) => [step.type, step.name, step.args, step.conditional, step.background]);
  it('flattens lists in order and marks what runs only on failure', () => {
    assert.deepStrictEqual(steps('sleep 5 && nginx -s quit || true; kill -QUIT $(cat /run/p.pid) &'), [
      ['command', 'sleep', ['5'], false, false],
      ['command', 'nginx', ['-s', 'quit'], false, false],
      ['command', 'true', [], true, false],
      ['command', 'kill', ['-QUIT', undefined], false, true],
    ]);
  });
  it('keeps loops as one step', () => {
    assert.deepStrictEqual(steps('while kill -0 1; do sleep 1; done'), [['while_statement', undefined, [], false, false]]);
  });
});

describe('stop requests', () => {
  const request = (script: string, pid1 = serverById('nginx')) => withShellTree(script, (root) => {
    const [step] = scriptSteps(root);
    const found = step.name ? stopRequest(step.name, step.args, step.argTexts, pid1) : undefined;
    return found && [found.signal, found.server?.id, found.stillRunning];
  });
  const cases: [string, unknown][] = [
    ['nginx -s quit', ['SIGQUIT', 'nginx', 'kill -0 1']],
    ['/usr/sbin/nginx -c /etc/nginx/nginx.conf -s stop', ['SIGTERM', 'nginx', 'kill -0 1']],
    ['apachectl -k graceful-stop', ['SIGWINCH', 'httpd', 'kill -0 1']],
    ['apache2ctl graceful-stop', ['SIGWINCH', 'httpd', 'kill -0 1']],
    ['kill -QUIT 1', ['SIGQUIT', 'nginx', 'kill -0 1']],
    ['kill -s SIGQUIT 1', ['SIGQUIT', 'nginx', 'kill -0 1']],
    ['kill 1', ['SIGTERM', 'nginx', 'kill -0 1']],
    ['kill -3 "$(cat /run/php-fpm.pid)"', ['SIGQUIT', undefined, 'kill -0 "$(cat /run/php-fpm.pid)"']],
    ['pkill -QUIT -f php-fpm', ['SIGQUIT', 'php-fpm', 'pkill -0 -f php-fpm']],
    ['killall -s QUIT nginx', ['SIGQUIT', 'nginx', 'killall -0 nginx']],
    ['nginx -s reload', undefined],
    ['kill -0 1', undefined],
    ['kill -HUP 1', undefined],
    ['kill -USR1 1', undefined],
  ];
  for (const [script, expected] of cases) it(script, () => assert.deepStrictEqual(request(script), expected));
  it('kill -USR1 1 is a soft stop when PID 1 is HAProxy', () => assert.deepStrictEqual(request('kill -USR1 1', serverById('haproxy')), ['SIGUSR1', 'haproxy', 'kill -0 1']));
});

describe('images without a shell', () => {
  const cases: [string, string | undefined, boolean][] = [
    ['distroless/static-debian12', 'nonroot', true],
    ['distroless/base-debian12', 'debug-nonroot', false],
    ['chainguard/static', 'latest', true],
    ['chainguard/static', 'latest-dev', false],
    ['scratch', undefined, true],
    ['debian', '12', false],
  ];
  for (const [repository, tag, none] of cases) it(`${repository}:${tag}`, () => assert.strictEqual(imageWithoutShell(repository, tag) !== undefined, none));

  it('follows a workspace Dockerfile to scratch and says so', () => {
    const dockerfile = parseDockerfile(new SourceText('file:///w/api/Dockerfile', 'FROM golang:1.22 AS build\nFROM scratch\nCOPY --from=build /api /api\n'));
    const shell = imageShell('registry.example.com/api:1', [dockerfile]);
    assert.strictEqual(shell?.flavour, 'none');
    assert.strictEqual(shell?.via, 'workspace');
    assert.match(shell?.reason ?? '', /api\/Dockerfile .* builds it FROM `scratch`/);
  });
});

describe('inserting into a YAML scalar', () => {
  const insert = (yaml: string, offset: number, text: string) => {
    const source = new SourceText('file:///s.yaml', yaml);
    const node = parseDocument(yaml).get('a', true);
    if (!isScalar(node)) throw new Error('no scalar');
    const edits = insertIntoScalar(source, node, [{ offset, text }]);
    return edits && { text: applyEdits(yaml, edits.edits), exact: edits.exact };
  };
  it('keeps a plain scalar plain', () => assert.deepStrictEqual(insert('a: x && y\n', 5, 'exec '), { text: 'a: x && exec y\n', exact: true }));
  it('doubles quotes in a single-quoted scalar', () => assert.deepStrictEqual(insert("a: 'echo ''hi''; y'\n", 11, 'exec '), { text: "a: 'echo ''hi''; exec y'\n", exact: true }));
  it('escapes in a double-quoted scalar', () => assert.deepStrictEqual(insert('a: "echo \\"hi\\"; y"\n', 11, 'exec '), { text: 'a: "echo \\"hi\\"; exec y"\n', exact: true }));
  it('inserts into the right line of a literal block', () => assert.deepStrictEqual(insert('a: |\n  set -e\n  server\nb: 1\n', 7, 'exec '), { text: 'a: |\n  set -e\n  exec server\nb: 1\n', exact: false }));
  it('rewrites a folded double-quoted scalar on one line', () => assert.deepStrictEqual(insert('a: "x &&\n  y"\n', 5, 'exec '), { text: 'a: "x && exec y"\n', exact: false }));
});
