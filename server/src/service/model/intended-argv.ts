import { commandShape } from '../parse/shell-command';
import { shellInvocation } from './shell-invocation';

/**
 * What a command written as one string means (`command: ["/bin/sleep 5"]` in a hook,
 * `CMD ["/bin/ping localhost"]`): the runtime execs such a string as a single program name and
 * finds none (FACTS §8), but its author meant the words. Shared by the Kubernetes and Dockerfile
 * rules so that both split the same way.
 */

/**
 * The argv a one-string command means: its words, except that the script of `sh -c` is the rest of
 * the line as one word (`"/bin/sh -c sleep 10"` means `["/bin/sh", "-c", "sleep 10"]`; split word by
 * word, the shell would run `sleep` alone with $0 set to 10).
 */
export function intendedArgv(words: string[]): string[] {
  const script = shellInvocation(words)?.script;
  return script ? [...words.slice(0, script.index), words.slice(script.index).join(' ')] : words;
}

/** The argv a one-string command means when its words are all literal; undefined when it needs a shell (`&&`, `$VAR`, globs). */
export function argvOfCommandString(text: string): string[] | undefined {
  const shape = commandShape(text.trim());
  return shape.kind === 'simple' ? intendedArgv(shape.words) : undefined;
}
