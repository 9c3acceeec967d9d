import { setStopSignalEdit } from '../../fix/dockerfile';
import { appendToMap, replaceScalar, type BlockLines } from '../../fix/yaml';
import { baseImageShell } from '../../knowledge/base-images';
import { signalBehaviour, type SignalBehaviour } from '../../knowledge/servers';
import { kubernetesWindowsStopSignals, type SignalName } from '../../knowledge/signals';
import { stopRequest } from '../../knowledge/stop-commands';
import { rootImage } from '../../model/dockerfile-image';
import { workspaceBuildOf } from '../../model/image-source';
import type { Container, KubernetesFile, PodTemplate } from '../../model/kubernetes';
import { mayHaveUnseenFields } from '../../model/partial';
import { deliveredSignal, serverOf, shortPath, type RecognisedServer } from '../../model/server-process';
import { shellInvocation } from '../../model/shell-invocation';
import { nodeRange } from '../../parse/kubernetes';
import { withShellTree } from '../../parse/shell';
import { scriptSteps, type ScriptStep } from '../../parse/shell-steps';
import { versionAtLeast } from '../../settings';
import {
  effectiveStopSignal, lifecycleStopSignalProblems, STOP_SIGNAL_FIELD_CAVEAT, STOP_SIGNAL_FIELD_SINCE,
  type EffectiveStopSignal, type LifecycleStopSignalProblem,
} from '../../shutdown/stop-signal';
import { gracefulRemedy, mismatchCertain, newerTagNote, signalMismatch } from '../../shutdown/server-signal';
import type { SourceText } from '../../source';
import type { RelatedLocation, TextEdit } from '../../types';
import { defineRule, type FixSpec, type Report, type RuleContext } from '../rule';
import { deploymentExample } from './example-manifests';
import { PRESTOP_SLEEP_SECONDS } from './prestop-missing';

type Context = RuleContext<KubernetesFile>;

