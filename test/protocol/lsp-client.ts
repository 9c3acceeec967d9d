import { spawn, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { CancellationTokenSource, createMessageConnection, StreamMessageReader, StreamMessageWriter, type CancellationToken, type MessageConnection } from 'vscode-jsonrpc/node';
import {
  CodeLensRequest, type CodeLens,
  CodeActionRequest, ConfigurationRequest, DidChangeConfigurationNotification, DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
  HoverRequest, InitializedNotification, InitializeRequest, LogMessageNotification, PublishDiagnosticsNotification,
  RegistrationRequest, ShutdownRequest,
  type CodeAction, type Command, type Diagnostic, type FileChangeType, type Hover, type InitializeResult, type Position,
  type PublishDiagnosticsParams, type Range, type RegistrationParams, type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';
import {
  CHECK_WORKSPACE_METHOD, CHECK_WORKSPACE_PROGRESS, EXPLAIN_POD_SHUTDOWN_METHOD,
  type CheckWorkspaceProgress, type CheckWorkspaceResult, type ExplainPodShutdownParams, type ExplainPodShutdownResult,
} from '../../server/src/lsp/protocol';

/** The repository root, from out/test/protocol. */
const repoRoot = path.resolve(__dirname, '..', '..', '..');
const bundledCli = path.join(repoRoot, 'dist', 'cli.js');

/** How long a test waits for the server's answer before failing, far above a normal analysis. */
const RESPONSE_TIMEOUT_MS = 5000;

export interface ClientOptions {
  /** The workspace folder, on disk. */
  workspace: string;
  initializationOptions?: Record<string, unknown>;
  /**
   * The `kubeGraceful` settings section, answered to workspace/configuration. When given, the
   * client declares that it can be asked (as VS Code does); otherwise it cannot (as a bare Neovim).
   */
  configuration?: Record<string, unknown>;
  /** Declares that the client applies WorkspaceEdits with documentChanges and file creation (VS Code does). */
  createsFiles?: boolean;
}

type Waiter = { accepts: (params: PublishDiagnosticsParams) => boolean; resolve: (params: PublishDiagnosticsParams) => void };

/**
 * A minimal LSP client over stdio for one `kube-graceful lsp --stdio` process, as an editor
 * drives it: `start` does the handshake, `stop` the shutdown and exit.
 */
export class LspClient {
  /** What the server logged to the client (window/logMessage): errors it survived end up here. */
  readonly logs: string[] = [];
  private readonly registrations: RegistrationParams[] = [];
  /** Tests change it, then call `configurationChanged`. */
  configuration: Record<string, unknown> | undefined;
  private initializeResultValue: InitializeResult | undefined;
  private readonly waiters = new Set<Waiter>();
  private readonly versions = new Map<string, number>();
  private stderr = '';
  private stopping: Promise<number | null> | undefined;

  private constructor(private readonly child: ChildProcess, private readonly connection: MessageConnection) {
    child.stderr?.on('data', (chunk: Buffer) => { this.stderr += chunk.toString(); });
    connection.onNotification(PublishDiagnosticsNotification.type, (params) => this.received(params));
    connection.onNotification(LogMessageNotification.type, (params) => {
      this.logs.push(params.message);
    });
    connection.onRequest(ConfigurationRequest.type, (params) =>
      params.items.map((item) => (item.section === 'kubeGraceful' ? this.configuration ?? null : null)));
    connection.onRequest(RegistrationRequest.type, (params) => {
      this.registrations.push(params);
    });
    connection.listen();
  }

  static async start(options: ClientOptions): Promise<LspClient> {
    if (!fs.existsSync(bundledCli)) throw new Error(`${bundledCli} is missing: run "npm run build" first`);
    const child = spawn(process.execPath, [bundledCli, 'lsp', '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new LspClient(child, createMessageConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!)));
    client.configuration = options.configuration;
    await client.initialize(options);
    return client;
  }

  /** The register options of each dynamic registration for `method` received so far. */
  registered(method: string): unknown[] {
    return this.registrations.flatMap((params) => params.registrations).filter((registration) => registration.method === method)
      .map((registration) => registration.registerOptions);
  }

  get initializeResult(): InitializeResult {
    if (!this.initializeResultValue) throw new Error('not initialized');
    return this.initializeResultValue;
  }

  private async initialize(options: ClientOptions): Promise<void> {
    const folderUri = pathToFileURL(options.workspace).href;
    this.initializeResultValue = await this.request('initialize', this.connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: folderUri,
      workspaceFolders: [{ uri: folderUri, name: path.basename(options.workspace) }],
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          configuration: options.configuration !== undefined,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          ...(options.createsFiles ? { workspaceEdit: { documentChanges: true, resourceOperations: ['create' as const] } } : {}),
        },
        textDocument: {
          codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, codeDescriptionSupport: true, dataSupport: true },
        },
      },
    }));
    await this.connection.sendNotification(InitializedNotification.type, {});
  }

  /** Opens a document and resolves with the diagnostics published for that first version. */
  async open(uri: string, languageId: string, text: string): Promise<Diagnostic[]> {
    this.versions.set(uri, 1);
    const published = this.nextDiagnostics(uri, 1);
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } });
    return published;
  }

  /** Replaces the whole text (legal under incremental sync too) and resolves with the new version's diagnostics. */
  change(uri: string, text: string): Promise<{ version: number; diagnostics: Diagnostic[] }> {
    return this.sendChange(uri, { text });
  }

  /** An incremental change, as editors send keystrokes: `text` replaces `range`. */
  edit(uri: string, range: Range, text: string): Promise<{ version: number; diagnostics: Diagnostic[] }> {
    return this.sendChange(uri, { range, text });
  }

  /** Closes a document and resolves once the server has cleared its diagnostics. */
  async close(uri: string): Promise<Diagnostic[]> {
    this.versions.delete(uri);
    const published = this.nextDiagnostics(uri);
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    return published;
  }

  async fileChanged(uri: string, type: FileChangeType): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri, type }] });
  }

  async configurationChanged(): Promise<void> {
    await this.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { kubeGraceful: this.configuration } });
  }

  /**
   * The next diagnostics published for `uri` (for `version`, when given). Call it before the
   * action that causes them, so they cannot arrive unobserved.
   */
  nextDiagnostics(uri: string, version?: number): Promise<Diagnostic[]> {
    const accepts = (params: PublishDiagnosticsParams) => params.uri === uri && (version === undefined || params.version === version);
    return withTimeout(`diagnostics for ${uri}${version === undefined ? '' : ` version ${version}`}`, new Promise<Diagnostic[]>((resolve) => {
      this.waiters.add({ accepts, resolve: (params) => resolve(params.diagnostics) });
    }), () => this.debugOutput());
  }

  hover(uri: string, position: Position): Promise<Hover | null> {
    return this.request('hover', this.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position }));
  }

  codeActions(uri: string, range: Range, diagnostics: Diagnostic[], only?: string[]): Promise<(Command | CodeAction)[] | null> {
    return this.request('codeAction', this.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range, context: { diagnostics, only } }));
  }

  codeLenses(uri: string): Promise<CodeLens[]> {
    return this.request('codeLens', this.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } })).then((lenses) => lenses ?? []);
  }

  /** "Check Workspace"; `progress` collects the server's progress notifications; `cancel` cancels the request at its first one. */
  checkWorkspace(progress: CheckWorkspaceProgress[] = [], cancel = false): Promise<CheckWorkspaceResult> {
    const source = new CancellationTokenSource();
    const listener = this.connection.onNotification(CHECK_WORKSPACE_PROGRESS, (params: CheckWorkspaceProgress) => {
      progress.push(params);
      if (cancel) source.cancel();
    });
    const response = this.connection.sendRequest<CheckWorkspaceResult>(CHECK_WORKSPACE_METHOD, {}, source.token);
    return this.request('checkWorkspace', response).finally(() => listener.dispose());
  }

  explain(params: ExplainPodShutdownParams): Promise<ExplainPodShutdownResult> {
    return this.request('explainPodShutdown', this.connection.sendRequest<ExplainPodShutdownResult>(EXPLAIN_POD_SHUTDOWN_METHOD, params));
  }

  /** Sends any notification as given, for tests of clients that misbehave (wrong versions, unknown documents). */
  notify(method: string, params: unknown): Promise<void> {
    return this.connection.sendNotification(method, params);
  }

  /** Sends any request as given; `token` lets a test cancel it. */
  send<T>(method: string, params: unknown, token?: CancellationToken): Promise<T> {
    return this.request(method, this.connection.sendRequest<T>(method, params, token));
  }

  /** shutdown, then exit; resolves with the exit code once the process has ended. Idempotent, for `after` hooks. */
  stop(): Promise<number | null> {
    this.stopping ??= this.shutdownAndExit();
    return this.stopping;
  }

  private async shutdownAndExit(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => {
      if (this.child.exitCode !== null) resolve(this.child.exitCode);
      else this.child.once('exit', (code) => resolve(code));
    });
    try {
      await this.request('shutdown', this.connection.sendRequest(ShutdownRequest.type));
      await this.connection.sendNotification(ExitNotification.type);
      return await withTimeout('exit', exited, () => this.debugOutput());
    } finally {
      this.connection.dispose();
      if (this.child.exitCode === null) this.child.kill();
    }
  }

  private async sendChange(uri: string, change: TextDocumentContentChangeEvent): Promise<{ version: number; diagnostics: Diagnostic[] }> {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    const published = this.nextDiagnostics(uri, version);
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [change] });
    return { version, diagnostics: await published };
  }

  private request<T>(name: string, response: Promise<T>): Promise<T> {
    return withTimeout(name, response, () => this.debugOutput());
  }

  private received(params: PublishDiagnosticsParams): void {
    for (const waiter of this.waiters) {
      if (!waiter.accepts(params)) continue;
      this.waiters.delete(waiter);
      waiter.resolve(params);
    }
  }

  private debugOutput(): string {
    return [`server log:\n${this.logs.join('\n')}`, `server stderr:\n${this.stderr}`].join('\n');
  }
}

