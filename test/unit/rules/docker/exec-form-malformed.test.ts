import * as assert from 'assert';
import rule from '../../../../server/src/service/rules/docker/exec-form-malformed';
import shellForm from '../../../../server/src/service/rules/docker/shell-form';
import { lint, testRule } from '../../../support/rule-tester';

/** docker-library/nginx's mainline Debian Dockerfile, its tail as published. */
const officialNginx = [
  'FROM debian:bookworm-slim',
  'ENV NGINX_VERSION=1.27.3',
  'RUN set -x \\',
  '    && apt-get update \\',
  '    && apt-get install --no-install-recommends --no-install-suggests -y nginx=${NGINX_VERSION}-1~bookworm \\',
  '    && rm -rf /var/lib/apt/lists/*',
  'COPY docker-entrypoint.sh /',
  'ENTRYPOINT ["/docker-entrypoint.sh"]',
  'EXPOSE 80',
  'STOPSIGNAL SIGQUIT',
  'CMD ["nginx", "-g", "daemon off;"]',
  '',
].join('\n');

const windows = 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\n';

testRule(rule, {
  valid: [
    { name: 'the official nginx image\'s own Dockerfile', code: officialNginx },
    { name: 'php-fpm as docker-library writes it', code: 'FROM debian:bookworm-slim\nENTRYPOINT ["docker-php-entrypoint"]\nWORKDIR /var/www/html\nSTOPSIGNAL SIGQUIT\nEXPOSE 9000\nCMD ["php-fpm"]\n' },
    { name: 'an argument with spaces after the program', code: 'FROM nginx:1.27\nCMD ["sh", "-c", "envsubst < /t > /etc/nginx/conf.d/default.conf && exec nginx -g \'daemon off;\'"]\n' },
    { name: 'a CMD that is the script of a sh -c ENTRYPOINT', code: 'FROM alpine:3.20\nENTRYPOINT ["/bin/sh", "-c"]\nCMD ["exec crond -f -l 2"]\n' },
    { name: 'a CMD with spaces under a shell-form ENTRYPOINT never runs', code: 'FROM debian:12\nENTRYPOINT exec /app/server\nCMD [\'--verbose\']\n' },
    { name: 'shell form that starts with a test bracket', code: 'FROM debian:12-slim\nCMD [ -f /app/.env ] && . /app/.env; exec /app/server\n' },
    { name: 'a whole CMD that is a test', code: 'FROM debian:12-slim\nCMD [ -n "$DEBUG" ]\n' },
    { name: 'plain shell form is docker/shell-form\'s', code: 'FROM debian:12\nCMD node app.js\n' },
    { name: 'an empty exec form', code: 'FROM debian:12\nCMD []\n' },
    { name: 'a Windows path with spaces, its backslashes escaped', code: `${windows}CMD ["C:\\\\Program Files\\\\app\\\\app.exe", "--port", "80"]\n` },
    { name: 'a Windows image with a PowerShell SHELL', code: `${windows}SHELL ["powershell", "-Command"]\nCMD ["C:\\\\Program Files\\\\app\\\\app.exe"]\n` },
    { name: 'a heredoc whose body looks like a CMD', code: 'FROM debian:12\nRUN <<EOF\necho "CMD [\'x\']" > /notes\nEOF\nCMD ["/app/server"]\n' },
    { name: 'exec form across continuation lines', code: 'FROM node:20\nCMD ["node", \\\n     "--enable-source-maps", \\\n     "dist/server.js"]\n' },
    { name: 'an ARG-templated base', code: 'ARG BASE=node:20-slim\nFROM ${BASE}\nCMD ["node", "app.js"]\n' },
    { name: 'empty Dockerfile', code: '' },
    { name: 'half-typed CMD', code: 'FROM debian:12\nCMD\n' },
    { name: 'half-typed bracket', code: 'FROM debian:12\nCMD [\n' },
    { name: 'half-typed first item', code: 'FROM debian:12\nCMD ["no\n' },
    { name: 'half-typed after a comma', code: 'FROM debian:12\nENTRYPOINT ["node",\n' },
    { name: 'instructions before FROM', code: 'CMD [\'x\']\nFROM debian:12\n' },
  ],
  invalid: [
    {
      name: 'what may be one path with spaces is only a hint, and its split only a suggestion',
      code: 'FROM debian:12\nCMD ["/opt/My App/run"]\n    ^^^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n',
      severities: ['hint'],
      output: null,
      suggestions: [{ title: 'Split "/opt/My App/run" into 2 words', output: 'FROM debian:12\nCMD ["/opt/My", "App/run"]\n' }],
    },
    {
      name: 'single quotes',
      code: "FROM node:20-slim\nCMD ['node', 'app.js']\n    ^^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n",
      messages: [['single quotes', 'shell form', '`/bin/sh -c "[\'node\', \'app.js\']"`', 'instead of running `node`', '`["node", "app.js"]`']],
      severities: ['error'],
      fixSafety: 'safe',
      output: 'FROM node:20-slim\nCMD ["node", "app.js"]\n',
    },
    {
      name: 'single quotes without spaces',
      code: "FROM node:20-slim\nENTRYPOINT ['node','app.js']\n           ^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n",
      output: 'FROM node:20-slim\nENTRYPOINT ["node", "app.js"]\n',
    },
    {
      name: 'a trailing comma',
      code: 'FROM node:20-slim\nCMD ["node", "app.js",]\n    ^^^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n',
      messages: [['a comma with no item after it']],
      output: 'FROM node:20-slim\nCMD ["node", "app.js"]\n',
    },
    {
      name: 'words without quotes',
      code: 'FROM python:3.12-slim\nCMD [python, -m, http.server]\n    ^^^^^^^^^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n',
      messages: [['an item without quotes']],
      output: 'FROM python:3.12-slim\nCMD ["python", "-m", "http.server"]\n',
    },
    {
      name: 'a number',
      code: 'FROM debian:12\nCMD ["sleep", 3600]\n    ^^^^^^^^^^^^^^^ docker/exec-form-malformed\n',
      messages: [['a number or boolean']],
      output: 'FROM debian:12\nCMD ["sleep", "3600"]\n',
    },
    {
      name: 'a missing comma',
      code: 'FROM node:20\nCMD ["node" "app.js"]\n    ^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n',
      messages: [['without a comma']],
      output: 'FROM node:20\nCMD ["node", "app.js"]\n',
    },
    {
      name: 'typographic quotes pasted from a web page',
      code: 'FROM node:20\nCMD [“node”, “app.js”]\n    ^^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n',
      messages: [['typographic quotes']],
      output: 'FROM node:20\nCMD ["node", "app.js"]\n',
    },
    {
      name: 'no closing bracket',
      code: 'FROM node:20\nCMD ["node", "app.js"\n    ^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n',
      messages: [['no closing `]`']],
      output: 'FROM node:20\nCMD ["node", "app.js"]\n',
    },
    {
      name: 'a Windows path with single backslashes',
      code: `${windows}CMD ["C:\\app\\run.exe", "--port", "80"]\n    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n`,
      messages: [['a lone backslash', '`cmd /S /C']],
      output: `${windows}CMD ["C:\\\\app\\\\run.exe", "--port", "80"]\n`,
    },
    {
      name: 'a variable: exec form would not expand it, so only a suggestion',
      code: "FROM node:20\nCMD ['node', '$APP_MAIN']\n    ^^^^^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n",
      messages: [['expands no variables']],
      output: null,
      suggestions: [{ title: 'Write it as a JSON array: ["node", "$APP_MAIN"]', output: 'FROM node:20\nCMD ["node", "$APP_MAIN"]\n' }],
    },
    {
      name: 'single quotes and a command line in one item: both fixed at once',
      code: "FROM node:20\nCMD ['npm start']\n    ^^^^^^^^^^^^^ docker/exec-form-malformed\n",
      messages: [['single quotes', 'also holds a whole command line']],
      output: 'FROM node:20\nCMD ["npm", "start"]\n',
    },
    {
      name: 'continuation lines are rewritten as one',
      code: "FROM node:20\nCMD ['node', \\\n    ^^^^^^^^^^ docker/exec-form-malformed\n     'app.js']\n",
      output: 'FROM node:20\nCMD ["node", "app.js"]\n',
    },
    {
      name: 'a comment line inside the instruction: no rewrite',
      code: "FROM node:20\nCMD ['node', \\\n    ^^^^^^^^^^ docker/exec-form-malformed\n# the entry point\n     'app.js']\n",
      output: null,
      suggestions: [],
    },
    {
      name: 'a broken CMD in a build stage is broken too',
      code: "FROM node:20 AS test\nCMD ['npm', 'test']\n    ^^^^^^^^^^^^^^^ docker/exec-form-malformed\nFROM node:20-slim\nCMD [\"node\", \"app.js\"]\n",
      output: 'FROM node:20 AS test\nCMD ["npm", "test"]\nFROM node:20-slim\nCMD ["node", "app.js"]\n',
    },
    {
      name: 'a SHELL in force is named',
      code: "FROM debian:12\nSHELL [\"/bin/bash\", \"-o\", \"pipefail\", \"-c\"]\nCMD ['./server']\n    ^^^^^^^^^^^^ docker/exec-form-malformed\n",
      messages: [['`/bin/bash -o pipefail -c "[\'./server\']"`']],
      output: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ["./server"]\n',
    },
    {
      name: 'one item with spaces',
      code: 'FROM debian:12-slim\nCMD ["/bin/ping localhost"]\n    ^^^^^^^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n',
      messages: [['"/bin/ping localhost"', 'executable file not found in $PATH', 'exits at once']],
      severities: ['error'],
      fixSafety: 'safe',
      output: 'FROM debian:12-slim\nCMD ["/bin/ping", "localhost"]\n',
    },
    {
      name: 'an ENTRYPOINT with its options in the first item, and more items after it',
      code: 'FROM python:3.12-slim\nENTRYPOINT ["gunicorn --bind 0.0.0.0:8000", "app:app"]\n           ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n',
      output: 'FROM python:3.12-slim\nENTRYPOINT ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n',
    },
    {
      name: 'a sh -c line keeps its script as one word',
      code: 'FROM nginx:1.27\nCMD ["/bin/sh -c \'nginx -g \\"daemon off;\\"\'"]\n    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n',
      output: 'FROM nginx:1.27\nCMD ["/bin/sh", "-c", "nginx -g \\"daemon off;\\""]\n',
    },
    {
      name: 'a line that needs a shell: sh -c is only suggested',
      code: 'FROM node:20\nCMD ["npm run migrate && npm start"]\n    ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/exec-form-malformed\n',
      messages: [['shell syntax']],
      output: null,
      suggestions: [{ title: 'Run it with `/bin/sh -c`', output: 'FROM node:20\nCMD ["/bin/sh", "-c", "npm run migrate && npm start"]\n' }],
    },
    {
      name: 'under an entry script the CMD is only passed on: a hint, the split unsafe',
      code: 'FROM node:20\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node app.js"]\n    ^^^^^^^^^^^^^^^ docker/exec-form-malformed\n',
      messages: [['ENTRYPOINT `docker-entrypoint.sh`', 'exec "$@"']],
      severities: ['hint'],
      fixSafety: 'unsafe',
      output: 'FROM node:20\nENTRYPOINT ["docker-entrypoint.sh"]\nCMD ["node", "app.js"]\n',
    },
  ],
});

describe('docker/exec-form-malformed and docker/shell-form', () => {
  const cases: [string, string, string][] = [
    ['single quotes', "FROM node:20\nCMD ['node', 'app.js']\n", 'docker/exec-form-malformed'],
    ['a trailing comma', 'FROM node:20\nCMD ["node", "app.js",]\n', 'docker/exec-form-malformed'],
    ['a test bracket', 'FROM debian:12\nCMD [ -f /app/.env ] && exec /app/server --env /app/.env\n', ''],
    ['a test bracket without exec', 'FROM debian:12\nCMD [ -f /app/.env ] && /app/server\n', 'docker/shell-form'],
    ['plain shell form', 'FROM debian:12\nCMD /app/server\n', 'docker/shell-form'],
  ];
  for (const [name, code, reporter] of cases) {
    it(`${name}: reported by ${reporter || 'neither'} only`, () => {
      const reporters = [rule, shellForm].filter((candidate) => lint(candidate, code).findings.length > 0).map((candidate) => candidate.meta.id);
      assert.deepStrictEqual(reporters, reporter ? [reporter] : []);
    });
  }
});
