import { baseName } from '../detect';
import type { DockerfileModel, ProcessInstruction } from '../model/dockerfile';
import type { EntryScriptRun, InlineScript } from '../model/entry-script';
import { buildContextUri } from '../model/image-files';
import { imageDirName } from '../model/image-path';
import { scriptBlocker, serverJobs } from '../model/script-process';
import { shortPath } from '../model/server-process';
import type { ShellFile } from '../model/shell';
import { parseShell } from '../parse/shell';
import type { FixSpec } from '../rules/rule';
import { SourceText } from '../source';
import type { Range, TextEdit } from '../types';
import { applyEdits } from './apply';
import { insertLinesBefore } from './lines';
import { forwardingEdits } from './signal-forwarding';

/**
 * A new, complete trap-based entry script next to a Dockerfile, with the COPY line that puts it in
 * the image and the ENTRYPOINT or CMD pointing at it: for an entry script of the workspace (the
 * script with the forwarding edits applied; the old one stays as it is, for whatever else uses it),
 * and for an inline `sh -c 'a & b'` (its commands, one per line, with the forwarding added).
 */

/** A file name next to the Dockerfile that no file of the workspace has yet. */
function freeName(context: string, stem: string, extension: string, existingUris: string[]): string {
  let name = `${stem}${extension}`;
  for (let counter = 2; existingUris.includes(context + encodeURIComponent(name)); counter++) name = `${stem}-${counter}${extension}`;
  return name;
}

interface NewScript {
  dockerfile: DockerfileModel;
  instruction: ProcessInstruction;
  name: string;
  /** Where the COPY puts it. */
  imagePath: string;
  text: string;
  /** The edit that makes the instruction run it. */
  instructionEdit: TextEdit;
}

function newScriptFix(script: NewScript): FixSpec {
  const source = script.dockerfile.source;
  const { instruction } = script;
  const indent = /^[ \t]*/.exec(source.lineText(instruction.range.start.line))![0];
  const uri = buildContextUri(script.dockerfile) + encodeURIComponent(script.name);
  return {
    title: `Write a trap-based ${script.name} next to ${shortPath(source.uri)} and make it the ${instruction.keyword}`,
    safety: 'unsafe',
    newFiles: () => [{ uri, text: script.text }],
    edits: () => ({
      [source.uri]: [
        insertLinesBefore(source, source.offsetAt(instruction.range.start), [`${indent}COPY --chmod=755 ${script.name} ${script.imagePath}`]),
        script.instructionEdit,
      ],
    }),
  };
}

/** The workspace script `run` names, rewritten with `edits` into a new file that the instruction then names instead. */
export function trapScriptFileFix(file: ShellFile, run: EntryScriptRun, edits: TextEdit[], existingUris: string[]): FixSpec | undefined {
  const source = run.dockerfile.source;
  const instruction = run.instruction;
  const argsStart = source.offsetAt(instruction.argumentsRange.start);
  const argsText = source.text.slice(argsStart, source.offsetAt(instruction.argumentsRange.end));
  const needle = instruction.form === 'exec' ? JSON.stringify(run.word) : run.word;
  const at = wordAt(argsText, needle, instruction.form === 'shell');
  if (at === undefined) return undefined;

  const oldName = baseName(file.source.uri);
  const dot = oldName.lastIndexOf('.');
  const [stem, extension] = dot > 0 ? [oldName.slice(0, dot), oldName.slice(dot)] : [oldName, '.sh'];
  const name = freeName(buildContextUri(run.dockerfile), `${stem}-graceful`, extension, existingUris);
  const newWord = run.word.slice(0, run.word.lastIndexOf('/') + 1) + name;
  const folder = imageDirName(run.imagePath);
  const header = `# Made by kube-graceful from ${oldName}: the same commands, with the stop signal passed on to the background jobs.`;
  // After the `#!` line (a script with jobs has more lines than that), else at the top.
  const headerEdit = insertLinesBefore(file.source, file.source.text.startsWith('#!') ? file.source.offsetAt({ line: 1, character: 0 }) : 0, [header]);
  return newScriptFix({
    dockerfile: run.dockerfile, instruction, name, imagePath: `${folder === '/' ? '' : folder}/${name}`,
    text: applyEdits(file.source.text, [headerEdit, ...edits]),
    instructionEdit: { range: source.rangeOf(argsStart + at, argsStart + at + needle.length), newText: instruction.form === 'exec' ? JSON.stringify(newWord) : newWord },
  });
}

/**
 * The commands of an inline `sh -c` script as a script file of their own, one statement per line,
 * with the forwarding added; the instruction that held them runs the new file instead.
 */
export function inlineScriptFileFix(dockerfile: DockerfileModel, inline: InlineScript, stopSignal: string, existingUris: string[]): FixSpec | undefined {
  if (!inline.whole || inline.script.hasSyntaxErrors) return undefined;
  const name = freeName(buildContextUri(dockerfile), 'graceful-entrypoint', '.sh', existingUris);
  const line = inline.instruction.range.start.line + 1;
  const lines = [
    `#!${inline.shell.startsWith('/') ? inline.shell : '/bin/sh'}`,
    `# Made by kube-graceful from the ${inline.instruction.keyword} of ${shortPath(dockerfile.source.uri)} (line ${line}): `
      + 'the same commands, with the stop signal passed on to the background jobs.',
    ...inline.script.statements.map((statement) => `${statement.text}${statement.background ? ' &' : ''}`),
  ];
  const script = parseShell(new SourceText(`${buildContextUri(dockerfile)}${encodeURIComponent(name)}`, `${lines.join('\n')}\n`));
  const blocker = scriptBlocker(script);
  const edits = blocker && forwardingEdits(script, serverJobs(script.process), blocker, stopSignal);
  if (!edits) return undefined;
  const imagePath = `/usr/local/bin/${name}`;
  const argumentsRange: Range = inline.instruction.argumentsRange;
  return newScriptFix({
    dockerfile, instruction: inline.instruction, name, imagePath, text: applyEdits(script.source.text, edits),
    instructionEdit: { range: argumentsRange, newText: JSON.stringify([imagePath]) },
  });
}

/** The one place `needle` stands as a whole word in the instruction's arguments; undefined when none or several. */
function wordAt(text: string, needle: string, shellForm: boolean): number | undefined {
  const places: number[] = [];
  for (let index = text.indexOf(needle); index >= 0; index = text.indexOf(needle, index + 1)) {
    const before = text[index - 1];
    const after = text[index + needle.length];
    const bounded = !shellForm || ((before === undefined || /[\s;&|('"]/.test(before)) && (after === undefined || /[\s;&|)'"]/.test(after)));
    if (bounded) places.push(index);
  }
  return places.length === 1 ? places[0] : undefined;
}
