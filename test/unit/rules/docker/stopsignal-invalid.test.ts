import rule from '../../../../server/src/service/rules/docker/stopsignal-invalid';
import { testRule } from '../../../support/rule-tester';

testRule(rule, {
  valid: [
    { name: 'nginx as docker-library writes it', code: 'FROM debian:bookworm-slim\nEXPOSE 80\nSTOPSIGNAL SIGQUIT\nCMD ["nginx", "-g", "daemon off;"]\n' },
    { name: 'php apache as docker-library writes it', code: 'FROM debian:bookworm-slim\nSTOPSIGNAL SIGWINCH\nCMD ["apache2-foreground"]\n' },
    { name: 'haproxy as docker-library writes it', code: 'FROM debian:bookworm-slim\nSTOPSIGNAL SIGUSR1\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["haproxy", "-f", "/usr/local/etc/haproxy/haproxy.cfg"]\n' },
    { name: 'postgres as docker-library writes it', code: 'FROM debian:bookworm-slim\nSTOPSIGNAL SIGINT\nCMD ["postgres"]\n' },
    { name: 'a signal number', code: 'FROM debian:12\nSTOPSIGNAL 3\n' },
    { name: 'the highest real-time signal number', code: 'FROM debian:12\nSTOPSIGNAL 64\n' },
    { name: 'a real-time signal name', code: 'FROM debian:12\nSTOPSIGNAL SIGRTMIN+3\n' },
    { name: 'lower case with the prefix', code: 'FROM debian:12\nSTOPSIGNAL sigterm\n' },
    { name: 'an alias', code: 'FROM debian:12\nSTOPSIGNAL SIGIOT\n' },
    { name: 'a build argument', code: 'FROM debian:12\nARG STOP_SIGNAL=SIGTERM\nSTOPSIGNAL $STOP_SIGNAL\n' },
    { name: 'a build argument with a default', code: 'FROM debian:12\nSTOPSIGNAL ${STOP_SIGNAL:-SIGQUIT}\n' },
    { name: 'quoted, unquoted by the builder', code: 'FROM debian:12\nSTOPSIGNAL "SIGQUIT"\n' },
    { name: 'a multi-stage build with signals in both stages', code: 'FROM nginx:1.27 AS base\nSTOPSIGNAL SIGQUIT\nFROM base\nSTOPSIGNAL SIGQUIT\n' },
    { name: 'a heredoc that mentions STOPSIGNAL', code: 'FROM debian:12\nRUN <<EOF\necho "STOPSIGNAL QUIT" > /notes\nEOF\n' },
    { name: 'empty Dockerfile', code: '' },
    { name: 'half-typed STOPSIGNAL', code: 'FROM debian:12\nSTOPSIGNAL\n' },
    { name: 'half-typed STOPSIGNAL before a good one', code: 'FROM debian:12\nSTOPSIGNAL\nSTOPSIGNAL SIGTERM\n' },
  ],
  invalid: [
    {
      name: 'a typo: suggested, never applied',
      code: 'FROM nginx:1.27\nSTOPSIGNAL SIGQUITT\n           ^^^^^^^^ docker/stopsignal-invalid\n',
      messages: [['SIGQUITT is not a signal name', '`docker build` fails', 'Did you mean SIGQUIT?']],
      severities: ['error'],
      output: null,
      suggestions: [{ title: 'Write SIGQUIT', output: 'FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\n' }],
    },
    {
      name: 'a typo without the prefix',
      code: 'FROM debian:12\nSTOPSIGNAL TERN\n           ^^^^ docker/stopsignal-invalid\n',
      output: null,
      suggestions: [{ title: 'Write SIGTERM', output: 'FROM debian:12\nSTOPSIGNAL SIGTERM\n' }],
    },
    {
      name: 'a name two signals are equally close to: no guess',
      code: 'FROM debian:12\nSTOPSIGNAL SIGUSR3\n           ^^^^^^^ docker/stopsignal-invalid\n',
      messages: [['Use a `SIG` name']],
      output: null,
      suggestions: [],
    },
    {
      name: 'nothing like a signal',
      code: 'FROM debian:12\nSTOPSIGNAL graceful\n           ^^^^^^^^ docker/stopsignal-invalid\n',
      output: null,
      suggestions: [],
    },
    {
      name: 'no SIG prefix',
      code: 'FROM php:8.3-apache\nSTOPSIGNAL WINCH\n           ^^^^^ docker/stopsignal-invalid\n',
      messages: [['WINCH has no `SIG` prefix', 'containerd', 'Write SIGWINCH']],
      severities: ['warning'],
      fixSafety: 'safe',
      output: 'FROM php:8.3-apache\nSTOPSIGNAL SIGWINCH\n',
    },
    {
      name: 'no SIG prefix, lower case',
      code: 'FROM nginx:1.27\nSTOPSIGNAL quit\n           ^^^^ docker/stopsignal-invalid\n',
      output: 'FROM nginx:1.27\nSTOPSIGNAL SIGQUIT\n',
    },
    {
      name: 'a real-time signal without the prefix',
      code: 'FROM debian:12\nSTOPSIGNAL RTMIN+3\n           ^^^^^^^ docker/stopsignal-invalid\n',
      output: 'FROM debian:12\nSTOPSIGNAL SIGRTMIN+3\n',
    },
    {
      name: 'every STOPSIGNAL is checked, not only the last',
      code: 'FROM debian:12 AS base\nSTOPSIGNAL QUIT\n           ^^^^ docker/stopsignal-invalid\nSTOPSIGNAL SIGQUIT\nFROM base\nSTOPSIGNAL TERM\n           ^^^^ docker/stopsignal-invalid\n',
      output: 'FROM debian:12 AS base\nSTOPSIGNAL SIGQUIT\nSTOPSIGNAL SIGQUIT\nFROM base\nSTOPSIGNAL SIGTERM\n',
    },
    {
      name: 'signal 0',
      code: 'FROM debian:12\nSTOPSIGNAL 0\n           ^ docker/stopsignal-invalid\n',
      messages: [['STOPSIGNAL 0 is no signal', '`docker build` fails']],
      output: null,
    },
    {
      name: 'a number beyond the last signal',
      code: 'FROM debian:12\nSTOPSIGNAL 99\n           ^^ docker/stopsignal-invalid\n',
      messages: [['numbered 1 to 64']],
      output: null,
    },
    {
      name: 'a comment after the signal is a second argument',
      code: 'FROM nginx:1.27\nSTOPSIGNAL SIGQUIT # graceful\n           ^^^^^^^^^^^^^^^^^^ docker/stopsignal-invalid\n',
      messages: [['followed by `# graceful`', 'exactly one argument']],
      output: null,
    },
    {
      name: 'CRLF line endings',
      code: 'FROM debian:12\r\nSTOPSIGNAL QUIT\r\n           ^^^^ docker/stopsignal-invalid\n',
      output: 'FROM debian:12\r\nSTOPSIGNAL SIGQUIT\r\n',
    },
  ],
});
