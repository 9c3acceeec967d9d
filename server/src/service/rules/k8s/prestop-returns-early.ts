import { isSeq, type Node, type Scalar } from 'yaml';
import { replaceBySleep } from '../../fix/prestop-sleep';
import { replaceScalar } from '../../fix/yaml';
import { insertIntoScalar, type ValueInsertion } from '../../fix/yaml-scalar';
import { baseImageShell } from '../../knowledge/base-images';
import type { ImageEntries } from '../../knowledge/image-signals';
import type { ServerFact } from '../../knowledge/servers';
import { sameSignal } from '../../knowledge/signals';
import { stopRequest, type StopRequest } from '../../knowledge/stop-commands';
import type { DockerfileModel } from '../../model/dockerfile';
import type { Container, KubernetesFile, PodTemplate } from '../../model/kubernetes';
import { imageShell } from '../../model/image-shell';
import { workspaceBuildOf } from '../../model/image-source';
import { serverOf } from '../../model/server-process';
import { argvWordNode, shellInvocation } from '../../model/shell-invocation';
import { nodeRange } from '../../parse/kubernetes';
import { withShellTree } from '../../parse/shell';
import { programName, scriptSteps, type ScriptStep } from '../../parse/shell-steps';
import { versionAtLeast } from '../../settings';
import { sleepSeconds } from '../../shutdown/prestop';
import { effectiveStopSignal, type EffectiveStopSignal } from '../../shutdown/stop-signal';
import { gracePeriod } from '../../shutdown/timeline';
import type { SourceText } from '../../source';
import type { FileEdits, Severity } from '../../types';
import { defineRule, type FixSpec, type RuleContext } from '../rule';
import { deploymentExample } from './example-manifests';
import { PRESTOP_SLEEP_SECONDS } from './prestop-missing';

export default defineRule({
  meta: {
    id: 'k8s/prestop-returns-early',
    language: 'kubernetes',
    defaultSeverity: 'warning',
    summary: 'Finds preStop hooks that tell the server to stop (`nginx -s quit`, `kill -QUIT 1`) and return without waiting for it.',
    rationale: [
      'The kubelet sends the stop signal as soon as the preStop hook returns (FACTS §1b). A hook that runs `nginx -s quit`,',
      '`apachectl graceful-stop` or `kill -QUIT 1` only *asks* for a graceful stop and returns at once, so the stop signal',
      'follows immediately. When that signal is SIGTERM (the runtime default, FACTS §5), nginx, php-fpm, httpd and HAProxy',
      'treat it as a fast or immediate stop (FACTS §7): the graceful shutdown the hook started is cut short and requests',
      'in flight are dropped. And a hook that signals first gives no delay for endpoint removal: a graceful stop closes',
      'the listening sockets at once, while kube-proxy, ingress controllers and load balancers still send requests to the',
      'pod (FACTS §1a, §7).',
      '',
      'Not reported: hooks that wait after the signal (`sleep`, a `while kill -0 1` or `while killall -0 nginx` loop,',
      '`wait`, any command that may take time, such as a script or a `curl` to an admin endpoint); a SIGTERM sent after a',
      'sleep (the same as a sleep and the stop signal); a graceful signal sent after a sleep when the container\'s stop',
      'signal is that same signal (the official nginx, php-fpm, httpd and HAProxy images set it, FACTS §6). When the stop',
      'signal is not known (an image we cannot see may set one), the finding is a hint. A hook that signals first and then',
      'waits no longer returns early, but the server still closes its listening sockets before endpoint removal has',
      'propagated (FACTS §7): put the sleep first, as the fix does.',
    ].join('\n'),
    facts: ['1a', '1b', '5', '6', '7'],
    examples: {
      incorrect: [{
        description: 'nginx starts its graceful quit while requests are still routed to it, and the SIGTERM that follows makes it a fast shutdown.',
        code: deploymentExample(`      containers:
        - name: web
          image: registry.example.com/web:1.4
          ports:
            - containerPort: 80
          lifecycle:
            preStop:
              exec:
                command: ["/bin/sh", "-c", "nginx -s quit"]
`),
      }],
      correct: [{
        description: 'Sleep while the endpoint removal propagates, ask nginx to quit, and wait until it has.',
        code: deploymentExample(`      containers:
        - name: web
          image: registry.example.com/web:1.4
          ports:
            - containerPort: 80
          lifecycle:
            preStop:
              exec:
                command: ["/bin/sh", "-c", "sleep 5 && nginx -s quit && while killall -0 nginx; do sleep 1; done"]
`),
      }, {
        description: 'The official nginx image stops with SIGQUIT, so the stop signal after the hook is graceful too.',
        code: deploymentExample(`      containers:
        - name: web
          image: nginx:1.27
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "sleep 5; nginx -s quit"]
`),
      }, {
        description: 'An admin drain endpoint, then a sleep: the hook waits.',
        code: deploymentExample(`      containers:
        - name: envoy
          image: envoyproxy/envoy:v1.30
          lifecycle:
            preStop:
              exec:
                command: ["sh", "-c", "curl -sf -X POST http://127.0.0.1:9901/drain_listeners?graceful && sleep 20"]
`),
      }],
    },
    fix: {
      description: 'Makes the hook wait until the server has exited, with a loop after the signal command (`while kill -0 1 '
        + '2>/dev/null; do sleep 1; done`, or the same `pkill`/`killall`/`kill` target with signal 0), and puts a '
        + `\`sleep ${PRESTOP_SLEEP_SECONDS}\` before the signal when nothing delays it. A hook that sends SIGTERM gets the sleep only. `
        + 'Suggested instead: replace the hook by a sleep and let the stop signal stop the server.',
      safety: 'unsafe',
      safetyNote: 'The loop holds the stop signal back until the server has exited, or until the grace period runs out: when '
        + 'the signalled process is not the container\'s main process (a supervisor runs the server), `kill -0 1` keeps the '
        + 'hook waiting to the end of the grace period. When the server is PID 1 the container stops under the hook, which '
        + 'the kubelet may record as a FailedPreStopHook event. Replacing the hook relies on the stop signal being the '
        + 'graceful one (FACTS §6).',
    },
    references: [
      'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-execution',
      'https://nginx.org/en/docs/control.html',
      'https://httpd.apache.org/docs/2.4/stopping.html',
    ],
  },
  check(ctx) {
    const dockerfiles = ctx.workspace.dockerfiles();
    for (const pod of ctx.model.podTemplates) {
      for (const container of [...pod.containers, ...pod.initContainers.filter((candidate) => candidate.sidecar)]) {
        checkContainer(ctx, pod, container, dockerfiles);
      }
    }
  },
});

