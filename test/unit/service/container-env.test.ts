import * as assert from 'assert';
import { parseKubernetes } from '../../../server/src/service/parse/kubernetes';
import { SourceText } from '../../../server/src/service/source';

describe('container env', () => {
  it('reads names in order, with literal values only', () => {
    const text = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers:
    - name: app
      image: example/app
      env:
        - name: SERVER_SHUTDOWN
          value: graceful
        - name: DB_PASSWORD
          valueFrom:
            secretKeyRef: {name: db, key: password}
        - value: no-name
`;
    const [container] = parseKubernetes(new SourceText('file:///w/pod.yaml', text)).podTemplates[0].containers;
    assert.deepStrictEqual(container.env, [{ name: 'SERVER_SHUTDOWN', value: 'graceful' }, { name: 'DB_PASSWORD', value: undefined }]);
  });
});
