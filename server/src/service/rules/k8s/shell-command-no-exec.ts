import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Scalar } from 'yaml';
import { insertIntoScalar } from '../../fix/yaml-scalar';
import type { ShellFlavour } from '../../knowledge/base-images';
import { processShell } from '../../knowledge/shells';
import { isShortLived } from '../../knowledge/short-lived-commands';
import type { DockerfileModel } from '../../model/dockerfile';
import { imageShell } from '../../model/image-shell';
import type { Container, KubernetesFile, PodTemplate } from '../../model/kubernetes';
import { argvWordNode, containerArgv, shellInvocation, type ShellInvocation } from '../../model/shell-invocation';
import { nodeRange } from '../../parse/kubernetes';
import { withShellTree } from '../../parse/shell';
import { commandShape } from '../../parse/shell-command';
import { programName, scriptSteps, type ScriptStep } from '../../parse/shell-steps';
import { formatSeconds, gracePeriod } from '../../shutdown/timeline';
import type { SourceText } from '../../source';
import type { Severity } from '../../types';
import { defineRule, type FixSpec, type RuleContext } from '../rule';
import { deploymentExample } from './example-manifests';

export default defineRule({
  meta: {
    id: 'k8s/shell-command-no-exec',
    language: 'kubernetes',
    defaultSeverity: 'warning',
    summary: 'Finds containers whose `command`/`args` run a server under `sh -c` without `exec`, leaving the shell as PID 1.',
    rationale: [
      '`command: ["sh", "-c", "migrate && server"]` makes the shell the container\'s PID 1 and the server its child. The',
      'stop signal goes to PID 1 only; a shell has no handler for SIGTERM, and the kernel drops signals that PID 1 does',
      'not handle (FACTS §8, pid_namespaces(7)). The shell does not forward it either, so the server never learns that',
      'the pod is stopping: it keeps its connections open until SIGKILL at the end of the grace period, and every request',
      'in flight then fails. `exec server` makes the shell replace itself with the server, which then receives the signal.',
      '',
      'Whether `sh -c "server"` execs on its own depends on the shell (FACTS §8): bash and BusyBox ash (Alpine) replace',
      'themselves with a single simple command, Debian\'s dash (the `/bin/sh` of `debian`, `ubuntu`, `node`, `python` and',
      'most official images) never does. A single command is therefore only reported where the shell is dash or unknown;',
      'a list of commands, a pipeline, background jobs or a trap keep every shell as PID 1 (recent bash and ash may exec',
      'the last command of a plain list, which is reported as a hint). Jobs and CronJobs, `args` given to the image\'s own',
      'ENTRYPOINT, and scripts that end with `wait` after setting a TERM trap are not reported.',
    ].join('\n'),
    facts: ['8', '12.7', '12.8', '12.11'],
    examples: {
      incorrect: [{
        description: "Debian's dash (the `/bin/sh` of `node`) stays PID 1: `node` never sees SIGTERM.",
        code: deploymentExample(`      containers:
        - name: web
          image: node:20
          command: ["sh", "-c", "npm run migrate && node server.js"]
`),
      }],
      correct: [{
        description: '`exec` replaces the shell with the server.',
        code: deploymentExample(`      containers:
        - name: web
          image: node:20
          command: ["sh", "-c", "npm run migrate && exec node server.js"]
`),
      }, {
        description: 'BusyBox ash on Alpine replaces itself with a single command.',
        code: deploymentExample(`      containers:
        - name: web
          image: node:20-alpine
          command: ["sh", "-c", "node server.js"]
`),
      }, {
        description: 'A TERM trap that forwards the signal to a background server and waits for it.',
        code: deploymentExample(`      containers:
        - name: web
          image: node:20
          command:
            - /bin/sh
            - -c
            - trap 'kill -TERM $pid' TERM; node server.js & pid=$!; wait $pid
`),
      }],
    },
    fix: {
      description: 'Inserts `exec ` before the last command of the script, rewriting the YAML scalar that holds it in the '
        + 'same quoting style. A block or multi-line scalar, or a script with a trap, gets the same change as a suggestion.',
      safety: 'safe',
      safetyNote: 'The last command runs exactly as before, only without the shell around it; nothing ran after it. With a '
        + 'trap in the script the change is unsafe: `exec` drops the trap. Rewriting a block or multi-line scalar is offered '
        + 'only, because its layout changes.',
    },
    references: [
      'https://kubernetes.io/docs/tasks/inject-data-application/define-command-argument-container/#run-a-command-in-a-shell',
      'https://man7.org/linux/man-pages/man7/pid_namespaces.7.html',
      'https://docs.docker.com/reference/dockerfile/#shell-and-exec-form',
    ],
  },
  check(ctx) {
    const dockerfiles = ctx.workspace.dockerfiles();
    for (const pod of ctx.model.podTemplates) {
      // A Job's process runs to completion; nothing routes requests to it.
      if (pod.batch) continue;
      for (const container of [...pod.containers, ...pod.initContainers.filter((candidate) => candidate.sidecar)]) {
        checkContainer(ctx, pod, container, dockerfiles);
      }
    }
  },
});

