import * as assert from 'assert';
import { applyEdits } from '../../../server/src/service/fix/apply';
import { setListAttribute } from '../../../server/src/service/fix/annotations';
import { drainTimeoutOf, drainTimeouts } from '../../../server/src/service/knowledge/drain-timeouts';
import { serverById } from '../../../server/src/service/knowledge/servers';
import { linkedConfig, phpFpmConfigRoot, springAppRoot } from '../../../server/src/service/model/config-link';
import { workspaceBuildOf } from '../../../server/src/service/model/image-source';
import type { KubernetesFile } from '../../../server/src/service/model/kubernetes';
import { workspaceLoadBalancers } from '../../../server/src/service/model/load-balancer';
import { parseKubernetes } from '../../../server/src/service/parse/kubernetes';
import { containerDrain, graceNeed, locationLabel, loadBalancerHolds } from '../../../server/src/service/shutdown/drain';
import { containerShutdown } from '../../../server/src/service/shutdown/timeline';
import { SourceText } from '../../../server/src/service/source';
import { Workspace } from '../../../server/src/service/workspace';
import { isScalar } from 'yaml';

function workspaceOf(files: Record<string, string>): Workspace {
  const workspace = new Workspace(() => ({ maxFileSizeBytes: 1e6 }));
  for (const [name, text] of Object.entries(files)) workspace.set(`file:///w/${name}`, text);
  return workspace;
}

const pod = (container: string, spec = '') => `apiVersion: v1
kind: Pod
metadata:
  name: web
  labels:
    app: web
spec:
${spec}  containers:
    - name: web
${container}`;

function drainOf(files: Record<string, string>) {
  const workspace = workspaceOf(files);
  const file = workspace.get('file:///w/pod.yaml')!.parsed as KubernetesFile;
  const template = file.podTemplates[0];
  const context = { source: file.source, workspace, drainBudgetSeconds: 30, kubernetesVersion: { major: 1, minor: 30 }, images: [] };
  const drain = containerDrain(template.containers[0], context);
  return { drain, workspace, file, template, context };
}

