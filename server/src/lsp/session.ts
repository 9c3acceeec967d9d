import {
  CodeActionKind, DidChangeConfigurationNotification, DidChangeWatchedFilesNotification, MarkupKind,
  type CancellationToken, type CodeAction, type CodeActionParams, type CodeLens, type CodeLensParams, type Connection, type DidChangeConfigurationParams,
  type DidChangeWatchedFilesParams, type Hover, type HoverParams, type InitializeParams, type TextDocuments,
} from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { Analyzer, rowTime, timelineMarkdown, timelineRows, timelineSvg, type PodTimeline } from '../service';
import { FIX_ALL_KIND, fixAllAction, isOurs, quickFixes, wants } from './code-actions';
import { describeError, type Log } from './guard';
import { OpenDocuments } from './open-documents';
import {
  CHECK_WORKSPACE_PROGRESS, EXPLAIN_COMMAND, isExplainPodShutdownParams, type CheckWorkspaceProgress, type CheckWorkspaceResult,
  type ExplainPodShutdownResult,
} from './protocol';
import { debounceMs, SETTINGS_SECTION, SettingsSource } from './settings';
import { fileKey } from './uris';
import { Validator } from './validation';
import { WorkspaceFolders } from './workspace-scan';

/**
 * Names of the files we read, for the editor's file watcher. A script recognised only by its
 * shebang is not among them: it is re-read when opened and closed, not on every disk change.
 */
const WATCHED_GLOBS = [
  '**/*.{yaml,yml}', '**/*{Dockerfile,Containerfile,dockerfile,containerfile}*', '**/*.{sh,bash,ash,dash,ksh}',
  // Spring Boot properties and php-fpm / pool configuration: they set the drain times of the containers.
  '**/*.{properties,conf}',
  // supervisord programs, and the JVM build files that tell an app's Spring Boot version.
  '**/*.ini', '**/pom.xml', '**/*.{gradle,gradle.kts}', '**/*.versions.toml',
  // JSON manifests, and kustomize's extension-less file that says which manifests are patches.
  '**/*.json', '**/Kustomization',
];

