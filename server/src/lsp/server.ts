import {
  createConnection, ProposedFeatures, TextDocuments, TextDocumentSyncKind, type CancellationToken,
  type CodeActionParams, type CodeLensParams, type DidChangeConfigurationParams, type DidChangeWatchedFilesParams, type HoverParams,
  type InitializeParams, type InitializeResult, type ServerCapabilities, type TextDocumentChangeEvent,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { initRuntime } from '../node/runtime';
import { CODE_ACTION_KINDS } from './code-actions';
import { describeError, guarded, type Log } from './guard';
import { CHECK_WORKSPACE_METHOD, EXPLAIN_POD_SHUTDOWN_METHOD } from './protocol';
import { Session } from './session';

/**
 * The language server over the transport named on the command line (--stdio, --node-ipc,
 * --socket=PORT), which the protocol library reads from argv.
 */
export function startServer(): void {
  const connection = createConnection(ProposedFeatures.all);
  const documents = new TextDocuments(TextDocument);
  const log: Log = (message) => connection.console.error(message);
  // Started now so the grammar loads during the handshake; a failure is logged, the YAML and
  // Dockerfile rules still work.
  const runtime = initRuntime().catch((error: unknown) => log(`could not load the shell grammar: ${describeError(error)}`));
  let session: Session | undefined;

  /** Every handler: an exception is logged and answered with `fallback`, as is a request before initialize. */
  const handle = <Args extends unknown[], Result>(name: string, fallback: Result, handler: (current: Session, ...args: Args) => Result | Promise<Result>) =>
    guarded(log, name, fallback, (...args: Args) => (session ? handler(session, ...args) : fallback));

  connection.onInitialize(guarded(log, 'initialize', { capabilities: {} }, (params: InitializeParams): InitializeResult => {
    session = new Session(connection, documents, params, runtime, log);
    return { capabilities: capabilities(params), serverInfo: { name: 'kube-graceful' } };
  }));
  connection.onInitialized(handle('initialized', undefined, (current) => current.initialized()));
  connection.onDidChangeConfiguration(handle('didChangeConfiguration', undefined, (current, params: DidChangeConfigurationParams) => current.configurationChanged(params)));
  connection.onDidChangeWatchedFiles(handle('didChangeWatchedFiles', undefined, (current, params: DidChangeWatchedFilesParams) => current.watchedFilesChanged(params)));
  connection.onHover(handle('hover', null, (current, params: HoverParams) => current.hover(params)));
  connection.onCodeLens(handle('codeLens', [], (current, params: CodeLensParams) => current.codeLenses(params)));
  connection.onCodeAction(handle('codeAction', [], (current, params: CodeActionParams) => current.codeActions(params)));
  connection.onRequest(EXPLAIN_POD_SHUTDOWN_METHOD, handle('explainPodShutdown', null, (current, params: unknown) => current.explain(params)));
  connection.onRequest(CHECK_WORKSPACE_METHOD, handle('checkWorkspace', null, (current, _params: unknown, token: CancellationToken) => current.checkWorkspace(token)));
  connection.onShutdown(handle('shutdown', undefined, (current) => current.shutdown()));

  type DocumentEvent = TextDocumentChangeEvent<TextDocument>;
  documents.onDidOpen(handle('didOpen', undefined, (current, { document }: DocumentEvent) => current.opened(document)));
  documents.onDidChangeContent(handle('didChange', undefined, (current, { document }: DocumentEvent) => current.changed(document)));
  documents.onDidClose(handle('didClose', undefined, (current, { document }: DocumentEvent) => current.closed(document)));

  documents.listen(connection);
  connection.listen();
}

function capabilities(params: InitializeParams): ServerCapabilities {
  // Code action kinds may only be announced to clients that take code action literals.
  const literalCodeActions = params.capabilities.textDocument?.codeAction?.codeActionLiteralSupport !== undefined;
  return {
    textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
    hoverProvider: true,
    codeLensProvider: { resolveProvider: false },
    codeActionProvider: literalCodeActions ? { codeActionKinds: CODE_ACTION_KINDS } : true,
  };
}
