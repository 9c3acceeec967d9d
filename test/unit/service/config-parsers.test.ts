import * as assert from 'assert';
import { globalDirective, phpFpmSeconds } from '../../../server/src/service/model/php-fpm';
import { canonicalKey, springDurationSeconds, springSetting } from '../../../server/src/service/model/spring';
import { parseIni } from '../../../server/src/service/parse/ini';
import { parsePhpFpmConfig } from '../../../server/src/service/parse/php-fpm';
import { parseProperties } from '../../../server/src/service/parse/properties';
import { parseSpringConfig } from '../../../server/src/service/parse/spring';
import { SourceText } from '../../../server/src/service/source';

/** The text at a parsed entry's offsets, to check the ranges point where fixes will write. */
const at = (text: string, start: number, end: number) => text.slice(start, end);

describe('Java properties', () => {
  it('reads key=value, key: value and key value, with white space around the separator', () => {
    const text = 'a=1\nb : 2\nc 3\n  d\t=\t4\ne=\nf\n';
    assert.deepStrictEqual(parseProperties(text).map((entry) => [entry.key, entry.value]),
      [['a', '1'], ['b', '2'], ['c', '3'], ['d', '4'], ['e', ''], ['f', '']]);
  });

  it('skips # and ! comments and blank lines, and keeps a value\'s own # and !', () => {
    const entries = parseProperties('# comment\n! also\n\n   \nkey = value # not a comment!\n');
    assert.deepStrictEqual(entries.map((entry) => [entry.key, entry.value]), [['key', 'value # not a comment!']]);
  });

  it('joins continuation lines, dropping the leading white space of the next line', () => {
    const text = 'list = a,\\\n       b,\\\n   c\nnext = 1\n';
    const [list, next] = parseProperties(text);
    assert.strictEqual(list.value, 'a,b,c');
    assert.strictEqual(at(text, list.valueStart, list.valueEnd), 'a,\\\n       b,\\\n   c');
    assert.strictEqual(next.key, 'next');
  });

  it('keeps an escaped backslash at the end of a line as a character, not a continuation', () => {
    const [entry, second] = parseProperties('path = C:\\\\\nnext = 2\n');
    assert.strictEqual(entry.value, 'C:\\');
    assert.strictEqual(second.key, 'next');
  });

  it('unescapes keys and values: \\t \\n \\uXXXX, escaped separators and spaces', () => {
    const [entry] = parseProperties('my\\ key\\=x\\:y = tab\\there\\u00e9\\n\n');
    assert.strictEqual(entry.key, 'my key=x:y');
    assert.strictEqual(entry.value, 'tab\there\u00e9\n');
  });

  it('keeps the offsets of key and value, with CRLF line ends', () => {
    const text = 'first=1\r\nspring.lifecycle.timeout-per-shutdown-phase = 20s\r\n';
    const [, entry] = parseProperties(text);
    assert.strictEqual(at(text, entry.keyStart, entry.keyEnd), 'spring.lifecycle.timeout-per-shutdown-phase');
    assert.strictEqual(at(text, entry.valueStart, entry.valueEnd), '20s');
  });

  it('splits Spring documents at #--- and !---', () => {
    const entries = parseProperties('a=1\n#---\nb=2\n!---\nc=3\n');
    assert.deepStrictEqual(entries.map((entry) => [entry.key, entry.document]), [['a', 0], ['b', 1], ['c', 2]]);
  });
});

describe('INI (php-fpm)', () => {
  const text = '; php-fpm\n[global]\nerror_log = /proc/self/fd/2\nprocess_control_timeout = 10s ; graceful\n\n[www]\nlisten = "127.0.0.1:9000"\nenv[PATH] = /usr/bin\n';

  it('reads sections, keys and values, without comments or quotes', () => {
    const { sections, entries } = parseIni(text);
    assert.deepStrictEqual(sections.map((section) => section.name), ['global', 'www']);
    assert.deepStrictEqual(entries.map((entry) => [entry.section, entry.key, entry.value]), [
      ['global', 'error_log', '/proc/self/fd/2'],
      ['global', 'process_control_timeout', '10s'],
      ['www', 'listen', '127.0.0.1:9000'],
      ['www', 'env[PATH]', '/usr/bin'],
    ]);
  });

  it('keeps ranges of keys and values as written', () => {
    const entry = parseIni(text).entries[1];
    assert.strictEqual(at(text, entry.keyStart, entry.keyEnd), 'process_control_timeout');
    assert.strictEqual(at(text, entry.valueStart, entry.valueEnd), '10s');
    const quoted = parseIni(text).entries[2];
    assert.strictEqual(at(text, quoted.valueStart, quoted.valueEnd), '"127.0.0.1:9000"');
  });

  it('keeps a ; inside quotes', () => {
    assert.strictEqual(parseIni('a = "x;y" ; c\n').entries[0].value, 'x;y');
  });

  it('finds the global directive in force across php-fpm.conf and the pool files, a later file winning', () => {
    const file = (name: string, body: string) => parsePhpFpmConfig(new SourceText(`file:///w/php/${name}`, body));
    const files = [
      file('php-fpm.d/zz-docker.conf', '[global]\ndaemonize = no\nprocess_control_timeout = 20\n'),
      file('php-fpm.conf', 'process_control_timeout = 5\ninclude=etc/php-fpm.d/*.conf\n'),
      file('php-fpm.d/www.conf', '[www]\nprocess_control_timeout = 99\n'),
    ];
    const found = globalDirective(files, 'process_control_timeout');
    assert.strictEqual(found?.directive.value, '20');
    assert.strictEqual(found?.file.source.uri, 'file:///w/php/php-fpm.d/zz-docker.conf');
  });

  it('reads php-fpm time values', () => {
    assert.deepStrictEqual(['30', '10s', '2m', '1h', '1d', '1.5s', '-1', ''].map(phpFpmSeconds), [30, 10, 120, 3600, 86400, undefined, undefined, undefined]);
  });
});

