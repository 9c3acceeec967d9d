import { appendToSection, iniLine } from '../../fix/ini';
import { drainTimeoutOf, PHP_FPM_PROCESS_CONTROL_TIMEOUT } from '../../knowledge/drain-timeouts';
import { signalBehaviour, type ServerFact } from '../../knowledge/servers';
import { processShell } from '../../knowledge/shells';
import { canonicalSignal } from '../../knowledge/signals';
import { UNBOUNDED_DRAIN_SERVERS } from '../../knowledge/unbounded-drains';
import { linkedConfig, phpFpmConfigRoot } from '../../model/config-link';
import { finalStage, rootImage, stageChain } from '../../model/dockerfile-image';
import { copyOf } from '../../model/image-files';
import type { ImageBuild } from '../../model/image-source';
import { globalDirective, phpFpmSeconds } from '../../model/php-fpm';
import { deliveredSignal, readArgv, serverOf, shortPath } from '../../model/server-process';
import { shellInvocation } from '../../model/shell-invocation';
import {
  hasExpansion, setting, SUPERVISORD_DEFAULTS, supervisordBoolean, supervisordInteger,
  type CommandWord, type SupervisordConfigFile, type SupervisordProgram,
} from '../../model/supervisord';
import { withShellTree } from '../../parse/shell';
import { commandShape } from '../../parse/shell-command';
import { scriptSteps } from '../../parse/shell-steps';
import { configPods, describePodWindow, runsServer, unambiguousPod, type ConfigPod } from '../../shutdown/config-pod';
import { DRAIN_MARGIN_SECONDS, optionValue } from '../../shutdown/drain';
import { formatSeconds } from '../../shutdown/timeline';
import type { SourceLocation, TextEdit } from '../../types';
import { defineRule, type FixSpec, type RuleContext } from '../rule';

type Context = RuleContext<SupervisordConfigFile>;

export default defineRule({
  meta: {
    id: 'supervisord/stop-signal',
    language: 'supervisord',
    defaultSeverity: 'warning',
    summary: 'Finds supervisord programs that are stopped with the wrong signal, killed before they finish draining, or hidden behind a shell that never passes the signal on.',
    rationale: [
      'When a container that runs supervisord is stopped, supervisord stops each program itself: it sends the program\'s',
      '`stopsignal` (default TERM), waits `stopwaitsecs` (default 10 s) and then sends SIGKILL (FACTS §7, supervisord',
      'row). Several servers treat TERM as a *fast* shutdown and stop gracefully only on another signal: nginx and',
      'php-fpm on QUIT, Apache httpd on WINCH, HAProxy on USR1, unicorn on QUIT (FACTS §7, §12.10). The image\'s STOPSIGNAL',
      'does not help here: it reaches supervisord, not the programs. A program running one of them without the right',
      '`stopsignal` drops its connections on every rolling update.',
      '',
      '`stopwaitsecs` bounds the drain: a server that waits longer for its requests (gunicorn `--graceful-timeout`,',
      'default 30 s; Sidekiq 25 s; php-fpm `process_control_timeout` from the php-fpm configuration) is SIGKILLed in the',
      'middle of it (FACTS §11). For servers that wait without a limit (nginx, httpd, HAProxy, Caddy), when a workspace',
      'manifest runs the image that a workspace Dockerfile builds with this file (`COPY`) and all such pods agree, a',
      '`stopwaitsecs` well below the time the pod gives between its stop signal and SIGKILL is a hint: supervisord cuts',
      'the drain short although the pod would allow it.',
      '',
      'A program started as `sh -c "…"` whose shell stays the parent of the server (no `exec`; Debian\'s dash never execs,',
      'FACTS §8) gets the stop signal in the shell only, unless `stopasgroup=true` signals the whole process group: the',
      'shell exits without passing it on and the server is killed when the container ends (FACTS §8).',
      '',
      'Programs whose command is a script or holds `%(ENV_X)s` expansions in its program name, and `stopsignal` values',
      'that are expansions, are not judged.',
    ].join('\n'),
    facts: ['6', '7', '8', '11', '12.10'],
    examples: {
      incorrect: [{
        description: 'nginx and php-fpm under supervisord with the default TERM: both cut their requests.',
        code: '[supervisord]\nnodaemon=true\n\n[program:php-fpm]\ncommand=php-fpm -F\nautorestart=true\n\n[program:nginx]\ncommand=nginx -g \'daemon off;\'\nautorestart=true\n',
      }, {
        description: 'gunicorn waits up to 30 s for its requests; supervisord kills it after 10 s.',
        code: '[program:api]\ncommand=gunicorn --bind 0.0.0.0:8000 app:app\n',
      }],
      correct: [{
        description: 'The graceful signals, and time to use them.',
        code: '[program:php-fpm]\ncommand=php-fpm -F\nstopsignal=QUIT\nstopwaitsecs=30\n\n[program:nginx]\ncommand=nginx -g \'daemon off;\'\nstopsignal=QUIT\nstopwaitsecs=30\n',
      }, {
        description: 'Servers that stop gracefully on TERM need nothing.',
        code: '[program:worker]\ncommand=celery -A shop worker\n\n[program:queue]\ncommand=bundle exec sidekiq -t 8\n',
      }],
    },
    fix: {
      description: 'Adds `stopsignal=QUIT` (or the server\'s graceful signal) to the program section in the file\'s style, or '
        + 'replaces the wrong value; sets `stopwaitsecs` to the server\'s drain plus a 5 s margin (for a server without a '
        + 'limit: the pod\'s stop window minus the margin); puts `exec` before the server in an `sh -c` command. Adding '
        + '`stopasgroup=true` is offered as a suggestion.',
      safety: 'safe',
      safetyNote: 'The program stops the way its server documents as graceful and is given the time it asks for; `exec` '
        + 'only removes the shell around the last command. `stopasgroup` also signals every other process of the group, '
        + 'so it is offered only.',
    },
    references: [
      'https://github.com/Supervisor/supervisor/blob/main/docs/configuration.rst',
      'https://github.com/Supervisor/supervisor/blob/main/supervisor/datatypes.py',
      'https://nginx.org/en/docs/control.html',
      'https://www.php.net/manual/en/install.fpm.configuration.php',
    ],
  },
  check(ctx) {
    const image = confImage(ctx);
    const pod = image ? unambiguousPod(configPods(ctx, (build) => build.dockerfile === image.dockerfile)
      .filter((candidate) => runsServer(candidate, 'supervisord'))) : undefined;
    for (const program of ctx.model.programs) checkProgram(ctx, program, image, pod);
  },
});

