import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { allRules, ruleDocsUrl } from '../../server/src/service';
import { copyOfShop, lint, removeDirs, tempDir, writeTree } from './helpers';
import { sarifProblems } from './sarif-validator';

interface SarifRegion {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

interface SarifLocation {
  physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: SarifRegion };
}

interface SarifLog {
  runs: {
    tool: { driver: { rules: { id: string; shortDescription: { text: string }; helpUri: string; defaultConfiguration: { level: string } }[] } };
    originalUriBaseIds: Record<string, { uri: string }>;
    results: { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations: SarifLocation[] }[];
    invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; locations: SarifLocation[] }[] }[];
  }[];
}

async function sarif(args: string[], cwd: string): Promise<SarifLog> {
  const run = await lint(['--format', 'sarif', ...args], cwd);
  assert.notStrictEqual(run.code, 2, run.stderr);
  const log = JSON.parse(run.stdout) as SarifLog;
  assert.deepStrictEqual(sarifProblems(log), []);
  return log;
}

describe('kube-graceful lint --format sarif', () => {
  const dirs: string[] = [];
  after(() => removeDirs(dirs));

  it('describes every rule and reports the shop example with 1-based regions relative to %SRCROOT%', async () => {
    const root = copyOfShop();
    dirs.push(root);
    const [run] = (await sarif(['shop'], root)).runs;
    assert.deepStrictEqual(run.tool.driver.rules.map((rule) => rule.id), allRules.map((rule) => rule.meta.id));
    for (const [index, rule] of run.tool.driver.rules.entries()) {
      assert.strictEqual(rule.shortDescription.text, allRules[index].meta.summary);
      assert.strictEqual(rule.helpUri, ruleDocsUrl(rule.id));
      assert.strictEqual(rule.defaultConfiguration.level, allRules[index].meta.defaultSeverity === 'error' ? 'error' : 'warning');
    }
    assert.deepStrictEqual(run.originalUriBaseIds, { '%SRCROOT%': { uri: `${pathToFileURL(root).href}/` } });
    assert.deepStrictEqual(run.results.map((result) => ({
      ruleId: result.ruleId, level: result.level, ...result.locations[0].physicalLocation,
    })), [
      { ruleId: 'k8s/prestop-missing', level: 'warning', artifactLocation: { uri: 'shop/deploy/shop.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 20, startColumn: 17, endLine: 20, endColumn: 22 } },
      { ruleId: 'k8s/grace-period-too-short', level: 'warning', artifactLocation: { uri: 'shop/deploy/shop.yaml', uriBaseId: '%SRCROOT%' },
        region: { startLine: 37, startColumn: 26, endLine: 37, endColumn: 50 } },
      { ruleId: 'php-fpm/process-control-timeout', level: 'warning', artifactLocation: { uri: 'shop/php/Dockerfile', uriBaseId: '%SRCROOT%' },
        region: { startLine: 8, startColumn: 1, endLine: 8, endColumn: 17 } },
      { ruleId: 'docker/shell-form', level: 'warning', artifactLocation: { uri: 'shop/php/Dockerfile', uriBaseId: '%SRCROOT%' },
        region: { startLine: 14, startColumn: 1, endLine: 14, endColumn: 26 } },
      { ruleId: 'shell/missing-exec', level: 'warning', artifactLocation: { uri: 'shop/php/docker-entrypoint.sh', uriBaseId: '%SRCROOT%' },
        region: { startLine: 6, startColumn: 1, endLine: 6, endColumn: 5 } },
    ]);
    assert.deepStrictEqual(run.invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
  });

  it('maps error to error and hint to note', async () => {
    const root = tempDir();
    dirs.push(root);
    writeTree(root, {
      'alpine/Dockerfile': 'FROM php:8.3-fpm-alpine\nCMD php-fpm\n',
      'distroless/Dockerfile': 'FROM gcr.io/distroless/static\nCMD server --port 80\n',
    });
    const [run] = (await sarif(['.'], root)).runs;
    assert.deepStrictEqual(run.results.map((result) => [result.locations[0].physicalLocation.artifactLocation.uri, result.level]), [
      ['alpine/Dockerfile', 'warning'],
      ['alpine/Dockerfile', 'note'],
      ['distroless/Dockerfile', 'error'],
    ]);
  });

  it('puts notices in the invocation, not in the results, and encodes file names as uris', async () => {
    const root = tempDir();
    dirs.push(root);
    writeTree(root, {
      'my chart/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n{{- define "labels" }}\n{{- end }}\n',
    });
    const [run] = (await sarif(['.'], root)).runs;
    assert.deepStrictEqual(run.results, []);
    const [notification] = run.invocations[0].toolExecutionNotifications;
    assert.strictEqual(notification.level, 'note');
    assert.match(notification.message.text, /Helm/);
    assert.deepStrictEqual(notification.locations[0].physicalLocation.artifactLocation,
      { uri: 'my%20chart/templates/deployment.yaml', uriBaseId: '%SRCROOT%' });
  });

  it('gives files outside the working directory an absolute uri', async () => {
    const root = copyOfShop();
    dirs.push(root);
    const [run] = (await sarif([path.join(root, 'shop', 'php')], path.join(root, 'shop', 'deploy'))).runs;
    assert.deepStrictEqual(run.results[0].locations[0].physicalLocation.artifactLocation,
      { uri: pathToFileURL(path.join(root, 'shop', 'php', 'Dockerfile')).href });
  });

  it('has a validator that catches broken logs', () => {
    const broken = {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [{
        tool: { driver: { name: 'kube-graceful', informationUri: 'https://example.com', version: '1', rules: [{
          id: 'a/b', name: 'AB', shortDescription: { text: 's' }, fullDescription: { text: 'f' }, helpUri: 'https://example.com/a',
          defaultConfiguration: { level: 'warning' }, properties: { tags: ['t'] },
        }] } },
        originalUriBaseIds: { '%SRCROOT%': { uri: 'file:///src/' } },
        invocations: [{ executionSuccessful: true, toolExecutionNotifications: [] }],
        results: [{
          ruleId: 'a/b', ruleIndex: 1, level: 'hint', message: { text: 'm' },
          locations: [{ physicalLocation: { artifactLocation: { uri: '/abs/file', uriBaseId: '%SRCROOT%' },
            region: { startLine: 0, startColumn: 1, endLine: 1, endColumn: 1 } } }],
        }],
      }],
    };
    assert.deepStrictEqual(sarifProblems(broken), [
      'results[0].ruleIndex points at its rule',
      'results[0].level',
      'results[0].locations[0].physicalLocation.artifactLocation.uri is relative',
      'results[0].locations[0].physicalLocation.region is 1-based',
    ]);
  });
});
