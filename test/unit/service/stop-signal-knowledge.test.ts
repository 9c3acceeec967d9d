import * as assert from 'assert';
import { officialImageSignal } from '../../../server/src/service/knowledge/official-images';
import { serverOfExecutable, serverOfPackage, servers, signalBehaviour } from '../../../server/src/service/knowledge/servers';
import {
  canonicalSignal, kubernetesLinuxStopSignals, kubernetesWindowsStopSignals, sameSignal, signalName, signalNumber,
} from '../../../server/src/service/knowledge/signals';

describe('signal names', () => {
  const canonical: [string, string | undefined][] = [
    ['SIGQUIT', 'SIGQUIT'], ['QUIT', 'SIGQUIT'], ['sigquit', 'SIGQUIT'], ['3', 'SIGQUIT'], [' SIGWINCH ', 'SIGWINCH'],
    ['28', 'SIGWINCH'], ['SIGRTMIN+3', 'SIGRTMIN+3'], ['37', 'SIGRTMIN+3'], ['63', 'SIGRTMAX-1'],
    ['SIGQUITT', undefined], ['$SIGNAL', undefined], ['0', undefined], ['65', undefined], ['SIGRTMAX+1', undefined],
  ];
  for (const [text, expected] of canonical) it(`reads ${JSON.stringify(text)}`, () => assert.strictEqual(canonicalSignal(text), expected));

  it('numbers aliases alike and names them by their usual name', () => {
    assert.ok(sameSignal('SIGIOT', 'SIGABRT'));
    assert.ok(sameSignal('QUIT', '3'));
    assert.ok(!sameSignal('SIGTERM', 'SIGQUIT'));
    assert.strictEqual(signalNumber('SIGTERM'), 15);
    assert.strictEqual(signalName(6), 'SIGABRT');
  });

  it('lists what lifecycle.stopSignal accepts (FACTS §3)', () => {
    for (const name of ['SIGQUIT', 'SIGWINCH', 'SIGUSR1', 'SIGRTMIN', 'SIGRTMIN+15', 'SIGRTMAX-14', 'SIGRTMAX', 'SIGCLD', 'SIGPOLL']) {
      assert.ok(kubernetesLinuxStopSignals.has(name), name);
    }
    for (const name of ['QUIT', 'SIGRTMIN+16', 'SIGRTMAX-15', '3']) assert.ok(!kubernetesLinuxStopSignals.has(name), name);
    assert.deepStrictEqual([...kubernetesWindowsStopSignals], ['SIGTERM', 'SIGKILL']);
  });
});

