import * as assert from 'assert';
import { effectiveProcess, finalStage, rootImage, shellFor } from '../../../server/src/service/model/dockerfile-image';
import { parseDockerfile } from '../../../server/src/service/parse/dockerfile';
import { SourceText } from '../../../server/src/service/source';

const parse = (text: string) => parseDockerfile(new SourceText('file:///Dockerfile', text));

function describeProcess(text: string) {
  const stage = finalStage(parse(text))!;
  const { entrypoint, cmd } = effectiveProcess(stage);
  const show = (instruction: typeof cmd) => instruction && `${instruction.keyword}@${instruction.range.start.line + 1}:${instruction.form}`;
  return [show(entrypoint), show(cmd)];
}

describe('Dockerfile model', () => {
  const cases: [string, string, (string | undefined)[]][] = [
    ['last CMD wins', 'FROM a\nCMD x\nCMD ["y"]\n', [undefined, 'CMD@3:exec']],
    ['CMD inherited from a parent stage', 'FROM a AS base\nCMD x\nFROM base\n', [undefined, 'CMD@2:shell']],
    ['ENTRYPOINT in a child stage resets the inherited CMD', 'FROM a AS base\nCMD x\nFROM base\nENTRYPOINT ["e"]\n', ['ENTRYPOINT@4:exec', undefined]],
    ['ENTRYPOINT after CMD in the same stage keeps it', 'FROM a\nCMD ["x"]\nENTRYPOINT ["e"]\n', ['ENTRYPOINT@3:exec', 'CMD@2:exec']],
    ['an unrelated earlier stage does not count', 'FROM a AS build\nCMD x\nFROM b\n', [undefined, undefined]],
    ['single quotes are shell form', "FROM a\nCMD ['x']\n", [undefined, 'CMD@2:shell']],
    ['stage names are case-insensitive', 'FROM a AS Base\nCMD ["x"]\nFROM base\n', [undefined, 'CMD@2:exec']],
  ];
  for (const [name, text, expected] of cases) it(name, () => assert.deepStrictEqual(describeProcess(text), expected));

  it('reads exec-form argv with escapes and spaces exactly', () => {
    const { cmd } = effectiveProcess(finalStage(parse('FROM a\nCMD ["sh", "-c", "echo \\"hi there\\""]\n'))!);
    assert.deepStrictEqual(cmd?.argv, ['sh', '-c', 'echo "hi there"']);
  });

  it('finds the SHELL in force and the root image through the FROM chain', () => {
    const model = parse('FROM debian:12 AS base\nSHELL ["/bin/bash", "-c"]\nFROM base AS app\nCMD x\nSHELL ["/bin/zsh", "-c"]\nCMD y\n');
    const stage = finalStage(model)!;
    assert.strictEqual(rootImage(stage), 'debian:12');
    assert.deepStrictEqual(shellFor(stage, 3), ['/bin/bash', '-c']);
    assert.deepStrictEqual(shellFor(stage, 5), ['/bin/zsh', '-c']);
  });

  it('reads STOPSIGNAL and survives half-typed input', () => {
    assert.strictEqual(parse('FROM nginx\nSTOPSIGNAL SIGQUIT\n').stages[0].stopSignal?.value, 'SIGQUIT');
    for (const text of ['', 'FROM', 'CMD x', 'FROM a\nCMD [', 'FROM a\nENTRYPOINT ["x",\n', '\u0000\u0001']) {
      assert.doesNotThrow(() => effectiveProcess(finalStage(parse(text)) ?? parse('FROM a').stages[0]));
    }
  });
});
