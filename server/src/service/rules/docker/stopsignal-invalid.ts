import { likelySignal } from '../../knowledge/signal-spelling';
import { canonicalSignal } from '../../knowledge/signals';
import type { DockerfileModel } from '../../model/dockerfile';
import type { Range } from '../../types';
import { defineRule, type FixSpec, type Report } from '../rule';

export default defineRule({
  meta: {
    id: 'docker/stopsignal-invalid',
    language: 'dockerfile',
    defaultSeverity: 'error',
    summary: 'Finds STOPSIGNAL values that name no signal, or name one without its `SIG` prefix.',
    rationale: [
      'STOPSIGNAL is the signal a container is stopped with (FACTS §5). Docker takes "a signal name in the format',
      '`SIG<NAME>`, for instance `SIGKILL`, or an unsigned number that matches a position in the kernel\'s syscall table,',
      'for instance 9" (Dockerfile reference). Anything else fails the build (`invalid signal: SIGQUITT`), and so does',
      'more than one word ("STOPSIGNAL requires exactly one argument").',
      '',
      'A name without the prefix (`QUIT`, `WINCH`) does build: Docker accepts it and writes it into the image as is. But',
      'the runtime that stops the container on Kubernetes reads it again, and containerd releases whose CRI plugin',
      'parsed it with `containerd.ParseSignal` (`unix.SignalNum`, which knows only `SIG…` names) could not: stopping the',
      'container failed with "failed to parse stop signal". docker-library renamed `STOPSIGNAL WINCH` to `SIGWINCH` in',
      'its php and httpd images for that reason, "which fixes containerd\'s ability to use this value" (FACTS §5,',
      '§12.10). Current containerd accepts both, but the prefixed name works everywhere.',
      '',
      'Numbers from 1 to 64 are valid and left alone; 0 fails the build, and a number above 64 builds but names no Linux',
      'signal, so the stop fails. A value with a variable (`STOPSIGNAL $STOP_SIGNAL`) is only known at build time and',
      'is not checked.',
    ].join('\n'),
    facts: ['5', '12.10'],
    examples: {
      incorrect: [{
        description: 'A typo: `docker build` fails with "invalid signal".',
        code: 'FROM nginx:1.27\nSTOPSIGNAL SIGQUITT\n',
      }, {
        description: 'No `SIG` prefix: older containerd cannot stop the container with it.',
        code: 'FROM php:8.3-apache\nSTOPSIGNAL WINCH\n',
      }],
      correct: [{
        description: 'The prefixed name.',
        code: 'FROM php:8.3-apache\nSTOPSIGNAL SIGWINCH\n',
      }, {
        description: 'A signal number is valid too.',
        code: 'FROM debian:12-slim\nSTOPSIGNAL 3\n',
      }, {
        description: 'A build argument is only known at build time.',
        code: 'FROM debian:12-slim\nARG STOP_SIGNAL=SIGTERM\nSTOPSIGNAL $STOP_SIGNAL\n',
      }],
    },
    fix: {
      description: 'Writes the name with its `SIG` prefix (`QUIT` → `SIGQUIT`). For a name that is no signal, suggests the closest '
        + 'one (`SIGQUITT` → `SIGQUIT`).',
      safety: 'safe',
      safetyNote: 'Adding the prefix names the same signal, so the container stops exactly as written. The closest name to a '
        + 'typo is a guess, and only suggested.',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#stopsignal',
      'https://github.com/moby/sys/blob/main/signal/signal.go',
      'https://github.com/containerd/containerd/blob/main/internal/cri/server/container_stop.go',
      'https://man7.org/linux/man-pages/man7/signal.7.html',
    ],
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      for (const written of stage.stopSignals) {
        const report = check(ctx.model, written.value, written.range);
        if (report) ctx.report(report);
      }
    }
  },
});

const BUILD_FAILS = '`docker build` fails';

function replaceBy(model: DockerfileModel, range: Range, signal: string, title: string, safety: FixSpec['safety']): FixSpec {
  return { title, safety, edits: () => ({ [model.source.uri]: [{ range, newText: signal }] }) };
}

function check(model: DockerfileModel, value: string, range: Range): Report | undefined {
  // `$STOP_SIGNAL`, `"SIGQUIT"`: the builder expands and unquotes these first; what they become is not known here.
  if (/[$"'`\\]/.test(value)) return undefined;
  const words = value.split(/\s+/);
  if (words.length > 1) {
    return {
      range,
      message: `STOPSIGNAL takes exactly one signal, but here it is followed by \`${words.slice(1).join(' ')}\`: ${BUILD_FAILS} `
        + '("STOPSIGNAL requires exactly one argument"). A comment must be on a line of its own.',
    };
  }
  if (/^\d+$/.test(value)) {
    const number = Number(value);
    if (number >= 1 && number <= 64) return undefined;
    return {
      range,
      message: number === 0
        ? `STOPSIGNAL 0 is no signal: ${BUILD_FAILS} ("invalid signal: 0"). Use a signal name such as SIGTERM or SIGQUIT.`
        : `STOPSIGNAL ${value} is no Linux signal (they are numbered 1 to 64): the image builds, but the runtime cannot send it, `
          + 'so stopping the container fails. Use a signal name such as SIGTERM or SIGQUIT.',
    };
  }
  const canonical = canonicalSignal(value);
  if (canonical) {
    if (value.toUpperCase().startsWith('SIG')) return undefined;
    return {
      range,
      severity: 'warning',
      message: `STOPSIGNAL ${value} has no \`SIG\` prefix. Docker accepts it and stores it as written, but containerd releases that `
        + `read it with the prefix required cannot use it, and stopping the container fails. Write ${canonical}.`,
      fix: replaceBy(model, range, canonical, `Write ${canonical}`, 'safe'),
    };
  }
  const likely = likelySignal(value);
  return {
    range,
    message: `STOPSIGNAL ${value} is not a signal name: ${BUILD_FAILS} ("invalid signal: ${value}").`
      + (likely ? ` Did you mean ${likely}?` : ' Use a `SIG` name such as SIGTERM, SIGQUIT or SIGWINCH.'),
    suggestions: likely ? [replaceBy(model, range, likely, `Write ${likely}`, 'unsafe')] : [],
  };
}
