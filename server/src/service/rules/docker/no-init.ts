import { baseName } from '../../detect';
import { insertLinesBefore } from '../../fix/lines';
import { inlineScriptFileFix } from '../../fix/trap-script-file';
import { baseImagePackageManager } from '../../knowledge/base-images';
import { initOf, tiniInstall } from '../../knowledge/inits';
import { processShell } from '../../knowledge/shells';
import type { DockerfileModel, DockerStage, ProcessInstruction } from '../../model/dockerfile';
import { effectiveProcess, finalStage, rootImage, stageChain, stageOf } from '../../model/dockerfile-image';
import { commandLabel, entryScriptsOf, inlineScriptOf, type InlineScript } from '../../model/entry-script';
import { forwardingProblem, scriptBlocker, serverJobs } from '../../model/script-process';
import { shortPath } from '../../model/server-process';
import type { BackgroundJob, ShellFile } from '../../model/shell';
import { programName } from '../../parse/shell-steps';
import { imageStopSignal } from '../../shutdown/stop-signal';
import type { RelatedLocation } from '../../types';
import { defineRule, type FixSpec, type Rule } from '../rule';
import { imageSignal } from '../shell/entry-script-role';
import { killedPhrase, serversOf } from '../shell/forwarding-report';

export default defineRule({
  meta: {
    id: 'docker/no-init',
    language: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'Finds images that run several processes with nothing to pass the stop signal on to all of them: background jobs before an `exec`, or `sh -c "a & b"` in the Dockerfile.',
    rationale: [
      '`crond & exec nginx` (in an entry script or a `sh -c` CMD) makes `nginx` PID 1 with `crond` as an adopted child.',
      'The stop signal goes to PID 1 only; nothing passes it on to the jobs, and a program that is not an init may',
      'never reap the children it inherits, which stay as zombies (FACTS §8). When PID 1 exits, the kernel kills the',
      'jobs with SIGKILL. tini and dumb-init are inits for this (FACTS §8): they reap every zombie, and `tini -g` (dumb-init',
      'by default) passes the signal to the whole process group, so the jobs get it too. Kubernetes has no `docker run',
      '--init`, so the init has to be in the image.',
      '',
      'Deliberately not reported: an image whose PID 1 already is tini, dumb-init, catatonit, s6-overlay\'s `/init` or',
      'runit; supervisord (it reaps every child, "reaped unknown pid", and stops its programs on TERM: Supervisor/supervisor',
      'supervisor/supervisord.py); a script that traps the signal and waits for its jobs (it passes the signal on, and reaps',
      'its jobs with `wait`); and a script that starts jobs and then waits for them without a trap: an init would not save',
      'it (tini passes the signal to the shell, which dies of it, and "when the first child process exits, Tini exits as',
      'well", taking the jobs with it), so that is `shell/background-without-trap`\'s finding in the script.',
      '',
      'The same holds for commands written in the Dockerfile itself: `CMD ["sh", "-c", "nginx & php-fpm"]` or `CMD a & b; wait`',
      'leaves the shell waiting in the middle, where it ignores the stop signal as PID 1 (FACTS §8) and an init would',
      'only make it die at once. For these the suggestion is a trap-based entry script. A last command in the foreground',
      'is only reported where the shell is Debian\'s dash (a hint where it is unknown): bash and BusyBox ash may replace',
      'themselves with it (FACTS §8), which `docker/shell-form` covers.',
    ].join('\n'),
    facts: ['8'],
    examples: {
      incorrect: [{
        description: 'The entry script starts crond in the background, then execs nginx, which is PID 1 without an init.',
        code: 'FROM nginx:1.27-alpine\nCOPY start.sh /start.sh\nCMD ["/start.sh"]\n',
        otherFiles: [{ filename: 'start.sh', code: '#!/bin/sh\ncrond -f &\nexec nginx -g "daemon off;"\n' }],
      }, {
        description: 'The same in a shell-form CMD.',
        code: 'FROM php:8.3-fpm-alpine\nCMD crond -f & exec php-fpm\n',
      }, {
        description: 'nginx in the background and php-fpm in the foreground under Debian\'s dash: the suggestion writes an entry script that forwards the signal.',
        code: 'FROM php:8.3-fpm\nRUN apt-get update && apt-get install -y nginx\nCMD ["sh", "-c", "nginx -g \'daemon off;\' & php-fpm"]\n',
      }],
      correct: [{
        description: 'tini is PID 1 and signals the whole group.',
        code: 'FROM nginx:1.27-alpine\nRUN apk add --no-cache tini\nCOPY start.sh /start.sh\nENTRYPOINT ["/sbin/tini", "-g", "--"]\nCMD ["/start.sh"]\n',
        otherFiles: [{ filename: 'start.sh', code: '#!/bin/sh\ncrond -f &\nexec nginx -g "daemon off;"\n' }],
      }, {
        description: 'supervisord is a process manager: it reaps its children and stops them.',
        code: 'FROM debian:12\nRUN apt-get update && apt-get install -y supervisor nginx\nCMD ["supervisord", "-n"]\n',
      }],
    },
    fix: {
      description: 'For jobs before an `exec`: suggests installing tini with the base image\'s package manager (`apt-get` on '
        + 'Debian and Ubuntu, `apk` on Alpine) and running the image under `tini -g --`: the ENTRYPOINT gets tini in front, or an '
        + 'ENTRYPOINT is added before the CMD. Nothing is offered where tini is not packaged (the Red Hat family has it only in '
        + 'EPEL), where a non-root USER is set, or where the ENTRYPOINT is in shell form or in an earlier stage. For `sh -c "a & b"`: '
        + 'suggests a new `graceful-entrypoint.sh` next to the Dockerfile with the same commands, one per line, and a trap that '
        + 'passes the signal on and waits, copied to /usr/local/bin and run by the instruction instead.',
      safety: 'unsafe',
      safetyNote: 'It adds a package and changes PID 1; an ENTRYPOINT added to the final stage replaces one the base image may '
        + 'have (official images run a `docker-entrypoint.sh`), so review it. The new script is copied with `COPY --chmod`, '
        + 'which needs BuildKit, and its servers get their graceful signal on stop (QUIT for nginx and php-fpm).',
    },
    references: [
      'https://github.com/krallin/tini#process-group-killing',
      'https://github.com/krallin/tini#understanding-tini',
      'https://github.com/Yelp/dumb-init#session-behavior',
      'https://github.com/Supervisor/supervisor/blob/main/supervisor/supervisord.py',
    ],
  },
  check(ctx) {
    const model = ctx.model;
    const stage = finalStage(model);
    if (!stage) return;
    for (const run of entryScriptsOf(model, ctx.workspace.shellFiles())) {
      if (!run.init) reportExec(ctx, stage, { instruction: run.instruction, script: run.script, name: baseName(run.script.source.uri) });
    }
    const inline = inlineScriptOf(model);
    if (inline && !inline.init && !reportExec(ctx, stage, { instruction: inline.instruction, script: inline.script })) reportInline(ctx, stage, inline);
  },
});

