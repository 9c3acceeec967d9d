import type { Node as SyntaxNode } from 'web-tree-sitter';
import type { Node } from 'yaml';
import type { Container, HookHandler } from '../model/kubernetes';
import { shellInvocation } from '../model/shell-invocation';
import { commandWords, topLevelStatements, withShellTree } from '../parse/shell';

/** How long a container's preStop hook holds back the stop signal, as far as the manifest tells. */
export interface PreStopDelay {
  handler: 'none' | HookHandler['kind'] | 'several';
  /**
   * Seconds the hook is known to take at least (the sleeps it runs); undefined when nothing can be
   * said (an HTTP call, a script that sleeps for `$DELAY`).
   */
  seconds?: number;
  /** True when the hook does nothing but wait, so `seconds` is its whole duration. */
  exact: boolean;
  /** The node that holds the number (sleep.seconds, the exec command), where findings point. */
  node?: Node;
  /** "sleep action, 5 s", "exec `sleep 10`", for hovers and messages. */
  description: string;
}

export function preStopDelay(container: Container): PreStopDelay {
  const handlers = container.lifecycle?.preStop?.handlers ?? [];
  if (handlers.length === 0) return { handler: 'none', exact: true, seconds: 0, description: 'no preStop hook' };
  if (handlers.length > 1) return { handler: 'several', exact: false, description: 'several preStop handlers (the API rejects this)' };
  const handler = handlers[0];
  switch (handler.kind) {
    case 'sleep':
      return {
        handler: 'sleep', seconds: handler.seconds, exact: true, node: handler.secondsNode ?? handler.node,
        description: handler.seconds === undefined ? 'sleep action' : `sleep action, ${handler.seconds} s`,
      };
    case 'exec':
      return execDelay(handler.command, handler.commandNode ?? handler.node);
    case 'httpGet':
      return { handler: 'httpGet', exact: false, node: handler.node, description: 'HTTP GET by the kubelet (duration unknown)' };
    case 'tcpSocket':
      return { handler: 'tcpSocket', exact: false, node: handler.node, description: 'tcpSocket (not a supported handler: it fails at once)' };
  }
}

function execDelay(command: string[] | undefined, node: Node): PreStopDelay {
  const unknown = (description: string): PreStopDelay => ({ handler: 'exec', exact: false, node, description });
  if (!command || command.length === 0) return unknown('exec (command not readable)');
  const shown = `exec \`${command.map((word) => (/[\s"'$]/.test(word) ? JSON.stringify(word) : word)).join(' ')}\``;
  const program = baseName(command[0]);
  if (program === 'sleep' || (program === 'busybox' && command[1] === 'sleep')) {
    const seconds = sleepSeconds(command.slice(program === 'sleep' ? 1 : 2));
    return seconds === undefined ? unknown(shown) : { handler: 'exec', seconds, exact: true, node, description: shown };
  }
  const script = shellInvocation(command)?.script?.text;
  if (script === undefined) return unknown(shown);
  const sleeps = scriptSleeps(script);
  return { handler: 'exec', seconds: sleeps.seconds, exact: sleeps.onlySleeps, node, description: shown };
}

function baseName(program: string): string {
  return program.slice(program.lastIndexOf('/') + 1);
}

/**
 * Sleeps that run one after the other at the top of a script (`sleep 5; nginx -s quit; sleep 2`,
 * `sleep 5 && …`): their sum is a lower bound of the hook's duration.
 */
function scriptSleeps(script: string): { seconds: number; onlySleeps: boolean } {
  return withShellTree(script, (root) => {
    let seconds = 0;
    let onlySleeps = !root.hasError;
    const visit = (node: SyntaxNode) => {
      if (node.type === 'list') {
        // `a || b` runs b only when a fails: b's sleep is not certain.
        const operator = node.children.find((child) => child?.type === '&&' || child?.type === '||')?.type;
        const parts = node.namedChildren.filter((child): child is SyntaxNode => child !== null);
        if (operator === '||') { onlySleeps = false; visit(parts[0]); return; }
        parts.forEach(visit);
        return;
      }
      const words = commandWords(node)?.words;
      if (words && baseName(words[0]) === 'sleep' && node.nextSibling?.type !== '&') {
        const value = sleepSeconds(words.slice(1));
        if (value !== undefined) { seconds += value; return; }
      }
      onlySleeps = false;
    };
    topLevelStatements(root).forEach(visit);
    return { seconds, onlySleeps };
  });
}

const units: Record<string, number> = { '': 1, s: 1, m: 60, h: 3600, d: 86400 };

/** `sleep` operands as GNU coreutils and BusyBox read them: numbers with an optional unit, summed. */
export function sleepSeconds(operands: string[]): number | undefined {
  if (operands.length === 0) return undefined;
  let total = 0;
  for (const operand of operands) {
    if (operand === 'infinity' || operand === 'inf') return Infinity;
    const match = /^(\d+(?:\.\d+)?|\.\d+)([smhd]?)$/.exec(operand);
    if (!match) return undefined;
    total += Number(match[1]) * units[match[2]];
  }
  return total;
}
