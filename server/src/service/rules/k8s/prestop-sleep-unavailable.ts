import { replaceBySleep } from '../../fix/prestop-sleep';
import { isUserlandProgram } from '../../knowledge/images-without-shell';
import { imageShell } from '../../model/image-shell';
import type { Container, PodTemplate } from '../../model/kubernetes';
import { nodeRange } from '../../parse/kubernetes';
import { versionAtLeast } from '../../settings';
import { preStopDelay } from '../../shutdown/prestop';
import { formatSeconds, gracePeriod } from '../../shutdown/timeline';
import type { SourceText } from '../../source';
import { defineRule, type FixSpec } from '../rule';
import { deploymentExample } from './example-manifests';

export default defineRule({
  meta: {
    id: 'k8s/prestop-sleep-unavailable',
    language: 'kubernetes',
    defaultSeverity: 'warning',
    summary: 'Finds exec preStop hooks that run `sleep` or a shell in an image that has neither.',
    rationale: [
      'An `exec` hook runs *inside the container*, so its program must exist in the image (FACTS §1f). Distroless images',
      '(`gcr.io/distroless/*` except the `:debug` tags), Chainguard\'s `static` and `scratch` hold no shell, no `sleep` and no',
      'other userland program. There `command: ["sh", "-c", "sleep 10"]` fails at once: the kubelet records a',
      '`FailedPreStopHook` event and sends the stop signal immediately (FACTS §1e), so the hook that was meant to wait for',
      'endpoint removal gives no delay at all, and requests still routed to the pod fail (FACTS §1a, §12.5).',
      '',
      'The image is recognised by its name, or through the Dockerfile of the workspace that builds it (linked by name,',
      'following its `FROM` chain to `scratch` or a distroless base). The second is an inference, and such a Dockerfile may',
      'copy a `sleep` binary in, so it is reported as a hint. The kubelet\'s own `sleep` action needs no binary in the image;',
      'it is available by default from Kubernetes 1.30 (FACTS §2).',
    ].join('\n'),
    facts: ['1a', '1e', '1f', '2', '12.4', '12.5'],
    examples: {
      incorrect: [{
        description: 'A distroless image has no `sh`: the hook fails and the stop signal comes at once.',
        code: deploymentExample(`      containers:
        - name: api
          image: gcr.io/distroless/static-debian12
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep 5"]
`),
      }, {
        description: 'The image is built by a Dockerfile of the workspace whose final stage starts FROM scratch.',
        code: deploymentExample(`      containers:
        - name: api
          image: registry.example.com/shop/api:1.4
          lifecycle:
            preStop:
              exec:
                command: ["/bin/sleep", "5"]
`),
        otherFiles: [{
          filename: 'api/Dockerfile',
          code: 'FROM golang:1.22 AS build\nCOPY . /src\nRUN cd /src && CGO_ENABLED=0 go build -o /api .\n\nFROM scratch\nCOPY --from=build /api /api\nENTRYPOINT ["/api"]\n',
        }],
      }],
      correct: [{
        description: 'The sleep action is run by the kubelet and needs nothing in the image.',
        code: deploymentExample(`      containers:
        - name: api
          image: gcr.io/distroless/static-debian12
          lifecycle:
            preStop:
              sleep:
                seconds: 5
`),
      }, {
        description: 'The `:debug` variants of distroless carry a BusyBox shell.',
        code: deploymentExample(`      containers:
        - name: api
          image: gcr.io/distroless/base-debian12:debug
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep 5"]
`),
      }],
    },
    fix: {
      description: 'Replaces the exec handler by the sleep action with the same number of seconds, when the hook did nothing but '
        + 'sleep and `kubernetesVersion` is 1.30 or later. A hook that also ran other commands, or a cluster below 1.30, gets '
        + 'the same replacement as a suggestion only.',
      safety: 'safe',
      safetyNote: 'The sleep action waits exactly as long as the exec hook meant to, without needing a binary. It is unsafe '
        + 'below Kubernetes 1.30, where the action is rejected or ignored (FACTS §2), and when the hook also ran other '
        + 'commands, which the replacement drops (they could not run in this image either).',
    },
    references: [
      'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-implementations',
      'https://github.com/GoogleContainerTools/distroless#debug-images',
      'https://kubernetes.io/docs/reference/command-line-tools-reference/feature-gates/',
    ],
  },
  check(ctx) {
    const { model } = ctx;
    const dockerfiles = ctx.workspace.dockerfiles();
    for (const pod of model.podTemplates) {
      for (const container of [...pod.containers, ...pod.initContainers.filter((candidate) => candidate.sidecar)]) {
        const hook = container.lifecycle?.preStop;
        // Hooks with several handlers are k8s/prestop-malformed's: the API rejects them.
        const handler = hook?.handlers.length === 1 ? hook.handlers[0] : undefined;
        if (!hook || handler?.kind !== 'exec' || !handler.command?.length || !isUserlandProgram(handler.command[0])) continue;
        const shell = imageShell(container.image, dockerfiles);
        if (shell?.flavour !== 'none') continue;
        const sleepFixes = fixes(model.source, pod, container, versionAtLeast(ctx.kubernetesVersion, 1, 30));
        const who = container.name ? `container \`${container.name}\`` : 'this container';
        ctx.report({
          range: nodeRange(model.source, handler.commandNode ?? handler.node),
          severity: shell.via === 'workspace' ? 'hint' : undefined,
          message: `The preStop hook of ${who} runs \`${handler.command[0]}\`, but ${shell.reason}: the hook fails at once `
            + '(FailedPreStopHook) and the stop signal is sent without any delay, while requests are still routed to the pod. '
            + sleepFixes.advice,
          fix: sleepFixes.fix?.safety === 'safe' ? sleepFixes.fix : undefined,
          suggestions: sleepFixes.fix?.safety === 'unsafe' ? [sleepFixes.fix] : [],
        });
      }
    }
  },
});

/** The sleep action that replaces the hook, and what the message says about it. */
function fixes(source: SourceText, pod: PodTemplate, container: Container, sleepActionAvailable: boolean): { fix?: FixSpec; advice: string } {
  const hook = container.lifecycle?.preStop;
  const delay = preStopDelay(container);
  const grace = gracePeriod(pod).seconds;
  const seconds = delay.seconds === undefined ? undefined : Math.ceil(delay.seconds);
  const versionNote = sleepActionAvailable ? ''
    : ' Below Kubernetes 1.30 the sleep action is not available by default, so there is no safe fix: put a `sleep` binary in the image, or upgrade.';
  // The API rejects a sleep action longer than the grace period (FACTS §2); k8s/grace-period-too-short deals with those.
  if (!hook || seconds === undefined || !Number.isFinite(seconds) || seconds <= 0 || seconds > grace) {
    return { advice: `Use the sleep action (\`lifecycle.preStop.sleep.seconds\`), which needs no binary in the image.${versionNote}` };
  }
  const keepsMeaning = delay.exact && seconds === delay.seconds;
  const title = `Replace the exec hook by the sleep action (${formatSeconds(seconds)}${sleepActionAvailable ? '' : ', Kubernetes 1.30+'})`;
  const fix = replaceBySleep(source, hook, 'exec', 'action', seconds, title, keepsMeaning && sleepActionAvailable ? 'safe' : 'unsafe');
  return {
    fix,
    advice: `Use the sleep action instead (\`sleep.seconds: ${seconds}\`), which needs no binary in the image.${versionNote}`,
  };
}
