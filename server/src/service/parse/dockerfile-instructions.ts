import { Copy, DockerfileParser, JSONInstruction, Run, type From, type Instruction } from 'dockerfile-ast';
import type { CopyInstruction, ProcessInstruction, RunInstruction } from '../model/dockerfile';
import { SourceText } from '../source';
import type { Range } from '../types';

/**
 * One instruction of a Dockerfile, as much as the model needs of it, in plain data: what the
 * incremental parse keeps of a piece of text and moves when lines above it are added or removed.
 * What depends on earlier stages (a COPY's WORKDIR) is worked out when stages are assembled.
 */
export type InstructionRecord = { range: Range } & (
  | { kind: 'from'; base: string; name?: string }
  | { kind: 'process'; process: ProcessInstruction }
  | { kind: 'stopsignal'; value: string; argumentsRange: Range }
  | { kind: 'shell'; argv: string[] }
  | { kind: 'copy'; copy: Omit<CopyInstruction, 'workdir'> }
  | { kind: 'workdir'; value: string }
  | { kind: 'user'; name: string }
  | { kind: 'run'; run: RunInstruction }
  | { kind: 'other' }
);

export interface ReadInstructions {
  records: InstructionRecord[];
  /** From the `# escape=` parser directive; `\` by default. */
  escapeChar: string;
}

/**
 * Reads every instruction of `text`; ranges are `text`'s own. dockerfile-ast reads each instruction's
 * words several times over, and a text's lines take it longer the longer the text: plain
 * instructions (one line, see readSingleLine, or a RUN continued with `\`, see readContinued) are
 * read here, and dockerfile-ast parses the rest, with those lines emptied so that
 * every other line keeps its place. Here-documents and anything unusual are dockerfile-ast's alone.
 */
export function readInstructions(text: string): ReadInstructions {
  if (/<<|\r(?!\n)/.test(text)) return readWithParser(text);
  const lines = text.split('\n');
  const own: InstructionRecord[] = [];
  // After a line ending with the escape character, the next instruction line continues it, past blank and comment lines.
  let continuing = false;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    if (/^[ \t\r]*$/.test(line)) continue;
    const continues = /\\[ \t]*\r?$/.test(line);
    if (/^[ \t]*#/.test(line)) {
      continuing ||= continues;
      continue;
    }
    if (continuing) {
      continuing = continues;
      continue;
    }
    const read = continues ? readContinued(lines, index) : readSingleLine(line);
    if (!read) {
      continuing = continues;
      continue;
    }
    own.push(shiftRecord(read, index));
    // Emptied, so that every other line keeps its place: none of them continues into it.
    for (let taken = index; taken <= index + read.range.end.line; taken++) lines[taken] = '';
    index += read.range.end.line;
  }
  if (own.length === 0) return readWithParser(text);
  const rest = readWithParser(lines.join('\n'));
  // A parser directive changes the escape character the lines were read with.
  if (rest.escapeChar !== '\\') return readWithParser(text);
  return { records: [...rest.records, ...own].sort((a, b) => a.range.start.line - b.range.start.line), escapeChar: rest.escapeChar };
}

/** RUN takes flags (`--mount=…`) before its command, which dockerfile-ast leaves out of it: it looks while words hold `--`. */
function hasFlags(content: string): boolean {
  return /^[^ \t\\]*--/.test(content);
}

/** Instructions whose record needs only their range, or their script (RUN). */
const scriptOrRangeOnly = (keyword: string) => keyword === 'RUN' || !(parserOnly.has(keyword) || ['FROM', 'CMD', 'ENTRYPOINT', 'WORKDIR', 'USER', 'STOPSIGNAL'].includes(keyword));

/**
 * The record of the instruction that starts at `lines[start]` and goes on over the next lines, each
 * but the last ending with `\`: a RUN (its script) or an instruction of which only the range counts.
 * Undefined when anything else is in the way: a blank or comment line, another `\`, a line that is
 * only the continuation.
 */