/** Keep-alive commands: as PID 1 they ignore SIGTERM too, so `exec` would not help; not a server to warn about. */
const keepAlive = new Set(['sleep', 'tail']);

interface ScriptFacts {
  steps: ScriptStep[];
  last?: ScriptStep;
  termTrap: boolean;
}

function scriptFacts(script: string): ScriptFacts | undefined {
  return withShellTree(script, (root: SyntaxNode) => {
    if (root.hasError) return undefined;
    const steps = scriptSteps(root);
    const termTrap = steps.some((step) => step.name === 'trap'
      && step.args.slice(1).some((signal) => signal === undefined || /^(SIG)?TERM$|^15$/i.test(signal)));
    return { steps, last: steps[steps.length - 1], termTrap };
  });
}

interface ShellOfContainer {
  flavour?: ShellFlavour;
  /** A clause for messages: "the shell is bash", "`node:20` has Debian's dash". */
  clause: string;
}

function shellOf(invocation: ShellInvocation, container: Container, dockerfiles: DockerfileModel[]): ShellOfContainer {
  const name = programName(invocation.program) === 'busybox' ? 'busybox' : invocation.shell;
  if (name !== 'sh') {
    const known = processShell([name], '');
    return { flavour: known.flavour, clause: `the shell is ${known.description ?? name}` };
  }
  const image = imageShell(container.image, dockerfiles);
  return image ? { flavour: image.flavour, clause: image.reason }
    : { clause: `\`${invocation.program}\` of \`${container.image ?? 'the image'}\` is not a shell known here` };
}

