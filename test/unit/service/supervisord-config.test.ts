import * as assert from 'assert';
import { setting, supervisordBoolean, supervisordInteger } from '../../../server/src/service/model/supervisord';
import { parseIni } from '../../../server/src/service/parse/ini';
import { shlexSplit } from '../../../server/src/service/parse/shlex';
import { parseSupervisordConfig } from '../../../server/src/service/parse/supervisord';
import { SourceText } from '../../../server/src/service/source';

const at = (text: string, start: number, end: number) => text.slice(start, end);

describe('INI as configparser reads it (supervisord)', () => {
  it('takes ; and # as comments only after white space, and = or : as the separator', () => {
    const text = "[program:web]\ncommand=nginx -g 'daemon off;' ; comment\nstopsignal : QUIT#kept\n# a comment\n; another\nautorestart=true # comment\n";
    assert.deepStrictEqual(parseIni(text, 'python').entries.map((entry) => [entry.section, entry.key, entry.value]), [
      ['program:web', 'command', "nginx -g 'daemon off;'"],
      ['program:web', 'stopsignal', 'QUIT#kept'],
      ['program:web', 'autorestart', 'true'],
    ]);
  });

  it('keeps the offsets of keys and values, without the comment', () => {
    const text = '[program:web]\n  command = nginx   ; c\n';
    const [entry] = parseIni(text, 'python').entries;
    assert.strictEqual(at(text, entry.keyStart, entry.keyEnd), 'command');
    assert.strictEqual(at(text, entry.valueStart, entry.valueEnd), 'nginx');
  });

  it('joins continuation lines, also across a comment line, and ends the section after them', () => {
    const text = '[program:web]\nenvironment=\n    A="1",\n# note\n    B="2"\nstopsignal=QUIT\n';
    const { entries, sections } = parseIni(text, 'python');
    assert.deepStrictEqual(entries.map((entry) => [entry.key, entry.value]), [['environment', '\nA="1",\nB="2"'], ['stopsignal', 'QUIT']]);
    assert.strictEqual(at(text, entries[0].valueStart, entries[0].valueEnd), 'A="1",\n# note\n    B="2"');
    assert.strictEqual(sections[0].lastLineEnd, text.length - 1);
  });

  it('leaves the php dialect as it was: ; ends a value anywhere, quotes are stripped', () => {
    assert.strictEqual(parseIni('a = x;y\n').entries[0].value, 'x');
    assert.strictEqual(parseIni('a = x;y\n', 'python').entries[0].value, 'x;y');
    assert.strictEqual(parseIni('a = "q"\n', 'python').entries[0].value, '"q"');
  });
});

describe('shlex splitting (supervisord commands)', () => {
  it('splits as Python shlex.split does', () => {
    const cases: [string, string[]][] = [
      ['sh -c "nginx -g \'daemon off;\'"', ['sh', '-c', "nginx -g 'daemon off;'"]],
      ['a\\ b "x\\y" "q\\"" \'\' c', ['a b', 'x\\y', 'q"', '', 'c']],
      ['x"" y\'z\'', ['x', 'yz']],
      ['  php-fpm   -F  ', ['php-fpm', '-F']],
    ];
    for (const [input, words] of cases) assert.deepStrictEqual(shlexSplit(input)?.map((word) => word.text), words, input);
  });

  it('refuses an unclosed quote', () => {
    assert.strictEqual(shlexSplit('sh -c "nginx'), undefined);
  });

  it('maps each character to where it is written, and whether it was quoted', () => {
    const input = 'sh -c "exec nginx"';
    const script = shlexSplit(input, 100)![2];
    assert.strictEqual(script.offsets[0], 107);
    assert.deepStrictEqual([script.quoted[0], shlexSplit(input)![0].quoted[0]], [true, false]);
  });
});

describe('supervisord configuration', () => {
  const text = '[supervisord]\nnodaemon=true\n\n[program:php]\nCommand=php-fpm%(ENV_PHP_SUFFIX)s -F\nstopsignal=TERM\n\n[fcgi-program:app]\ncommand=/srv/app --graceful %%d\n\n[program:php]\nstopsignal=QUIT\n';
  const file = parseSupervisordConfig(new SourceText('file:///w/supervisord.conf', text));

  it('reads programs, merging a repeated section, a later key winning, keys in lower case', () => {
    assert.deepStrictEqual(file.programs.map((program) => program.name), ['php', 'app']);
    const php = file.programs[0];
    assert.strictEqual(setting(php.section, 'stopsignal')?.value, 'QUIT');
    assert.strictEqual(setting(php.section, 'COMMAND')?.key, 'command');
  });

  it('splits commands, an expansion making a word unknown and %% a percent sign', () => {
    assert.deepStrictEqual(file.programs[0].command?.words.map((word) => word.text), [undefined, '-F']);
    assert.deepStrictEqual(file.programs[1].command?.words.map((word) => word.text), ['/srv/app', '--graceful', '%d']);
  });

  it('reads supervisord booleans and integers', () => {
    assert.deepStrictEqual(['true', 'Yes', 'on', '1', 'false', 'NO', 'off', '0', 'maybe'].map(supervisordBoolean), [true, true, true, true, false, false, false, false, undefined]);
    assert.deepStrictEqual(['30', ' 5 ', '-1', '1.5', '%(ENV_X)s'].map(supervisordInteger), [30, 5, undefined, undefined, undefined]);
  });
});