function readContinued(lines: string[], start: number): InstructionRecord | undefined {
  const first = lines[start];
  const head = /^([ \t]*)([A-Za-z]+)[ \t]+(?=[^ \t\r\\])/.exec(first);
  const keyword = head?.[2].toUpperCase();
  if (!head || !keyword || !scriptOrRangeOnly(keyword) || !/^[^\\]*\\\r?$/.test(first)) return undefined;
  if (keyword === 'RUN' && hasFlags(first.slice(head[0].length))) return undefined;
  for (let index = start + 1; index < lines.length; index++) {
    const line = lines[index];
    if (/^[ \t\r]*$|^[ \t]*#/.test(line)) return undefined;
    if (/^[^\\]*\\\r?$/.test(line)) continue;
    if (line.includes('\\')) return undefined;
    const lineEnd = line.endsWith('\r') ? line.length - 1 : line.length;
    let end = lineEnd;
    while (end > 0 && ' \t'.includes(line[end - 1])) end--;
    const range = { start: { line: 0, character: head[1].length }, end: { line: index - start, character: lineEnd } };
    if (keyword !== 'RUN') return { kind: 'other', range };
    const raw = [first.slice(head[0].length), ...lines.slice(start + 1, index), line.slice(0, end)].join('\n');
    const argv = jsonStringArray(raw);
    return { kind: 'run', range, run: argv ? { range, argv } : { range, script: joinContinuations(raw, '\\') } };
  }
  return undefined;
}

/** Every instruction as dockerfile-ast reads it. */
export function readWithParser(text: string): ReadInstructions {
  const dockerfile = DockerfileParser.parse(text);
  const escapeChar = dockerfile.getEscapeCharacter();
  const source = new SourceText('', text);
  return { records: dockerfile.getInstructions().map((instruction) => record(source, instruction, escapeChar)), escapeChar };
}

/** Instructions that take dockerfile-ast to read: SHELL's argv; COPY and ADD but for plain words (readCopy). */
const parserOnly = new Set(['COPY', 'ADD', 'SHELL']);

/**
 * The record of `text` when it is one instruction on one line, without an escape character or a
 * here-document, read without dockerfile-ast. Undefined for anything else, for the
 * instructions in `parserOnly` and for a FROM with flags. `\` is the escape character (the caller checks that no directive
 * changes it).
 */
export function readSingleLine(text: string): InstructionRecord | undefined {
  const line = text.endsWith('\n') ? text.slice(0, -1) : text;
  if (/[\n\\]|<<|\r(?!$)/.test(line)) return undefined;
  const head = /^([ \t]*)([A-Za-z]+)[ \t]+(?=[^ \t\r])/.exec(line);
  const keyword = head?.[2].toUpperCase();
  if (!head || !keyword) return undefined;
  // The instruction runs to the end of its line, its arguments to their last character.
  const lineEnd = line.endsWith('\r') ? line.length - 1 : line.length;
  let end = lineEnd;
  while (end > 0 && ' \t'.includes(line[end - 1])) end--;
  const at = (character: number) => ({ line: 0, character });
  const range = { start: at(head[1].length), end: at(lineEnd) };
  const argumentsRange = { start: at(head[0].length), end: at(end) };
  const content = line.slice(head[0].length, end);
  if (keyword === 'COPY' || keyword === 'ADD') {
    const copy = readCopy(keyword, range, content);
    return copy && { kind: 'copy', range, copy };
  }
  if (parserOnly.has(keyword)) return undefined;
  if (keyword === 'FROM') {
    // Without flags (`--platform=…`), the words as written: dockerfile-ast splits at spaces and tabs only, quotes kept.
    if (content.includes('--')) return undefined;
    const words = content.split(/[ \t]+/);
    return { kind: 'from', range, base: words[0], name: words.length > 2 && words[1].toUpperCase() === 'AS' ? words[2].toLowerCase() : undefined };
  }
  if (keyword === 'RUN') {
    if (hasFlags(content)) return undefined;
    const argv = jsonStringArray(content);
    return { kind: 'run', range, run: argv ? { range, argv } : { range, script: joinContinuations(content, '\\') } };
  }
  if (keyword === 'CMD' || keyword === 'ENTRYPOINT') {
    const argv = jsonStringArray(content);
    return { kind: 'process', range, process: { keyword, range, argumentsRange, form: argv ? 'exec' : 'shell', argv, shellCommand: argv ? undefined : content } };
  }
  // As record() reads them: trimmed of all white space, not only of the spaces and tabs around words.
  const value = content.trim();
  if (keyword === 'WORKDIR') return { kind: 'workdir', range, value };
  if (keyword === 'STOPSIGNAL' && value) return { kind: 'stopsignal', range, value, argumentsRange };
  if (keyword === 'USER' && value) return { kind: 'user', range, name: value };
  return { kind: 'other', range };
}

/**
 * COPY/ADD of plain words: `--name[=value]` flags, then paths without quotes, variables, JSON or
 * here-documents, split at spaces and tabs as dockerfile-ast splits them. Undefined otherwise.
 */
function readCopy(keyword: 'COPY' | 'ADD', range: Range, content: string): Omit<CopyInstruction, 'workdir'> | undefined {
  if (/["'$[<\u00a0\r]/.test(content)) return undefined;
  const words = content.split(/[ \t]+/);
  const flags = new Map<string, string | undefined>();
  let first = 0;
  for (; first < words.length && words[first].startsWith('--'); first++) {
    const flag = /^--([A-Za-z][A-Za-z0-9-]*)(?:=(\S*))?$/.exec(words[first]);
    if (!flag) return undefined;
    const name = flag[1].toLowerCase();
    if (!flags.has(name)) flags.set(name, flag[2]);
  }
  const paths = words.slice(first);
  if (paths.some((word) => word.startsWith('-'))) return undefined;
  return { keyword, range, sources: paths.slice(0, -1), destination: paths[paths.length - 1] ?? '', from: flags.get('from'), chmod: flags.get('chmod'), heredoc: false };
}

function record(source: SourceText, instruction: Instruction, escapeChar: string): InstructionRecord {
  const keyword = instruction.getKeyword().toUpperCase();
  const range = instruction.getRange();
  if (keyword === 'FROM') {
    const from = instruction as From;
    return { kind: 'from', range, base: from.getImage() ?? '', name: from.getBuildStage()?.toLowerCase() ?? undefined };
  }
  if (keyword === 'CMD' || keyword === 'ENTRYPOINT') return { kind: 'process', range, process: processInstruction(source, keyword, instruction) };
  if (keyword === 'STOPSIGNAL') {
    const value = instruction.getArgumentsContent()?.trim();
    if (value) return { kind: 'stopsignal', range, value, argumentsRange: instruction.getArgumentsRange() ?? range };
  } else if (keyword === 'SHELL') {
    const argv = jsonStringArray(instruction.getArgumentsContent() ?? '');
    if (argv && argv.length > 0) return { kind: 'shell', range, argv };
  } else if ((keyword === 'COPY' || keyword === 'ADD') && instruction instanceof JSONInstruction) {
    return { kind: 'copy', range, copy: copyInstruction(source, keyword, instruction) };
  } else if (keyword === 'WORKDIR') {
    return { kind: 'workdir', range, value: instruction.getArgumentsContent()?.trim() ?? '' };
  } else if (keyword === 'USER') {
    const name = instruction.getArgumentsContent()?.trim();
    if (name) return { kind: 'user', range, name };
  } else if (instruction instanceof Run) {
    return { kind: 'run', range, run: runInstruction(source, instruction, escapeChar) };
  }
  return { kind: 'other', range };
}

/** COPY/ADD: flags, then sources and destination as words or as a JSON array (needed for names with spaces). */
function copyInstruction(source: SourceText, keyword: 'COPY' | 'ADD', instruction: JSONInstruction): Omit<CopyInstruction, 'workdir'> {
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

function processInstruction(source: SourceText, keyword: 'CMD' | 'ENTRYPOINT', instruction: Instruction): ProcessInstruction {
  const argumentsRange = instruction.getArgumentsRange();
  // dockerfile-ast reads the arguments again on every call, a long while for a 400 kB command line: on one
  // line, the content is the text of the arguments' range, as getArgumentsContent() would put it together.
  const content = !argumentsRange ? ''
    : argumentsRange.start.line === argumentsRange.end.line ? source.text.slice(source.offsetAt(argumentsRange.start), source.offsetAt(argumentsRange.end))
      : instruction.getArgumentsContent() ?? '';
  const argv = jsonStringArray(content);
  return {
    keyword,
    range: instruction.getRange(),
    argumentsRange: argumentsRange ?? instruction.getRange(),
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

/** A copy of `record` whose every range is `delta` lines further down. */
export function shiftRecord(record: InstructionRecord, delta: number): InstructionRecord {
  const range = shiftRange(record.range, delta);
  switch (record.kind) {
    case 'process':
      return { ...record, range, process: { ...record.process, range: shiftRange(record.process.range, delta), argumentsRange: shiftRange(record.process.argumentsRange, delta) } };
    case 'stopsignal':
      return { ...record, range, argumentsRange: shiftRange(record.argumentsRange, delta) };
    case 'copy':
      return { ...record, range, copy: { ...record.copy, range: shiftRange(record.copy.range, delta) } };
    case 'run':
      return { ...record, range, run: { ...record.run, range: shiftRange(record.run.range, delta) } };
    default:
      return { ...record, range };
  }
}

function shiftRange(range: Range, delta: number): Range {
  return {
    start: { line: range.start.line + delta, character: range.start.character },
    end: { line: range.end.line + delta, character: range.end.character },
  };
}
