import * as assert from 'assert';
import { execFormText } from '../../../server/src/service/fix/exec-form';
import { likelySignal } from '../../../server/src/service/knowledge/signal-spelling';
import { isWindowsImage } from '../../../server/src/service/knowledge/windows-images';
import { argvOfCommandString, intendedArgv } from '../../../server/src/service/model/intended-argv';
import { parseDockerfile } from '../../../server/src/service/parse/dockerfile';
import { readMeantExecForm } from '../../../server/src/service/parse/exec-form';
import { SourceText } from '../../../server/src/service/source';

describe('exec form as its author meant it', () => {
  const meant: [string, string[], string[]][] = [
    ["['node', 'app.js']", ['node', 'app.js'], ['single-quotes']],
    ["['node','app.js']", ['node', 'app.js'], ['single-quotes']],
    ['["node", "app.js",]', ['node', 'app.js'], ['extra-comma']],
    ['[, "node"]', ['node'], ['extra-comma']],
    ['[node, app.js]', ['node', 'app.js'], ['unquoted']],
    ['["sleep", 10]', ['sleep', '10'], ['not-a-string']],
    ['["node" "app.js"]', ['node', 'app.js'], ['missing-comma']],
    ['[“node”, “app.js”]', ['node', 'app.js'], ['typographic-quotes']],
    ['[‘node’]', ['node'], ['typographic-quotes']],
    ['["node", "app.js"', ['node', 'app.js'], ['missing-bracket']],
    ['["C:\\app\\run.exe"]', ['C:\\app\\run.exe'], ['invalid-escape']],
    ["['it\\'s']", ["it's"], ['single-quotes']],
    ["['a', \"b\\\"c\"]", ['a', 'b"c'], ['single-quotes']],
  ];
  for (const [text, argv, mistakes] of meant) {
    it(`reads ${text}`, () => {
      const read = readMeantExecForm(text);
      assert.deepStrictEqual(read && { argv: read.argv, mistakes: read.mistakes }, { argv, mistakes });
    });
  }

  const notMeant = [
    '["node", "app.js"]', '[]', 'node app.js', '[ -f /app/.env ] && exec /app/server', '[ -n "$DEBUG" ]', '[ -t 0 ]',
    '[', '["no', '["node",', '[ "$(start-server)" ]', '["a"] && b', '',
  ];
  for (const text of notMeant) it(`does not take ${JSON.stringify(text)} for exec form gone wrong`, () => assert.strictEqual(readMeantExecForm(text), undefined));

  it('notices variables, which exec form does not expand', () => {
    assert.strictEqual(readMeantExecForm("['node', '$MAIN']")?.expansions, true);
    assert.strictEqual(readMeantExecForm("['node', 'main.js']")?.expansions, false);
  });

  it('writes exec form as JSON', () => {
    assert.strictEqual(execFormText(['nginx', '-g', 'daemon off;']), '["nginx", "-g", "daemon off;"]');
    assert.strictEqual(execFormText(['C:\\app.exe', 'say "hi"']), '["C:\\\\app.exe", "say \\"hi\\""]');
  });
});

describe('one-string commands', () => {
  it('splits into words, keeping the script of sh -c whole', () => {
    assert.deepStrictEqual(intendedArgv(['/bin/sh', '-c', 'sleep', '10']), ['/bin/sh', '-c', 'sleep 10']);
    assert.deepStrictEqual(intendedArgv(['sh', '-c']), ['sh', '-c']);
    assert.deepStrictEqual(argvOfCommandString('/bin/ping localhost'), ['/bin/ping', 'localhost']);
    assert.deepStrictEqual(argvOfCommandString("nginx -g 'daemon off;'"), ['nginx', '-g', 'daemon off;']);
    assert.strictEqual(argvOfCommandString('npm run migrate && npm start'), undefined);
    assert.strictEqual(argvOfCommandString('node $MAIN'), undefined);
  });
});

describe('Windows images', () => {
  const cases: [string, boolean][] = [
    ['mcr.microsoft.com/windows/servercore:ltsc2022', true], ['mcr.microsoft.com/windows/nanoserver:1809', true],
    ['mcr.microsoft.com/windows:20H2', true], ['mcr.microsoft.com/dotnet/framework/aspnet:4.8', true],
    ['python:3.12-windowsservercore-ltsc2022', true], ['golang:1.22-nanoserver', true], ['microsoft/nanoserver', true],
    ['mcr.microsoft.com/dotnet/aspnet:8.0', false], ['mcr.microsoft.com/dotnet/aspnet:8.0-nanoserver-ltsc2022', true],
    ['python:3.12-slim', false], ['nginx', false], ['${BASE}', false],
  ];
  for (const [image, windows] of cases) it(`${image}: ${windows ? 'Windows' : 'not Windows'}`, () => assert.strictEqual(isWindowsImage(image), windows));
});

describe('signal spelling', () => {
  const cases: [string, string | undefined][] = [
    ['SIGQUITT', 'SIGQUIT'], ['SIGQUI', 'SIGQUIT'], ['TERN', 'SIGTERM'], ['SIGUSER1', 'SIGUSR1'], ['SIG_TERM', 'SIGTERM'],
    ['sigkilll', 'SIGKILL'], ['SIGUSR3', undefined], ['SIG', undefined], ['SIGQ', undefined], ['graceful', undefined],
  ];
  for (const [text, expected] of cases) it(`${text} → ${expected ?? 'no guess'}`, () => assert.strictEqual(likelySignal(text), expected));
});

describe('Dockerfile STOPSIGNAL instructions', () => {
  it('keeps every STOPSIGNAL with a value, the last as the stage\'s', () => {
    const model = parseDockerfile(new SourceText('file:///Dockerfile', 'FROM a\nSTOPSIGNAL QUIT\nSTOPSIGNAL\nSTOPSIGNAL SIGQUIT\nFROM b\n'));
    assert.deepStrictEqual(model.stages[0].stopSignals.map((signal) => [signal.value, signal.range.start.line]), [['QUIT', 1], ['SIGQUIT', 3]]);
    assert.strictEqual(model.stages[0].stopSignal?.value, 'SIGQUIT');
    assert.deepStrictEqual(model.stages[1].stopSignals, []);
  });
});
