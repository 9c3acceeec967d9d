import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Analyzer } from '../../../server/src/service';
import { readInstructions, readSingleLine, readWithParser } from '../../../server/src/service/parse/dockerfile-instructions';
import { readDockerfile, type PieceCache } from '../../../server/src/service/parse/dockerfile-pieces';
import { parseDockerfile } from '../../../server/src/service/parse/dockerfile';
import { SourceText } from '../../../server/src/service/source';
import { pick, prng, type Random } from '../../support/mutations';

const repoRoot = path.resolve(__dirname, '..', '..', '..', '..');

function dockerfiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return dockerfiles(full);
    return /dockerfile/i.test(entry.name) ? [full] : [];
  });
}

/** Several stages, with what makes cutting at FROM lines hard: continuations, here-documents, comments. */
const tricky = [
  'ARG BASE=alpine:3.20\nFROM ${BASE} AS base\nWORKDIR /app\nRUN echo a \\\n  && echo b\nFROM base AS build\nRUN <<EOF\nset -e\nFROM not-a-stage\nEOF\nCOPY --from=base /a /b\n'
    + 'FROM build\nRUN echo \\\n\nFROM still-the-run\n# comment\n  from nginx:1.27\nCMD ["nginx", "-g", "daemon off;"]\nENTRYPOINT echo hi\nSTOPSIGNAL SIGQUIT\nUSER 1000\n',
  '# syntax=docker/dockerfile:1\n# escape=`\nFROM mcr.microsoft.com/windows AS a\nRUN dir `\n  c:\\\nFROM a\nCMD echo `\n  done\n',
  'FROM a\r\nRUN x \\\r\n  y\r\nFROM b\r\nCMD z\r\n',
  'FROM debian AS s0\nENV A=1 \\\n  B=2\nRUN apt-get update \\\n    && apt-get install -y curl \\\n    && rm -rf /var/lib/apt/lists/*\nRUN ["a", \\\n  "b"]\nWORKDIR /app\nUSER 1000\nSTOPSIGNAL SIGINT\n'
    + 'FROM s0\nRUN a \\\n\n  b\nRUN c \\\n  # note\n  d\nLABEL x=1\nCMD ["x"]\n',
  `FROM debian\nRUN apt-get install -y nginx\nENTRYPOINT ${'echo step && '.repeat(400)}nginx -g "daemon off;"\nFROM debian AS two\nCMD ${'x '.repeat(2500)}\n# escape=\`\nRUN a \`\n  b\n`,
];

const dockerTokens = ['\n', ' ', '\\\n', ' \\ \n', 'FROM a AS b\n', 'FROM ', '<<EOF\n', 'EOF\n', '# escape=`\n', 'RUN x\n', 'RUN --mount=type=cache,target=/c a \\\n', ' --x ', ' AS ', 'CMD ', '#', '"', '[', ']', '\r\n', '\ufeff', 'x'.repeat(4100)];

/** An edit someone typing in a Dockerfile might make: change a character, duplicate or delete a line, insert a token. */
function dockerfileEdit(text: string, random: Random): string {
  const kind = random();
  const lines = text.split('\n');
  const line = Math.floor(random() * lines.length);
  if (kind < 0.3) {
    const at = Math.floor(random() * text.length);
    return text.slice(0, at) + pick(random, ['a', '1', ' ']) + text.slice(at + 1);
  }
  if (kind < 0.5) return [...lines.slice(0, line + 1), ...lines.slice(line)].join('\n');
  if (kind < 0.65) return [...lines.slice(0, line), ...lines.slice(line + 1)].join('\n');
  const at = random() < 0.5 ? Math.floor(random() * (text.length + 1)) : text.indexOf('\n', Math.floor(random() * text.length)) + 1;
  return text.slice(0, at) + pick(random, dockerTokens) + text.slice(at);
}

/** The whole text as dockerfile-ast alone reads it: what reading by pieces and by lines must equal. */
const fresh = (text: string) => readWithParser(text);