export default defineRule({
  meta: {
    id: 'k8s/stop-signal',
    language: 'kubernetes',
    defaultSeverity: 'warning',
    summary: 'Finds containers whose server stops gracefully only on a signal other than the one the container is stopped with, and malformed `lifecycle.stopSignal` fields.',
    rationale: [
      'Kubernetes stops a container with one signal: the pod\'s `lifecycle.stopSignal` where the API honours it, else the',
      'image\'s STOPSIGNAL, else the runtime\'s SIGTERM (FACTS §3, §5). Several servers treat SIGTERM as a *fast* shutdown',
      'and stop gracefully only on another signal (FACTS §7): nginx and php-fpm on SIGQUIT, Apache httpd on SIGWINCH,',
      'HAProxy on SIGUSR1, unicorn on SIGQUIT; uWSGI 2.0 reloads on SIGTERM instead of exiting unless told otherwise.',
      'Given SIGTERM they drop open connections and cut requests in progress, on every rolling update.',
      '',
      'The official nginx, php `-fpm`/`-apache`, httpd and haproxy images set the right STOPSIGNAL (FACTS §6), so they',
      'are only reported when something overrides it: an nginx tag older than 1.19.5, a `lifecycle.stopSignal`, or a',
      'workspace Dockerfile that sets another STOPSIGNAL or installs the server on a base image that sets none. The',
      'server is recognised from the container\'s `command`/`args` (through tini, dumb-init, gosu and `sh -c`), else',
      'from the workspace Dockerfile that builds the image (its CMD/ENTRYPOINT, the packages it installs), else from an',
      'official image. Images of your own are known from the `images` entries of `.kube-graceful.yaml` (their STOPSIGNAL',
      'and server), which win over the official table. When the signal or the server is only likely (an image we cannot see, a tag whose STOPSIGNAL',
      'depends on the digest, a command we cannot read) the finding is a hint. A server run by a shell that does not',
      '`exec` it never gets the image\'s signal at all (FACTS §12.11): that is a hint here, and the subject of',
      '`k8s/shell-command-no-exec`. A preStop hook that already sends the graceful signal (`nginx -s quit`, `kill -QUIT 1`)',
      'is left to `k8s/prestop-returns-early`. Envoy has no graceful signal at all: without a preStop hook to drain it',
      'through its admin interface, that is a hint (FACTS §7, §12.10).',
      '',
      '`lifecycle.stopSignal` itself is reported when the API rejects it (no `spec.os.name`; a value outside the list,',
      'Windows pods only SIGTERM and SIGKILL) or when `kubernetesVersion` predates it (1.33, alpha: FACTS §3, §12.6).',
    ].join('\n'),
    facts: ['3', '5', '6', '7', '8', '12.6', '12.10', '12.11'],
    examples: {
      incorrect: [{
        description: 'nginx 1.17 images stop with SIGTERM: nginx\'s fast shutdown drops open connections.',
        code: deploymentExample(`      containers:
        - name: web
          image: nginx:1.17
          ports:
            - containerPort: 80
`),
      }, {
        description: 'A workspace Dockerfile installs nginx on Debian, which sets no STOPSIGNAL.',
        code: deploymentExample(`      containers:
        - name: web
          image: registry.example.com/shop/web:2.1
          ports:
            - containerPort: 80
`),
        otherFiles: [{
          filename: 'web/Dockerfile',
          code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*\nCMD ["nginx", "-g", "daemon off;"]\n',
        }],
      }, {
        description: '`lifecycle.stopSignal` without `spec.os.name`: the API server rejects the pod.',
        settings: { kubernetesVersion: '1.33' },
        code: deploymentExample(`      containers:
        - name: web
          image: example/web:1.4
          lifecycle:
            stopSignal: SIGQUIT
`),
      }],
      correct: [{
        description: 'Current official nginx images set STOPSIGNAL SIGQUIT themselves.',
        code: deploymentExample(`      containers:
        - name: web
          image: nginx:1.27
          command: ["nginx", "-g", "daemon off;"]
`),
      }, {
        description: 'gunicorn stops gracefully on SIGTERM, the runtime default.',
        code: deploymentExample(`      containers:
        - name: api
          image: python:3.12-slim
          command: ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]
`),
      }, {
        description: 'On Kubernetes 1.33+ with the ContainerStopSignals gate, `lifecycle.stopSignal` with `spec.os.name`.',
        settings: { kubernetesVersion: '1.33' },
        code: deploymentExample(`      os:
        name: linux
      containers:
        - name: web
          image: example/nginx-app:3
          command: ["nginx", "-g", "daemon off;"]
          lifecycle:
            stopSignal: SIGQUIT
`),
      }],
    },
    fix: {
      description: 'When a workspace Dockerfile builds the image, adds `STOPSIGNAL <the server\'s graceful signal>` to its final '
        + 'stage, before its CMD/ENTRYPOINT (a cross-file edit; an existing STOPSIGNAL there is replaced). Where `kubernetesVersion` '
        + 'is 1.33 or later it also offers `lifecycle.stopSignal` plus `spec.os.name: linux` (the preferred fix when no Dockerfile '
        + 'builds the image), and it suggests a preStop hook that sleeps, sends the graceful signal to PID 1 and waits for it to '
        + 'exit. For a malformed `lifecycle.stopSignal`: adds `spec.os.name: linux`, or writes the value with its `SIG` prefix.',
      safety: 'safe',
      safetyNote: 'Adding STOPSIGNAL where none was set only makes the stop graceful: the server finishes what it has in flight, '
        + 'which may take up to the grace period. Replacing an explicit STOPSIGNAL or `lifecycle.stopSignal` is unsafe (the '
        + 'author may have wanted the fast stop, e.g. for long-lived connections), as is `lifecycle.stopSignal` itself (alpha '
        + 'feature gate, runtime support needed) and the preStop hook (it needs `sh` in the image).',
    },
    references: [
      'https://kubernetes.io/docs/concepts/workloads/pods/pod-lifecycle/#container-stop-signals',
      'https://github.com/kubernetes/enhancements/tree/master/keps/sig-node/4960-container-stop-signals',
      'https://nginx.org/en/docs/control.html',
      'https://github.com/nginxinc/docker-nginx/pull/457',
      'https://httpd.apache.org/docs/2.4/stopping.html#gracefulstop',
    ],
  },
  check(ctx) {
    const dockerfiles = ctx.workspace.dockerfiles();
    for (const pod of ctx.model.podTemplates) {
      // Jobs run to completion: nothing is routed to them while they stop.
      if (pod.batch) continue;
      let osNameFixed = false;
      for (const container of [...pod.containers, ...pod.initContainers.filter((candidate) => candidate.sidecar)]) {
        for (const problem of lifecycleStopSignalProblems(pod, container, ctx.kubernetesVersion)) {
          // A kustomize base or a Helm include may set spec.os.name.
          if (problem.kind === 'os-name-missing' && mayHaveUnseenFields(ctx.model, ctx.workspace, pod)) continue;
          const report = lifecycleReport(ctx, pod, container, problem);
          // One pod-level key: several containers' findings must not each add it.
          if (problem.kind === 'os-name-missing') {
            if (osNameFixed) delete report.fix;
            osNameFixed = true;
          }
          ctx.report(report);
        }
        const build = workspaceBuildOf(container.image, dockerfiles);
        const recognised = serverOf(container.image, build, ctx.settings.images, { command: container.command, args: container.args });
        // Without a written lifecycle.stopSignal, a kustomize base or a Helm include may still set one.
        if (!recognised || (!container.lifecycle?.stopSignal && mayHaveUnseenFields(ctx.model, ctx.workspace, pod, container))) continue;
        const signal = effectiveStopSignal(pod, container, { dockerfiles, kubernetesVersion: ctx.kubernetesVersion, images: ctx.settings.images });
        const report = serverReport(ctx, pod, container, recognised, signal);
        if (report) ctx.report(report);
      }
    }
  },
});

