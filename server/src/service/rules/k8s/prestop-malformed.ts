import { isScalar, isSeq, type Node, type Scalar } from 'yaml';
import { replaceBySleep, type SleepForm } from '../../fix/prestop-sleep';
import { replaceScalar } from '../../fix/yaml';
import { replaceSeqItem } from '../../fix/yaml-seq';
import { baseImageShell } from '../../knowledge/base-images';
import { canonicalSignal } from '../../knowledge/signals';
import { intendedArgv } from '../../model/intended-argv';
import type { Container, HookHandler, KubernetesFile, LifecycleHook, PodTemplate } from '../../model/kubernetes';
import { mayHaveUnseenFields } from '../../model/partial';
import { shellInvocation } from '../../model/shell-invocation';
import { nodeRange } from '../../parse/kubernetes';
import { nodeSpan, pairOf } from '../../parse/yaml-nodes';
import { commandShape } from '../../parse/shell-command';
import { versionAtLeast } from '../../settings';
import { gracePeriod } from '../../shutdown/timeline';
import type { TextEdit } from '../../types';
import { joinList } from '../../text';
import { defineRule, type FixSpec, type RuleContext } from '../rule';
import { deploymentExample } from './example-manifests';
import { PRESTOP_SLEEP_SECONDS } from './prestop-missing';

export default defineRule({
  meta: {
    id: 'k8s/prestop-malformed',
    language: 'kubernetes',
    defaultSeverity: 'error',
    summary: 'Finds preStop hooks that the API rejects or that fail as soon as they run, so they give no delay.',
    rationale: [
      'A preStop hook that fails does not delay anything: the kubelet records `FailedPreStopHook` and sends the stop signal',
      'at once (FACTS §1e). One that the API rejects stops the whole rollout. Both are easy to write without noticing:',
      '',
      '- an exec command given as one string with spaces (`["/bin/sleep 5"]`): the runtime looks for a program of that',
      '  whole name and finds none (FACTS §8); an exec command that is not a list of strings, or is empty;',
      '- a shell given a bogus option (`["/bin/sh", "-SIGQUIT", "1"]`, meant as `kill -SIGQUIT 1`) or `-c` without a script:',
      '  the shell exits with an error at once;',
      '- a `tcpSocket` handler, which "is NOT supported as a LifecycleHandler" and fails at runtime (FACTS §1f);',
      '- more than one handler, or none: the API wants exactly one (FACTS §2);',
      '- `sleep.seconds` negative, zero before Kubernetes 1.33, or longer than `terminationGracePeriodSeconds`: the API',
      '  rejects them (FACTS §2); a sleep action below Kubernetes 1.30, where it is not available by default (FACTS §2);',
      '- an `httpGet` to a named port the container does not declare: the kubelet resolves names against the container\'s',
      '  `ports` only, cannot find it, and the hook fails.',
    ].join('\n'),
    facts: ['1e', '1f', '2', '8', '12.12'],
    examples: {
      incorrect: [{
        description: 'One string with a space: there is no program called "/bin/sleep 5".',
        code: deploymentExample(`      containers:
        - name: web
          image: example/web:1.4
          lifecycle:
            preStop:
              exec:
                command: ["/bin/sleep 5"]
`),
      }, {
        description: 'A tcpSocket handler fails at runtime.',
        code: deploymentExample(`      containers:
        - name: web
          image: example/web:1.4
          ports:
            - containerPort: 8080
          lifecycle:
            preStop:
              tcpSocket:
                port: 8080
`),
      }],
      correct: [{
        description: 'The program and its argument as two words.',
        code: deploymentExample(`      containers:
        - name: web
          image: example/web:1.4
          lifecycle:
            preStop:
              exec:
                command: ["/bin/sleep", "5"]
`),
      }, {
        description: 'An HTTP drain call to a port the container declares by name.',
        code: deploymentExample(`      containers:
        - name: web
          image: example/web:1.4
          ports:
            - name: admin
              containerPort: 9901
          lifecycle:
            preStop:
              httpGet:
                path: /drain
                port: admin
`),
      }],
    },
    fix: {
      description: 'Splits an exec command written as one string into its words (`["/bin/sleep", "5"]`) when every word is '
        + 'literal, and quotes numbers and booleans in an exec command (`["sleep", "5"]`). Suggests the sleep action in place '
        + 'of a `tcpSocket` handler, `["sh", "-c", "…"]` for a one-string command that needs a shell, and an exec `sleep` in place of '
        + 'a sleep action below Kubernetes 1.30. Everything else is explained only.',
      safety: 'safe',
      safetyNote: 'Splitting runs exactly the program and arguments the string names, which is what the author meant; quoting '
        + 'a number gives the API the string it needs. The suggestions change what the hook does (a 5 s sleep instead of a '
        + 'TCP check, a shell around the command) and are unsafe.',
    },
    references: [
      'https://kubernetes.io/docs/concepts/containers/container-lifecycle-hooks/#hook-handler-implementations',
      'https://kubernetes.io/docs/reference/kubernetes-api/workload-resources/pod-v1/#lifecycle-1',
      'https://github.com/docker/for-linux/issues/871',
    ],
  },
  check(ctx) {
    for (const pod of ctx.model.podTemplates) {
      for (const container of [...pod.containers, ...pod.initContainers.filter((candidate) => candidate.sidecar)]) {
        const hook = container.lifecycle?.preStop;
        if (hook?.node) checkHook(ctx, pod, container, hook);
      }
    }
  },
});