type Context = Parameters<Rule<'dockerfile'>['check']>[0];

/** "`crond` (start.sh line 2) and `nginx` (start.sh line 3)"; without line numbers for an inline script. */
function jobsText(script: ShellFile, jobs: BackgroundJob[], name: string | undefined): string {
  const names = jobs.map((job) => `\`${job.command?.name ? programName(job.command.name) : job.text}\`${where(script, job.start, name)}`);
  return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
}

function where(script: ShellFile, offset: number, name: string | undefined): string {
  return name ? ` (${name} line ${script.source.positionAt(offset).line + 1})` : '';
}

/**
 * Jobs, then `exec main`: main is PID 1 with the jobs as its adopted children. Reports it and
 * returns true; false when the script does not end that way. `name` is the script file's, absent
 * for an inline `sh -c` script.
 */
function reportExec(ctx: Context, stage: DockerStage, candidate: { instruction: ProcessInstruction; script: ShellFile; name?: string }): boolean {
  const { script, name, instruction } = candidate;
  const jobs = serverJobs(script.process);
  const blocker = jobs.length > 0 ? scriptBlocker(script) : undefined;
  if (blocker?.kind !== 'exec') return false;
  const main = blocker.command.name ? programName(blocker.command.name) : undefined;
  // `exec tini -- server` or `exec supervisord`: an init or a process manager takes over.
  if ((main && initOf(main)) || main === 'supervisord') return true;
  const { label, short } = commandLabel(blocker.command, stage, instruction.keyword === 'ENTRYPOINT');
  const runs = name ? `${name}, which the ${instruction.keyword} runs, starts` : `The ${instruction.keyword} starts`;
  const plural = jobs.length > 1;
  const fix = tiniFix(ctx.model, stage);
  ctx.report({
    range: instruction.range,
    message: `${runs} ${jobsText(script, jobs, name)} in the background and then execs ${label}${where(script, blocker.command.start, name)}: ${short} becomes PID 1 `
      + `without an init, so nothing passes the stop signal on to ${plural ? 'those jobs' : 'that job'} or reaps `
      + `${plural ? 'their' : 'its'} zombies, and the kernel SIGKILLs ${plural ? 'them' : 'it'} when ${short} exits. `
      + 'Run the image under an init that signals the whole group (`tini -g`).'
      + (fix ? '' : ` Install tini${stageChain(stage).some(hasNonRootUser) ? ' as root' : ''} and put it in front of the ENTRYPOINT.`),
    suggestions: fix ? [fix] : [],
    related: name ? jobs.map((job): RelatedLocation => ({ uri: script.source.uri, range: job.range, message: `started in the background in ${shortPath(script.source.uri)}` })) : [],
  });
  return true;
}

