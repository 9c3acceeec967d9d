// The custom request's contract, free of the server's runtime so the protocol tests can import
// it. (The extension client may not import server code; it spells the method name itself.)
import type { Position, Range } from 'vscode-languageserver-types';

export const EXPLAIN_POD_SHUTDOWN_METHOD = 'kubeGraceful/explainPodShutdown';
/** The client's command the code lenses run, with the document's uri and a position as arguments. */
export const EXPLAIN_COMMAND = 'kubeGraceful.explainPodShutdown';

/** Params of the custom request behind the "Explain Pod Shutdown" command. */
export interface ExplainPodShutdownParams {
  uri: string;
  position: Position;
  /** The Content-Security-Policy nonce of the view the SVG goes into. */
  nonce?: string;
}

/** One event of the timeline, for the view's table: the same rows as the hover's. */
export interface ExplainRow {
  time: string;
  lane: string;
  text: string;
  danger: boolean;
  location?: { uri: string; range: Range };
}

/** null when the position is in no workload (or the document is not open). */
export type ExplainPodShutdownResult = { title: string; markdown: string; svg: string; rows: ExplainRow[] } | null;

/** The params come from any client, unchecked by the protocol library. */
export function isExplainPodShutdownParams(params: unknown): params is ExplainPodShutdownParams {
  if (typeof params !== 'object' || params === null) return false;
  const { uri, position, nonce } = params as Record<string, unknown>;
  if (typeof uri !== 'string' || typeof position !== 'object' || position === null) return false;
  if (nonce !== undefined && typeof nonce !== 'string') return false;
  const { line, character } = position as Record<string, unknown>;
  return typeof line === 'number' && typeof character === 'number';
}

/** "Kube Graceful: Check Workspace": analyse every file of the workspace and publish its diagnostics. */
export const CHECK_WORKSPACE_METHOD = 'kubeGraceful/checkWorkspace';
/** Sent while the check runs, for the client's progress notification. */
export const CHECK_WORKSPACE_PROGRESS = 'kubeGraceful/checkWorkspaceProgress';

export interface CheckWorkspaceProgress {
  done: number;
  total: number;
}

export interface CheckWorkspaceResult {
  files: number;
  findings: number;
  cancelled: boolean;
}
