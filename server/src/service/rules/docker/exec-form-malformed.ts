import { argumentsRewritable, execFormEdit, execFormText } from '../../fix/exec-form';
import { processShell } from '../../knowledge/shells';
import { isWindowsImage } from '../../knowledge/windows-images';
import type { DockerfileModel, DockerStage, ProcessInstruction } from '../../model/dockerfile';
import { effectiveProcess, rootImage, shellFor } from '../../model/dockerfile-image';
import { argvOfCommandString } from '../../model/intended-argv';
import { shellInvocation } from '../../model/shell-invocation';
import { mistakeDescriptions, readMeantExecForm, type MeantExecForm } from '../../parse/exec-form';
import { joinList } from '../../text';
import type { FileEdits } from '../../types';
import { defineRule, type FixSpec, type Report, type RuleContext } from '../rule';

export default defineRule({
  meta: {
    id: 'docker/exec-form-malformed',
    language: 'dockerfile',
    defaultSeverity: 'error',
    summary: 'Finds CMD and ENTRYPOINT instructions meant as exec form that Docker runs as something else, so the container never starts its program.',
    rationale: [
      'Docker takes a CMD or ENTRYPOINT as exec form only when its arguments are a JSON array of strings (FACTS §8).',
      'Anything else is silently shell form: single quotes (`CMD [\'node\', \'app.js\']`), typographic quotes pasted from',
      'a web page, a trailing comma, an item without quotes, a number, a backslash JSON does not accept (`"C:\\app"`)',
      'or a missing `]` make Docker run the whole text with `/bin/sh -c` (docker/hub-feedback#1845), where the bracket',
      'is not a program: the shell reports "not found" (or runs `test`) and the container exits at once, on every',
      'start. And an exec form whose first item holds the command line as one string (`CMD ["/bin/ping localhost"]`)',
      'makes the runtime look for a program of that whole name: `exec: "/bin/ping localhost": executable file not',
      'found in $PATH` (FACTS §8, docker/for-linux#871). Either way nothing runs, so there is nothing to shut down',
      'gracefully either.',
      '',
      'Every CMD and ENTRYPOINT is checked, in every stage: each is broken whenever its stage is run. A CMD whose',
      'ENTRYPOINT is `sh -c` is that shell\'s script and may hold spaces; under another ENTRYPOINT it is only passed on',
      'as arguments, so one with spaces is a hint. Windows images are not checked for spaces (their paths hold them:',
      '`C:\\Program Files\\…`). Text that is shell syntax (`[ -f /app/env ] && exec app`) is shell form on purpose and',
      'left to `docker/shell-form`; exec form gone wrong is reported here only, never by both rules.',
    ].join('\n'),
    facts: ['8', '12.12'],
    examples: {
      incorrect: [{
        description: 'Single quotes are not JSON: Docker runs `/bin/sh -c "[\'node\', \'app.js\']"`, which fails at once.',
        code: "FROM node:20-slim\nCOPY . /app\nCMD ['node', 'app.js']\n",
      }, {
        description: 'One item with spaces: there is no program called "/bin/ping localhost".',
        code: 'FROM debian:12-slim\nCMD ["/bin/ping localhost"]\n',
      }],
      correct: [{
        description: 'A JSON array of strings, one item per word.',
        code: 'FROM nginx:1.27\nCMD ["nginx", "-g", "daemon off;"]\n',
      }, {
        description: 'A CMD that is the script of a `sh -c` ENTRYPOINT is one string on purpose.',
        code: 'FROM alpine:3.20\nENTRYPOINT ["/bin/sh", "-c"]\nCMD ["exec crond -f -l 2"]\n',
      }, {
        description: 'Shell syntax that starts with a test bracket is shell form on purpose.',
        code: 'FROM debian:12-slim\nCMD [ -f /app/.env ] && . /app/.env; exec /app/server\n',
      }],
    },
    fix: {
      description: 'Rewrites the arguments as the JSON array that was meant (`["node", "app.js"]`), and splits a first item that '
        + 'holds a whole command line into its words (`["/bin/ping", "localhost"]`; the script of `sh -c` stays one word). '
        + 'A one-string command that needs a shell (`&&`, `$VAR`) gets the suggestion `["/bin/sh", "-c", "…"]`.',
      safety: 'safe',
      safetyNote: 'The array runs exactly the program and arguments that were written, which is what the author meant. It is '
        + 'unsafe, and only offered, when an item holds `$` (exec form expands no variables, which the author may have counted '
        + 'on) or when the CMD runs under an ENTRYPOINT that may do otherwise with its arguments; `sh -c` adds a shell and is '
        + 'only ever a suggestion.',
    },
    references: [
      'https://docs.docker.com/reference/dockerfile/#exec-form',
      'https://github.com/docker/for-linux/issues/871',
      'https://github.com/docker/hub-feedback/issues/1845',
    ],
  },
  check(ctx) {
    for (const stage of ctx.model.stages) {
      const { entrypoint } = effectiveProcess(stage);
      for (const instruction of stage.processInstructions) {
        // A shell-form ENTRYPOINT ignores CMD: a broken CMD under it never runs.
        if (instruction.keyword === 'CMD' && entrypoint?.form === 'shell') continue;
        const shellArgv = shellFor(stage, instruction.range.start.line);
        const windows = shellArgv ? processShell(shellArgv, rootImage(stage)).windows : isWindowsImage(rootImage(stage));
        const context: Context = { ctx, stage, instruction, windows, entrypoint: instruction.keyword === 'CMD' ? entrypoint : undefined };
        const report = instruction.form === 'shell' ? malformedJson(context) : oneWordWithSpaces(context);
        if (report) ctx.report(report);
      }
    }
  },
});

