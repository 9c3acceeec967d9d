// The custom request's contract, free of the server's runtime so the protocol tests can import
// it. (The extension client may not import server code; it spells the method name itself.)
import type { Position } from 'vscode-languageserver-types';

export const EXPLAIN_POD_SHUTDOWN_METHOD = 'kubeGraceful/explainPodShutdown';

/** Params of the custom request behind the "Explain Pod Shutdown" command. */
export interface ExplainPodShutdownParams {
  uri: string;
  position: Position;
}

/** null when the position is in no workload (or the document is not open). */
export type ExplainPodShutdownResult = { markdown: string } | null;

/** The params come from any client, unchecked by the protocol library. */
export function isExplainPodShutdownParams(params: unknown): params is ExplainPodShutdownParams {
  if (typeof params !== 'object' || params === null) return false;
  const { uri, position } = params as Record<string, unknown>;
  if (typeof uri !== 'string' || typeof position !== 'object' || position === null) return false;
  const { line, character } = position as Record<string, unknown>;
  return typeof line === 'number' && typeof character === 'number';
}
