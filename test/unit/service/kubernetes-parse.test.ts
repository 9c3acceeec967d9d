import * as assert from 'assert';
import { parseKubernetes } from '../../../server/src/service/parse/kubernetes';
import { SourceText } from '../../../server/src/service/source';

const parse = (text: string) => parseKubernetes(new SourceText('file:///k.yaml', text));

const container = `      containers:
        - name: app
          image: example/app:1
`;

describe('Kubernetes parser', () => {
  const workloads: [string, string][] = [
    ['Pod', `apiVersion: v1\nkind: Pod\nmetadata:\n  name: w\nspec:\n  containers:\n    - name: app\n      image: example/app:1\n`],
    ['Deployment', `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${container}`],
    ['StatefulSet', `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${container}`],
    ['DaemonSet', `apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${container}`],
    ['ReplicaSet', `apiVersion: apps/v1\nkind: ReplicaSet\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${container}`],
    ['ReplicationController', `apiVersion: v1\nkind: ReplicationController\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${container}`],
    ['Job', `apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${container}`],
    ['Rollout', `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: w\nspec:\n  template:\n    spec:\n${container}`],
    ['CronJob', `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: w\nspec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: app\n              image: example/app:1\n`],
  ];
  for (const [kind, text] of workloads) {
    it(`finds the pod template of a ${kind}`, () => {
      const file = parse(text);
      assert.strictEqual(file.podTemplates.length, 1);
      const pod = file.podTemplates[0];
      assert.strictEqual(pod.owner.kind, kind);
      assert.deepStrictEqual(pod.containers.map((c) => [c.name, c.image]), [['app', 'example/app:1']]);
      assert.strictEqual(pod.batch, kind === 'Job' || kind === 'CronJob');
    });
  }

  it('reads containers, ports, probes, lifecycle hooks and the grace period with their ranges', () => {
    const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  template:
    metadata:
      labels: {app: web, tier: front}
    spec:
      terminationGracePeriodSeconds: "45"
      initContainers:
        - name: proxy
          image: envoy
          restartPolicy: Always
      containers:
        - name: web
          image: example/web:1
          command: ["/srv/web"]
          args: ["--port", "8080"]
          ports:
            - name: http
              containerPort: 8080
          readinessProbe:
            httpGet: {path: /ready, port: http}
          lifecycle:
            stopSignal: SIGQUIT
            preStop:
              sleep:
                seconds: 7
`;
    const file = parse(text);
    const pod = file.podTemplates[0];
    assert.strictEqual(pod.namespace, 'shop');
    assert.deepStrictEqual(pod.labels, { app: 'web', tier: 'front' });
    assert.strictEqual(pod.terminationGracePeriod?.seconds, 45);
    assert.deepStrictEqual(file.source.rangeOf(...(pod.terminationGracePeriod!.valueNode.range!.slice(0, 2) as [number, number])).start, { line: 10, character: 37 });
    assert.strictEqual(pod.initContainers[0].sidecar, true);
    const web = pod.containers[0];
    assert.deepStrictEqual([web.command, web.args], [['/srv/web'], ['--port', '8080']]);
    assert.deepStrictEqual(web.ports.map((p) => [p.name, p.containerPort]), [['http', 8080]]);
    assert.ok(web.readinessProbe);
    assert.strictEqual(web.lifecycle?.stopSignal?.value, 'SIGQUIT');
    assert.deepStrictEqual(web.lifecycle?.preStop?.handlers.map((h) => h.kind), ['sleep']);
    const sleep = web.lifecycle!.preStop!.handlers[0];
    assert.strictEqual(sleep.kind === 'sleep' && sleep.seconds, 7);
  });

  it('reads Services and Ingress backends of both API versions', () => {
    const file = parse(`apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: LoadBalancer
  selector: {app: web}
  ports: [{port: 80, targetPort: http}]
---
apiVersion: v1
kind: Service
metadata: {name: external}
spec:
  ports: [{port: 80}]
---
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web}
spec:
  defaultBackend: {service: {name: fallback, port: {number: 80}}}
  rules:
    - http:
        paths:
          - backend: {service: {name: web, port: {name: http}}}
---
apiVersion: extensions/v1beta1
kind: Ingress
metadata: {name: old}
spec:
  backend: {serviceName: legacy, servicePort: 80}
`);
    assert.deepStrictEqual(file.services.map((s) => [s.object.name, s.type, s.selector, s.ports]), [
      ['web', 'LoadBalancer', { app: 'web' }, [{ port: 80, targetPort: 'http' }]],
      ['external', 'ClusterIP', undefined, [{ port: 80, targetPort: undefined }]],
    ]);
    assert.deepStrictEqual(file.ingresses.map((i) => i.serviceNames), [['fallback', 'web'], ['legacy']]);
  });

  it('reads the items of a List', () => {
    const file = parse(`apiVersion: v1\nkind: List\nitems:\n  - apiVersion: v1\n    kind: Pod\n    metadata: {name: a}\n    spec:\n      containers: [{name: a, image: x}]\n  - apiVersion: v1\n    kind: Service\n    metadata: {name: s}\n    spec: {selector: {app: a}}\n`);
    assert.deepStrictEqual(file.objects.map((o) => o.kind), ['List', 'Pod', 'Service']);
    assert.strictEqual(file.podTemplates.length, 1);
    assert.strictEqual(file.services.length, 1);
  });

  it('skips a broken document with a notice and keeps the others', () => {
    const file = parse(`apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers: [{name: a, image: x}]\n---\nkind: [unclosed\n---\napiVersion: v1\nkind: Service\nmetadata: {name: s}\n`);
    assert.strictEqual(file.podTemplates.length, 1);
    assert.strictEqual(file.services.length, 1);
    assert.strictEqual(file.notices.length, 1);
    assert.match(file.notices[0].message, /YAML document 2 was not analysed/);
    assert.strictEqual(file.notices[0].range.start.line, 7, "where yaml reports the missing ]");
  });

  it('reads a Helm template through its mask, with the original text and offsets', () => {
    const text = `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  template:\n    spec:\n      containers:\n        {{- include "containers" . | nindent 8 }}\n`;
    const file = parse(text);
    assert.strictEqual(file.source.text, text);
    assert.deepStrictEqual(file.notices, []);
    assert.strictEqual(file.podTemplates.length, 1);
    assert.deepStrictEqual(file.podTemplates[0].containers, []);
    assert.deepStrictEqual(file.template?.injections, [{ offset: text.indexOf('{{- include'), column: 8 }]);
  });

  it('does not analyse a Helm template it cannot mask exactly, and says so once', () => {
    // An else inside a line: the branches cannot be told apart by lines.
    const file = parse(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: {{ .Release.Name }}\n  namespace: {{ if .Values.a }}a{{ else }}b{{ end }}\n`);
    assert.strictEqual(file.podTemplates.length, 0);
    assert.strictEqual(file.notices.length, 1);
    assert.match(file.notices[0].message, /helm template/);
  });

  it('follows an alias one step and survives an alias bomb', () => {
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
      ...Array.from({ length: 12 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)},*${String.fromCharCode(97 + i)}]`)];
    const started = Date.now();
    const file = parse(`${bomb.join('\n')}\napiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: *m\n`);
    assert.ok(Date.now() - started < 2000, 'an alias bomb must not be expanded');
    assert.strictEqual(file.podTemplates.length, 1);
    assert.strictEqual(file.podTemplates[0].containers.length, 0);
  });

  it('ignores YAML that is not a Kubernetes object', () => {
    assert.deepStrictEqual(parse('just: a map\n').objects, []);
    assert.deepStrictEqual(parse('- a list\n').objects, []);
    assert.deepStrictEqual(parse('').objects, []);
  });
});