describe('drain time of a container', () => {
  const cases: [string, string, { seconds: number; basis: string; what?: string }][] = [
    ['gunicorn --graceful-timeout N', '      image: app\n      command: ["gunicorn", "--graceful-timeout", "90", "app:app"]\n', { seconds: 90, basis: 'set', what: 'gunicorn --graceful-timeout' }],
    ['gunicorn --graceful-timeout=N, the last one wins', '      image: app\n      args: ["gunicorn", "--graceful-timeout=10", "--graceful-timeout=12"]\n', { seconds: 12, basis: 'set' }],
    ['gunicorn through python -m', '      image: app\n      command: ["python3", "-m", "gunicorn", "app:app"]\n', { seconds: 30, basis: 'default' }],
    ['Sidekiq -t N under bundle exec', '      image: app\n      command: ["bundle", "exec", "sidekiq", "-t", "8"]\n', { seconds: 8, basis: 'set' }],
    ['Sidekiq --timeout=N', '      image: app\n      command: ["sidekiq", "--timeout=40"]\n', { seconds: 40, basis: 'set' }],
    ['Sidekiq default', '      image: app\n      command: ["sidekiq"]\n', { seconds: 25, basis: 'default' }],
    ['Puma clustered', '      image: app\n      command: ["puma", "--workers=2"]\n', { seconds: 30, basis: 'default' }],
    ['Puma single mode: unbounded, no number', '      image: app\n      command: ["puma"]\n', { seconds: 30, basis: 'budget' }],
    ['uWSGI with its graceful hook', '      image: app\n      command: ["uwsgi", "--http", ":80", "--hook-master-start", "unix_signal:15 gracefully_kill_them_all"]\n', { seconds: 60, basis: 'default' }],
    ['uWSGI without it', '      image: app\n      command: ["uwsgi", "--http", ":80"]\n', { seconds: 30, basis: 'budget' }],
    ['an sh -c script', '      image: app\n      command: ["/bin/sh", "-ec", "cd /app && exec gunicorn --graceful-timeout 20 app:app"]\n', { seconds: 20, basis: 'set' }],
    ['php-fpm with process_control_timeout unset (0) does not wait: no number', '      image: php:8.3-fpm\n', { seconds: 30, basis: 'budget' }],
    ['an unknown app', '      image: example/api:1\n', { seconds: 30, basis: 'budget' }],
  ];
  for (const [name, container, expected] of cases) {
    it(name, () => {
      const { drain } = drainOf({ 'pod.yaml': pod(container) });
      assert.strictEqual(drain.seconds, expected.seconds);
      assert.strictEqual(drain.basis, expected.basis);
      if (expected.what) assert.strictEqual(drain.sources[0].what, expected.what);
    });
  }

  it('points at the word that sets the timeout', () => {
    const { drain, file } = drainOf({ 'pod.yaml': pod('      image: app\n      command:\n        - gunicorn\n        - --graceful-timeout\n        - "45"\n') });
    const where = drain.sources[0].where!;
    assert.strictEqual(file.source.text.split('\n')[where.range.start.line], '        - "45"');
  });

  it('reads the CMD of the workspace Dockerfile that builds the image', () => {
    const { drain } = drainOf({
      'pod.yaml': pod('      image: registry.example.com/team/api:3\n'),
      'api/Dockerfile': 'FROM python:3.12\nCMD gunicorn --graceful-timeout 75 app:app\n',
    });
    assert.deepStrictEqual([drain.seconds, drain.basis, drain.sources[0].where?.uri], [75, 'set', 'file:///w/api/Dockerfile']);
  });

  it('reads php-fpm\'s process_control_timeout from the configuration in the folder of the Dockerfile', () => {
    const { drain } = drainOf({
      'pod.yaml': pod('      image: registry.example.com/shop/php:2\n'),
      'php/Dockerfile': 'FROM php:8.3-fpm\nCOPY php-fpm.d/ /usr/local/etc/php-fpm.d/\n',
      'php/php-fpm.d/zz-app.conf': '[global]\nprocess_control_timeout = 25s\n',
      'other/php-fpm.d/www.conf': '[global]\nprocess_control_timeout = 99\n',
    });
    assert.deepStrictEqual([drain.seconds, drain.basis, drain.sources[0].where?.uri], [25, 'set', 'file:///w/php/php-fpm.d/zz-app.conf']);
  });

  it('uses the only php-fpm configuration of the workspace for an image built elsewhere', () => {
    const { drain } = drainOf({
      'pod.yaml': pod('      image: registry.example.com/shop/fpm:2\n      command: ["php-fpm", "-F"]\n'),
      'docker/php/php-fpm.d/www.conf': '[www]\npm = dynamic\n',
      'docker/php/php-fpm.conf': '[global]\nprocess_control_timeout = 15\n',
    });
    assert.deepStrictEqual([drain.seconds, drain.basis], [15, 'set']);
  });

  it('reads Spring Boot\'s timeout from the app the Dockerfile builds, and nothing from its tests', () => {
    const { drain } = drainOf({
      'pod.yaml': pod('      image: ghcr.io/acme/orders:1\n'),
      'orders/Dockerfile': 'FROM eclipse-temurin:21\nCMD ["java", "-jar", "app.jar"]\n',
      'orders/src/main/resources/application.properties': 'spring.lifecycle.timeout-per-shutdown-phase=1m\n',
      'orders/src/test/resources/application.properties': 'spring.lifecycle.timeout-per-shutdown-phase=5m\n',
    });
    assert.deepStrictEqual([drain.seconds, drain.basis, drain.sources[0].what], [60, 'set', 'Spring timeout-per-shutdown-phase']);
  });

  it('says Spring drains for 0 s with server.shutdown=immediate', () => {
    const { drain } = drainOf({
      'pod.yaml': pod('      image: ghcr.io/acme/orders:1\n'),
      'orders/Dockerfile': 'FROM eclipse-temurin:21\n',
      'orders/src/main/resources/application.yml': 'server:\n  shutdown: IMMEDIATE\n',
    });
    assert.deepStrictEqual([drain.seconds, drain.basis], [0, 'set']);
  });
});