/**
 * `sh -c 'a & b'` (or `a & b; wait`) in the Dockerfile: the shell waits in the middle and passes
 * nothing on. An init would not save the jobs (the shell dies of the signal and the init exits with
 * it), so the suggestion is a trap-based entry script. A server in the foreground is left to
 * docker/shell-form where the shell may exec it (bash, BusyBox ash) and is a hint where the shell is unknown.
 */
function reportInline(ctx: Context, stage: DockerStage, inline: InlineScript): void {
  const { script, instruction } = inline;
  const jobs = serverJobs(script.process);
  const blocker = jobs.length > 0 ? scriptBlocker(script) : undefined;
  if (!blocker || blocker.kind === 'exec') return;
  const signal = imageSignal(imageStopSignal(ctx.model, stage, ctx.settings.images));
  if (!forwardingProblem(script.process, blocker, signal)) return;
  const flavour = processShell([inline.shell], rootImage(stage)).flavour;
  if (blocker.kind === 'foreground' && (flavour === 'bash' || flavour === 'ash' || flavour === 'none')) return;
  const holds = blocker.kind === 'wait' ? `waits for ${jobs.length > 1 ? 'them' : 'it'}`
    : blocker.kind === 'foreground' ? `runs \`${blocker.command.name ? programName(blocker.command.name) : blocker.command.nameText}\` in the foreground`
      : `keeps itself alive with \`${blocker.keepAlive.text}\``;
  const servers = serversOf(jobs.length + (blocker.kind === 'foreground' ? 1 : 0));
  const existing = ctx.workspace.shellFiles().map((file) => file.source.uri);
  const newFile = inlineScriptFileFix(ctx.model, inline, signal, existing);
  ctx.report({
    range: instruction.range,
    severity: blocker.kind === 'foreground' && flavour === undefined ? 'hint' : undefined,
    message: `The ${instruction.keyword} starts ${jobsText(script, jobs, undefined)} in the background and ${holds} under \`${programName(inline.shell)} -c\`: `
      + `nothing passes ${signal} on, so ${killedPhrase(servers)}. An init in front would not save ${servers.plural ? 'them' : 'it'}: it passes the `
      + 'signal to the shell, which dies of it, and exits with it. Move the commands into an entry script that passes the signal on and waits.',
    suggestions: newFile ? [newFile] : [],
  });
}

function hasNonRootUser(stage: DockerStage): boolean {
  return stage.users.some((user) => !/^(root|0)(:.*)?$/.test(user.name));
}

/**
 * Install tini and run everything under `tini -g --`: in front of an
 * exec-form ENTRYPOINT, or as a new ENTRYPOINT before the CMD. Both have to be in the final stage
 * (a new ENTRYPOINT there would clear a CMD inherited from an earlier stage).
 */
function tiniFix(model: DockerfileModel, stage: DockerStage): FixSpec | undefined {
  const install = tiniInstall(baseImagePackageManager(rootImage(stage)));
  if (!install || stageChain(stage).some(hasNonRootUser)) return undefined;
  const { entrypoint, cmd } = effectiveProcess(stage);
  const target = entrypoint ?? cmd;
  if (!target || stageOf(model, target) !== stage || (entrypoint && entrypoint.form !== 'exec')) return undefined;
  const { source } = model;
  const indent = /^[ \t]*/.exec(source.lineText(target.range.start.line))![0];
  const tini = [install.path, '-g', '--'];
  const json = (argv: string[]) => `[${argv.map((word) => JSON.stringify(word)).join(', ')}]`;
  const run = `${indent}RUN ${install.run}`;
  return {
    title: `Install tini and run the image under \`tini -g\``,
    safety: 'unsafe',
    edits: () => ({
      [source.uri]: entrypoint
        ? [insertLinesBefore(source, source.offsetAt(entrypoint.range.start), [run]), { range: entrypoint.argumentsRange, newText: json([...tini, ...(entrypoint.argv ?? [])]) }]
        : [insertLinesBefore(source, source.offsetAt(target.range.start), [run, `${indent}ENTRYPOINT ${json(tini)}`])],
    }),
  };
}