type Context = RuleContext<KubernetesFile>;

/** A grace period written as a template value, or left to a kustomize base or a Helm include, is not known. */
function graceKnown(ctx: Context, pod: PodTemplate): boolean {
  return pod.terminationGracePeriod ? pod.terminationGracePeriod.seconds !== undefined : !mayHaveUnseenFields(ctx.model, ctx.workspace, pod);
}

/** A whole value that envsubst, Kustomize or a CI pipeline fills in: `${NAME}`, `$(NAME)`. */
const placeholder = /^\$(\{[^}]*\}|\([^)]*\))$/;
/** What Kubernetes accepts as a port name (IANA_SVC_NAME): anything else is not a name but a placeholder or a typo of a number. */
const portName = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]{0,13}[a-z0-9])?$/;

const fails = 'the hook fails at once (FailedPreStopHook) and the stop signal follows without any delay';

function checkHook(ctx: Context, pod: PodTemplate, container: Container, hook: LifecycleHook): void {
  const { source } = ctx.model;
  if (hook.handlers.length !== 1) {
    const kinds = hook.handlers.map((handler) => `\`${handler.kind}\``);
    ctx.report({
      range: nodeRange(source, hook.keyNode),
      message: hook.handlers.length === 0
        ? 'This preStop hook has no handler (`exec`, `httpGet` or `sleep`): the API rejects it ("must specify a handler type").'
        : `This preStop hook has ${hook.handlers.length} handlers (${joinList(kinds)}): the API rejects it ("may not specify more than 1 handler type"). Keep one.`,
    });
    return;
  }
  const handler = hook.handlers[0];
  switch (handler.kind) {
    case 'tcpSocket': return checkTcpSocket(ctx, pod, container, hook, handler);
    case 'exec': return checkExec(ctx, handler);
    case 'sleep': return checkSleep(ctx, pod, container, hook, handler);
    case 'httpGet': return checkHttpGet(ctx, container, handler);
  }
}

/** The form of sleep that works on this cluster and image: the action from 1.30, else an exec `sleep` where the image has one. */
function sleepForm(ctx: Context, container: Container): SleepForm | undefined {
  if (versionAtLeast(ctx.kubernetesVersion, 1, 30)) return 'action';
  return baseImageShell(container.image ?? '')?.flavour === 'none' ? undefined : 'exec';
}

function checkTcpSocket(ctx: Context, pod: PodTemplate, container: Container, hook: LifecycleHook, handler: Extract<HookHandler, { kind: 'tcpSocket' }>): void {
  const form = sleepForm(ctx, container);
  const seconds = Math.min(PRESTOP_SLEEP_SECONDS, gracePeriod(pod).seconds);
  const suggestion = form && seconds > 0 && replaceBySleep(ctx.model.source, hook, 'tcpSocket', form, seconds,
    form === 'action' ? `Replace tcpSocket by the sleep action (${seconds} s)` : `Replace tcpSocket by exec \`sleep ${seconds}\``, 'unsafe');
  ctx.report({
    range: nodeRange(ctx.model.source, (hook.node && pairOf(hook.node, 'tcpSocket')?.key) ?? handler.node),
    message: `tcpSocket is not supported as a preStop handler ("kept for backward compatibility", not validated): ${fails}. `
      + `To wait for endpoint removal, use ${form === 'exec' ? 'an exec `sleep`' : 'the sleep action'}.`,
    suggestions: suggestion ? [suggestion] : [],
  });
}