/**
 * The image this file configures: the one workspace Dockerfile whose final image COPYs it and runs
 * supervisord. Several candidates, or none, say nothing.
 */
function confImage(ctx: Context): ImageBuild | undefined {
  const found: ImageBuild[] = [];
  for (const dockerfile of ctx.workspace.dockerfiles()) {
    const stage = finalStage(dockerfile);
    const copy = stage && copyOf(dockerfile, ctx.uri);
    if (!stage || !copy || !stageChain(stage).some((current) => current.copies.includes(copy))) continue;
    const build: ImageBuild = { dockerfile, stage, reason: `${shortPath(dockerfile.source.uri)} (line ${copy.range.start.line + 1} copies this file)` };
    if (serverOf(undefined, build, ctx.settings.images)?.server.id === 'supervisord') found.push(build);
  }
  return found.length === 1 ? found[0] : undefined;
}

function checkProgram(ctx: Context, program: SupervisordProgram, image: ImageBuild | undefined, pod: ConfigPod | undefined): void {
  const words = program.command?.words;
  if (!words || words.length === 0 || words[0].text === undefined) return;
  const argv = words.map((word) => word.text ?? word.raw);
  const baseImage = image ? rootImage(image.stage) : '';
  const reading = readArgv(argv, baseImage);
  if (reading.kind !== 'server' || reading.server.id === 'supervisord') return;
  if (reading.shellParent) checkShellParent(ctx, program, reading.server, baseImage);
  checkSignal(ctx, program, reading.server, reading.argv, reading.rewrites);
  checkStopWait(ctx, program, reading.server, reading.argv, image, pod);
}

/** The program's name for messages: "Program `web`". */
function programLabel(program: SupervisordProgram): string {
  return `Program \`${program.name}\``;
}

/** A fix that sets a setting of the program: replaces its value, or adds a line in the section's style. */
function setSettingEdit(ctx: Context, program: SupervisordProgram, key: string, value: string): TextEdit {
  const { source } = ctx.model;
  const existing = setting(program.section, key);
  if (existing) return { range: existing.valueRange, newText: value };
  return appendToSection(source, program.section.lastLineEnd, iniLine(source, program.section.settings, key, value, '='));
}