describe('grace period a container needs', () => {
  it('adds preStop, drain and margin for a known drain', () => {
    const { drain, template, context } = drainOf({ 'pod.yaml': pod('      image: app\n      command: ["gunicorn", "--graceful-timeout", "20"]\n      lifecycle:\n        preStop:\n          sleep:\n            seconds: 10\n') });
    const need = graceNeed(containerShutdown(template, template.containers[0], context), drain, []);
    assert.deepStrictEqual([need.seconds, need.critical, need.kind, need.terms.map((term) => term.what)], [35, 30, 'app', ['preStop', 'gunicorn --graceful-timeout', 'margin']]);
  });

  it('adds no margin to the budget, and lets a longer load balancer window decide', () => {
    const { drain, template, workspace, context } = drainOf({
      'pod.yaml': pod('      image: app\n      ports:\n        - containerPort: 8080\n'),
      'lb.yaml': `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
    service.beta.kubernetes.io/aws-load-balancer-type: nlb-ip
    service.beta.kubernetes.io/aws-load-balancer-target-group-attributes: deregistration_delay.timeout_seconds=90
spec:
  type: LoadBalancer
  selector:
    app: web
  ports:
    - port: 80
`,
    });
    const shutdown = containerShutdown(template, template.containers[0], context);
    assert.strictEqual(graceNeed(shutdown, drain, []).seconds, 30);
    const holds = loadBalancerHolds(template, workspaceLoadBalancers(workspace));
    assert.deepStrictEqual(holds.map((hold) => [hold.what, hold.seconds]), [['AWS NLB deregistration delay of Service `web`', 90]]);
    const need = graceNeed(shutdown, drain, holds);
    assert.deepStrictEqual([need.seconds, need.kind, need.basis], [90, 'load-balancer', 'set']);
  });
});

describe('load balancers of the workspace', () => {
  const service = (annotations: string, spec = '  type: LoadBalancer\n') => `apiVersion: v1
kind: Service
metadata:
  name: web
  annotations:
${annotations}spec:
${spec}  selector:
    app: web
`;
  const cases: [string, string, [string, string, number | undefined, boolean] | undefined][] = [
    ['NLB of the controller, instance targets by its class', service('    x: y\n', '  type: LoadBalancer\n  loadBalancerClass: service.k8s.aws/nlb\n'), ['aws-nlb', 'nodes', 300, false]],
    ['NLB in ip mode', service('    service.beta.kubernetes.io/aws-load-balancer-type: external\n    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip\n'), ['aws-nlb', 'pods', 300, false]],
    ['in-tree NLB: not judged', service('    service.beta.kubernetes.io/aws-load-balancer-type: nlb\n'), undefined],
    ['Classic ELB', service('    service.beta.kubernetes.io/aws-load-balancer-internal: "true"\n'), ['aws-clb', 'nodes', 0, false]],
    ['Classic ELB draining on', service('    service.beta.kubernetes.io/aws-load-balancer-connection-draining-enabled: "true"\n    service.beta.kubernetes.io/aws-load-balancer-connection-draining-timeout: "45"\n'), ['aws-clb', 'nodes', 45, true]],
    ['Alibaba legacy prefix, drain on', service('    service.beta.kubernetes.io/alicloud-loadbalancer-connection-drain: "on"\n    service.beta.kubernetes.io/alicloud-loadbalancer-connection-drain-timeout: "20"\n'), ['alibaba-slb', 'unknown', 20, true]],
    ['NLB annotations without a type: not a Classic ELB', service('    service.beta.kubernetes.io/aws-load-balancer-nlb-target-type: ip\n'), undefined],
    ['Azure standard load balancer: nothing', service('    service.beta.kubernetes.io/azure-load-balancer-internal: "true"\n'), undefined],
    ['not of type LoadBalancer', service('    service.beta.kubernetes.io/aws-load-balancer-internal: "true"\n', '  type: ClusterIP\n'), undefined],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => {
      const [found] = workspaceLoadBalancers(workspaceOf({ 'svc.yaml': text }));
      assert.deepStrictEqual(found && [found.fact.id, found.targets, found.draining.seconds, found.draining.explicit], expected);
    });
  }
});