interface Context {
  ctx: RuleContext<DockerfileModel>;
  stage: DockerStage;
  instruction: ProcessInstruction;
  /** A Windows image or shell: paths hold spaces and backslashes. */
  windows: boolean;
  /** The exec-form ENTRYPOINT a CMD is passed to. */
  entrypoint?: ProcessInstruction;
}

/** What splitting a first item with spaces gives, and how sure it is; undefined when the item needs no split. */
interface Split {
  argv: string[];
  /** The item needs a shell (`&&`, `$VAR`): only `sh -c` runs it, and only as a suggestion. */
  viaShell: boolean;
  /** The CMD is passed to an ENTRYPOINT that may do something else with it than exec it. */
  underEntrypoint?: string;
  /**
   * The item may be one path with spaces (`/opt/My App/run`): a later word continues a path
   * (`App/run`), so the split is only a guess and the finding only a hint.
   */
  maybePath: boolean;
}

/** A word that continues a path rather than starting an argument: holds a slash but starts like no option or path. */
function continuesPath(word: string): boolean {
  return word.includes('/') && !/^[-./~$]/.test(word) && !word.includes('=');
}

/** A first item that holds a command line, and the argv it means; undefined when that item is fine or what it means is unclear. */
function splitFirstItem(context: Context, argv: string[]): Split | undefined {
  const first = argv[0];
  if (context.windows || first === undefined || !/\s/.test(first.trim()) || !first.trim()) return undefined;
  const entrypointArgv = context.entrypoint?.argv;
  // `ENTRYPOINT ["sh", "-c"]` takes the CMD as its script: one string with spaces is what it wants.
  const entrypointShell = entrypointArgv && shellInvocation(entrypointArgv);
  if (entrypointShell?.commandMode && !entrypointShell.script) return undefined;
  const words = argvOfCommandString(first);
  const underEntrypoint = entrypointArgv?.[0];
  const maybePath = first.trim().startsWith('/') && first.trim().split(/\s+/).slice(1).some(continuesPath);
  if (words) return { argv: [...words, ...argv.slice(1)], viaShell: false, underEntrypoint, maybePath };
  // A script with its own arguments after it would get them as $0, $1: no suggestion then.
  return argv.length === 1 ? { argv: ['/bin/sh', '-c', first.trim()], viaShell: true, underEntrypoint, maybePath } : undefined;
}

