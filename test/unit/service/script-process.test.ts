import * as assert from 'assert';
import { signalsGroup } from '../../../server/src/service/knowledge/inits';
import { baseImagePackageManager } from '../../../server/src/service/knowledge/base-images';
import { forwardingProblem, keepAlives, scriptBlocker, serverJobs } from '../../../server/src/service/model/script-process';
import { parseShell } from '../../../server/src/service/parse/shell';
import { SourceText } from '../../../server/src/service/source';

const script = (text: string) => parseShell(new SourceText('file:///w/entrypoint.sh', text));

describe('shell model: what a script does with processes and signals', () => {
  it('reads jobs with the variable that keeps their PID, and whether a line can follow them', () => {
    const { process } = script('#!/bin/sh\nnginx -g "daemon off;" & pid=$!\nphp-fpm &\nfpm=$!\nworker & echo started\n{ a; b; } &\n');
    assert.deepStrictEqual(process.jobs.map((job) => [job.command?.name, job.pidVariable, job.endsLine]), [
      ['nginx', 'pid', true], ['php-fpm', 'fpm', true], ['worker', undefined, false], [undefined, undefined, true],
    ]);
  });

  it('reads traps: action, canonical signals, what the action does through functions', () => {
    const { process } = script([
      '#!/bin/bash', "trap 'kill -TERM $pid; wait $pid' TERM INT", 'forward() {', '  nginx -s quit', '  while kill -0 $pid; do sleep 1; done', '}',
      'trap forward SIGQUIT 15', "trap '' HUP", 'trap - TERM', 'trap "exit 0" EXIT', 'trap "$H" USR1', 'trap 2', '',
    ].join('\n'));
    assert.deepStrictEqual(process.traps.map((trap) => ({ action: trap.action, signals: trap.signals, kills: trap.kills, waits: trap.waits })), [
      { action: 'kill -TERM $pid; wait $pid', signals: ['SIGTERM', 'SIGINT'], kills: true, waits: true },
      { action: 'forward', signals: ['SIGQUIT', 'SIGTERM'], kills: true, waits: true },
      { action: '', signals: ['SIGHUP'], kills: false, waits: false },
      { action: '-', signals: ['SIGTERM'], kills: false, waits: false },
      { action: 'exit 0', signals: ['EXIT'], kills: false, waits: false },
      { action: undefined, signals: ['SIGUSR1'], kills: false, waits: false },
      { action: '-', signals: ['SIGINT'], kills: false, waits: false },
    ]);
  });

  it('places function bodies where the function is called, and ends through the last call', () => {
    const file = script('#!/bin/sh\nmain() {\n  node worker.js &\n  exec node server.js\n}\necho setup\nmain "$@"\n');
    const call = file.source.text.indexOf('main "$@"');
    assert.deepStrictEqual(file.process.jobs.map((job) => [job.flowOffset, job.inFunction, job.topLevel]), [[call, 'main', false]]);
    assert.deepStrictEqual([file.process.ending?.command.name, file.process.ending?.command.execs], ['node', true]);
  });

  it('reads loops, sourced files and the indentation', () => {
    const { process } = script('#!/usr/bin/env bash\n. /etc/profile\nsource ./lib.sh\nwhile true; do\n\tsleep 5\ndone\nuntil false; do :; done\nfor i in 1 2; do :; done\n');
    assert.deepStrictEqual(process.loops.map((loop) => [loop.kind, loop.infinite]), [['while', true], ['until', true], ['for', false]]);
    assert.deepStrictEqual(process.sourced.map((sourced) => sourced.path), ['/etc/profile', './lib.sh']);
    assert.strictEqual(process.indentUnit, '\t');
  });

  it('sees exec through its options and redirection-only exec', () => {
    const { process } = script('#!/bin/bash\nexec 3>&1\nexec -a web "$@"\n');
    assert.deepStrictEqual(process.commands.map((command) => [command.execs, command.nameText]), [[true, ''], [true, '"$@"']]);
  });
});