/** Commands that end at once, so a hook that runs only these after the signal does not wait. */
const instant = new Set(['echo', 'printf', 'true', 'false', ':', 'exit', 'rm', 'touch', 'logger', 'date', 'kill', 'pkill', 'killall']);
const loops = new Set(['while_statement', 'for_statement', 'c_style_for_statement']);

/** Whether a step may hold the hook: a sleep, a loop, `wait`, or anything we cannot tell is instant. */
function mayWait(step: ScriptStep): boolean {
  if (step.background) return false;
  if (loops.has(step.type)) return true;
  if (step.type !== 'command' && step.type !== 'redirected_statement') return true;
  if (step.name === undefined) return true;
  const name = programName(step.name);
  if (name === 'sleep') {
    const seconds = step.args.every((arg) => arg !== undefined) ? sleepSeconds(step.args as string[]) : undefined;
    return seconds === undefined || seconds > 0;
  }
  return !instant.has(name);
}

/** How the hook reads: its steps, and where its script is when it runs one. */
interface HookScript {
  steps: ScriptStep[];
  /** The YAML scalar holding the `sh -c` script; undefined for a plain argv. */
  scriptNode?: Scalar;
  program: string;
}

function hookScript(command: string[], commandNode: Node | undefined): HookScript | undefined {
  const invocation = shellInvocation(command);
  if (!invocation) {
    // A plain argv is one step; its words are literal, so they are shown and repeated quoted where needed.
    const step: ScriptStep = {
      type: 'command', name: command[0], args: command.slice(1), argTexts: command.slice(1).map(shellQuote),
      conditional: false, background: false, start: 0, end: 0,
    };
    return { steps: [step], program: command[0] };
  }
  const script = invocation.script;
  // A shell with a bogus option or no script is k8s/prestop-malformed's.
  if (!script || invocation.unknownOption) return undefined;
  const steps = withShellTree(script.text, (root) => (root.hasError ? undefined : scriptSteps(root)));
  return steps && { steps, scriptNode: argvWordNode(script.index, commandNode), program: invocation.program };
}

