import rule from '../../../../server/src/service/rules/docker/shell-form';
import { testRule } from '../../../support/rule-tester';

testRule(rule, {
  valid: [
    { name: 'exec form', code: 'FROM python:3.12\nCMD ["gunicorn", "app:app"]\n' },
    { name: 'exec prefix', code: 'FROM python:3.12\nCMD exec gunicorn --bind "0.0.0.0:$PORT" app:app\n' },
    { name: 'list that ends in exec', code: 'FROM debian:12\nCMD ./migrate && exec ./server\n' },
    { name: 'a CMD replaced by a later one', code: 'FROM debian:12\nCMD ./server\nCMD ["./server"]\n' },
    { name: 'a build stage CMD is never run', code: 'FROM node:20 AS build\nCMD npm test\nFROM nginx:1.27\n' },
    { name: 'shell-form CMD ignored under an exec-form ENTRYPOINT set later in the same stage? no: CMD stays', code: 'FROM debian:12\nENTRYPOINT ["tini", "--"]\nCMD ["./server"]\n' },
    { name: 'shell-form CMD of a base stage reset by ENTRYPOINT in the final stage', code: 'FROM debian:12 AS base\nCMD ./server\nFROM base\nENTRYPOINT ["./server"]\n' },
    { name: 'Windows shell', code: 'FROM mcr.microsoft.com/windows/servercore:ltsc2022\nSHELL ["powershell", "-Command"]\nCMD Start-Service w3svc\n' },
    { name: 'empty Dockerfile', code: '' },
    { name: 'half-typed instruction', code: 'FROM debian:12\nCMD\n' },
  ],
  invalid: [
    {
      name: "single command on Debian's dash: converted to exec form",
      code: 'FROM python:3.12-slim\nCMD gunicorn --bind 0.0.0.0:8000 app:app\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/shell-form\n',
      messages: [["Debian's dash", '`gunicorn`', 'SIGKILL']],
      severities: ['warning'],
      fixSafety: 'safe',
      output: 'FROM python:3.12-slim\nCMD ["gunicorn", "--bind", "0.0.0.0:8000", "app:app"]\n',
    },
    {
      name: 'quoted words are unquoted in exec form',
      code: `FROM nginx:1.27\nCMD nginx -g 'daemon off;'\n^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/shell-form\n`,
      output: 'FROM nginx:1.27\nCMD ["nginx", "-g", "daemon off;"]\n',
    },
    {
      name: 'single command on Alpine is a hint',
      code: 'FROM node:20-alpine\nCMD node server.js\n^^^^^^^^^^^^^^^^^^ docker/shell-form\n',
      severities: ['hint'],
      messages: [['BusyBox ash']],
      output: 'FROM node:20-alpine\nCMD ["node", "server.js"]\n',
    },
    {
      name: 'SHELL bash makes a single command a hint',
      code: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ./server --port 80\n^^^^^^^^^^^^^^^^^^^^^^ docker/shell-form\n',
      severities: ['hint'],
      output: 'FROM debian:12\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nCMD ["./server", "--port", "80"]\n',
    },
    {
      name: 'unknown base image: warning that says so',
      code: 'FROM registry.example.com/base:7\nENTRYPOINT /srv/app\n^^^^^^^^^^^^^^^^^^^ docker/shell-form\n',
      messages: [['not known here']],
      severities: ['warning'],
      output: 'FROM registry.example.com/base:7\nENTRYPOINT ["/srv/app"]\n',
    },
    {
      name: 'list of commands: suggestion puts exec before the last one',
      code: 'FROM php:8.3-fpm\nCMD php-fpm -D && nginx -g "daemon off;"\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/shell-form\n',
      messages: [['a list of commands', 'exec']],
      output: null,
      suggestions: [{
        title: 'Run the last command with exec: CMD ["/bin/sh", "-c", …]',
        output: 'FROM php:8.3-fpm\nCMD ["/bin/sh", "-c", "php-fpm -D && exec nginx -g \\"daemon off;\\""]\n',
      }],
    },
    {
      name: 'variables need the shell: exec inserted in sh -c',
      code: 'FROM ruby:3.3\nCMD bundle exec puma -p $PORT\n^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ docker/shell-form\n',
      output: null,
      suggestions: [{
        title: 'Run the last command with exec: CMD ["/bin/sh", "-c", …]',
        output: 'FROM ruby:3.3\nCMD ["/bin/sh", "-c", "exec bundle exec puma -p $PORT"]\n',
      }],
    },
    {
      name: 'background jobs: no mechanical fix',
      code: 'FROM debian:12\nCMD ./worker & ./server\n^^^^^^^^^^^^^^^^^^^^^^^ docker/shell-form\n',
      messages: [['background jobs', 'tini']],
      output: null,
      suggestions: [],
    },
    {
      name: 'converting a shell-form ENTRYPOINT while a CMD is in effect is unsafe',
      code: 'FROM debian:12\nENTRYPOINT ./server\n^^^^^^^^^^^^^^^^^^^ docker/shell-form\nCMD ["--verbose"]\n',
      fixSafety: 'unsafe',
      output: 'FROM debian:12\nENTRYPOINT ["./server"]\nCMD ["--verbose"]\n',
    },
    {
      name: 'inherited from an earlier stage through FROM <stage>',
      code: 'FROM debian:12 AS base\nCMD ./server\n^^^^^^^^^^^^ docker/shell-form\nFROM base\nCOPY server /server\n',
      output: 'FROM debian:12 AS base\nCMD ["./server"]\nFROM base\nCOPY server /server\n',
    },
    {
      name: 'single-quoted exec form is silently shell form',
      code: "FROM node:20\nCMD ['node', 'app.js']\n^^^^^^^^^^^^^^^^^^^^^^ docker/shell-form\n",
      output: null,
    },
    {
      name: 'distroless has no shell at all',
      code: 'FROM gcr.io/distroless/static-debian12\nCMD /server\n^^^^^^^^^^^ docker/shell-form\n',
      severities: ['error'],
      messages: [['cannot start']],
      output: 'FROM gcr.io/distroless/static-debian12\nCMD ["/server"]\n',
    },
    {
      name: 'continuation lines are joined',
      code: 'FROM debian:12\nCMD ./server \\\n^^^^^^^^^^^^^^ docker/shell-form\n    --port 80\n',
      output: 'FROM debian:12\nCMD ["./server", "--port", "80"]\n',
    },
  ],
});