function checkSignal(ctx: Context, program: SupervisordProgram, server: ServerFact, serverArgv: string[], rewrites: Map<number, number>): void {
  const behaviour = signalBehaviour(server, serverArgv);
  if (!behaviour || behaviour.graceful.length === 0) return;
  const written = setting(program.section, 'stopsignal');
  if (written && hasExpansion(written.value)) return;
  const signal = canonicalSignal(written?.value ?? SUPERVISORD_DEFAULTS.stopsignal);
  // A name supervisord does not know stops it from starting at all: nothing to say about shutdown.
  if (!signal) return;
  const delivered = deliveredSignal(signal, rewrites);
  if (behaviour.graceful.includes(delivered)) return;
  const effect = behaviour.effects[delivered];
  if (!effect) return;
  const graceful = behaviour.graceful[0];
  // supervisord takes `QUIT` and `SIGQUIT` alike (supervisor datatypes.py `signal_number`); keep the file's spelling.
  const name = written && /^sig/i.test(written.value.trim()) ? graceful : graceful.replace(/^SIG/, '');
  const how = written ? `\`stopsignal=${written.value.trim()}\`` : `no \`stopsignal\` (supervisord's default is ${SUPERVISORD_DEFAULTS.stopsignal})`;
  const edit = setSettingEdit(ctx, program, 'stopsignal', name);
  ctx.report({
    range: written?.valueRange ?? program.section.headerRange,
    message: `${programLabel(program)} runs ${server.name} and has ${how}: supervisord stops it with ${delivered.replace(/^SIG/, '')}, `
      + `${server.name}'s ${effect.name}, so ${effect.consequence}. ${server.name} stops gracefully on ${graceful.replace(/^SIG/, '')}.`
      + (server.caveat ? ` ${server.caveat}` : ''),
    fix: { title: `Set stopsignal=${name}`, safety: 'safe', edits: () => ({ [ctx.model.source.uri]: [edit] }) },
  });
}

interface DrainNeed {
  seconds: number;
  /** "gunicorn --graceful-timeout (default 30)", "php-fpm process_control_timeout 60s". */
  what: string;
  basis: 'set' | 'default';
  where?: SourceLocation;
}

/** How long the server waits for its requests after its graceful signal, from its command line or its php-fpm configuration. */
function drainNeed(ctx: Context, program: SupervisordProgram, server: ServerFact, serverArgv: string[], image: ImageBuild | undefined): DrainNeed | undefined {
  if (server.id === 'php-fpm') {
    const linked = linkedConfig(ctx.workspace.phpFpmConfigs(), phpFpmConfigRoot, image, 'php-fpm');
    const found = linked && globalDirective(linked.files, PHP_FPM_PROCESS_CONTROL_TIMEOUT.key);
    const seconds = found ? phpFpmSeconds(found.directive.value) : undefined;
    return found && seconds ? {
      seconds, what: `php-fpm process_control_timeout ${found.directive.value}`, basis: 'set',
      where: { uri: found.file.source.uri, range: found.directive.valueRange },
    } : undefined;
  }
  const fact = drainTimeoutOf(server.id);
  if (!fact) return undefined;
  const options = serverArgv.slice(1);
  const option = optionValue(options, fact);
  if (option) {
    // `--graceful-timeout %(ENV_TIMEOUT)s`: set, to a value we cannot read.
    if (!/^\d+$/.test(option.value ?? '')) return undefined;
    return { seconds: Number(option.value), what: `${fact.setting} ${option.value}`, basis: 'set', where: program.command && { uri: ctx.uri, range: program.command.setting.valueRange } };
  }
  if (fact.defaultSeconds === undefined || (fact.defaultApplies && !fact.defaultApplies(options))) return undefined;
  return { seconds: fact.defaultSeconds, what: `${fact.setting} (default ${fact.defaultSeconds})`, basis: 'default' };
}