function shellQuote(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/** The server the container runs as its main process (PID 1), when the workspace or what is known of the image says. */
function mainServer(container: Container, dockerfiles: DockerfileModel[], images: ImageEntries): ServerFact | undefined {
  const recognised = serverOf(container.image, workspaceBuildOf(container.image, dockerfiles), images, { command: container.command, args: container.args });
  return recognised?.pid1 ? recognised.server : undefined;
}

function checkContainer(ctx: RuleContext<KubernetesFile>, pod: PodTemplate, container: Container, dockerfiles: DockerfileModel[]): void {
  const { model } = ctx;
  const hook = container.lifecycle?.preStop;
  const handler = hook?.handlers.length === 1 ? hook.handlers[0] : undefined;
  if (!hook || handler?.kind !== 'exec' || !handler.command?.length) return;
  // In an image without a shell the hook cannot run at all: k8s/prestop-sleep-unavailable says so.
  if (imageShell(container.image, dockerfiles)?.flavour === 'none') return;
  const read = hookScript(handler.command, handler.commandNode);
  if (!read) return;
  const pid1Server = mainServer(container, dockerfiles, ctx.settings.images);
  const requests = read.steps.map((step) => (step.name === undefined ? undefined : stopRequest(step.name, step.args, step.argTexts, pid1Server)));
  let index = requests.length - 1;
  while (index >= 0 && requests[index] === undefined) index--;
  const request = requests[index];
  // A step after `||` runs only when the one before failed: in the normal case it does not wait.
  if (!request || read.steps.slice(index + 1).some((step) => !step.conditional && mayWait(step))) return;

  const before = read.steps.slice(0, index);
  // Earlier stop requests (`nginx -s quit || kill -QUIT 1`) are not delays.
  const delayedBefore = before.some((step, i) => requests[i] === undefined && mayWait(step));
  const stopSignal = effectiveStopSignal(pod, container, { dockerfiles, kubernetesVersion: ctx.kubernetesVersion, images: ctx.settings.images });
  const sameAsStopSignal = sameSignal(stopSignal.name, request.signal);
  let severity: Severity | undefined;
  if (delayedBefore) {
    // After a delay, a SIGTERM from the hook is just an early stop signal; the same graceful signal again is harmless.
    if (request.signal === 'SIGTERM' || sameAsStopSignal) return;
    if (!stopSignal.certain) severity = 'hint';
  }
  const sleptSeconds = before.reduce((total, step) => total + sleepOf(step), 0);

  const who = container.name ? `container \`${container.name}\`` : 'this container';
  const server = request.server?.name ?? (request.stillRunning === 'kill -0 1' ? 'the main process' : 'the server');
  const ranFirst = delayedBefore ? `${sleptSeconds > 0 ? `sleeps ${sleptSeconds} s, then ` : ''}runs ${request.shown}` : `runs ${request.shown}`;
  const immediately = delayedBefore ? ''
    : `${server} starts stopping while kube-proxy, ingress controllers and load balancers are still sending it requests `
      + '(a graceful stop closes the listening sockets first), and ';
  const opening = `The preStop hook of ${who} ${ranFirst} (${request.signal}) and returns at once: `;
  // Only reached without a delay: a SIGTERM after a sleep is not reported.
  const message = request.signal === 'SIGTERM'
    ? `${opening}${server} stops while kube-proxy, ingress controllers and load balancers are still sending it requests, `
      + `so the hook delays nothing. Sleep a few seconds before signalling, or let the hook only sleep: the stop signal stops ${server} anyway.`
    : `${opening}${immediately}the kubelet sends the stop signal right after: ${stopSignalConsequence(stopSignal, request)}. `
      + `Wait in the hook until ${server} has exited${delayedBefore ? '' : ', and sleep a few seconds before signalling'}.`;

  const fixes = [
    waitFix(model.source, read, handler.commandNode, index, request, !delayedBefore),
    sleepInstead(model.source, pod, container, request, stopSignal, sleptSeconds, versionAtLeast(ctx.kubernetesVersion, 1, 30)),
  ].filter((fix): fix is FixSpec => fix !== undefined);
  ctx.report({
    range: nodeRange(model.source, read.scriptNode ?? handler.commandNode ?? handler.node),
    severity,
    message,
    fix: fixes[0],
    suggestions: fixes.slice(1),
  });
}

function sleepOf(step: ScriptStep): number {
  if (step.background || step.name === undefined || programName(step.name) !== 'sleep') return 0;
  const seconds = step.args.every((arg) => arg !== undefined) ? sleepSeconds(step.args as string[]) : undefined;
  return seconds !== undefined && Number.isFinite(seconds) ? seconds : 0;
}

/** What the stop signal that follows the hook is, and what it does to the server (FACTS §5, §7). */
function stopSignalConsequence(stopSignal: EffectiveStopSignal, request: StopRequest): string {
  const which = stopSignal.certain || stopSignal.origin.kind !== 'default' ? stopSignal.description
    : `${stopSignal.name} unless the image sets a STOPSIGNAL`;
  if (sameSignal(stopSignal.name, request.signal)) return `${which}, the same signal again`;
  const effect = request.server?.effects[stopSignal.name];
  return effect ? `${which}, which for ${request.server!.name} means ${effect.name}: ${effect.consequence}`
    : `${which}, which may cut the graceful stop short`;
}

/**
 * The loop that makes the hook wait until the signalled process has exited, after the signal
 * command; with a sleep before it when nothing delays the signal yet. A SIGTERM needs no loop:
 * the kubelet sends one anyway, so it gets the sleep only.
 */
function waitFix(source: SourceText, read: HookScript, commandNode: Node | undefined, index: number, request: StopRequest, sleepFirst: boolean): FixSpec | undefined {
  const step = read.steps[index];
  const sleep = `sleep ${PRESTOP_SLEEP_SECONDS}; `;
  const loop = `; while ${request.stillRunning} 2>/dev/null; do sleep 1; done`;
  const waits = request.signal !== 'SIGTERM';
  if (!waits && !sleepFirst) return undefined;
  const title = waits
    ? `${sleepFirst ? `Sleep ${PRESTOP_SLEEP_SECONDS} s first, then wait` : 'Wait'} until the process has exited after ${request.shown}`
    : `Sleep ${PRESTOP_SLEEP_SECONDS} s before ${request.shown}`;
  let edits: FileEdits | undefined;
  if (read.scriptNode) {
    const insertions: ValueInsertion[] = [];
    if (sleepFirst) insertions.push({ offset: step.start, text: sleep });
    if (waits) insertions.push({ offset: step.end, text: loop });
    const inserted = insertIntoScalar(source, read.scriptNode, insertions);
    if (inserted) edits = { [source.uri]: inserted.edits };
  } else if (isSeq(commandNode) && commandNode.flow) {
    // A plain argv becomes a shell script: the sleep and the loop need one.
    const script = `${sleepFirst ? sleep : ''}${[read.program, ...step.argTexts].join(' ')}${waits ? loop : ''}`;
    edits = { [source.uri]: [replaceScalar(source, commandNode, `["sh", "-c", ${JSON.stringify(script)}]`)] };
  }
  return edits && { title, safety: 'unsafe', edits: () => edits };
}

/** The alternative: a plain sleep, then the stop signal does what the hook did (FACTS §1b, §6). */
function sleepInstead(
  source: SourceText, pod: PodTemplate, container: Container, request: StopRequest, stopSignal: EffectiveStopSignal,
  sleptSeconds: number, sleepActionAvailable: boolean,
): FixSpec | undefined {
  const hook = container.lifecycle?.preStop;
  const seconds = Number.isInteger(sleptSeconds) && sleptSeconds > 0 ? sleptSeconds : PRESTOP_SLEEP_SECONDS;
  // The API rejects a sleep action longer than the grace period (FACTS §2).
  if (!hook || seconds > gracePeriod(pod).seconds) return undefined;
  const execRunnable = baseImageShell(container.image ?? '')?.flavour !== 'none';
  const form = sleepActionAvailable || !execRunnable ? 'action' : 'exec';
  const signal = sameSignal(stopSignal.name, request.signal) ? `the stop signal (${request.signal})`
    : `the stop signal (make it ${request.signal})`;
  return replaceBySleep(source, hook, 'exec', form, seconds,
    `Replace the hook by a ${seconds} s sleep and let ${signal} stop the server`, 'unsafe');
}