function checkExec(ctx: Context, handler: Extract<HookHandler, { kind: 'exec' }>): void {
  const { source } = ctx.model;
  const node = handler.commandNode;
  if (node === undefined || (isSeq(node) && node.items.length === 0)) {
    ctx.report({ range: nodeRange(source, node ?? handler.node), message: 'This exec hook has no command: the API rejects it ("command is required").' });
    return;
  }
  if (isScalar(node)) {
    // `command: ${PRESTOP_COMMAND}`: a placeholder that a tool replaces before the API sees it.
    if (typeof node.value === 'string' && placeholder.test(node.value.trim())) return;
    if (typeof node.value === 'string') oneString(ctx, node.value, node, (texts) => replaceScalar(source, node, `[${texts.join(', ')}]`), 'string');
    else ctx.report({ range: nodeRange(source, node), message: 'This exec command is not a list of strings: the API rejects it.' });
    return;
  }
  if (!isSeq(node)) {
    ctx.report({ range: nodeRange(source, node), message: 'This exec command is not a list of strings: the API rejects it.' });
    return;
  }
  const items = node.items;
  const notStrings = items.filter((item): item is Scalar => isScalar(item) && item.value !== null && typeof item.value !== 'string');
  if (notStrings.length > 0) {
    // `[sleep, 5]`: YAML reads 5 as a number, and a command is a list of strings.
    const edits = notStrings.map((item) => replaceScalar(source, item, JSON.stringify(source.text.slice(...nodeSpan(item)))));
    ctx.report({
      range: nodeRange(source, notStrings[0]),
      message: `This exec command holds ${joinList(notStrings.map((item) => `\`${String(item.value)}\``))}, which YAML reads as `
        + `${notStrings.length > 1 ? 'numbers or booleans' : `a ${typeof notStrings[0].value}`}, not a string: the API rejects it `
        + '("cannot unmarshal … into Go struct field … of type string"). Quote it.',
      fix: { title: 'Quote the values', safety: 'safe', edits: () => ({ [source.uri]: edits }) },
    });
    return;
  }
  const first = items[0];
  if (isScalar(first) && typeof first.value === 'string' && /\s/.test(first.value.trim())) {
    oneString(ctx, first.value, first, (texts) => replaceSeqItem(source, node, first, texts), 'word');
    return;
  }
  if (handler.command) checkShell(ctx, handler.command, node);
}

/**
 * A command written as one string: the runtime execs it as a single program name (FACTS §8). Split
 * into its words when they are all literal, else offer to run it with a shell.
 */
function oneString(ctx: Context, text: string, node: Scalar, replaceBy: (texts: string[]) => TextEdit | undefined, written: 'string' | 'word'): void {
  const { source } = ctx.model;
  const shape = commandShape(text.trim());
  const words = shape.kind === 'simple' ? intendedArgv(shape.words) : undefined;
  const split = words ? replaceBy(words.map((word) => JSON.stringify(word))) : undefined;
  const viaShell = shape.kind === 'simple' ? undefined : replaceBy(['"sh"', '"-c"', JSON.stringify(text)]);
  const fix: FixSpec | undefined = split && words && { title: `Split into ${words.length} words`, safety: 'safe', edits: () => ({ [source.uri]: [split] }) };
  const suggestion: FixSpec | undefined = viaShell && { title: 'Run it with `sh -c`', safety: 'unsafe', edits: () => ({ [source.uri]: [viaShell] }) };
  ctx.report({
    range: nodeRange(source, node),
    message: (written === 'string'
      ? `This exec command is a string (\`${text}\`), not a list of strings: the API rejects it. `
      : `This exec command is one word with spaces (\`${text}\`): the runtime looks for a program named "${text}" and finds none, so ${fails}. `)
      + 'Give the program and each argument as separate items'
      + (shape.kind === 'simple' ? '.' : ', or run it with `sh -c`, as it uses shell syntax.'),
    fix,
    suggestions: suggestion ? [suggestion] : [],
  });
}