describe('official image STOPSIGNAL table (FACTS §6)', () => {
  const table: [string, string | undefined, boolean, string | undefined][] = [
    // image, signal (undefined: none), certain, server it runs
    ['nginx', 'SIGQUIT', true, 'nginx'],
    ['nginx:latest', 'SIGQUIT', true, 'nginx'],
    ['nginx:stable-alpine', 'SIGQUIT', true, 'nginx'],
    ['nginx:mainline-alpine-perl', 'SIGQUIT', true, 'nginx'],
    ['nginx:1.27.1-bookworm', 'SIGQUIT', true, 'nginx'],
    ['nginx:1.20', 'SIGQUIT', true, 'nginx'],
    ['nginx:1.19.5', 'SIGQUIT', true, 'nginx'],
    ['nginx:1.19', 'SIGQUIT', true, 'nginx'],
    ['nginx:1.19.4', undefined, true, 'nginx'],
    ['nginx:1.17-alpine', undefined, true, 'nginx'],
    ['nginx:1.12', undefined, true, 'nginx'],
    ['nginx:1.18.0', 'SIGQUIT', false, 'nginx'],
    ['nginx:1.18-alpine', 'SIGQUIT', false, 'nginx'],
    ['nginx:1.12.0', 'SIGQUIT', false, 'nginx'],
    ['nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'SIGQUIT', false, 'nginx'],
    ['nginx:1.25@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 'SIGQUIT', true, 'nginx'],
    ['docker.io/library/nginx:1.25', 'SIGQUIT', true, 'nginx'],
    ['public.ecr.aws/docker/library/nginx:1.25', 'SIGQUIT', true, 'nginx'],
    ['php:8.3-fpm', 'SIGQUIT', true, 'php-fpm'],
    ['php:fpm-alpine', 'SIGQUIT', true, 'php-fpm'],
    ['php:8.3-apache-bookworm', 'SIGWINCH', true, 'httpd'],
    ['php:8.3-cli', undefined, true, undefined],
    ['php', undefined, true, undefined],
    ['httpd:2.4-alpine', 'SIGWINCH', true, 'httpd'],
    ['haproxy:2.9', 'SIGUSR1', true, 'haproxy'],
    ['postgres:16', 'SIGINT', true, undefined],
    ['kong:3.6', 'SIGQUIT', true, undefined],
    ['kong:0.10', undefined, true, undefined],
    ['wordpress:6-fpm', 'SIGQUIT', true, 'php-fpm'],
    ['redis:7', undefined, true, undefined],
    ['traefik:v3.0', undefined, true, 'traefik'],
    ['caddy:2', undefined, true, 'caddy'],
    ['debian:12-slim', undefined, true, undefined],
    ['scratch', undefined, true, undefined],
  ];
  for (const [image, signal, certain, runs] of table) {
    it(image.split('@')[0] + (image.includes('@') ? '@digest' : ''), () => {
      const fact = officialImageSignal(image);
      assert.ok(fact);
      assert.deepStrictEqual([fact.signal, fact.certain, fact.runs], [signal, certain, runs]);
    });
  }

  it('says which other signal an uncertain digest may carry, and what current tags set', () => {
    const fact = officialImageSignal('nginx:1.18.0')!;
    assert.strictEqual(fact.alternative, 'SIGTERM');
    assert.match(fact.note, /rebuilt since 2020-11-24/);
    assert.strictEqual(officialImageSignal('nginx:1.17')!.current, 'SIGQUIT');
  });

  it('knows nothing of other images and unmarked variants of derived ones', () => {
    for (const image of ['example/nginx:1.25', 'nginxinc/nginx-unprivileged:1.25', 'wordpress:6', 'python:3.12', 'node:20']) {
      assert.strictEqual(officialImageSignal(image), undefined, image);
    }
  });
});

describe('server signal table (FACTS §7)', () => {
  const graceful: [string, string[]][] = [
    ['nginx', ['SIGQUIT']], ['/usr/sbin/php-fpm8.2', ['SIGQUIT']], ['php-fpm82', ['SIGQUIT']], ['apache2-foreground', ['SIGWINCH']],
    ['httpd', ['SIGWINCH']], ['haproxy', ['SIGUSR1']], ['unicorn_rails', ['SIGQUIT']], ['uwsgi', []], ['gunicorn', ['SIGTERM']],
    ['puma', ['SIGTERM', 'SIGINT']], ['caddy', ['SIGTERM', 'SIGINT']], ['traefik', ['SIGTERM', 'SIGINT']], ['sidekiq', ['SIGTERM']],
    ['celery', ['SIGTERM', 'SIGINT']], ['envoy', []], ['supervisord', ['SIGTERM']],
  ];
  for (const [executable, signals] of graceful) {
    it(`${executable} stops gracefully on ${signals.join(', ') || 'no signal'}`, () => assert.deepStrictEqual(serverOfExecutable(executable)?.graceful, signals));
  }

  it('says what SIGTERM does to the servers that need another signal', () => {
    for (const server of servers.filter((candidate) => candidate.graceful.length > 0 && !candidate.graceful.includes('SIGTERM'))) {
      assert.ok(server.effects.SIGTERM, server.id);
    }
    assert.deepStrictEqual(serverOfExecutable('nginx')?.effects.SIGTERM, { name: 'fast shutdown', consequence: 'open connections are dropped' });
  });

  it('recognises packages, version pins ignored', () => {
    const found = ['nginx', 'nginx-extras', 'nginx=1.22.1-9', 'php8.2-fpm', 'php82-fpm', 'php-fpm', 'apache2', 'httpd', 'haproxy', 'supervisor', 'gunicorn', 'nginx~1.24']
      .map((spec) => serverOfPackage(spec)?.id);
    assert.deepStrictEqual(found, ['nginx', 'nginx', 'nginx', 'php-fpm', 'php-fpm', 'php-fpm', 'httpd', 'httpd', 'haproxy', 'supervisord', 'gunicorn', 'nginx']);
    for (const spec of ['nginx-module-njs', 'php8.2-cli', 'libapache2-mod-php', 'curl']) assert.strictEqual(serverOfPackage(spec), undefined, spec);
  });

  it('applies uWSGI options, and says nothing when its settings are out of sight', () => {
    const uwsgi = serverOfExecutable('uwsgi')!;
    assert.deepStrictEqual(signalBehaviour(uwsgi, ['uwsgi', '--http', ':80'])?.graceful, []);
    assert.deepStrictEqual(signalBehaviour(uwsgi, ['uwsgi', '--hook-master-start=unix_signal:15 gracefully_kill_them_all'])?.graceful, ['SIGTERM']);
    assert.strictEqual(signalBehaviour(uwsgi, ['uwsgi', '--die-on-term', '--http', ':80'])?.effects.SIGTERM?.name, 'brutal shutdown');
    assert.strictEqual(signalBehaviour(uwsgi, ['uwsgi', '--ini', 'app.ini']), undefined);
    assert.strictEqual(signalBehaviour(uwsgi, ['uwsgi', 'app.ini']), undefined);
    assert.strictEqual(signalBehaviour(uwsgi, undefined), undefined);
    assert.deepStrictEqual(signalBehaviour(serverOfExecutable('nginx')!, undefined)?.graceful, ['SIGQUIT']);
  });
});
