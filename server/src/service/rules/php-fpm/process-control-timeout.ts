import { baseName } from '../../detect';
import { appendToSection, iniLine } from '../../fix/ini';
import { insertLinesAfter, insertLinesBefore } from '../../fix/lines';
import { PHP_FPM_PROCESS_CONTROL_TIMEOUT } from '../../knowledge/drain-timeouts';
import { imageSignalFact } from '../../knowledge/image-signals';
import type { ImageSignalFact } from '../../knowledge/official-images';
import { contextPath, buildContextUri, copyOf } from '../../model/image-files';
import { linkedConfig, phpFpmConfigRoot } from '../../model/config-link';
import type { DockerfileModel, DockerStage } from '../../model/dockerfile';
import { effectiveProcess, finalStage, rootImage, stageChain } from '../../model/dockerfile-image';
import type { ImageBuild } from '../../model/image-source';
import { globalDirective, isGlobal, phpFpmSeconds, type PhpFpmConfigFile, type PhpFpmDirective } from '../../model/php-fpm';
import { instructionArgv, readArgv, serverOf, shortPath } from '../../model/server-process';
import { mapGet, stringMap } from '../../parse/yaml-nodes';
import { configPods, describePodWindow, runsServer, unambiguousPod, type ConfigPod } from '../../shutdown/config-pod';
import { DRAIN_MARGIN_SECONDS } from '../../shutdown/drain';
import { DEFAULT_GRACE_PERIOD_SECONDS } from '../../shutdown/timeline';
import type { TextEdit } from '../../types';
import { defineRule, type RuleContext } from '../rule';

type Context = RuleContext<PhpFpmConfigFile | DockerfileModel>;

const KEY = PHP_FPM_PROCESS_CONTROL_TIMEOUT.key;

export default defineRule<'php-fpm', 'dockerfile'>({
  meta: {
    id: 'php-fpm/process-control-timeout',
    language: 'php-fpm',
    alsoChecks: ['dockerfile'],
    defaultSeverity: 'warning',
    summary: 'Finds php-fpm configurations and images without a `process_control_timeout`, which makes even its graceful SIGQUIT stop cut requests off.',
    rationale: [
      'php-fpm stops gracefully on SIGQUIT (the official `-fpm` images set STOPSIGNAL SIGQUIT, FACTS §6): the master',
      'passes SIGQUIT to its children, which close their listening socket and finish the request they are serving. But',
      'the master waits for them only `process_control_timeout` seconds before it sends SIGTERM, and 1 s later SIGKILL',
      '(php-src fpm_process_ctl.c). The default is **0**: the children get SIGTERM at once and every request in progress',
      'is cut off, however long the pod\'s grace period (FACTS §7). The official images do not set it (FACTS §6). Setting',
      'it is what makes SIGQUIT graceful; uselagoon/lagoon-images#444 traced 502s on every scale-down to it (FACTS §7).',
      '',
      'The rule reads the php-fpm configuration files of the workspace (php-fpm.conf, pool files in php-fpm.d/ or',
      'pool.d/) that belong together (one folder), with a later file winning as php-fpm reads them. When none of them',
      'sets the directive (or sets 0), the finding is in the file that has the `[global]` section. When the workspace',
      'has no php-fpm configuration for an image that runs php-fpm (an official `php:*-fpm` base, or a CMD that runs',
      'it), the finding is in the Dockerfile, unless a RUN of the build writes the directive. `process_control_timeout`',
      'is a global directive: in a pool section php-fpm rejects it as an unknown entry and does not start (php-src',
      'fpm_conf.c, `fpm_conf_ini_parser_entry`), which is an error.',
      '',
      'The value should let requests finish and still end before the kubelet\'s SIGKILL (FACTS §1b, §12.3): when a',
      'workspace manifest runs the image a workspace Dockerfile builds with this configuration, and all such pods agree,',
      'the fix uses the time between the stop signal and SIGKILL minus a 5 s margin; otherwise the default grace period',
      '(30 s, FACTS §1d) minus the margin: 25 s.',
    ].join('\n'),
    facts: ['1b', '1d', '6', '7', '12.3', '12.10'],
    examples: {
      incorrect: [{
        description: 'The pool configuration of an official image, without the directive.',
        filename: 'php/php-fpm.d/www.conf',
        code: '[www]\nuser = www-data\ngroup = www-data\nlisten = 9000\npm = dynamic\npm.max_children = 10\npm.start_servers = 2\npm.min_spare_servers = 1\npm.max_spare_servers = 3\n',
        otherFiles: [{ filename: 'php/Dockerfile', code: 'FROM php:8.3-fpm\nCOPY php-fpm.d/www.conf /usr/local/etc/php-fpm.d/www.conf\n' }],
      }, {
        description: 'An image built on the official php-fpm image, with no php-fpm configuration in the workspace.',
        filename: 'Dockerfile',
        code: 'FROM php:8.3-fpm\nRUN docker-php-ext-install pdo_mysql opcache\nCOPY . /var/www/html\n',
      }],
      correct: [{
        description: 'A `[global]` section that gives the children time to finish.',
        filename: 'php/php-fpm.d/zz-app.conf',
        code: '[global]\nprocess_control_timeout = 20s\n\n[www]\npm.max_children = 10\n',
      }, {
        description: 'The image writes the directive itself.',
        filename: 'Dockerfile',
        code: "FROM php:8.3-fpm\nRUN printf '[global]\\nprocess_control_timeout = 25s\\n' > /usr/local/etc/php-fpm.d/zz-kube-graceful.conf\n",
      }],
    },
    fix: {
      description: 'Sets `process_control_timeout` in the `[global]` section (adding the section when the file has none), or '
        + 'replaces a 0, with a value that fits the pod\'s grace period; moves a directive out of a pool section into '
        + '`[global]`. For an image without configuration in the workspace it suggests a RUN line that writes '
        + '`/usr/local/etc/php-fpm.d/zz-kube-graceful.conf` (official php images only).',
      safety: 'safe',
      safetyNote: 'Children get the time to finish their request instead of none; the value stays within the pod\'s grace '
        + 'period. The Dockerfile line is only suggested: it adds a layer and a file to the image.',
    },
    references: [
      'https://www.php.net/manual/en/install.fpm.configuration.php#process-control-timeout',
      'https://github.com/php/php-src/blob/master/sapi/fpm/fpm/fpm_process_ctl.c',
      'https://github.com/php/php-src/blob/master/sapi/fpm/fpm/fpm_conf.c',
      'https://github.com/docker-library/php/blob/master/Dockerfile-linux.template',
      'https://github.com/uselagoon/lagoon-images/issues/444',
    ],
  },
  check(ctx) {
    if (ctx.model.language === 'php-fpm') checkConfig(ctx, ctx.model);
    else checkDockerfile(ctx, ctx.model);
  },
});