/** A shell with an option no shell has, or `-c` without a script, exits with an error before running anything. */
function checkShell(ctx: Context, command: string[], node: Node): void {
  const invocation = shellInvocation(command);
  if (!invocation) return;
  const shown = `\`${command.join(' ')}\``;
  if (invocation.unknownOption) {
    const { word, letter } = invocation.unknownOption;
    const signal = canonicalSignal(word.slice(1));
    ctx.report({
      range: nodeRange(ctx.model.source, node),
      message: `${shown}: \`-${letter}\` is not an option of ${invocation.shell}, so the shell exits with an error: ${fails}.`
        + (signal ? ` To send ${signal}, the command is \`kill -${signal} …\`.` : ''),
    });
  } else if (invocation.commandMode && !invocation.script) {
    ctx.report({
      range: nodeRange(ctx.model.source, node),
      message: `${shown}: \`-c\` needs the script as the next item, so the shell exits with an error: ${fails}.`,
    });
  }
}

function checkSleep(ctx: Context, pod: PodTemplate, container: Container, hook: LifecycleHook, handler: Extract<HookHandler, { kind: 'sleep' }>): void {
  const { source } = ctx.model;
  const seconds = handler.seconds;
  const range = nodeRange(source, handler.secondsNode ?? handler.node);
  const grace = gracePeriod(pod);
  const graceText = grace.explicit ? `terminationGracePeriodSeconds (${grace.seconds})` : `the default terminationGracePeriodSeconds (${grace.seconds})`;
  if (!versionAtLeast(ctx.kubernetesVersion, 1, 30)) {
    const version = `${ctx.kubernetesVersion.major}.${ctx.kubernetesVersion.minor}`;
    const form = sleepForm(ctx, container);
    const suggestion = form === 'exec' && seconds !== undefined && seconds > 0
      ? replaceBySleep(source, hook, 'sleep', 'exec', seconds, `Replace the sleep action by exec \`sleep ${seconds}\``, 'unsafe') : undefined;
    ctx.report({
      range: nodeRange(source, hook.keyNode),
      severity: 'warning',
      message: `The sleep action is available by default from Kubernetes 1.30 (setting \`kubernetesVersion\` is ${version}): below, the `
        + 'API rejects it or the kubelet ignores it, and the hook gives no delay.',
      suggestions: suggestion ? [suggestion] : [],
    });
    return;
  }
  // An unreadable value (a placeholder, a template) says nothing.
  if (seconds === undefined) return;
  let problem: string | undefined;
  if (seconds < 0) problem = `sleep.seconds is ${seconds}: the API rejects a negative sleep ("must be non-negative")`;
  else if (seconds === 0 && !versionAtLeast(ctx.kubernetesVersion, 1, 33)) {
    problem = 'sleep.seconds is 0: before Kubernetes 1.33 the API rejects it ("must be greater than 0"); a sleep of 0 delays nothing anyway';
  } else if (seconds > grace.seconds && graceKnown(ctx, pod)) {
    problem = `sleep.seconds is ${seconds}, longer than ${graceText}: the API rejects it ("must be … less than terminationGracePeriodSeconds")`;
  }
  if (problem) ctx.report({ range, message: `${problem}.` });
}

function checkHttpGet(ctx: Context, container: Container, handler: Extract<HookHandler, { kind: 'httpGet' }>): void {
  const { source } = ctx.model;
  if (handler.port === undefined) {
    if (!handler.portNode) ctx.report({ range: nodeRange(source, handler.node), message: 'This httpGet hook has no port: the API rejects it.' });
    return;
  }
  if (typeof handler.port !== 'string' || !portName.test(handler.port) || container.ports.some((port) => port.name === handler.port)) return;
  const declared = container.ports.map((port) => port.name).filter((name): name is string => name !== undefined).map((name) => `\`${name}\``);
  ctx.report({
    range: nodeRange(source, handler.portNode ?? handler.node),
    message: `The httpGet hook calls port \`${handler.port}\`, which the container does not declare`
      + `${declared.length > 0 ? ` (its named ports: ${joinList(declared)})` : ''}: the kubelet resolves a port name against the `
      + `container's ports only, so ${fails}. Use the port number or declare the name.`,
  });
}