function who(container: Container): string {
  return container.name ? `container \`${container.name}\`` : 'this container';
}

// --- lifecycle.stopSignal as written -------------------------------------------------------------

function lifecycleReport(ctx: Context, pod: PodTemplate, container: Container, problem: LifecycleStopSignalProblem): Report {
  const { source } = ctx.model;
  const written = container.lifecycle!.stopSignal!;
  const range = nodeRange(source, written.node);
  const caveat = ` (\`lifecycle.stopSignal\` is ${STOP_SIGNAL_FIELD_CAVEAT}.)`;
  switch (problem.kind) {
    case 'field-too-new':
      return {
        range,
        message: `\`lifecycle.stopSignal\` exists only from Kubernetes ${STOP_SIGNAL_FIELD_SINCE.major}.${STOP_SIGNAL_FIELD_SINCE.minor} `
          + `(kubernetesVersion is ${problem.version.major}.${problem.version.minor}): it has no effect, and ${who(container)} is `
          + 'stopped with its image\'s STOPSIGNAL (SIGTERM when the image sets none). Set the signal in the image (STOPSIGNAL) instead.',
      };
    case 'os-name-missing': {
      const edit = appendToMap(source, pod.spec, ['os:', ['name: linux']]);
      // Only Linux has signals other than SIGTERM and SIGKILL, so the pod is a Linux pod (FACTS §3).
      const linuxOnly = !kubernetesWindowsStopSignals.has(written.value);
      return {
        range,
        severity: 'error',
        message: `\`lifecycle.stopSignal: ${written.value}\` requires \`spec.os.name\` in the pod spec: the API server rejects the `
          + `pod without it. Add \`os: {name: linux}\`.${caveat}`,
        fix: edit && { title: 'Add spec.os.name: linux', safety: linuxOnly ? 'safe' : 'unsafe', edits: () => ({ [source.uri]: [edit] }) },
      };
    }
    case 'not-allowed': {
      const fixable = problem.canonical !== undefined && problem.allowed.has(problem.canonical);
      const allowed = problem.os === 'windows' ? 'Windows pods accept only SIGTERM and SIGKILL'
        : 'Linux pods accept SIG-prefixed signal names such as SIGQUIT, SIGWINCH or SIGUSR1';
      return {
        range,
        severity: 'error',
        message: `\`lifecycle.stopSignal: ${problem.value}\` is not a value the API server accepts (${allowed}): it rejects the pod.`
          + (fixable ? ` Write \`${problem.canonical}\`.` : '') + caveat,
        fix: fixable ? {
          title: `Write ${problem.canonical}`, safety: 'safe', edits: () => ({ [source.uri]: [replaceScalar(source, written.node, problem.canonical!)] }),
        } : undefined,
      };
    }
  }
}

// --- the server and the signal it gets ----------------------------------------------------------