function checkContainer(ctx: RuleContext<KubernetesFile>, pod: PodTemplate, container: Container, dockerfiles: DockerfileModel[]): void {
  const argv = containerArgv(container);
  const invocation = argv && shellInvocation(argv);
  // A bogus option makes the shell exit before running anything: not this rule's business.
  if (!invocation?.script || invocation.unknownOption) return;
  const script = invocation.script.text;
  const shape = commandShape(script);
  if (shape.kind === 'exec') return;
  const facts = scriptFacts(script);
  const last = facts?.last;
  if (!facts || !last) return;
  const lastName = last.name === undefined ? undefined : programName(last.name);
  // A last command whose name is not a literal word (`"$@"`, `$(START)`, which Kubernetes itself may substitute) is not known.
  const commandLike = last.type === 'command' || last.type === 'redirected_statement';
  if ((commandLike && lastName === undefined) || (lastName !== undefined && keepAlive.has(lastName))) return;
  // `trap … TERM; server & wait $!` forwards the signal (FACTS §8): the pattern that works without exec.
  if (facts.termTrap && lastName === 'wait') return;
  const shell = shellOf(invocation, container, dockerfiles);
  if (shell.flavour === 'none') return;
  const execsItself = shell.flavour === 'bash' || shell.flavour === 'ash';
  const singleCommand = facts.steps.length === 1 && last.type === 'command' && !last.background;
  if (singleCommand && execsItself) return;

  const { model } = ctx;
  const scriptNode = argvWordNode(invocation.script.index, container.commandNode, container.argsNode);
  // A short-lived last command (`server; echo done`, `server & wait`) means the server ran earlier: `exec` cannot simply go before it.
  const serverLast = lastName !== undefined && !isShortLived(lastName);
  const execOffset = !serverLast ? undefined : shape.kind === 'simple' ? last.start : shape.execOffset;
  const who = container.name ? `Container \`${container.name}\`` : 'This container';
  const server = serverLast ? `\`${lastName}\`` : 'the server';
  const grace = gracePeriod(pod).seconds;
  const consequence = `${server} never receives the stop signal and is SIGKILLed when the grace period ends `
    + `(${formatSeconds(grace)}), with its connections open.`;

  let severity: Severity | undefined;
  let why: string;
  if (singleCommand) {
    severity = shell.flavour === 'dash' ? undefined : 'info';
    why = shell.flavour === 'dash'
      ? `a single command and ${shell.clause}, which stays PID 1 and runs ${server} as its child; it ignores SIGTERM and `
        + `does not forward it, so ${consequence}`
      : `a single command and ${shell.clause}: unless that shell replaces itself with the command (bash and BusyBox ash do, `
        + `the dash of Debian, Ubuntu and most official images never does), it stays PID 1 and ignores SIGTERM, so ${consequence}`;
  } else {
    const how = facts.termTrap ? 'a TERM trap, which runs only after the foreground command has exited'
      : last.background || facts.steps.some((step, i) => i < facts.steps.length - 1 && step.background) ? 'background jobs'
        : last.type === 'pipeline' ? 'a pipeline'
          : facts.steps.length > 1 ? 'a list of commands'
            : last.type === 'command' || last.type === 'redirected_statement' ? 'a redirection' : `a \`${last.type.replace(/_statement$/, '')}\` block`;
    // Recent bash (5.1+) and BusyBox ash exec the last command of a plain list; older bash and dash never do (FACTS §8).
    const mayExec = execsItself && !facts.termTrap && how === 'a list of commands';
    severity = mayExec ? 'hint' : undefined;
    why = `${how}, so the shell stays PID 1 (${shell.clause})`
      + (mayExec ? ' unless it is bash 5.1+ or BusyBox ash, which may exec the last command of a plain list' : '')
      + `; it ignores SIGTERM and does not forward it, so ${consequence}`;
  }

  const advice = execOffset !== undefined ? ' Put `exec` before the last command.'
    : ' Make the server the last command and put `exec` before it, or forward the signal (`trap \'kill -TERM $pid\' TERM; server & pid=$!; wait $pid`).';
  const fix = execOffset !== undefined && scriptNode ? execFix(model.source, scriptNode, execOffset, facts.termTrap) : undefined;
  ctx.report({
    range: nodeRange(model.source, scriptNode ?? container.commandNode ?? container.anchorNode),
    severity,
    message: `${who} runs \`${invocation.shell} -c\` with ${why}${advice}`,
    fix: fix?.safety === 'safe' ? fix : undefined,
    suggestions: fix?.safety === 'unsafe' ? [fix] : [],
  });
}

function execFix(source: SourceText, node: Scalar, offset: number, trap: boolean): FixSpec | undefined {
  const edit = insertIntoScalar(source, node, [{ offset, text: 'exec ' }]);
  if (!edit) return undefined;
  return {
    title: 'Put `exec` before the last command',
    safety: edit.exact && !trap ? 'safe' : 'unsafe',
    edits: () => ({ [source.uri]: edit.edits }),
  };
}
