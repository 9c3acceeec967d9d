import type { Node as SyntaxNode } from 'web-tree-sitter';
import { literalWord, withShellTree } from '../parse/shell';
import type { DockerStage, RunInstruction } from './dockerfile';
import { stageChain } from './dockerfile-image';

/** A package a RUN instruction installs with a package manager: `apt-get install -y nginx` → nginx. */
export interface InstalledPackage {
  /** As written, version pin included: `nginx=1.22*`. */
  spec: string;
  /** `apt-get install`, `apk add`: for messages. */
  command: string;
  run: RunInstruction;
}

/** Package managers and the subcommands that install. */
const installVerbs: Record<string, string[]> = {
  'apt-get': ['install'], apt: ['install'], aptitude: ['install'],
  apk: ['add'],
  yum: ['install'], dnf: ['install'], microdnf: ['install'], tdnf: ['install'],
  zypper: ['install', 'in'],
  pip: ['install'], pip3: ['install'],
  gem: ['install'],
};

/**
 * The commands of the scripts read lately, by text: the same RUN lines recur across a workspace's
 * Dockerfiles and across versions of one, and walking a tree costs more than parsing it.
 */
const commandsByScript = new Map<string, (string | undefined)[][]>();
const rememberedScripts = 2000;
/** Longer scripts are read each time: a few of them would hold more memory than all the others. */
const rememberedLength = 65_536;

/** The words of every command a script runs, anywhere in it (lists, `if`, subshells); words the shell would expand are undefined. */
function scriptCommands(script: string): (string | undefined)[][] {
  let commands = commandsByScript.get(script);
  if (!commands) {
    commands = readScriptCommands(script);
    if (script.length > rememberedLength) return commands;
    if (commandsByScript.size >= rememberedScripts) commandsByScript.delete(commandsByScript.keys().next().value!);
    commandsByScript.set(script, commands);
  }
  return commands;
}

function readScriptCommands(script: string): (string | undefined)[][] {
  return withShellTree(script, (root) => root.descendantsOfType('command')
    .filter((node): node is SyntaxNode => node !== null)
    .map((command) => command.namedChildren
      .filter((child): child is SyntaxNode => child !== null && child.type !== 'variable_assignment' && !child.type.endsWith('redirect'))
      .map((child) => {
        const word = child.type === 'command_name' ? child.firstNamedChild : child;
        return word ? literalWord(word) : undefined;
      })));
}

function installs(run: RunInstruction, words: (string | undefined)[]): InstalledPackage[] {
  const program = words[0]?.slice(words[0].lastIndexOf('/') + 1);
  const verbs = program ? installVerbs[program] : undefined;
  if (!program || !verbs) return [];
  // The verb is the first operand: `apt-get -y install nginx`, `apk --no-cache add nginx`.
  const verbIndex = words.findIndex((word, index) => index > 0 && word !== undefined && !word.startsWith('-'));
  const verb = words[verbIndex];
  if (verbIndex < 0 || verb === undefined || !verbs.includes(verb)) return [];
  return words.slice(verbIndex + 1)
    .filter((word): word is string => word !== undefined && !word.startsWith('-'))
    .map((spec) => ({ spec, command: `${program} ${verb}`, run }));
}

/**
 * Packages the RUN instructions of a stage and the stages it is built FROM install, in build order.
 * Each stage's list extends its parent's: a rule asking for every stage of a long FROM chain
 * would otherwise walk the chain once per stage.
 */
export function installedPackages(stage: DockerStage): InstalledPackage[] {
  let packages: InstalledPackage[] = [];
  for (const current of stageChain(stage).reverse()) {
    const known = stagePackages.get(current);
    packages = known ?? [...packages, ...current.runs.flatMap(runInstalls)];
    stagePackages.set(current, packages);
  }
  return packages;
}

const stagePackages = new WeakMap<DockerStage, InstalledPackage[]>();

/** Several rules ask about one image's packages: parse each RUN's script once. */
const runPackages = new WeakMap<RunInstruction, InstalledPackage[]>();

function runInstalls(run: RunInstruction): InstalledPackage[] {
  let packages = runPackages.get(run);
  if (!packages) {
    const commands = run.argv ? [run.argv] : run.script !== undefined ? scriptCommands(run.script) : [];
    packages = commands.flatMap((words) => installs(run, words));
    runPackages.set(run, packages);
  }
  return packages;
}
