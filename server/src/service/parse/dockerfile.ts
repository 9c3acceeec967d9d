import { Copy, DockerfileParser, JSONInstruction, Run, type From, type Instruction } from 'dockerfile-ast';
import type { CopyInstruction, DockerfileModel, DockerStage, ProcessInstruction, RunInstruction } from '../model/dockerfile';
import { resolveImagePath } from '../model/image-path';
import type { SourceText } from '../source';

export function parseDockerfile(source: SourceText): DockerfileModel {
  const dockerfile = DockerfileParser.parse(source.text);
  const stages: DockerStage[] = [];
  let stage: DockerStage | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      stage = startStage(instruction as From, stages);
      stages.push(stage);
      continue;
    }
    if (!stage) continue; // instructions before the first FROM (ARG) belong to no stage
    stage.lastInstructionRange = instruction.getRange();
    if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
      stage.processInstructions.push(processInstruction(keyword, instruction));
    } else if (keyword === 'STOPSIGNAL') {
      const value = instruction.getArgumentsContent()?.trim();
      if (value) stage.stopSignal = { value, range: instruction.getArgumentsRange() ?? instruction.getRange() };
      if (stage.stopSignal && value) stage.stopSignals.push(stage.stopSignal);
    } else if (keyword === 'SHELL') {
      const argv = jsonStringArray(instruction.getArgumentsContent() ?? '');
      if (argv && argv.length > 0) stage.shells.push({ argv, range: instruction.getRange(), line: instruction.getRange().start.line });
    } else if ((keyword === 'COPY' || keyword === 'ADD') && instruction instanceof JSONInstruction) {
      stage.copies.push(copyInstruction(source, keyword, instruction, stage.workdir));
    } else if (keyword === 'WORKDIR') {
      stage.workdir = workdirAfter(stage.workdir, instruction.getArgumentsContent()?.trim() ?? '');
    } else if (keyword === 'USER') {
      const name = instruction.getArgumentsContent()?.trim();
      if (name) stage.users.push({ name, range: instruction.getRange() });
    } else if (instruction instanceof Run) {
      stage.runs.push(runInstruction(source, instruction, dockerfile.getEscapeCharacter()));
    }
  }
  return { language: 'dockerfile', source, stages, notices: [] };
}

function startStage(from: From, earlier: DockerStage[]): DockerStage {
  const base = from.getImage() ?? '';
  const parent = [...earlier].reverse().find((stage) => stage.name !== undefined && stage.name === base.toLowerCase());
  return {
    index: earlier.length,
    name: from.getBuildStage()?.toLowerCase() ?? undefined,
    base,
    fromRange: from.getRange(),
    parent,
    processInstructions: [],
    stopSignals: [],
    shells: [],
    runs: [],
    lastInstructionRange: from.getRange(),
    copies: [],
    // WORKDIR carries over to a stage built FROM an earlier one.
    workdir: parent?.workdir,
    users: [],
  };
}

/** The WORKDIR after a `WORKDIR value`: relative values build on the previous one; a variable makes it unknown. */
function workdirAfter(current: string | undefined, value: string): string | undefined {
  if (!value || value.includes('$')) return undefined;
  if (value.startsWith('/')) return resolveImagePath('/', value);
  return current === undefined ? undefined : resolveImagePath(current, value);
}

/** COPY/ADD: flags, then sources and destination as words or as a JSON array (needed for names with spaces). */
function copyInstruction(source: SourceText, keyword: 'COPY' | 'ADD', instruction: JSONInstruction, workdir: string | undefined): CopyInstruction {
  const flag = (name: string) => instruction.getFlags().find((candidate) => candidate.getName().toLowerCase() === name)?.getValue() ?? undefined;
  const heredoc = instruction instanceof Copy ? instruction.getHeredocs().length > 0 : false;
  const open = instruction.getOpeningBracket();
  const close = instruction.getClosingBracket();
  const json = open && close
    ? jsonStringArray(source.text.slice(source.offsetAt(open.getRange().start), source.offsetAt(close.getRange().end))) : undefined;
  const words = json ?? instruction.getArguments().map((argument) => argument.getValue());
  // `COPY <<EOF /start.sh`: the destination follows the here-document's opening word.
  const paths = heredoc ? words.filter((_word, index) => index > 0 && words[index - 1].startsWith('<<')) : words;
  return {
    keyword,
    range: instruction.getRange(),
    sources: heredoc ? [] : paths.slice(0, -1),
    destination: paths[paths.length - 1] ?? '',
    from: flag('from'),
    chmod: flag('chmod'),
    heredoc,
    workdir,
  };
}

function runInstruction(source: SourceText, instruction: Run, escapeChar: string): RunInstruction {
  const range = instruction.getRange();
  const heredoc = instruction.getHeredocs()[0]?.getContentRange();
  // `RUN <<EOT … EOT`: the body is the script.
  if (heredoc) return { range, script: source.text.slice(source.offsetAt(heredoc.start), source.offsetAt(heredoc.end)) };
  const raw = instruction.getRawArgumentsContent() ?? '';
  const argv = jsonStringArray(raw);
  return argv ? { range, argv } : { range, script: joinContinuations(raw, escapeChar) };
}

/** A shell-form instruction's text as Docker hands it to the shell: escaped newlines joined, comment lines inside dropped. */
function joinContinuations(raw: string, escapeChar: string): string {
  let script = '';
  raw.split(/\r?\n/).forEach((line, index) => {
    if (index > 0 && line.trimStart().startsWith('#')) return;
    const trimmed = line.trimEnd();
    script += trimmed.endsWith(escapeChar) ? trimmed.slice(0, -escapeChar.length) : `${line}\n`;
  });
  return script.trimEnd();
}

function processInstruction(keyword: 'CMD' | 'ENTRYPOINT', instruction: Instruction): ProcessInstruction {
  const content = instruction.getArgumentsContent() ?? '';
  const argv = jsonStringArray(content);
  return {
    keyword,
    instruction,
    range: instruction.getRange(),
    argumentsRange: instruction.getArgumentsRange() ?? instruction.getRange(),
    form: argv ? 'exec' : 'shell',
    argv,
    shellCommand: argv ? undefined : content,
  };
}

/** Docker's own test for exec form: the text parses as a JSON array whose items are all strings. */
export function jsonStringArray(text: string): string[] | undefined {
  if (!text.trim().startsWith('[')) return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}
