import * as assert from 'assert';
import { detectLanguage } from '../../../server/src/service/detect';
import { applyEdits } from '../../../server/src/service/fix/apply';
import { appendToMap, indentUnit } from '../../../server/src/service/fix/yaml';
import { baseImageShell, parseImageReference } from '../../../server/src/service/knowledge/base-images';
import { workspaceBuildOf } from '../../../server/src/service/model/image-source';
import { parseDockerfile } from '../../../server/src/service/parse/dockerfile';
import { parseKubernetes } from '../../../server/src/service/parse/kubernetes';
import { parseKubernetesVersion, resolveSettings } from '../../../server/src/service/settings';
import { SourceText } from '../../../server/src/service/source';

describe('language detection', () => {
  const cases: [string, string, string | undefined][] = [
    ['Dockerfile', 'FROM a', 'dockerfile'],
    ['Dockerfile.prod', '', 'dockerfile'],
    ['api.Dockerfile', '', 'dockerfile'],
    ['Containerfile', '', 'dockerfile'],
    ['deploy.yaml', 'apiVersion: v1\nkind: Pod\n', 'kubernetes'],
    ['bom-kind-first.yaml', '\uFEFFkind: Pod\napiVersion: v1\n', 'kubernetes'],
    ['quoted-keys.yaml', '"apiVersion": v1\n\'kind\': Pod\n', 'kubernetes'],
    ['json-in.yaml', '{"apiVersion": "v1", "kind": "Pod"}\n', 'kubernetes'],
    ['mismatched-quotes.yaml', '"apiVersion\': v1\nkind: Pod\n', undefined],
    ['values.yml', 'replicas: 3\n', undefined],
    ['.github/workflows/ci.yml', 'on: push\njobs: {}\n', undefined],
    ['start.sh', 'echo', 'shell'],
    ['docker-entrypoint', '#!/bin/sh\nexec "$@"\n', 'shell'],
    ['run', '#!/usr/bin/env bash\n', 'shell'],
    ['README', 'hello', undefined],
    ['src/main/resources/application.yml', 'spring:\n  lifecycle: {}\n', 'spring'],
    ['config/application-prod.yaml', 'server.shutdown: graceful\n', 'spring'],
    ['application.properties', 'server.port=8080\n', 'spring'],
    ['argocd/application.yaml', 'apiVersion: argoproj.io/v1alpha1\nkind: Application\n', 'kubernetes'],
    ['app.properties', 'a=1\n', undefined],
    ['php/php-fpm.d/zz-docker.conf', '[global]\ndaemonize = no\n', 'php-fpm'],
    ['etc/php/8.2/fpm/pool.d/www.conf', '[www]\nuser = www-data\n', 'php-fpm'],
    ['docker/php-fpm.conf', '[global]\n', 'php-fpm'],
    ['docker/fpm-pool.conf', '[app]\npm = ondemand\n', 'php-fpm'],
    ['nginx/conf.d/www.conf', 'server { listen 80; }\n', undefined],
    ['supervisord.conf', '[program:php]\ncommand=php-fpm\n', 'supervisord'],
    ['docker/supervisor/conf.d/php-fpm.conf', '[program:php-fpm]\ncommand=php-fpm -F\n', 'supervisord'],
    ['etc/supervisord.d/worker.ini', '', 'supervisord'],
    ['docker/nginx-php.conf', '; services\n[program:nginx]\ncommand=nginx\n', 'supervisord'],
    ['config/uwsgi.ini', '[uwsgi]\nmodule = app\n', undefined],
    ['php.ini', '[PHP]\nmemory_limit = 256M\n', undefined],
    ['orders/pom.xml', '<project/>', 'jvm-build'],
    ['build.gradle.kts', 'plugins { java }', 'jvm-build'],
    ['settings.gradle', "rootProject.name = 'shop'", 'jvm-build'],
    ['gradle/libs.versions.toml', '[versions]\n', 'jvm-build'],
    ['web/package.xml', '<package/>', undefined],
  ];
  for (const [name, text, language] of cases) it(name, () => assert.strictEqual(detectLanguage(`file:///w/${name}`, text), language));
});

