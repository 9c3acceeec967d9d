import * as assert from 'assert';
import type { Container } from '../../../server/src/service/model/kubernetes';
import { parseKubernetes } from '../../../server/src/service/parse/kubernetes';
import { parseShell } from '../../../server/src/service/parse/shell';
import { commandShape } from '../../../server/src/service/parse/shell-command';
import { preStopDelay, sleepSeconds } from '../../../server/src/service/shutdown/prestop';
import { SourceText } from '../../../server/src/service/source';

describe('shell command shape', () => {
  const cases: [string, unknown][] = [
    ['gunicorn -b 0.0.0.0:8000 app:app', { kind: 'simple', words: ['gunicorn', '-b', '0.0.0.0:8000', 'app:app'] }],
    [`nginx -g 'daemon off;'`, { kind: 'simple', words: ['nginx', '-g', 'daemon off;'] }],
    ['exec gunicorn app:app', { kind: 'exec' }],
    ['exec puma -p $PORT', { kind: 'exec' }],
    ['migrate && exec server', { kind: 'exec' }],
    ['server > /var/log/out', { kind: 'compound', description: 'shell syntax (expansions, quoting or redirections)', execOffset: 0 }],
    ['puma -p $PORT', { kind: 'compound', description: 'shell syntax (expansions, quoting or redirections)', execOffset: 0 }],
    ['a && b', { kind: 'compound', description: 'a list of commands', execOffset: 5 }],
    ['a; b', { kind: 'compound', description: 'a list of commands', execOffset: 3 }],
    ['a | b', { kind: 'compound', description: 'a pipeline', execOffset: undefined }],
    ['a & b', { kind: 'compound', description: 'background jobs (`&`)' }],
    ['a && FOO=1 b', { kind: 'compound', description: 'a list of commands', execOffset: undefined }],
    ['run *.txt', { kind: 'compound', description: 'shell syntax (expansions, quoting or redirections)', execOffset: 0 }],
    ['if then', { kind: 'compound', description: 'a command the shell parser could not read' }],
  ];
  for (const [text, expected] of cases) it(text, () => assert.deepStrictEqual(commandShape(text), expected));
});

describe('sleep durations', () => {
  const cases: [string[], number | undefined][] = [
    [['5'], 5], [['5s'], 5], [['1m'], 60], [['1m', '30s'], 90], [['0.5'], 0.5], [['infinity'], Infinity],
    [['$X'], undefined], [[], undefined], [['5x'], undefined],
  ];
  for (const [operands, seconds] of cases) it(operands.join(' ') || '(none)', () => assert.strictEqual(sleepSeconds(operands), seconds));
});

describe('preStop delay', () => {
  const containerWith = (hook: string): Container => {
    const file = parseKubernetes(new SourceText('file:///p.yaml',
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      lifecycle:\n        preStop:\n${hook}`));
    return file.podTemplates[0].containers[0];
  };
  const cases: [string, string, number | undefined, boolean][] = [
    ['sleep action', '          sleep: {seconds: 12}\n', 12, true],
    ['exec sleep', '          exec: {command: ["/bin/sleep", "10"]}\n', 10, true],
    ['busybox sleep', '          exec: {command: ["busybox", "sleep", "3"]}\n', 3, true],
    ['sh -c with a list', '          exec: {command: ["sh", "-c", "sleep 5 && nginx -s quit && sleep 2"]}\n', 7, false],
    ['sh -ec', '          exec: {command: ["/bin/sh", "-ec", "sleep 4"]}\n', 4, true],
    ['background sleep does not delay', '          exec: {command: ["sh", "-c", "sleep 30 &"]}\n', 0, false],
    ['a sleep after || is not certain', '          exec: {command: ["sh", "-c", "sleep 5 || sleep 30"]}\n', 5, false],
    ['unknown program', '          exec: {command: ["/drain.sh"]}\n', undefined, false],
    ['httpGet', '          httpGet: {path: /drain, port: 80}\n', undefined, false],
  ];
  for (const [name, hook, seconds, exact] of cases) {
    it(name, () => {
      const delay = preStopDelay(containerWith(hook));
      assert.deepStrictEqual([delay.seconds, delay.exact], [seconds, exact]);
    });
  }
});

describe('shell script model', () => {
  it('lists top-level statements with simple commands and background jobs', () => {
    const file = parseShell(new SourceText('file:///e.sh', '#!/bin/sh\nset -e\nphp-fpm -D\nnginx -g "daemon off;" &\nexec "$@"\n'));
    assert.deepStrictEqual(file.statements.map((s) => [s.type, s.command?.words, s.background]), [
      ['command', ['set', '-e'], false],
      ['command', ['php-fpm', '-D'], false],
      ['command', ['nginx', '-g', 'daemon off;'], true],
      ['command', undefined, false],
    ]);
    assert.strictEqual(file.statements[2].range.start.line, 3);
    assert.strictEqual(file.hasSyntaxErrors, false);
  });

  it('keeps ranges right after non-ASCII text', () => {
    const file = parseShell(new SourceText('file:///e.sh', '# überall 🚀\necho "héllo" && run\n'));
    assert.deepStrictEqual(file.statements[0].range, { start: { line: 1, character: 0 }, end: { line: 1, character: 19 } });
  });

  it('survives broken and binary input', () => {
    for (const text of ['if then fi "', '\u0000\u00ff\u0001', 'case x in', '$(('.repeat(1000)]) {
      assert.doesNotThrow(() => parseShell(new SourceText('file:///e.sh', text)));
    }
  });
});