function checkStopWait(ctx: Context, program: SupervisordProgram, server: ServerFact, serverArgv: string[], image: ImageBuild | undefined, pod: ConfigPod | undefined): void {
  const written = setting(program.section, 'stopwaitsecs');
  if (written && hasExpansion(written.value)) return;
  const stopWait = written ? supervisordInteger(written.value) : SUPERVISORD_DEFAULTS.stopwaitsecs;
  if (stopWait === undefined) return;
  const how = written ? `\`stopwaitsecs=${written.value.trim()}\`` : `no \`stopwaitsecs\` (default ${SUPERVISORD_DEFAULTS.stopwaitsecs})`;
  const report = (target: number, message: string, severity: 'info' | 'hint' | undefined, related: SourceLocation | undefined) => {
    const edit = setSettingEdit(ctx, program, 'stopwaitsecs', String(target));
    ctx.report({
      range: written?.valueRange ?? program.section.headerRange,
      severity,
      message,
      related: related ? [{ ...related, message: `${server.name} drain` }] : [],
      fix: { title: `Set stopwaitsecs=${target}`, safety: 'safe', edits: () => ({ [ctx.model.source.uri]: [edit] }) },
    });
  };
  const need = drainNeed(ctx, program, server, serverArgv, image);
  if (need) {
    if (stopWait >= need.seconds) return;
    report(Math.ceil(need.seconds + DRAIN_MARGIN_SECONDS),
      `${programLabel(program)} has ${how}: supervisord sends SIGKILL ${formatSeconds(stopWait)} after the stop signal, but ${server.name} `
        + `waits up to ${formatSeconds(need.seconds)} for its requests (${need.what}): those still running are cut off.`,
      need.basis === 'set' ? undefined : 'info', need.where);
    return;
  }
  if (!pod || !UNBOUNDED_DRAIN_SERVERS.has(server.id)) return;
  const target = Math.floor(pod.shutdown.stopWindow - DRAIN_MARGIN_SECONDS);
  if (target <= stopWait) return;
  report(target,
    `${programLabel(program)} has ${how}: supervisord sends SIGKILL to ${server.name} ${formatSeconds(stopWait)} after the stop signal, `
      + `while ${describePodWindow(pod)}: ${server.name} waits for its connections without a limit of its own, and supervisord cuts `
      + `off those that take longer than ${formatSeconds(stopWait)}.`,
    'hint', undefined);
}

function checkShellParent(ctx: Context, program: SupervisordProgram, server: ServerFact, baseImage: string): void {
  if (supervisordBoolean(setting(program.section, 'stopasgroup')?.value ?? '') === true) return;
  const command = program.command!;
  const argv = command.words.map((word) => word.text ?? word.raw);
  const invocation = shellInvocation(argv);
  const script = invocation?.script;
  const shape = script ? commandShape(script.text) : undefined;
  const single = shape?.kind === 'simple';
  // readArgv has seen through bash and BusyBox ash, which exec a single command: an unknown /bin/sh may be either (FACTS §8).
  const flavour = invocation ? processShell([invocation.program], baseImage).flavour : undefined;
  const shell = invocation?.shell ?? 'a shell';
  const execOffset = shape?.kind === 'simple' ? 0 : shape?.kind === 'compound' ? shape.execOffset : undefined;
  const fix = script && execOffset !== undefined ? execFix(ctx, command.words[script.index], script.text, execOffset) : undefined;
  const stopAsGroup: FixSpec = {
    title: 'Set stopasgroup=true',
    safety: 'unsafe',
    edits: () => ({ [ctx.model.source.uri]: [setSettingEdit(ctx, program, 'stopasgroup', 'true')] }),
  };
  ctx.report({
    range: command.setting.valueRange,
    severity: single && flavour === undefined ? 'info' : undefined,
    message: `${programLabel(program)} runs ${server.name} under \`${shell} -c\`, which stays its parent`
      + (single && flavour === undefined ? ' unless /bin/sh is bash or BusyBox ash (Debian\'s dash never execs a command)' : '')
      + `: supervisord sends the stop signal to ${shell} alone (\`stopasgroup\` is false), ${shell} exits without passing it on, `
      + `and ${server.name} is killed with the container, its connections open (FACTS §8). Put \`exec\` before ${server.name}.`,
    fix: fix?.safety === 'safe' ? fix : undefined,
    suggestions: [...(fix?.safety === 'unsafe' ? [fix] : []), stopAsGroup],
  });
}

/** `exec ` before the last command of the `-c` script, when that spot stands inside quotes in the file (so no word splits). */
function execFix(ctx: Context, word: CommandWord, script: string, offset: number): FixSpec | undefined {
  if (!word.quoted[offset]) return undefined;
  const at = ctx.model.source.positionAt(word.offsets[offset]);
  const trap = withShellTree(script, (root) => scriptSteps(root).some((step) => step.name === 'trap'));
  return {
    title: 'Put `exec` before the server',
    // A trap would no longer run once the shell is replaced.
    safety: trap ? 'unsafe' : 'safe',
    edits: () => ({ [ctx.model.source.uri]: [{ range: { start: at, end: at }, newText: 'exec ' }] }),
  };
}