function edits(context: Context, argv: string[]): () => FileEdits {
  const { ctx, instruction } = context;
  return () => ({ [ctx.model.source.uri]: [execFormEdit(instruction, argv)] });
}

function oneWordWithSpaces(context: Context): Report | undefined {
  const { ctx, instruction } = context;
  const argv = instruction.argv ?? [];
  const split = splitFirstItem(context, argv);
  if (!split) return undefined;
  const first = argv[0];
  const fixable = argumentsRewritable(ctx.model, instruction);
  const spec: FixSpec | undefined = fixable ? {
    title: split.viaShell ? 'Run it with `/bin/sh -c`' : `Split "${first}" into ${split.argv.length - argv.length + 1} words`,
    safety: split.viaShell || split.underEntrypoint || split.maybePath ? 'unsafe' : 'safe',
    edits: edits(context, split.argv),
  } : undefined;
  const lookup = `a program named "${first}", finds none (\`exec: "${first}": executable file not found in $PATH\`)`;
  const message = split.underEntrypoint
    ? `The first item of this ${instruction.keyword}, "${first}", is one word with spaces, passed as one argument to the ENTRYPOINT `
      + `\`${split.underEntrypoint}\`: if it runs its arguments (\`exec "$@"\`, as tini and most entry scripts do), it looks for ${lookup} `
      + 'and the container exits at once. Give the program and each argument as separate items.'
    : `The first item of this ${instruction.keyword}, "${first}", is one word with spaces: the runtime looks for ${lookup}, and the `
      + 'container exits at once. Give the program and each argument as separate items'
      + (split.viaShell ? ', or run the line with `/bin/sh -c`, as it uses shell syntax.' : '.');
  const preferred = spec && !split.viaShell && !split.maybePath;
  return {
    range: instruction.argumentsRange,
    severity: split.underEntrypoint || split.maybePath ? 'hint' : undefined,
    message,
    fix: preferred ? spec : undefined,
    suggestions: spec && !preferred ? [spec] : [],
  };
}

/** How Docker runs shell form here, for messages: `/bin/sh -c`, the SHELL's argv, `cmd /S /C` on Windows. */
function shellCommandLine(context: Context): string {
  const shellArgv = shellFor(context.stage, context.instruction.range.start.line);
  if (shellArgv) return shellArgv.join(' ');
  return context.windows ? 'cmd /S /C' : '/bin/sh -c';
}

function malformedJson(context: Context): Report | undefined {
  const { ctx, instruction } = context;
  const written = instruction.shellCommand ?? '';
  const meant: MeantExecForm | undefined = readMeantExecForm(written);
  if (!meant) return undefined;
  const split = splitFirstItem(context, meant.argv);
  // Split only when that is certain too; a line that needs a shell is left for the next look.
  const argv = split && !split.viaShell && !split.underEntrypoint ? split.argv : meant.argv;
  const program = argv[0];
  const fixable = argumentsRewritable(ctx.model, instruction);
  const spec: FixSpec | undefined = fixable ? {
    title: `Write it as a JSON array: ${execFormText(argv)}`,
    safety: meant.expansions ? 'unsafe' : 'safe',
    edits: edits(context, argv),
  } : undefined;
  const variables = meant.expansions
    ? ' Note that exec form expands no variables: if the command needs `$…`, run it with `sh -c` and `exec` instead.' : '';
  const split1 = argv !== meant.argv ? ` Its first item, "${meant.argv[0]}", also holds a whole command line, which the fix splits into words.` : '';
  return {
    range: instruction.argumentsRange,
    message: `This ${instruction.keyword} is not a JSON array of strings (${joinList(meant.mistakes.map((mistake) => mistakeDescriptions[mistake]))}), `
      + `so Docker silently runs it in shell form, as \`${shellCommandLine(context)} "${written.trim()}"\`, where the bracket is no `
      + `program: the container exits at once instead of running \`${program}\`. Write \`${execFormText(argv)}\`.${split1}${variables}`,
    fix: spec && spec.safety === 'safe' ? spec : undefined,
    suggestions: spec && spec.safety === 'unsafe' ? [spec] : [],
  };
}
