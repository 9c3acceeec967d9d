import * as assert from 'assert';
import type { DockerfileModel } from '../../../server/src/service/model/dockerfile';
import { entryScriptsOf, inlineScriptOf, runsOfScript, describeRun } from '../../../server/src/service/model/entry-script';
import { copyOf, imageFileOrigin } from '../../../server/src/service/model/image-files';
import type { ShellFile } from '../../../server/src/service/model/shell';
import { parseDockerfile } from '../../../server/src/service/parse/dockerfile';
import { parseShell } from '../../../server/src/service/parse/shell';
import { SourceText } from '../../../server/src/service/source';

const uri = (name: string) => `file:///w/${name}`;
const dockerfileAt = (name: string, text: string) => parseDockerfile(new SourceText(uri(name), text));
const scriptsAt = (...names: string[]): ShellFile[] => names.map((name) => parseShell(new SourceText(uri(name), '#!/bin/sh\nexec "$@"\n')));

describe('COPY and ADD in the Dockerfile model', () => {
  it('reads sources, destination, flags, here-documents and the WORKDIR in force', () => {
    const model = dockerfileAt('Dockerfile', [
      'FROM node:20 AS build', 'WORKDIR /src', 'COPY --chmod=755 --from=deps a.sh b/ ./out/', 'WORKDIR sub',
      'FROM build', 'COPY ["my script.sh", "/x y/"]', 'ADD --chown=1:1 https://example.com/t.tgz /opt/',
      'COPY <<EOF /start.sh', '#!/bin/sh', 'exec node', 'EOF', 'WORKDIR $HOME', 'COPY x.sh .', 'USER node', '',
    ].join('\n'));
    const [build, final] = model.stages;
    assert.deepStrictEqual(build.copies.map(({ keyword, sources, destination, from, chmod, heredoc, workdir }) => ({ keyword, sources, destination, from, chmod, heredoc, workdir })), [
      { keyword: 'COPY', sources: ['a.sh', 'b/'], destination: './out/', from: 'deps', chmod: '755', heredoc: false, workdir: '/src' },
    ]);
    assert.strictEqual(build.workdir, '/src/sub');
    assert.deepStrictEqual(final.copies.map(({ keyword, sources, destination, heredoc, workdir }) => ({ keyword, sources, destination, heredoc, workdir })), [
      { keyword: 'COPY', sources: ['my script.sh'], destination: '/x y/', heredoc: false, workdir: '/src/sub' },
      { keyword: 'ADD', sources: ['https://example.com/t.tgz'], destination: '/opt/', heredoc: false, workdir: '/src/sub' },
      { keyword: 'COPY', sources: [], destination: '/start.sh', heredoc: true, workdir: '/src/sub' },
      { keyword: 'COPY', sources: ['x.sh'], destination: '.', heredoc: false, workdir: undefined },
    ]);
    assert.deepStrictEqual(final.users.map((user) => user.name), ['node']);
  });
});

