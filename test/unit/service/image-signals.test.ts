import * as assert from 'assert';
import {
  entryServerProblem, entrySignalProblem, imagePatternProblem, imageSignalFact, matchingEntry, type ImageEntry,
} from '../../../server/src/service/knowledge/image-signals';
import { resolveSettings } from '../../../server/src/service/settings';

const entry = (image: string, more: Partial<ImageEntry> = {}): ImageEntry => ({ image, origin: '.kube-graceful.yaml line 2', ...more });

describe('image entries (the images setting)', () => {
  const matching: [pattern: string, reference: string, matches: boolean][] = [
    // With a registry: only that registry; Docker Hub however it is spelt.
    ['registry.example.com/platform/nginx', 'registry.example.com/platform/nginx:1.2.3', true],
    ['registry.example.com/platform/nginx', 'REGISTRY.example.com/platform/nginx', true],
    ['registry.example.com/platform/nginx', 'mirror.example.com/platform/nginx:1.2.3', false],
    ['registry.example.com/platform/nginx', 'platform/nginx', false],
    ['registry.example.com/platform/nginx', 'registry.example.com/platform/nginx-extras', false],
    ['docker.io/acme/api', 'acme/api:2', true],
    ['docker.io/acme/api', 'index.docker.io/acme/api', true],
    ['docker.io/acme/api', 'ghcr.io/acme/api', false],
    ['localhost:5000/acme/api', 'localhost:5000/acme/api:dev', true],
    // Without one: the repository on any registry, `library/` as Docker Hub's official images.
    ['acme/api', 'ghcr.io/acme/api:3', true],
    ['acme/api', 'acme/api@sha256:abc', true],
    ['nginx', 'docker.io/library/nginx:1.25', true],
    ['acme/api', 'acme/api-worker', false],
    // A trailing `*`: every repository it begins.
    ['registry.example.com/platform/*', 'registry.example.com/platform/php/fpm:8.3', true],
    ['registry.example.com/platform/*', 'registry.example.com/other/php', false],
    ['ghcr.io/acme/api*', 'ghcr.io/acme/api-worker:1', true],
    // Tag globs; no tag means latest; a digest alone names no tag.
    ['registry.example.com/nginx:1.2*', 'registry.example.com/nginx:1.25.3', true],
    ['registry.example.com/nginx:1.2*', 'registry.example.com/nginx:1.3', false],
    ['registry.example.com/nginx:1.2*', 'registry.example.com/nginx:1x2', false],
    ['acme/api:*-fpm', 'acme/api:8.3-fpm', true],
    ['acme/api:*-fpm', 'acme/api:8.3-cli', false],
    ['acme/api:latest', 'acme/api', true],
    ['acme/api:latest', 'acme/api@sha256:abc', false],
    ['acme/api:1.*', 'acme/api:1.4@sha256:abc', true],
  ];
  for (const [pattern, reference, matches] of matching) {
    it(`${pattern} ${matches ? 'matches' : 'does not match'} ${reference}`, () => {
      assert.strictEqual(imagePatternProblem(pattern), undefined);
      assert.strictEqual(matchingEntry(reference, [entry(pattern)]) !== undefined, matches);
    });
  }

  it('rejects what is no pattern, saying why', () => {
    assert.match(imagePatternProblem('acme/api@sha256:abc')!, /pinned by digest/);
    assert.match(imagePatternProblem('acme/*/api')!, /may only end it/);
    assert.match(imagePatternProblem('acme/api:1.[0-9]')!, /tag glob/);
    assert.match(imagePatternProblem(' ')!, /names a repository/);
  });

  it('checks signal names with the spelling knowledge, and server ids', () => {
    assert.strictEqual(entrySignalProblem('SIGQUIT'), undefined);
    assert.strictEqual(entrySignalProblem('SIGRTMIN+3'), undefined);
    assert.strictEqual(entrySignalProblem('QUIT'), 'stopSignal QUIT: write SIGQUIT.');
    assert.strictEqual(entrySignalProblem('3'), 'stopSignal 3: write SIGQUIT.');
    assert.match(entrySignalProblem('SIGQUITT')!, /not a signal name\. Did you mean SIGQUIT\?/);
    assert.strictEqual(entryServerProblem('php-fpm'), undefined);
    assert.match(entryServerProblem('fpm')!, /^runs fpm is not a server kube-graceful knows: use one of nginx, php-fpm, httpd, .*supervisord\.$/);
  });

  it('puts the first matching entry before the official table, and names where it is written', () => {
    const entries = [entry('registry.example.com/platform/nginx', { stopSignal: 'SIGQUIT', runs: 'nginx' }), entry('nginx', { origin: 'setting `kubeGraceful.images`' })];
    assert.deepStrictEqual(imageSignalFact('registry.example.com/platform/nginx:1.4', entries), {
      image: 'registry.example.com/platform/nginx:1.4', signal: 'SIGQUIT', certain: true, runs: 'nginx', official: false,
      source: '.kube-graceful.yaml line 2', note: 'per .kube-graceful.yaml line 2, `registry.example.com/platform/nginx` images set STOPSIGNAL SIGQUIT',
    });
    // An entry without stopSignal says the image sets none, even where the official table says otherwise.
    const hub = imageSignalFact('nginx:1.25', entries)!;
    assert.deepStrictEqual([hub.signal, hub.official, hub.note], [undefined, false, 'per setting `kubeGraceful.images`, `nginx` images set no STOPSIGNAL']);
    assert.deepStrictEqual([imageSignalFact('nginx:1.25', [])?.signal, imageSignalFact('nginx:1.25', [])?.official], ['SIGQUIT', true]);
    assert.strictEqual(imageSignalFact('example/unknown:1', entries), undefined);
  });

  it('takes the valid entries of the editor setting and drops the others', () => {
    const settings = resolveSettings({
      images: [
        { image: 'registry.example.com/platform/nginx', stopSignal: 'SIGQUIT', runs: 'nginx' },
        { image: 'ghcr.io/acme/api' },
        { image: 'acme/bad', stopSignal: 'QUITT' }, { image: 'acme/bad', runs: 'apache' }, { stopSignal: 'SIGQUIT' }, 'acme/api', { image: 'a@sha256:1' },
      ],
    });
    assert.deepStrictEqual(settings.images, [
      { image: 'registry.example.com/platform/nginx', stopSignal: 'SIGQUIT', runs: 'nginx', origin: 'setting `kubeGraceful.images`' },
      { image: 'ghcr.io/acme/api', origin: 'setting `kubeGraceful.images`' },
    ]);
    assert.deepStrictEqual(resolveSettings({ images: 'nginx' }).images, []);
  });
});