describe('Dockerfiles read by pieces', () => {
  const texts = [...dockerfiles(path.join(repoRoot, 'examples')), ...dockerfiles(path.join(repoRoot, 'test', 'fixtures'))]
    .map((file) => fs.readFileSync(file, 'utf8')).concat(tricky);

  it('gives the same instructions and ranges as a whole-text parse', () => {
    for (const text of texts) {
      assert.deepStrictEqual(readDockerfile(text).records, fresh(text).records, text.slice(0, 300));
      assert.deepStrictEqual(readDockerfile(text, readDockerfile(text).cache).records, fresh(text).records, text.slice(0, 300));
    }
  });

  it('reads plain instructions itself and still equals dockerfile-ast (property)', () => {
    const random = prng(12);
    for (const original of texts) {
      let text = original;
      for (let step = 0; step < 60; step++) {
        text = dockerfileEdit(text, random);
        assert.deepStrictEqual(readInstructions(text).records, fresh(text).records, `step ${step}:\n${text.slice(0, 400)}`);
      }
    }
  });

  it('reuses unchanged pieces across random edits and still equals a whole-text parse (property)', () => {
    const seed = 9;
    const random = prng(seed);
    for (const original of texts) {
      let text = original;
      let cache: PieceCache = readDockerfile(text).cache;
      for (let step = 0; step < 60; step++) {
        text = dockerfileEdit(text, random);
        const read = readDockerfile(text, cache);
        assert.deepStrictEqual(read.records, fresh(text).records, `seed ${seed}, step ${step}:\n${text.slice(0, 400)}`);
        cache = read.cache;
      }
    }
  });

  it('reads one-line instructions as dockerfile-ast does (property)', () => {
    const random = prng(10);
    const parts = ['CMD', ' ', '\t', 'echo', 'AS', 'as', 'img:1', '--platform=x', '-', '"a b"', "'c'", '#', '$X', '[', '"x"', ',', ']', '&&', '\r', '\u00a0', 'é', '\\', '<<',
      ' --from=base', ' --FROM=x', ' --from=', ' --from', ' --chown=1:1', ' --chmod=755', ' --link', ' --', ' /a', ' src/', ' ./', ' /dst/'];
    let checked = 0;
    for (let i = 0; i < 3000; i++) {
      const length = Math.floor(random() * 8);
      const head = `${pick(random, ['', ' ', '\t', 'x'])}${pick(random, ['CMD', 'entrypoint', 'Run', 'COPY', 'from', 'WORKDIR', 'user', 'STOPSIGNAL', 'ENV', 'HEALTHCHECK', 'ONBUILD', 'SHELL', 'Foo'])}${pick(random, [' ', '\t', ' \t', ''])}`;
      const line = head + Array.from({ length }, () => pick(random, parts)).join('') + pick(random, ['', '\n', '\r\n']);
      const single = readSingleLine(line);
      if (!single) continue;
      checked++;
      assert.deepStrictEqual([single], fresh(line).records, JSON.stringify(line));
    }
    assert.ok(checked > 400, `only ${checked} lines were one-line commands`);
  });

  it('reads COPY and ADD lines as dockerfile-ast does (property)', () => {
    const random = prng(12);
    const parts = [' --from=base', ' --FROM=x', ' --from=', ' --from', ' --chown=1:1', ' --chmod=755', ' --link', ' --', ' --from=a=b', ' -x',
      ' /a', ' src/', ' ./', ' /dst/', ' *.txt', ' a b', '\t', ' "q"', ' $X', ' [', ' é', ' https://example.com/x.tgz'];
    let checked = 0;
    for (let i = 0; i < 2000; i++) {
      const line = `${pick(random, ['', ' ', '\t'])}${pick(random, ['COPY', 'copy', 'ADD', 'Add'])}`
        + Array.from({ length: 1 + Math.floor(random() * 5) }, () => pick(random, parts)).join('') + pick(random, ['', '\n', '\r\n']);
      const single = readSingleLine(line);
      if (!single) continue;
      checked++;
      assert.deepStrictEqual([single], fresh(line).records, JSON.stringify(line));
    }
    assert.ok(checked > 500, `only ${checked} lines were read without dockerfile-ast`);
  });

  it('builds the same stages from reused pieces as from a first parse', () => {
    const random = prng(11);
    for (const original of texts) {
      let text = original;
      let previous = parseDockerfile(new SourceText('file:///w/Dockerfile', text));
      for (let step = 0; step < 20; step++) {
        text = dockerfileEdit(text, random);
        const source = new SourceText('file:///w/Dockerfile', text);
        const edited = parseDockerfile(source, previous);
        assert.deepStrictEqual(edited.stages, parseDockerfile(source).stages, `step ${step}:\n${text.slice(0, 400)}`);
        previous = edited;
      }
    }
  });

  it('reuses the records of stages an edit did not touch', () => {
    const text = tricky[0];
    const first = parseDockerfile(new SourceText('file:///w/Dockerfile', text));
    const edited = parseDockerfile(new SourceText('file:///w/Dockerfile', text.replace('WORKDIR /app', 'WORKDIR /srv')), first);
    assert.strictEqual(edited.stages[2].runs[0], first.stages[2].runs[0]);
    assert.notStrictEqual(edited.stages[0].runs[0], first.stages[0].runs[0]);
    assert.strictEqual(edited.stages[1].copies[0].workdir, '/srv');
  });

  it('analyses a 450 000-character shell-form ENTRYPOINT', () => {
    const command = `${'echo step && '.repeat(35_000)}nginx -g "daemon off;"`;
    assert.ok(command.length > 450_000);
    const uri = 'file:///w/huge/Dockerfile';
    const analyzer = new Analyzer();
    analyzer.setFile(uri, `FROM nginx:1.27\nENTRYPOINT ${command}\n`);
    const stage = parseDockerfile(new SourceText(uri, `FROM nginx:1.27\nENTRYPOINT ${command}\n`)).stages[0];
    assert.strictEqual(stage.processInstructions[0].shellCommand, command);
    const findings = analyzer.analyze(uri).findings.map((finding) => `${finding.ruleId}@${finding.range.start.line}`);
    assert.ok(findings.includes('docker/shell-form@1'), findings.join(', '));
  });
});