describe('image files: which workspace file a path of the image is', () => {
  const origin = (dockerfile: DockerfileModel, path: string, files: string[]) => {
    const found = imageFileOrigin(dockerfile, dockerfile.stages[dockerfile.stages.length - 1], path, files.map(uri));
    return found && (found.kind === 'context' ? found.uri : found.kind);
  };
  const cases: [string, string, string, string[], string | undefined][] = [
    ['a file into a folder', 'FROM x\nCOPY start.sh /usr/local/bin/\n', '/usr/local/bin/start.sh', ['start.sh'], uri('start.sh')],
    ['a file to a path', 'FROM x\nCOPY scripts/run.sh /run-app\n', '/run-app', ['scripts/run.sh'], uri('scripts/run.sh')],
    ['a file into an existing folder without a slash', 'FROM x\nCOPY start.sh /usr/local/bin\n', '/usr/local/bin/start.sh', ['start.sh'], uri('start.sh')],
    ['a folder', 'FROM x\nCOPY bin/ /app/bin/\n', '/app/bin/start', ['bin/start'], uri('bin/start')],
    ['the whole context under WORKDIR', 'FROM x\nWORKDIR /app\nCOPY . .\n', '/app/docker/entry.sh', ['docker/entry.sh'], uri('docker/entry.sh')],
    ['a glob', 'FROM x\nCOPY scripts/*.sh /usr/local/bin/\n', '/usr/local/bin/a.sh', ['scripts/a.sh'], uri('scripts/a.sh')],
    ['a later COPY --from wins', 'FROM x\nCOPY start.sh /start.sh\nCOPY --from=build /out/start.sh /start.sh\n', '/start.sh', ['start.sh'], 'elsewhere'],
    ['a COPY --from of a folder may hold it', 'FROM x\nCOPY start.sh /app/start.sh\nCOPY --from=build /out /app\n', '/app/start.sh', ['start.sh'], 'elsewhere'],
    ['a remote ADD', 'FROM x\nADD https://example.com/start.sh /start.sh\n', '/start.sh', ['start.sh'], 'elsewhere'],
    ['a here-document', 'FROM x\nCOPY <<EOF /start.sh\nexec node\nEOF\n', '/start.sh', ['start.sh'], 'elsewhere'],
    ['a folder copy that does not hold it leaves the earlier file', 'FROM x\nCOPY start.sh /app/\nCOPY conf/ /app/\n', '/app/start.sh', ['start.sh', 'conf/nginx.conf'], uri('start.sh')],
    ['through FROM <stage>', 'FROM x AS base\nCOPY start.sh /start.sh\nFROM base\n', '/start.sh', ['start.sh'], uri('start.sh')],
    ['a relative destination without a known WORKDIR', 'FROM x\nCOPY start.sh start.sh\n', '/start.sh', ['start.sh'], undefined],
    ['nothing puts it there', 'FROM x\nCOPY start.sh /start.sh\n', '/other.sh', ['start.sh'], undefined],
  ];
  for (const [name, text, path, files, expected] of cases) {
    it(name, () => assert.strictEqual(origin(dockerfileAt('Dockerfile', text), path, files), expected));
  }

  it('the build context is the Dockerfile\'s folder', () => {
    const model = dockerfileAt('php/Dockerfile', 'FROM x\nCOPY entry.sh /entry.sh\n');
    assert.strictEqual(origin(model, '/entry.sh', ['entry.sh']), undefined);
    assert.strictEqual(origin(model, '/entry.sh', ['php/entry.sh']), uri('php/entry.sh'));
  });

  it('copyOf finds the COPY that takes a file from the context, by name, folder, glob or `.`', () => {
    const model = dockerfileAt('Dockerfile', 'FROM x\nCOPY --from=b /x /x\nCOPY tools/ /tools/\nCOPY *.conf /etc/\nCOPY . /app\n');
    assert.strictEqual(copyOf(model, uri('tools/check.sh'))?.range.start.line, 2);
    assert.strictEqual(copyOf(model, uri('a.conf'))?.range.start.line, 3);
    assert.strictEqual(copyOf(model, uri('other.sh'))?.range.start.line, 4);
    assert.strictEqual(copyOf(dockerfileAt('Dockerfile', 'FROM x\nCOPY a.sh /\n'), uri('b.sh')), undefined);
  });
});