/** A workspace Dockerfile builds the image with this configuration: it COPYs one of its files, or holds them in its build context. */
function configBuilds(ctx: Context, group: PhpFpmConfigFile[]): ImageBuild[] {
  const builds: ImageBuild[] = [];
  for (const dockerfile of ctx.workspace.dockerfiles()) {
    const stage = finalStage(dockerfile);
    if (!stage) continue;
    const build: ImageBuild = { dockerfile, stage, reason: shortPath(dockerfile.source.uri) };
    const copied = group.some((file) => copyOf(dockerfile, file.source.uri) !== undefined);
    const inContext = linkedConfig(ctx.workspace.phpFpmConfigs(), phpFpmConfigRoot, build)?.files.includes(group[0]) ?? false;
    if (copied || inContext) builds.push(build);
  }
  return builds;
}

/** A RUN of the image's build that writes the directive (`echo 'process_control_timeout = 20' >> …`, `sed -i …`). */
function buildWritesIt(stage: DockerStage): boolean {
  return stageChain(stage).some((current) => current.runs.some((run) => (run.script ?? run.argv?.join(' ') ?? '').includes(KEY)));
}

/** A ConfigMap of the workspace that holds the directive: php-fpm configuration mounted into the pod instead of built in. */
function configMapSetsIt(ctx: Context): boolean {
  return ctx.workspace.kubernetesFiles().some((file) => file.objects.some((object) => object.kind === 'ConfigMap'
    && Object.values(stringMap({ document: object.yaml.document }, mapGet({ document: object.yaml.document }, object.node, 'data'))).some((value) => value.includes(KEY))));
}

/** The value that fits, and what it is sized by. */
interface Sizing {
  seconds: number;
  /** For messages: "25s fits: the pod of Deployment `shop` (…) …". */
  clause: string;
}

/**
 * The value that fits: the pod's stop window minus the margin (FACTS §12.3), else the default grace
 * period minus the margin (FACTS §1d). A pod whose preStop hook leaves no more than the margin has
 * a grace period to fix first (k8s/grace-period-too-short); its window sizes nothing.
 */