function serverReport(ctx: Context, pod: PodTemplate, container: Container, recognised: RecognisedServer, signal: EffectiveStopSignal): Report | undefined {
  const { source } = ctx.model;
  const { server } = recognised;
  const behaviour = signalBehaviour(server, recognised.argv);
  // Its options decide and we cannot see them (uWSGI with an ini file, or only a package): nothing to say.
  if (!behaviour) return undefined;
  const range = nodeRange(source, signal.origin.kind === 'lifecycle' ? signal.origin.node : container.imageNode ?? container.anchorNode);
  const related = relatedLocations(recognised, signal);
  const runs = `${who(container)} runs ${server.name} (${recognised.reason})`;

  if (recognised.shellParent) {
    // FACTS §12.11: the image's signal is right but goes to the shell. Otherwise k8s/shell-command-no-exec says it.
    if (!behaviour.graceful.includes(deliveredSignal(signal.name, recognised.rewrites))) return undefined;
    return {
      range, related, severity: 'hint',
      message: `${capitalise(runs)} under \`${recognised.shellParent}\`, which does not \`exec\` it: the stop signal ${signal.name} goes to `
        + `\`${recognised.shellParent}\`, which ignores it, and ${server.name} is SIGKILLed at the end of the grace period. `
        + `Put \`exec\` before ${server.name} so that it gets ${signal.name}.`,
    };
  }

  if (behaviour.graceful.length === 0 && !server.options) {
    // No signal stops it gracefully (Envoy): only a preStop hook can drain it.
    if (container.lifecycle?.preStop) return undefined;
    return { range, related, severity: 'hint', message: `${capitalise(runs)}, which exits at once on any stop signal. ${server.caveat ?? ''}`.trim() };
  }

  const mismatch = signalMismatch(behaviour, recognised, signal);
  // A preStop hook that already asks for the graceful stop: whether it waits is k8s/prestop-returns-early's to say.
  if (!mismatch || hookRequestsGracefulStop(container, recognised, behaviour)) return undefined;
  const target = behaviour.graceful[0];
  const sure = mismatchCertain(behaviour, recognised, signal, mismatch);
  const fact = signal.origin.kind === 'image' ? signal.origin.fact : undefined;
  const rewritten = mismatch.signal === signal.name ? '' : `, which an init rewrites to ${mismatch.signal}`;
  const how = mismatch.viaDigest && fact ? `Which signal stops it depends on the digest of \`${fact.image}\`: ${fact.note}.`
    : signal.origin.kind === 'default' ? `Its stop signal is ${signal.name}${rewritten}, unless the image${signal.origin.image ? ` \`${signal.origin.image}\`` : ''} sets a STOPSIGNAL, which cannot be seen from here.`
      : `Its stop signal is ${signal.description}${rewritten}.`;
  const ignored = container.lifecycle?.stopSignal && signal.origin.kind !== 'lifecycle' ? ' (`lifecycle.stopSignal` is not in effect: see its own finding.)' : '';
  const newerTag = newerTagNote(signal, behaviour);
  const remedy = gracefulRemedy(server, behaviour);
  const fixes = target && recognised.rewrites.size === 0 ? signalFixes(ctx, pod, container, recognised, signal, target, sure) : { suggestions: [] };
  return {
    range, related, severity: sure ? undefined : 'hint',
    message: `${server.name} gets ${mismatch.signal} (${mismatch.effect.name}): ${mismatch.effect.consequence}. ${capitalise(runs)}. ${how}${ignored} ${remedy}${newerTag}`,
    ...fixes,
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function relatedLocations(recognised: RecognisedServer, signal: EffectiveStopSignal): RelatedLocation[] {
  const related: RelatedLocation[] = [];
  if (recognised.location) related.push({ ...recognised.location, message: `${recognised.server.name} is started or installed here` });
  if (signal.origin.kind === 'dockerfile') {
    related.push({ uri: signal.origin.dockerfile.source.uri, range: signal.origin.range, message: `STOPSIGNAL ${signal.name} is set here` });
  } else if (signal.build) {
    related.push({ uri: signal.build.dockerfile.source.uri, range: signal.build.stage.fromRange, message: 'the image is built here, without a STOPSIGNAL' });
  }
  return related;
}

// --- fixes ---------------------------------------------------------------------------------------

/** Whether the container's exec preStop hook sends the server a signal that stops it gracefully (`nginx -s quit`, `kill -QUIT 1`). */
function hookRequestsGracefulStop(container: Container, recognised: RecognisedServer, behaviour: SignalBehaviour): boolean {
  const handlers = container.lifecycle?.preStop?.handlers ?? [];
  const command = handlers.length === 1 && handlers[0].kind === 'exec' ? handlers[0].command : undefined;
  if (!command?.length) return false;
  const invocation = shellInvocation(command);
  const script = invocation?.script?.text;
  const steps: Pick<ScriptStep, 'name' | 'args' | 'argTexts'>[] = invocation
    ? (script === undefined ? [] : withShellTree(script, (root) => scriptSteps(root)))
    : [{ name: command[0], args: command.slice(1), argTexts: command.slice(1) }];
  return steps.some((step) => {
    const request = step.name === undefined ? undefined
      : stopRequest(step.name, step.args, step.argTexts, recognised.pid1 ? recognised.server : undefined);
    return request !== undefined && (!request.server || request.server === recognised.server) && behaviour.graceful.includes(request.signal);
  });
}

/** The preferred fix (the image's STOPSIGNAL, else lifecycle.stopSignal) and the alternatives, a preStop hook always among these. */
function signalFixes(
  ctx: Context, pod: PodTemplate, container: Container, recognised: RecognisedServer, signal: EffectiveStopSignal, target: SignalName, sure: boolean,
): { fix?: FixSpec; suggestions: FixSpec[] } {
  const fixes: FixSpec[] = [];
  const { source } = ctx.model;
  const { build } = signal;
  // (a) The image's own STOPSIGNAL, in the Dockerfile that builds it; useless while lifecycle.stopSignal overrides it.
  if (build && signal.origin.kind !== 'lifecycle') {
    const edit = setStopSignalEdit(build.dockerfile, build.stage, target);
    // Replacing a STOPSIGNAL someone wrote is their call; so is acting on a server we only guess.
    const explicit = signal.origin.kind === 'dockerfile';
    fixes.push({
      title: `${build.stage.stopSignal ? 'Set' : 'Add'} STOPSIGNAL ${target} in ${shortPath(build.dockerfile.source.uri)}`,
      safety: explicit || !sure ? 'unsafe' : 'safe',
      edits: () => ({ [build.dockerfile.source.uri]: [edit] }),
    });
  }
  // (b) lifecycle.stopSignal, where the API has it (FACTS §3): alpha, so never applied blindly. One written but not in
  // effect has its own finding and fix.
  const lifecycleIgnored = container.lifecycle?.stopSignal !== undefined && signal.origin.kind !== 'lifecycle';
  if (!lifecycleIgnored && versionAtLeast(ctx.kubernetesVersion, STOP_SIGNAL_FIELD_SINCE.major, STOP_SIGNAL_FIELD_SINCE.minor) && pod.osName !== 'windows') {
    const edits = lifecycleStopSignalEdits(source, pod, container, target);
    if (edits) {
      fixes.push({
        title: `Set lifecycle.stopSignal: ${target}${pod.osName ? '' : ' and spec.os.name: linux'} (Kubernetes 1.33+, alpha feature gate ContainerStopSignals)`,
        safety: 'unsafe',
        edits: () => ({ [source.uri]: edits }),
      });
    }
  }
  const [fix, ...suggestions] = fixes;
  // (c) A preStop hook that asks PID 1 to stop gracefully and waits for it: only ever suggested, it needs `sh` in the image.
  const image = build ? rootImage(build.stage) : container.image ?? '';
  if (!container.lifecycle?.preStop && recognised.pid1 && signal.origin.kind !== 'lifecycle' && baseImageShell(image)?.flavour !== 'none') {
    const edit = preStopEdit(source, container, target);
    if (edit) {
      suggestions.push({
        title: `Add a preStop hook that sends ${target} to ${recognised.server.name} and waits for it to exit`, safety: 'unsafe',
        edits: () => ({ [source.uri]: [edit] }),
      });
    }
  }
  return { fix, suggestions };
}

function lifecycleStopSignalEdits(source: SourceText, pod: PodTemplate, container: Container, target: SignalName): TextEdit[] | undefined {
  const lifecycle = container.lifecycle;
  let edit: TextEdit | undefined;
  if (lifecycle?.stopSignal) edit = replaceScalar(source, lifecycle.stopSignal.node, target);
  else if (lifecycle) edit = lifecycle.node && appendToMap(source, lifecycle.node, [`stopSignal: ${target}`]);
  else edit = appendToMap(source, container.node, ['lifecycle:', [`stopSignal: ${target}`]]);
  if (!edit) return undefined;
  if (pod.osName) return [edit];
  // Both may insert at the end of the pod spec: the container's lines must come first.
  const os = appendToMap(source, pod.spec, ['os:', ['name: linux']]);
  return os && [edit, os];
}

function preStopEdit(source: SourceText, container: Container, target: SignalName): TextEdit | undefined {
  // Wait for the endpoints to go first, as k8s/prestop-missing asks, then stop gracefully and wait for the exit.
  const script = `sleep ${PRESTOP_SLEEP_SECONDS}; kill -${target.replace(/^SIG/, '')} 1; while kill -0 1 2>/dev/null; do sleep 1; done`;
  const handler: BlockLines = ['preStop:', ['exec:', [`command: ["sh", "-c", ${JSON.stringify(script)}]`]]];
  const lifecycle = container.lifecycle;
  if (!lifecycle) return appendToMap(source, container.node, ['lifecycle:', handler]);
  return lifecycle.node ? appendToMap(source, lifecycle.node, handler) : undefined;
}