describe('entry scripts: the script an image runs, through ENTRYPOINT/CMD and COPY', () => {
  const runs = (text: string, files: string[], name = 'Dockerfile') =>
    entryScriptsOf(dockerfileAt(name, text), scriptsAt(...files)).map((run) => ({
      script: run.script.source.uri.slice('file:///w/'.length), keyword: run.instruction.keyword, path: run.imagePath, init: run.init?.name,
    }));
  const cases: [string, string, string[], ReturnType<typeof runs>][] = [
    ['a name on the PATH', 'FROM x\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["php-fpm"]\n', ['docker-entrypoint.sh'],
      [{ script: 'docker-entrypoint.sh', keyword: 'ENTRYPOINT', path: '/usr/local/bin/docker-entrypoint.sh', init: undefined }]],
    ['the first PATH folder that has it wins', 'FROM x\nCOPY a/run /usr/bin/run\nCOPY b/run /usr/local/bin/run\nCMD ["run"]\n', ['a/run', 'b/run'],
      [{ script: 'b/run', keyword: 'CMD', path: '/usr/local/bin/run', init: undefined }]],
    ['a relative path under WORKDIR', 'FROM x\nWORKDIR /app\nCOPY . .\nCMD ["./bin/start"]\n', ['bin/start'],
      [{ script: 'bin/start', keyword: 'CMD', path: '/app/bin/start', init: undefined }]],
    ['a bare name is not looked up in WORKDIR', 'FROM x\nWORKDIR /app\nCOPY . .\nCMD ["start.sh"]\n', ['start.sh'], []],
    ['sh with options and the script', 'FROM x\nCOPY s.sh /s.sh\nCMD ["/bin/sh", "-e", "-o", "pipefail", "/s.sh"]\n', ['s.sh'],
      [{ script: 's.sh', keyword: 'CMD', path: '/s.sh', init: undefined }]],
    ['bash -c and the last command of its script', 'FROM x\nCOPY s.sh /s.sh\nCMD ["bash", "-c", "chmod +x /s.sh && exec /s.sh"]\n', ['s.sh'],
      [{ script: 's.sh', keyword: 'CMD', path: '/s.sh', init: undefined }]],
    ['a shell-form CMD', 'FROM x\nCOPY s.sh /s.sh\nCMD /s.sh --port 80\n', ['s.sh'],
      [{ script: 's.sh', keyword: 'CMD', path: '/s.sh', init: undefined }]],
    ['tini -g in front', 'FROM x\nCOPY s.sh /s.sh\nENTRYPOINT ["/usr/bin/tini", "-g", "--"]\nCMD ["/s.sh"]\n', ['s.sh'],
      [{ script: 's.sh', keyword: 'CMD', path: '/s.sh', init: 'tini' }]],
    ['gosu and env', 'FROM x\nCOPY s.sh /s.sh\nCMD ["gosu", "app", "env", "A=1", "/s.sh"]\n', ['s.sh'],
      [{ script: 's.sh', keyword: 'CMD', path: '/s.sh', init: undefined }]],
    ['the CMD an ENTRYPOINT script execs', 'FROM x\nCOPY e.sh /e.sh\nCOPY s.sh /s.sh\nENTRYPOINT ["/e.sh"]\nCMD ["/s.sh"]\n', ['e.sh', 's.sh'], [
      { script: 'e.sh', keyword: 'ENTRYPOINT', path: '/e.sh', init: undefined },
      { script: 's.sh', keyword: 'CMD', path: '/s.sh', init: undefined }]],
    ['a shell-form ENTRYPOINT ignores CMD', 'FROM x\nCOPY s.sh /s.sh\nENTRYPOINT exec node server.js\nCMD ["/s.sh"]\n', ['s.sh'], []],
    ['only the final stage runs', 'FROM x AS build\nCOPY s.sh /s.sh\nCMD ["/s.sh"]\nFROM y\nCMD ["node"]\n', ['s.sh'], []],
    ['a COPY --from is not the workspace file', 'FROM x\nCOPY --from=build /s.sh /s.sh\nCMD ["/s.sh"]\n', ['s.sh'], []],
    ['a variable in the path', 'FROM x\nCOPY s.sh /app/s.sh\nCMD ["$APP/s.sh"]\n', ['s.sh'], []],
    ['the build context of another folder', 'FROM x\nCOPY s.sh /s.sh\nCMD ["/s.sh"]\n', ['other/s.sh'], []],
  ];
  for (const [name, text, files, expected] of cases) it(name, () => assert.deepStrictEqual(runs(text, files), expected));

  it('finds, for a script, the instructions that run it, and says so', () => {
    const dockerfile = dockerfileAt('php/Dockerfile', 'FROM php:8.3-fpm\nCOPY docker-entrypoint.sh /usr/local/bin/\nENTRYPOINT ["docker-entrypoint.sh"]\n');
    const [script, other] = scriptsAt('php/docker-entrypoint.sh', 'docker-entrypoint.sh');
    const found = runsOfScript(script, [dockerfile], [script, other]);
    assert.deepStrictEqual(found.map(describeRun), ['docker-entrypoint.sh is the ENTRYPOINT of php/Dockerfile (line 3)']);
    assert.deepStrictEqual(runsOfScript(other, [dockerfile], [script, other]), []);
  });

  it('reads an inline `sh -c` script, behind an init or not', () => {
    const inline = inlineScriptOf(dockerfileAt('Dockerfile', 'FROM x\nENTRYPOINT ["dumb-init", "--"]\nCMD ["sh", "-c", "crond & exec nginx"]\n'));
    assert.strictEqual(inline?.instruction.keyword, 'CMD');
    assert.deepStrictEqual(inline?.init, { name: 'dumb-init', signalsGroup: true });
    assert.deepStrictEqual(inline?.script.process.jobs.map((job) => job.text), ['crond']);
    assert.strictEqual(inlineScriptOf(dockerfileAt('Dockerfile', 'FROM x\nCMD ["nginx"]\n')), undefined);
  });
});