/** One editor session, from `initialize` on: what each handler does, over one analyzer. */
export class Session {
  private readonly analyzer: Analyzer;
  private readonly open: OpenDocuments;
  private readonly validator: Validator;
  private readonly settings: SettingsSource;
  private readonly folders: WorkspaceFolders;
  private markReady: () => void = () => undefined;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly params: InitializeParams,
    /** The shell grammar loading, started before the handshake. */
    private readonly runtime: Promise<void>,
    private readonly log: Log,
  ) {
    this.analyzer = new Analyzer({ settingsLabel: 'setting `kubeGraceful.rules`', onRuleError: (ruleId, uri, error) => log(`rule ${ruleId} failed on ${uri}: ${describeError(error)}`) });
    this.open = new OpenDocuments(documents);
    const ready = new Promise<void>((resolve) => {
      this.markReady = resolve;
    });
    this.validator = new Validator(connection, this.analyzer, this.open, ready, debounceMs(params.initializationOptions), log);
    this.settings = new SettingsSource(connection, params, log);
    this.folders = WorkspaceFolders.of(params);
  }

  /**
   * Loads what every analysis needs: the grammar, the settings and the files of the workspace
   * folders. Documents opened meanwhile wait for it; their validation then puts the editor's text
   * back over the disk's copy the scan read.
   */
  async initialized(): Promise<void> {
    try {
      await this.runtime;
      this.analyzer.updateSettings(await this.settings.read());
      await this.registerForChanges();
      for (const error of this.folders.scan(this.analyzer)) this.log(`could not read ${error.path}: ${error.message}`);
    } finally {
      this.markReady();
    }
  }

  opened(document: TextDocument): void {
    this.open.opened(document);
  }

  /** Fired for the opening text too. */
  changed(document: TextDocument): void {
    this.validator.schedule(fileKey(document.uri));
  }

  /** The disk's copy (possibly without the unsaved edits) is what other files see from now on. */
  async closed(document: TextDocument): Promise<void> {
    const key = this.open.closed(document);
    this.validator.forget(key, document.uri);
    await this.validator.updateFile(key, () => this.folders.reload(this.analyzer, key));
  }

  async watchedFilesChanged(params: DidChangeWatchedFilesParams): Promise<void> {
    for (const { uri } of params.changes) {
      const key = fileKey(uri);
      // While a document is open the editor's text is the file; the disk catches up on close.
      if (this.open.byKey(key)) continue;
      await this.validator.updateFile(key, () => this.folders.reload(this.analyzer, key));
    }
  }

  async configurationChanged(params: DidChangeConfigurationParams): Promise<void> {
    this.analyzer.updateSettings(await this.settings.read(params));
    this.validator.scheduleAll();
  }

  async hover(params: HoverParams): Promise<Hover | null> {
    const key = await this.analysedKey(params.textDocument.uri);
    const markdown = key === undefined ? undefined : this.analyzer.hover(key, params.position);
    return markdown ? { contents: { kind: MarkupKind.Markdown, value: markdown } } : null;
  }

  async explain(params: unknown): Promise<ExplainPodShutdownResult> {
    if (!isExplainPodShutdownParams(params)) return null;
    const key = await this.analysedKey(params.uri);
    const timeline = key === undefined ? undefined : this.analyzer.podTimeline(key, params.position);
    if (!timeline) return null;
    const clientUri = (uri: string) => this.open.clientUri(uri);
    return {
      title: timeline.title.replace(/`/g, ''),
      markdown: timelineMarkdown(timeline),
      svg: timelineSvg(mapLocations(timeline, clientUri), { nonce: params.nonce }),
      rows: timelineRows(timeline).map((row) => ({
        time: rowTime(row), lane: row.lane, text: row.text, danger: row.danger,
        location: row.location && { uri: clientUri(row.location.uri), range: row.location.range },
      })),
    };
  }

  async checkWorkspace(token: CancellationToken): Promise<CheckWorkspaceResult> {
    return this.validator.checkAll(() => token.isCancellationRequested, (done, total) => {
      void this.connection.sendNotification(CHECK_WORKSPACE_PROGRESS, { done, total } satisfies CheckWorkspaceProgress);
    });
  }

  /** A lens above each workload that opens its shutdown timeline. */
  async codeLenses(params: CodeLensParams): Promise<CodeLens[]> {
    const key = await this.analysedKey(params.textDocument.uri);
    if (key === undefined) return [];
    return this.analyzer.workloadPositions(key).map(({ range }) => ({
      range,
      command: { title: 'Explain pod shutdown', command: EXPLAIN_COMMAND, arguments: [params.textDocument.uri, range.start] },
    }));
  }

  async codeActions(params: CodeActionParams): Promise<CodeAction[]> {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return [];
    const { only, diagnostics } = params.context;
    const clientUri = (key: string) => this.open.clientUri(key);
    const actions: CodeAction[] = [];
    // Fixes come from the analysis of the text as it is now, made at once if an edit awaits it.
    if (wants(only, CodeActionKind.QuickFix) && diagnostics.some(isOurs)) {
      actions.push(...quickFixes(diagnostics, await this.validator.current(document), clientUri, this.canCreateFiles()));
    }
    if (wants(only, FIX_ALL_KIND)) {
      // Run on save right after typing: the pending analysis is made now rather than answering nothing.
      const result = await this.validator.current(document);
      const fixAll = result && fixAllAction(result, clientUri);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  }

  /** Whether the editor applies WorkspaceEdits that create files (a new entry script). */
  private canCreateFiles(): boolean {
    const workspaceEdit = this.params.capabilities.workspace?.workspaceEdit;
    return workspaceEdit?.documentChanges === true && (workspaceEdit.resourceOperations ?? []).includes('create');
  }

  shutdown(): void {
    this.validator.dispose();
  }

  /** The analyzer key of an open document once the analyzer holds its current text. */
  private async analysedKey(uri: string): Promise<string | undefined> {
    const document = this.documents.get(uri);
    return document && (await this.validator.current(document)) ? fileKey(document.uri) : undefined;
  }

  /**
   * Asks the editor for the notifications it sends only on request: changes to files on disk,
   * and (vscode-languageclient without `synchronize.configurationSection`) to our settings.
   */
  private async registerForChanges(): Promise<void> {
    const workspace = this.params.capabilities.workspace;
    if (workspace?.didChangeWatchedFiles?.dynamicRegistration) {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern })) });
    }
    if (workspace?.didChangeConfiguration?.dynamicRegistration) {
      await this.connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
    }
  }
}

/** The timeline with its locations in the editor's spelling of the uris, for the view's links. */
function mapLocations(timeline: PodTimeline, clientUri: (key: string) => string): PodTimeline {
  return JSON.parse(JSON.stringify(timeline), (key, value) => (key === 'uri' && typeof value === 'string' ? clientUri(value) : value));
}