describe('image references', () => {
  const cases: [string, { repository: string; tag?: string }, string | undefined][] = [
    ['node:20', { repository: 'node', tag: '20' }, 'dash'],
    ['docker.io/library/python:3.12-alpine', { repository: 'python', tag: '3.12-alpine' }, 'ash'],
    ['localhost:5000/team/app', { repository: 'team/app', tag: undefined }, undefined],
    ['gcr.io/distroless/static-debian12:nonroot', { repository: 'distroless/static-debian12', tag: 'nonroot' }, 'none'],
    ['gcr.io/distroless/base:debug', { repository: 'distroless/base', tag: 'debug' }, 'ash'],
    ['registry.access.redhat.com/ubi9/ubi-minimal:9.4', { repository: 'ubi9/ubi-minimal', tag: '9.4' }, 'bash'],
    ['nginx@sha256:abc', { repository: 'nginx', tag: undefined }, 'dash'],
  ];
  for (const [image, reference, flavour] of cases) {
    it(image, () => {
      assert.deepStrictEqual(parseImageReference(image), reference);
      assert.strictEqual(baseImageShell(image)?.flavour, flavour);
    });
  }
});

describe('YAML edits', () => {
  it('reads the indentation unit of a file', () => {
    assert.strictEqual(indentUnit(new SourceText('u', 'a:\n  b:\n    c: 1\n')), 2);
    assert.strictEqual(indentUnit(new SourceText('u', 'a:\n    b:\n        c: 1\n')), 4);
    assert.strictEqual(indentUnit(new SourceText('u', 'a: 1\n')), 2);
  });

  it('appends to a map at the end of a file without a final newline', () => {
    const source = new SourceText('u', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: []');
    const pod = parseKubernetes(source).podTemplates[0];
    const edit = appendToMap(source, pod.spec, ['terminationGracePeriodSeconds: 40']);
    assert.strictEqual(applyEdits(source.text, [edit!]), `${source.text}\n  terminationGracePeriodSeconds: 40\n`);
  });

  it('appends after a block scalar', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  script: |\n    line one\n    line two\n\n# next\n';
    const source = new SourceText('u', text);
    const edit = appendToMap(source, parseKubernetes(source).podTemplates[0].spec, ['x: 1']);
    assert.strictEqual(applyEdits(text, [edit!]), 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  script: |\n    line one\n    line two\n  x: 1\n\n# next\n');
  });

  it('refuses overlapping edits and keeps the order of inserts at one position', () => {
    const at = (character: number) => ({ line: 0, character });
    assert.strictEqual(applyEdits('abc', [{ range: { start: at(1), end: at(1) }, newText: 'X' }, { range: { start: at(1), end: at(1) }, newText: 'Y' }]), 'aXYbc');
    assert.throws(() => applyEdits('abcdef', [{ range: { start: at(1), end: at(4) }, newText: '' }, { range: { start: at(2), end: at(5) }, newText: '' }]));
  });
});

describe('settings', () => {
  it('parses Kubernetes versions', () => {
    assert.deepStrictEqual(parseKubernetesVersion('1.30'), { major: 1, minor: 30 });
    assert.deepStrictEqual(parseKubernetesVersion('v1.29.3'), { major: 1, minor: 29 });
    assert.strictEqual(parseKubernetesVersion('latest'), undefined);
  });
  it('drops values of the wrong type', () => {
    const settings = resolveSettings({ kubernetesVersion: 'nope', drainBudgetSeconds: -1, rules: { 'a/b': 'off', 'c/d': 'loud' } });
    assert.deepStrictEqual(settings, { kubernetesVersion: '1.30', drainBudgetSeconds: 30, maxFileSizeBytes: 8 * 1024 * 1024, rules: { 'a/b': 'off' }, images: [] });
  });
});

describe('image to workspace Dockerfile', () => {
  const dockerfile = (uri: string) => parseDockerfile(new SourceText(uri, 'FROM php:8.3-fpm\n'));
  const files = [dockerfile('file:///w/php/Dockerfile'), dockerfile('file:///w/build/Dockerfile.worker'), dockerfile('file:///w/api.Dockerfile')];
  const cases: [string, string | undefined][] = [
    ['registry.example.com/shop/php:2.3.1', 'file:///w/php/Dockerfile'],
    ['example/worker', 'file:///w/build/Dockerfile.worker'],
    ['ghcr.io/acme/api@sha256:abc', 'file:///w/api.Dockerfile'],
    ['nginx:1.27', undefined],
  ];
  for (const [image, uri] of cases) it(image, () => assert.strictEqual(workspaceBuildOf(image, files)?.dockerfile.source.uri, uri));
  it('chooses none when two Dockerfiles match', () => {
    assert.strictEqual(workspaceBuildOf('php', [...files, dockerfile('file:///w/other/php/Dockerfile')]), undefined);
  });
});