function sizing(pod: ConfigPod | undefined): Sizing {
  if (pod && pod.shutdown.stopWindow > DRAIN_MARGIN_SECONDS) {
    const seconds = Math.floor(pod.shutdown.stopWindow - DRAIN_MARGIN_SECONDS);
    return { seconds, clause: ` ${seconds}s fits: ${describePodWindow(pod)}.` };
  }
  const seconds = DEFAULT_GRACE_PERIOD_SECONDS - DRAIN_MARGIN_SECONDS;
  return {
    seconds,
    clause: ` ${seconds}s fits the default grace period of ${DEFAULT_GRACE_PERIOD_SECONDS} s with a ${DRAIN_MARGIN_SECONDS} s margin`
      + (pod ? ` (${describePodWindow(pod)}: that grace period needs raising first).` : '.'),
  };
}

const consequence = 'on SIGQUIT (php-fpm\'s graceful stop, the STOPSIGNAL of the official images) the master sends its children SIGTERM at once, '
  + 'and every request in progress is cut off (FACTS §6, §7).';

function checkConfig(ctx: Context, file: PhpFpmConfigFile): void {
  const root = phpFpmConfigRoot(file.source.uri);
  const group = ctx.workspace.phpFpmConfigs().filter((candidate) => phpFpmConfigRoot(candidate.source.uri) === root);
  const builds = configBuilds(ctx, group);
  const { seconds, clause } = sizing(unambiguousPod(configPods(ctx, (build) => builds.some((candidate) => candidate.dockerfile === build.dockerfile))
    .filter((candidate) => runsServer(candidate, 'php-fpm'))));
  const misplaced = file.directives.filter((directive) => directive.key.toLowerCase() === KEY && !isGlobal(directive));
  for (const directive of misplaced) reportMisplaced(ctx, file, directive, group);
  const found = globalDirective(group, KEY);
  if (found) {
    if (found.file !== file || phpFpmSeconds(found.directive.value) !== 0) return;
    ctx.report({
      range: found.directive.valueRange,
      message: `\`${KEY}\` is ${found.directive.value}: ${consequence}${clause}`,
      fix: { title: `Set ${KEY} = ${seconds}s`, safety: 'safe', edits: () => ({ [file.source.uri]: [{ range: found.directive.valueRange, newText: `${seconds}s` }] }) },
    });
    return;
  }
  if (misplaced.length > 0 || mainFile(group) !== file || builds.some((build) => buildWritesIt(build.stage)) || configMapSetsIt(ctx)) return;
  const official = builds.some((build) => officialPhpFpm(imageSignalFact(rootImage(build.stage), ctx.settings.images)));
  const global = file.sections.find((section) => section.name.toLowerCase() === 'global');
  ctx.report({
    range: global?.headerRange ?? file.sections[0]?.headerRange ?? file.directives[0]?.keyRange ?? file.source.rangeOf(0, 0),
    message: `No php-fpm configuration here sets \`${KEY}\`${official ? ' (nor does the official php image)' : ''}, so it is 0: ${consequence}`
      + clause,
    fix: { title: `Add ${KEY} = ${seconds}s to [global]`, safety: 'safe', edits: () => ({ [file.source.uri]: [addGlobal(file, `${seconds}s`)] }) },
  });
}

/** The file of a configuration that gets its global settings: php-fpm.conf, else one with a `[global]` section, else the first by name. */
function mainFile(group: PhpFpmConfigFile[]): PhpFpmConfigFile | undefined {
  const byName = [...group].sort((a, b) => baseName(a.source.uri).localeCompare(baseName(b.source.uri)));
  return byName.find((file) => baseName(file.source.uri) === 'php-fpm.conf')
    ?? byName.find((file) => file.sections.some((section) => section.name.toLowerCase() === 'global'))
    ?? byName[0];
}

/** `process_control_timeout = value` at the end of the `[global]` section, or a new `[global]` section at the end of the file. */
function addGlobal(file: PhpFpmConfigFile, value: string): TextEdit {
  const { source } = file;
  const global = file.sections.find((section) => section.name.toLowerCase() === 'global');
  if (global) {
    const neighbours = file.directives.filter((directive) => directive.section === global.name);
    return appendToSection(source, global.lastLineEnd, iniLine(source, neighbours, KEY, value, ' = '));
  }
  const line = iniLine(source, file.directives, KEY, value, ' = ').trimStart();
  if (file.sections.length === 0) {
    // php-fpm.conf without headers: everything in it is global.
    return file.directives.length > 0 ? insertLinesAfter(source, source.offsetAt(file.directives[file.directives.length - 1].valueRange.end), [line])
      : insertLinesBefore(source, source.text.length, [line]);
  }
  return insertLinesAfter(source, source.text.length, ['', '[global]', line]);
}