describe('script process: keep-alives, what the script blocks on, whether it forwards', () => {
  it('recognises keep-alives and leaves short sleeps and waiting loops alone', () => {
    const { process } = script('#!/bin/sh\ntail -F /var/log/x &\nsleep 5\nsleep 1d\nsleep infinity\nwhile :; do sleep 2; done\nwhile true; do wait; done\nexec tail -f /dev/null\n');
    assert.deepStrictEqual(keepAlives(process).map((keepAlive) => [keepAlive.kind, keepAlive.text.split('\n')[0], keepAlive.background, keepAlive.execs, keepAlive.sleepSeconds]), [
      ['tail', 'tail -F /var/log/x', true, false, undefined],
      ['sleep', 'sleep 1d', false, false, undefined],
      ['sleep', 'sleep infinity', false, false, undefined],
      ['loop', 'while :; do sleep 2; done', false, false, 2],
      ['tail', 'tail -f /dev/null', false, true, undefined],
    ]);
    assert.deepStrictEqual(serverJobs(process), []);
  });

  const blocker = (text: string) => {
    const found = scriptBlocker(script(text));
    return found && [found.kind, found.kind === 'keepalive' ? found.keepAlive.text : found.command.nameText];
  };
  const cases: [string, string, unknown][] = [
    ['wait after the jobs', '#!/bin/sh\na &\nb &\nwait\necho done\n', ['wait', 'wait']],
    ['a server in the foreground', '#!/bin/sh\na &\nnginx -g x\n', ['foreground', 'nginx']],
    ['exec after the jobs', '#!/bin/sh\na &\nexec nginx\n', ['exec', 'nginx']],
    ['a keep-alive after the jobs', '#!/bin/sh\na &\ntail -f /dev/null\n', ['keepalive', 'tail -f /dev/null']],
    ['a wait before the last job does not count', '#!/bin/sh\nwait\na &\n', undefined],
    ['short-lived last command', '#!/bin/sh\na &\necho started\n', undefined],
    ['without jobs only the ending counts', '#!/bin/sh\nsleep infinity\nexec nginx\n', ['exec', 'nginx']],
    ['without jobs, a keep-alive at the end', '#!/bin/sh\nnginx\nsleep infinity\n', ['keepalive', 'sleep infinity']],
  ];
  for (const [name, text, expected] of cases) it(`blocker: ${name}`, () => assert.deepStrictEqual(blocker(text), expected));

  const problem = (text: string, signal = 'SIGTERM') => {
    const file = script(text);
    const found = scriptBlocker(file)!;
    return forwardingProblem(file.process, found, signal)?.kind;
  };
  const problems: [string, string, string | undefined, string?][] = [
    ['no trap', '#!/bin/sh\na &\nwait\n', 'no-trap'],
    ['a good trap', "#!/bin/sh\ntrap 'kill $p; wait $p' TERM\na & p=$!\nwait\n", undefined],
    ['set after', "#!/bin/sh\na & p=$!\nwait\ntrap 'kill $p; wait $p' TERM\n", 'trap-after'],
    ['for another signal', "#!/bin/sh\ntrap 'kill $p; wait $p' TERM\na & p=$!\nwait\n", 'trap-misses-signal', 'SIGQUIT'],
    ['reset before the wait', "#!/bin/sh\ntrap 'kill $p; wait $p' TERM\ntrap - TERM\na & p=$!\nwait\n", 'trap-does-not-forward'],
    ['exits only', "#!/bin/sh\ntrap 'exit 0' TERM\na &\nwait\n", 'trap-does-not-forward'],
    ['kills without waiting', "#!/bin/sh\ntrap 'kill $p' TERM\na & p=$!\nwait $p\n", 'trap-does-not-wait'],
    ['kills, and the main flow waits again', "#!/bin/sh\ntrap 'kill $p' TERM\na & p=$!\nwait $p\nwait $p\n", undefined],
    ['kills and exits: the second wait never runs', "#!/bin/sh\ntrap 'kill $p; exit 0' TERM\na & p=$!\nwait $p\nwait $p\n", 'trap-does-not-wait'],
    ['a polling loop without a trap', '#!/bin/sh\na & p=$!\nwhile kill -0 $p; do sleep 1; done\n', 'no-trap'],
    ['blocked by the foreground', "#!/bin/sh\ntrap 'kill $p; wait $p' TERM\na & p=$!\nnginx\n", 'trap-blocked'],
    ['a loop of short sleeps lets it run', "#!/bin/sh\ntrap 'kill $p; wait $p' TERM\na & p=$!\nwhile :; do sleep 1; done\n", undefined],
    ['an action we cannot read', '#!/bin/sh\ntrap "$STOP" TERM\na &\nwait\n', undefined],
  ];
  for (const [name, text, expected, signal] of problems) it(`forwarding: ${name}`, () => assert.strictEqual(problem(text, signal), expected));
});

describe('knowledge: inits and package managers', () => {
  it('knows which inits signal the whole group', () => {
    assert.strictEqual(signalsGroup(['tini', '--', 'x']), false);
    assert.strictEqual(signalsGroup(['/sbin/tini', '-g', '--', 'x']), true);
    assert.strictEqual(signalsGroup(['tini', '-sg', '--', 'x']), true);
    assert.strictEqual(signalsGroup(['dumb-init', 'x']), true);
    assert.strictEqual(signalsGroup(['dumb-init', '--single-child', 'x']), false);
  });

  it('knows the package manager of a base image', () => {
    const cases: [string, string | undefined][] = [
      ['debian:12', 'apt-get'], ['python:3.12-slim', 'apt-get'], ['node:20-alpine', 'apk'], ['alpine:3.20', 'apk'], ['busybox', undefined],
      ['registry.access.redhat.com/ubi9/ubi-minimal', 'microdnf'], ['registry.access.redhat.com/ubi9/ubi', 'dnf'], ['gcr.io/distroless/static', undefined],
      ['example.com/unknown:1', undefined],
    ];
    for (const [image, manager] of cases) assert.strictEqual(baseImagePackageManager(image), manager, image);
  });
});