describe('configuration files linked to a container', () => {
  it('finds the app root of Spring and php-fpm files', () => {
    assert.strictEqual(springAppRoot('file:///w/orders/src/main/resources/application.yml'), 'file:///w/orders');
    assert.strictEqual(springAppRoot('file:///w/orders/config/application.yml'), 'file:///w/orders');
    assert.strictEqual(springAppRoot('file:///w/orders/src/test/resources/application.yml'), undefined);
    assert.strictEqual(springAppRoot('file:///w/orders/target/classes/application.yml'), undefined);
    assert.strictEqual(phpFpmConfigRoot('file:///w/php/php-fpm.d/www.conf'), 'file:///w/php');
    assert.strictEqual(phpFpmConfigRoot('file:///w/etc/php/8.2/fpm/pool.d/www.conf'), 'file:///w/etc/php/8.2/fpm');
  });

  it('links nothing when two apps share the build context, or without a Dockerfile unless allowed', () => {
    const workspace = workspaceOf({
      'Dockerfile': 'FROM eclipse-temurin:21\n',
      'a/src/main/resources/application.yml': 'a: 1\n',
      'b/src/main/resources/application.yml': 'b: 1\n',
    });
    const build = workspaceBuildOf('w:1', workspace.dockerfiles());
    assert.ok(build);
    assert.strictEqual(linkedConfig(workspace.springConfigs(), springAppRoot, build), undefined);
    assert.strictEqual(linkedConfig(workspace.springConfigs().slice(0, 1), springAppRoot, undefined), undefined);
    assert.strictEqual(linkedConfig(workspace.springConfigs().slice(0, 1), springAppRoot, undefined, 'Spring')?.files.length, 1);
  });
});

describe('messages and edits', () => {
  it('names a location by the path from the folder two files share', () => {
    const range = { start: { line: 3, character: 0 }, end: { line: 3, character: 1 } };
    assert.strictEqual(locationLabel({ uri: 'file:///w/orders/src/main/resources/application.yml', range }, 'file:///w/deploy/orders.yaml'),
      'orders/src/main/resources/application.yml:4');
    assert.strictEqual(locationLabel({ uri: 'file:///w/deploy/orders.yaml', range }, 'file:///w/deploy/orders.yaml'), 'orders.yaml:4');
  });

  it('edits one attribute of a target group list and keeps the others', () => {
    const edit = (value: string, key: string) => {
      const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  annotations:\n    k: ${value}\n`;
      const source = new SourceText('file:///w/a.yaml', text);
      const node = parseKubernetes(source).objects[0].node.getIn(['metadata', 'annotations', 'k'], true);
      const result = isScalar(node) ? setListAttribute(source, node, key, '30') : undefined;
      return result && applyEdits(text, [result]).split('\n')[5];
    };
    assert.strictEqual(edit('a=1,deregistration_delay.timeout_seconds=5,b=2', 'deregistration_delay.timeout_seconds'), '    k: a=1,deregistration_delay.timeout_seconds=30,b=2');
    assert.strictEqual(edit('"a=1"', 'deregistration_delay.timeout_seconds'), '    k: "a=1,deregistration_delay.timeout_seconds=30"');
    assert.strictEqual(edit("''", 'x'), "    k: 'x=30'");
    assert.strictEqual(edit('|\n      a=1', 'x'), undefined);
  });

  it('has a drain entry for known servers only', () => {
    for (const fact of drainTimeouts) assert.ok(serverById(fact.server), fact.server);
    assert.strictEqual(drainTimeoutOf('nginx'), undefined);
  });
});
