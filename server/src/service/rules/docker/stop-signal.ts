import { setStopSignalEdit } from '../../fix/dockerfile';
import { signalBehaviour } from '../../knowledge/servers';
import { isWindowsImage } from '../../knowledge/windows-images';
import type { DockerfileModel, DockerStage } from '../../model/dockerfile';
import { effectiveProcess, finalStage, rootImage, stageChain } from '../../model/dockerfile-image';
import { deliveredSignal, serverOf, shortPath, type RecognisedServer } from '../../model/server-process';
import { gracefulRemedy, mismatchCertain, newerTagNote, signalMismatch } from '../../shutdown/server-signal';
import { imageStopSignal, type EffectiveStopSignal } from '../../shutdown/stop-signal';
import type { Range, RelatedLocation } from '../../types';
import { defineRule, type FixSpec, type RuleContext } from '../rule';

export default defineRule({
  meta: {
    id: 'docker/stop-signal',
    language: 'dockerfile',
    defaultSeverity: 'warning',
    summary: 'Finds images whose server stops gracefully only on a signal other than the image\'s STOPSIGNAL.',
    rationale: [
      'A container is stopped with its image\'s STOPSIGNAL, or SIGTERM when the image sets none (FACTS §5): Docker, containerd',
      'and CRI-O all read it from the image. Several servers treat SIGTERM as a *fast* shutdown and stop gracefully only on',
      'another signal (FACTS §7): nginx and php-fpm on SIGQUIT, Apache httpd on SIGWINCH, HAProxy on SIGUSR1, unicorn on',
      'SIGQUIT; uWSGI 2.0 reloads on SIGTERM instead of exiting. Given SIGTERM they drop open connections and cut requests',
      'in progress, on every rolling update. The reverse holds too: gunicorn, Puma or Celery given SIGQUIT stop at once.',
      '',
      'The server is recognised from the final image\'s CMD/ENTRYPOINT (through tini, dumb-init, gosu and `sh -c`), else',
      'from the packages its stages install (`apt-get install nginx`, `apk add php82-fpm`), else from its official base',
      'image; only the final stage and the stages it is built FROM count. The signal is the STOPSIGNAL of those stages,',
      'else the base image\'s, read from a table of official images with the versions since which they set it (FACTS §6):',
      'the official nginx (1.19.5+), php `-fpm`/`-apache`, httpd and haproxy images already set the right one and are',
      'only reported when something overrides it, such as `STOPSIGNAL SIGTERM`. When the server or the signal is only',
      'likely (a script as CMD, a base image the table does not know, an nginx tag whose signal depends on the digest)',
      'the finding is a hint. A server that only some options make graceful (uWSGI) is reported without a fix; Envoy,',
      'which no signal drains, and Windows images are left alone. A misspelt or unprefixed STOPSIGNAL is',
      '`docker/stopsignal-invalid`\'s; the same problem seen from a Kubernetes manifest is `k8s/stop-signal`\'s.',
    ].join('\n'),
    facts: ['5', '6', '7', '8', '12.10', '12.11'],
    examples: {
      incorrect: [{
        description: 'nginx installed on Debian, which sets no STOPSIGNAL: nginx gets SIGTERM, its fast shutdown.',
        code: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends nginx && rm -rf /var/lib/apt/lists/*\nCMD ["nginx", "-g", "daemon off;"]\n',
      }, {
        description: 'The official php-fpm image stops with SIGQUIT; this override makes every stop immediate.',
        code: 'FROM php:8.3-fpm\nCOPY . /var/www/html\nSTOPSIGNAL SIGTERM\n',
      }],
      correct: [{
        description: 'The official nginx image sets STOPSIGNAL SIGQUIT itself.',
        code: 'FROM nginx:1.27-alpine\nCOPY dist /usr/share/nginx/html\n',
      }, {
        description: 'A STOPSIGNAL that matches the server.',
        code: 'FROM alpine:3.20\nRUN apk add --no-cache php82-fpm\nSTOPSIGNAL SIGQUIT\nCMD ["php-fpm82", "-F"]\n',
      }, {
        description: 'gunicorn stops gracefully on SIGTERM, the default.',
        code: 'FROM python:3.12-slim\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n',
      }],
    },
    fix: {
      description: 'Adds `STOPSIGNAL <the server\'s graceful signal>` to the final stage, before its CMD/ENTRYPOINT (or replaces the '
        + 'STOPSIGNAL that sets the wrong one).',
      safety: 'safe',
      safetyNote: 'Adding STOPSIGNAL only makes the stop graceful: the server finishes what it has in flight, which may take up to '
        + 'the grace period. It is unsafe when it replaces a STOPSIGNAL someone wrote (they may have wanted the fast stop) and '
        + 'when the server is only likely (installed, but started by a script we cannot read) or runs with an option that '
        + 'changes its signals.',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#stopsignal',
      'https://nginx.org/en/docs/control.html',
      'https://github.com/nginxinc/docker-nginx/pull/457',
      'https://httpd.apache.org/docs/2.4/stopping.html#gracefulstop',
      'https://github.com/docker-library/php/pull/816',
    ],
  },
  check(ctx) {
    const stage = finalStage(ctx.model);
    // Windows containers are not stopped with POSIX signals.
    if (!stage || isWindowsImage(rootImage(stage))) return;
    const recognised = serverOf(undefined, { dockerfile: ctx.model, stage, reason: shortPath(ctx.model.source.uri) }, ctx.settings.images);
    if (!recognised) return;
    const behaviour = signalBehaviour(recognised.server, recognised.argv);
    // Its options decide and we cannot see them (uWSGI with an ini file); or no signal drains it (Envoy): nothing a STOPSIGNAL fixes.
    if (!behaviour || (behaviour.graceful.length === 0 && !recognised.server.options)) return;
    const signal = imageStopSignal(ctx.model, stage, ctx.settings.images);
    // A STOPSIGNAL someone chose for a program we only guess is the server (`CMD ["/start.sh"]`) is theirs to choose.
    if (signal.origin.kind === 'dockerfile' && recognised.confidence !== 'certain') return;
    const { server } = recognised;
    const delivered = deliveredSignal(signal.name, recognised.rewrites);
    const reason = `${capitalise(recognised.reason)}.`;

    if (recognised.shellParent && behaviour.graceful.includes(delivered)) {
      // The signal is right but goes to a shell. In shell form that is docker/shell-form's finding.
      const { entrypoint, cmd } = effectiveProcess(stage);
      if ((entrypoint ?? cmd)?.form === 'shell') return;
      ctx.report({
        range: findingRange(ctx.model, stage, recognised, signal),
        severity: 'hint',
        message: `\`${recognised.shellParent}\` runs ${server.name} without \`exec\`: the stop signal ${signal.name} goes to \`${recognised.shellParent}\`, `
          + `which does not pass it on, and ${server.name} is SIGKILLed at the end of the grace period. ${reason} Put \`exec\` before ${server.name} so that it gets ${signal.name}.`,
      });
      return;
    }

    const mismatch = signalMismatch(behaviour, recognised, signal);
    if (!mismatch) return;
    const sure = mismatchCertain(behaviour, recognised, signal, mismatch);
    const fact = signal.origin.kind === 'image' ? signal.origin.fact : undefined;
    const rewritten = mismatch.signal === signal.name ? '' : `, which an init rewrites to ${mismatch.signal}`;
    const how = mismatch.viaDigest && fact ? `The image's stop signal depends on the digest of \`${fact.image}\`: ${fact.note}.`
      : `The image's stop signal is ${signal.description}${rewritten}.`;
    const viaShell = recognised.shellParent
      ? ` Also, \`${recognised.shellParent}\` runs ${server.name} without \`exec\`, so for now no signal reaches it at all: put \`exec\` before it.` : '';
    ctx.report({
      range: findingRange(ctx.model, stage, recognised, signal),
      severity: sure ? undefined : 'hint',
      message: `${server.name} gets ${mismatch.signal} (${mismatch.effect.name}): ${mismatch.effect.consequence}. ${reason} ${how} `
        + `${gracefulRemedy(server, behaviour)}${newerTagNote(signal, behaviour)}${viaShell}`,
      related: relatedLocations(ctx.model, stage, recognised, signal),
      fix: stopSignalFix(ctx, stage, recognised, signal, behaviour.graceful[0], behaviour.option !== undefined),
    });
  },
});

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** The stage at the root of the final stage's FROM chain: its FROM names the base image. */
function rootStage(stage: DockerStage): DockerStage {
  const chain = stageChain(stage);
  return chain[chain.length - 1];
}

/** The STOPSIGNAL that sets the wrong signal, else where the server is started or installed, else the FROM of the base image that runs it. */
function findingRange(model: DockerfileModel, stage: DockerStage, recognised: RecognisedServer, signal: EffectiveStopSignal): Range {
  if (signal.origin.kind === 'dockerfile') return signal.origin.range;
  if (recognised.location?.uri === model.source.uri) return recognised.location.range;
  return rootStage(stage).fromRange;
}

function relatedLocations(model: DockerfileModel, stage: DockerStage, recognised: RecognisedServer, signal: EffectiveStopSignal): RelatedLocation[] {
  const related: RelatedLocation[] = [];
  if (signal.origin.kind === 'dockerfile' && recognised.location) {
    related.push({ ...recognised.location, message: `${recognised.server.name} is started or installed here` });
  } else if (signal.origin.kind !== 'dockerfile' && recognised.location) {
    const base = rootStage(stage);
    related.push({ uri: model.source.uri, range: base.fromRange, message: `the image is built FROM \`${base.base}\`, without a STOPSIGNAL of its own` });
  }
  return related;
}

type Context = RuleContext<DockerfileModel>;

function stopSignalFix(
  ctx: Context, stage: DockerStage, recognised: RecognisedServer, signal: EffectiveStopSignal, target: string | undefined, optionDecides: boolean,
): FixSpec | undefined {
  // No signal is graceful without an option (uWSGI), or an init rewrites signals on the way: no STOPSIGNAL to write.
  if (!target || recognised.rewrites.size > 0) return undefined;
  const explicit = signal.origin.kind === 'dockerfile';
  // An explicit STOPSIGNAL is replaced where it is written, even in an earlier stage; otherwise the final stage gets one.
  const edit = setStopSignalEdit(ctx.model, signal.origin.kind === 'dockerfile' ? signal.origin.stage : stage, target);
  return {
    title: `${explicit ? 'Set' : 'Add'} STOPSIGNAL ${target}`,
    safety: explicit || recognised.confidence !== 'certain' || optionDecides ? 'unsafe' : 'safe',
    edits: () => ({ [ctx.model.source.uri]: [edit] }),
  };
}