describe('Spring Boot configuration', () => {
  it('flattens YAML to the dotted keys Spring binds, with value ranges', () => {
    const text = 'server:\n  shutdown: graceful\nspring:\n  lifecycle:\n    timeout-per-shutdown-phase: 20s\n  profiles.include: [a, b]\n';
    const file = parseSpringConfig(new SourceText('file:///w/src/main/resources/application.yml', text));
    assert.deepStrictEqual(file.properties.map((property) => [property.key, property.value]), [
      ['server.shutdown', 'graceful'],
      ['spring.lifecycle.timeout-per-shutdown-phase', '20s'],
      ['spring.profiles.include[0]', 'a'],
      ['spring.profiles.include[1]', 'b'],
    ]);
    const { valueRange } = file.properties[1];
    assert.deepStrictEqual(valueRange, { start: { line: 4, character: 32 }, end: { line: 4, character: 35 } });
  });

  it('marks the properties of profile documents and profile files', () => {
    const yaml = parseSpringConfig(new SourceText('file:///w/application.yml',
      'a: 1\n---\nspring:\n  config:\n    activate:\n      on-profile: prod\nb: 2\n'));
    assert.deepStrictEqual(yaml.properties.map((property) => [property.key, property.profile]),
      [['a', undefined], ['spring.config.activate.on-profile', 'prod'], ['b', 'prod']]);
    const properties = parseSpringConfig(new SourceText('file:///w/application-dev.properties', 'c=3\n'));
    assert.strictEqual(properties.properties[0].profile, 'dev');
    const legacy = parseSpringConfig(new SourceText('file:///w/application.properties', 'a=1\n#---\nspring.profiles=test\nb=2\n'));
    assert.deepStrictEqual(legacy.properties.map((property) => property.profile), [undefined, 'test', 'test']);
  });

  it('turns a YAML syntax error into a notice', () => {
    const file = parseSpringConfig(new SourceText('file:///w/application.yml', 'a: [1\n'));
    assert.strictEqual(file.properties.length, 0);
    assert.match(file.notices[0].message, /not analysed/);
  });

  it('binds relaxed names, .properties over YAML, profile values left out', () => {
    const yaml = parseSpringConfig(new SourceText('file:///w/application.yml', 'spring:\n  lifecycle:\n    timeoutPerShutdownPhase: 10s\n'));
    const properties = parseSpringConfig(new SourceText('file:///w/application.properties', 'spring.lifecycle.timeout_per_shutdown_phase=40s\n'));
    const profile = parseSpringConfig(new SourceText('file:///w/application-prod.properties', 'spring.lifecycle.timeout-per-shutdown-phase=90s\n'));
    assert.strictEqual(canonicalKey('spring.lifecycle.timeoutPerShutdownPhase'), canonicalKey('spring.lifecycle.timeout-per-shutdown-phase'));
    assert.strictEqual(springSetting([properties, yaml, profile], 'spring.lifecycle.timeout-per-shutdown-phase')?.property.value, '40s');
    assert.strictEqual(springSetting([yaml, profile], 'spring.lifecycle.timeout-per-shutdown-phase')?.property.value, '10s');
    assert.strictEqual(springSetting([profile], 'spring.lifecycle.timeout-per-shutdown-phase'), undefined);
  });

  it('converts durations as Spring Boot does: units, ISO-8601, and milliseconds for a plain number', () => {
    const cases: [string, number | undefined][] = [
      ['30s', 30], ['1m', 60], ['500ms', 0.5], ['2H', 7200], ['1d', 86400], ['30', 0.03], [' 45s ', 45],
      ['PT30S', 30], ['pt1m30s', 90], ['PT0.5S', 0.5], ['P1DT1H', 90000], ['-PT5S', -5],
      ['30 s', undefined], ['1w', undefined], ['PT', undefined], ['abc', undefined],
    ];
    for (const [text, seconds] of cases) assert.strictEqual(springDurationSeconds(text), seconds, text);
  });
});