function withTimeout<T>(what: string, promise: Promise<T>, details: () => string = () => ''): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no ${what} within ${RESPONSE_TIMEOUT_MS} ms\n${details()}`)), RESPONSE_TIMEOUT_MS);
    promise.then((value) => {
      clearTimeout(timer);
      resolve(value);
    }, (error: unknown) => {
      clearTimeout(timer);
      reject(error instanceof Error ? error : new Error(String(error)));
    });
  });
}

/** A fresh workspace folder with the given files (relative path → content). */
export function workspaceWith(files: Record<string, string> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'kube-graceful-lsp-'));
  for (const [name, content] of Object.entries(files)) writeFile(root, name, content);
  return root;
}

export function writeFile(root: string, name: string, content: string): void {
  const full = path.join(root, name);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, content);
}

export function removeWorkspace(root: string): void {
  fs.rmSync(root, { recursive: true, force: true });
}

export function fileUri(root: string, name: string): string {
  return pathToFileURL(path.join(root, name)).href;
}

/** The position of the first occurrence of `needle` in `text` (plus `offset` characters). */
export function positionOf(text: string, needle: string, offset = 0): Position {
  const index = text.indexOf(needle);
  if (index < 0) throw new Error(`"${needle}" is not in the text`);
  const before = text.slice(0, index + offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
}

export function isCodeAction(action: Command | CodeAction): action is CodeAction {
  return typeof (action as CodeAction).kind === 'string' || (action as CodeAction).edit !== undefined;
}

/** LSP 3.18 lets a diagnostic message be Markdown; ours are plain strings. */
export function messageText(diagnostic: Diagnostic): string {
  return typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value;
}