function reportMisplaced(ctx: Context, file: PhpFpmConfigFile, directive: PhpFpmDirective, group: PhpFpmConfigFile[]): void {
  const { source } = file;
  const line = source.positionAt(source.offsetAt(directive.keyRange.start)).line;
  const lineRange = { start: { line, character: 0 }, end: { line: line + 1, character: 0 } };
  const elsewhere = globalDirective(group, KEY);
  const edits: TextEdit[] = [{ range: lineRange, newText: '' }];
  if (!elsewhere) edits.push(addGlobal(file, directive.value));
  ctx.report({
    range: directive.keyRange,
    severity: 'error',
    message: `\`${KEY}\` is a global directive, but it is in pool \`[${directive.section}]\`: php-fpm rejects it as an unknown entry there and `
      + 'does not start. Move it to `[global]`.',
    fix: { title: `Move ${KEY} to [global]`, safety: 'safe', edits: () => ({ [source.uri]: edits }) },
  });
}

/** An official php-fpm image, known to set no `process_control_timeout` (FACTS §6); a php-fpm image of the user's own may set it. */
function officialPhpFpm(fact: ImageSignalFact | undefined): boolean {
  return fact?.official === true && fact.runs === 'php-fpm';
}

/**
 * Whether the image runs php-fpm: its process is php-fpm, or its CMD is when an entry script runs
 * first (official entrypoints end with `exec "$@"`, FACTS §6), or supervisord runs it from a
 * configuration this Dockerfile copies.
 */
function runsPhpFpm(ctx: Context, build: ImageBuild): boolean {
  const recognised = serverOf(undefined, build, ctx.settings.images);
  const cmd = effectiveProcess(build.stage).cmd;
  const cmdReading = cmd && readArgv(instructionArgv(build.stage, cmd), rootImage(build.stage));
  if (cmdReading && cmdReading.kind === 'server' && cmdReading.server.id === 'php-fpm') return true;
  if (recognised?.server.id === 'php-fpm') return recognised.confidence === 'certain';
  if (recognised?.server.id !== 'supervisord') return false;
  return ctx.workspace.supervisordConfigs().some((conf) => copyOf(build.dockerfile, conf.source.uri)
    && conf.programs.some((program) => {
      const argv = program.command?.words.map((word) => word.text ?? word.raw) ?? [];
      const reading = readArgv(argv, rootImage(build.stage));
      return reading.kind === 'server' && reading.server.id === 'php-fpm';
    }));
}

function checkDockerfile(ctx: Context, dockerfile: DockerfileModel): void {
  const stage = finalStage(dockerfile);
  if (!stage) return;
  const build: ImageBuild = { dockerfile, stage, reason: shortPath(dockerfile.source.uri) };
  if (!runsPhpFpm(ctx, build) || buildWritesIt(stage) || configMapSetsIt(ctx)) return;
  // php-fpm configuration in the build context or copied in: the finding belongs there.
  const context = buildContextUri(dockerfile);
  if (ctx.workspace.phpFpmConfigs().some((file) => contextPath(context, file.source.uri) !== undefined || copyOf(dockerfile, file.source.uri))) return;
  const base = rootImage(stage);
  const fact = imageSignalFact(base, ctx.settings.images);
  const official = officialPhpFpm(fact);
  // A php-fpm base of the user's own: say where that is written.
  const per = fact && !fact.official && fact.runs === 'php-fpm' ? ` (per ${fact.source})` : '';
  const { seconds, clause } = sizing(unambiguousPod(configPods(ctx, (candidate) => candidate.dockerfile === dockerfile)
    .filter((candidate) => runsServer(candidate, 'php-fpm'))));
  const run = `RUN printf '[global]\\n${KEY} = ${seconds}s\\n' > /usr/local/etc/php-fpm.d/zz-kube-graceful.conf`;
  const process = stage.processInstructions[0];
  const edit = process ? insertLinesBefore(dockerfile.source, dockerfile.source.offsetAt(process.range.start), [run])
    : insertLinesAfter(dockerfile.source, dockerfile.source.offsetAt(stage.lastInstructionRange.end), [run]);
  ctx.report({
    range: stage.fromRange,
    // A base image of our own may bring a configuration we cannot see.
    severity: official ? undefined : 'info',
    message: `The image runs php-fpm ${official ? `from \`${base}\`, which does not set \`${KEY}\`` : `on \`${base}\`${per}, and nothing in the workspace sets \`${KEY}\``}, `
      + `so it is 0: ${consequence}${clause}`
      + (official ? '' : ` (Unless \`${base}\` sets it.)`),
    suggestions: official ? [{ title: `Write ${KEY} = ${seconds}s to php-fpm.d/zz-kube-graceful.conf`, safety: 'unsafe', edits: () => ({ [dockerfile.source.uri]: [edit] }) }] : [],
  });
}
